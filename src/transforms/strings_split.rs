//! `tf.strings.split(..., result_type=...)`: the argument is removed (the
//! function now returns a RaggedTensor); other values move the call to
//! `tf.compat.v1`. `source` becomes `input`.

use super::{msg, Tx};
use crate::diagnostic::Level;
use crate::edits::{Edit, Segment};
use crate::syntax::{self, Expr};

pub(super) fn apply(tx: &mut Tx) {
    let full = tx.full_or_name();
    let mut to_sparse = true;
    if let Some(i) = tx.keyword_index("result_type") {
        let value = match tx.state.keywords[i].node {
            Some(Expr::StringLiteral(s)) => Some(s.value.to_str().to_string()),
            _ => None,
        };
        match value.as_deref() {
            Some(v @ ("RaggedTensor" | "SparseTensor")) => {
                tx.say(
                    Level::Info,
                    &msg::KEYWORD_REMOVAL,
                    &[("function", &full), ("arg", &format!("result_type='{v}'"))],
                );
                tx.state.keywords.remove(i);
                tx.state.changed = true;
                to_sparse = v == "SparseTensor";
            }
            _ => {
                let Some(full_name) = tx.full else { return };
                let new_name = full_name.replacen("tf.", "tf.compat.v1.", 1);
                tx.say(
                    Level::Info,
                    &msg::STRING_SPLIT_RENAME,
                    &[("old", full_name), ("new", &new_name)],
                );
                tx.replace_func(&new_name);
                return;
            }
        }
    }
    if let Some(i) = tx.keyword_index("source") {
        tx.rename_keyword(i, "input");
    }
    if to_sparse && !followed_by_to_sparse(tx) {
        tx.say(Level::Info, &msg::STRING_SPLIT_TO_SPARSE, &[]);
        let (start, end) = (syntax::start(tx.call), syntax::end(tx.call));
        tx.cx.edits.push(Edit {
            start,
            end,
            segments: vec![
                Segment::Orig(start, end),
                Segment::Text(".to_sparse()".into()),
            ],
        });
        // The reference visits the call a second time inside the new one.
        let args = &tx.call.arguments;
        if args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || args.keywords.iter().any(|k| k.arg.is_none())
        {
            tx.say(
                Level::Warning,
                &msg::TRANSFORM_STAR_ARGS,
                &[("function", &full)],
            );
        }
    }
}

/// Whether the call is already the object of `.to_sparse`.
fn followed_by_to_sparse(tx: &Tx) -> bool {
    let rest = &tx.src()[syntax::end(tx.call)..];
    let rest = rest.trim_start_matches([' ', '\t', ')', '\n', '\r', '\\']);
    let Some(rest) = rest.strip_prefix('.') else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t', '\n', '\r', '\\']);
    match rest.strip_prefix("to_sparse") {
        Some(after) => !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'),
        None => false,
    }
}
