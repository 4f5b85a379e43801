//! `tf.uniform_unit_scaling_initializer(factor, ...)` ->
//! `tf.compat.v1.keras.initializers.VarianceScaling(scale=factor, ...,
//! distribution="uniform")`.

use super::Tx;

pub(super) fn apply(tx: &mut Tx) {
    if let Some(i) = tx.keyword_index("factor") {
        tx.rename_keyword(i, "scale");
    }
    tx.state
        .keywords
        .push(Tx::new_keyword("distribution", "\"uniform\"", None));
    tx.state.changed = true;
    if !tx.replace_func_parts(Some("tf.compat.v1.keras.initializers"), "VarianceScaling") {
        tx.replace_func("VarianceScaling");
    }
}
