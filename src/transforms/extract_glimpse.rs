//! `tf.image.extract_glimpse(..., uniform_noise=u)` ->
//! `noise='uniform' if (u) else 'gaussian'`.

use super::{msg, Tx};
use crate::diagnostic::Level;

const BEFORE: &str = "'uniform' if (";
const AFTER: &str = ") else 'gaussian'";

pub(super) fn apply(tx: &mut Tx) {
    if let Some(i) = tx.keyword_index("uniform_noise") {
        tx.say(Level::Info, &msg::EXTRACT_GLIMPSE_KEYWORD, &[]);
        tx.rename_keyword(i, "noise");
        if let Some(parts) = tx.parts(&tx.state.keywords[i]) {
            Tx::wrap_value(&mut tx.state.keywords[i], &parts, BEFORE, AFTER);
        }
        tx.state.changed = true;
        return;
    }
    // The sixth positional argument (the reference fails on exactly five).
    if tx.state.args.len() >= 6 {
        if let Some(parts) = tx.parts(&tx.state.args[5]) {
            Tx::wrap_value(&mut tx.state.args[5], &parts, BEFORE, AFTER);
            tx.state.changed = true;
        }
        tx.say(Level::Info, &msg::EXTRACT_GLIMPSE_POSITIONAL, &[]);
    }
}
