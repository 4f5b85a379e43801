//! Target mode (`--target`): after the conversion, every TensorFlow
//! reference of the output that will not resolve in the target gets an
//! ERROR entry (rule `api-missing`) saying what to do about it.
//!
//! A pass of its own after the engine, on the input's tree and the
//! engine's edits (no second parse): [`check`] finds the references,
//! [`bindings`] the names imports bind, [`assigned`] what the tree defines
//! itself, [`advice`] the words, [`api`] the target's API tables. It
//! depends only on the layers below (syntax, edits, log).
//!
//! The rewrites that make converted code run on the target (issue 12:
//! [`keras_layers`], [`graph_mode`], [`slim`]) live beside it.

pub mod advice;
pub mod api;
pub mod assigned;
pub mod bindings;
pub mod check;
pub mod graph_mode;
pub mod keras_layers;
pub mod slim;

use crate::edits::{self, Edit};
use crate::log::{Level, LogEntry, Sink};
use crate::syntax::Stmt;

pub use api::Target;
pub use assigned::Assigned;

/// The rule id of the pass's entries.
pub const RULE: &str = "api-missing";

/// One file, as the engine left it.
pub struct Input<'a> {
    pub source: &'a str,
    /// The input's parsed statements.
    pub body: &'a [Stmt],
    /// The engine's edits (in any order).
    pub edits: &'a [Edit],
    /// The engine's log.
    pub log: &'a [LogEntry],
    pub target: Target,
    /// What the tree being converted assigns (besides this file itself).
    pub assigned: Option<&'a Assigned>,
}

/// What the pass adds to a conversion.
#[derive(Debug, Default)]
pub struct Pass {
    /// Edits on the input, to apply with the engine's (none yet).
    pub edits: Vec<Edit>,
    /// Entries to add to the log (after the engine's, in position order).
    pub entries: Vec<LogEntry>,
    /// Indices of engine log entries to drop (none yet).
    pub drop: Vec<usize>,
}

impl Pass {
    /// Merges the pass into the engine's result: the engine's entries keep
    /// their (the reference's) order, the pass's come after them.
    pub fn merge(self, edits: &mut Vec<Edit>, log: &mut Vec<LogEntry>) {
        if !self.drop.is_empty() {
            let mut i = 0;
            log.retain(|_| {
                i += 1;
                !self.drop.contains(&(i - 1))
            });
        }
        log.extend(self.entries);
        edits.extend(self.edits);
    }
}

fn sorted(edits: &[Edit]) -> Vec<Edit> {
    let mut e = edits.to_vec();
    edits::sort(&mut e);
    e
}

/// Runs the pass on one file.
pub fn run(input: &Input) -> Pass {
    let edits = sorted(input.edits);
    let file = check::File {
        source: input.source,
        body: input.body,
        edits: &edits,
        api: input.target.api(),
    };
    let mut found = file.missing(input.assigned);
    found.sort_by_key(|m| m.offset);
    let sink = Sink::new(input.source);
    let entries = found
        .into_iter()
        .map(|m| {
            let (line, col) = sink.pos(m.offset);
            let advice = advice::for_path(&m.full, input.target);
            LogEntry {
                rule: RULE,
                level: Level::Error,
                line,
                col,
                message: format!(
                    "`{}` will not resolve in {}: `{}` does not exist. {}",
                    m.text,
                    check::describe(input.target),
                    m.missing,
                    advice.message
                ),
            }
        })
        .collect();
    Pass {
        edits: Vec::new(),
        entries,
        drop: Vec::new(),
    }
}

/// The full paths a file's output assigns (for [`Assigned`]), from its
/// input tree and the engine's edits.
pub fn stored(source: &str, body: &[Stmt], edits: &[Edit], target: Target) -> Vec<String> {
    let edits = sorted(edits);
    check::File {
        source,
        body,
        edits: &edits,
        api: target.api(),
    }
    .stored()
}
