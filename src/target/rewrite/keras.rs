//! Unit `keras-layer`: a TF 1 functional layer called as the Keras 3 layer
//! object TensorFlow 2.21 has (`rules/target/keras_layers.toml`, generated
//! from both signatures); a call with an argument Keras has no place for is
//! left alone.

use super::super::keras_layers;
use super::{Ctx, Site};

pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    let Some(call) = s.chain.call else {
        return false;
    };
    let function = s
        .full
        .strip_prefix("tensorflow.layers.")
        .or_else(|| s.full.strip_prefix("tensorflow.compat.v1.layers."));
    let Some(layer) = function.and_then(|f| keras_layers::layers().get(f)) else {
        return false;
    };
    let class_rest = layer.class.strip_prefix("tf").unwrap_or(&layer.class);
    if !cx.resolves(&format!("{}{class_rest}", s.base)) {
        return false;
    }
    let class_text = format!("{}{class_rest}", s.alias);
    let Some(edit) = keras_layers::rewrite(cx.file.source, call, layer, &class_text) else {
        return false;
    };
    let msg = cx.message(
        &super::KERAS_LAYER,
        "keras_layer",
        &[("old", &s.shown()), ("new", &class_text)],
    );
    cx.add(edit, crate::syntax::start(call), &super::KERAS_LAYER, msg);
    true
}
