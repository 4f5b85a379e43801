//! Adds a keyword argument with a string value (`data_format='NHWC'`,
//! `save_format='h5'`). Parameters: `arg_name`, `arg_value`.

use super::{param, Tx};
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx, spec: &toml::Table) {
    let (Some(name), Some(value)) = (param(spec, "arg_name"), param(spec, "arg_value")) else {
        return;
    };
    let text = crate::printing::py_repr(value);
    tx.state.keywords.push(Tx::new_keyword(name, &text, None));
    tx.state.changed = true;
    let full = tx.full_or_name();
    tx.log(
        Level::Info,
        format!("Added the argument {name}={text} to the call to {full}."),
    );
}
