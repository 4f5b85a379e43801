//! Target mode (`--target`): after the conversion, every TensorFlow
//! reference of the output that will not resolve in the target gets an
//! ERROR entry (rule `api-missing`) saying what to do about it.
//!
//! A pass of its own after the engine, on the input's tree and the
//! engine's edits (no second parse). The check ([`check`]) reads the output
//! those edits give ([`bindings`]: the names its imports bind; the input's
//! attribute chains, which the engine recorded, as the output spells them)
//! and judges it against the target's API tables ([`api`]), with what the tree defines
//! itself ([`assigned`]) and what to advise ([`advice`]). The rewrites toward
//! code that runs ([`rewrite`]: registered units, with [`keras_layers`],
//! [`graph_mode`], [`slim`], [`contrib_homes`], [`private_homes`]) act on its first reading;
//! its last reading, of the final output, is the judgment.

pub mod advice;
pub mod api;
pub mod api_table;
pub mod assigned;
pub mod bindings;
pub mod check;
pub mod contrib_homes;
pub mod graph_mode;
pub mod keras_layers;
pub mod messages;
pub mod private_homes;
pub mod rewrite;
pub mod slim;

use crate::diagnostic::{Diagnostic, Entry, Level, Needs, Range, Superseded};
use crate::edits::{self, Edit};
use crate::registry::{Group, Rule};
use crate::rules::RuleMap;
use crate::syntax::chains::Chain;
use crate::syntax::{self, Stmt};

pub use api::Target;
pub use assigned::Assigned;
pub use graph_mode::Switch;
pub use rewrite::Start;

/// What a tree run keeps of each file's target pass: what the converted
/// file needs installed, what it assigns, and where it reported what (so
/// that what another file of the tree assigns can take back a report).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    pub needs: Needs,
    /// Full paths the output assigns (`tf.GraphKeys.MINE = …`).
    pub stored: Vec<String>,
    /// Range and full path of each reference reported unresolved.
    pub unresolved: Vec<(Range, String)>,
    /// Whether it uses graph constructs, and whether it got TF 1 behaviour
    /// switched on only because its tree was taken to need it.
    pub graph: graph_mode::Graph,
}

impl Facts {
    /// Adds the facts of another program of the same file (notebooks).
    pub fn add(&mut self, other: Facts) {
        self.needs.tf_slim |= other.needs.tf_slim;
        self.needs.tf_keras |= other.needs.tf_keras;
        self.needs.companion |= other.needs.companion;
        self.stored.extend(other.stored);
        self.unresolved.extend(other.unresolved);
        self.graph.add(other.graph);
    }

    /// Takes back the entries of references that `assigned` (the rest of
    /// the tree) defines (a path one file of a tree assigns counts as
    /// defined in every file), and puts back the entries they superseded.
    pub fn drop_assigned(&self, assigned: &Assigned, entries: &mut Vec<Entry>) {
        for (range, full) in &self.unresolved {
            if !assigned.covers(full) {
                continue;
            }
            if let Some(i) = entries
                .iter()
                .position(|e| e.rule().is_unresolved() && e.diagnostic.range == *range)
            {
                // What the entry replaced is the report's again.
                let gone = entries.remove(i);
                let pos = gone.pos;
                let back = gone.diagnostic.supersedes.into_iter().map(|r| Entry {
                    diagnostic: Diagnostic::new(r.rule, r.level, *range, r.message),
                    pos,
                });
                entries.splice(i..i, back);
            }
        }
    }
}

/// One finding per problem: the conversion's WARNING and ERROR entries
/// about a reference the check reports unresolved (a module deprecation, a
/// "cannot be converted" warning) give way to the check's entry, which
/// keeps them in its `supersedes`.
fn supersede(diagnostics: &mut Vec<Diagnostic>, found: &mut [Diagnostic]) {
    // `found` is in position order.
    fn judged(found: &[Diagnostic], start: usize) -> Option<usize> {
        let first = found.partition_point(|f| f.range.start < start);
        (first..found.len())
            .take_while(|&i| found[i].range.start == start)
            .find(|&i| found[i].rule.is_unresolved())
    }
    if found.is_empty()
        || !diagnostics
            .iter()
            .any(|d| judged(found, d.range.start).is_some())
    {
        return;
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics.drain(..) {
        match judged(found, d.range.start) {
            Some(i) if d.level >= Level::Warning && d.rule.group() == Group::Conversion => {
                found[i].supersedes.push(Superseded {
                    rule: d.rule,
                    level: d.level,
                    message: d.message,
                })
            }
            _ => kept.push(d),
        }
    }
    *diagnostics = kept;
}

/// Whether `source` may bind a name to TensorFlow or tf-slim: only an
/// import can, and its text names them (identifiers that are not ASCII may
/// normalize to them). Other files have no chain to look at.
pub fn may_bind(source: &str) -> bool {
    !source.is_ascii()
        || source.contains("tensorflow")
        || source.contains("tf_slim")
        || source.contains("tfup_compat")
}

/// Checks that the chains the engine recorded are those a walk of their
/// own finds (debug builds: every test run checks the engine's walk).
#[cfg(debug_assertions)]
fn same_chains(source: &str, recorded: &[Chain], walked: &[Chain]) {
    let key = |c: &Chain| {
        let call = c.call.map(|c| c as *const _);
        (c.start, c.end, c.root, c.store, c.attr as *const _, call)
    };
    let shown = |c: Option<&Chain>| c.map(|c| (&source[c.start..c.end], c.start, c.call.is_some()));
    let first = (0..recorded.len().max(walked.len()))
        .find(|&i| recorded.get(i).map(key) != walked.get(i).map(key));
    if let Some(i) = first {
        panic!(
            "the engine's chains differ from the tree's: recorded {:?}, walked {:?}",
            shown(recorded.get(i)),
            shown(walked.get(i))
        );
    }
}

/// What the engine read of one program, for the pass.
pub struct Tree<'a> {
    pub source: &'a str,
    pub body: &'a [Stmt],
    /// Whether the source [`may_bind`] TensorFlow: else no chain of it
    /// is looked at.
    pub binds: bool,
    /// The attribute chains ([`syntax::chains::chains`] of `body`), where
    /// it binds.
    pub chains: &'a [Chain<'a>],
    /// The import statements ([`syntax::imports::statements`] of `body`),
    /// where the engine read them.
    pub imports: Option<&'a [(usize, &'a Stmt)]>,
    /// The conversion's renames (`tf.…`), for the imports that name a part
    /// of TensorFlow.
    pub renames: &'a RuleMap<String>,
}

/// Runs the pass on one program after the engine: the rewrites, then the
/// check of the output they give (its reading is returned, for the plan). The pass's edits join the engine's (an
/// edit of the pass replaces an engine edit of the same range); its
/// diagnostics come after the engine's, in position order; an engine module
/// deprecation of a reference that resolves in the output is dropped.
pub fn run(
    tree: &Tree,
    target: Target,
    start: &Start,
    edits: &mut Vec<Edit>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Facts, check::Reading) {
    edits::sort(edits);
    let api = target.api();
    let (source, body) = (tree.source, tree.body);
    let binds = tree.binds;
    #[cfg(debug_assertions)]
    if binds {
        same_chains(source, tree.chains, &syntax::chains::chains(body));
    }
    let read;
    let (chains, imports) = match (binds, tree.imports) {
        (false, _) => (&[][..], &[][..]),
        (true, Some(imports)) => (tree.chains, imports),
        (true, None) => {
            read = syntax::imports::statements(body);
            (tree.chains, &read[..])
        }
    };
    // The import rewrites, then the chains' (on the output as the check
    // reads it then), then the check of the whole output: a reading of its
    // own, which takes from the first what the chains' rewrites cannot have
    // changed.
    let import_rewrites = if binds {
        rewrite::rewrite_imports(
            &check::File {
                source,
                body,
                edits,
                api,
                chains,
                imports,
            },
            api,
            tree.renames,
        )
    } else {
        rewrite::Rewrites::default()
    };
    let with_imports = edits::merge(import_rewrites.edits, std::mem::take(edits));
    let before = check::File {
        source,
        body,
        edits: &with_imports,
        api,
        chains,
        imports,
    };
    let first = before.read(None);
    let mut rw = rewrite::rewrite_chains(&before, &first, api, tree.renames, start);
    let added = rw.edits.clone();
    let all = edits::merge(std::mem::take(&mut rw.edits), with_imports);
    let output = check::File {
        source,
        body,
        edits: &all,
        api,
        chains,
        imports,
    };
    let reading = output.read(Some((first, &added)));
    let analysis = output.analyse(&reading, None);
    // Where a reference became a constant, no chain is left to resolve.
    let replaced: Vec<usize> = rw
        .entries
        .iter()
        .filter(|e| e.1 == Rule::ContribHome)
        .map(|e| e.0)
        .collect();
    rw.entries.splice(0..0, import_rewrites.entries);
    let mut found: Vec<Diagnostic> = rw
        .entries
        .into_iter()
        .map(|(offset, rule, message)| {
            Diagnostic::new(rule, Level::Info, Range::at(offset), message)
        })
        .collect();
    let mut unresolved = Vec::with_capacity(analysis.missing.len());
    for m in analysis.missing {
        let range = Range::new(m.offset, m.end);
        unresolved.push((range, m.full.clone()));
        let advice = advice::for_path(&m.full, target);
        // A gone module's name with no home: the tables' closest replacement.
        let closest = contrib_homes::closest(&m.full).map(|c| {
            let shown = if c.contains(' ') {
                c.to_string()
            } else {
                format!("`{c}`")
            };
            messages::render(
                "api_missing_closest",
                &[("advice", &advice.message), ("closest", &shown)],
            )
        });
        found.push(Diagnostic {
            rule: advice.rule(),
            level: Level::Error,
            range,
            message: messages::render(
                "api_missing",
                &[
                    ("text", &m.text),
                    ("target", check::describe(target)),
                    ("missing", &m.missing),
                    ("advice", closest.as_deref().unwrap_or(&advice.message)),
                ],
            ),
            advice: Some(advice.kind.as_str()),
            supersedes: Vec::new(),
            plan: None,
        });
    }
    found.sort_by_key(|d| d.range.start);
    // A module deprecation of a reference that resolves in the output.
    diagnostics.retain(|d| {
        d.rule != Rule::ModuleDeprecation
            || (analysis.resolved.binary_search(&d.range.start).is_err()
                && !replaced.contains(&d.range.start))
    });
    supersede(diagnostics, &mut found);
    diagnostics.extend(found);
    *edits = all;
    let facts = Facts {
        needs: Needs {
            tf_slim: analysis.uses.tf_slim,
            tf_keras: target == Target::V2_21LegacyKeras && analysis.uses.tf_keras,
            companion: analysis.uses.companion,
        },
        stored: analysis.stored,
        unresolved,
        graph: rw.graph,
    };
    (facts, reading)
}
