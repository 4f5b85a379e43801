use std::path::Path;

use super::*;
use crate::diagnostic::{Diagnostic, Entry, Level, Position, Range};
use crate::plan::{Item, Located};
use crate::report::Status;

fn pos(line: usize, col: usize) -> Position {
    Position {
        line,
        col,
        cell: None,
    }
}

fn entry(rule: Rule, level: Level, line: usize, message: &str) -> Entry {
    Entry {
        diagnostic: Diagnostic::new(rule, level, Range::at(0), message.into()),
        pos: pos(line, 4),
    }
}

fn item(step: Step, line: usize, what: &str, replacement: Option<&str>) -> Located {
    Located {
        item: Item {
            step,
            range: Range::at(0),
            what: what.into(),
            replacement: replacement.map(str::to_string),
            why: format!("{what} is TF 1"),
        },
        pos: pos(line, 0),
    }
}

/// A tree of two files under `/work/proj/src`: one changed, with entries
/// and plan items, and one left alone.
fn report() -> Report {
    let old = "import tensorflow as tf\nsess = tf.Session()\nx = tf.placeholder(1)\n";
    let new =
        "import tensorflow as tf\nsess = tf.compat.v1.Session()\nx = tf.compat.v1.placeholder(1)\n";
    let mut a = FileReport::new("/work/proj/src/models/a.py".into(), "/out/a.py".into());
    a.status = Status::Changed;
    a.entries = vec![
        entry(Rule::Rename, Level::Info, 2, "Renamed 'tf.Session'"),
        entry(
            Rule::ApiMissing,
            Level::Error,
            3,
            "</script><!-- tf.placeholder & co",
        ),
    ];
    a.plan = vec![
        item(
            Step::Functions,
            2,
            "tf.compat.v1.Session",
            Some("tf.function"),
        ),
        item(Step::Input, 3, "tf.compat.v1.placeholder", None),
    ];
    a.set_view(old.as_bytes(), new.as_bytes(), false);
    let mut b = FileReport::new("/work/proj/src/b.py".into(), "/out/b.py".into());
    b.set_view(b"a = 1\n", b"a = 1\n", false);
    Report {
        files_converted: 2,
        input_tree: Some("/work/proj/src".into()),
        files: vec![a, b],
        ..Report::default()
    }
}

fn page(report: &Report) -> String {
    let source_line = |_: &str, _: &Entry| None;
    let options = Options {
        cwd: Path::new("/work/proj"),
        print_all: false,
        fail_on_warning: false,
        source_line: &source_line,
    };
    render(
        report,
        &options,
        &Page {
            target: Some("2.21"),
            mode: "DEFAULT",
        },
    )
}

/// The text of the page's one data element.
fn blob(page: &str) -> &str {
    let open = "<script type=\"application/json\" id=\"data\">";
    assert_eq!(page.matches(open).count(), 1);
    let start = page.find(open).unwrap() + open.len();
    let len = page[start..].find("</script>").unwrap();
    &page[start..start + len]
}

#[test]
fn the_data_holds_files_entries_plan_items_and_views() {
    let page = page(&report());
    let text = blob(&page);
    assert!(!text.contains("</"));
    assert!(!text.contains("<!"));
    let data: Value = serde_json::from_str(text).unwrap();
    assert_eq!(data["target"], "2.21");
    assert_eq!(data["root"], "src");
    assert_eq!(data["steps"].as_array().unwrap().len(), Step::ALL.len());
    assert_eq!(
        data["steps"][0],
        json!([Step::Functions.id(), Step::Functions.title()])
    );
    assert_eq!(data["rules"]["api-missing"], Rule::ApiMissing.doc());
    let files = data["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let a = &files[0];
    assert_eq!(a["path"], "src/models/a.py");
    assert_eq!(a["top"], "models");
    assert_eq!(files[1]["top"], "");
    assert_eq!(a["status"], "changed");
    // The message comes back as it was, through the escapes.
    assert_eq!(
        a["entries"][1],
        json!([
            3,
            4,
            "ERROR",
            "api-missing",
            "</script><!-- tf.placeholder & co",
            null,
            null
        ])
    );
    assert_eq!(
        a["plan"][0],
        json!([
            2,
            0,
            "functions",
            "tf.compat.v1.Session",
            "tf.function",
            "tf.compat.v1.Session is TF 1",
            null,
            null
        ])
    );
    assert_eq!(a["plan"][1][2], "input");
    assert_eq!(a["plan"][1][4], Value::Null);
    assert_eq!(
        a["view"],
        json!({"placed": true, "sections": [[null, 3, [[1, 1, [
            " import tensorflow as tf",
            "-sess = tf.Session()",
            "-x = tf.placeholder(1)",
            "+sess = tf.compat.v1.Session()",
            "+x = tf.compat.v1.placeholder(1)",
        ]]]]]})
    );
    assert_eq!(files[1]["view"], json!({"placed": true, "sections": []}));
}

#[test]
fn the_page_loads_nothing_from_elsewhere() {
    let page = page(&report());
    for attr in ["src=", "href="] {
        for (i, _) in page.match_indices(attr) {
            let value = &page[i + attr.len()..];
            assert!(
                value.starts_with("\"data:") || value.starts_with("\"#"),
                "{}",
                &value[..40.min(value.len())]
            );
        }
    }
    assert!(page.contains("Content-Security-Policy"));
    assert!(page.contains("default-src 'none'"));
    assert!(!page.contains("@import"));
    assert!(!page.contains("url("));
}

#[test]
fn the_inlined_style_and_script_cannot_end_their_elements() {
    assert!(!CSS.to_ascii_lowercase().contains("</style"));
    assert!(!JS.to_ascii_lowercase().contains("</script"));
    assert!(!JS.contains("<!--"));
    let page = page(&report());
    assert_eq!(page.matches("<script").count(), 2);
    assert_eq!(page.matches("</script>").count(), 2);
}

#[test]
fn a_script_end_in_the_data_is_escaped() {
    let v = json!({"m": "a </script> b <!-- c </SCRIPT"});
    let text = script_json(&v);
    assert!(!text.to_ascii_lowercase().contains("</script"));
    assert!(!text.contains("<!"));
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
}

#[test]
fn top_folders_are_under_the_tree() {
    assert_eq!(top_folder("src/a/b/c.py", Some("src")), "a");
    assert_eq!(top_folder("src/c.py", Some("src")), "");
    assert_eq!(top_folder("a/c.py", None), "a");
    assert_eq!(top_folder("c.py", None), "");
    assert_eq!(top_folder("/x/y.py", Some("src")), "x");
}

#[test]
fn a_file_without_a_view_has_null() {
    let mut r = report();
    r.files[0].view = None;
    let page = page(&r);
    let data: Value = serde_json::from_str(blob(&page)).unwrap();
    assert_eq!(data["files"][0]["view"], Value::Null);
}
