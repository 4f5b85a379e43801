//! `dataset.make_one_shot_iterator()` ->
//! `tf.compat.v1.data.make_one_shot_iterator(dataset)` (also
//! `make_initializable_iterator`): the object moves into the arguments.

use super::{msg, Tx};
use crate::arglist::ArgState;
use crate::arglist::{Item, Kind};
use crate::diagnostic::Level;
use crate::edits::Segment;
use crate::syntax::{self, Expr};

pub(super) fn apply(tx: &mut Tx) {
    if let Some(f) = tx.full {
        if f.starts_with("tf.compat.v1.data") || f.starts_with("tf.data") {
            return;
        }
    }
    let call = tx.call;
    let Expr::Attribute(a) = &*call.func else {
        return;
    };
    let value: &Expr = &a.value;
    let src = tx.src().as_bytes();
    let (vs, ve) = (syntax::start(value), syntax::end(value));
    let attr_start = syntax::start(&a.attr);
    // The dot before the attribute, and the parentheses around the value.
    let mut dot = attr_start;
    while dot > ve && src[dot - 1] != b'.' {
        dot -= 1;
    }
    let dot = dot.saturating_sub(1).max(ve);
    let closing: Vec<usize> = (ve..dot).filter(|&i| src[i] == b')').collect();
    let value_end = closing.last().map(|&i| i + 1).unwrap_or(ve);
    let mut value_start = vs;
    let mut need = closing.len();
    let mut i = vs;
    while need > 0 && i > 0 {
        i -= 1;
        match src[i] {
            b'(' => {
                need -= 1;
                value_start = i;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b'\\' => {}
            _ => break,
        }
    }
    // An unparenthesized value keeps the spaces after it (and `\` line
    // continuations: the printer attaches them to the value).
    let mut rest = value_end;
    if closing.is_empty() {
        rest = super::suffix_end(src, value_end, dot);
    }
    let value_end = if closing.is_empty() { rest } else { value_end };
    let name = tx.name().to_string();
    tx.state.args.insert(
        0,
        ArgState {
            item: Item {
                kind: Kind::Positional,
                head: String::new(),
                body: vec![Segment::Orig(value_start, value_end)],
                pos: Some(vs),
            },
            node: Some(value),
            slot: None,
            name: None,
            original_keyword: false,
        },
    );
    tx.state.changed = true;
    tx.state.func = Some(vec![
        Segment::Text("tf.compat.v1.data".into()),
        Segment::Orig(rest, syntax::end(&*call.func)),
    ]);
    tx.say(Level::Warning, &msg::DATASET_ITERATOR, &[("method", &name)]);
}
