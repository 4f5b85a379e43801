//! `tf.nn.softmax_cross_entropy_with_logits(labels=y, ...)`: the labels are
//! wrapped in `tf.stop_gradient` (the TF 2 function also backpropagates into
//! the labels).

use super::{msg, Tx};
use crate::diagnostic::Level;
use crate::edits::Segment;
use crate::syntax::Expr;

fn is_stop_gradient(e: Option<&Expr>) -> bool {
    let Some(Expr::Call(c)) = e else { return false };
    let Expr::Attribute(a) = &*c.func else {
        return false;
    };
    a.attr.as_str() == "stop_gradient"
        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "tf")
}

pub(super) fn apply(tx: &mut Tx) {
    let Some(i) = tx.keyword_index("labels") else {
        return;
    };
    if is_stop_gradient(tx.state.keywords[i].node) {
        return;
    }
    let Some(parts) = tx.parts(&tx.state.keywords[i]) else {
        return;
    };
    // The new call takes the value's surrounding text, and the value keeps it.
    let o = super::orig;
    let mut v: Vec<Segment> = Vec::new();
    v.extend(o(parts.pre));
    v.push(Segment::Text("tf.stop_gradient(".into()));
    if parts.starred {
        v.extend(o(parts.core));
    } else {
        v.extend(o(parts.pre));
        v.extend(o(parts.core));
        v.extend(o(parts.post));
    }
    v.push(Segment::Text(")".into()));
    v.extend(o(parts.post));
    Tx::set_value(&mut tx.state.keywords[i], &parts, v);
    tx.state.changed = true;
    tx.say(Level::Info, &msg::SOFTMAX_LABELS, &[]);
}
