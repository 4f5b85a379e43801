//! `--output-format`: each format's output for the tree of
//! `fixtures/output_formats/tree/` (INFO, WARNING and ERROR entries, a
//! notebook, a file that does not parse, a path with a space and a comma),
//! run as `--check --output-format F tree` from `fixtures/output_formats/`,
//! must equal `fixtures/output_formats/<format>.expected`
//! (`UPDATE_FIXTURES=1 cargo test --test output_formats` rewrites them).
//! Besides: the GitHub lines follow the workflow-command grammar, the SARIF
//! log validates against the SARIF 2.1.0 schema (`scripts/validate_sarif.sh`:
//! Microsoft's SARIF Multitool from npm, with the schema its package ships),
//! exit statuses, and where the summary and `--check`'s lines go.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

const FORMATS: &[&str] = &[
    "text",
    "json",
    "json-lines",
    "github",
    "gitlab",
    "sarif",
    "junit",
];

/// Where SARIF goldens have the file URI of the directory they ran in.
const SRCROOT_PLACEHOLDER: &str = "file:///SRCROOT/";

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/output_formats")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    common::bin().args(args).current_dir(dir).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The file URI of a directory, as the SARIF output writes it.
fn directory_uri(dir: &Path) -> String {
    let mut uri = String::from("file://");
    for &b in dir.to_str().unwrap().as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri + "/"
}

/// The fixture tree in `format`: standard output, with the machine's
/// directory replaced in SARIF.
fn rendered(format: &str) -> (Output, String) {
    let dir = folder();
    let out = run_in(&dir, &["--check", "--output-format", format, "tree"]);
    let mut text = stdout(&out);
    if format == "sarif" {
        let uri = directory_uri(&dir);
        assert!(text.contains(&uri), "no %SRCROOT% {uri} in:\n{text}");
        text = text.replace(&uri, SRCROOT_PLACEHOLDER);
    }
    (out, text)
}

fn golden(format: &str) {
    let (out, text) = rendered(format);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let path = folder().join(format!("{format}.expected"));
    if std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| !v.is_empty() && v != "0") {
        fs::write(&path, &text).unwrap();
        return;
    }
    let want = fs::read_to_string(&path).unwrap_or_default();
    if want != text {
        let diff = similar::TextDiff::from_lines(&want, &text)
            .unified_diff()
            .header("expected", "ours")
            .to_string();
        panic!(
            "{} differs:\n{diff}\n(UPDATE_FIXTURES=1 cargo test --test output_formats rewrites it)",
            path.display()
        );
    }
    if format != "text" {
        // Standard output is the format's alone; the summary and the check's
        // lines are on standard error.
        assert!(!text.contains("Would convert"), "{text}");
        let err = stderr(&out);
        assert!(err.contains("Would convert tree/a.py\n"), "{err}");
        assert!(err.contains("Detected 6 issues"), "{err}");
    }
}

#[test]
fn golden_text() {
    golden("text");
}
#[test]
fn golden_json() {
    golden("json");
}
#[test]
fn golden_json_lines() {
    golden("json-lines");
}
#[test]
fn golden_github() {
    golden("github");
}
#[test]
fn golden_gitlab() {
    golden("gitlab");
}
#[test]
fn golden_sarif() {
    golden("sarif");
}
#[test]
fn golden_junit() {
    golden("junit");
}

/// Every format is covered by a golden file, and every golden by a format.
#[test]
fn goldens_match_the_formats() {
    let mut names: Vec<String> = fs::read_dir(folder())
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".expected").map(str::to_string)
        })
        .collect();
    names.sort();
    let mut formats: Vec<&str> = FORMATS.to_vec();
    formats.sort();
    assert_eq!(names, formats);
}

#[test]
fn text_is_the_default_output() {
    let dir = folder();
    let default = run_in(&dir, &["--check", "tree"]);
    let text = run_in(&dir, &["--check", "--output-format", "text", "tree"]);
    assert_eq!(default.stdout, text.stdout);
    assert_eq!(default.stderr, text.stderr);
    assert_eq!(default.status.code(), text.status.code());
}

/// Reverses the workflow commands' escaping.
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_lines_follow_the_workflow_command_grammar() {
    let property = r"(?:[^%:,\r\n]|%25|%0D|%0A|%3A|%2C)+";
    let data = r"(?:[^%\r\n]|%25|%0D|%0A)*";
    let grammar = regex::Regex::new(&format!(
        r"^::(error|warning|notice) file=({property}),line=([1-9][0-9]*),col=([1-9][0-9]*),title=({property})::({data})$"
    ))
    .unwrap();
    let dir = folder();
    // With --print_all every entry is there (INFO as notice): each line is
    // the JSON-lines entry of the same index, escaped.
    let github = stdout(&run_in(
        &dir,
        &[
            "--check",
            "--print_all",
            "--output-format",
            "github",
            "tree",
        ],
    ));
    let lines = stdout(&run_in(
        &dir,
        &["--check", "--output-format", "json-lines", "tree"],
    ));
    let entries: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(github.lines().count(), entries.len());
    let mut commands = Vec::new();
    for (line, entry) in github.lines().zip(&entries) {
        let c = grammar
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
        let want = match entry["level"].as_str().unwrap() {
            "ERROR" => "error",
            "WARNING" => "warning",
            _ => "notice",
        };
        assert_eq!(&c[1], want);
        assert_eq!(unescape(&c[2]), entry["path"].as_str().unwrap());
        assert_eq!(
            c[3].parse::<u64>().unwrap(),
            entry["line"].as_u64().unwrap()
        );
        assert_eq!(
            c[4].parse::<u64>().unwrap(),
            entry["col"].as_u64().unwrap() + 1
        );
        assert_eq!(unescape(&c[5]), entry["rule"].as_str().unwrap());
        assert_eq!(unescape(&c[6]), entry["message"].as_str().unwrap());
        commands.push(c[1].to_string());
    }
    for kind in ["error", "warning", "notice"] {
        assert!(
            commands.iter().any(|c| c == kind),
            "no {kind} in:\n{github}"
        );
    }
    // The path with a comma, a message with a line break.
    assert!(
        github.contains("file=tree/my files/x%2C y & z.py,"),
        "{github}"
    );
    assert!(github.contains("dataset.%0A\n"), "{github}");
    // Without --print_all, WARNING and ERROR entries only.
    let (_, plain) = rendered("github");
    assert!(!plain.contains("::notice"), "{plain}");
    let issues = entries.iter().filter(|e| e["level"] != "INFO").count();
    assert_eq!(plain.lines().count(), issues);
}

/// A scratch tree holding one file.
fn tree_with(name: &str, text: &str) -> PathBuf {
    let dir = common::scratch_dir(&format!("output-{name}"));
    fs::write(dir.join(name), text).unwrap();
    dir
}

#[test]
fn github_exit_status_follows_check_and_fail_on() {
    let clean = tree_with(
        "clean.py",
        "import tensorflow as tf\n\nx = tf.io.gfile.exists(\"a\")\n",
    );
    let warns = tree_with(
        "warns.py",
        "import tensorflow as tf\n\nmodel.save(\"m.h5\")\n",
    );
    let errs = tree_with(
        "errs.py",
        "import tensorflow as tf\n\ny = tf.contrib.layers.flatten(x)\n",
    );
    let github = ["--check", "--output-format", "github", "."];
    let o = run_in(&clean, &github);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let o = run_in(&warns, &github);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("::warning file=warns.py,line=3,col=1,title=function-warning::"));
    let o = run_in(&warns, &[&github[..], &["--fail-on", "warning"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run_in(&errs, &github);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("::error file=errs.py,line=3,col=5,title=module-deprecation::"));
    assert!(
        stderr(&o).contains("errs.py:3:4: ERROR: "),
        "{}",
        stderr(&o)
    );
    let o = run_in(&errs, &[&github[..], &["--fail-on", "never"]].concat());
    assert_eq!(
        o.status.code(),
        Some(1),
        "--check still fails on ERROR entries"
    );
    // A file to convert, no entry above INFO: --check fails, nothing annotated.
    let converts = tree_with(
        "c.py",
        "import tensorflow as tf\n\nx = tf.gfile.Exists(\"a\")\n",
    );
    let o = run_in(&converts, &github);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("Would convert ./c.py"),
        "{}",
        stderr(&o)
    );
    for d in [clean, warns, errs, converts] {
        let _ = fs::remove_dir_all(d);
    }
}

#[test]
fn junit_fails_on_warnings_with_fail_on_warning() {
    let dir = folder();
    let plain = stdout(&run_in(
        &dir,
        &["--check", "--output-format", "junit", "tree"],
    ));
    let strict = stdout(&run_in(
        &dir,
        &[
            "--check",
            "--output-format",
            "junit",
            "--fail-on",
            "warning",
            "tree",
        ],
    ));
    assert!(!plain.contains("type=\"WARNING\""), "{plain}");
    assert_eq!(strict.matches("type=\"WARNING\"").count(), 3, "{strict}");
    assert_eq!(strict.matches("type=\"ERROR\"").count(), 3, "{strict}");
    assert!(strict.contains("failures=\"4\""), "{strict}");
}

#[test]
fn output_file_and_report_file() {
    let tmp = common::scratch_dir("output-file");
    let dir = folder();
    let sarif = tmp.join("out.sarif");
    let report = tmp.join("report.json");
    let o = run_in(
        &dir,
        &[
            "--check",
            "--output-format",
            "sarif",
            "--output-file",
            sarif.to_str().unwrap(),
            "--reportfile",
            report.to_str().unwrap(),
            "--report-format",
            "json",
            "tree",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // Nothing on standard output; the file holds what it would have had.
    assert_eq!(stdout(&o), "");
    let written = fs::read_to_string(&sarif).unwrap();
    assert_eq!(
        written,
        stdout(&run_in(
            &dir,
            &["--check", "--output-format", "sarif", "tree"]
        ))
    );
    // The report file is the one a run without --output-format writes.
    let alone = tmp.join("alone.json");
    run_in(
        &dir,
        &[
            "--check",
            "--reportfile",
            alone.to_str().unwrap(),
            "--report-format",
            "json",
            "tree",
        ],
    );
    assert_eq!(fs::read(&report).unwrap(), fs::read(&alone).unwrap());
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn a_machine_format_needs_a_file_when_stdout_carries_data() {
    let dir = folder();
    let o = run_in(&dir, &["--diff", "--output-format", "sarif", "tree"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--output-file"), "{}", stderr(&o));
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let tmp = common::scratch_dir("sarif-validate");
    let file = tmp.join("tree.sarif");
    let o = run_in(
        &folder(),
        &[
            "--check",
            "--output-format",
            "sarif",
            "--output-file",
            file.to_str().unwrap(),
            "tree",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/validate_sarif.sh");
    let v = std::process::Command::new("bash")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    let out = stdout(&v);
    let _ = fs::remove_dir_all(&tmp);
    assert!(v.status.success(), "{out}{}", stderr(&v));
    let result = out.lines().last().unwrap_or_default();
    eprintln!("{result}");
    assert!(result.contains(": 0 errors, 0 warnings"), "{out}");
}

/// The GitLab fingerprints follow the code, not its line numbers, and two
/// identical lines get two.
#[test]
fn gitlab_fingerprints_survive_moved_lines() {
    let body = "import tensorflow as tf\n\ny = tf.contrib.layers.flatten(x)\ny = tf.contrib.layers.flatten(x)\n";
    let dir = tree_with("m.py", body);
    let issues = |dir: &Path| -> Vec<(String, u64)> {
        let o = run_in(dir, &["--check", "--output-format", "gitlab", "."]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let before = issues(&dir);
    assert_eq!(before.len(), 2);
    assert_ne!(before[0].0, before[1].0);
    assert!(before.iter().all(|(f, _)| f.len() == 32));
    fs::write(dir.join("m.py"), format!("# moved\n\n{body}")).unwrap();
    let after = issues(&dir);
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(
        after.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        before.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    assert_eq!(
        after.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
        vec![before[0].1 + 2, before[1].1 + 2]
    );
}

/// `--output-format text --output-file`: the summary goes to the file,
/// `--check`'s lines stay on standard output.
#[test]
fn text_output_file_takes_the_summary() {
    let tmp = common::scratch_dir("text-output-file");
    let file = tmp.join("summary.txt");
    let dir = folder();
    let o = run_in(
        &dir,
        &["--check", "--output-file", file.to_str().unwrap(), "tree"],
    );
    assert_eq!(o.status.code(), Some(1));
    let summary = fs::read_to_string(&file).unwrap();
    assert!(
        summary.starts_with("TensorFlow 2.0 Upgrade Script\n"),
        "{summary}"
    );
    let default = stdout(&run_in(&dir, &["--check", "tree"]));
    assert_eq!(stdout(&o) + &summary, default);
    // Asked for by name, the file is written with --quiet too.
    fs::remove_file(&file).unwrap();
    let quiet = run_in(
        &dir,
        &[
            "--check",
            "--quiet",
            "--output-file",
            file.to_str().unwrap(),
            "tree",
        ],
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), summary);
    assert!(!stdout(&quiet).contains("TensorFlow 2.0"));
    // An output file that cannot be written: exit status 1.
    let missing = tmp.join("no/such/dir/out.json");
    let o = run_in(
        &dir,
        &[
            "--check",
            "--output-format",
            "json",
            "--output-file",
            missing.to_str().unwrap(),
            "tree",
        ],
    );
    let _ = fs::remove_dir_all(&tmp);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("tf_upgrade_v2: error: "),
        "{}",
        stderr(&o)
    );
}
