//! Target mode reports one finding per problem: where the check judges a
//! reference, its entry replaces the conversion's entries about the same
//! reference (kept in the JSON report's `supersedes`), and no line of a
//! target-mode report carries two ERROR entries about one reference.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

use common::Scratch;

/// Converts `input` (a file or a tree) with `flags`; the JSON report.
fn report(s: &Scratch, input: &str, flags: &[&str]) -> Value {
    let tree = s.path(input).is_dir();
    let (i, o) = if tree {
        ("--intree", "--outtree")
    } else {
        ("--infile", "--outfile")
    };
    let out = s.path("out");
    let _ = fs::remove_dir_all(&out);
    let _ = fs::remove_file(&out);
    let status = common::bin()
        .current_dir(&s.0)
        .args([i, input, o, "out", "--report-format", "json"])
        .args(["--reportfile", "r.json"])
        .args(flags)
        .output()
        .unwrap();
    assert!(status.status.success() || status.status.code() == Some(1));
    serde_json::from_str(&s.read("r.json")).unwrap()
}

fn entries(report: &Value) -> &Vec<Value> {
    report["entries"].as_array().unwrap()
}

/// (line, level, rule) of each entry on `line`.
fn on_line(report: &Value, line: u64) -> Vec<(String, String)> {
    entries(report)
        .iter()
        .filter(|e| e["line"] == line)
        .map(|e| {
            (
                e["level"].as_str().unwrap().to_string(),
                e["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const CONTRIB: &str = "import tensorflow as tf\nw = tf.contrib.summary.graph(param=g, step=s)\n";

#[test]
fn the_check_supersedes_the_conversions_entries_about_one_reference() {
    let s = Scratch::new("findings-supersede");
    s.write("a.py", CONTRIB);
    // The reference: a deprecation and a "no equivalent" entry.
    let plain = report(&s, "a.py", &[]);
    let rules: Vec<_> = on_line(&plain, 2).into_iter().map(|e| e.1).collect();
    assert!(
        rules.contains(&"module-deprecation".to_string()),
        "{rules:?}"
    );
    assert!(rules.contains(&"function-warning".to_string()), "{rules:?}");
    for target in ["2.21", "2.21-legacy-keras"] {
        let r = report(&s, "a.py", &["--target", target]);
        assert_eq!(
            on_line(&r, 2),
            vec![("ERROR".to_string(), "api-missing".to_string())],
            "{target}"
        );
        let e = entries(&r).iter().find(|e| e["line"] == 2).unwrap();
        let replaced: Vec<&str> = e["supersedes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["rule"].as_str().unwrap())
            .collect();
        assert_eq!(replaced, ["function-warning", "module-deprecation"]);
        let kept = &e["supersedes"][1];
        assert!(
            kept["message"]
                .as_str()
                .unwrap()
                .contains("deprecated module tf.contrib"),
            "{kept}"
        );
        // The summary counts the one finding.
        assert_eq!(r["issues"], 1, "{target}");
    }
}

#[test]
fn a_reference_the_tree_defines_gets_the_conversions_entries_back() {
    let s = Scratch::new("findings-tree");
    s.write(
        "in/defs.py",
        "import tensorflow as tf\ntf.contrib.mine = 1\n",
    );
    s.write(
        "in/use.py",
        "import tensorflow as tf\ny = tf.contrib.mine\n",
    );
    let r = report(&s, "in", &["--target", "2.21"]);
    let use_line: Vec<_> = entries(&r)
        .iter()
        .filter(|e| e["path"].as_str().unwrap().ends_with("use.py") && e["line"] == 2)
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert_eq!(use_line, ["module-deprecation"]);
}

#[test]
fn names_of_a_missing_module_are_one_finding() {
    let s = Scratch::new("findings-import");
    s.write(
        "a.py",
        "try:\n    from tensorflow.contrib.rnn.python.ops.core_rnn import static_rnn, static_bidirectional_rnn\nexcept ImportError:\n    pass\n",
    );
    let r = report(&s, "a.py", &["--target", "2.21"]);
    let line: Vec<_> = entries(&r).iter().filter(|e| e["line"] == 2).collect();
    assert_eq!(line.len(), 1, "{line:?}");
    assert!(line[0]["message"]
        .as_str()
        .unwrap()
        .contains("import static_rnn, static_bidirectional_rnn"));
}

/// The target-mode inputs of the repo: fixtures and examples.
fn inputs() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found: Vec<PathBuf> = fs::read_dir(repo.join("fixtures"))
        .unwrap()
        .map(|d| d.unwrap().path().join("input.py"))
        .filter(|p| p.exists())
        .collect();
    found.extend(
        fs::read_dir(repo.join("examples/tf1"))
            .unwrap()
            .map(|d| d.unwrap().path()),
    );
    found.sort();
    found
}

#[test]
fn no_line_carries_two_errors_about_one_reference() {
    let s = Scratch::new("findings-all");
    for (i, input) in inputs().iter().enumerate() {
        s.write(&format!("in/{i}.py"), &fs::read_to_string(input).unwrap());
    }
    s.write("in/contrib.py", CONTRIB);
    for target in ["2.21", "2.21-legacy-keras"] {
        let r = report(&s, "in", &["--target", target]);
        // ERROR entries by place (a reference starts at one place).
        let mut by_place: BTreeMap<(String, u64, u64), Vec<&Value>> = BTreeMap::new();
        for e in entries(&r).iter().filter(|e| e["level"] == "ERROR") {
            let key = (
                e["path"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["col"].as_u64().unwrap(),
            );
            by_place.entry(key).or_default().push(e);
        }
        let mut judged = 0;
        for (place, errors) in &by_place {
            let target_rules = ["api-missing", "needs-tf-keras"];
            let ours = errors
                .iter()
                .filter(|e| target_rules.contains(&e["rule"].as_str().unwrap()))
                .count();
            judged += ours;
            if ours > 0 {
                assert_eq!(ours, errors.len(), "{target} {place:?}: {errors:?}");
            }
            let mut messages: Vec<&str> = errors
                .iter()
                .map(|e| e["message"].as_str().unwrap())
                .collect();
            messages.sort();
            messages.dedup();
            assert_eq!(messages.len(), errors.len(), "{target} {place:?}");
        }
        assert!(
            judged > 5,
            "{target}: the inputs have unresolved references"
        );
    }
}
