//! Adds a keyword argument with a string value (`data_format='NHWC'`,
//! `save_format='h5'`). Parameters: `arg_name`, `arg_value`.

use super::{param, Tx};
use crate::rules::Level;

/// A Python string literal as `repr()` prints it (single quotes when possible).
pub(super) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

pub(super) fn apply(tx: &mut Tx, spec: &toml::Table) {
    let (Some(name), Some(value)) = (param(spec, "arg_name"), param(spec, "arg_value")) else {
        return;
    };
    let text = py_repr(value);
    tx.state.keywords.push(Tx::new_keyword(name, &text, None));
    tx.state.changed = true;
    let full = tx.full_or_name();
    tx.log(
        Level::Info,
        format!("Added the argument {name}={text} to the call to {full}."),
    );
}
