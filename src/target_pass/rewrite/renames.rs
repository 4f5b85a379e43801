//! Unit `renames`: the conversion's renames (the reference's table) for a
//! chain the engine cannot read by its text, because it is rooted at
//! another name than `tf`: `gfile.Exists` after `from tensorflow import
//! gfile`, `t.gfile.Exists` after `import tensorflow as t`,
//! `tensorflow.gfile.Exists` after `import tensorflow`. As the engine
//! does, the longest renamed prefix of the chain wins and the rest of the
//! chain follows it. The new name is spelled from a name the file binds
//! to a prefix of it, else `tf.…` with `import tensorflow as tf` to come;
//! only where it resolves in the target.

use crate::rules::RuleMap;

use super::super::api;
use super::{Ctx, Site, RENAMES};

pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    if s.alias == "tf" || cx.file.has_edit_in(s.chain.start, s.chain.end) {
        return false;
    }
    let Some(new) = renamed(cx.renames, s.full) else {
        return false;
    };
    // A rename the import line took already (`from tensorflow.io.gfile
    // import exists as Exists`) leaves nothing here.
    if new == s.full || !cx.resolves(&new) {
        return false;
    }
    let text = if api::is_under(&new, s.base) && s.base != "tensorflow" {
        Some(format!("{}{}", s.alias, &new[s.base.len()..]))
    } else {
        cx.spelled_or_imported(&new)
    };
    let Some(text) = text else {
        return false;
    };
    let msg = cx.message(&RENAMES, "renamed", &[("old", &s.shown()), ("new", &text)]);
    cx.replace_chain(s, text, &RENAMES, msg);
    true
}

/// Where the conversion's renames (`renames`, `tf.…` keys) take `full`
/// (`tensorflow.…`): the longest renamed prefix, the rest of the path after
/// its new name, as the engine reads a chain.
pub(super) fn renamed(renames: &RuleMap<String>, full: &str) -> Option<String> {
    let rest = full
        .strip_prefix("tensorflow")
        .filter(|r| r.starts_with('.'))?;
    let mut key = format!("tf{rest}");
    loop {
        if let Some(new) = renames.get(&key) {
            let tail = &rest[key.len() - 2..];
            let new_rest = new.strip_prefix("tf").filter(|r| r.starts_with('.'))?;
            return Some(format!("tensorflow{new_rest}{tail}"));
        }
        let dot = key.rfind('.')?;
        if dot <= 2 {
            return None;
        }
        key.truncate(dot);
    }
}
