//! The words of target mode's entries: `rules/target/messages.toml`, keyed
//! by the unit that makes them, with `{name}` placeholders.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    messages: HashMap<String, String>,
}

fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str::<File>(include_str!(concat!(
            env!("OUT_DIR"),
            "/target_messages.json"
        )))
        .expect("rules/target/messages.toml is valid")
        .messages
    })
}

/// Whether the table has a message `key`.
#[cfg(test)]
pub fn has(key: &str) -> bool {
    table().contains_key(key)
}

/// The message `key` with its placeholders filled in.
pub fn render(key: &str, values: &[(&str, &str)]) -> String {
    let template = table()
        .get(key)
        .unwrap_or_else(|| panic!("rules/target/messages.toml has no `{key}`"));
    crate::wording::fill(template, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        let m = render("compat_v1", &[("old", "tf.a"), ("new", "tf.compat.v1.a")]);
        assert_eq!(
            m,
            "`tf.a` is gone from TensorFlow 2; `tf.compat.v1.a` still has it."
        );
    }

    #[test]
    fn every_key_the_code_uses_exists() {
        for key in [
            "api_missing",
            "older_rename",
            "keras_layer",
            "tf_slim_reference",
            "tf_slim_import",
            "tf_slim_added",
            "compat_v1",
            "contrib_home",
            "contrib_value",
            "contrib_home_import",
            "contrib_import_removed",
            "graph_mode",
        ] {
            assert!(table().contains_key(key), "{key}");
        }
    }
}
