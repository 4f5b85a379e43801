//! Log entries: what every pass reports, and the sink that turns byte
//! offsets into Python's positions. The bottom of the house: anybody may use
//! it, it uses only [`crate::syntax`]'s line index.

use serde::Deserialize;

use crate::syntax::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Level {
    #[serde(rename = "INFO")]
    Info,
    #[serde(rename = "WARNING")]
    Warning,
    #[serde(rename = "ERROR")]
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warning => "WARNING",
            Level::Error => "ERROR",
        }
    }
}

/// The rule ids of log entries (the JSON report's `rule`; the README lists
/// what each means).
pub mod rule {
    pub const RENAME: &str = "rename";
    pub const KEYWORD_RENAME: &str = "keyword-rename";
    pub const KEYWORD_REMOVAL: &str = "keyword-removal";
    pub const REORDER: &str = "reorder";
    pub const FUNCTION_WARNING: &str = "function-warning";
    pub const ARGUMENT_WARNING: &str = "argument-warning";
    pub const MODULE_DEPRECATION: &str = "module-deprecation";
    pub const IMPORT: &str = "import";
    pub const TRANSFORM: &str = "transform";
    pub const SYNTAX_ERROR: &str = "syntax-error";
    pub const ENCODING: &str = "encoding";
    pub const IO_ERROR: &str = "io-error";
    pub const NOTEBOOK_FORMAT: &str = "notebook-format";
    pub const NOTEBOOK_LANGUAGE: &str = "notebook-language";
    pub const NOTEBOOK_MAGIC: &str = "notebook-magic";
    pub const INTERNAL_ERROR: &str = "internal-error";
    pub const API_MISSING: &str = "api-missing";
    pub const NEEDS_TF_KERAS: &str = "needs-tf-keras";
    pub const TARGET_RENAME: &str = "target-rename";
    pub const KERAS_LAYER: &str = "keras-layer";
    pub const TF_SLIM: &str = "tf-slim";
    pub const GRAPH_MODE: &str = "graph-mode";
}

/// One report entry. Lines are 1-based, columns 0-based UTF-8 byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// Short stable id of what produced the entry (`rename`, `import`, ...),
    /// listed in the README's JSON report schema.
    pub rule: &'static str,
    pub level: Level,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl LogEntry {
    pub fn format(&self) -> String {
        format!(
            "{}:{}: {}: {}",
            self.line,
            self.col,
            self.level.as_str(),
            self.message
        )
    }
}

/// Collects the entries of one source text, placing them by byte offset.
/// The line index is built on the first entry: most files need none.
pub struct Sink<'a> {
    src: &'a str,
    lines: std::cell::OnceCell<LineIndex>,
    pub entries: Vec<LogEntry>,
}

impl<'a> Sink<'a> {
    pub fn new(src: &'a str) -> Sink<'a> {
        Sink {
            src,
            lines: std::cell::OnceCell::new(),
            entries: Vec::new(),
        }
    }

    /// Python's (line, column) of a byte offset.
    pub fn pos(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(self.src))
            .position(offset)
    }

    pub fn add(&mut self, rule: &'static str, level: Level, offset: usize, message: String) {
        let (line, col) = self.pos(offset);
        self.entries.push(LogEntry {
            rule,
            level,
            line,
            col,
            message,
        });
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

    pub fn into_entries(self) -> Vec<LogEntry> {
        self.entries
    }
}
