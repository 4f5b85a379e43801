//! The text of an entry's source line, read back from the input file (for
//! the GitLab fingerprints): in a notebook, the line of the entry's cell.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;

use crate::diagnostic::Entry;

/// A file's lines: a source file's, or a notebook's cells' (all cells
/// counted, each split into lines).
enum Lines {
    Source(Vec<String>),
    Notebook(Vec<Vec<String>>),
    Unreadable,
}

/// Reads each file once, when one of its lines is first asked for.
#[derive(Default)]
pub struct SourceLines {
    files: RefCell<HashMap<String, Lines>>,
}

impl SourceLines {
    /// The line of `entry` in the file at `path` (as the report gives it).
    pub fn line(&self, path: &str, entry: &Entry) -> Option<String> {
        let mut files = self.files.borrow_mut();
        let lines = files.entry(path.to_string()).or_insert_with(|| read(path));
        match (&*lines, entry.pos.cell) {
            (Lines::Source(lines), None) => lines.get(entry.line().checked_sub(1)?).cloned(),
            (Lines::Notebook(cells), Some((cell, line))) => cells
                .get(cell.checked_sub(1)?)?
                .get(line.checked_sub(1)?)
                .cloned(),
            _ => None,
        }
    }
}

fn read(path: &str) -> Lines {
    let Ok(bytes) = fs::read(path) else {
        return Lines::Unreadable;
    };
    let text = String::from_utf8_lossy(&bytes);
    if !path.ends_with(".ipynb") {
        return Lines::Source(split_lines(&text));
    }
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Lines::Unreadable;
    };
    let cells = json["cells"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    Lines::Notebook(
        cells
            .iter()
            .map(|c| {
                let source = match &c["source"] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Array(parts) => {
                        parts.iter().filter_map(|p| p.as_str()).collect()
                    }
                    _ => String::new(),
                };
                split_lines(&source)
            })
            .collect(),
    )
}

/// Lines ended by `\n`, `\r\n` or a lone `\r`, without their endings.
fn split_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        lines.push(rest[..end].to_string());
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1.min(rest.len() - end)
        };
        rest = &rest[end + skip..];
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ending_splits() {
        assert_eq!(split_lines("a\nb\r\nc\rd"), vec!["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\n"), vec!["a"]);
        assert!(split_lines("").is_empty());
    }
}
