//! Unit `import-homes`: an import that names a part of TensorFlow, not the
//! package (`from tensorflow import gfile`, `from tensorflow.train import
//! AdamOptimizer`, `import tensorflow.gfile as g`), gets what its `tf.`
//! spelling gets: the conversion's rename of it (`tf.gfile.Exists` →
//! `tf.io.gfile.exists`), an older rename, else, where the name or a use
//! of it does not resolve in the target, its `tf.compat.v1` twin. The
//! import line changes and the name it binds stays, so its uses need no
//! edit: `from tensorflow.gfile import Exists` → `from tensorflow.io.gfile
//! import exists as Exists`. A name moves only when it and every attribute
//! the file uses through it resolve at the new place, and the new line
//! imports with Python's import semantics.
//!
//! `import tensorflow.gfile` binds `tensorflow` itself: where the submodule
//! is gone it becomes `import tensorflow`, and the chains through the
//! package are for the chain units.
//!
//! Imports of `tensorflow.contrib`, `tensorflow.python`, `tensorflow.compat`
//! and `tensorflow.estimator` are for the units that know those modules.

use crate::edits::Edit;
use crate::rules::RuleMap;
use crate::syntax::{self, imports, Stmt};

use super::super::api::{self, Api};
use super::super::check::File;
use super::super::messages;
use super::contrib::{import_line, uses};
use super::{older, split_import};

/// Modules other units move.
const OTHERS: [&str; 4] = [
    "tensorflow.contrib",
    "tensorflow.python",
    "tensorflow.compat",
    "tensorflow.estimator",
];

/// The rewrite of one import statement (`renames`: the conversion's rename
/// table, `tf.…` keys): its edit and message.
pub(super) fn rewrite_import(
    file: &File,
    stmt: &Stmt,
    api: &Api,
    renames: &RuleMap<String>,
) -> Option<(Edit, String)> {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let src = file.source;
    let from_module = match stmt {
        Stmt::Import(_) => None,
        Stmt::ImportFrom(f) if f.level == 0 => Some(f.module.as_ref()?.as_str()),
        _ => return None,
    };
    let mut moved = Vec::new();
    let mut kept = Vec::new();
    for n in imports::imported(stmt) {
        let full = n.full();
        let ours = api::is_under(&full, "tensorflow")
            && full != "tensorflow"
            && n.name != "*"
            && !OTHERS.iter().any(|o| api::is_under(&full, o));
        let line = if !ours {
            None
        } else if from_module.is_none() && n.asname.is_none() {
            // `import tensorflow.x` binds the package.
            api.import_fails(&full, None)
                .is_some()
                .then(|| "import tensorflow".to_string())
        } else {
            let fails = match from_module {
                Some(m) => api.import_fails(m, Some(n.name)).is_some(),
                None => api.import_fails(&full, None).is_some(),
            };
            home(file, &full, n.local(), fails, api, renames)
        };
        match line {
            Some(l) => moved.push(l),
            None => kept.push(&src[syntax::start(n.alias)..syntax::end(n.alias)]),
        }
    }
    if moved.is_empty() || file.has_edit_in(lo, hi) {
        return None;
    }
    let text = split_import(src, stmt, merged(moved), &kept);
    let msg = messages::render("import_home", &[("old", &src[lo..hi]), ("new", &text)]);
    Some((Edit::replace(lo, hi, text), msg))
}

/// `lines` with the names of `from m import …` lines of one module `m` in
/// the first of them (`from m import a` and `from m import b as c` give
/// `from m import a, b as c`).
fn merged(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let head = |l: &str| l.find(" import ").map(|i| l[..i + 8].to_string());
        let same = head(&line)
            .filter(|h| h.starts_with("from "))
            .and_then(|h| {
                out.iter_mut()
                    .find(|o| o.starts_with(&h))
                    .map(|o| (o, line.len() - h.len()))
            });
        match same {
            Some((o, names)) => {
                o.push_str(", ");
                o.push_str(&line[line.len() - names..]);
            }
            None => out.push(line),
        }
    }
    out
}

/// The import line that binds `bound` to the home of `full` (`fails`: its
/// import fails in the target), where it has one.
fn home(
    file: &File,
    full: &str,
    bound: &str,
    fails: bool,
    api: &Api,
    renames: &RuleMap<String>,
) -> Option<String> {
    let rest = &full["tensorflow".len()..];
    let used = uses(file, bound);
    let resolves = |p: &str| api.missing(p).is_none();
    let fits =
        |home: &str| resolves(home) && used.iter().all(|u| resolves(&format!("{home}{}", u.path)));
    // The renames are facts whether the old name resolves or not (it may
    // be another thing in TensorFlow 2); `tf.compat.v1` only for what is
    // gone.
    let renamed = renames
        .get(&format!("tf{rest}"))
        .and_then(|new| new.strip_prefix("tf"))
        .filter(|r| r.starts_with('.'))
        .map(|r| format!("tensorflow{r}"));
    let mut candidates: Vec<String> = renamed.into_iter().chain(older::renamed(full)).collect();
    let dangling = fails || used.iter().any(|u| !resolves(&format!("{full}{}", u.path)));
    if dangling {
        candidates.push(format!("tensorflow.compat.v1{rest}"));
    }
    candidates
        .into_iter()
        .filter(|h| h != full && fits(h))
        .find_map(|h| import_line(&h, bound, api))
}

#[cfg(test)]
mod tests {
    use super::merged;

    #[test]
    fn lines_of_one_module_merge() {
        let lines = [
            "from tensorflow.compat.v1 import gfile",
            "import tensorflow.compat.v1.app as a",
            "from tensorflow.compat.v1 import flags as f",
            "from tensorflow.compat.v1.train import Saver",
            "from tensorflow.compat.v1 import logging",
        ];
        assert_eq!(
            merged(lines.iter().map(|l| l.to_string()).collect()),
            [
                "from tensorflow.compat.v1 import gfile, flags as f, logging",
                "import tensorflow.compat.v1.app as a",
                "from tensorflow.compat.v1.train import Saver",
            ]
        );
    }
}
