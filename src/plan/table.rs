//! The plan's facts: `rules/plan.toml` (the constructs of the migration
//! guide's steps, by full path) and the generated
//! `rules/plan_compat_v1.txt.gz` (the TF2 name of each `tf.compat.v1`
//! name that has one).

use std::sync::OnceLock;

use serde::Deserialize;

use super::Step;

/// One construct of `rules/plan.toml`.
#[derive(Debug, Deserialize)]
pub struct Fact {
    pub path: String,
    #[serde(default)]
    pub prefix: bool,
    pub step: String,
    #[serde(default)]
    pub replacement: Option<String>,
    /// v1 keyword -> TF2 keyword (empty: none).
    #[serde(default)]
    pub arguments: std::collections::BTreeMap<String, String>,
    pub why: String,
}

impl Fact {
    pub fn step(&self) -> Step {
        Step::from_id(&self.step).expect("rules/plan.toml names known steps")
    }
}

#[derive(Deserialize)]
struct File {
    item: Vec<Fact>,
}

/// The TF2 counterpart of a `tf.compat.v1` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counterpart {
    /// Its full path (`tensorflow.…`).
    pub v2: &'static str,
    /// Whether it is the very same object (else it behaves differently).
    pub same: bool,
}

type Map<V> = std::collections::HashMap<&'static str, V, rustc_hash::FxBuildHasher>;

struct Tables {
    /// Every fact by its path (an entry covers the attributes under it
    /// whether or not it is a prefix entry).
    facts: Map<&'static Fact>,
    compat: Map<Counterpart>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let file: &'static File = Box::leak(Box::new(
            serde_json::from_str::<File>(include_str!(concat!(env!("OUT_DIR"), "/plan.json")))
                .expect("rules/plan.toml is valid"),
        ));
        let facts = file
            .item
            .iter()
            .map(|f| {
                let _ = f.step();
                (f.path.as_str(), f)
            })
            .collect();
        let compat = include_str!(concat!(env!("OUT_DIR"), "/plan_compat_v1.txt"))
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let mut cols = l.split('\t');
                let (Some(rel), Some(v2), Some(how)) = (cols.next(), cols.next(), cols.next())
                else {
                    panic!("rules/plan_compat_v1.txt.gz: bad line {l:?}")
                };
                (
                    rel,
                    Counterpart {
                        v2,
                        same: how == "same",
                    },
                )
            })
            .collect();
        Tables { facts, compat }
    })
}

/// The fact about the full path `full`: an entry for it, else for the
/// class or module it is an attribute of (`GraphKeys.LOSSES` is
/// `GraphKeys`'s), else the longest prefix entry over it.
pub fn fact(full: &str) -> Option<&'static Fact> {
    over(&tables().facts, full).map(|(f, _)| *f)
}

/// The entry of `map` for `path` or its longest dotted prefix, with the
/// length of that prefix.
fn over<'m, V>(map: &'m Map<V>, path: &str) -> Option<(&'m V, usize)> {
    let mut at = path;
    loop {
        if let Some(v) = map.get(at) {
            return Some((v, at.len()));
        }
        at = &at[..at.rfind('.')?];
    }
}

/// The TF2 counterpart of `tensorflow.compat.v1.<rel>` (or of the class it
/// is an attribute of), with the attributes after it.
pub fn counterpart(rel: &str) -> Option<(Counterpart, &str)> {
    over(&tables().compat, rel).map(|(c, len)| (*c, &rel[len..]))
}

/// Every fact (tests).
#[cfg(test)]
pub fn facts() -> impl Iterator<Item = &'static Fact> {
    let t = tables();
    t.facts.values().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target_pass::Target;

    /// Every fact names a step, and its TF2 replacement resolves in the
    /// target's tables (with Keras 3 and with tf-keras); the generated
    /// table's TF2 names do too.
    #[test]
    fn facts_name_what_the_target_has() {
        let mut checked = 0;
        for f in facts() {
            let _ = f.step();
            let Some(new) = f.replacement.as_deref() else {
                continue;
            };
            let Some(rest) = new.strip_prefix("tf.") else {
                assert!(new.starts_with("absl."), "{}: {new}", f.path);
                continue;
            };
            let full = format!("tensorflow.{rest}");
            for t in Target::ALL {
                assert_eq!(t.api().missing(&full), None, "{}: {new}", f.path);
            }
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
        let t = tables();
        assert!(t.compat.len() > 2000);
        for c in t.compat.values() {
            assert_eq!(Target::V2_21.api().missing(c.v2), None, "{}", c.v2);
        }
        assert_eq!(
            fact("tensorflow.compat.v1.GraphKeys.LOSSES").map(|f| f.path.as_str()),
            Some("tensorflow.compat.v1.GraphKeys")
        );
        let (twin, rest) = counterpart("nn.conv2d").unwrap();
        assert_eq!(
            (twin.v2, twin.same, rest),
            ("tensorflow.nn.conv2d", false, "")
        );
    }
}
