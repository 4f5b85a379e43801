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
use super::super::bindings::NameMap;
use super::super::check::File;
use super::super::messages;
use super::contrib::dissolve::{chains_over, other_uses, remove_statement, spelled};
use super::contrib::{import_line, uses};
use super::renames::renamed;
use super::{older, split_import};

/// Modules other units move.
const OTHERS: [&str; 4] = [
    "tensorflow.contrib",
    "tensorflow.python",
    "tensorflow.compat",
    "tensorflow.estimator",
];

/// The rewrite of one import statement (`renames`: the conversion's rename
/// table, `tf.…` keys): its edits and messages (the statement's first).
pub(super) fn rewrite_import(
    file: &File,
    stmt: &Stmt,
    api: &Api,
    renames: &RuleMap<String>,
) -> Vec<(Edit, String)> {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let src = file.source;
    let from_module = match stmt {
        Stmt::Import(_) => None,
        Stmt::ImportFrom(f) if f.level == 0 => match &f.module {
            Some(m) => Some(m.as_str()),
            None => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    if file.has_edit_in(lo, hi) {
        return Vec::new();
    }
    let mut moved = Vec::new();
    let mut kept = Vec::new();
    let mut dissolved: Vec<(Edit, String)> = Vec::new();
    let mut aliases = None;
    for n in imports::imported(stmt) {
        let full = n.full();
        let ours = api::is_under(&full, "tensorflow")
            && full != "tensorflow"
            && n.name != "*"
            && !OTHERS.iter().any(|o| api::is_under(&full, o));
        let alias_text = &src[syntax::start(n.alias)..syntax::end(n.alias)];
        if !ours {
            kept.push(alias_text);
            continue;
        }
        if from_module.is_none() && n.asname.is_none() {
            // `import tensorflow.x` binds the package.
            match api.import_fails(&full, None) {
                Some(_) => moved.push("import tensorflow".to_string()),
                None => kept.push(alias_text),
            }
            continue;
        }
        let fails = match from_module {
            Some(m) => api.import_fails(m, Some(n.name)).is_some(),
            None => api.import_fails(&full, None).is_some(),
        };
        let bound = n.local();
        if let Some(line) = home(file, &full, bound, fails, api, renames) {
            moved.push(line);
            continue;
        }
        // No one home for the name: where it is gone and each use has a
        // home of its own, the uses go there and the name goes.
        let aliases = aliases.get_or_insert_with(|| {
            super::super::bindings::bindings(src, file.imports, file.edits, api).aliases
        });
        match fails
            .then(|| dissolve(file, &full, bound, api, renames, aliases))
            .flatten()
        {
            Some(uses) => dissolved.extend(uses),
            None => kept.push(alias_text),
        }
    }
    if moved.is_empty() && dissolved.is_empty() {
        return Vec::new();
    }
    let text = split_import(src, stmt, merged(moved), &kept);
    let edit = if text.is_empty() {
        remove_statement(src, file.body, stmt, &[stmt])
    } else {
        Edit::replace(lo, hi, text.clone())
    };
    let msg = match text.is_empty() {
        true => messages::render("import_home_removed", &[("old", &src[lo..hi])]),
        false => messages::render("import_home", &[("old", &src[lo..hi]), ("new", &text)]),
    };
    let mut out = vec![(edit, msg)];
    out.extend(dissolved);
    out
}

/// The rewrites of the uses of `bound` (an import's name for `full`, which
/// the target lacks): each chain over it to the home of what it names,
/// spelled from another name the file binds; `None` when some use has
/// none, the file uses the name otherwise (bare, or binds it again), or
/// there is no use.
fn dissolve(
    file: &File,
    full: &str,
    bound: &str,
    api: &Api,
    renames: &RuleMap<String>,
    aliases: &NameMap<String>,
) -> Option<Vec<(Edit, String)>> {
    let other = other_uses(file, &[bound])[0];
    if other.bare || other.rebound {
        return None;
    }
    let mut out = Vec::new();
    for (c, old) in chains_over(file, bound, full)? {
        let new = candidates(&old, renames, true)
            .into_iter()
            .find(|h| api.missing(h).is_none())?;
        let text = spelled(aliases, &new, Some(bound))?;
        let msg = messages::render(
            "renamed",
            &[("old", &file.source[c.start..c.end]), ("new", &text)],
        );
        out.push((Edit::replace(c.start, c.end, text), msg));
    }
    (!out.is_empty()).then_some(out)
}

/// The homes the facts give `full` (`tensorflow.…`), in order: the
/// conversion's rename (the longest renamed prefix, as the engine reads a
/// chain), an older rename, and with `twin` its `tf.compat.v1` twin.
fn candidates(full: &str, renames: &RuleMap<String>, twin: bool) -> Vec<String> {
    let rest = &full["tensorflow".len()..];
    let mut out: Vec<String> = renamed(renames, full).into_iter().collect();
    out.extend(older::renamed(full));
    if twin && !api::is_under(full, "tensorflow.compat") {
        out.push(format!("tensorflow.compat.v1{rest}"));
    }
    out
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
/// import fails in the target), where it has one: the first of its
/// [`candidates`] where it and every use of it resolve. The renames are
/// facts whether the old name resolves or not (it may be another thing in
/// TensorFlow 2); `tf.compat.v1` only for what is gone.
fn home(
    file: &File,
    full: &str,
    bound: &str,
    fails: bool,
    api: &Api,
    renames: &RuleMap<String>,
) -> Option<String> {
    let used = uses(file, bound);
    let resolves = |p: &str| api.missing(p).is_none();
    let fits =
        |home: &str| resolves(home) && used.iter().all(|u| resolves(&format!("{home}{}", u.path)));
    let dangling = fails || used.iter().any(|u| !resolves(&format!("{full}{}", u.path)));
    // A line that imports a module whose import hides names of the one
    // getattr finds would break other references of the program.
    let hides = |line: &str| {
        let module = match line.strip_prefix("from ") {
            Some(rest) => rest.split(' ').next(),
            None => line
                .strip_prefix("import ")
                .and_then(|r| r.split(' ').next()),
        };
        module.is_some_and(|m| api.import_hides(m))
    };
    candidates(full, renames, dangling)
        .into_iter()
        .filter(|h| h != full && fits(h))
        .find_map(|h| import_line(&h, bound, api).filter(|l| !hides(l)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewrite;
    use super::merged;

    /// A stand-in for the target's tables: `tensorflow.gfile` is gone,
    /// `tf.io.gfile` and `tf.compat.v1` have their names, `tf.train` has no
    /// `AdamOptimizer`, `tf.keras.layers` has `InputSpec`.
    const TABLE: &str = "\
tensorflow M
 io M
  gfile M
   exists f
   GFile c
 train M
  Checkpoint c
 nn M
  relu f
 keras M
  layers M
   InputSpec c
 compat M
  v1 M
   gfile M
    Exists f
    GFile c
   train M
    AdamOptimizer c
    Checkpoint c
   logging M
    info f
";

    fn out(src: &str) -> String {
        rewrite(src, TABLE).0
    }

    #[test]
    fn a_from_import_takes_the_rename_and_keeps_its_name() {
        assert_eq!(
            out("from tensorflow.gfile import Exists, GFile\nExists('a')\n"),
            "from tensorflow.io.gfile import exists as Exists, GFile\nExists('a')\n"
        );
    }

    #[test]
    fn a_gone_module_goes_to_its_compat_v1_twin() {
        assert_eq!(
            out("from tensorflow import gfile, logging as log\ngfile.Exists('a')\n"),
            "from tensorflow.compat.v1 import gfile, logging as log\ngfile.Exists('a')\n"
        );
        assert_eq!(
            out("import tensorflow.gfile as g\ng.Exists('a')\n"),
            "from tensorflow.compat.v1 import gfile as g\ng.Exists('a')\n"
        );
    }

    #[test]
    fn a_module_that_resolves_moves_only_for_a_use_that_does_not() {
        let kept = "from tensorflow import train, nn\ntrain.Checkpoint()\nnn.relu(x)\n";
        assert_eq!(out(kept), kept);
        assert_eq!(
            out("from tensorflow import train, nn\ntrain.AdamOptimizer(0.1)\n"),
            "from tensorflow.compat.v1 import train\nfrom tensorflow import nn\ntrain.AdamOptimizer(0.1)\n"
        );
    }

    #[test]
    fn a_bare_submodule_import_becomes_the_package() {
        assert_eq!(out("import tensorflow.gfile\n"), "import tensorflow\n");
    }

    #[test]
    fn no_import_that_hides_names_of_another_module() {
        // `import tensorflow.compat.v1.app` gives a module without `flags`,
        // and puts it where `tf.compat.v1.app` was.
        let table = "\
tensorflow M
 compat M
  v1 M
   app M
    flags M
    run f
tensorflow.compat.v1.app M
 run f
";
        let src = "from tensorflow.app import run\n";
        assert_eq!(rewrite(src, table).0, src);
        let without = table.replace("    flags M\n", "");
        assert_eq!(
            rewrite(src, &without).0,
            "from tensorflow.compat.v1.app import run\n"
        );
    }

    #[test]
    fn other_imports_stay() {
        for src in [
            "from .tensorflow import gfile\n",
            "from tensorflow.gfile import *\n",
            "from os import path\n",
            "from tensorflow.contrib import layers\n",
            "from tensorflow.nn import relu\nrelu(x)\n",
        ] {
            assert_eq!(out(src), src);
        }
    }

    #[test]
    fn a_module_with_no_one_home_goes_where_each_use_has_one() {
        let src =
            "import tensorflow as tf\nfrom tensorflow import layers as L\n\nL.InputSpec(ndim=2)\n";
        assert_eq!(
            out(src),
            "import tensorflow as tf\n\nL.InputSpec(ndim=2)\n".replace("L.", "tf.keras.layers.")
        );
        // Used bare, it stays (and the check reports it).
        let bare = "import tensorflow as tf\nfrom tensorflow import layers as L\nf(L)\nL.InputSpec(ndim=2)\n";
        assert_eq!(out(bare), bare);
    }

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
