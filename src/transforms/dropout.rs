//! `tf.nn.dropout(x, keep_prob)` -> `tf.nn.dropout(x, rate=1 - (keep_prob))`.

use super::{msg, Tx};
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx) {
    if let Some(i) = tx.keyword_index("keep_prob") {
        tx.say(Level::Info, &msg::DROPOUT_KEEP_PROB, &[]);
        tx.rename_keyword(i, "rate");
        if let Some(parts) = tx.parts(&tx.state.keywords[i]) {
            Tx::wrap_value(&mut tx.state.keywords[i], &parts, "1 - (", ")");
        }
        tx.state.changed = true;
        return;
    }
    if tx.state.args.len() < 2 {
        tx.say(Level::Error, &msg::DROPOUT_NO_RATE, &[]);
        return;
    }
    let arg = tx.state.args.remove(1);
    let parts = tx.parts(&arg);
    let mut kw = Tx::into_keyword(arg, "rate");
    if let Some(parts) = parts {
        Tx::wrap_value(&mut kw, &parts, "1 - (", ")");
    }
    tx.state.keywords.push(kw);
    tx.state.changed = true;
    tx.say(Level::Info, &msg::DROPOUT_SECOND_ARG, &[]);
}
