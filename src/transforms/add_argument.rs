//! Adds a keyword argument with a string value (`data_format='NHWC'`,
//! `save_format='h5'`). Parameters: `arg_name`, `arg_value`.

use super::{msg, param, Tx};
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx, spec: &toml::Table) {
    let (Some(name), Some(value)) = (param(spec, "arg_name"), param(spec, "arg_value")) else {
        return;
    };
    let text = crate::printing::py_repr(value);
    tx.state.keywords.push(Tx::new_keyword(name, &text, None));
    tx.state.changed = true;
    let full = tx.full_or_name();
    tx.say(
        Level::Info,
        &msg::ARGUMENT_ADDED,
        &[("function", &full), ("arg", name), ("value", &text)],
    );
}
