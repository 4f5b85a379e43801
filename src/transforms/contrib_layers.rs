//! `tf.contrib.layers` / `slim` regularizers and initializers ->
//! `tf.keras.regularizers.l1/l2` and
//! `tf.compat.v1.keras.initializers.VarianceScaling`.

use super::{msg, Tx};
use crate::arglist::ArgState;
use crate::diagnostic::Level;

const REGULARIZERS: &str = "tf.keras.regularizers";
const INITIALIZERS: &str = "tf.compat.v1.keras.initializers";

/// `("uniform" if value else "truncated_normal")`: the value loses the text
/// the printer attached to it.
fn distribution(arg: &mut ArgState, tx: &Tx) {
    if let Some(parts) = tx.parts(arg) {
        Tx::bare_value(
            arg,
            &parts,
            "(\"uniform\" if ",
            " else \"truncated_normal\")",
        );
    }
}

/// The scope argument is dropped (keyword, or any positional after the first).
fn drop_scope(tx: &mut Tx, which: &str) {
    let message = tx
        .cx
        .rules
        .render(&msg::REGULARIZER_SCOPE, &[("which", which)]);
    if let Some(i) = tx.keyword_index("scope") {
        tx.log(Level::Info, message.clone());
        tx.state.keywords.remove(i);
        tx.state.changed = true;
    }
    if tx.state.args.len() > 1 {
        tx.state.args.truncate(1);
        tx.state.changed = true;
        tx.log(Level::Info, message);
    }
}

pub(super) fn l1_regularizer(tx: &mut Tx) {
    for i in 0..tx.state.keywords.len() {
        if tx.state.keywords[i].name.as_deref() == Some("scale") {
            tx.say(Level::Info, &msg::L1_REGULARIZER_SCALE, &[]);
            tx.rename_keyword(i, "l");
        }
    }
    drop_scope(tx, "l1");
    tx.replace_func_parts(Some(REGULARIZERS), "l1");
}

pub(super) fn l2_regularizer(tx: &mut Tx) {
    for i in 0..tx.state.keywords.len() {
        if tx.state.keywords[i].name.as_deref() == Some("scale") {
            tx.rename_keyword(i, "l");
            if let Some(parts) = tx.parts(&tx.state.keywords[i]) {
                Tx::wrap_value(&mut tx.state.keywords[i], &parts, "0.5 * (", ")");
            }
        }
    }
    if !tx.state.args.is_empty() {
        if let Some(parts) = tx.parts(&tx.state.args[0]) {
            Tx::wrap_value(&mut tx.state.args[0], &parts, "0.5 * (", ")");
            tx.state.changed = true;
        }
    }
    drop_scope(tx, "l2");
    tx.say(Level::Info, &msg::L2_REGULARIZER_SCALE, &[]);
    tx.replace_func_parts(Some(REGULARIZERS), "l2");
}

pub(super) fn xavier_initializer(tx: &mut Tx) {
    let mut found_distribution = false;
    for i in 0..tx.state.keywords.len() {
        if tx.state.keywords[i].name.as_deref() == Some("uniform") {
            found_distribution = true;
            tx.rename_keyword(i, "distribution");
            let mut kw = tx.state.keywords[i].clone();
            distribution(&mut kw, tx);
            tx.state.keywords[i] = kw;
        }
    }
    let mut new = vec![
        Tx::new_keyword("scale", "1.0", None),
        Tx::new_keyword("mode", "\"fan_avg\"", None),
    ];
    let mut args = std::mem::take(&mut tx.state.args).into_iter();
    if let Some(first) = args.next() {
        found_distribution = true;
        let parts = tx.parts(&first);
        let mut kw = Tx::into_keyword(first, "distribution");
        if let Some(parts) = parts {
            Tx::bare_value(
                &mut kw,
                &parts,
                "(\"uniform\" if ",
                " else \"truncated_normal\")",
            );
        }
        // The new value has no position.
        kw.item.pos = None;
        new.push(kw);
    }
    if !found_distribution {
        new.push(Tx::new_keyword("distribution", "\"uniform\"", None));
    }
    if let Some(seed) = args.next() {
        new.push(Tx::into_keyword(seed, "seed"));
    }
    if let Some(dtype) = args.next() {
        new.push(Tx::into_keyword(dtype, "dtype"));
    }
    new.extend(std::mem::take(&mut tx.state.keywords));
    tx.state.keywords = new;
    tx.state.changed = true;
    tx.replace_func_parts(Some(INITIALIZERS), "VarianceScaling");
    tx.say(Level::Info, &msg::XAVIER_INITIALIZER, &[]);
}

pub(super) fn variance_scaling_initializer(tx: &mut Tx) {
    let mut found_scale = false;
    for i in 0..tx.state.keywords.len() {
        match tx.state.keywords[i].name.as_deref() {
            Some("factor") => {
                tx.rename_keyword(i, "scale");
                found_scale = true;
            }
            Some("mode") => {
                let mut kw = tx.state.keywords[i].clone();
                if let Some(parts) = tx.parts(&kw) {
                    Tx::bare_value(&mut kw, &parts, "(", ").lower()");
                }
                tx.state.keywords[i] = kw;
                tx.state.changed = true;
            }
            Some("uniform") => {
                tx.rename_keyword(i, "distribution");
                let mut kw = tx.state.keywords[i].clone();
                distribution(&mut kw, tx);
                tx.state.keywords[i] = kw;
            }
            _ => {}
        }
    }
    if !tx.state.args.is_empty() {
        found_scale = true;
    }
    if tx.state.args.len() >= 2 {
        let mut a = tx.state.args[1].clone();
        if let Some(parts) = tx.parts(&a) {
            Tx::bare_value(&mut a, &parts, "(", ").lower()");
        }
        tx.state.args[1] = a;
        tx.state.changed = true;
    }
    if tx.state.args.len() >= 3 {
        let mut a = tx.state.args[2].clone();
        distribution(&mut a, tx);
        tx.state.args[2] = a;
        tx.state.changed = true;
    }
    if !found_scale {
        tx.state
            .keywords
            .insert(0, Tx::new_keyword("scale", "2.0", None));
        tx.state.changed = true;
    }
    tx.replace_func_parts(Some(INITIALIZERS), "VarianceScaling");
    tx.say(Level::Info, &msg::VARIANCE_SCALING_INITIALIZER, &[]);
}
