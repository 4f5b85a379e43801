//! The command line, run as a process on temporary directories: every
//! reference flag and refusal (tree copies and an existing output tree are
//! in tests/tree.rs), and the options of this implementation
//! (--diff, --check, --report-format, --fail-on, stdin/stdout, --jobs,
//! --quiet, --rules, positional paths), the pre-commit hook, the README's
//! Quick start and docs/ci.md's CI jobs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

mod common;

use common::markdown::{repo_doc, section};

const TF1: &str = "import tensorflow as tf\n\nx = tf.gfile.Exists(\"a\")\n";
const TF1_CONVERTED: &str = "import tensorflow as tf\n\nx = tf.io.gfile.exists(\"a\")\n";
/// Converts nothing, one WARNING entry (a `*.save` method call).
const WARNS: &str = "import tensorflow as tf\n\nmodel.save(\"m.h5\")\n";
/// Converts nothing, one ERROR entry (tf.contrib).
const ERRS: &str = "import tensorflow as tf\n\ny = tf.contrib.layers.flatten(x)\n";
/// Nothing to say.
const CLEAN: &str = "import tensorflow as tf\n\nx = tf.io.gfile.exists(\"a\")\n";

/// A scratch directory under the system's temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        Scratch(common::scratch_dir(&format!("cli-{name}")))
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        p
    }
    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }
    /// Runs the binary in this directory.
    fn run(&self, args: &[&str]) -> Output {
        self.run_stdin(args, None)
    }
    fn run_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = common::bin();
        cmd.args(args)
            .current_dir(&self.0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut pipe = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).unwrap();
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

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_code(o: &Output, expected: i32) {
    assert_eq!(
        code(o),
        expected,
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

// ---------------------------------------------------------------------------
// Reference flags and refusals

#[test]
fn infile_outfile_converts_and_writes_the_report() {
    let s = Scratch::new("infile");
    s.write("a.py", TF1);
    let o = s.run(&["--infile", "a.py", "--outfile", "b.py"]);
    assert_code(&o, 0);
    assert_eq!(s.read("b.py"), TF1_CONVERTED);
    assert_eq!(s.read("a.py"), TF1, "input untouched");
    let report = s.read("report.txt");
    assert!(report.contains("Converted 1 files"));
    assert!(report.contains("Processing file 'a.py'\n outputting to 'b.py'"));
    assert!(report.contains("3:4: INFO: "));
    let out = stdout(&o);
    assert!(out.contains("Converted 1 files"));
    assert!(out.contains("Make sure to read the detailed log 'report.txt'"));
    assert!(
        !out.contains("Processing file"),
        "detailed log only with --print_all"
    );
}

#[test]
fn infile_needs_outfile_or_inplace() {
    let s = Scratch::new("infile-alone");
    s.write("a.py", TF1);
    let o = s.run(&["--infile", "a.py"]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--outfile=<output file> argument is required"));
    assert_eq!(s.read("a.py"), TF1);
    assert!(!s.exists("report.txt"));
}

#[test]
fn outfile_and_inplace_together_are_refused() {
    let s = Scratch::new("outfile-inplace");
    s.write("a.py", TF1);
    let o = s.run(&["--infile", "a.py", "--outfile", "b.py", "--inplace"]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--outfile argument is invalid when converting in place"));
    assert!(!s.exists("b.py"));
    assert_eq!(s.read("a.py"), TF1);
}

#[test]
fn inplace_rewrites_the_file() {
    let s = Scratch::new("inplace");
    s.write("a.py", TF1);
    let o = s.run(&["--infile", "a.py", "--inplace"]);
    assert_code(&o, 0);
    assert_eq!(s.read("a.py"), TF1_CONVERTED);
}

#[test]
fn intree_needs_outtree_or_inplace() {
    let s = Scratch::new("intree-alone");
    s.write("in/a.py", TF1);
    let o = s.run(&["--intree", "in"]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--outtree=<output directory> argument is required"));
    assert_eq!(s.read("in/a.py"), TF1);
}

#[test]
fn outtree_and_inplace_together_are_refused() {
    let s = Scratch::new("outtree-inplace");
    s.write("in/a.py", TF1);
    let o = s.run(&["--intree", "in", "--outtree", "out", "--inplace"]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--outtree argument is invalid when converting in place"));
    assert!(!s.exists("out"));
    assert_eq!(s.read("in/a.py"), TF1);
}

#[test]
fn tree_inplace_rewrites_every_file() {
    let s = Scratch::new("tree-inplace");
    s.write("in/a.py", TF1);
    s.write("in/sub/b.py", TF1);
    let o = s.run(&["--intree", "in", "--inplace"]);
    assert_code(&o, 0);
    assert_eq!(s.read("in/a.py"), TF1_CONVERTED);
    assert_eq!(s.read("in/sub/b.py"), TF1_CONVERTED);
}

#[test]
fn outtree_same_as_intree_is_refused() {
    let s = Scratch::new("outtree-same");
    s.write("in/a.py", TF1);
    let o = s.run(&["--intree", "in", "--outtree", "in"]);
    assert_code(&o, 1);
    assert_eq!(s.read("in/a.py"), TF1);
}

#[test]
fn missing_inputs_fail() {
    let s = Scratch::new("missing");
    let o = s.run(&["--infile", "nope.py", "--outfile", "b.py"]);
    assert_code(&o, 1);
    assert!(stderr(&o).contains("nope.py"));
    assert!(!s.exists("b.py"));
    let o = s.run(&["--intree", "nodir", "--outtree", "out"]);
    assert_code(&o, 1);
    assert!(stderr(&o).contains("nodir"));
    assert!(!s.exists("out"));
}

#[test]
fn no_input_prints_usage() {
    let s = Scratch::new("no-input");
    let o = s.run(&[]);
    assert_code(&o, 2);
    assert!(stdout(&o).contains("--infile"));
}

#[test]
fn print_all_prints_the_detailed_log() {
    let s = Scratch::new("print-all");
    s.write("a.py", TF1);
    let o = s.run(&["--infile", "a.py", "--outfile", "b.py", "--print_all"]);
    assert_code(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("Detailed log follows:"));
    assert!(out.contains("Processing file 'a.py'"));
    assert!(out.contains("3:4: INFO: "));
}

#[test]
fn reportfile_names_the_report() {
    let s = Scratch::new("reportfile");
    s.write("a.py", WARNS);
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--reportfile",
        "logs/r.txt",
    ]);
    // The report's directory is not created for it, as with the reference.
    assert_code(&o, 1);
    fs::create_dir(s.path("logs")).unwrap();
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--reportfile",
        "logs/r.txt",
    ]);
    assert_code(&o, 0);
    assert!(s.read("logs/r.txt").contains("a.py:3:0: WARNING: "));
    assert!(!s.exists("report.txt"));
    assert!(stdout(&o).contains("Make sure to read the detailed log 'logs/r.txt'"));
}

#[test]
fn mode_safety_is_accepted_and_bad_modes_are_not() {
    let s = Scratch::new("mode");
    s.write("a.py", TF1);
    let o = s.run(&["--infile", "a.py", "--outfile", "b.py", "--mode", "SAFETY"]);
    assert_code(&o, 0);
    assert!(s.exists("b.py"));
    let o = s.run(&["--infile", "a.py", "--outfile", "c.py", "--mode", "FAST"]);
    assert_code(&o, 2);
    assert!(!s.exists("c.py"));
}

#[test]
fn no_upgrade_compat_v1_import_keeps_compat_v1_code() {
    let s = Scratch::new("compat-v1");
    let src = "import tensorflow.compat.v1 as tf\n\nok = tf.gfile.Exists(\"a\")\n";
    s.write("a.py", src);
    let o = s.run(&["--infile", "a.py", "--outfile", "up.py"]);
    assert_code(&o, 0);
    assert_eq!(
        s.read("up.py"),
        "import tensorflow as tf\n\nok = tf.io.gfile.exists(\"a\")\n"
    );
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "kept.py",
        "--no_upgrade_compat_v1_import",
    ]);
    assert_code(&o, 0);
    assert_eq!(s.read("kept.py"), src);
}

#[test]
fn argparse_style_values_and_abbreviations() {
    let s = Scratch::new("abbrev");
    s.write("a.py", TF1);
    // --flag=value, unambiguous prefixes.
    let o = s.run(&["--inf=a.py", "--outf", "b.py", "--rep=r.txt"]);
    assert_code(&o, 0);
    assert_eq!(s.read("b.py"), TF1_CONVERTED);
    assert!(s.exists("r.txt"));
    // `--re` meant --reportfile for the reference and still does, although
    // --report-format and --rules also start with it.
    let o = s.run(&["--infile", "a.py", "--outfile", "c.py", "--re", "r2.txt"]);
    assert_code(&o, 0);
    assert!(s.exists("r2.txt"));
    // `--c` is --copyotherfiles (not --check).
    s.write("in/a.py", TF1);
    s.write("in/x.txt", "x");
    let o = s.run(&["--intr", "in", "--outt", "out", "--c", "False"]);
    assert_code(&o, 0);
    assert!(s.exists("out/a.py"));
    assert!(!s.exists("out/x.txt"));
    // Prefixes of our own flags work when unambiguous.
    let o = s.run(&["--infile", "a.py", "--report-f", "json", "--chec", "--qu"]);
    assert_code(&o, 1);
    // Ambiguous prefixes are refused, naming the candidates.
    let o = s.run(&["--no", "--infile", "a.py", "--outfile", "d.py"]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("--no_import_rename"));
    assert!(stderr(&o).contains("--no_upgrade_compat_v1_import"));
    assert!(!s.exists("d.py"));
    // Unknown flags are refused.
    let o = s.run(&["--bogus", "--infile", "a.py", "--outfile", "d.py"]);
    assert_code(&o, 2);
    assert!(!s.exists("d.py"));
}

// ---------------------------------------------------------------------------
// --diff and --check

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let s = Scratch::new("diff");
    s.write("a.py", TF1);
    s.write("clean.py", CLEAN);
    let o = s.run(&["--diff", "--infile", "a.py"]);
    assert_code(&o, 0);
    assert_eq!(
        stdout(&o),
        "--- a.py\n+++ a.py\n@@ -1,3 +1,3 @@\n import tensorflow as tf\n \n-x = tf.gfile.Exists(\"a\")\n+x = tf.io.gfile.exists(\"a\")\n"
    );
    assert_eq!(s.read("a.py"), TF1);
    assert!(!s.exists("report.txt"));
    // With an output file named, nothing is written either; the labels name
    // both files.
    let o = s.run(&["--diff", "--infile", "a.py", "--outfile", "b.py"]);
    assert_code(&o, 0);
    assert!(stdout(&o).starts_with("--- a.py\n+++ b.py\n"));
    assert!(!s.exists("b.py"));
    // Nothing to change: no diff.
    let o = s.run(&["--diff", "clean.py", "--quiet"]);
    assert_code(&o, 0);
    assert_eq!(stdout(&o), "");
    // An explicit report file is written.
    let o = s.run(&["--diff", "a.py", "--reportfile", "r.txt"]);
    assert_code(&o, 0);
    assert!(s.read("r.txt").contains("Processing file 'a.py'"));
}

#[test]
fn diff_of_a_tree() {
    let s = Scratch::new("diff-tree");
    s.write("in/b.py", TF1);
    s.write("in/a.py", TF1);
    s.write("in/c.py", CLEAN);
    let o = s.run(&["--diff", "--intree", "in", "--quiet"]);
    assert_code(&o, 0);
    let out = stdout(&o);
    let a = out.find("--- in/a.py").expect("a.py diff");
    let b = out.find("--- in/b.py").expect("b.py diff");
    assert!(a < b, "sorted by path");
    assert!(!out.contains("c.py"));
    assert_eq!(s.read("in/a.py"), TF1);
}

#[test]
fn check_lists_files_that_would_change_and_fails() {
    let s = Scratch::new("check");
    s.write("a.py", TF1);
    s.write("clean.py", CLEAN);
    s.write("warns.py", WARNS);
    s.write("errs.py", ERRS);
    let o = s.run(&["--check", "--infile", "a.py"]);
    assert_code(&o, 1);
    assert!(stdout(&o).contains("Would convert a.py\n"));
    assert_eq!(s.read("a.py"), TF1);
    assert!(!s.exists("report.txt"));

    let o = s.run(&["--check", "clean.py", "warns.py"]);
    assert_code(&o, 0);
    assert!(!stdout(&o).contains("Would convert"));

    // An ERROR entry fails the check even when nothing would change.
    let o = s.run(&["--check", "errs.py", "--quiet"]);
    assert_code(&o, 1);
    let out = stdout(&o);
    assert!(out.starts_with("errs.py:3:4: ERROR: "), "{out}");
    assert_eq!(out.lines().count(), 1);

    // Positional paths may mix files and directories.
    s.write("dir/x.py", TF1);
    s.write("dir/y.py", CLEAN);
    let o = s.run(&["--check", "--quiet", "clean.py", "dir"]);
    assert_code(&o, 1);
    assert_eq!(stdout(&o), "Would convert dir/x.py\n");
    assert_eq!(s.read("dir/x.py"), TF1);
}

#[test]
fn check_of_a_tree_needs_no_outtree() {
    let s = Scratch::new("check-tree");
    s.write("in/a.py", CLEAN);
    let o = s.run(&["--check", "--intree", "in"]);
    assert_code(&o, 0);
    s.write("in/sub/b.py", TF1);
    let o = s.run(&["--check", "--intree", "in", "--quiet"]);
    assert_code(&o, 1);
    assert_eq!(stdout(&o), "Would convert in/sub/b.py\n");
    assert_eq!(s.read("in/sub/b.py"), TF1);
}

#[test]
fn positional_paths_need_check_or_diff() {
    let s = Scratch::new("positional");
    s.write("a.py", TF1);
    let o = s.run(&["a.py"]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("only accepted with --check or --diff"));
    assert_eq!(s.read("a.py"), TF1);
}

// ---------------------------------------------------------------------------
// --report-format json

/// `(path, line, col, level, message)` of every entry of a text report's
/// detailed log.
fn text_entries(report: &str) -> Vec<(String, u64, u64, String, String)> {
    let mut out = Vec::new();
    let mut path = String::new();
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("Processing file '") {
            path = rest.trim_end_matches('\'').to_string();
            continue;
        }
        let mut parts = line.splitn(4, ':');
        let (Some(l), Some(c), Some(level), Some(msg)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(l), Ok(c)) = (l.parse(), c.parse()) else {
            continue;
        };
        out.push((
            path.clone(),
            l,
            c,
            level.trim().to_string(),
            msg.trim().to_string(),
        ));
    }
    out
}

#[test]
fn json_report_matches_the_text_report() {
    let s = Scratch::new("json");
    s.write("in/a.py", TF1);
    s.write("in/b.py", WARNS);
    s.write("in/c.py", ERRS);
    s.write("in/d.py", "def broken(:\n");
    s.write(
        "in/e.py",
        "import tensorflow as tf\n\ny = tf.nn.conv2d(x, w, [1, 1, 1, 1], \"SAME\", use_cudnn_on_gpu=True)\nz = tf.argmax(x, 1, None, \"n\")\n",
    );
    let o = s.run(&[
        "--intree",
        "in",
        "--outtree",
        "out1",
        "--reportfile",
        "r.txt",
    ]);
    assert_code(&o, 0);
    let o = s.run(&[
        "--intree",
        "in",
        "--outtree",
        "out2",
        "--reportfile",
        "r.json",
        "--report-format",
        "json",
    ]);
    assert_code(&o, 0);
    let text = s.read("r.txt");
    let json: serde_json::Value = serde_json::from_str(&s.read("r.json")).unwrap();

    assert_eq!(json["version"], 1);
    assert_eq!(json["files_converted"], 5);
    let issues = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("Detected ")?
                .strip_suffix(" issues that require attention")
        })
        .unwrap();
    assert_eq!(json["issues"].as_u64().unwrap().to_string(), issues);

    let files = json["files"].as_array().unwrap();
    let status: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f["input"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        vec![
            ("in/a.py", "changed"),
            ("in/b.py", "unchanged"),
            ("in/c.py", "unchanged"),
            ("in/d.py", "failed"),
            ("in/e.py", "changed"),
        ]
    );
    assert_eq!(files[0]["output"], "out2/a.py");

    // Same entries, same positions, same order as the text report (whose
    // paths name the first run's output, hence the comparison on input).
    let from_json: Vec<(String, u64, u64, String, String)> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["col"].as_u64().unwrap(),
                e["level"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let from_text = text_entries(&text);
    assert!(from_text.len() >= 8, "{text}");
    assert_eq!(from_json, from_text);

    // Every entry has a rule id from the documented list: docs/output.md's
    // JSON report lists every rule of the registry.
    let doc = section(&repo_doc("docs/output.md"), "## The JSON report");
    for e in json["entries"].as_array().unwrap() {
        let rule = e["rule"].as_str().unwrap();
        assert!(
            tf_upgrade_v2::registry::Rule::from_id(rule).is_some(),
            "rule id {rule} not in the registry"
        );
    }
    for rule in tf_upgrade_v2::registry::Rule::ALL {
        let id = rule.id();
        assert!(
            doc.contains(&format!("`{id}`")),
            "rule id {id} not documented in docs/output.md (The JSON report)"
        );
    }
    let rules: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    for expected in [
        "rename",
        "function-warning",
        "module-deprecation",
        "syntax-error",
        "argument-warning",
        "reorder",
    ] {
        assert!(rules.contains(&expected), "{expected} in {rules:?}");
    }
}

#[test]
fn bad_report_format_is_refused() {
    let s = Scratch::new("bad-format");
    s.write("a.py", TF1);
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--report-format",
        "xml",
    ]);
    assert_code(&o, 2);
    assert!(!s.exists("b.py"));
}

// ---------------------------------------------------------------------------
// --fail-on

#[test]
fn fail_on_sets_the_exit_status() {
    let s = Scratch::new("fail-on");
    s.write("warns.py", WARNS);
    s.write("errs.py", ERRS);
    s.write("info.py", TF1);
    let run = |file: &str, level: Option<&str>| {
        let mut args = vec!["--infile", file, "--outfile", "out.py"];
        if let Some(l) = level {
            args.extend(["--fail-on", l]);
        }
        code(&s.run(&args))
    };
    assert_eq!(
        run("errs.py", None),
        0,
        "never by default, like the reference"
    );
    assert_eq!(run("errs.py", Some("never")), 0);
    assert_eq!(run("errs.py", Some("error")), 1);
    assert_eq!(run("errs.py", Some("warning")), 1);
    assert_eq!(run("warns.py", Some("error")), 0);
    assert_eq!(run("warns.py", Some("warning")), 1);
    assert_eq!(run("info.py", Some("warning")), 0);
    assert_eq!(s.read("out.py"), TF1_CONVERTED);
    // The conversion is still written when the status is 1.
    assert_eq!(run("errs.py", Some("error")), 1);
    assert_eq!(s.read("out.py"), ERRS);
    let o = s.run(&[
        "--infile",
        "info.py",
        "--outfile",
        "o.py",
        "--fail-on",
        "info",
    ]);
    assert_code(&o, 2);
}

// ---------------------------------------------------------------------------
// Standard input and output

#[test]
fn stdin_to_stdout() {
    let s = Scratch::new("stdio");
    let o = s.run_stdin(&["--infile", "-", "--outfile", "-"], Some(TF1));
    assert_code(&o, 0);
    assert_eq!(stdout(&o), TF1_CONVERTED);
    assert!(stderr(&o).contains("Converted 1 files"));
    assert!(!s.exists("report.txt"), "no report file unless asked for");

    // Quiet: only the code; the report goes where asked.
    let o = s.run_stdin(
        &[
            "--infile",
            "-",
            "--outfile",
            "-",
            "--quiet",
            "--reportfile",
            "r.txt",
        ],
        Some(ERRS),
    );
    assert_code(&o, 0);
    assert_eq!(stdout(&o), ERRS);
    assert_eq!(stderr(&o), "");
    assert!(s.read("r.txt").contains("<stdin>:3:4: ERROR: "));
}

#[test]
fn stdin_to_file_and_file_to_stdout() {
    let s = Scratch::new("stdio2");
    let o = s.run_stdin(&["--infile", "-", "--outfile", "b.py"], Some(TF1));
    assert_code(&o, 0);
    assert_eq!(s.read("b.py"), TF1_CONVERTED);
    assert!(s.read("report.txt").contains("Processing file '<stdin>'"));

    s.write("a.py", TF1);
    let o = s.run(&["--infile", "a.py", "--outfile", "-"]);
    assert_code(&o, 0);
    assert_eq!(stdout(&o), TF1_CONVERTED);
    assert_eq!(s.read("a.py"), TF1);

    let o = s.run_stdin(&["--check", "--infile", "-"], Some(TF1));
    assert_code(&o, 1);
    assert!(stdout(&o).contains("Would convert <stdin>"));

    let o = s.run_stdin(&["--infile", "-", "--inplace"], Some(TF1));
    assert_code(&o, 2);
}

// ---------------------------------------------------------------------------
// --jobs, --quiet

#[test]
fn report_is_the_same_whatever_the_thread_count() {
    let s = Scratch::new("jobs");
    for i in 0..40 {
        let text = match i % 4 {
            0 => TF1,
            1 => WARNS,
            2 => ERRS,
            _ => CLEAN,
        };
        s.write(&format!("in/d{}/f{i:02}.py", i % 3), text);
    }
    let mut reports = Vec::new();
    for jobs in ["1", "4"] {
        let out = format!("out{jobs}");
        let o = s.run(&[
            "--intree",
            "in",
            "--outtree",
            &out,
            "--jobs",
            jobs,
            "--reportfile",
            &format!("r{jobs}.txt"),
        ]);
        assert_code(&o, 0);
        reports.push(s.read(&format!("r{jobs}.txt")).replace(&out, "OUT"));
    }
    assert_eq!(reports[0], reports[1]);
    assert!(reports[0].contains("Converted 40 files"));
    // Sorted by path.
    let order: Vec<&str> = reports[0]
        .lines()
        .filter_map(|l| l.strip_prefix("Processing file "))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(order.len(), 40);

    let o = s.run(&["--intree", "in", "--outtree", "o0", "--jobs", "0"]);
    assert_code(&o, 2);
    assert!(!s.exists("o0"));
}

#[test]
fn quiet_prints_nothing_but_still_reports() {
    let s = Scratch::new("quiet");
    s.write("a.py", ERRS);
    let o = s.run(&["--infile", "a.py", "--outfile", "b.py", "--quiet"]);
    assert_code(&o, 0);
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "");
    assert!(s.read("report.txt").contains("ERROR"));
    assert!(s.exists("b.py"));
}

// ---------------------------------------------------------------------------
// --rules

#[test]
fn user_rules_extend_and_override() {
    let s = Scratch::new("rules");
    s.write(
        "team.toml",
        "[renames]\n\"tf.team.old_op\" = \"tf.team.new_op\"\n\"tf.gfile.Exists\" = \"tf.team.exists\"\n",
    );
    s.write(
        "later.toml",
        "[renames]\n\"tf.team.old_op\" = \"tf.team.newer_op\"\n",
    );
    s.write(
        "a.py",
        "import tensorflow as tf\n\ntf.team.old_op(1)\ntf.gfile.Exists(\"a\")\n",
    );
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--rules",
        "team.toml",
    ]);
    assert_code(&o, 0);
    assert_eq!(
        s.read("b.py"),
        "import tensorflow as tf\n\ntf.team.new_op(1)\ntf.team.exists(\"a\")\n"
    );
    // Repeated: later files override earlier ones.
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "c.py",
        "--rules",
        "team.toml",
        "--rules=later.toml",
    ]);
    assert_code(&o, 0);
    assert!(s.read("c.py").contains("tf.team.newer_op(1)"));
    // Without --rules, the built-in rules only.
    let o = s.run(&["--infile", "a.py", "--outfile", "d.py"]);
    assert_code(&o, 0);
    assert!(s
        .read("d.py")
        .contains("tf.team.old_op(1)\ntf.io.gfile.exists"));
}

#[test]
fn bad_rules_files_are_clear_errors() {
    let s = Scratch::new("bad-rules");
    s.write("a.py", TF1);
    s.write(
        "syntax.toml",
        "[renames]\n\"tf.a\" = \"tf.b\"\n\"tf.c\" = \n",
    );
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--rules",
        "syntax.toml",
    ]);
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("syntax.toml"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(!s.exists("b.py"));

    s.write(
        "schema.toml",
        "[renames]\n\"tf.a\" = \"tf.b\"\n\n[renamez]\n\"x\" = \"y\"\n",
    );
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--rules",
        "schema.toml",
    ]);
    assert_code(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("schema.toml") && err.contains("line 4"),
        "{err}"
    );
    assert!(err.contains("renamez"), "{err}");

    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "b.py",
        "--rules",
        "none.toml",
    ]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("none.toml"));
    assert!(!s.exists("b.py"));
}

// ---------------------------------------------------------------------------
// --version (what `pip install` users check first)

#[test]
fn version_prints_the_cargo_version_and_does_nothing_else() {
    let s = Scratch::new("version");
    s.write("a.py", TF1);
    let want = format!("tf_upgrade_v2 {}\n", env!("CARGO_PKG_VERSION"));
    // `-V`, and `--vers` like any unambiguous argparse-style abbreviation.
    for flag in ["--version", "-V", "--vers"] {
        let o = s.run(&[flag]);
        assert_code(&o, 0);
        assert_eq!(stdout(&o), want, "{flag}");
        assert_eq!(stderr(&o), "", "{flag}");
    }
    // It wins over the other flags and converts nothing.
    let o = s.run(&["--infile", "a.py", "--outfile", "b.py", "--version"]);
    assert_code(&o, 0);
    assert_eq!(stdout(&o), want);
    assert!(!s.exists("b.py") && !s.exists("report.txt"));
    // pyproject.toml takes its version from Cargo.toml, not a copy of it.
    let pyproject = repo_file("pyproject.toml");
    assert!(pyproject.contains("dynamic = [\"version\"]"));
    assert!(!pyproject
        .lines()
        .any(|l| l.trim_start().starts_with("version")));
    assert!(pyproject.contains("bindings = \"bin\""));
}

// ---------------------------------------------------------------------------
// pre-commit hook, the README's Quick start, docs/ci.md's CI jobs

fn repo_file(name: &str) -> String {
    repo_doc(name)
}

/// The value of `key: value` lines of a simple YAML file (first hook).
fn yaml_value<'a>(yaml: &'a str, key: &str) -> &'a str {
    yaml.lines()
        .find_map(|l| {
            let l = l.trim_start().trim_start_matches("- ");
            l.strip_prefix(key)?.strip_prefix(':').map(str::trim)
        })
        .unwrap_or_else(|| panic!("no {key} in the hook"))
}

#[test]
fn pre_commit_hook_runs_the_check_on_staged_files() {
    let hooks = repo_file(".pre-commit-hooks.yaml");
    assert_eq!(yaml_value(&hooks, "id"), "tf-upgrade-v2-check");
    // pre-commit installs it with pip (pyproject.toml, maturin).
    assert_eq!(yaml_value(&hooks, "language"), "python");
    let files = yaml_value(&hooks, "files");
    assert!(files.contains("py") && files.contains("ipynb"));
    // pre-commit runs `entry` + `args` + the staged file names.
    let entry: Vec<&str> = yaml_value(&hooks, "entry").split_whitespace().collect();
    assert_eq!(entry[0], "tf_upgrade_v2");
    let s = Scratch::new("pre-commit");
    s.write("clean.py", CLEAN);
    s.write("pkg/old.py", TF1);
    let mut args: Vec<&str> = entry[1..].to_vec();
    args.push("clean.py");
    let o = s.run(&args);
    assert_code(&o, 0);
    args.push("pkg/old.py");
    let o = s.run(&args);
    assert_code(&o, 1);
    assert!(stdout(&o).contains("Would convert pkg/old.py"));
    assert_eq!(s.read("pkg/old.py"), TF1, "the hook changes nothing");
    assert!(!s.exists("report.txt"));

    // Notebooks are checked too.
    let nb = "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"import tensorflow as tf\\n\",\n    \"x = tf.gfile.Exists(\\\"a\\\")\\n\"\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    s.write("nb.ipynb", nb);
    let mut args: Vec<&str> = entry[1..].to_vec();
    args.extend(["clean.py", "nb.ipynb"]);
    let o = s.run(&args);
    assert_code(&o, 1);
    assert_eq!(stdout(&o), "Would convert nb.ipynb\n");
    assert_eq!(s.read("nb.ipynb"), nb);

    // docs/ci.md shows the same hook id.
    let doc = section(&repo_file("docs/ci.md"), "## pre-commit");
    assert!(doc.contains("id: tf-upgrade-v2-check"));
}

/// The README's Quick start: first the pip install + a conversion of the
/// shipped example, then `cargo test` (scripts/check_pip_install.sh runs the
/// first one on a clean clone).
#[test]
fn readme_quick_start_commands() {
    let readme = repo_file("README.md");
    let section = &readme[readme.find("## Quick start").expect("Quick start section")..];
    let commands: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .take(2)
        .collect();
    let first = commands[0];
    assert!(
        first.starts_with(
            "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/tf_upgrade_v2 "
        ),
        "{first}"
    );
    let example = first
        .split_whitespace()
        .find(|w| w.starts_with("examples/"))
        .expect("a file under examples/");
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(example)
            .is_file(),
        "{example}"
    );
    assert_eq!(commands[1], "cargo test");
}

/// The `text` blocks of a Markdown section.
fn text_blocks(section: &str) -> Vec<&str> {
    section
        .split("```text\n")
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .collect()
}

/// The indented command lines of a Markdown section.
fn command_lines(section: &str) -> Vec<&str> {
    section
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .collect()
}

/// The README's outputs, shown in `text` blocks, are what the tool prints:
/// in the Quick start the default mode's ERROR for the shipped example,
/// then, in "Code that runs on TensorFlow 2.21", the target mode's command
/// and its requirements lines.
#[test]
fn readme_quick_start_outputs() {
    let readme = repo_file("README.md");
    let quick = section(&readme, "## Quick start");
    let quick_blocks = text_blocks(&quick);
    assert_eq!(quick_blocks.len(), 1, "the Quick start's ERROR line");
    let target_section = section(&readme, "## Code that runs on TensorFlow 2.21");
    let target_blocks = text_blocks(&target_section);
    assert_eq!(target_blocks.len(), 1, "the target mode's requirements");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Scratch::new("quick-start");
    let tmp = format!("{}/", s.path("tmp").display());
    fs::create_dir_all(s.path("tmp")).unwrap();
    let run = |command: &str| -> Output {
        let args: Vec<String> = command
            .split(" && ")
            .find_map(|c| c.strip_prefix(".venv/bin/tf_upgrade_v2 "))
            .expect("a tf_upgrade_v2 command")
            .split_whitespace()
            .map(|a| a.replace("/tmp/", &tmp))
            .collect();
        let o = common::bin()
            .args(&args)
            .current_dir(root)
            .output()
            .unwrap();
        assert_code(&o, 0);
        o
    };
    // The first command, default mode: its summary ends on the ERROR shown.
    let o = run(command_lines(&quick)[0]);
    let error = quick_blocks[0].trim_end();
    assert!(stdout(&o).contains(error), "{}", stdout(&o));
    // The target mode's command, and the requirements it prints.
    let target = command_lines(&target_section)
        .into_iter()
        .find(|c| c.contains("--target 2.21-legacy-keras"))
        .expect("the target mode's command");
    let o = run(target);
    // Paths the run prints are under the scratch folder's `tmp`.
    let printed = stdout(&o).replace(&tmp, "/tmp/");
    assert!(printed.contains(target_blocks[0]), "{printed}");
    assert!(!stdout(&o).contains("ERROR"), "{}", stdout(&o));
    // docs/targets.md's example is the same command and output.
    let example = section(&repo_doc("docs/targets.md"), "## An example");
    assert!(example.contains(target), "docs/targets.md: {target}");
    assert!(example.contains(target_blocks[0]), "docs/targets.md");
}

/// docs/ci.md's step for any CI: fails on code to convert, keeps the JSON
/// report.
#[test]
fn docs_ci_step_works() {
    let doc = section(&repo_file("docs/ci.md"), "## Any CI");
    let run_line = doc
        .lines()
        .find_map(|l| l.trim().strip_prefix("run: tf_upgrade_v2 "))
        .expect("a `run: tf_upgrade_v2 ...` step");
    let args: Vec<&str> = run_line.split_whitespace().collect();

    let s = Scratch::new("ci");
    s.write("src/model.py", CLEAN);
    let o = s.run(&args);
    assert_code(&o, 0);
    s.write("src/old.py", TF1);
    let o = s.run(&args);
    assert_code(&o, 1);
    assert_eq!(s.read("src/old.py"), TF1);
    // The step's report is the JSON one docs/output.md documents.
    let report = args
        .iter()
        .position(|a| *a == "--reportfile")
        .map(|i| args[i + 1])
        .expect("the step names its report");
    let json: serde_json::Value = serde_json::from_str(&s.read(report)).unwrap();
    assert!(!json["entries"].as_array().unwrap().is_empty());
}

#[test]
fn list_rules_prints_the_registry() {
    let o = common::bin().arg("--list-rules").output().unwrap();
    assert_code(&o, 0);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), tf_upgrade_v2::registry::Rule::ALL.len());
    // id, level, group, description; ids unique.
    let mut ids: Vec<&str> = lines
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(lines.iter().all(|l| l.split('\t').count() == 4), "{text}");
    assert!(text.contains("api-missing\tERROR\ttarget\t"), "{text}");
    assert!(text.contains("rename\tINFO\tconversion\t"), "{text}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), lines.len());
}

/// docs/ci.md's GitLab CI job: fails on code to convert and leaves a Code
/// Quality report either way.
#[test]
fn docs_gitlab_job_works() {
    let section = section(&repo_file("docs/ci.md"), "## GitLab CI");
    let line = section
        .lines()
        .find_map(|l| l.trim().strip_prefix("- tf_upgrade_v2 "))
        .expect("a `- tf_upgrade_v2 ...` script line");
    let args: Vec<&str> = line.split_whitespace().collect();
    let report = args
        .iter()
        .position(|a| *a == "--output-file")
        .map(|i| args[i + 1])
        .expect("the job names its report");
    assert!(section.contains(&format!("codequality: {report}")));

    let s = Scratch::new("gitlab");
    s.write("src/model.py", CLEAN);
    assert_code(&s.run(&args), 0);
    let json: serde_json::Value = serde_json::from_str(&s.read(report)).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(0));
    s.write("src/old.py", TF1);
    assert_code(&s.run(&args), 1);
    let json: serde_json::Value = serde_json::from_str(&s.read(report)).unwrap();
    let issues = json.as_array().unwrap();
    assert!(!issues.is_empty());
    for i in issues {
        assert!(
            i["check_name"].is_string() && i["fingerprint"].is_string(),
            "{i}"
        );
        assert_eq!(i["location"]["path"], "src/old.py");
    }
}
