//! Rewrites toward code that runs in the target, before the check: each is
//! a registered unit ([`UNITS`], in [`units`]) with its rule and its
//! messages (the keys of `rules/target/messages.toml`); each happens only
//! when what it writes resolves in the target's API tables, and each is an
//! INFO entry.
//!
//! First the import statements: of `tf.contrib` (units `tf-slim-imports`
//! and `contrib-homes`, [`contrib`]), of TensorFlow's private modules
//! ([`private`]), and of any other part of TensorFlow ([`import_homes`]:
//! `from tensorflow import gfile` → `from tensorflow.compat.v1 import
//! gfile`). Then, for each chain of the output as the check reads it, the
//! chain units in order, the first that applies wins: the conversion's
//! [`renames`] for chains rooted at another name than `tf` and the
//! [`older`] renames apply to any chain the engine left alone, the others
//! ([`keras`], [`contrib`], [`moves`], [`private`]) to chains that do not
//! resolve. Then the lines after the TensorFlow import: `import tf_slim`
//! when a rewritten reference needs it (unit `tf-slim-import-line`) and
//! `disable_v2_behavior()` where a program that needs graph mode starts
//! (unit `graph-mode`, [`graph_mode`]).

mod companion;
mod contrib;
mod free_name;
mod import_homes;
mod keras;
mod moves;
mod older;
mod private;
mod renames;
#[cfg(test)]
mod testing;
mod units;

pub use units::*;

use crate::edits::{self, Edit};
use crate::registry::Rule;
use crate::rules::RuleMap;
use crate::syntax::{self, Stmt};

use super::api::Api;
use super::bindings;
use super::check::{File, Reading};
use super::{graph_mode, messages};
use crate::syntax::chains::Chain;

/// The rewrites' edits, and their INFO entries (offset, rule, message).
#[derive(Debug, Default)]
pub struct Rewrites {
    pub edits: Vec<Edit>,
    pub entries: Vec<(usize, Rule, String)>,
    /// The graph-mode decision.
    pub graph: graph_mode::Graph,
    /// A rewrite spelled its home `tf.…` in a file that binds no name to
    /// TensorFlow: `import tensorflow as tf` goes in.
    needs_tf: bool,
}

/// Where the program being converted starts, for unit `graph-mode`.
#[derive(Debug, Clone, Copy)]
pub struct Start {
    /// How the switch is decided.
    pub switch: graph_mode::Switch,
    /// The program is a notebook's: it starts there.
    pub notebook: bool,
}

impl Start {
    /// A file that is a program of its own.
    pub const ALONE: Start = Start {
        switch: graph_mode::Switch::Alone,
        notebook: false,
    };
}

/// A chain as a chain unit sees it.
pub(crate) struct Site<'s, 'a> {
    pub chain: &'s Chain<'a>,
    /// The full path of the output's chain (`tensorflow.…`).
    pub full: &'s str,
    /// The name it is rooted at, as the input spells it.
    pub alias: &'s str,
    /// The path that name is bound to (a prefix of `full`).
    pub base: &'s str,
}

impl Site<'_, '_> {
    /// The reference as the output has it, spelled from its name.
    fn shown(&self) -> String {
        format!("{}{}", self.alias, &self.full[self.base.len()..])
    }
}

pub(crate) struct Ctx<'f, 'a> {
    file: &'f File<'a>,
    api: &'a Api,
    /// The conversion's renames (`tf.…`).
    renames: &'f RuleMap<String>,
    /// The names the output's imports bind, and to what.
    aliases: &'f bindings::NameMap<String>,
    /// Where `import tensorflow as tf` can go, in a file that has no
    /// TensorFlow import and no name `tf`: after its first module-level
    /// import of a TensorFlow module.
    tf_site: Option<(usize, usize)>,
    out: Rewrites,
}

impl Ctx<'_, '_> {
    fn resolves(&self, full: &str) -> bool {
        self.api.missing(full).is_none()
    }

    /// `full` spelled from a name the file's imports bind: the one bound to
    /// the shortest prefix of it, the package itself where the file imports
    /// it (`tensorflow.lookup.X` → `tf.lookup.X`).
    fn spelled(&self, full: &str) -> Option<String> {
        contrib::dissolve::spelled(self.aliases, full, None)
    }

    /// `full` (public TensorFlow) [`spelled`](Self::spelled) from the
    /// file's names, else with an `import tensorflow as tf` to come.
    fn spelled_or_imported(&mut self, full: &str) -> Option<String> {
        self.spelled(full)
            .or_else(|| self.spelled_with_new_import(full))
    }

    /// `full` (public TensorFlow) spelled `tf.…` with an `import tensorflow
    /// as tf` to come, where the file has no name to spell it from.
    fn spelled_with_new_import(&mut self, full: &str) -> Option<String> {
        self.tf_site?;
        let spelled = syntax::imports::tf_spelled(full)?;
        self.out.needs_tf = true;
        Some(spelled)
    }

    /// A unit's message (a key it registered).
    fn message(&self, unit: &Unit, key: &str, values: &[(&str, &str)]) -> String {
        debug_assert!(
            unit.messages.contains(&key),
            "{} has no message {key}",
            unit.name
        );
        messages::render(key, values)
    }

    fn add(&mut self, edit: Edit, at: usize, unit: &Unit, message: String) {
        self.out.edits.push(edit);
        self.out.entries.push((at, unit.rule, message));
    }

    fn replace_chain(&mut self, s: &Site, text: String, unit: &Unit, message: String) {
        let c = s.chain;
        self.add(Edit::replace(c.start, c.end, text), c.start, unit, message);
    }
}

/// `stmt`'s form of import statement for `names` (`from m import a, b` or
/// `import a, b`).
fn import_statement(stmt: &Stmt, names: &[&str]) -> String {
    match stmt {
        Stmt::ImportFrom(f) => format!(
            "from {} import {}",
            f.module.as_ref().map_or("", |m| m.as_str()),
            names.join(", ")
        ),
        _ => format!("import {}", names.join(", ")),
    }
}

/// The text that replaces the import statement `stmt` of `src` when some
/// of its names move: each moved name's line, then the names that stay in
/// a statement of the same form, a statement a line with `stmt`'s
/// indentation and line ending.
fn split_import(src: &str, stmt: &Stmt, moved: Vec<String>, kept: &[&str]) -> String {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let mut lines = moved;
    if !kept.is_empty() {
        lines.push(import_statement(stmt, kept));
    }
    let indent = graph_mode::line_indent(src, lo);
    let newline = edits::line_ending_at(src, hi);
    lines.join(&format!("{newline}{indent}"))
}

/// The rewrite of one import statement: each name it imports that fails in
/// the target, and that has a home among `candidates` (the first under
/// which every attribute the file uses through the name resolves), moves to
/// it (a line of its own, binding the same name); the other names stay, in
/// a statement of their own. Its edit and message (`key`: `{old}`, `{new}`).
fn move_imported(
    file: &File,
    stmt: &Stmt,
    api: &Api,
    candidates: &dyn Fn(&str) -> Vec<String>,
    key: &str,
) -> Option<(Edit, String)> {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let src = file.source;
    let from_module = match stmt {
        Stmt::Import(_) => None,
        Stmt::ImportFrom(f) if f.level == 0 => Some(f.module.as_ref()?.as_str()),
        _ => return None,
    };
    let names: Vec<_> = syntax::imports::imported(stmt).collect();
    let mut moved = Vec::new();
    let mut kept = Vec::new();
    for n in &names {
        let full = n.full();
        // `import tensorflow.python.x` binds `tensorflow`; `*` binds what
        // the module has.
        let fails = match from_module {
            Some(m) => api.import_fails(m, Some(n.name)).is_some(),
            None => n.asname.is_some() && api.import_fails(&full, None).is_some(),
        };
        let line = (fails && n.name != "*")
            .then(|| {
                let bound = n.local();
                let used = contrib::uses(file, bound);
                candidates(&full).into_iter().find_map(|home| {
                    let resolves = |p: &str| api.missing(p).is_none();
                    let ok = resolves(&home)
                        && used.iter().all(|u| resolves(&format!("{home}{}", u.path)));
                    ok.then(|| contrib::import_line(&home, bound, api))
                        .flatten()
                })
            })
            .flatten();
        match line {
            Some(l) => moved.push(l),
            None => kept.push(&src[syntax::start(n.alias)..syntax::end(n.alias)]),
        }
    }
    if moved.is_empty() {
        return None;
    }
    // A statement the engine changed is left to it.
    if file.edits.iter().any(|e| e.start < hi && e.end > lo) {
        return None;
    }
    let text = split_import(src, stmt, moved, &kept);
    let msg = messages::render(key, &[("old", &src[lo..hi]), ("new", &text)]);
    Some((Edit::replace(lo, hi, text), msg))
}

/// Where `import tensorflow as tf` can go in a file without a TensorFlow
/// import (`b`: its bindings): after its first module-level import of a
/// TensorFlow module, when the file's code names nothing `tf`.
fn tf_site(source: &str, body: &[Stmt], b: &bindings::Bindings) -> Option<(usize, usize)> {
    let site = b
        .aliases
        .iter()
        .filter(|(_, m)| super::api::is_under(m, "tensorflow"))
        .filter_map(|(a, _)| b.sites.get(a).copied())
        .filter(|&(lo, _)| graph_mode::line_indent(source, lo).is_empty())
        .min()?;
    (!free_name::names(body, "tf")).then_some(site)
}

/// The import rewrites of one file (`file.edits`: the engine's, sorted;
/// `renames`: the conversion's rename table): units `tf-slim-imports`,
/// `contrib-homes`, `private-homes` and `import-homes`.
pub fn rewrite_imports(file: &File, api: &Api, renames: &RuleMap<String>) -> Rewrites {
    let src = file.source;
    // The statements each unit looks at, by what their text names (a name
    // that is not ASCII may normalize to any of these).
    let naming = |words: &[&str]| -> Vec<&Stmt> {
        file.imports
            .iter()
            .map(|(_, s)| *s)
            .filter(|s| {
                let text = &src[syntax::start(s)..syntax::end(s)];
                !text.is_ascii() || words.iter().any(|w| text.contains(w))
            })
            .collect()
    };
    // A statement an earlier unit rewrote is left to it.
    let untouched = |out: &Rewrites, stmt: &Stmt| {
        let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
        !out.edits.iter().any(|e| e.start < hi && e.end > lo)
    };
    let mut out = Rewrites::default();
    for stmt in naming(&["contrib", "examples"]) {
        if let Some((edit, msg)) = companion::rewrite_import(file, stmt, api) {
            out.entries.push((edit.start, COMPANION.rule, msg));
            out.edits.push(edit);
        }
    }
    let contrib: Vec<&Stmt> = naming(&["contrib", "estimator"])
        .into_iter()
        .filter(|s| untouched(&out, s))
        .collect();
    if !contrib.is_empty() {
        let more = contrib::rewrite_imports(file, &contrib, api);
        out.edits.extend(more.edits);
        out.entries.extend(more.entries);
        out.graph = more.graph;
        out.needs_tf |= more.needs_tf;
    }
    for stmt in naming(&["python"]) {
        if !untouched(&out, stmt) {
            continue;
        }
        if let Some((edit, msg)) = private::rewrite_import(file, stmt, api) {
            out.entries.push((edit.start, PRIVATE_HOMES.rule, msg));
            out.edits.push(edit);
        }
    }
    for stmt in naming(&["tensorflow"]) {
        if !untouched(&out, stmt) {
            continue;
        }
        for (edit, msg) in import_homes::rewrite_import(file, stmt, api, renames) {
            out.entries.push((edit.start, IMPORT_HOMES.rule, msg));
            out.edits.push(edit);
        }
    }
    out
}

/// Whether the rewrites of `rule` wrote text that names `module` (`module`
/// or `module.…`) in a file whose imports bind no name `module`: then
/// `import module` goes in after the TensorFlow import.
fn needs_import(out: &Rewrites, rule: Rule, module: &str, b: &bindings::Bindings) -> bool {
    let names = |t: &str| {
        t.strip_prefix(module)
            .is_some_and(|r| r.is_empty() || r.starts_with('.'))
    };
    out.entries.iter().any(|e| e.1 == rule)
        && out.edits.iter().any(|e| {
            e.segments
                .iter()
                .any(|s| matches!(s, edits::Segment::Text(t) if names(t)))
        })
        && !b.aliases.contains_key(module)
}

/// The chain units on the output `file` as the check reads it (`reading`:
/// which chains resolve to what), then the lines after its TensorFlow
/// import.
pub fn rewrite_chains(
    file: &File,
    reading: &Reading,
    api: &Api,
    renames: &RuleMap<String>,
    start: &Start,
) -> Rewrites {
    let b = &reading.bindings;
    if b.aliases.is_empty() {
        return Rewrites::default();
    }
    let tensorflow_import = b.tensorflow_import();
    let mut cx = Ctx {
        file,
        api,
        renames,
        aliases: &b.aliases,
        tf_site: if tensorflow_import.is_none() {
            tf_site(file.source, file.body, b)
        } else {
            None
        },
        out: Rewrites::default(),
    };
    // Graph mode: calls that need it, turn eager execution off or start a
    // program (as the chains resolve before the rewrites, which rename
    // nothing to or from these).
    let mut seen = graph_mode::Seen::default();
    let definitions = graph_mode::definitions(file.body);
    for (c, path) in file.chains.iter().zip(&reading.paths) {
        if let (None, Some(call)) = (path, c.call) {
            seen.needs |= graph_mode::graph_method(c.attr.attr.as_str(), call);
        }
        let Some(path) = path else {
            continue;
        };
        let full = reading.full(path);
        if c.call.is_some() {
            let needs = graph_mode::needs_graph(full);
            seen.disables |= graph_mode::disables_eager(full);
            seen.needs |= needs;
            seen.starts |= graph_mode::starts_program(full)
                || (needs && graph_mode::at_module_level(&definitions, c.start));
        }
        if c.store {
            continue;
        }
        let site = Site {
            chain: c,
            full,
            alias: &file.source[c.root.0..c.root.1],
            base: &full[..path.base_len],
        };
        let missing = !path.resolves;
        for unit in UNITS {
            let Some((when, apply)) = unit.chain else {
                continue;
            };
            if (when == When::Always || missing) && apply(&mut cx, &site) {
                break;
            }
        }
    }
    let tf_site = cx.tf_site;
    let mut out = cx.out;
    // The lines after the TensorFlow import (after the one that goes in).
    let mut lines = Vec::new();
    let (alias, module, (lo, hi)) = match (tensorflow_import, tf_site) {
        (Some(found), _) => found,
        (None, Some(site)) if out.needs_tf => {
            let msg = messages::render("tensorflow_added", &[]);
            lines.push((
                "import tensorflow as tf".to_string(),
                PRIVATE_HOMES.rule,
                msg,
            ));
            ("tf", "tensorflow", site)
        }
        _ => return out,
    };
    if needs_import(&out, Rule::TfSlim, "tf_slim", b) {
        let msg = messages::render("tf_slim_added", &[]);
        lines.push(("import tf_slim".to_string(), TF_SLIM_IMPORT_LINE.rule, msg));
    }
    if needs_import(&out, Rule::Companion, companion::MODULE, b) {
        let msg = messages::render("companion_added", &[]);
        let line = format!("import {}", companion::MODULE);
        lines.push((line, COMPANION_IMPORT_LINE.rule, msg));
    }
    out.graph.needs = seen.needs;
    let entry = || start.notebook || seen.starts || graph_mode::entry_point(file.body);
    let (switch, key) = match start.switch {
        _ if seen.disables => (false, ""),
        graph_mode::Switch::Alone => (seen.needs, "graph_mode"),
        _ if !entry() => (false, ""),
        _ if seen.needs => (true, "graph_mode"),
        graph_mode::Switch::Tree { needs } => (needs, "graph_mode_entry"),
    };
    if switch {
        if let Some(statement) = graph_mode::statement(alias, module) {
            let msg = messages::render(key, &[("statement", &statement)]);
            lines.push((statement, GRAPH_MODE.rule, msg));
            out.graph.assumed = !seen.needs;
        }
    }
    if !lines.is_empty() {
        let newline = edits::line_ending_at(file.source, hi);
        let indent = graph_mode::line_indent(file.source, lo);
        let joined: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
        let block = joined.join(&format!("{newline}{indent}"));
        let edit = graph_mode::insert_after_import(file.source, lo, hi, &block);
        for (_, rule, msg) in lines {
            out.entries.push((lo, rule, msg));
        }
        out.edits.push(edit);
    }
    out
}
