//! `tf.strings.split(..., result_type=...)`: the argument is removed (the
//! function now returns a RaggedTensor); other values move the call to
//! `tf.compat.v1`. `source` becomes `input`.

use super::Tx;
use crate::rules::Level;
use crate::syntax::Expr;

pub(super) fn apply(tx: &mut Tx) {
    let full = tx.full_or_name();
    if let Some(i) = tx.keyword_index("result_type") {
        let value = match tx.state.keywords[i].node {
            Some(Expr::StringLiteral(s)) => Some(s.value.to_str().to_string()),
            _ => None,
        };
        match value.as_deref() {
            Some(v @ ("RaggedTensor" | "SparseTensor")) => {
                tx.log(
                    Level::Info,
                    format!("Removed argument result_type='{v}' for function {full}"),
                );
                tx.state.keywords.remove(i);
                tx.state.changed = true;
            }
            _ => {
                let Some(full_name) = tx.full else { return };
                let new_name = full_name.replacen("tf.", "tf.compat.v1.", 1);
                tx.log(
                    Level::Info,
                    format!("Renamed '{full_name}' to '{new_name}': {full_name} no longer takes result_type."),
                );
                tx.replace_func(&new_name);
                return;
            }
        }
    }
    if let Some(i) = tx.keyword_index("source") {
        tx.rename_keyword(i, "input");
    }
}
