//! `tf.contrib.summary.*`: writing functions get a `step` argument, and
//! `always_record_summaries` / `never_record_summaries` get their condition.

use super::{msg, param, Tx};
use crate::diagnostic::Level;

const DEFAULT_STEP: &str = "tf.compat.v1.train.get_or_create_global_step()";

pub(super) fn add_step(tx: &mut Tx) {
    if tx.keyword_index("step").is_some() {
        return;
    }
    tx.state
        .keywords
        .push(Tx::new_keyword("step", DEFAULT_STEP, None));
    tx.state.changed = true;
    let full = tx.full_or_name();
    tx.say(
        Level::Warning,
        &msg::SUMMARY_STEP,
        &[("function", &full), ("step", DEFAULT_STEP)],
    );
}

pub(super) fn add_recording_cond(tx: &mut Tx, spec: &toml::Table) {
    let cond = param(spec, "cond").unwrap_or("True").to_string();
    tx.state.args.push(Tx::new_positional(&cond));
    tx.state.changed = true;
    let full = tx.full_or_name();
    tx.say(
        Level::Info,
        &msg::SUMMARY_RECORDING_COND,
        &[("function", &full), ("cond", &cond)],
    );
}
