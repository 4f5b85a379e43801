use super::*;

fn at(line: usize) -> Position {
    Position {
        line,
        col: 0,
        cell: None,
    }
}

fn in_cell(line: usize, cell: usize, cell_line: usize) -> Position {
    Position {
        line,
        col: 0,
        cell: Some((cell, cell_line)),
    }
}

/// The rows of a hunk as `' '`/`-`/`+` and the text, one string each.
fn shown(h: &Hunk) -> Vec<String> {
    h.rows
        .iter()
        .map(|r| {
            let tag = match r.tag {
                Tag::Same => ' ',
                Tag::Removed => '-',
                Tag::Added => '+',
            };
            format!("{tag}{}", r.text)
        })
        .collect()
}

/// `n` numbered lines, `l1` to `ln`, each ending with `\n`.
fn numbered(n: usize) -> String {
    (1..=n).map(|i| format!("l{i}\n")).collect()
}

fn python(old: &str, new: &str, positions: &[Position]) -> Vec<Hunk> {
    let view = compute(old.as_bytes(), new.as_bytes(), false, positions);
    assert!(view.placed);
    assert!(view.sections.iter().all(|s| s.cell.is_none()));
    view.sections.into_iter().flat_map(|s| s.hunks).collect()
}

#[test]
fn lines_end_at_every_python_line_break() {
    assert_eq!(lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
    assert_eq!(lines("a\n"), ["a"]);
    assert_eq!(lines("a\n\n"), ["a", ""]);
    assert_eq!(lines(""), Vec::<&str>::new());
    assert_eq!(lines("\r\r\n"), ["", ""]);
}

#[test]
fn no_change_and_nothing_to_show_is_no_hunk() {
    let text = numbered(20);
    assert!(python(&text, &text, &[]).is_empty());
    assert!(python("", "", &[]).is_empty());
}

#[test]
fn a_change_gets_context_on_both_sides() {
    let old = numbered(20);
    let new = old.replace("l10\n", "L10\n");
    let h = python(&old, &new, &[]);
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].old_start, h[0].new_start), (7, 7));
    assert_eq!(
        shown(&h[0]),
        [" l7", " l8", " l9", "-l10", "+L10", " l11", " l12", " l13"]
    );
}

#[test]
fn close_changes_share_a_hunk_and_distant_ones_do_not() {
    let old = numbered(40);
    // 6 unchanged lines between: the contexts meet, one hunk.
    let near = old.replace("l10\n", "X\n").replace("l17\n", "Y\n");
    let h = python(&old, &near, &[]);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].old_start, 7);
    assert_eq!(h[0].rows.len(), 3 + 2 + 6 + 2 + 3);
    // 7 unchanged lines between: the one line the contexts leave is shown.
    let touching = old.replace("l10\n", "X\n").replace("l18\n", "Y\n");
    assert_eq!(python(&old, &touching, &[]).len(), 1);
    let apart = old.replace("l10\n", "X\n").replace("l19\n", "Y\n");
    assert_eq!(python(&old, &apart, &[]).len(), 2);
    let far = old.replace("l10\n", "X\n").replace("l30\n", "Y\n");
    let h = python(&old, &far, &[]);
    assert_eq!(h.len(), 2);
    assert_eq!((h[1].old_start, h[1].new_start), (27, 27));
}

#[test]
fn an_unchanged_line_of_interest_is_shown_with_context() {
    let old = numbered(30);
    let new = old.replace("l3\n", "L3\n");
    let h = python(&old, &new, &[at(20)]);
    assert_eq!(h.len(), 2);
    assert_eq!(
        shown(&h[1]),
        [" l17", " l18", " l19", " l20", " l21", " l22", " l23"]
    );
    assert_eq!((h[1].old_start, h[1].new_start), (17, 17));
    // In a file that does not change at all.
    let h = python(&old, &old, &[at(1), at(30)]);
    assert_eq!(h.len(), 2);
    assert_eq!(shown(&h[0]), [" l1", " l2", " l3", " l4"]);
    assert_eq!(shown(&h[1]), [" l27", " l28", " l29", " l30"]);
}

#[test]
fn a_line_past_the_end_shows_the_last_line() {
    let old = numbered(10);
    let h = python(&old, &old, &[at(11)]);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].rows.last().unwrap().text, "l10");
    assert!(python("", "", &[at(1)]).is_empty());
}

#[test]
fn inserted_lines_shift_the_new_numbers_only() {
    let old = "import tensorflow as tf\n\nx = tf.placeholder()\n";
    let new = "import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n\nx = tf.compat.v1.placeholder()\n";
    let h = python(old, new, &[at(3)]);
    assert_eq!(h.len(), 1);
    assert_eq!(
        shown(&h[0]),
        [
            " import tensorflow as tf",
            "+tf.compat.v1.disable_v2_behavior()",
            " ",
            "-x = tf.placeholder()",
            "+x = tf.compat.v1.placeholder()",
        ]
    );
    assert_eq!((h[0].old_start, h[0].new_start), (1, 1));
}

#[test]
fn a_file_without_a_last_line_break() {
    let h = python("a\nb", "a\nc", &[]);
    assert_eq!(shown(&h[0]), [" a", "-b", "+c"]);
    let h = python("a\nb", "a\nb\nc", &[]);
    assert_eq!(shown(&h[0]), [" a", " b", "+c"]);
}

#[test]
fn crlf_and_lone_cr_lines_are_lines() {
    let old = "a\r\nb\r\nc\r\nd\r\n";
    let new = "a\r\nB\r\nc\r\nd\r\n";
    let h = python(old, new, &[]);
    assert_eq!(shown(&h[0]), [" a", "-b", "+B", " c", " d"]);
    let h = python("a\rb\rc\r", "a\rb\rc\r", &[at(3)]);
    assert_eq!(shown(&h[0]), [" a", " b", " c"]);
}

#[test]
fn tabs_and_a_byte_order_mark() {
    let h = python("\u{feff}if x:\n\ty = 1\n", "\u{feff}if x:\n\ty = 2\n", &[]);
    assert_eq!(shown(&h[0]), [" if x:", "-\ty = 1", "+\ty = 2"]);
}

fn notebook(cells: &[(&str, &str)]) -> String {
    let cells: Vec<serde_json::Value> = cells
        .iter()
        .map(|(kind, source)| {
            let parts: Vec<String> = source.split_inclusive('\n').map(str::to_string).collect();
            serde_json::json!({"cell_type": kind, "metadata": {}, "source": parts})
        })
        .collect();
    serde_json::json!({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
        .to_string()
}

#[test]
fn notebook_cells_are_sections_with_their_own_lines() {
    let old = notebook(&[
        ("markdown", "# title\n"),
        ("code", "import tensorflow as tf\n"),
        ("code", "a = 1\nx = tf.gfile.Exists('a')\nb = 2"),
        ("code", "c = 3\n"),
    ]);
    let new = old.replace("tf.gfile.Exists", "tf.io.gfile.exists");
    let view = compute(
        old.as_bytes(),
        new.as_bytes(),
        true,
        &[in_cell(3, 3, 2), in_cell(4, 4, 1), at(1)],
    );
    assert!(view.placed);
    let cells: Vec<Option<usize>> = view.sections.iter().map(|s| s.cell).collect();
    assert_eq!(cells, [Some(3), Some(4)]);
    assert_eq!(
        shown(&view.sections[0].hunks[0]),
        [
            " a = 1",
            "-x = tf.gfile.Exists('a')",
            "+x = tf.io.gfile.exists('a')",
            " b = 2"
        ]
    );
    assert_eq!(shown(&view.sections[1].hunks[0]), [" c = 3"]);
}

#[test]
fn notebooks_that_do_not_pair_up_show_the_json_diff_unplaced() {
    let view = compute(b"{not json", b"{not json", true, &[at(1)]);
    assert!(!view.placed);
    assert!(view.sections.is_empty());
    let old = notebook(&[("code", "a = 1\n")]);
    let new = notebook(&[("code", "a = 1\n"), ("code", "b = 2\n")]);
    let view = compute(old.as_bytes(), new.as_bytes(), true, &[in_cell(1, 1, 1)]);
    assert!(!view.placed);
    assert_eq!(view.sections.len(), 1);
    assert_eq!(view.sections[0].cell, None);
}

#[test]
fn format_3_worksheets_and_string_sources() {
    let doc = |code: &str| {
        serde_json::json!({"worksheets": [{"cells": [
            {"cell_type": "heading", "source": "T"},
            {"cell_type": "code", "input": code},
        ]}], "nbformat": 3})
        .to_string()
    };
    let view = compute(
        doc("x = tf.a\ny = 1\n").as_bytes(),
        doc("x = tf.b\ny = 1\n").as_bytes(),
        true,
        &[],
    );
    assert!(view.placed);
    assert_eq!(view.sections[0].cell, Some(2));
    assert_eq!(
        shown(&view.sections[0].hunks[0]),
        ["-x = tf.a", "+x = tf.b", " y = 1"]
    );
}
