//! `tf.image.resize_bilinear(...)` and friends -> `tf.image.resize(...,
//! method=tf.image.ResizeMethod.BILINEAR)`; `align_corners` is dropped.

use super::{msg, Tx};
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx) {
    let method = tx.name().get(7..).unwrap_or("").to_uppercase();
    if tx.state.args.len() == 4 {
        let arg = tx.state.args.pop().expect("four arguments");
        let kw = Tx::into_keyword(arg, "preserve_aspect_ratio");
        tx.state.keywords.push(kw);
    }
    if tx.state.args.len() == 3 {
        // align_corners, given by position: dropped.
        tx.state.args.pop();
    }
    tx.state
        .keywords
        .retain(|k| k.name.as_deref() != Some("align_corners"));
    let pos = tx.after_call_pos();
    tx.state.keywords.push(Tx::new_keyword(
        "method",
        &format!("tf.image.ResizeMethod.{method}"),
        pos,
    ));
    tx.state.changed = true;
    if !tx.replace_func_parts(None, "resize") {
        tx.replace_func("resize");
    }
    let full = tx.full_or_name();
    tx.say(
        Level::Info,
        &msg::IMAGE_RESIZE,
        &[("function", &full), ("method", &method)],
    );
}
