//! `--target`: the `api-missing` pass through the command line (check,
//! JSON report, notebooks, SAFETY mode, trees, standard input).

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Output, Stdio};

mod common;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        Scratch(common::scratch_dir(&format!("target-{name}")))
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.0.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.0.join(rel)).unwrap()
    }
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = common::bin()
            .args(args)
            .current_dir(&self.0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        if let Some(t) = stdin {
            pipe.write_all(t.as_bytes()).unwrap();
        }
        drop(pipe);
        child.wait_with_output().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Entries of a JSON report: (line, rule, message).
fn entries(json: &str) -> Vec<(u64, String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["rule"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Lines of the entries of references that will not resolve (`api-missing`,
/// or `needs-tf-keras` for what only tf-keras provides).
fn api_lines(json: &str) -> Vec<u64> {
    entries(json)
        .into_iter()
        .filter(|e| e.1 == "api-missing" || e.1 == "needs-tf-keras")
        .map(|e| e.0)
        .collect()
}

/// References no rewrite can mend (tf-slim has no `no_such_thing`, the
/// Keras 3 layer takes no `reuse`).
const SRC: &str = "import tensorflow as tf\nfrom tensorflow.contrib.slim import no_such_thing\nx = tf.zeros([1])\ny = tf.estimator.Estimator\nz = tf.compat.v1.layers.dense(x, 1, reuse=True)\n";

#[test]
fn unknown_target_is_a_usage_error_listing_the_known_ones() {
    let s = Scratch::new("unknown");
    s.write("a.py", SRC);
    let o = s.run(
        &["--infile", "a.py", "--outfile", "b.py", "--target", "2.0"],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("2.21, 2.21-legacy-keras"), "{}", err(&o));
}

#[test]
fn json_report_carries_api_missing_entries_with_advice() {
    let s = Scratch::new("json");
    s.write("a.py", SRC);
    let args = [
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--report-format",
        "json",
        "--reportfile",
        "r.json",
    ];
    let o = s.run(&[&args[..], &["--target", "2.21"]].concat(), None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(api_lines(&s.read("r.json")), vec![2, 4, 5]);
    let all = entries(&s.read("r.json"));
    let msg = |line| {
        all.iter()
            .find(|e| e.0 == line && (e.1 == "api-missing" || e.1 == "needs-tf-keras"))
            .unwrap()
            .2
            .clone()
    };
    assert!(msg(2).contains("tf-slim"), "{}", msg(2));
    assert!(msg(4).contains("2.16"), "{}", msg(4));
    assert!(msg(5).contains("--target 2.21-legacy-keras"), "{}", msg(5));
    assert!(all.iter().any(|e| e.0 == 5 && e.1 == "needs-tf-keras"));
    // The summary counts them by kind of advice.
    assert!(
        out(&o).contains("Found 3 references that will not resolve in the target (api-missing, needs-tf-keras): "),
        "{}",
        out(&o)
    );
    // tf-keras provides tf.compat.v1.layers.
    let o = s.run(
        &[&args[..], &["--target", "2.21-legacy-keras"]].concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(api_lines(&s.read("r.json")), vec![2, 4]);
    // Without a target: no entry, no summary line, same output.
    let plain = s.run(&args, None);
    assert!(api_lines(&s.read("r.json")).is_empty());
    assert!(!out(&plain).contains("api-missing"));
}

#[test]
fn check_fails_on_api_missing() {
    let s = Scratch::new("check");
    s.write(
        "clean.py",
        "import tensorflow as tf\nx = tf.zeros([1])\ny = tf.estimator.Estimator\n",
    );
    let o = s.run(&["--check", "clean.py"], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let o = s.run(&["--check", "--target", "2.21", "clean.py"], None);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains("clean.py:3:4: ERROR: `tf.estimator.Estimator` will not resolve"),
        "{}",
        out(&o)
    );
    // --fail-on error too, and --diff shows nothing (nothing changes).
    let o = s.run(
        &[
            "--diff",
            "--fail-on",
            "error",
            "--target",
            "2.21",
            "clean.py",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o), "");
}

#[test]
fn stdin_to_stdout_with_a_target() {
    let s = Scratch::new("stdin");
    let o = s.run(
        &["--infile", "-", "--outfile", "-", "--target", "2.21"],
        Some(SRC),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).starts_with("import tensorflow as tf\n"));
    assert!(err(&o).contains("api-missing"), "{}", err(&o));
}

#[test]
fn safety_mode_checks_the_compat_v1_import() {
    let s = Scratch::new("safety");
    s.write(
        "a.py",
        "import tensorflow as tf\nx = tf.layers.dense\ny = tf.contrib.rnn\n",
    );
    let args = [
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--mode",
        "SAFETY",
        "--report-format",
        "json",
        "--reportfile",
        "r.json",
        "--target",
    ];
    let o = s.run(&[&args[..], &["2.21"]].concat(), None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(s
        .read("b.py")
        .starts_with("import tensorflow.compat.v1 as tf\n"));
    // `tf` is tensorflow.compat.v1: its `layers` needs tf-keras.
    assert_eq!(api_lines(&s.read("r.json")), vec![2, 3]);
    s.run(&[&args[..], &["2.21-legacy-keras"]].concat(), None);
    assert_eq!(api_lines(&s.read("r.json")), vec![3]);
}

#[test]
fn tree_assignments_define_names_for_every_file() {
    let s = Scratch::new("tree");
    s.write(
        "in/keys.py",
        "import tensorflow as tf\ntf.GraphKeys.MINE = 'mine'\n",
    );
    s.write("in/use.py", "import tensorflow as tf\na = tf.get_collection(tf.GraphKeys.MINE)\nb = tf.get_collection(tf.GraphKeys.THEIRS)\n");
    let o = s.run(
        &[
            "--intree",
            "in",
            "--outtree",
            "out",
            "--report-format",
            "json",
            "--reportfile",
            "r.json",
            "--target",
            "2.21",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(s.read("out/use.py").contains("tf.compat.v1.GraphKeys.MINE"));
    let report = s.read("r.json");
    let api: Vec<(u64, String)> = entries(&report)
        .into_iter()
        .filter(|e| e.1 == "api-missing")
        .map(|e| (e.0, e.2))
        .collect();
    assert_eq!(api.len(), 1, "{api:?}");
    assert_eq!(api[0].0, 3);
    assert!(
        api[0].1.contains("tf.compat.v1.GraphKeys.THEIRS"),
        "{api:?}"
    );
}

#[test]
fn notebooks_are_checked_as_one_program() {
    let s = Scratch::new("nb");
    let nb = r#"{
 "cells": [
  {"cell_type": "code", "metadata": {}, "source": ["import tensorflow as tf\n"], "outputs": [], "execution_count": null},
  {"cell_type": "markdown", "metadata": {}, "source": ["text"]},
  {"cell_type": "code", "metadata": {}, "source": ["x = tf.zeros([1])\n", "y = tf.estimator.Estimator\n"], "outputs": [], "execution_count": null}
 ],
 "metadata": {"language_info": {"name": "python"}},
 "nbformat": 4,
 "nbformat_minor": 4
}
"#;
    s.write("a.ipynb", nb);
    let o = s.run(
        &[
            "--infile",
            "a.ipynb",
            "--outfile",
            "b.ipynb",
            "--report-format",
            "json",
            "--reportfile",
            "r.json",
            "--target",
            "2.21",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let api: Vec<_> = entries(&s.read("r.json"))
        .into_iter()
        .filter(|e| e.1 == "api-missing")
        .collect();
    assert_eq!(api.len(), 1, "{api:?}");
    assert!(api[0].2.starts_with("cell 3, line 2:"), "{api:?}");
}

#[test]
fn inplace_tree_with_a_target() {
    let s = Scratch::new("inplace");
    s.write(
        "t/a.py",
        "import tensorflow as tf\nx = tf.gfile.Exists('a')\ny = tf.estimator.Estimator\n",
    );
    let o = s.run(
        &[
            "--intree",
            "t",
            "--inplace",
            "--report-format",
            "json",
            "--reportfile",
            "r.json",
            "--target",
            "2.21",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(s.read("t/a.py").contains("tf.io.gfile.exists"));
    assert_eq!(api_lines(&s.read("r.json")), vec![3]);
}

/// A TF 1 program every rewrite of the target mode touches.
const TF1: &str = "import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n\nx = tf.placeholder(tf.float32, [None, 3])\nh = slim.fully_connected(x, 4)\ny = tf.layers.dense(h, 2)\ntf.summary.scalar(\"y\", tf.reduce_mean(y))\nwith tf.Session() as s:\n    pass\n";

#[test]
fn rewrites_are_info_entries_and_replace_the_module_deprecation() {
    let s = Scratch::new("rewrites");
    s.write(
        "a.py",
        "import tensorflow as tf\nflags = tf.flags\nx = tf.contrib.slim.arg_scope\n",
    );
    let args = [
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--report-format",
        "json",
        "--reportfile",
        "r.json",
    ];
    // Without a target: the reference's module deprecations (ERROR).
    let o = s.run(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let rules: Vec<String> = entries(&s.read("r.json"))
        .into_iter()
        .map(|e| e.1)
        .collect();
    assert_eq!(rules, vec!["module-deprecation", "module-deprecation"]);
    // With one: the rewrites' INFO entries instead, and code that resolves.
    let o = s.run(&[&args[..], &["--target", "2.21"]].concat(), None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        s.read("b.py"),
        "import tensorflow as tf\nimport tf_slim\nflags = tf.compat.v1.flags\nx = tf_slim.arg_scope\n"
    );
    let got: Vec<(u64, String)> = entries(&s.read("r.json"))
        .into_iter()
        .map(|e| (e.0, e.1))
        .collect();
    let want: Vec<(u64, String)> = [(1, "tf-slim"), (2, "target-rename"), (3, "tf-slim")]
        .iter()
        .map(|(l, r)| (*l, r.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn requirements_close_the_report() {
    let s = Scratch::new("needs");
    s.write("in/a.py", TF1);
    s.write("in/b.py", "import tensorflow as tf\nx = tf.zeros([1])\n");
    let tree = ["--intree", "in", "--reportfile", "r.txt"];
    let o = s.run(
        &[
            &tree[..],
            &["--outtree", "out", "--target", "2.21-legacy-keras"],
        ]
        .concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let report = s.read("r.txt");
    let tail = &report[report
        .rfind("To run the converted code")
        .expect("requirements")..];
    assert!(
        tail.contains("pip install \"tf-slim~=1.1.0\"    (1 file uses it)"),
        "{tail}"
    );
    assert!(
        tail.contains("pip install \"tf-keras~=2.21.0\", and run with TF_USE_LEGACY_KERAS=1"),
        "{tail}"
    );
    assert!(
        out(&o).contains("pip install \"tf-slim~=1.1.0\""),
        "{}",
        out(&o)
    );
    let a = s.read("out/a.py");
    assert!(a.contains("tf.compat.v1.layers.dense(h, 2)"), "{a}");
    assert!(
        a.starts_with(
            "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\nimport tf_slim as slim\n"
        ),
        "{a}"
    );
    // Keras 3: the layer becomes a Keras layer object, no tf-keras needed.
    let o = s.run(
        &[
            &tree[..],
            &[
                "--outtree",
                "out2",
                "--target",
                "2.21",
                "--report-format",
                "json",
            ],
        ]
        .concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&s.read("r.txt")).unwrap();
    assert_eq!(
        v["requirements"],
        serde_json::json!([{"pip": "tf-slim", "version": "~=1.1.0", "env": "", "files": 1}])
    );
    assert!(s.read("out2/a.py").contains("tf.keras.layers.Dense(2)(h)"));
    // Without a target: no requirements.
    let o = s.run(&[&tree[..], &["--outtree", "out3"]].concat(), None);
    assert_eq!(o.status.code(), Some(0));
    assert!(!s.read("r.txt").contains("To run the converted code"));
}

#[test]
fn graph_mode_goes_into_the_import_cell_of_a_notebook() {
    let s = Scratch::new("nbgraph");
    let nb = r#"{"cells": [
  {"cell_type": "code", "metadata": {}, "source": ["import numpy as np\n", "import tensorflow as tf"], "outputs": [], "execution_count": null},
  {"cell_type": "code", "metadata": {}, "source": ["x = tf.placeholder(tf.float32)\n", "sess = tf.Session()"], "outputs": [], "execution_count": null}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 2}
"#;
    s.write("a.ipynb", nb);
    let o = s.run(
        &[
            "--infile",
            "a.ipynb",
            "--outfile",
            "b.ipynb",
            "--target",
            "2.21",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&s.read("b.ipynb")).unwrap();
    assert_eq!(
        v["cells"][0]["source"],
        serde_json::json!([
            "import numpy as np\n",
            "import tensorflow as tf\n",
            "tf.compat.v1.disable_v2_behavior()"
        ])
    );
    assert_eq!(
        v["cells"][1]["source"],
        serde_json::json!([
            "x = tf.compat.v1.placeholder(tf.float32)\n",
            "sess = tf.compat.v1.Session()"
        ])
    );
}

/// What to do about a whole kind of unresolved reference is said once per
/// run, in the summary and the JSON report, for the kinds that have it.
#[test]
fn kinds_of_advice_are_summarized_once() {
    let s = Scratch::new("kinds");
    let src = "import tensorflow as tf\na = tf.estimator.Estimator(model_fn=f)\nb = tf.estimator.RunConfig()\nc = tf.layers.dense(x, 2, reuse=True)\n";
    s.write("a.py", src);
    s.write("b.py", src);
    let args = [
        "--intree",
        ".",
        "--check",
        "--reportfile",
        "r.json",
        "--report-format",
        "json",
    ];
    let o = s.run(&[&args[..], &["--target", "2.21"]].concat(), None);
    let text = out(&o);
    assert_eq!(text.matches("  estimator: ").count(), 1, "{text}");
    assert_eq!(text.matches("  legacy-keras: ").count(), 1, "{text}");
    let json: serde_json::Value = serde_json::from_str(&s.read("r.json")).unwrap();
    let kinds: Vec<&str> = json["advice"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["estimator", "legacy-keras"]);
    // tf-keras has tf.compat.v1.layers: nothing to say about it there.
    let o = s.run(
        &[&args[..], &["--target", "2.21-legacy-keras"]].concat(),
        None,
    );
    assert!(!out(&o).contains("  legacy-keras: "), "{}", out(&o));
    assert!(out(&o).contains("  estimator: "), "{}", out(&o));
    // Without a target there is no advice at all.
    let o = s.run(&args, None);
    assert!(!out(&o).contains("  estimator: "));
    let json: serde_json::Value = serde_json::from_str(&s.read("r.json")).unwrap();
    assert!(json.get("advice").is_none());
}

/// In a tree, TF 1 behaviour is switched on where programs start (a
/// `__main__` block, a test module, a script running graph code at module
/// level) when some file of the tree uses graph constructs; library modules
/// get nothing. A tree without graph code gets no switch at all.
#[test]
fn graph_mode_goes_to_the_entry_points_of_a_tree() {
    let s = Scratch::new("entries");
    let lib = "import tensorflow as tf\n\ndef loss(x):\n    return tf.gradients(x, [x])\n";
    let test = "import tensorflow as tf\nimport lib\n\nclass LossTest(tf.test.TestCase):\n    def test_loss(self):\n        self.assertIsNotNone(lib.loss(tf.constant(1.0)))\n";
    let main = "import tensorflow as tf\nimport lib\n\nif __name__ == \"__main__\":\n    print(lib.loss(tf.constant(1.0)))\n";
    let script = "import tensorflow as tf\nprint(tf.zeros([1]))\n";
    let switch = "tf.compat.v1.disable_v2_behavior()";
    for (dir, with_graph) in [("graph", true), ("eager", false)] {
        let lib = if with_graph {
            lib.to_string()
        } else {
            lib.replace("tf.gradients(x, [x])", "tf.reduce_sum(x)")
        };
        s.write(&format!("{dir}/lib.py"), &lib);
        s.write(&format!("{dir}/lib_test.py"), test);
        s.write(&format!("{dir}/main.py"), main);
        s.write(&format!("{dir}/script.py"), script);
    }
    for inplace in [false, true] {
        for (dir, with_graph) in [("graph", true), ("eager", false)] {
            let (tree, out) = if inplace {
                (format!("{dir}-in"), format!("{dir}-in"))
            } else {
                (dir.to_string(), format!("{dir}-out"))
            };
            if inplace {
                for f in ["lib.py", "lib_test.py", "main.py", "script.py"] {
                    s.write(&format!("{tree}/{f}"), &s.read(&format!("{dir}/{f}")));
                }
            }
            let mut args = vec!["--intree", &tree, "--reportfile", "r.json"];
            args.extend(["--report-format", "json", "--target", "2.21-legacy-keras"]);
            if inplace {
                args.push("--inplace");
            } else {
                args.extend(["--outtree", &out]);
            }
            let o = s.run(&args, None);
            assert_eq!(o.status.code(), Some(0), "{}", err(&o));
            let has = |f: &str| s.read(&format!("{out}/{f}")).contains(switch);
            // Entry points, when the tree needs it; never the library.
            assert_eq!(has("lib_test.py"), with_graph, "{out}");
            assert_eq!(has("main.py"), with_graph, "{out}");
            assert!(!has("lib.py"), "{out}");
            // A script whose module-level code is not graph code starts a
            // program only by being run: it is not known to be one.
            assert!(!has("script.py"), "{out}");
            let report = s.read("r.json");
            let graph: Vec<_> = entries(&report)
                .into_iter()
                .filter(|e| e.1 == "graph-mode")
                .collect();
            assert_eq!(graph.len(), if with_graph { 2 } else { 0 }, "{graph:?}");
            for e in &graph {
                assert_eq!(e.0, 1);
                assert!(e.2.contains("a program starts here"), "{e:?}");
            }
        }
    }
    // A file on its own is its own program: it gets the switch when it
    // uses graph constructs, entry point or not.
    let o = s.run(
        &[
            "--infile",
            "graph/lib.py",
            "--outfile",
            "lib1.py",
            "--target",
            "2.21",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(s.read("lib1.py").contains(switch));
}

/// A notebook's cells are one program for every spelling too: the import
/// of one cell moves to its home, and the calls of a later cell through
/// the names it binds get their argument rewrites; the markdown stays.
#[test]
fn notebooks_get_every_spelling() {
    let s = Scratch::new("nb-spellings");
    let nb = r#"{
 "cells": [
  {"cell_type": "code", "metadata": {}, "source": ["from tensorflow import gfile\n", "from tensorflow.nn import dropout\n"], "outputs": [], "execution_count": null},
  {"cell_type": "markdown", "metadata": {}, "source": ["from tensorflow import gfile"]},
  {"cell_type": "code", "metadata": {}, "source": ["gfile.Exists('x')\n", "y = dropout(x, keep_prob=0.5)\n"], "outputs": [], "execution_count": null}
 ],
 "metadata": {"language_info": {"name": "python"}},
 "nbformat": 4,
 "nbformat_minor": 4
}
"#;
    s.write("a.ipynb", nb);
    let o = s.run(
        &[
            "--infile",
            "a.ipynb",
            "--outfile",
            "b.ipynb",
            "--target",
            "2.21",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let out = s.read("b.ipynb");
    assert!(
        out.contains(r#""source": ["from tensorflow.compat.v1 import gfile\n", "from tensorflow.nn import dropout\n"]"#),
        "{out}"
    );
    assert!(
        out.contains(r#""source": ["from tensorflow import gfile"]"#),
        "{out}"
    );
    assert!(
        out.contains(r#""y = dropout(x, rate=1 - (0.5))\n""#),
        "{out}"
    );
}
