//! The migration plan through the command line: only with a target, as a
//! block closing the summary and the report file, as the JSON report's
//! `plan`, and placed in notebooks by cell.

use std::process::Output;

mod common;

use common::Scratch;

/// Runs the binary in `s`, which must succeed.
fn ok(s: &Scratch, args: &[&str]) -> Output {
    let o = s.run(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

const SRC: &str = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nopt = tf.train.AdamOptimizer(0.1, beta1=0.8)\nwith tf.Session() as s:\n    s.run(x, feed_dict={x: 1.0})\n";

#[test]
fn only_with_a_target() {
    let s = Scratch::new("plan-modes");
    s.write("a.py", SRC);
    let plain = ok(
        &s,
        &[
            "--infile",
            "a.py",
            "--outfile",
            "b.py",
            "--reportfile",
            "r.txt",
        ],
    );
    let stdout = String::from_utf8_lossy(&plain.stdout);
    assert!(!stdout.contains("TF2-native"), "{stdout}");
    assert!(!s.read("r.txt").contains("TF2-native"));
    let o = ok(
        &s,
        &[
            "--infile",
            "a.py",
            "--outfile",
            "b.py",
            "--reportfile",
            "r.txt",
            "--target",
            "2.21",
        ],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    let block = "Left to make the code TF2-native (5 items in 1 file, by the steps of TensorFlow's migration guide):";
    assert!(stdout.contains(block), "{stdout}");
    assert!(
        stdout.contains("v1 training loops to Keras fit or GradientTape  1 item in 1 file"),
        "{stdout}"
    );
    assert!(s.read("r.txt").contains(block));
    // The same items in the JSON report, each with its place and step.
    ok(
        &s,
        &[
            "--infile",
            "a.py",
            "--outfile",
            "b.py",
            "--report-format",
            "json",
            "--reportfile",
            "r.json",
            "--target",
            "2.21",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&s.read("r.json")).unwrap();
    let items = v["plan"]["items"].as_array().unwrap();
    let adam = items.iter().find(|i| i["step"] == "training").unwrap();
    assert_eq!(
        (adam["line"].as_u64(), adam["col"].as_u64()),
        (Some(3), Some(6))
    );
    assert_eq!(adam["replacement"], "tf.keras.optimizers.Adam");
    assert!(adam["why"].as_str().unwrap().contains("`beta1` → `beta_1`"));
    let feed = items.iter().find(|i| i["what"] == "feed_dict").unwrap();
    assert_eq!(feed["line"], 5);
    assert_eq!(v["plan"]["steps"][0]["step"], "functions");
    // Plan items are not report entries.
    let entries = v["entries"].as_array().unwrap();
    assert!(entries.iter().all(|e| e["rule"] != "plan"));
}

#[test]
fn notebook_items_are_placed_by_cell() {
    let s = Scratch::new("plan-notebook");
    let nb = serde_json::json!({
        "cells": [
            {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
             "source": ["import tensorflow as tf\n"]},
            {"cell_type": "markdown", "metadata": {}, "source": ["text"]},
            {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
             "source": ["x = 1\n", "s = tf.Session()\n"]}
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 4
    });
    s.write("a.ipynb", &nb.to_string());
    ok(
        &s,
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
            "2.21-legacy-keras",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&s.read("r.json")).unwrap();
    let items = v["plan"]["items"].as_array().unwrap();
    let session = items
        .iter()
        .find(|i| i["what"] == "tf.compat.v1.Session")
        .unwrap();
    assert_eq!(
        (session["cell"].as_u64(), session["cell_line"].as_u64()),
        (Some(3), Some(2))
    );
}
