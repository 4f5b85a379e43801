//! Moves a call to its `tf.compat.v1` version when an argument is passed with
//! a value the TF 2 function does not accept (`tf.device`, `tf.zeros_like`,
//! `tf.while_loop`, ...); an accepted value may be removed instead.
//!
//! Parameters: `arg_name`, `arg_ok` (`str`, `true` or `false`: the accepted
//! value), `remove_if_ok`, `message` (a message kind).

use super::{is_bool, msg, param, Tx};
use crate::diagnostic::Level;
use crate::syntax::Expr;

fn is_str(e: Option<&Expr>) -> bool {
    matches!(
        e,
        Some(Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::FString(_))
    )
}

pub(super) fn apply(tx: &mut Tx, spec: &toml::Table) {
    let Some(arg_name) = param(spec, "arg_name") else {
        return;
    };
    let Some(idx) = tx.keyword_index(arg_name) else {
        return;
    };
    let value = tx.state.keywords[idx].node;
    let ok = match param(spec, "arg_ok") {
        Some("str") => is_str(value),
        Some("true") => is_bool(value, true),
        Some("false") => is_bool(value, false),
        _ => false,
    };
    let full = tx.full_or_name();
    if ok {
        if spec.get("remove_if_ok").and_then(|v| v.as_bool()) == Some(true) {
            tx.state.keywords.remove(idx);
            tx.state.changed = true;
            tx.say(
                Level::Info,
                &msg::KEYWORD_REMOVAL,
                &[("function", &full), ("arg", arg_name)],
            );
        }
        return;
    }
    let Some(full_name) = tx.full else { return };
    let new_name = full_name.replacen("tf.", "tf.compat.v1.", 1);
    tx.replace_func(&new_name);
    let why = param(spec, "message")
        .map(|kind| tx.cx.rules.message(kind, full_name, None))
        .unwrap_or_default();
    tx.say(
        Level::Info,
        &msg::RENAMED_FOR_ARGUMENT,
        &[
            ("function", full_name),
            ("new", &new_name),
            ("arg", arg_name),
            ("text", &why),
        ],
    );
}
