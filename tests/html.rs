//! `--html FILE`, run as a process on temporary directories: the page is
//! one self-contained file whose one JSON data element has every file, its
//! entries, and hunks that show the changed lines and the lines entries
//! name; a page that cannot be written is an error; the run's other
//! outputs stay as they are. (Plan items are covered by the unit tests of
//! `output::html`: the command line does not make them yet.)

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

mod common;

/// A scratch directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        Scratch(common::scratch_dir(&format!("html-{name}")))
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    /// Runs the binary in this directory; asserts the exit status.
    fn run(&self, args: &[&str], status: i32) -> Output {
        let o = common::bin()
            .args(args)
            .current_dir(&self.0)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(status),
            "stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        o
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// `n` comment lines.
fn pad(n: usize) -> String {
    (0..n).map(|i| format!("# pad {i}\n")).collect()
}

/// A changed line (4) and, far from it, an ERROR entry on a line that does
/// not change (tf.contrib, line 20).
fn changed_and_error() -> String {
    format!(
        "import tensorflow as tf\n\n\nx = tf.gfile.Exists(\"a\")\n{}y = tf.contrib.layers.flatten(x)\n{}",
        pad(15),
        pad(10)
    )
}

const GRAPH: &str =
    "import tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 3])\nsess = tf.Session()\n";

const NOTEBOOK: &str = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# A notebook\n"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["import tensorflow as tf\n", "x = tf.gfile.Exists(\"a\")\n"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["a = 1\n", "b = 2\n", "y = tf.contrib.layers.flatten(x)\n"]}
 ],
 "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;

/// The page's one JSON data element, parsed, checked to be safe inside its
/// `<script>` element.
fn data(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"data\">";
    assert_eq!(page.matches(open).count(), 1, "one data element");
    assert_eq!(page.matches("id=\"data\"").count(), 1);
    let start = page.find(open).unwrap() + open.len();
    let len = page[start..].find("</script>").unwrap();
    let blob = &page[start..start + len];
    assert!(!blob.to_ascii_lowercase().contains("</script"));
    assert!(!blob.contains("</"));
    serde_json::from_str(blob).expect("the data is JSON")
}

/// No reference to anything outside the page: every `src=` and `href=`
/// is a `data:` URI or a link within the page.
fn self_contained(page: &str) {
    for attr in ["src=", "href="] {
        for (i, _) in page.match_indices(attr) {
            let value = page[i + attr.len()..].trim_start_matches(['"', '\'']);
            assert!(
                value.starts_with("data:") || value.starts_with('#'),
                "external reference: {}",
                &value[..value.len().min(60)]
            );
        }
    }
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert!(!page.contains("<link rel=\"stylesheet\""));
}

fn file<'v>(data: &'v Value, path: &str) -> &'v Value {
    data["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path} in {:?}", data["files"]))
}

/// The rows of a section's hunks with their old and new line numbers (0
/// where the row is not in that text).
fn rows(section: &Value) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for h in section[2].as_array().unwrap() {
        let (mut o, mut n) = (
            h[0].as_u64().unwrap() as usize,
            h[1].as_u64().unwrap() as usize,
        );
        for r in h[2].as_array().unwrap() {
            let r = r.as_str().unwrap().to_string();
            match &r[..1] {
                " " => {
                    out.push((o, n, r));
                    o += 1;
                    n += 1;
                }
                "-" => {
                    out.push((o, 0, r));
                    o += 1;
                }
                _ => {
                    out.push((0, n, r));
                    n += 1;
                }
            }
        }
    }
    out
}

fn entries_of<'v>(f: &'v Value, level: &str) -> Vec<&'v Value> {
    f["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[2] == level)
        .collect()
}

#[test]
fn a_tree_in_default_mode() {
    let s = Scratch::new("default");
    s.write("in/a.py", &changed_and_error());
    s.write("in/pkg/clean.py", "a = 1\n");
    s.write("in/pkg/nb.ipynb", NOTEBOOK);
    s.run(
        &[
            "--intree",
            "in",
            "--outtree",
            "out",
            "--html",
            "page.html",
            "--report-format",
            "json",
        ],
        0,
    );
    let page = s.read("page.html");
    self_contained(&page);
    let data = data(&page);
    assert_eq!(data["files"].as_array().unwrap().len(), 3);
    assert_eq!(data["target"], Value::Null);
    assert_eq!(data["root"], "in");
    let report: Value = serde_json::from_str(&s.read("report.txt")).unwrap();
    let all: usize = data["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["entries"].as_array().unwrap().len())
        .sum();
    assert_eq!(all, report["entries"].as_array().unwrap().len());

    let a = file(&data, "in/a.py");
    assert_eq!(a["status"], "changed");
    assert_eq!(a["top"], "");
    let errors = entries_of(a, "ERROR");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0][0], 20);
    let sections = a["view"]["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1);
    let shown = rows(&sections[0]);
    // The changed line, and the ERROR's line, which does not change, with
    // context around it, in a hunk of its own.
    assert!(shown.contains(&(4, 0, "-x = tf.gfile.Exists(\"a\")".into())));
    assert!(shown.contains(&(0, 4, "+x = tf.io.gfile.exists(\"a\")".into())));
    assert!(shown.contains(&(20, 20, " y = tf.contrib.layers.flatten(x)".into())));
    assert!(shown.iter().any(|r| r.0 == 17) && shown.iter().any(|r| r.0 == 23));
    assert!(!shown.iter().any(|r| r.0 == 12), "line 12 is far from both");
    assert_eq!(sections[0][2].as_array().unwrap().len(), 2);

    let clean = file(&data, "in/pkg/clean.py");
    assert_eq!(clean["top"], "pkg");
    assert_eq!(clean["status"], "unchanged");
    assert_eq!(clean["view"]["sections"], serde_json::json!([]));

    // A notebook's view is by cell, on the cells' own lines.
    let nb = file(&data, "in/pkg/nb.ipynb");
    assert_eq!(nb["notebook"], true);
    let error = entries_of(nb, "ERROR")[0];
    assert_eq!((&error[5], &error[6]), (&Value::from(3), &Value::from(3)));
    assert_eq!(nb["view"]["placed"], true);
    let cells: Vec<&Value> = nb["view"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s[0])
        .collect();
    assert_eq!(cells, [&Value::from(2), &Value::from(3)]);
    let third = rows(&nb["view"]["sections"][1]);
    assert!(third.contains(&(3, 3, " y = tf.contrib.layers.flatten(x)".into())));
    let second = rows(&nb["view"]["sections"][0]);
    assert!(second.contains(&(0, 2, "+x = tf.io.gfile.exists(\"a\")".into())));
}

#[test]
fn a_file_with_a_target_places_entries_on_input_lines() {
    let s = Scratch::new("target");
    s.write("a.py", GRAPH);
    s.run(
        &[
            "--infile",
            "a.py",
            "--outfile",
            "b.py",
            "--target",
            "2.21",
            "--html",
            "page.html",
        ],
        0,
    );
    let page = s.read("page.html");
    self_contained(&page);
    let data = data(&page);
    assert_eq!(data["target"], "2.21");
    assert_eq!(data["files"].as_array().unwrap().len(), 1);
    let a = file(&data, "a.py");
    assert_eq!(a["output"], "b.py");
    // The output gets a line inserted before the placeholder; its entry
    // keeps the input's line 3, where the hunk has it.
    assert!(s.read("b.py").contains("disable_v2_behavior()"));
    let rename = a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[4].as_str().unwrap().contains("tf.placeholder"))
        .expect("the placeholder's entry");
    assert_eq!(rename[0], 3);
    let shown = rows(&a["view"]["sections"][0]);
    assert!(shown.contains(&(3, 0, "-x = tf.placeholder(tf.float32, [None, 3])".into())));
    assert!(shown.contains(&(
        0,
        4,
        "+x = tf.compat.v1.placeholder(tf.float32, [None, 3])".into()
    )));
    assert!(shown
        .iter()
        .any(|r| r.2 == "+tf.compat.v1.disable_v2_behavior()"));
}

#[test]
fn a_page_that_cannot_be_written_is_an_error() {
    let s = Scratch::new("unwritable");
    s.write("a.py", GRAPH);
    let o = s.run(
        &[
            "--infile",
            "a.py",
            "--outfile",
            "b.py",
            "--html",
            "no/such/dir/page.html",
        ],
        1,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--html"), "{err}");
    assert!(err.contains("no/such/dir/page.html"), "{err}");
    assert!(s.path("b.py").exists());
}

#[test]
fn the_other_outputs_do_not_change() {
    let s = Scratch::new("same");
    s.write("in/a.py", &changed_and_error());
    s.write("in/b.py", GRAPH);
    let plain = s.run(
        &[
            "--intree",
            "in",
            "--outtree",
            "o1",
            "--reportfile",
            "r1.txt",
        ],
        0,
    );
    let html = s.run(
        &[
            "--intree",
            "in",
            "--outtree",
            "o2",
            "--reportfile",
            "r2.txt",
            "--html",
            "page.html",
        ],
        0,
    );
    let same = |t: String| t.replace("o2", "o1").replace("r2.txt", "r1.txt");
    assert_eq!(s.read("r1.txt"), same(s.read("r2.txt")));
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout),
        same(String::from_utf8_lossy(&html.stdout).into_owned())
    );
    for f in ["a.py", "b.py"] {
        assert_eq!(s.read(&format!("o1/{f}")), s.read(&format!("o2/{f}")));
    }
}

#[test]
fn stdin_and_check_runs_have_a_page_too() {
    let s = Scratch::new("modes");
    s.write("a.py", GRAPH);
    s.run(&["--check", "a.py", "--html", "check.html"], 1);
    let checked = data(&s.read("check.html"));
    assert_eq!(file(&checked, "a.py")["status"], "changed");
    let o = common::bin()
        .args(["--infile", "-", "--outfile", "-", "--html", "stdin.html"])
        .current_dir(&s.0)
        .stdin(fs::File::open(s.path("a.py")).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let piped = data(&s.read("stdin.html"));
    assert_eq!(file(&piped, "<stdin>")["status"], "changed");
}
