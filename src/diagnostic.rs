//! Diagnostics: what every pass reports, placed by byte range in the text it
//! converted. Lines and columns are computed once, when a file's conversion
//! is finished ([`Entry`]), from the file's line index or a notebook's cell
//! map; no decision is ever taken on a position or a message's text.

pub use crate::registry::Level;
use crate::registry::Rule;
use crate::syntax::LineIndex;

/// A byte range in the converted text (`start == end` for a point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Range {
    pub start: usize,
    pub end: usize,
}

impl Range {
    pub fn at(offset: usize) -> Range {
        Range {
            start: offset,
            end: offset,
        }
    }

    pub fn new(start: usize, end: usize) -> Range {
        Range { start, end }
    }
}

/// One finding of a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub level: Level,
    /// Where in the converted text; the report shows its start.
    pub range: Range,
    pub message: String,
    /// For references that will not resolve in the target: the kind of
    /// advice given (`tf-slim`, `contrib`, ...; `rules/advice.toml`).
    pub advice: Option<&'static str>,
    /// In target mode, the conversion's entries about the same reference
    /// that this one replaces (one finding per problem); the JSON report
    /// keeps them.
    pub supersedes: Vec<Superseded>,
}

/// An entry that a target-mode finding about the same reference replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseded {
    pub rule: Rule,
    pub level: Level,
    pub message: String,
}

impl Diagnostic {
    pub fn new(rule: Rule, level: Level, range: Range, message: String) -> Diagnostic {
        Diagnostic {
            rule,
            level,
            range,
            message,
            advice: None,
            supersedes: Vec::new(),
        }
    }
}

/// What converted code needs installed besides TensorFlow (the report's
/// requirements).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// `pip install tf-slim`.
    pub tf_slim: bool,
    /// `pip install tf-keras` and `TF_USE_LEGACY_KERAS=1`.
    pub tf_keras: bool,
}

/// Python's position of a diagnostic: 1-based line, 0-based UTF-8 byte
/// column; in a notebook also the cell (1-based, all cells counted) and the
/// line within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub col: usize,
    pub cell: Option<(usize, usize)>,
}

/// A diagnostic with its position: a report entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub diagnostic: Diagnostic,
    pub pos: Position,
}

impl Entry {
    /// An entry placed by `lines`.
    pub fn located(diagnostic: Diagnostic, lines: &LineIndex) -> Entry {
        let (line, col) = lines.position(diagnostic.range.start);
        Entry {
            diagnostic,
            pos: Position {
                line,
                col,
                cell: None,
            },
        }
    }

    /// An entry of a whole file (unreadable, refused as a whole) at 1:0.
    pub fn file_level(rule: Rule, message: String) -> Entry {
        Entry {
            diagnostic: Diagnostic::new(rule, rule.level(), Range::at(0), message),
            pos: Position {
                line: 1,
                col: 0,
                cell: None,
            },
        }
    }

    pub fn rule(&self) -> Rule {
        self.diagnostic.rule
    }

    pub fn level(&self) -> Level {
        self.diagnostic.level
    }

    pub fn line(&self) -> usize {
        self.pos.line
    }

    pub fn col(&self) -> usize {
        self.pos.col
    }

    /// The message as reported: in a notebook, prefixed with the cell and
    /// the line in it.
    pub fn message(&self) -> String {
        match self.pos.cell {
            Some((cell, line)) => format!("cell {cell}, line {line}: {}", self.diagnostic.message),
            None => self.diagnostic.message.clone(),
        }
    }

    /// `LINE:COL: LEVEL: message`, the report's layout.
    pub fn format(&self) -> String {
        format!(
            "{}:{}: {}: {}",
            self.pos.line,
            self.pos.col,
            self.diagnostic.level.as_str(),
            self.message()
        )
    }
}

/// Places diagnostics by line index: `Entry`s in the order given.
pub fn locate(text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Entry> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(text);
    diagnostics
        .into_iter()
        .map(|d| Entry::located(d, &lines))
        .collect()
}

/// Collects the diagnostics of one source text.
pub struct Sink<'a> {
    src: &'a str,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(src: &'a str) -> Sink<'a> {
        Sink {
            src,
            diagnostics: Vec::new(),
        }
    }

    pub fn add(&mut self, rule: Rule, level: Level, offset: usize, message: String) {
        self.diagnostics
            .push(Diagnostic::new(rule, level, Range::at(offset), message));
    }

    /// A byte offset that sorts like Python's position (line of `offset`,
    /// its column + `extra`): clamped to the end of that line.
    pub fn shifted_offset(&self, offset: usize, extra: usize) -> usize {
        let line_end = self.src[offset..]
            .find(['\n', '\r'])
            .map(|i| offset + i)
            .unwrap_or(self.src.len());
        (offset + extra).min(line_end)
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}
