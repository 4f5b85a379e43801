//! Unit `companion`: a reference or import of a gone API that our runtime
//! companion `tfup_compat` stands in for (`rules/target/companion.toml`)
//! moves to it, where what it writes resolves in the companion's API table
//! (`tf.contrib.training.HParams(...)` → `tfup_compat.HParams(...)`, `from
//! tensorflow.examples.tutorials.mnist import input_data` → `import
//! tfup_compat as input_data`). `import tfup_compat` goes in after the
//! TensorFlow import when a moved reference needs it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::edits::Edit;
use crate::syntax::Stmt;

use super::super::api::{self, Api};
use super::super::check::File;
use super::{Ctx, Site, COMPANION};

/// The companion's module.
pub(super) const MODULE: &str = "tfup_compat";

#[derive(Deserialize)]
struct Table {
    homes: BTreeMap<String, String>,
}

fn homes() -> &'static BTreeMap<String, String> {
    static TABLE: OnceLock<Table> = OnceLock::new();
    &TABLE
        .get_or_init(|| {
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/companion.json")))
                .expect("rules/target/companion.toml is valid")
        })
        .homes
}

/// The companion's name for the full path `full`: its own entry, else the
/// same attribute under a module entry over it.
pub(super) fn home(full: &str) -> Option<String> {
    let homes = homes();
    if let Some(h) = homes.get(full) {
        return Some(h.clone());
    }
    homes
        .iter()
        .filter(|(k, _)| api::is_under(full, k))
        .max_by_key(|(k, _)| k.len())
        .map(|(k, h)| format!("{h}{}", &full[k.len()..]))
}

/// [`home`] as a list of candidates (for the import rewrite).
fn candidates(full: &str) -> Vec<String> {
    home(full).into_iter().collect()
}

/// A chain that does not resolve, to the companion.
pub(super) fn apply(cx: &mut Ctx, s: &Site) -> bool {
    let Some(new_full) = home(s.full).filter(|h| cx.resolves(h)) else {
        return false;
    };
    // Spelled from the companion's own module name: bound by the file, or
    // imported after its TensorFlow import.
    let text = new_full;
    let msg = cx.message(
        &COMPANION,
        "companion_reference",
        &[("old", &s.shown()), ("new", &text)],
    );
    cx.replace_chain(s, text, &COMPANION, msg);
    true
}

/// An import statement's names that the companion has, to it.
pub(super) fn rewrite_import(file: &File, stmt: &Stmt, api: &Api) -> Option<(Edit, String)> {
    super::move_imported(file, stmt, api, &candidates, "companion_import")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes_by_path_and_module() {
        assert_eq!(
            home("tensorflow.contrib.training.HParams").as_deref(),
            Some("tfup_compat.HParams")
        );
        assert_eq!(
            home("tensorflow.examples.tutorials.mnist.input_data.read_data_sets").as_deref(),
            Some("tfup_compat.read_data_sets")
        );
        assert_eq!(home("tensorflow.contrib.layers.dense"), None);
        // Every home resolves in the companion's table; a name under a
        // module entry that the companion lacks does not.
        let api = api::Target::V2_21.api();
        let def = home("tensorflow.contrib.training.HParamDef").unwrap();
        assert!(api.missing(&def).is_some());
        for h in homes().values() {
            assert_eq!(api.missing(h), None, "{h}");
        }
        assert!(api.missing("tfup_compat.read_data_sets").is_none());
        assert!(api.missing("tfup_compat.nothing").is_some());
    }
}
