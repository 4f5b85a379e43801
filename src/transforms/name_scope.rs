//! `tf.name_scope(name, default_name, values)`: with a name it moves to
//! `tf.compat.v1.name_scope`; with only a default name it becomes
//! `tf.name_scope(name=default_name)`.

use super::Tx;
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
            tx.log(
                Level::Info,
                "tf.name_scope is called with a name: the TF 2 name_scope cannot re-enter an existing scope by name, so this call was not converted automatically.".into(),
            );
            let at = crate::syntax::start(&*tx.call.func);
            let full = tx.full_or_name();
            tx.cx.log.add(
                crate::registry::Rule::Rename,
                Level::Info,
                at,
                format!("Renamed '{full}' to 'tf.compat.v1.name_scope'"),
            );
            tx.replace_func("tf.compat.v1.name_scope");
            return;
        }
    }
    let default = tx.arg_value("default_name", Some(1)).cloned();
    if let Some(default) = default {
        tx.log(
            Level::Info,
            "tf.name_scope: default_name is passed as name (values is dropped).".into(),
        );
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
    tx.log(
        Level::Error,
        "tf.name_scope is called with neither name nor default_name, so it cannot be converted properly.".into(),
    );
}
