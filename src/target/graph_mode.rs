//! Graph mode: TensorFlow 2 runs eagerly, and placeholders, sessions and the
//! TF 1 training sessions refuse to run then. A file that uses them and never
//! turns eager execution off gets `tf.compat.v1.disable_eager_execution()` on
//! the line after its TensorFlow import, with that import's indentation and
//! line ending.

use crate::edits::{line_ending_at, Edit};

/// What needs graph mode, under `tensorflow.compat.v1`.
const GRAPH_ONLY: &[&str] = &[
    "placeholder",
    "sparse_placeholder",
    "Session",
    "InteractiveSession",
    "train.MonitoredTrainingSession",
    "train.MonitoredSession",
    "train.Supervisor",
];

/// Calls that turn eager execution off (by their last name).
const DISABLES: &[&str] = &["disable_eager_execution", "disable_v2_behavior"];

/// Whether a called symbol (full path, `tensorflow.compat.v1.placeholder`)
/// needs graph mode.
pub fn needs_graph(called: &str) -> bool {
    called
        .strip_prefix("tensorflow.compat.v1.")
        .is_some_and(|rest| GRAPH_ONLY.contains(&rest))
}

/// Whether a called name (as written, any prefix) turns eager execution off.
pub fn disables_eager(called: &str) -> bool {
    let last = called.rsplit('.').next().unwrap_or(called);
    DISABLES.contains(&last)
}

/// The statement to insert, for a file whose TensorFlow module is `alias`
/// bound to `module` (`tf` → `tensorflow` gives
/// `tf.compat.v1.disable_eager_execution()`; `tf` → `tensorflow.compat.v1`
/// gives `tf.disable_eager_execution()`). `None` for other bindings.
pub fn statement(alias: &str, module: &str) -> Option<String> {
    match module {
        "tensorflow" => Some(format!("{alias}.compat.v1.disable_eager_execution()")),
        "tensorflow.compat.v1" => Some(format!("{alias}.disable_eager_execution()")),
        _ => None,
    }
}

/// The spaces and tabs that start the line holding `at`.
pub fn line_indent(src: &str, at: usize) -> &str {
    let line_start = src[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &src[line_start..at];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The edit inserting `statement` on the line after the import statement
/// that spans `start..end` of `src`.
pub fn insert_after_import(src: &str, start: usize, end: usize, statement: &str) -> Edit {
    let indent = line_indent(src, start);
    let newline = line_ending_at(src, end);
    // At the end of the import's line, before its line break (or at the end
    // of the text): a place no other edit starts at, and inside a notebook
    // cell even when the import ends the cell.
    let at = src[end..]
        .find(['\n', '\r'])
        .map(|i| end + i)
        .unwrap_or(src.len());
    Edit::replace(at, at, format!("{newline}{indent}{statement}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::apply;

    fn insert(src: &str, stmt: &str) -> String {
        let start = src.find(stmt).unwrap();
        let edit = insert_after_import(
            src,
            start,
            start + stmt.len(),
            "tf.compat.v1.disable_eager_execution()",
        );
        apply(src, vec![edit])
    }

    #[test]
    fn what_needs_graph_mode() {
        assert!(needs_graph("tensorflow.compat.v1.placeholder"));
        assert!(needs_graph(
            "tensorflow.compat.v1.train.MonitoredTrainingSession"
        ));
        assert!(!needs_graph("tensorflow.placeholder"));
        assert!(!needs_graph("tensorflow.compat.v1.train.Saver"));
        assert!(disables_eager("tf.compat.v1.disable_eager_execution"));
        assert!(disables_eager("tf.disable_v2_behavior"));
        assert!(!disables_eager("tf.enable_eager_execution"));
        assert_eq!(
            statement("tf", "tensorflow").as_deref(),
            Some("tf.compat.v1.disable_eager_execution()")
        );
        assert_eq!(
            statement("tf", "tensorflow.compat.v1").as_deref(),
            Some("tf.disable_eager_execution()")
        );
        assert_eq!(statement("K", "tensorflow.keras"), None);
    }

    #[test]
    fn inserted_after_the_import_line() {
        assert_eq!(
            insert("import numpy as np\nimport tensorflow as tf\nx = 1\n", "import tensorflow as tf"),
            "import numpy as np\nimport tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nx = 1\n"
        );
        assert_eq!(
            insert(
                "import tensorflow as tf  # tf\r\nx = 1\r\n",
                "import tensorflow as tf"
            ),
            "import tensorflow as tf  # tf\r\ntf.compat.v1.disable_eager_execution()\r\nx = 1\r\n"
        );
        assert_eq!(
            insert("try:\n    import tensorflow as tf\nexcept ImportError:\n    pass\n", "import tensorflow as tf"),
            "try:\n    import tensorflow as tf\n    tf.compat.v1.disable_eager_execution()\nexcept ImportError:\n    pass\n"
        );
        assert_eq!(
            insert("import tensorflow as tf", "import tensorflow as tf"),
            "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()"
        );
    }
}
