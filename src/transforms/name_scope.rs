//! `tf.name_scope(name, default_name, values)`: with a name it moves to
//! `tf.compat.v1.name_scope`; with only a default name it becomes
//! `tf.name_scope(name=default_name)`.

use super::{msg, Tx};
use crate::diagnostic::Level;

pub(super) fn apply(tx: &mut Tx) {
    let name = tx.arg_value("name", Some(0)).cloned();
    if let Some(name) = name {
        // The reference compares the printed value (with the text the printer
        // attaches to it) with "None".
        let printed = tx
            .parts(&name)
            .map(|p| &tx.src()[p.pre.0..p.post.1])
            .unwrap_or("");
        if printed != "None" {
            tx.say(Level::Info, &msg::NAME_SCOPE_WITH_NAME, &[]);
            let at = crate::syntax::start(&*tx.call.func);
            let full = tx.full_or_name();
            tx.cx.log.add(
                crate::registry::Rule::Rename,
                Level::Info,
                at,
                tx.cx.rules.render(
                    &msg::RENAME,
                    &[("old", &full), ("new", "tf.compat.v1.name_scope")],
                ),
            );
            tx.replace_func("tf.compat.v1.name_scope");
            return;
        }
    }
    let default = tx.arg_value("default_name", Some(1)).cloned();
    if let Some(default) = default {
        tx.say(Level::Info, &msg::NAME_SCOPE_DEFAULT_NAME, &[]);
        let parts = tx.parts(&default);
        let mut kw = Tx::into_keyword(default, "name");
        if let Some(parts) = parts {
            let mut body = Vec::new();
            body.extend(super::orig((parts.pre.0, parts.post.1)));
            kw.item.body = body;
        }
        tx.state.args.clear();
        tx.state.keywords = vec![kw];
        tx.state.changed = true;
        return;
    }
    tx.say(Level::Error, &msg::NAME_SCOPE_NO_NAME, &[]);
}
