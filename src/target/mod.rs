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
pub mod api_table;
pub mod assigned;
pub mod bindings;
pub mod check;
pub mod graph_mode;
pub mod keras_layers;
pub mod rewrite;
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
    /// Indices of engine log entries to drop.
    pub drop: Vec<usize>,
    /// What the converted file needs installed to run, and what the tree
    /// needs to know of it.
    pub facts: Facts,
}

/// What a tree run keeps of each file's target pass: what the converted
/// file needs installed, what it assigns, and where it reported what (so
/// that what another file of the tree assigns can take back a report).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    pub needs: Needs,
    /// Full paths the output assigns (`tf.GraphKeys.MINE = …`).
    pub stored: Vec<String>,
    /// (line, column, full path) of each reference reported unresolved.
    pub unresolved: Vec<(usize, usize, String)>,
}

impl Facts {
    /// Takes back the entries of references that `assigned` (the rest of
    /// the tree) defines: the judge of a tree treats a path one file
    /// assigns as defined in every file.
    pub fn drop_assigned(&self, assigned: &Assigned, log: &mut Vec<LogEntry>) {
        for (line, col, full) in &self.unresolved {
            if !assigned.covers(full) {
                continue;
            }
            if let Some(i) = log.iter().position(|e| {
                (e.rule == RULE || e.rule == crate::log::rule::NEEDS_TF_KERAS)
                    && e.line == *line
                    && e.col == *col
            }) {
                log.remove(i);
            }
        }
    }
}

/// Packages the converted code needs besides TensorFlow.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// `pip install tf-slim`.
    pub tf_slim: bool,
    /// `pip install tf-keras` and `TF_USE_LEGACY_KERAS=1`.
    pub tf_keras: bool,
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
        // The pass's edits first: one of the same range as an engine edit
        // replaces it.
        let mut all = self.edits;
        all.append(edits);
        *edits = all;
    }
}

fn sorted(edits: &[Edit]) -> Vec<Edit> {
    let mut e = edits.to_vec();
    edits::sort(&mut e);
    e
}

/// Runs the pass on one file: the rewrites, then the check of the output
/// they give.
pub fn run(input: &Input) -> Pass {
    let engine_edits = sorted(input.edits);
    let api = input.target.api();
    let before = check::File {
        source: input.source,
        body: input.body,
        edits: &engine_edits,
        api,
    };
    let mut rw = rewrite::rewrite(&before, api);
    // The pass's edits first: an edit of the same range as the engine's
    // replaces it.
    let mut all = rw.edits.clone();
    all.extend(engine_edits.iter().cloned());
    edits::sort(&mut all);
    let file = check::File {
        edits: &all,
        ..before
    };
    let analysis = file.analyse_with(input.assigned, rw.prepared.take());
    let found = analysis.missing;
    let mut unresolved = Vec::with_capacity(found.len());
    let sink = Sink::new(input.source);
    let mut placed: Vec<(usize, LogEntry)> = rw
        .entries
        .iter()
        .map(|(offset, rule, message)| {
            let (line, col) = sink.pos(*offset);
            let entry = LogEntry {
                rule,
                level: Level::Info,
                line,
                col,
                message: message.clone(),
            };
            (*offset, entry)
        })
        .collect();
    for m in found {
        let (line, col) = sink.pos(m.offset);
        unresolved.push((line, col, m.full.clone()));
        let advice = advice::for_path(&m.full, input.target);
        let entry = LogEntry {
            rule: advice.rule(),
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
        };
        placed.push((m.offset, entry));
    }
    placed.sort_by_key(|(offset, _)| *offset);
    // The engine's module deprecations of references a rewrite made resolve.
    let resolved: Vec<(usize, usize)> = rw.resolved.iter().map(|&o| sink.pos(o)).collect();
    let drop = input
        .log
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.rule == crate::log::rule::MODULE_DEPRECATION && resolved.contains(&(e.line, e.col))
        })
        .map(|(i, _)| i)
        .collect();
    let needs = Needs {
        tf_slim: rw.uses_tf_slim || analysis.uses.tf_slim,
        tf_keras: input.target == Target::V2_21LegacyKeras && analysis.uses.tf_keras,
    };
    Pass {
        edits: rw.edits,
        entries: placed.into_iter().map(|(_, e)| e).collect(),
        drop,
        facts: Facts {
            needs,
            stored: analysis.stored,
            unresolved,
        },
    }
}
