//! `tf.to_float(x)` and the other `tf.to_*` -> `tf.cast(x, dtype=tf.float32)`.

use super::{msg, Tx};
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx) {
    let dtype = match tx.name().get(3..).unwrap_or("") {
        "float" => "float32",
        "double" => "float64",
        other => other,
    }
    .to_string();
    // A positional name becomes a keyword.
    if tx.state.args.len() == 2 {
        let arg = tx.state.args.pop().expect("two arguments");
        let kw = Tx::into_keyword(arg, "name");
        tx.state.keywords.push(kw);
    }
    let pos = tx.after_call_pos();
    tx.state
        .keywords
        .push(Tx::new_keyword("dtype", &format!("tf.{dtype}"), pos));
    tx.state.changed = true;
    if !tx.replace_func_parts(None, "cast") {
        tx.replace_func("cast");
    }
    let full = tx.full_or_name();
    tx.say(
        Level::Info,
        &msg::CAST,
        &[("function", &full), ("dtype", &dtype)],
    );
}
