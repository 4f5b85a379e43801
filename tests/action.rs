//! The GitHub Action: `action.yml` and its run step, `scripts/action_run.sh`,
//! run with bash against the built binary on temporary trees (GitHub itself
//! is not reached): the command line built from the inputs, the exit status
//! passed on, empty optional inputs adding nothing, and the examples of the
//! action in README.md and docs/ci.md.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::markdown::{repo_doc, section};

const CLEAN: &str = "import tensorflow as tf\n\nx = tf.io.gfile.exists(\"a\")\n";
/// Converts nothing, one ERROR entry (tf.contrib).
const ERRS: &str = "import tensorflow as tf\n\ny = tf.contrib.layers.flatten(x)\n";
/// Converts nothing, one WARNING entry (a `*.save` method call).
const WARNS: &str = "import tensorflow as tf\n\nmodel.save(\"m.h5\")\n";
/// Would be converted (tf.gfile.Exists).
const TF1: &str = "import tensorflow as tf\n\nx = tf.gfile.Exists(\"a\")\n";
/// Resolves in TensorFlow 2.x but not in 2.21 (tf.layers).
const LAYERS: &str = "import tensorflow as tf\n\ny = tf.layers.dense(x, 3, reuse=True)\n";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tf_upgrade_v2")
}

/// A scratch tree under the system's temp dir, removed on drop.
struct Tree(PathBuf);

impl Tree {
    fn new(name: &str, files: &[(&str, &str)]) -> Tree {
        let dir = std::env::temp_dir().join(format!("tfup-action-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (rel, text) in files {
            let p = dir.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        Tree(dir)
    }

    /// `bash scripts/action_run.sh` in this tree; `None` leaves the input
    /// unset, `Some("")` sets it empty, as GitHub does for an input without
    /// a value.
    fn run(&self, args: Option<&str>, target: Option<&str>, fail_on: Option<&str>) -> Output {
        let mut cmd = Command::new("bash");
        cmd.arg(repo().join("scripts/action_run.sh"))
            .current_dir(&self.0)
            .env("TF_UPGRADE_V2", bin())
            .env_remove("INPUT_ARGS")
            .env_remove("INPUT_TARGET")
            .env_remove("INPUT_FAIL_ON");
        for (name, value) in [
            ("INPUT_ARGS", args),
            ("INPUT_TARGET", target),
            ("INPUT_FAIL_ON", fail_on),
        ] {
            if let Some(v) = value {
                cmd.env(name, v);
            }
        }
        cmd.output().unwrap()
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.0.join(rel)).unwrap()
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The command line the script printed (its first line).
fn command_line(o: &Output) -> String {
    let out = stdout(o);
    let first = out.lines().next().unwrap_or_default();
    first
        .strip_prefix("+ ")
        .unwrap_or_else(|| panic!("no command line: {out}"))
        .to_string()
}

fn expect_line(args: &str) -> String {
    if args.is_empty() {
        bin().to_string()
    } else {
        format!("{} {args}", bin())
    }
}

fn assert_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The action's inputs and defaults, as the script reads them.
#[test]
fn action_yml_declares_the_inputs_the_script_reads() {
    let yml = fs::read_to_string(repo().join("action.yml")).unwrap();
    assert!(yml.contains("using: composite"));
    for input in ["args", "target", "fail-on"] {
        assert!(yml.contains(&format!("\n  {input}:\n")), "input {input}");
    }
    assert!(yml.contains("default: --check ."));
    assert!(yml.contains("INPUT_ARGS: ${{ inputs.args }}"));
    assert!(yml.contains("INPUT_TARGET: ${{ inputs.target }}"));
    assert!(yml.contains("INPUT_FAIL_ON: ${{ inputs.fail-on }}"));
    // Installed from the action's own checkout, run through the script.
    assert!(yml.contains("install --quiet --disable-pip-version-check \"$GITHUB_ACTION_PATH\""));
    assert!(yml.contains("bash \"$GITHUB_ACTION_PATH/scripts/action_run.sh\""));
    assert!(
        !yml.contains("upload-artifact"),
        "the action uploads nothing"
    );
}

/// The default inputs: `--check .`, and empty optional inputs add nothing.
#[test]
fn default_inputs_check_the_workspace() {
    let t = Tree::new("default", &[("src/model.py", CLEAN)]);
    for (target, fail_on) in [(Some(""), Some("")), (None, None), (Some("  "), Some("\n"))] {
        let o = t.run(Some("--check ."), target, fail_on);
        assert_eq!(command_line(&o), expect_line("--check ."));
        assert_code(&o, 0);
    }
    assert!(!t.0.join("report.txt").exists(), "--check writes no report");
}

/// `--check` fails on a file it would convert and on an ERROR entry, and
/// changes nothing.
#[test]
fn check_failures_fail_the_step() {
    let t = Tree::new("convert", &[("src/model.py", CLEAN), ("src/old.py", TF1)]);
    let o = t.run(Some("--check ."), Some(""), Some(""));
    assert_code(&o, 1);
    assert!(stdout(&o).contains("Would convert"), "{}", stdout(&o));
    assert_eq!(t.read("src/old.py"), TF1);

    let t = Tree::new(
        "error",
        &[("src/model.py", CLEAN), ("src/contrib.py", ERRS)],
    );
    let o = t.run(Some("--check ."), Some(""), Some(""));
    assert_code(&o, 1);
    assert!(stdout(&o).contains("ERROR"), "{}", stdout(&o));
    assert_eq!(t.read("src/contrib.py"), ERRS);
}

/// `target` adds `--target`, `fail-on` adds `--fail-on`, after `args`.
#[test]
fn optional_inputs_add_their_flags() {
    let t = Tree::new(
        "target",
        &[("src/model.py", CLEAN), ("src/layers.py", LAYERS)],
    );
    // Without a target, tf.layers is fine for --check...
    let o = t.run(Some("--check ."), Some(""), Some(""));
    assert_code(&o, 0);
    // ...with one it will not resolve in TensorFlow 2.21.
    let o = t.run(Some("--check ."), Some("2.21"), Some(""));
    assert_eq!(command_line(&o), expect_line("--check . --target 2.21"));
    assert_code(&o, 1);
    assert!(stdout(&o).contains("ERROR"), "{}", stdout(&o));

    let t = Tree::new("fail-on", &[("src/save.py", WARNS)]);
    let o = t.run(Some("--check ."), Some(""), Some(""));
    assert_code(&o, 0);
    let o = t.run(Some("--check ."), Some(""), Some("warning"));
    assert_eq!(command_line(&o), expect_line("--check . --fail-on warning"));
    assert_code(&o, 1);
    let o = t.run(Some("--check ."), Some("2.21-legacy-keras"), Some("never"));
    assert_eq!(
        command_line(&o),
        expect_line("--check . --target 2.21-legacy-keras --fail-on never")
    );
}

/// `args` is split on whitespace and newlines (a multi-line YAML value), the
/// exit status is the tool's (2 for a usage error), and the step writes what
/// the arguments say.
#[test]
fn args_are_split_and_the_status_is_passed_on() {
    let t = Tree::new("args", &[("old/a.py", TF1)]);
    let o = t.run(
        Some("--intree old\n--outtree  new\t--reportfile r.json --report-format json\n"),
        Some(""),
        Some(""),
    );
    assert_eq!(
        command_line(&o),
        expect_line("--intree old --outtree new --reportfile r.json --report-format json")
    );
    assert_code(&o, 0);
    assert!(t.read("new/a.py").contains("tf.io.gfile.exists"));
    assert!(t.read("r.json").trim_start().starts_with('{'));
    // A glob is passed as it is, not expanded.
    let o = t.run(Some("--check old/*.py"), Some(""), Some(""));
    assert_eq!(command_line(&o), expect_line("--check old/\\*.py"));
    // A usage error's status, 2, comes through.
    let o = t.run(Some("--bogus-flag"), Some(""), Some(""));
    assert_code(&o, 2);
    let o = t.run(Some("--check ."), Some("1.15"), Some(""));
    assert_code(&o, 2);
    // No arguments at all: the tool's own usage error.
    let o = t.run(Some(""), None, None);
    assert_eq!(command_line(&o), expect_line(""));
    assert_code(&o, 2);
}

/// The examples of the action in `section` (of the file `name`) use only
/// inputs it declares, and run (with the workspace being a temp tree) as
/// the text says; how many there are.
fn check_action_examples(name: &str, tag: &str, section: &str) -> usize {
    let yml = fs::read_to_string(repo().join("action.yml")).unwrap();
    let mut uses = 0;
    let lines: Vec<&str> = section.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.contains("uses: OWNER/tf_upgrade_v2@") {
            continue;
        }
        uses += 1;
        let mut inputs: Vec<(String, String)> = Vec::new();
        for l in &lines[i + 1..] {
            let t = l.trim();
            if t == "with:" {
                continue;
            }
            if t.is_empty() || t.starts_with("- ") || t.starts_with("```") {
                break;
            }
            let (k, v) = t.split_once(':').expect("key: value");
            inputs.push((k.trim().to_string(), v.trim().trim_matches('"').to_string()));
        }
        for (k, _) in &inputs {
            assert!(
                yml.contains(&format!("\n  {k}:\n")),
                "{name} uses undeclared input {k}"
            );
        }
        let get = |k: &str| inputs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let t = Tree::new(&format!("{tag}-{uses}"), &[("src/old.py", TF1)]);
        let o = t.run(
            Some(get("args").unwrap_or("--check .")),
            get("target"),
            get("fail-on"),
        );
        assert_code(&o, 1);
        if let Some(args) = get("args") {
            if let Some(i) = args.find("--reportfile ") {
                let report = args[i + "--reportfile ".len()..]
                    .split_whitespace()
                    .next()
                    .unwrap();
                assert!(t.read(report).trim_start().starts_with('{'));
            }
        }
    }
    uses
}

/// docs/ci.md's examples of the action.
#[test]
fn docs_action_examples_use_declared_inputs() {
    let text = section(&repo_doc("docs/ci.md"), "## GitHub Actions");
    let uses = check_action_examples("docs/ci.md", "docs", &text);
    assert!(uses >= 2, "docs/ci.md shows the action");
}

/// The README's example of the action.
#[test]
fn readme_action_example_uses_declared_inputs() {
    let text = section(&repo_doc("README.md"), "## Use in CI");
    let uses = check_action_examples("README.md", "readme", &text);
    assert!(uses >= 1, "the README shows the action");
}
