//! Unit `private-homes`: a reference to TensorFlow's private modules
//! (`tensorflow.python…`) that the target lacks, or an import of one, to
//! where the target has it (`rules/target/private_homes.toml`): the public
//! home where the file can spell it, else the private path the target has.
//! Only where what it writes resolves in the target's API tables (which
//! list the private modules as Python resolves them), so what the check
//! would flag is left for it to report.
//!
//! An import binds a name: it moves only when every attribute the file
//! uses through that name resolves under the new path as well.

use crate::edits::Edit;
use crate::syntax::{self, imports, Stmt};

use super::super::api::{self, Api};
use super::super::check::File;
use super::super::{messages, private_homes};
use super::contrib::{import_line, uses};
use super::{split_import, Ctx, Site, PRIVATE_HOMES};

/// `nest.is_sequence` (with `nest` bound to `tensorflow.python.util.nest`)
/// → `tf.nest.is_nested`, or `nest.is_nested` where the file does not
/// import `tensorflow` itself; a public home the file has no name for
/// (`ops.register_tensor_conversion_function`) → `tf.…`, with an `import
/// tensorflow as tf` to come where the file can take one. A call of a
/// function that only returned a call with literal arguments becomes that
/// call (`tensor_shape.scalar()` → `tf.TensorShape([])`).
pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    if let Some(call) = s.chain.call {
        let no_arguments = call.arguments.args.is_empty() && call.arguments.keywords.is_empty();
        if let Some((homes, args)) = private_homes::call_of(s.full).filter(|_| no_arguments) {
            let homes: Vec<String> = homes
                .iter()
                .filter(|h| !h.is_empty() && cx.resolves(h))
                .map(|h| h.to_string())
                .collect();
            let Some(callee) = spell(cx, s, &homes) else {
                return false;
            };
            let text = format!("{callee}({args})");
            let (lo, hi) = (syntax::start(call), syntax::end(call));
            let msg = cx.message(
                &PRIVATE_HOMES,
                "private_call",
                &[("old", &cx.file.source[lo..hi]), ("new", &text)],
            );
            cx.add(Edit::replace(lo, hi, text), lo, &PRIVATE_HOMES, msg);
            return true;
        }
    }
    let homes: Vec<String> = private_homes::candidates(s.full)
        .into_iter()
        .filter(|home| cx.resolves(home))
        .collect();
    let Some(text) = spell(cx, s, &homes) else {
        return false;
    };
    let msg = cx.message(
        &PRIVATE_HOMES,
        "private_home",
        &[("old", &s.shown()), ("new", &text)],
    );
    cx.replace_chain(s, text, &PRIVATE_HOMES, msg);
    true
}

/// The first of `homes` spelled from the file's own names, else one with
/// the import to come.
fn spell(cx: &mut Ctx, s: &Site, homes: &[String]) -> Option<String> {
    homes
        .iter()
        .find_map(|home| {
            if api::is_under(home, "tensorflow.python") && api::is_under(home, s.base) {
                Some(format!("{}{}", s.alias, &home[s.base.len()..]))
            } else {
                cx.spelled(home)
            }
        })
        .or_else(|| {
            homes
                .iter()
                .filter(|home| !api::is_under(home, "tensorflow.python"))
                .find_map(|home| cx.spelled_with_new_import(home))
        })
}

/// The rewrite of one import statement: each name it imports from
/// TensorFlow's private modules that the target lacks, and that has a home,
/// moves to it (a line of its own, binding the same name); the other names
/// stay, in a statement of their own. Its edit and message.
pub(super) fn rewrite_import(file: &File, stmt: &Stmt, api: &Api) -> Option<(Edit, String)> {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let src = file.source;
    let from_module = match stmt {
        Stmt::Import(_) => None,
        Stmt::ImportFrom(f) if f.level == 0 => Some(f.module.as_ref()?.as_str()),
        _ => return None,
    };
    let names: Vec<_> = imports::imported(stmt).collect();
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
                let used = uses(file, bound);
                private_homes::candidates(&full)
                    .into_iter()
                    .find_map(|home| {
                        let resolves = |p: &str| api.missing(p).is_none();
                        let ok = resolves(&home)
                            && used.iter().all(|u| resolves(&format!("{home}{}", u.path)));
                        ok.then(|| import_line(&home, bound, api)).flatten()
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
    let msg = messages::render(
        "private_home_import",
        &[("old", &src[lo..hi]), ("new", &text)],
    );
    Some((Edit::replace(lo, hi, text), msg))
}

#[cfg(test)]
mod tests;
