//! The runtime companion through the command line: converted code that uses
//! `tfup_compat` gets the module written beside it (or where
//! `--compat-module` says), and the report says where.

use std::fs;
use std::path::Path;

mod common;

use common::Scratch;

const USES: &str = "import tensorflow as tf\nhp = tf.contrib.training.HParams(lr=0.1)\n";
const PLAIN: &str = "import tensorflow as tf\nx = tf.zeros([1])\n";

fn companion_source() -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(repo.join("python/tfup_compat.py")).unwrap()
}

#[test]
fn a_tree_gets_the_companion_at_its_root() {
    let s = Scratch::new("companion-tree");
    s.write("in/pkg/model.py", USES);
    let o = s.run(&[
        "--intree",
        "in",
        "--outtree",
        "out",
        "--target",
        "2.21",
        "--reportfile",
        "r.txt",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = fs::read_to_string(s.path("out/tfup_compat.py")).unwrap();
    assert_eq!(written, companion_source());
    assert!(fs::read_to_string(s.path("out/pkg/model.py"))
        .unwrap()
        .contains("tfup_compat.HParams(lr=0.1)"));
    let report = fs::read_to_string(s.path("r.txt")).unwrap();
    assert!(
        report
            .contains("tfup_compat, this tool's runtime companion: written to out/tfup_compat.py"),
        "{report}"
    );
    // The same run without a target writes no companion.
    let o = s.run(&[
        "--intree",
        "in",
        "--outtree",
        "plain",
        "--reportfile",
        "r2.txt",
    ]);
    assert!(o.status.success());
    assert!(!s.path("plain/tfup_compat.py").exists());
}

#[test]
fn only_where_it_is_used_and_where_files_are_written() {
    let s = Scratch::new("companion-where");
    s.write("a.py", USES);
    s.write("b.py", PLAIN);
    let o = s.run(&[
        "--infile",
        "b.py",
        "--outfile",
        "new/b.py",
        "--target",
        "2.21",
        "--reportfile",
        "r.txt",
    ]);
    assert!(o.status.success());
    assert!(!s.path("new/tfup_compat.py").exists());
    let o = s.run(&[
        "--infile",
        "a.py",
        "--outfile",
        "new/a.py",
        "--target",
        "2.21",
        "--reportfile",
        "r.txt",
    ]);
    assert!(o.status.success());
    assert!(s.path("new/tfup_compat.py").exists());
    // --check writes nothing, and the report says how to get it.
    let o = s.run(&["--check", "a.py", "--target", "2.21"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("not written by this run"), "{out}");
    assert!(!s.path("tfup_compat.py").exists());
    // Unless --compat-module names where.
    fs::create_dir_all(s.path("lib")).unwrap();
    let o = s.run(&[
        "--check",
        "a.py",
        "--target",
        "2.21",
        "--compat-module",
        "lib",
        "--report-format",
        "json",
        "--reportfile",
        "r.json",
    ]);
    assert_eq!(o.status.code(), Some(1), "--check finds a change");
    assert_eq!(
        fs::read_to_string(s.path("lib/tfup_compat.py")).unwrap(),
        companion_source()
    );
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(s.path("r.json")).unwrap()).unwrap();
    assert_eq!(v["requirements"][0]["module"], "tfup_compat");
    assert_eq!(v["requirements"][0]["written"], "lib/tfup_compat.py");
    assert_eq!(v["requirements"][0]["files"], 1);
}
