//! Unit `older-renames`: the renames the upgraders of TensorFlow 2.4 and
//! 2.15 made and 2.21's lost (`rules/older.toml`, generated from their
//! wheels). They apply whether the old name resolves or not
//! (`tf.summary.scalar` exists in TF 2 with another meaning), to chains the
//! engine left as they were.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

/// Sets and maps of names: a fast hash.
type Fast = BuildHasherDefault<FxHasher>;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Ctx, Site};

type Renames = HashMap<String, String, Fast>;

#[derive(Deserialize)]
struct Older {
    renames: Renames,
}

/// The renames of older references, keys and values without their `tf`
/// (`.layers.dense`: the table's `tf.layers.dense`).
fn renames() -> &'static Renames {
    static OLDER: OnceLock<Renames> = OnceLock::new();
    OLDER.get_or_init(|| {
        let table =
            serde_json::from_str::<Older>(include_str!(concat!(env!("OUT_DIR"), "/older.json")))
                .expect("rules/older.toml is valid");
        let rest = |name: &str| -> String {
            let rest = name.strip_prefix("tf").filter(|r| r.starts_with('.'));
            rest.expect("rules/older.toml spells names `tf.…`")
                .to_string()
        };
        table
            .renames
            .iter()
            .map(|(k, v)| (rest(k), rest(v)))
            .collect()
    })
}

/// The second components of the keys (`layers` for `tf.layers.dense`): a
/// path under no other can be skipped at once.
fn heads() -> &'static HashSet<String, Fast> {
    static HEADS: OnceLock<HashSet<String, Fast>> = OnceLock::new();
    HEADS.get_or_init(|| {
        renames()
            .keys()
            .filter_map(|k| k.split('.').nth(1).map(str::to_string))
            .collect()
    })
}

/// The longest key of `table` that is `name` or a dotted prefix of it.
fn longest_prefix<'t>(table: &'t Renames, name: &str) -> Option<(&'t str, &'t str)> {
    let mut end = name.len();
    loop {
        let prefix = &name[..end];
        if let Some((k, v)) = table.get_key_value(prefix) {
            return Some((k, v));
        }
        end = prefix.rfind('.')?;
    }
}

/// Where an older rename takes the path `full` (`tensorflow.…`), whether
/// or not that resolves.
pub(super) fn renamed(full: &str) -> Option<String> {
    let rest = full
        .strip_prefix("tensorflow")
        .filter(|r| r.starts_with('.'))?;
    let (key, value) = longest_prefix(renames(), rest)?;
    Some(format!("tensorflow{value}{}", &rest[key.len()..]))
}

pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    if s.base != "tensorflow" {
        return false;
    }
    let rest = &s.full["tensorflow".len()..];
    // `.layers.dense` → `layers`
    let after = rest.get(1..).unwrap_or("");
    let head = &after[..after.bytes().position(|b| b == b'.').unwrap_or(after.len())];
    if !heads().contains(head) || cx.file.has_edit_in(s.chain.start, s.chain.end) {
        return false;
    }
    let Some((key, value)) = longest_prefix(renames(), rest) else {
        return false;
    };
    let new_rest = format!("{value}{}", &rest[key.len()..]);
    if !cx.resolves(&format!("tensorflow{new_rest}")) {
        return false;
    }
    let text = format!("{}{new_rest}", s.alias);
    let msg = cx.message(
        &super::OLDER,
        "older_rename",
        &[("old", &s.shown()), ("new", &text)],
    );
    cx.replace_chain(s, text, &super::OLDER, msg);
    true
}
