//! Where the private `tensorflow.python` paths that older releases had and
//! the target lacks are now (`rules/target/private_homes.toml`, generated
//! and checked by `scripts/gen_private_homes.py` from the old wheels and
//! TensorFlow 2.21): a public home where one is the same object, and the
//! private path it has now.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// One entry of the table.
#[derive(Debug, Deserialize)]
pub struct Entry {
    /// The public home, else the private path (full, `tensorflow.…`).
    pub home: String,
    /// The private path with the target, or `""`.
    pub private: String,
    /// `public`, `private` or `module`.
    pub kind: String,
}

#[derive(Deserialize)]
struct Table {
    homes: HashMap<String, Entry>,
}

fn table() -> &'static HashMap<String, Entry> {
    static TABLE: OnceLock<HashMap<String, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str::<Table>(include_str!("../../rules/target/private_homes.toml"))
            .expect("rules/target/private_homes.toml is valid")
            .homes
    })
}

/// The entry whose key is `full` or the longest dotted prefix of it, with
/// that key.
pub fn entry_of(full: &str) -> Option<(&'static str, &'static Entry)> {
    if !super::api::is_under(full, "tensorflow.python") {
        return None;
    }
    let t = table();
    let mut end = full.len();
    loop {
        if let Some((k, e)) = t.get_key_value(&full[..end]) {
            return Some((k.as_str(), e));
        }
        end = full[..end].rfind('.')?;
    }
}

/// Where `full` may be now, best first: its home, then its private path
/// (each followed by what `full` has below the table's key).
pub fn candidates(full: &str) -> Vec<String> {
    let Some((key, e)) = entry_of(full) else {
        return Vec::new();
    };
    let rest = &full[key.len()..];
    let mut out: Vec<String> = Vec::new();
    for base in [&e.home, &e.private] {
        let c = format!("{base}{rest}");
        if !base.is_empty() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
