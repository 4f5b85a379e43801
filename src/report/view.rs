//! A file's view for the HTML page (`--html`): the parts of its diff worth
//! reading, as hunks of old → new lines.
//!
//! A hunk shows the changed lines and the lines that carry a report entry
//! or a plan item (lines of interest, changed or not), each with up to
//! [`CONTEXT`] lines around it; hunks that overlap, touch or would hide a
//! single line between them are merged.
//! Only hunks are kept, never whole files.
//!
//! Entries and plan items are placed in the INPUT text: the pipeline
//! places every diagnostic (the engine's and the target pass's) by the line
//! index of the text it converted, so a line the conversion inserts moves
//! the output's lines but not the entries' (`tf.compat.v1.placeholder` on
//! input line 3 is reported at 3 even where an inserted
//! `disable_v2_behavior()` line makes it line 4 of the output). Lines of
//! interest are therefore old lines; in a notebook, a cell's own line
//! numbers (`Position::cell`), see [`cells`].

mod cells;

use std::collections::BTreeSet;

use crate::diagnostic::Position;

/// Lines of context shown around a changed line or a line of interest.
pub const CONTEXT: usize = 3;

/// What a row of a hunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// The same in the input and the output.
    Same,
    /// Only in the input.
    Removed,
    /// Only in the output.
    Added,
}

/// One line of a hunk, without its line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub tag: Tag,
    pub text: String,
}

/// A run of rows: the first row's line numbers in the input and the output
/// (1-based; for a row only in the other text, the number the next line of
/// that text has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: usize,
    pub new_start: usize,
    pub rows: Vec<Row>,
}

/// The hunks of one text: a Python file, or a notebook's code cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The notebook cell (1-based, all cells counted) whose source this is;
    /// `None` for the file's own text.
    pub cell: Option<usize>,
    /// The number of lines of the input text (a line of interest past the
    /// end is shown as the last one).
    pub lines: usize,
    pub hunks: Vec<Hunk>,
}

/// A file's view: its sections, and whether entries and plan items can be
/// placed on their lines (not when a notebook's cells cannot be matched,
/// where the view is the diff of the JSON text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileView {
    pub sections: Vec<Section>,
    pub placed: bool,
}

/// The view of a file converted from `old` to `new` bytes; `positions`
/// are those of its entries and plan items. A notebook's view has one
/// section per code cell that shows something.
pub fn compute(old: &[u8], new: &[u8], notebook: bool, positions: &[Position]) -> FileView {
    let old = text(old);
    let new = text(new);
    if notebook {
        let interest: BTreeSet<(usize, usize)> = positions.iter().filter_map(|p| p.cell).collect();
        if let Some(sections) = cells::sections(&old, &new, &interest) {
            return FileView {
                sections,
                placed: true,
            };
        }
        // Not cells we can match: the JSON text's changes, entries apart.
        return FileView {
            sections: one_section(&old, &new, &BTreeSet::new()),
            placed: false,
        };
    }
    let interest: BTreeSet<usize> = positions.iter().map(|p| p.line).collect();
    FileView {
        sections: one_section(&old, &new, &interest),
        placed: true,
    }
}

/// The section of a whole text, if it has hunks.
fn one_section(old: &str, new: &str, interest: &BTreeSet<usize>) -> Vec<Section> {
    let old = lines(old);
    let hunks = hunks(&old, &lines(new), interest);
    if hunks.is_empty() {
        return Vec::new();
    }
    vec![Section {
        cell: None,
        lines: old.len(),
        hunks,
    }]
}

/// The bytes as text for reading (invalid UTF-8 shown as U+FFFD), without
/// a byte order mark.
fn text(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    s.strip_prefix('\u{feff}').unwrap_or(&s).to_string()
}

/// The lines of `text` without their breaks: `\n`, `\r\n` and a lone `\r`
/// end a line, as they do for Python (and for the report's line numbers).
/// A last line without a break counts; nothing after the last break does
/// not.
pub fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(&text[start..]);
    }
    out
}

/// A row of the whole diff, by index into the old or new lines.
#[derive(Clone, Copy)]
struct Step {
    tag: Tag,
    /// The old line's index (for an added row, the index of the next old
    /// line).
    old: usize,
    /// The new line's index (for a removed row, that of the next new line).
    new: usize,
}

/// The hunks of the diff of `old` and `new` lines around changed rows and
/// the old lines of `interest` (1-based; past the end means the last line).
pub fn hunks(old: &[&str], new: &[&str], interest: &BTreeSet<usize>) -> Vec<Hunk> {
    if old == new && interest.is_empty() {
        return Vec::new();
    }
    let steps = steps(old, new);
    let last = old.len();
    let wanted: BTreeSet<usize> = interest
        .iter()
        .filter(|&&l| l >= 1 && last > 0)
        .map(|&l| l.min(last) - 1)
        .collect();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let interesting = match s.tag {
            Tag::Added => true,
            Tag::Removed => true,
            Tag::Same => wanted.contains(&s.old),
        };
        if !interesting {
            continue;
        }
        let from = i.saturating_sub(CONTEXT);
        let to = (i + CONTEXT).min(steps.len() - 1);
        // Hunks that overlap or touch merge, and so do hunks one hidden
        // line apart (the line is shown rather than a break).
        match ranges.last_mut() {
            Some(r) if from <= r.1 + 2 => r.1 = r.1.max(to),
            _ => ranges.push((from, to)),
        }
    }
    ranges
        .into_iter()
        .map(|(from, to)| {
            let first = steps[from];
            Hunk {
                old_start: first.old + 1,
                new_start: first.new + 1,
                rows: steps[from..=to]
                    .iter()
                    .map(|s| Row {
                        tag: s.tag,
                        text: match s.tag {
                            Tag::Added => new[s.new],
                            _ => old[s.old],
                        }
                        .to_string(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Every row of the diff, in order: within a change, the removed rows
/// before the added ones.
fn steps(old: &[&str], new: &[&str]) -> Vec<Step> {
    let same = |o: usize, n: usize, len: usize| {
        (0..len).map(move |k| Step {
            tag: Tag::Same,
            old: o + k,
            new: n + k,
        })
    };
    if old == new {
        return same(0, 0, old.len()).collect();
    }
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, old, new) {
        let (_, o, n) = op.as_tag_tuple();
        match op.tag() {
            similar::DiffTag::Equal => out.extend(same(o.start, n.start, o.len())),
            _ => {
                out.extend(o.clone().map(|k| Step {
                    tag: Tag::Removed,
                    old: k,
                    new: n.start,
                }));
                out.extend(n.map(|k| Step {
                    tag: Tag::Added,
                    old: o.end,
                    new: k,
                }));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
