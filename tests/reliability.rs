//! Reliability, end to end: the built binary on temporary trees. Nothing
//! crashes, nothing is lost, every bad input gets a clear answer.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::BIN;

const TF: &str = "import tensorflow as tf\n";

/// A fresh directory under the system temp dir, removed on drop.
struct Tmp(PathBuf);

impl Tmp {
    fn new(name: &str) -> Tmp {
        Tmp(common::scratch_dir(&format!("rel-{name}")))
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    fn write(&self, rel: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, data).unwrap();
        p
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        // Give back permissions taken away by a test before removing.
        for e in walkdir::WalkDir::new(&self.0).into_iter().flatten() {
            if !e.path_is_symlink() {
                let _ = set_mode(e.path(), 0o755);
            }
        }
        let _ = set_mode(&self.0, 0o755);
        let _ = fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stderr: String,
    report: String,
}

fn run_with(args: &[&std::ffi::OsStr], report: &Path, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).arg("--reportfile").arg(report);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run the binary");
    Run {
        code: out.status.code().expect("exited normally (no signal)"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        report: fs::read_to_string(report).unwrap_or_default(),
    }
}

fn tree(t: &Tmp, intree: &Path, outtree: &Path) -> Run {
    run_with(
        &[
            "--intree".as_ref(),
            intree.as_os_str(),
            "--outtree".as_ref(),
            outtree.as_os_str(),
        ],
        &t.path("report.txt"),
        &[],
    )
}

fn file(t: &Tmp, input: &Path, output: &Path) -> Run {
    run_with(
        &[
            "--infile".as_ref(),
            input.as_os_str(),
            "--outfile".as_ref(),
            output.as_os_str(),
        ],
        &t.path("report.txt"),
        &[],
    )
}

/// `LINE:COL: LEVEL` of the detailed log entries of the file whose path ends
/// with `name`.
fn entries(report: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = false;
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("Processing file ") {
            current = rest.trim_matches(|c| c == '\'' || c == '"').ends_with(name);
            continue;
        }
        if !current {
            continue;
        }
        let mut parts = line.splitn(4, ':');
        if let (Some(l), Some(c), Some(level)) = (parts.next(), parts.next(), parts.next()) {
            if l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok() {
                out.push(format!("{l}:{c}:{level}"));
            }
        }
    }
    out
}

/// Byte equality without printing megabytes when it fails.
#[track_caller]
fn assert_same(got: &[u8], want: &[u8], what: &str) {
    if got != want {
        let at = got.iter().zip(want).take_while(|(a, b)| a == b).count();
        let show = |b: &[u8]| {
            String::from_utf8_lossy(&b[at.min(b.len())..(at + 60).min(b.len())]).into_owned()
        };
        panic!(
            "{what}: {} bytes, expected {}; first difference at byte {at}: {:?} instead of {:?}",
            got.len(),
            want.len(),
            show(got),
            show(want)
        );
    }
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(mode))
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn temp_files_left(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tfup"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

// ---------------------------------------------------------------- syntax

#[test]
fn syntax_errors_leave_the_file_unchanged_and_the_run_goes_on() {
    let t = Tmp::new("syntax");
    let py2 = "import tensorflow as tf\r\n\r\nprint \"hello\"\r\nx = tf.gfile.Exists('a')\r\n";
    t.write("in/a_py2.py", py2);
    let broken = b"import tensorflow as tf\nx = tf.gfile.Exists(\n\xc3\xa9 = \n";
    t.write("in/b_broken.py", broken);
    t.write("in/c_good.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    let r = tree(&t, &t.path("in"), &t.path("out"));
    assert_eq!(r.code, 0, "ERROR entries are not a failure: {}", r.stderr);
    assert_eq!(fs::read(t.path("out/a_py2.py")).unwrap(), py2.as_bytes());
    assert_eq!(fs::read(t.path("out/b_broken.py")).unwrap(), broken);
    assert_eq!(
        fs::read_to_string(t.path("out/c_good.py")).unwrap(),
        format!("{TF}x = tf.io.gfile.exists('a')\n")
    );
    // The parser's position: `"hello"` at line 3, column 6.
    assert_eq!(entries(&r.report, "a_py2.py"), vec!["3:6: ERROR"]);
    let b = entries(&r.report, "b_broken.py");
    assert_eq!(b.len(), 1, "{b:?}");
    assert!(b[0].ends_with("ERROR"));
    assert!(r.report.contains("Failed to parse"));
}

// ------------------------------------------------------------- encodings

#[test]
fn utf8_byte_order_mark_is_kept() {
    let t = Tmp::new("bom");
    let input = t.write(
        "a.py",
        b"\xef\xbb\xbfimport tensorflow as tf\nx = tf.gfile.Exists('\xc3\xa9')\n",
    );
    let r = file(&t, &input, &t.path("b.py"));
    assert_eq!(r.code, 0);
    assert_eq!(
        fs::read(t.path("b.py")).unwrap(),
        b"\xef\xbb\xbfimport tensorflow as tf\nx = tf.io.gfile.exists('\xc3\xa9')\n"
    );
    assert_eq!(entries(&r.report, "a.py"), vec!["2:4: INFO"]);
}

#[test]
fn coding_cookie_is_honoured() {
    let t = Tmp::new("cookie");
    // latin-1: 'é' is one byte in the file, two in the decoded text, and
    // columns count decoded UTF-8 bytes, as Python's ast does.
    t.write(
        "in/latin.py",
        b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\nx = '\xe9' + tf.gfile.Exists('a')  # caf\xe9\n",
    );
    // cp1252: 0x80 is the euro sign.
    t.write(
        "in/win.py",
        b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nimport tensorflow as tf\ny = tf.gfile.Exists('\x80')\n",
    );
    // An encoding this tool does not know: unchanged, ERROR.
    let klingon = b"# coding: klingon\nimport tensorflow as tf\nz = tf.gfile.Exists('a')\n";
    t.write("in/unknown.py", klingon);
    // Bytes that are not valid in the cookie's encoding: unchanged, ERROR.
    let bad_ascii = b"# coding: ascii\nimport tensorflow as tf\nz = tf.gfile.Exists('\xe9')\n";
    t.write("in/bad_ascii.py", bad_ascii);
    // Invalid UTF-8 and no cookie: unchanged, ERROR where the bad byte is.
    let bad_utf8 = b"import tensorflow as tf\nz = tf.gfile.Exists('\xe9')\n";
    t.write("in/bad_utf8.py", bad_utf8);

    let r = tree(&t, &t.path("in"), &t.path("out"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read(t.path("out/latin.py")).unwrap(),
        b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\nx = '\xe9' + tf.io.gfile.exists('a')  # caf\xe9\n"
    );
    assert_eq!(entries(&r.report, "latin.py"), vec!["3:11: INFO"]);
    assert_eq!(
        fs::read(t.path("out/win.py")).unwrap(),
        b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nimport tensorflow as tf\ny = tf.io.gfile.exists('\x80')\n"
    );
    assert_eq!(fs::read(t.path("out/unknown.py")).unwrap(), klingon);
    assert_eq!(entries(&r.report, "unknown.py"), vec!["1:0: ERROR"]);
    assert!(r.report.contains("klingon"));
    assert_eq!(fs::read(t.path("out/bad_ascii.py")).unwrap(), bad_ascii);
    assert_eq!(entries(&r.report, "bad_ascii.py"), vec!["3:21: ERROR"]);
    assert_eq!(fs::read(t.path("out/bad_utf8.py")).unwrap(), bad_utf8);
    assert_eq!(entries(&r.report, "bad_utf8.py"), vec!["2:21: ERROR"]);
    assert!(r.report.contains("not valid utf-8"));
}

// ---------------------------------------------------------- line endings

#[test]
fn line_endings_are_kept_byte_for_byte() {
    let t = Tmp::new("eol");
    let lines = [
        "import tensorflow as tf",
        "# a comment  ",
        "x = tf.gfile.Exists('a')",
        "y = tf.compat.v1.foo(1,",
        "     2)",
        "",
        "z = tf.gfile.Exists('b')",
    ];
    let join = |ends: &[&str]| -> String {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{l}{}", ends[i % ends.len()]))
            .collect()
    };
    let cases: [(&str, Vec<&str>); 4] = [
        ("crlf", vec!["\r\n"]),
        ("cr", vec!["\r"]),
        ("lf", vec!["\n"]),
        ("mixed", vec!["\r\n", "\n", "\r"]),
    ];
    for (name, ends) in &cases {
        let src = join(ends);
        t.write(&format!("in/{name}.py"), &src);
    }
    let r = tree(&t, &t.path("in"), &t.path("out"));
    assert_eq!(r.code, 0);
    for (name, ends) in &cases {
        let src = join(ends);
        let want = src.replace("tf.gfile.Exists", "tf.io.gfile.exists");
        let got = fs::read_to_string(t.path(&format!("out/{name}.py"))).unwrap();
        assert_eq!(got, want, "{name}");
        // Python counts `\r`, `\n` and `\r\n` as one line break each.
        let e = entries(&r.report, &format!("{name}.py"));
        assert!(e.contains(&"3:4: INFO".to_string()), "{name}: {e:?}");
        assert!(e.contains(&"7:4: INFO".to_string()), "{name}: {e:?}");
    }
}

// ------------------------------------------------------ sizes and shapes

#[test]
fn odd_sizes_and_shapes() {
    let t = Tmp::new("shapes");
    t.write("in/empty.py", "");
    t.write("in/comments.py", "# only\n#  comments\r\n\n   # here");
    let parens = format!(
        "{TF}x = {}tf.gfile.Exists('a'){}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    t.write("in/parens.py", &parens);
    let chain = format!("{TF}x = tf{}\n", ".a".repeat(10_000));
    t.write("in/chain.py", &chain);
    let mut binary = Vec::new();
    let mut seed = 0x2545F4914F6CDD1Du64;
    for _ in 0..4096 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        binary.push((seed >> 24) as u8);
    }
    t.write("in/binary.py", &binary);
    let nul = b"import tensorflow as tf\nx = tf.gfile.Exists('a')\x00\n";
    t.write("in/nul.py", nul);
    // Deep but within what Python accepts: converted, no stack overflow.
    let deep_ok = format!(
        "{TF}x = {}tf.gfile.Exists('a'){}\ny = 1{}\nz = a{}.b\n",
        "(".repeat(190),
        ")".repeat(190),
        " + tf.gfile.Exists(b)".repeat(2_500),
        ".b".repeat(2_900),
    );
    t.write("in/deep_ok.py", &deep_ok);

    let r = tree(&t, &t.path("in"), &t.path("out"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read(t.path("out/empty.py")).unwrap(), b"");
    assert!(entries(&r.report, "empty.py").is_empty());
    assert_eq!(
        fs::read(t.path("out/comments.py")).unwrap(),
        b"# only\n#  comments\r\n\n   # here"
    );
    assert!(entries(&r.report, "comments.py").is_empty());
    for (name, src) in [
        ("parens.py", parens.as_bytes()),
        ("chain.py", chain.as_bytes()),
        ("binary.py", &binary),
        ("nul.py", nul),
    ] {
        assert_eq!(
            fs::read(t.path(&format!("out/{name}"))).unwrap(),
            src,
            "{name}"
        );
        let e = entries(&r.report, name);
        assert_eq!(e.len(), 1, "{name}: {e:?}");
        assert!(e[0].ends_with("ERROR"), "{name}: {e:?}");
    }
    // The 201st bracket, the NUL byte.
    assert_eq!(entries(&r.report, "parens.py"), vec!["2:204: ERROR"]);
    assert_eq!(entries(&r.report, "nul.py"), vec!["2:24: ERROR"]);
    assert_eq!(
        entries(&r.report, "chain.py")[0].split(':').next(),
        Some("2")
    );
    assert!(r.report.contains("nested brackets"));
    assert!(r.report.contains("nested too deeply"));
    assert!(r.report.contains("NUL byte"));

    let want = deep_ok.replace("tf.gfile.Exists", "tf.io.gfile.exists");
    assert_same(
        &fs::read(t.path("out/deep_ok.py")).unwrap(),
        want.as_bytes(),
        "deep_ok",
    );
    assert_eq!(entries(&r.report, "deep_ok.py").len(), 2_501);
}

/// 50 MB of code. Slow in a debug build: run by `scripts/check_large.sh`
/// (a release build), or `cargo test --release --test reliability -- --ignored`.
#[test]
#[ignore]
fn fifty_megabytes() {
    let t = Tmp::new("large");
    let line = "x = tf.gfile.Exists('some/path')  # a comment to make the line longer\n";
    let mut src = String::from(TF);
    while src.len() < 50 << 20 {
        src.push_str(line);
    }
    let n = (src.len() - TF.len()) / line.len();
    let input = t.write("big.py", &src);
    let r = file(&t, &input, &t.path("big_out.py"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = fs::read_to_string(t.path("big_out.py")).unwrap();
    assert_same(
        out.as_bytes(),
        src.replace("tf.gfile.Exists", "tf.io.gfile.exists")
            .as_bytes(),
        "big.py",
    );
    assert_eq!(entries(&r.report, "big.py").len(), n);
}

// ----------------------------------------------------------- file system

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories() {
    let t = Tmp::new("unreadable");
    t.write("in/a.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    // A socket cannot be opened for reading, not even by root.
    let _sock = std::os::unix::net::UnixListener::bind(t.path("in/sock.py")).unwrap();
    let locked = t.write("in/locked.py", "x = 1\n");
    set_mode(&locked, 0o000).unwrap();
    let dir = t.write("in/closed/b.py", "y = 2\n");
    set_mode(dir.parent().unwrap(), 0o000).unwrap();
    // Root reads through permission bits: then only the socket is unreadable.
    let privileged = fs::read(&locked).is_ok();

    let r = tree(&t, &t.path("in"), &t.path("out"));
    assert_eq!(
        r.code, 1,
        "an unreadable input is an I/O failure: {}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(t.path("out/a.py")).unwrap(),
        format!("{TF}x = tf.io.gfile.exists('a')\n")
    );
    assert_eq!(entries(&r.report, "sock.py"), vec!["1:0: ERROR"]);
    assert!(r.report.contains("Cannot read the file"));
    assert!(!t.path("out/sock.py").exists());
    if !privileged {
        assert_eq!(entries(&r.report, "locked.py"), vec!["1:0: ERROR"]);
        assert!(r.report.contains("Skipping unreadable path"));
    }
}

#[test]
fn output_tree_inside_the_input_tree() {
    let t = Tmp::new("nested_out");
    t.write("in/a.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    t.write("in/sub/b.py", "y = 1\n");
    let r = tree(&t, &t.path("in"), &t.path("in/out"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(t.path("in/out/a.py").exists());
    assert!(t.path("in/out/sub/b.py").exists());
    assert!(
        !t.path("in/out/out").exists(),
        "its own output was processed"
    );
    assert!(r.report.contains("Converted 2 files"));
    // A second run over the same input now sees the first run's output as
    // input, but never its own.
    let r = tree(&t, &t.path("in"), &t.path("in/out2"));
    assert_eq!(r.code, 0);
    assert!(r.report.contains("Converted 4 files"));
    assert!(!t.path("in/out2/out2").exists());
}

#[cfg(unix)]
#[test]
fn outfile_equal_to_infile_converts_in_place() {
    let t = Tmp::new("same");
    let p = t.write("a.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    set_mode(&p, 0o640).unwrap();
    let r = file(&t, &p, &t.path("./a.py"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        format!("{TF}x = tf.io.gfile.exists('a')\n")
    );
    assert_eq!(mode(&p), 0o640);
    assert!(temp_files_left(&t.0).is_empty());
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_into_loops_or_written_through() {
    use std::os::unix::fs::symlink;
    let t = Tmp::new("links");
    let outside_src = format!("{TF}x = tf.gfile.Exists('outside')\n");
    let outside = t.write("outside/ext.py", &outside_src);
    t.write("in/a.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    symlink("self.py", t.path("in/self.py")).unwrap();
    symlink(".", t.path("in/here")).unwrap();
    fs::create_dir_all(t.path("in/d")).unwrap();
    symlink("..", t.path("in/d/up")).unwrap();
    symlink(&outside, t.path("in/ext.py")).unwrap();

    let r = tree(&t, &t.path("in"), &t.path("out"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.report.contains("Converted 1 files"), "{}", r.report);
    assert_eq!(
        fs::read_to_string(t.path("out/a.py")).unwrap(),
        format!("{TF}x = tf.io.gfile.exists('a')\n")
    );
    assert_eq!(fs::read_to_string(&outside).unwrap(), outside_src);
    assert_eq!(fs::read_link(t.path("out/ext.py")).unwrap(), outside);
    assert_eq!(
        fs::read_link(t.path("out/self.py")).unwrap(),
        Path::new("self.py")
    );
    assert_eq!(fs::read_link(t.path("out/d/up")).unwrap(), Path::new(".."));

    // In place: links are skipped, what they point to is left alone.
    let r = run_with(
        &[
            "--intree".as_ref(),
            t.path("in").as_os_str(),
            "--inplace".as_ref(),
        ],
        &t.path("report2.txt"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&outside).unwrap(), outside_src);
    assert!(fs::symlink_metadata(t.path("in/ext.py"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(r.report.contains("Skipping symlink"));
}

#[test]
fn output_parent_that_cannot_be_created() {
    let t = Tmp::new("noparent");
    let src = format!("{TF}x = tf.gfile.Exists('a')\n");
    let input = t.write("a.py", &src);
    t.write("plainfile", "not a directory");
    let r = file(&t, &input, &t.path("plainfile/sub/out.py"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.report.contains("Cannot create the output directory"),
        "{}",
        r.report
    );
    assert_eq!(fs::read_to_string(&input).unwrap(), src);
    assert!(r.stderr.contains("could not be read or written"));
}

// --------------------------------------------------------- atomic writes

#[cfg(unix)]
#[test]
fn writes_keep_permissions_and_leave_no_temporary_files() {
    let t = Tmp::new("atomic");
    let a = t.write("tree/a.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    let b = t.write("tree/sub/b.py", "#!/usr/bin/env python\nprint(1)\n");
    let c = t.write("tree/c.py", "print 'py2'\n");
    set_mode(&a, 0o600).unwrap();
    set_mode(&b, 0o755).unwrap();
    set_mode(&c, 0o644).unwrap();

    let r = tree(&t, &t.path("tree"), &t.path("out"));
    assert_eq!(r.code, 0);
    assert_eq!(mode(&t.path("out/a.py")), 0o600);
    assert_eq!(mode(&t.path("out/sub/b.py")), 0o755);

    let r = run_with(
        &[
            "--intree".as_ref(),
            t.path("tree").as_os_str(),
            "--inplace".as_ref(),
        ],
        &t.path("report2.txt"),
        &[],
    );
    assert_eq!(r.code, 0);
    assert_eq!(mode(&a), 0o600);
    assert_eq!(mode(&b), 0o755);
    assert_eq!(mode(&c), 0o644);
    assert_eq!(
        fs::read_to_string(&a).unwrap(),
        format!("{TF}x = tf.io.gfile.exists('a')\n")
    );
    assert_eq!(fs::read_to_string(&c).unwrap(), "print 'py2'\n");
    assert!(
        temp_files_left(&t.0).is_empty(),
        "{:?}",
        temp_files_left(&t.0)
    );
}

// ------------------------------------------------------------------ panics

#[test]
fn a_panic_is_contained_to_its_file() {
    if !cfg!(debug_assertions) {
        return; // the test hook exists in debug builds only
    }
    let t = Tmp::new("panic");
    let bomb = format!("{TF}x = tf.gfile.Exists('a')  # BOOM-TEST-MARKER\n");
    t.write("in/a.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    t.write("in/b.py", &bomb);
    t.write("in/c.py", format!("{TF}x = tf.gfile.Exists('c')\n"));
    let r = run_with(
        &[
            "--intree".as_ref(),
            t.path("in").as_os_str(),
            "--outtree".as_ref(),
            t.path("out").as_os_str(),
        ],
        &t.path("report.txt"),
        &[("TF_UPGRADE_V2_TEST_PANIC_MARKER", "BOOM-TEST-MARKER")],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(fs::read_to_string(t.path("out/b.py")).unwrap(), bomb);
    assert_eq!(entries(&r.report, "b.py"), vec!["1:0: ERROR"]);
    assert!(r.report.contains("Internal error"));
    for f in ["a", "c"] {
        assert_eq!(
            fs::read_to_string(t.path(&format!("out/{f}.py"))).unwrap(),
            format!("{TF}x = tf.io.gfile.exists('{f}')\n")
        );
    }
    assert!(r.stderr.contains("internal error on 1 file"));
}

// ------------------------------------------------------------ exit status

#[test]
fn exit_statuses() {
    let t = Tmp::new("exit");
    let input = t.write("a.py", format!("{TF}x = tf.gfile.Exists('a')\n"));
    let report = t.path("r.txt");
    let code = |args: &[&std::ffi::OsStr]| run_with(args, &report, &[]).code;
    // 0: converted.
    assert_eq!(file(&t, &input, &t.path("b.py")).code, 0);
    // 2: usage errors.
    assert_eq!(code(&["--infile".as_ref(), input.as_os_str()]), 2);
    assert_eq!(code(&["--bogus".as_ref()]), 2);
    assert_eq!(code(&[]), 2);
    assert_eq!(
        code(&[
            "--intree".as_ref(),
            t.0.as_os_str(),
            "--inplace".as_ref(),
            "--outtree".as_ref(),
            "x".as_ref()
        ]),
        2
    );
    // 1: the run cannot be done.
    assert_eq!(file(&t, &t.path("missing.py"), &t.path("c.py")).code, 1);
    assert_eq!(tree(&t, &t.path("nope"), &t.path("out")).code, 1);
    fs::create_dir_all(t.path("exists")).unwrap();
    assert_eq!(tree(&t, &t.0, &t.path("exists")).code, 1);
    // 1: the report cannot be written.
    let r = run_with(
        &[
            "--infile".as_ref(),
            input.as_os_str(),
            "--outfile".as_ref(),
            t.path("d.py").as_os_str(),
        ],
        &t.path("no/such/dir/report.txt"),
        &[],
    );
    assert_eq!(r.code, 1);
}
