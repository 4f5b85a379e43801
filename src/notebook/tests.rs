use super::json::json_string;
use super::*;

#[test]
fn magics_become_inert_with_the_same_length() {
    let src = "%matplotlib inline\n!pip install \\\n  tensorflow\nx = 1\nif x:\n    !ls\n?tf\n";
    let (out, ranges) = inert_magics(src);
    assert_eq!(
        ranges,
        vec![(0, 18), (19, 33), (34, 46), (59, 66), (67, 70)]
    );
    assert_eq!(out.len(), src.len());
    assert_eq!(
        out,
        "0                 \n0             \n            \nx = 1\nif x:\n    0  \n0  \n"
    );
    assert!(syntax::parse(&out).is_ok());
    // Python that only looks like a magic when indented stays.
    assert_eq!(inert_magics("    x != y\n").0, "    x != y\n");
}

#[test]
fn strings_are_escaped_like_python_json() {
    assert_eq!(
        json_string("a\"b\\c\n\t\u{1}é", false),
        "\"a\\\"b\\\\c\\n\\t\\u0001é\""
    );
    assert_eq!(json_string("é😀", true), "\"\\u00e9\\ud83d\\ude00\"");
}

#[test]
fn scanner_keeps_spans_and_decodes() {
    let text = r#"{"a": ["x\n", "\u00e9\ud83d\ude00"], "b": 1}"#;
    let root = Scanner::new(text).document().unwrap();
    let a = root.get("a").unwrap();
    assert_eq!(&text[a.start..a.end], r#"["x\n", "\u00e9\ud83d\ude00"]"#);
    let Kind::Array(items) = &a.kind else {
        panic!("not an array")
    };
    assert_eq!(items[1].as_str(), Some("é😀"));
}
