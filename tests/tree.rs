//! Tree mode end to end: converted files, copied files, symbolic links and
//! files that do not parse.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::bin;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn converts_copies_and_keeps_unparseable_files() {
    let dir = common::scratch_dir("tree-basic");
    let intree = dir.join("old");
    write(
        &intree.join("a.py"),
        "import tensorflow as tf\nx = tf.gfile.Exists('p')\n",
    );
    write(
        &intree.join("pkg/b.py"),
        "import tensorflow as tf\nprint 'py2'\n",
    );
    write(&intree.join("pkg/data.txt"), "not python\n");
    let out = dir.join("new");
    let report = dir.join("report.txt");
    let status = bin()
        .args([
            "--intree",
            intree.to_str().unwrap(),
            "--outtree",
            out.to_str().unwrap(),
        ])
        .args(["--reportfile", report.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    assert_eq!(
        fs::read_to_string(out.join("a.py")).unwrap(),
        "import tensorflow as tf\nx = tf.io.gfile.exists('p')\n"
    );
    // A file that does not parse is written unchanged, with an ERROR entry.
    assert_eq!(
        fs::read_to_string(out.join("pkg/b.py")).unwrap(),
        "import tensorflow as tf\nprint 'py2'\n"
    );
    assert_eq!(
        fs::read_to_string(out.join("pkg/data.txt")).unwrap(),
        "not python\n"
    );
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("Converted 2 files\n"), "{text}");
    assert!(
        text.contains(&format!(
            "{}:2:6: ERROR: ",
            intree.join("pkg/b.py").display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("Input tree: '{}'", intree.display())),
        "{text}"
    );
    assert!(
        text.contains("2:4: INFO: Renamed 'tf.gfile.Exists' to 'tf.io.gfile.exists'"),
        "{text}"
    );
    // Sections come in path order.
    let a = text
        .find(&format!(
            "Processing file '{}'",
            intree.join("a.py").display()
        ))
        .unwrap();
    let b = text
        .find(&format!(
            "Processing file '{}'",
            intree.join("pkg/b.py").display()
        ))
        .unwrap();
    assert!(a < b);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn copyotherfiles_false_copies_only_python() {
    let dir = common::scratch_dir("tree-nocopy");
    let intree = dir.join("old");
    write(&intree.join("a.py"), "x = 1\n");
    write(&intree.join("notes.md"), "# notes\n");
    let out = dir.join("new");
    let status = bin()
        .args([
            "--intree",
            intree.to_str().unwrap(),
            "--outtree",
            out.to_str().unwrap(),
            "--copyotherfiles",
            "False",
        ])
        .args(["--reportfile", dir.join("r.txt").to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(out.join("a.py").exists());
    assert!(!out.join("notes.md").exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn symbolic_links_follow_the_reference() {
    use std::os::unix::fs::symlink;
    let dir = common::scratch_dir("tree-links");
    let intree = dir.join("old");
    write(
        &intree.join("real.py"),
        "import tensorflow as tf\ntf.log(1)\n",
    );
    write(
        &dir.join("outside.py"),
        "import tensorflow as tf\ntf.log(2)\n",
    );
    symlink("real.py", intree.join("alias.py")).unwrap();
    symlink(dir.join("outside.py"), intree.join("ext.py")).unwrap();
    let out = dir.join("new");
    let report = dir.join("r.txt");
    let status = bin()
        .args([
            "--intree",
            intree.to_str().unwrap(),
            "--outtree",
            out.to_str().unwrap(),
        ])
        .args(["--reportfile", report.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    // A link to a converted file points at its converted copy.
    assert_eq!(
        fs::read_link(out.join("alias.py")).unwrap(),
        PathBuf::from("real.py")
    );
    assert_eq!(
        fs::read_to_string(out.join("alias.py")).unwrap(),
        "import tensorflow as tf\ntf.math.log(1)\n"
    );
    // A link out of the tree stays a link to the same target; the target is
    // neither converted nor written.
    assert_eq!(
        fs::read_link(out.join("ext.py")).unwrap(),
        dir.join("outside.py")
    );
    assert_eq!(
        fs::read_to_string(dir.join("outside.py")).unwrap(),
        "import tensorflow as tf\ntf.log(2)\n"
    );
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("Converted 1 files\n"), "{text}");
    assert!(text.contains("Copying symlink"), "{text}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refuses_existing_or_same_output_tree() {
    let dir = common::scratch_dir("tree-refuse");
    let intree = dir.join("old");
    write(&intree.join("a.py"), "x = 1\n");
    fs::create_dir_all(dir.join("exists")).unwrap();
    let out = bin()
        .args([
            "--intree",
            intree.to_str().unwrap(),
            "--outtree",
            dir.join("exists").to_str().unwrap(),
        ])
        .args(["--reportfile", dir.join("r.txt").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must not already exist"));
    fs::remove_dir_all(&dir).unwrap();
}
