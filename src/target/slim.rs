//! `tf.contrib.slim`, `tf.contrib.layers`, `tf.contrib.framework` → the
//! tf-slim package (`tf_slim`), which carries that code for TensorFlow 2 and
//! builds graphs on 2.21 with and without tf-keras. A name moves only where
//! tf-slim has it (the caller's `resolves`); everything else stays reported.

/// The contrib modules tf-slim carries, and where their members went, in the
/// order to try.
const HOMES: &[(&str, &[&str])] = &[
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

/// One imported name: `import MODULE as asname` (`name` None) or
/// `from MODULE import name as asname`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported<'a> {
    pub module: &'a str,
    pub name: Option<&'a str>,
    pub asname: Option<&'a str>,
}

/// The statement that imports the tf-slim home of a contrib import, binding
/// the same name; `import_ok(module, name)` tells whether Python would
/// accept `from module import name` (`name` None: `import module`).
/// `None` when tf-slim has no such thing, or the import binds the package
/// root (`import tensorflow.contrib.slim` binds `tensorflow`).
pub fn import_statement(
    imported: &Imported,
    import_ok: &dyn Fn(&str, Option<&str>) -> bool,
) -> Option<String> {
    let full = match imported.name {
        Some(name) => format!("{}.{name}", imported.module),
        None => {
            imported.asname?;
            imported.module.to_string()
        }
    };
    let bound = imported.asname.or(imported.name).unwrap_or(imported.module);
    for target in candidates(&full) {
        let text = match target.rsplit_once('.') {
            None => {
                if !import_ok(&target, None) {
                    continue;
                }
                if bound == target {
                    format!("import {target}")
                } else {
                    format!("import {target} as {bound}")
                }
            }
            Some((parent, last)) => {
                if !import_ok(parent, Some(last)) {
                    continue;
                }
                if bound == last {
                    format!("from {parent} import {last}")
                } else {
                    format!("from {parent} import {last} as {bound}")
                }
            }
        };
        return Some(text);
    }
    None
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

    fn import_ok(module: &str, name: Option<&str>) -> bool {
        match name {
            None => module == "tf_slim" || module == "tf_slim.layers",
            Some(n) => has(&format!("{module}.{n}")),
        }
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

    #[test]
    fn imports_bind_the_same_name() {
        let imp = |module, name, asname| Imported {
            module,
            name,
            asname,
        };
        let st = |i: Imported| import_statement(&i, &import_ok);
        assert_eq!(
            st(imp("tensorflow.contrib.slim", None, Some("slim"))).as_deref(),
            Some("import tf_slim as slim")
        );
        assert_eq!(
            st(imp("tensorflow.contrib", Some("slim"), None)).as_deref(),
            Some("import tf_slim as slim")
        );
        assert_eq!(
            st(imp("tensorflow.contrib", Some("layers"), None)).as_deref(),
            Some("from tf_slim import layers")
        );
        assert_eq!(
            st(imp(
                "tensorflow.contrib.layers",
                Some("fully_connected"),
                Some("fc")
            ))
            .as_deref(),
            Some("from tf_slim.layers import fully_connected as fc")
        );
        assert_eq!(
            st(imp("tensorflow.contrib.framework", Some("arg_scope"), None)).as_deref(),
            Some("from tf_slim import arg_scope")
        );
        // `import tensorflow.contrib.slim` binds `tensorflow`: not moved.
        assert_eq!(st(imp("tensorflow.contrib.slim", None, None)), None);
        assert_eq!(st(imp("tensorflow.contrib", Some("rnn"), None)), None);
    }
}
