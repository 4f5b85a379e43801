//! `tf.nn.dropout(x, keep_prob)` -> `tf.nn.dropout(x, rate=1 - (keep_prob))`.

use super::Tx;
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx) {
    if let Some(i) = tx.keyword_index("keep_prob") {
        tx.log(
            Level::Info,
            "tf.nn.dropout: keep_prob became rate (the probability to drop, 1 - keep_prob).".into(),
        );
        tx.rename_keyword(i, "rate");
        if let Some(parts) = tx.parts(&tx.state.keywords[i]) {
            Tx::wrap_value(&mut tx.state.keywords[i], &parts, "1 - (", ")");
        }
        tx.state.changed = true;
        return;
    }
    if tx.state.args.len() < 2 {
        tx.log(
            Level::Error,
            "tf.nn.dropout is called without its second argument, so it was not converted; in TF 2 the second argument is the drop rate, not keep_prob: check this call by hand.".into(),
        );
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
    tx.log(
        Level::Info,
        "tf.nn.dropout: the second argument (keep_prob) became rate=1 - (keep_prob).".into(),
    );
}
