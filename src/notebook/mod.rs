//! Jupyter notebooks (`.ipynb`): the Python code cells are converted with the
//! same rules as `.py` files; every other byte of the file stays as it was.
//!
//! The code cells are joined into one program (so an `import tensorflow as tf`
//! in an early cell governs the later ones), with IPython magic and shell
//! lines (`%...`, `!...`, `?...` and their `\` continuation lines) replaced by
//! inert Python of the same length, so that every offset in the program maps
//! back to the same offset in its cell. Cells starting with a `%%` cell magic
//! are not Python and are skipped. A cell that does not parse is left as it
//! is (with an ERROR entry) and blanked out of the program. A cell where a
//! line taken for a magic lies inside a statement that gets rewritten (a `%`
//! line within brackets or a string) is left alone too, with a WARNING.
//!
//! Only the `source` values of cells that change are rewritten, in place in
//! the original bytes: a list of lines stays a list of lines (lines that did
//! not change keep their original JSON text), a string stays a string, and the
//! file's own indentation and separators are reused.
//!
//! Diagnostics are placed by the cell map: a byte offset in the joined
//! program falls in one cell. The entry's LINE counts the lines of the
//! notebook's Python cells one after the other (as the reference numbers
//! them); its message starts with `cell N, line L:`, N being the cell's
//! position in the notebook (1 = first cell, all cell kinds counted) and L
//! the line within that cell.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Entry, Level, Position, Range};
use crate::edits::{self, Edit, Segment};
use crate::registry::Rule;
use crate::syntax::{self, LineIndex, SyntaxError};
use crate::wording::{self, inputs};

mod json;

use json::{encode_source, Kind, Node, Scanner};

/// Converts a program joined from cells starting at the given offsets: the
/// edits on the program and its diagnostics (the caller decides how: rules,
/// options, passes).
pub type ConvertProgram<'f> =
    &'f dyn Fn(&str, &[usize]) -> Result<(Vec<Edit>, Vec<Diagnostic>), SyntaxError>;

/// Rewrites the code cells of a notebook file with `program`. Anything that
/// cannot be handled comes back unchanged with an ERROR entry.
pub fn rewrite(bytes: &[u8], program: ConvertProgram) -> (Vec<u8>, Vec<Entry>) {
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (&bytes[..3], rest),
        None => (&bytes[..0], bytes),
    };
    let unchanged = |rule: Rule, level: Level, line: usize, col: usize, message: String| {
        let entry = Entry {
            diagnostic: Diagnostic::new(rule, level, Range::at(0), message),
            pos: Position {
                line,
                col,
                cell: None,
            },
        };
        (bytes.to_vec(), vec![entry])
    };
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(_) => {
            return unchanged(
                Rule::Encoding,
                Level::Error,
                1,
                0,
                wording::input(&inputs::NOTEBOOK_NOT_UTF8, &[]),
            )
        }
    };
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        return unchanged(
            Rule::NotebookFormat,
            Level::Error,
            e.line().max(1),
            e.column().saturating_sub(1),
            wording::input(&inputs::NOTEBOOK_NOT_JSON, &[("error", &e.to_string())]),
        );
    }
    let root = match Scanner::new(text).document() {
        Ok(root) => root,
        Err(msg) => {
            return unchanged(
                Rule::NotebookFormat,
                Level::Error,
                1,
                0,
                wording::input(&inputs::NOTEBOOK_UNREADABLE, &[("error", &msg)]),
            )
        }
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert_document(text, &root, program)
    }));
    match result {
        Ok((new_text, log)) => {
            let mut out = Vec::with_capacity(bom.len() + new_text.len());
            out.extend_from_slice(bom);
            out.extend_from_slice(new_text.as_bytes());
            (out, log)
        }
        Err(_) => unchanged(
            Rule::InternalError,
            Level::Error,
            1,
            0,
            wording::input(&inputs::NOTEBOOK_INTERNAL_ERROR, &[]),
        ),
    }
}

/// One code cell of the notebook.
struct Cell<'n> {
    /// Position in the notebook, 1-based.
    number: usize,
    source: &'n Node,
    text: String,
    /// Start of the cell in the joined program.
    start: usize,
    /// The cell parsed and takes part in the conversion.
    parsed: bool,
    /// Byte ranges (in the cell) of its magic lines.
    magics: Vec<(usize, usize)>,
    /// The cell's first line in the reported numbering (see [`code_cells`]).
    first_line: usize,
    /// For a list `source`: where each element starts in `text` (each
    /// element is one line of the reported numbering).
    elements: Option<Vec<usize>>,
}

impl Cell<'_> {
    /// The reported line of a byte offset in the cell's text.
    fn line_of(&self, offset: usize) -> usize {
        match &self.elements {
            Some(starts) => {
                self.first_line + starts.partition_point(|&s| s <= offset).saturating_sub(1)
            }
            None => {
                self.first_line
                    + LineIndex::new(&self.text)
                        .position(offset.min(self.text.len()))
                        .0
                    - 1
            }
        }
    }
}

fn convert_document(
    text: &str,
    root: &Node,
    convert_program: ConvertProgram,
) -> (String, Vec<Entry>) {
    if let Some(lang) = notebook_language(root) {
        if !lang.eq_ignore_ascii_case("python") {
            let entry = Entry::file_level(
                Rule::NotebookLanguage,
                wording::input(&inputs::NOTEBOOK_LANGUAGE, &[("language", lang)]),
            );
            return (text.to_string(), vec![entry]);
        }
    }
    let mut cells: Vec<Cell> = code_cells(root)
        .into_iter()
        .filter(|c| !c.text.is_empty() && !c.text.starts_with("%%"))
        .collect();

    // The joined program: each cell (magics made inert), ending with a line
    // break; a cell that does not parse is blanked (every byte but its line
    // breaks becomes a space), so that offsets and lines still map to it.
    let mut program = String::new();
    let mut diagnostics = Vec::new();
    for cell in cells.iter_mut() {
        cell.start = program.len();
        let (python, magics) = inert_magics(&cell.text);
        cell.magics = magics;
        match syntax::parse(&python) {
            Ok(_) => {
                cell.parsed = true;
                program.push_str(&python);
            }
            Err(err) => {
                let offset = err.offset.min(cell.text.len());
                diagnostics.push(Diagnostic::new(
                    Rule::SyntaxError,
                    Level::Error,
                    Range::at(cell.start + offset),
                    wording::input(&inputs::CELL_PARSE_FAILED, &[("error", &err.message)]),
                ));
                program.extend(python.bytes().map(|b| match b {
                    b'\n' | b'\r' => b as char,
                    _ => ' ',
                }));
            }
        }
        if !program.ends_with(['\n', '\r']) {
            program.push('\n');
        }
    }
    let map = CellMap { cells: &cells };

    let starts: Vec<usize> = cells.iter().map(|c| c.start).collect();
    let (edits, found) = match convert_program(&program, &starts) {
        Ok(r) => r,
        Err(err) => {
            // Cannot happen for cells that parse one by one; keep everything.
            let (line, col) = LineIndex::new(&program).position(err.offset.min(program.len()));
            let entry = Entry {
                diagnostic: Diagnostic::new(
                    Rule::SyntaxError,
                    Level::Error,
                    Range::at(err.offset),
                    wording::input(&inputs::CELLS_PARSE_FAILED, &[("error", &err.message)]),
                ),
                pos: Position {
                    line,
                    col,
                    cell: None,
                },
            };
            return (text.to_string(), vec![entry]);
        }
    };
    diagnostics.extend(found);
    let mut log: Vec<Entry> = diagnostics.into_iter().map(|d| map.locate(d)).collect();
    log.sort_by_key(|e| (e.pos.line, e.pos.col));

    // Edits go to the cell they start in.
    let mut per_cell: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    for e in edits {
        let Some(idx) = cells.iter().rposition(|c| c.parsed && c.start <= e.start) else {
            continue;
        };
        let cell = &cells[idx];
        let end = cell.start + cell.text.len();
        if e.end > end {
            continue;
        }
        per_cell.entry(idx).or_default().push(shift(e, cell.start));
    }
    let ascii = text.is_ascii();
    let mut replacements: Vec<(usize, usize, String)> = Vec::new();
    for (idx, cell_edits) in per_cell {
        let cell = &cells[idx];
        // A magic-looking line inside a statement being rewritten (a `%` or
        // `!` line within brackets or a string): what the engine saw there
        // is not the cell's text, so the cell is better left alone.
        if let Some(&(m, _)) = cell.magics.iter().find(|&&(a, b)| {
            cell_edits
                .iter()
                .any(|e| e.start < b && a < e.end.max(e.start + 1))
        }) {
            log.push(map.locate(Diagnostic::new(
                Rule::NotebookMagic,
                Level::Warning,
                Range::at(cell.start + m),
                wording::input(&inputs::NOTEBOOK_MAGIC, &[]),
            )));
            continue;
        }
        let new_text = edits::apply(&cell.text, cell_edits);
        if new_text != cell.text {
            let encoded = encode_source(text, cell.source, &new_text, ascii);
            replacements.push((cell.source.start, cell.source.end, encoded));
        }
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut pos = 0;
    for (a, b, s) in replacements {
        out.push_str(&text[pos..a]);
        out.push_str(&s);
        pos = b;
    }
    out.push_str(&text[pos..]);
    (out, log)
}

/// Where the cells are in the joined program.
struct CellMap<'c, 'n> {
    cells: &'c [Cell<'n>],
}

impl CellMap<'_, '_> {
    /// The entry of a diagnostic placed in the joined program: the cell it
    /// falls in, the line and column in that cell, the reported line.
    fn locate(&self, diagnostic: Diagnostic) -> Entry {
        let offset = diagnostic.range.start;
        let idx = self
            .cells
            .partition_point(|c| c.start <= offset)
            .saturating_sub(1);
        let Some(cell) = self.cells.get(idx) else {
            return Entry {
                diagnostic,
                pos: Position {
                    line: 1,
                    col: 0,
                    cell: None,
                },
            };
        };
        let at = (offset - cell.start.min(offset)).min(cell.text.len());
        let (line, col) = LineIndex::new(&cell.text).position(at);
        Entry {
            diagnostic,
            pos: Position {
                line: cell.line_of(at),
                col,
                cell: Some((cell.number, line)),
            },
        }
    }
}

fn shift(e: Edit, by: usize) -> Edit {
    Edit {
        start: e.start - by,
        end: e.end - by,
        segments: e
            .segments
            .into_iter()
            .map(|s| match s {
                Segment::Orig(a, b) => Segment::Orig(a - by, b - by),
                t => t,
            })
            .collect(),
    }
}

/// `metadata.kernelspec.language` or `metadata.language_info.name`.
fn notebook_language(root: &Node) -> Option<&str> {
    let meta = root.get("metadata")?;
    meta.get("kernelspec")
        .and_then(|k| k.get("language"))
        .or_else(|| meta.get("language_info").and_then(|l| l.get("name")))
        .and_then(Node::as_str)
}

/// The code cells (nbformat 4 `cells`, or nbformat 3 `worksheets[].cells`
/// whose code is under `input`), with their text.
fn code_cells(root: &Node) -> Vec<Cell<'_>> {
    let mut lists: Vec<(&Node, &str)> = Vec::new();
    if let Some(cells) = root.get("cells") {
        lists.push((cells, "source"));
    } else if let Some(Kind::Array(sheets)) = root.get("worksheets").map(|w| &w.kind) {
        for sheet in sheets {
            if let Some(cells) = sheet.get("cells") {
                lists.push((cells, "input"));
            }
        }
    }
    let mut out = Vec::new();
    let mut number = 0;
    // The reported numbering is the reference's: the code cells it takes for
    // Python (a non-empty `source` whose first line does not start with
    // `%%`) one after the other, each element of a list `source` one line
    // (an empty string too, and an element holding several lines as well).
    // A string `source` counts its lines.
    let mut next_line = 1;
    for (list, key) in lists {
        let Kind::Array(items) = &list.kind else {
            continue;
        };
        for cell in items {
            number += 1;
            if cell.get("cell_type").and_then(Node::as_str) != Some("code") {
                continue;
            }
            let Some(source) = cell.get(key) else {
                continue;
            };
            let first_line = next_line;
            let (text, elements) = match &source.kind {
                Kind::Str(s) => {
                    if !s.starts_with("%%") {
                        next_line += LineIndex::new(s).position(s.len()).0
                            - usize::from(s.is_empty() || s.ends_with(['\n', '\r']));
                    }
                    (s.clone(), None)
                }
                Kind::Array(parts) => {
                    let mut t = String::new();
                    let mut starts = Vec::with_capacity(parts.len());
                    let mut all_strings = true;
                    for p in parts {
                        starts.push(t.len());
                        match &p.kind {
                            Kind::Str(s) => t.push_str(s),
                            _ => all_strings = false,
                        }
                    }
                    let magic = matches!(parts.first().map(|p| &p.kind), Some(Kind::Str(s)) if s.starts_with("%%"));
                    if !magic {
                        next_line += parts.len();
                    }
                    if !all_strings {
                        continue;
                    }
                    (t, Some(starts))
                }
                _ => continue,
            };
            out.push(Cell {
                number,
                source,
                text,
                start: 0,
                parsed: false,
                magics: Vec::new(),
                first_line,
                elements,
            });
        }
    }
    out
}

/// Replaces IPython magic and shell lines by Python of the same byte length:
/// the first line of a magic becomes `0` (an expression statement, at the
/// line's indentation), its continuation lines become spaces.
pub(crate) fn inert_magics(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut ranges = Vec::new();
    let mut continued = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let newline = &line[body.len()..];
        let trimmed = body.trim_start();
        let indent = &body[..body.len() - trimmed.len()];
        let magic = continued || is_magic(indent, trimmed);
        if magic {
            ranges.push((out.len(), out.len() + body.len()));
            if continued {
                out.extend(std::iter::repeat_n(' ', body.len()));
            } else {
                out.push_str(indent);
                out.push('0');
                out.extend(std::iter::repeat_n(' ', trimmed.len() - 1));
            }
            continued = body.trim_end().ends_with('\\');
        } else {
            out.push_str(body);
        }
        out.push_str(newline);
    }
    (out, ranges)
}

/// A line magic (`%name`), shell escape (`!cmd`) or help request (`?name`).
/// At the start of a line any of these; indented (inside a block), only
/// `%name` and `!cmd`, which cannot start a line of Python code there.
fn is_magic(indent: &str, trimmed: &str) -> bool {
    let mut chars = trimmed.chars();
    let first = chars.next();
    let second = chars.next();
    if indent.is_empty() {
        return matches!(first, Some('%' | '!' | '?'));
    }
    match first {
        Some('%') => second.is_some_and(|c| c.is_alphabetic()),
        Some('!') => second.is_some_and(|c| c != '='),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
