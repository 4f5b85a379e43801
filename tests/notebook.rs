//! Jupyter notebooks: code cells converted like `.py` files, everything else
//! kept byte for byte (notebooks under fixtures/notebooks/).

use std::fs;
use std::path::Path;

use serde_json::Value;
use tf_upgrade_v2::diagnostic::Level;
use tf_upgrade_v2::engine::{Mode, Options};
use tf_upgrade_v2::pipeline::{self, Kind, Settings};

/// A report entry as the report shows it.
#[derive(Debug, Clone)]
struct LogEntry {
    line: usize,
    col: usize,
    level: Level,
    message: String,
}

fn entries(result: &[tf_upgrade_v2::diagnostic::Entry]) -> Vec<LogEntry> {
    result
        .iter()
        .map(|e| LogEntry {
            line: e.line(),
            col: e.col(),
            level: e.level(),
            message: e.message(),
        })
        .collect()
}

fn convert_notebook(bytes: &[u8], settings: &Settings) -> (Vec<u8>, Vec<LogEntry>) {
    let r = pipeline::convert(bytes, Kind::Notebook, settings);
    let log = entries(&r.entries);
    (r.output, log)
}

fn convert_text(text: &str, settings: &Settings) -> (String, Vec<LogEntry>) {
    let r = pipeline::convert_text(text, settings);
    let log = entries(&r.entries);
    (r.output, log)
}

mod common;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/notebooks")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn job(mode: Mode) -> Settings<'static> {
    Settings::new(
        tf_upgrade_v2::engine::builtin_rules(),
        Options {
            mode,
            ..Options::default()
        },
    )
}

fn convert(name: &str) -> (Vec<u8>, Vec<u8>, Vec<LogEntry>) {
    let input = fixture(name);
    let (out, log) = convert_notebook(&input, &job(Mode::Default));
    (input, out, log)
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("valid notebook JSON")
}

fn cells(nb: &Value) -> &Vec<Value> {
    nb["cells"].as_array().unwrap()
}

/// A cell's source as one text.
fn source(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines.iter().map(|l| l.as_str().unwrap()).collect(),
        other => panic!("bad source {other}"),
    }
}

#[test]
fn only_code_sources_change() {
    let (input, out, log) = convert("mixed.ipynb");
    let (old, new) = (json(&input), json(&out));
    // Everything but the code cells' sources is equal: markdown, outputs,
    // metadata, top-level keys.
    let strip = |nb: &Value| {
        let mut nb = nb.clone();
        for cell in nb["cells"].as_array_mut().unwrap() {
            if cell["cell_type"] == "code" {
                cell["source"] = Value::Null;
            }
        }
        nb
    };
    assert_eq!(strip(&old), strip(&new));
    // Byte level: the only lines that differ are elements of source lists
    // (or a source string), and the file keeps its layout.
    let (old_text, new_text) = (
        String::from_utf8(input.clone()).unwrap(),
        String::from_utf8(out.clone()).unwrap(),
    );
    assert_eq!(old_text.lines().count(), new_text.lines().count());
    let mut changed = 0;
    for (a, b) in old_text.lines().zip(new_text.lines()) {
        if a != b {
            changed += 1;
            let t = b.trim_start();
            assert!(
                t.starts_with('"') || t.starts_with("\"source\": \""),
                "changed line outside a source: {b}"
            );
        }
    }
    assert_eq!(changed, 5, "{new_text}");
    let new_cells = cells(&new);
    // Sources stay lists of lines, or a string where they were one.
    assert!(new_cells[2]["source"].is_array());
    assert!(new_cells[6]["source"].is_string());
    assert_eq!(source(&new_cells[6]), "files = tf.io.gfile.glob('*.txt')");
    // The output mentioning tf.gfile.Exists and the markdown are untouched.
    assert_eq!(new_cells[2]["outputs"], cells(&old)[2]["outputs"]);
    assert!(source(&new_cells[0]).contains("`tf.gfile.Exists`"));
    // Entries name the cell and the line within it.
    let first = &log[0];
    assert_eq!((first.line, first.col, first.level), (6, 9, Level::Info));
    assert!(
        first.message.starts_with("cell 3, line 4: "),
        "{}",
        first.message
    );
    assert!(log.iter().all(|e| e.message.starts_with("cell ")));
}

#[test]
fn magics_stay_and_do_not_stop_the_cell() {
    let (_, out, _) = convert("mixed.ipynb");
    let new = json(&out);
    let c = cells(&new);
    assert_eq!(
        source(&c[2]),
        "%matplotlib inline\n!pip install \\\n    tensorflow==1.15\nexists = tf.io.gfile.exists(\"data\")  # café\nprint(exists)"
    );
    // A %% cell magic is not Python: untouched.
    assert_eq!(source(&c[3]), "%%bash\necho tf.gfile.Exists\n");
    // A shell line inside a block.
    assert_eq!(
        source(&c[8]),
        "for f in files:\n    !echo $f\n    print(tf.io.gfile.exists(f))\n"
    );
}

#[test]
fn magic_looking_lines_inside_a_rewritten_statement_keep_the_cell() {
    // The `%s` line is part of a string, not a magic: a rewrite spanning it
    // could print the wrong text, so the cell stays as it is, with a warning.
    let nb = br#"{"cells": [{"cell_type": "code", "source": ["import tensorflow as tf\n", "m = tf.argmax(v, 1, '''\n", "%s\n", "''')\n", "ok = tf.gfile.Exists(1)\n"]}]}"#;
    let (out, log) = convert_notebook(nb, &job(Mode::Default));
    assert_eq!(&out[..], &nb[..]);
    let warning = log.iter().find(|e| e.level == Level::Warning).unwrap();
    assert_eq!((warning.line, warning.col), (3, 0));
    assert!(warning.message.starts_with("cell 1, line 3: "));
    // A rename next to such a line is still made.
    let nb = br#"{"cells": [{"cell_type": "code", "source": ["import tensorflow as tf\n", "ok = tf.gfile.Exists('''\n", "%s\n", "''')\n"]}]}"#;
    let (out, _) = convert_notebook(nb, &job(Mode::Default));
    assert_eq!(
        source(&cells(&json(&out))[0]),
        "import tensorflow as tf\nok = tf.io.gfile.exists('''\n%s\n''')\n"
    );
}

#[test]
fn a_failing_cell_is_reported_and_kept() {
    let (input, out, log) = convert("failing_cell.ipynb");
    let (old, new) = (json(&input), json(&out));
    assert_eq!(source(&cells(&new)[1]), source(&cells(&old)[1]));
    assert_eq!(source(&cells(&new)[2]), "ok = tf.io.gfile.exists('b')\n");
    let errors: Vec<&LogEntry> = log.iter().filter(|e| e.level == Level::Error).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].col), (2, 6));
    assert!(
        errors[0].message.starts_with("cell 2, line 1: "),
        "{}",
        errors[0].message
    );
}

#[test]
fn invalid_json_is_copied_with_an_error() {
    let (input, out, log) = convert("invalid.ipynb");
    assert_eq!(input, out);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].level, Level::Error);
    assert!(log[0].message.contains("not valid JSON"));
}

#[test]
fn unchanged_notebook_is_byte_identical() {
    let (input, out, log) = convert("unchanged.ipynb");
    assert_eq!(input, out);
    assert!(log.is_empty(), "{log:?}");
    // Also in SAFETY mode when only an excluded import is present.
    let nb = br#"{"cells": [{"cell_type": "code", "source": ["import tensorflow.compat.v1 as tf\n", "x = tf.gfile.Exists(1)"]}], "metadata": {}}"#;
    let (out, log) = convert_notebook(nb, &job(Mode::Safety));
    assert_eq!(&out[..], &nb[..]);
    assert!(log.is_empty(), "{log:?}");
}

#[test]
fn cells_convert_like_python_files() {
    let (input, out, log) = convert("self_contained.ipynb");
    let (old, new) = (json(&input), json(&out));
    let mut all_py_entries = Vec::new();
    for (a, b) in cells(&old).iter().zip(cells(&new)) {
        let (py, py_log) = convert_text(&source(a), &job(Mode::Default));
        assert_eq!(source(b), py);
        all_py_entries.extend(py_log.into_iter().map(|e| (e.level, e.message)));
    }
    let nb_entries: Vec<(Level, String)> = log
        .iter()
        .map(|e| {
            let (_, rest) = e.message.split_once(": ").unwrap();
            (e.level, rest.to_string())
        })
        .collect();
    assert!(!nb_entries.is_empty());
    assert_eq!(nb_entries, all_py_entries);
}

#[test]
fn safety_mode_in_a_notebook() {
    let input = fixture("self_contained.ipynb");
    let (out, _) = convert_notebook(&input, &job(Mode::Safety));
    let new = json(&out);
    assert_eq!(
        source(&cells(&new)[3]),
        "from tensorflow import contrib\nfrom tensorflow.compat.v1 import nn\nimport tensorflow.compat.v1 as tf\n"
    );
    // A split import at the top of a cell takes nothing from the cell above
    // (as at the top of a .py file), in a list or a string source.
    let nb = br##"{"cells": [
 {"cell_type": "code", "source": ["import os\n", "# end of cell 1\n", "\n"]},
 {"cell_type": "code", "source": ["from tensorflow import contrib, nn\n", "# tail"]},
 {"cell_type": "code", "source": "x = 1\n\n# c\nfrom tensorflow import contrib, nn"}
]}"##;
    let safety = job(Mode::Safety);
    let (out, _) = convert_notebook(nb, &safety);
    let (old, new) = (json(nb), json(&out));
    for (a, b) in cells(&old).iter().zip(cells(&new)) {
        assert_eq!(source(b), convert_text(&source(a), &safety).0);
    }
    assert_eq!(
        source(&cells(&new)[1]),
        "from tensorflow import contrib\nfrom tensorflow.compat.v1 import nn\n# tail"
    );
    assert!(cells(&new)[2]["source"].is_string());
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(
        r##"["from tensorflow import contrib\n", "from tensorflow.compat.v1 import nn\n", "# tail"]"##
    ));
}

#[test]
fn the_notebook_is_one_program() {
    // `import tensorflow` (no alias) in cell 2 stops the conversion of cell 3.
    let (input, out, log) = convert("one_program.ipynb");
    assert_eq!(input, out);
    assert_eq!(log.len(), 1);
    assert!(log[0].message.starts_with("cell 2, line 1: "));
    // With `import tensorflow as tf` in the first cell, later cells convert.
    let nb = br#"{"cells": [{"cell_type": "code", "source": ["import tensorflow as tf\n"]}, {"cell_type": "code", "source": ["ok = tf.gfile.Exists(1)"]}]}"#;
    let (out, _) = convert_notebook(nb, &job(Mode::Default));
    assert_eq!(source(&cells(&json(&out))[1]), "ok = tf.io.gfile.exists(1)");
}

#[test]
fn other_layouts_keep_their_shape() {
    // CRLF between JSON tokens, a CRLF inside the code, an empty source.
    let nb = b"{\r\n \"cells\": [\r\n  {\r\n   \"cell_type\": \"code\",\r\n   \"source\": [\r\n    \"import tensorflow as tf\\r\\n\",\r\n    \"ok = tf.gfile.Exists(1)\"\r\n   ]\r\n  },\r\n  {\"cell_type\": \"code\", \"source\": []}\r\n ]\r\n}\r\n";
    let (out, log) = convert_notebook(nb, &job(Mode::Default));
    let expected = String::from_utf8(nb.to_vec())
        .unwrap()
        .replace("tf.gfile.Exists", "tf.io.gfile.exists");
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].line, log[0].col), (2, 5));
    // nbformat 3: worksheets, code under `input`, non-ASCII escaped.
    let v3 = br#"{"worksheets": [{"cells": [{"cell_type": "code", "input": ["import tensorflow as tf\n", "x = tf.gfile.Exists(\"caf\u00e9\")\n"], "language": "python"}]}], "nbformat": 3}"#;
    let (out, _) = convert_notebook(v3, &job(Mode::Default));
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{"worksheets": [{"cells": [{"cell_type": "code", "input": ["import tensorflow as tf\n", "x = tf.io.gfile.exists(\"caf\u00e9\")\n"], "language": "python"}]}], "nbformat": 3}"#
    );
    // A notebook in another language is left alone.
    let r = br#"{"cells": [{"cell_type": "code", "source": ["x <- tf$gfile$Exists(1)"]}], "metadata": {"kernelspec": {"language": "R"}}}"#;
    let (out, log) = convert_notebook(r, &job(Mode::Default));
    assert_eq!(&out[..], &r[..]);
    assert_eq!(log[0].level, Level::Info);
}

#[test]
fn tree_mode_converts_notebooks() {
    let dir = common::scratch_dir("nb-tree");
    let intree = dir.join("old");
    fs::create_dir_all(intree.join("nb")).unwrap();
    fs::write(intree.join("a.py"), "import tensorflow as tf\n").unwrap();
    fs::write(intree.join("nb/m.ipynb"), fixture("mixed.ipynb")).unwrap();
    fs::write(intree.join("nb/bad.ipynb"), fixture("invalid.ipynb")).unwrap();
    let out = dir.join("new");
    let report = dir.join("report.txt");
    let status = common::bin()
        .args(["--intree", intree.to_str().unwrap()])
        .args(["--outtree", out.to_str().unwrap()])
        .args(["--reportfile", report.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let (_, expected, _) = convert("mixed.ipynb");
    assert_eq!(fs::read(out.join("nb/m.ipynb")).unwrap(), expected);
    assert_eq!(
        fs::read(out.join("nb/bad.ipynb")).unwrap(),
        fixture("invalid.ipynb")
    );
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("Converted 3 files"), "{text}");
    assert!(text.contains("m.ipynb'\n"), "{text}");
    assert!(text.contains("bad.ipynb:9:0: ERROR: "), "{text}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn lines_are_numbered_like_the_reference() {
    // The reference joins the Python code cells element by element: every
    // element of a list `source` is one line, an empty string too, and
    // `""` or `[]` sources are no lines at all. Expected lines are the
    // reference's (tf_upgrade_v2 2.21.0 on these notebooks).
    let nb = |middle: &str| {
        format!(
            r#"{{"cells": [{{"cell_type": "code", "source": ["import tensorflow as tf\n"]}}, {{"cell_type": "code", "source": {middle}}}, {{"cell_type": "markdown", "source": ["a\n", "b"]}}, {{"cell_type": "code", "source": ["x = tf.placeholder(tf.float32)\n", "y = tf.log(x)"]}}]}}"#
        )
    };
    for (middle, want) in [
        (r#"[""]"#, [(3, 4), (4, 4)]),
        (r#""""#, [(2, 4), (3, 4)]),
        ("[]", [(2, 4), (3, 4)]),
        (r#"["", ""]"#, [(4, 4), (5, 4)]),
        (r#"["x = 1\n", ""]"#, [(4, 4), (5, 4)]),
        (r#"["x = 1\ny = 2\n"]"#, [(3, 4), (4, 4)]),
        (r#"["%%bash\n", "ls\n"]"#, [(2, 4), (3, 4)]),
        (r#"["\n"]"#, [(3, 4), (4, 4)]),
    ] {
        let (_, log) = convert_notebook(nb(middle).as_bytes(), &job(Mode::Default));
        let got: Vec<(usize, usize)> = log.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(got, want, "middle cell {middle}");
    }
    // Inside a cell, an empty element is a line of its own.
    let nb = br#"{"cells": [{"cell_type": "code", "source": ["import tensorflow as tf\n", "", "y = tf.log(x)"]}]}"#;
    let (_, log) = convert_notebook(nb, &job(Mode::Default));
    let got: Vec<(usize, usize)> = log.iter().map(|e| (e.line, e.col)).collect();
    assert_eq!(got, [(3, 4)]);
}
