//! Unit `contrib-homes`: a `tf.contrib` reference, or import, to its home
//! with the target (`rules/target/contrib_homes.toml`), only where what it
//! writes resolves in the target's API tables and the home takes the old
//! name's arguments ([`contrib_homes::stands_in`]). Homes in tf-slim are the
//! `tf-slim` units' (same table, their rule and words); homes in other
//! packages (tensorflow-probability) are left alone: the target's tables do
//! not have them, so the check keeps reporting them.
//!
//! An import binds a name: it moves only when every attribute the file
//! uses through that name resolves in the new module as well.

use crate::edits::{self, Edit};
use crate::syntax::{self, imports, Stmt};

use super::super::api::{self, Api};
use super::super::check::File;
use super::super::contrib_homes::{self, Kind};
use super::super::{graph_mode, messages, slim};
use super::{Ctx, Site, Unit, CONTRIB_HOMES, TF_SLIM_IMPORTS};

/// `tf.contrib.lookup.HashTable` → `tf.lookup.StaticHashTable`;
/// `tf.contrib.learn.ModeKeys.TRAIN` → `'train'`.
pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    let Some((home, entry)) = contrib_homes::home_of(s.full) else {
        return false;
    };
    let (text, key) = match entry.kind {
        // A constant is read, not called, assigned or deleted.
        Kind::Value
            if s.chain.call.is_none()
                && matches!(s.chain.attr.ctx, syntax::ast::ExprContext::Load) =>
        {
            (home, "contrib_value")
        }
        Kind::Core | Kind::CompatV1 => {
            let keywords = call_keywords(s);
            if !cx.resolves(&home)
                || !contrib_homes::stands_in(s.full, &home, entry, &keywords, &|p| {
                    is_class(cx.api, p)
                })
            {
                return false;
            }
            let Some(text) = cx.spelled(&home) else {
                return false;
            };
            (text, "contrib_home")
        }
        _ => return false,
    };
    let msg = cx.message(&CONTRIB_HOMES, key, &[("old", &s.shown()), ("new", &text)]);
    cx.replace_chain(s, text, &CONTRIB_HOMES, msg);
    true
}

/// The keyword names of the call whose callee the chain is.
pub(super) fn call_keywords<'a>(s: &Site<'_, 'a>) -> Vec<&'a str> {
    s.chain.call.map_or_else(Vec::new, |c| {
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

/// The attribute paths used through the name `name` (chains rooted at it).
pub(super) fn uses<'a>(file: &File<'a>, name: &str) -> Vec<Use<'a>> {
    let mut out: Vec<Use> = Vec::new();
    for c in file.chains {
        if c.store || &file.source[c.root.0..c.root.1] != name {
            continue;
        }
        let mut path = String::new();
        c.push_attributes(&mut path);
        let keywords = c.call.map_or_else(Vec::new, |call| {
            call.arguments
                .keywords
                .iter()
                .filter_map(|k| k.arg.as_ref().map(|a| a.as_str()))
                .collect()
        });
        out.push(Use { path, keywords });
    }
    out
}

/// The module or symbol `module` (a contrib path bound to a name the file
/// uses as `uses`) moves to: the first candidate that resolves, under which
/// every use resolves, and that stands in for each use the table has a
/// home for. Candidates: the table's home of `module`, tf-slim's (the
/// `tf-slim` units' candidates), then the module of each use's home that
/// keeps the use's name (`tf.contrib.lookup` → `tf.lookup`, from
/// `lookup.KeyValueTensorInitializer`).
fn home_module(module: &str, uses: &[Use], api: &Api) -> Option<String> {
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
        is_home(m) && api.missing(m).is_none() && uses_resolve(module, m, uses, api)
    })
}

/// Whether a candidate is a home this unit writes (TensorFlow or tf-slim).
fn is_home(path: &str) -> bool {
    (api::is_under(path, "tensorflow") || api::is_under(path, "tf_slim"))
        && !api::is_under(path, "tensorflow.contrib")
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

/// The rewrite of one import statement: each name under `tensorflow.contrib`
/// that has a home moves to it (a line of its own); the other names stay,
/// in a statement of their own. Its edit, its unit (`tf-slim-imports` when
/// every moved name went to tf-slim) and message.
pub(super) fn rewrite_import(
    file: &File,
    stmt: &Stmt,
    api: &Api,
) -> Option<(Edit, &'static Unit, String)> {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let src = file.source;
    let names = imports::imported(stmt);
    let from_module = match stmt {
        Stmt::Import(_) => None,
        Stmt::ImportFrom(f) if f.level == 0 => Some(f.module.as_ref()?.as_str()),
        _ => return None,
    };
    let mut moved = Vec::new();
    let mut kept = Vec::new();
    let mut all_slim = true;
    for n in &names {
        let full = n.full();
        // `import tensorflow.contrib.x` binds `tensorflow`; `*` binds
        // what the module has.
        let movable = api::is_under(&full, "tensorflow.contrib")
            && n.name != "*"
            && (from_module.is_some() || n.asname.is_some());
        let line = movable.then(|| {
            let bound = n.local();
            let home = home_module(&full, &uses(file, bound), api)?;
            Some((import_line(&home, bound, api)?, home))
        });
        match line.flatten() {
            Some((l, home)) => {
                all_slim &= api::is_under(&home, "tf_slim");
                moved.push(l);
            }
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
    let mut lines = moved;
    if !kept.is_empty() {
        lines.push(match from_module {
            Some(m) => format!("from {m} import {}", kept.join(", ")),
            None => format!("import {}", kept.join(", ")),
        });
    }
    let indent = graph_mode::line_indent(src, lo);
    let newline = edits::line_ending_at(src, hi);
    let text = lines.join(&format!("{newline}{indent}"));
    let old = &src[lo..hi];
    let (unit, key) = if all_slim {
        (&TF_SLIM_IMPORTS, "tf_slim_import")
    } else {
        (&CONTRIB_HOMES, "contrib_home_import")
    };
    debug_assert!(unit.messages.contains(&key));
    let msg = messages::render(key, &[("old", old), ("new", &text)]);
    Some((Edit::replace(lo, hi, text), unit, msg))
}

#[cfg(test)]
mod tests;
