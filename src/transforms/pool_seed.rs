//! `tf.nn.fractional_*_pool`: `seed2` and `deterministic` are removed; a
//! requested determinism becomes `seed=42` when no seed is given.

use super::{is_bool, msg, Tx};
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx) {
    let call_start = tx.call_start();
    let full = tx.full_or_name();
    let mut has_seed = false;
    let mut deterministic = false;
    let mut modified = false;
    let mut kept = Vec::new();
    for kw in std::mem::take(&mut tx.state.keywords) {
        match kw.name.as_deref() {
            Some("seed") => has_seed = true,
            Some(arg @ ("seed2" | "deterministic")) => {
                let at = kw.name_offset(&tx.state.list).unwrap_or(call_start);
                tx.cx.log.add(
                    crate::registry::Rule::KeywordRemoval,
                    Level::Info,
                    at,
                    tx.cx
                        .rules
                        .render(&msg::KEYWORD_REMOVAL, &[("function", &full), ("arg", arg)]),
                );
                if arg == "deterministic" && !is_bool(kw.node, false) {
                    deterministic = true;
                }
                modified = true;
                continue;
            }
            _ => {}
        }
        kept.push(kw);
    }
    tx.state.keywords = kept;
    if deterministic {
        if has_seed {
            tx.say(
                Level::Warning,
                &msg::POOL_SEED_CHECK,
                &[("function", &full)],
            );
        } else {
            tx.state.keywords.push(Tx::new_keyword("seed", "42", None));
            tx.say(Level::Info, &msg::POOL_SEED_ADDED, &[("function", &full)]);
        }
    }
    if modified {
        tx.state.changed = true;
    }
}
