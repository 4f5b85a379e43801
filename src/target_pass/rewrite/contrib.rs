//! Unit `contrib-homes`: a reference to a removed module (`tf.contrib`,
//! `tf.estimator`), or an import of one, to its home with the target
//! (`rules/target/contrib_homes.toml`, `estimator_homes.toml`), only where
//! what it writes resolves in the target's API tables and the home takes
//! the old name's arguments ([`contrib_homes::stands_in`]). Homes in tf-slim
//! are the `tf-slim` units' (same table, their rule and words); homes in
//! other packages (tensorflow-probability) are left alone: the target's
//! tables do not have them, so the check keeps reporting them.
//!
//! An import binds a name: it moves only when every attribute the file
//! uses through that name resolves in the new module as well, and, where
//! the file also uses the name bare (passes it, returns it), when the new
//! module has every name the tables list under the old one. Where the uses
//! go to several homes, the import goes ([`dissolve`]) when each use is
//! rewritten to its home and the name is used in no other way.

pub(super) mod dissolve;

use crate::edits::Edit;
use crate::syntax::{self, imports, Stmt};

use super::super::api::{self, Api};
use super::super::bindings::NameMap;
use super::super::check::File;
use super::super::contrib_homes::{self, Kind};
use super::super::{messages, slim};
use super::{import_statement, split_import, Ctx, Rewrites, Site, CONTRIB_HOMES, TF_SLIM_IMPORTS};
use crate::syntax::chains::Chain;

/// `tf.contrib.lookup.HashTable` → `tf.lookup.StaticHashTable`;
/// `tf.contrib.learn.ModeKeys.TRAIN`, `tf.estimator.ModeKeys.TRAIN` →
/// `'train'`.
pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    let Some((text, key)) = use_home(s.full, s.chain, cx.api, &|h| cx.spelled(h)) else {
        return false;
    };
    let gone = contrib_homes::gone_module(s.full).unwrap_or_default();
    let msg = cx.message(
        &CONTRIB_HOMES,
        key,
        &[("old", &s.shown()), ("new", &text), ("gone", &gone)],
    );
    cx.replace_chain(s, text, &CONTRIB_HOMES, msg);
    true
}

/// What the chain `chain`, whose path is the old `old`, becomes, and the key
/// of its message: the constant it stood for, where it is only read; its
/// home in TensorFlow spelled by `spell`, where that resolves and stands in
/// for it.
fn use_home(
    old: &str,
    chain: &Chain,
    api: &Api,
    spell: &dyn Fn(&str) -> Option<String>,
) -> Option<(String, &'static str)> {
    let (home, entry) = contrib_homes::home_of(old)?;
    match entry.kind {
        // A constant is read, not called, assigned or deleted.
        Kind::Value
            if chain.call.is_none() && matches!(chain.attr.ctx, syntax::ast::ExprContext::Load) =>
        {
            Some((home, "contrib_value"))
        }
        Kind::Core | Kind::CompatV1 => {
            let keywords = keywords_of(chain.call);
            let stands = api.missing(&home).is_none()
                && contrib_homes::stands_in(old, &home, entry, &keywords, &|p| is_class(api, p));
            Some((spell(&home).filter(|_| stands)?, "contrib_home"))
        }
        _ => None,
    }
}

/// The keyword names of the call whose callee the chain is.
pub(super) fn call_keywords<'a>(s: &Site<'_, 'a>) -> Vec<&'a str> {
    keywords_of(s.chain.call)
}

fn keywords_of(call: Option<&syntax::ast::ExprCall>) -> Vec<&str> {
    call.map_or_else(Vec::new, |c| {
        c.arguments
            .keywords
            .iter()
            .filter_map(|k| k.arg.as_ref().map(|a| a.as_str()))
            .collect()
    })
}

pub(super) fn is_class(api: &Api, path: &str) -> bool {
    api.kind(path) == Some(api::Kind::Class)
}

/// An attribute path the file uses through a name (`.HashTable` of
/// `lookup.HashTable(...)`), and the keywords of its call.
pub(super) struct Use<'a> {
    pub(super) path: String,
    keywords: Vec<&'a str>,
}

/// The attribute paths used through the name `name` (chains rooted at it),
/// each use once, in the order of their first chains.
pub(super) fn uses<'a>(file: &File<'a>, name: &str) -> Vec<Use<'a>> {
    let mut out: Vec<Use> = Vec::new();
    let mut path = String::new();
    for c in file.chains {
        if c.store || &file.source[c.root.0..c.root.1] != name {
            continue;
        }
        path.clear();
        c.push_attributes(&mut path);
        let keywords = keywords_of(c.call);
        if !out.iter().any(|u| u.path == path && u.keywords == keywords) {
            out.push(Use {
                path: path.clone(),
                keywords,
            });
        }
    }
    out
}

/// The module or symbol `module` (a contrib path bound to a name the file
/// uses as `uses`) moves to: the first candidate that resolves, under which
/// every use resolves, and that stands in for each use the table has a
/// home for. Candidates: the table's home of `module`, tf-slim's (the
/// `tf-slim` units' candidates), then the module of each use's home that
/// keeps the use's name (`tf.contrib.lookup` → `tf.lookup`, from
/// `lookup.KeyValueTensorInitializer`). Where the file uses the name bare
/// (`bare`), only a module that keeps every name ([`keeps_every_name`]).
fn home_module(module: &str, uses: &[Use], bare: bool, api: &Api) -> Option<String> {
    let mut candidates: Vec<String> = Vec::new();
    if let Some((home, e)) = contrib_homes::home_of(module) {
        if matches!(e.kind, Kind::Core | Kind::CompatV1 | Kind::TfSlim)
            && contrib_homes::stands_in(module, &home, e, &[], &|p| is_class(api, p))
        {
            candidates.push(home);
        }
    }
    candidates.extend(slim::candidates(module));
    for u in uses {
        if let Some((home, _)) = contrib_homes::home_of(&format!("{module}{}", u.path)) {
            if let Some(m) = home.strip_suffix(u.path.as_str()) {
                if !m.is_empty() && !m.ends_with('.') {
                    candidates.push(m.to_string());
                }
            }
        }
    }
    let mut seen = Vec::new();
    candidates.into_iter().find(|m| {
        if seen.contains(m) {
            return false;
        }
        seen.push(m.clone());
        is_home(m)
            && api.missing(m).is_none()
            && uses_resolve(module, m, uses, api)
            && (!bare || keeps_every_name(module, m, api))
    })
}

/// Whether a candidate is a home this unit writes (TensorFlow or tf-slim).
fn is_home(path: &str) -> bool {
    (api::is_under(path, "tensorflow") || api::is_under(path, "tf_slim"))
        && !contrib_homes::is_gone(path)
}

/// Whether `home` has every name that the tables give a home to under
/// `module` (a value the file passes around is used through names the file
/// cannot see): where the tables' entry for `module` itself is `home`, they
/// say so; else each such name must resolve under `home`.
fn keeps_every_name(module: &str, home: &str, api: &Api) -> bool {
    if contrib_homes::home_of(module).is_some_and(|(h, e)| h == home && e.kind != Kind::Value) {
        return true;
    }
    contrib_homes::children(module)
        .iter()
        .filter(|(_, entry)| entry.is_some())
        .all(|(name, _)| api.missing(&format!("{home}.{name}")).is_none())
}

/// Whether every use of `module` resolves under `home` as what the old name
/// became: where the table says where the old name went, that home (and
/// one that stands in for it); where it says the name went nowhere, never
/// (a name that resolves there is another thing of the same name).
fn uses_resolve(module: &str, home: &str, uses: &[Use], api: &Api) -> bool {
    uses.iter().all(|u| {
        let new = format!("{home}{}", u.path);
        if api.missing(&new).is_some() {
            return false;
        }
        let old = format!("{module}{}", u.path);
        match contrib_homes::home_of(&old) {
            Some((h, e)) if e.kind != Kind::Value => {
                h == new
                    && contrib_homes::stands_in(&old, &new, e, &u.keywords, &|p| is_class(api, p))
            }
            Some(_) => false,
            None => !contrib_homes::tabulated(&old),
        }
    })
}

/// The statement that imports `home` binding `bound`, if Python accepts it.
pub(super) fn import_line(home: &str, bound: &str, api: &Api) -> Option<String> {
    match home.rsplit_once('.') {
        None => api.import_fails(home, None).is_none().then(|| {
            if bound == home {
                format!("import {home}")
            } else {
                format!("import {home} as {bound}")
            }
        }),
        Some((parent, last)) => {
            if api.import_fails(parent, Some(last)).is_none() {
                Some(if bound == last {
                    format!("from {parent} import {last}")
                } else {
                    format!("from {parent} import {last} as {bound}")
                })
            } else if api.import_fails(home, None).is_none() {
                Some(format!("import {home} as {bound}"))
            } else {
                None
            }
        }
    }
}

/// The rewrites of the uses of a name: edit, message.
type Uses = Vec<(Edit, String)>;

/// What becomes of one import statement: the lines of the names that move,
/// the names that stay, the names that go with the rewrites of their uses.
struct Plan<'s> {
    stmt: &'s Stmt,
    moved: Vec<(String, String)>,
    kept: Vec<&'s str>,
    /// The names that go: the alias as the statement spells it, and the
    /// rewrites of its uses (edit, message).
    removed: Vec<(&'s str, String, Uses)>,
}

/// The rewrites of the import statements `stmts` (the file's, in source
/// order): each name under a removed module that has a home moves to it (a
/// line of its own); a name whose uses all have homes, and that is used in
/// no other way, goes, its uses rewritten; the other names stay, in a
/// statement of their own. A statement whose names all go is removed: its
/// line, where it is alone on its line and its block keeps another
/// statement, else `pass` in its place.
pub(super) fn rewrite_imports<'s>(file: &File<'s>, stmts: &[&'s Stmt], api: &Api) -> Rewrites {
    let mut aliases = None;
    let mut others = Others {
        names: stmts
            .iter()
            .flat_map(|s| imports::imported(s))
            .filter(|n| contrib_homes::is_gone(&n.full()))
            .map(|n| n.local())
            .collect(),
        counted: None,
    };
    let plans: Vec<Plan> = stmts
        .iter()
        .filter_map(|stmt| plan(file, stmt, api, &mut aliases, &mut others))
        .collect();
    let gone_whole: Vec<&Stmt> = plans
        .iter()
        .filter(|p| p.moved.is_empty() && p.kept.is_empty())
        .map(|p| p.stmt)
        .collect();
    let mut out = Rewrites::default();
    for p in plans {
        statement_edits(file, &p, &gone_whole, &mut out);
        for (_, _, uses) in p.removed {
            for (edit, msg) in uses {
                out.entries.push((edit.start, CONTRIB_HOMES.rule, msg));
                out.edits.push(edit);
            }
        }
    }
    out
}

/// The names that imports of removed modules bind, and how the file uses
/// them otherwise ([`dissolve::other_uses`]), counted when first asked.
struct Others<'s> {
    names: Vec<&'s str>,
    counted: Option<Vec<dissolve::OtherUses>>,
}

impl Others<'_> {
    fn of(&mut self, file: &File, name: &str) -> dissolve::OtherUses {
        let counted = self
            .counted
            .get_or_insert_with(|| dissolve::other_uses(file, &self.names));
        let i = self.names.iter().position(|n| *n == name);
        counted[i.expect("a name of these statements")]
    }
}

/// What to do with the names of one import statement; `None` when nothing
/// changes. `aliases`: the names the output binds, read when first needed.
fn plan<'s>(
    file: &File<'s>,
    stmt: &'s Stmt,
    api: &Api,
    aliases: &mut Option<NameMap<String>>,
    others: &mut Others,
) -> Option<Plan<'s>> {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let src = file.source;
    let names: Vec<_> = imports::imported(stmt).collect();
    let from_module = match stmt {
        Stmt::Import(_) => None,
        Stmt::ImportFrom(f) if f.level == 0 => Some(f.module.as_ref()?.as_str()),
        _ => return None,
    };
    if !names.iter().any(|n| contrib_homes::is_gone(&n.full())) {
        return None;
    }
    // A statement the engine changed is left to it.
    if file.edits.iter().any(|e| e.start < hi && e.end > lo) {
        return None;
    }
    let mut p = Plan {
        stmt,
        moved: Vec::new(),
        kept: Vec::new(),
        removed: Vec::new(),
    };
    for n in &names {
        let full = n.full();
        let alias_text = &src[syntax::start(n.alias)..syntax::end(n.alias)];
        // `import tensorflow.contrib.x` binds `tensorflow`; `*` binds
        // what the module has.
        let movable = contrib_homes::is_gone(&full)
            && n.name != "*"
            && (from_module.is_some() || n.asname.is_some());
        if !movable {
            p.kept.push(alias_text);
            continue;
        }
        let bound = n.local();
        let other = others.of(file, bound);
        let line = home_module(&full, &uses(file, bound), other.bare, api)
            .and_then(|home| Some((import_line(&home, bound, api)?, home)));
        if let Some(l) = line {
            p.moved.push(l);
            continue;
        }
        let aliases = aliases.get_or_insert_with(|| {
            super::super::bindings::bindings(src, file.imports, file.edits, api).aliases
        });
        match (!other.bare && !other.rebound)
            .then(|| dissolve::uses(file, bound, &full, api, aliases))
            .flatten()
        {
            Some(uses) => p.removed.push((alias_text, bound.to_string(), uses)),
            None => p.kept.push(alias_text),
        }
    }
    (!p.moved.is_empty() || !p.removed.is_empty()).then_some(p)
}

/// The edit of a planned statement, and its entries. `gone_whole`: the
/// statements whose names all go.
fn statement_edits(file: &File, p: &Plan, gone_whole: &[&Stmt], out: &mut Rewrites) {
    let stmt = p.stmt;
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let src = file.source;
    let edit = if p.moved.is_empty() && p.kept.is_empty() {
        dissolve::remove_statement(src, file.body, stmt, gone_whole)
    } else {
        let moved = p.moved.iter().map(|(l, _)| l.clone()).collect();
        let text = split_import(src, stmt, moved, &p.kept);
        if !p.moved.is_empty() {
            let all_slim = p
                .moved
                .iter()
                .all(|(_, home)| api::is_under(home, "tf_slim"));
            let (unit, key) = if all_slim {
                (&TF_SLIM_IMPORTS, "tf_slim_import")
            } else {
                (&CONTRIB_HOMES, "contrib_home_import")
            };
            debug_assert!(unit.messages.contains(&key));
            let msg = messages::render(key, &[("old", &src[lo..hi]), ("new", &text)]);
            out.entries.push((lo, unit.rule, msg));
        }
        Edit::replace(lo, hi, text)
    };
    for (alias, bound, _) in &p.removed {
        let gone = imports::imported(stmt)
            .find(|n| n.local() == bound)
            .and_then(|n| contrib_homes::gone_module(&n.full()))
            .unwrap_or_default();
        let msg = messages::render(
            "contrib_import_removed",
            &[
                ("old", &import_statement(stmt, &[alias])),
                ("gone", &gone),
                ("name", bound),
            ],
        );
        out.entries.push((lo, CONTRIB_HOMES.rule, msg));
    }
    out.edits.push(edit);
}

#[cfg(test)]
mod tests;
