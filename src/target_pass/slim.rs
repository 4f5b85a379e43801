//! `tf.contrib.slim`, `tf.contrib.layers`, `tf.contrib.framework` → the
//! tf-slim package (`tf_slim`), which carries that code for TensorFlow 2 and
//! builds graphs on 2.21 with and without tf-keras. A name moves only where
//! tf-slim has it (the caller's `resolves`); everything else stays reported.
//! These are the candidates where `rules/target/contrib_homes.toml` names
//! no home (the table comes first).

/// The contrib modules tf-slim carries, and where their members went, in the
/// order to try (a module before the modules above it). tf-slim is laid out
/// as `tf.contrib.slim`'s sources were: `contrib/slim/python/slim/nets` is
/// `tf_slim/nets`.
const HOMES: &[(&str, &[&str])] = &[
    ("tensorflow.contrib.slim.python.slim", &["tf_slim"]),
    ("tensorflow.contrib.slim", &["tf_slim"]),
    ("tensorflow.contrib.layers", &["tf_slim.layers", "tf_slim"]),
    ("tensorflow.contrib.framework", &["tf_slim", "tf_slim.ops"]),
];

/// The tf-slim paths a contrib path may have moved to, in the order to try
/// (`tensorflow.contrib.layers.fully_connected` →
/// `tf_slim.layers.fully_connected`, `tf_slim.fully_connected`).
pub fn candidates(path: &str) -> Vec<String> {
    for (module, homes) in HOMES {
        if super::api::is_under(path, module) {
            let rest = &path[module.len()..];
            return homes.iter().map(|h| format!("{h}{rest}")).collect();
        }
    }
    Vec::new()
}

/// The first candidate for `path` that `resolves`.
pub fn moved(path: &str, resolves: &dyn Fn(&str) -> bool) -> Option<String> {
    candidates(path).into_iter().find(|c| resolves(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for tf-slim's table.
    fn has(path: &str) -> bool {
        matches!(
            path,
            "tf_slim"
                | "tf_slim.layers"
                | "tf_slim.layers.fully_connected"
                | "tf_slim.fully_connected"
                | "tf_slim.arg_scope"
                | "tf_slim.xavier_initializer"
        )
    }

    #[test]
    fn the_source_layout_of_contrib_slim_is_tf_slims() {
        assert_eq!(
            candidates("tensorflow.contrib.slim.python.slim.nets.inception_v3"),
            ["tf_slim.nets.inception_v3"]
        );
        assert_eq!(
            candidates("tensorflow.contrib.slim.nets.inception_v3"),
            ["tf_slim.nets.inception_v3"]
        );
    }

    #[test]
    fn contrib_paths_move_where_tf_slim_has_them() {
        assert_eq!(
            moved("tensorflow.contrib.slim.arg_scope", &has).as_deref(),
            Some("tf_slim.arg_scope")
        );
        assert_eq!(
            moved("tensorflow.contrib.layers.fully_connected", &has).as_deref(),
            Some("tf_slim.layers.fully_connected")
        );
        assert_eq!(
            moved("tensorflow.contrib.layers.xavier_initializer", &has).as_deref(),
            Some("tf_slim.xavier_initializer")
        );
        assert_eq!(
            moved("tensorflow.contrib.framework.arg_scope", &has).as_deref(),
            Some("tf_slim.arg_scope")
        );
        assert_eq!(
            moved("tensorflow.contrib.slim", &has).as_deref(),
            Some("tf_slim")
        );
        assert_eq!(moved("tensorflow.contrib.rnn.LSTMCell", &has), None);
        assert_eq!(moved("tensorflow.contrib.layersX.a", &has), None);
        assert_eq!(moved("tensorflow.contrib.layers.no_such", &has), None);
    }
}
