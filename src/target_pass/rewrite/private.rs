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
use crate::syntax::{self, Stmt};

use super::super::api::{self, Api};
use super::super::check::File;
use super::super::private_homes;
use super::{Ctx, Site, PRIVATE_HOMES};

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
    super::move_imported(
        file,
        stmt,
        api,
        &private_homes::candidates,
        "private_home_import",
    )
}

#[cfg(test)]
mod tests;
