//! Unit `keras-layer`: a TF 1 functional layer called as the Keras 3 layer
//! object TensorFlow 2.21 has, and a TF 1 layer class built as the Keras 3
//! class (`rules/target/keras_layers.toml`, generated from both signatures);
//! a call with an argument Keras has no place for is left alone, and so is a
//! class whose object goes where the file does not show its uses, is used
//! for what only the TF 1 object has (`layer.apply(x)`), or is called with a
//! tensor where Keras 3 wants a Python value (`Dropout`'s `training`).

use super::super::keras_layers;
use super::{Ctx, Site};

pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    let Some(call) = s.chain.call else {
        return false;
    };
    let Some(name) = s
        .full
        .strip_prefix("tensorflow.layers.")
        .or_else(|| s.full.strip_prefix("tensorflow.compat.v1.layers."))
    else {
        return false;
    };
    if let Some(layer) = keras_layers::layers().get(name) {
        let Some(class_text) = class_text(cx, s, &layer.class) else {
            return false;
        };
        let Some(edit) = keras_layers::rewrite(cx.file.source, call, layer, &class_text) else {
            return false;
        };
        let msg = cx.message(
            &super::KERAS_LAYER,
            "keras_layer",
            &[("old", &s.shown()), ("new", &class_text)],
        );
        cx.add(edit, crate::syntax::start(call), &super::KERAS_LAYER, msg);
        return true;
    }
    let Some(lc) = keras_layers::classes().get(name) else {
        return false;
    };
    let (start, end) = (crate::syntax::start(call), crate::syntax::end(call));
    let Some(built) = keras_layers::built_use(cx.file.body, start, end) else {
        return false;
    };
    if let keras_layers::Built::Bound(lo, hi) = built {
        let target = &cx.file.source[lo..hi];
        if keras_layers::reads_attribute(cx.file.source, target, &lc.tf1_only) {
            return false;
        }
    }
    let (body, source) = (cx.file.body, cx.file.source);
    if !keras_layers::calls_pass_values(body, source, built, (start, end), &lc.literal) {
        return false;
    }
    let Some(class_text) = class_text(cx, s, &lc.class) else {
        return false;
    };
    let Some(edit) = keras_layers::rewrite_class(call, lc, &class_text) else {
        return false;
    };
    let msg = cx.message(
        &super::KERAS_LAYER,
        "keras_class",
        &[("old", &s.shown()), ("new", &class_text)],
    );
    cx.add(edit, start, &super::KERAS_LAYER, msg);
    true
}

/// The Keras 3 class (`tf.keras.layers.Dense`) spelled from the chain's
/// name, when that resolves in the target.
fn class_text(cx: &Ctx, s: &Site, class: &str) -> Option<String> {
    let class_rest = class.strip_prefix("tf").unwrap_or(class);
    cx.resolves(&format!("{}{class_rest}", s.base))
        .then(|| format!("{}{class_rest}", s.alias))
}
