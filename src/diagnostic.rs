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
    /// An item of the migration plan rather than a finding: the pipeline
    /// takes these out of the report's entries.
    pub plan: Option<Box<PlanItem>>,
}

/// A step of the migration guide, in the guide's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Sessions, placeholders, `feed_dict`, graph building and the TF 1
    /// behaviour switches → functions with `tf.function`.
    Functions,
    /// Name-based variables (`get_variable`, `variable_scope`, collections,
    /// `tf.compat.v1.layers`, tf-slim) → `tf.Variable`, `tf.Module`, Keras.
    Variables,
    /// v1 optimizers, `minimize` with a global step, monitored sessions,
    /// hooks, `Saver` → Keras `fit` or a `GradientTape` loop and
    /// `tf.train.Checkpoint`.
    Training,
    /// Queue-based input → `tf.data`.
    Input,
    /// Estimator → Keras.
    Estimator,
    /// Other `tf.compat.v1` symbols that have a TF2 name.
    CompatV1,
    /// Legacy Keras (tf-keras) → Keras 3.
    Keras3,
}

impl Step {
    /// Every step, in the guide's order.
    pub const ALL: [Step; 7] = [
        Step::Functions,
        Step::Variables,
        Step::Training,
        Step::Input,
        Step::Estimator,
        Step::CompatV1,
        Step::Keras3,
    ];

    /// The step's id (JSON, `rules/plan.toml`, the page).
    pub fn id(self) -> &'static str {
        match self {
            Step::Functions => "functions",
            Step::Variables => "variables",
            Step::Training => "training",
            Step::Input => "input",
            Step::Estimator => "estimator",
            Step::CompatV1 => "compat-v1",
            Step::Keras3 => "keras-3",
        }
    }

    /// The step by its id.
    pub fn from_id(id: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.id() == id)
    }

    /// A short title of the step.
    pub fn title(self) -> &'static str {
        match self {
            Step::Functions => "Sessions and graphs to functions (tf.function)",
            Step::Variables => "Name-based variables to tf.Variable, tf.Module and Keras",
            Step::Training => "v1 training loops to Keras fit or GradientTape",
            Step::Input => "Queue-based input to tf.data",
            Step::Estimator => "Estimator to Keras",
            Step::CompatV1 => "tf.compat.v1 names that have a TF2 name",
            Step::Keras3 => "Legacy Keras (tf-keras) to Keras 3",
        }
    }
}

/// One construct left to make the output TF2-native (`plan`): carried
/// to the pipeline as a diagnostic's [`Diagnostic::plan`], placed like the
/// report's entries, then kept apart from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub step: Step,
    /// Where the construct is in the input, as entries are placed.
    pub range: Range,
    /// The construct as the output names it (`tf.compat.v1.Session`).
    pub what: String,
    /// The TF2 replacement, where the facts give one.
    pub replacement: Option<String>,
    /// One line of why (and how).
    pub why: String,
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
            plan: None,
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
    /// Our runtime companion, `tfup_compat` (written beside the output).
    pub companion: bool,
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
