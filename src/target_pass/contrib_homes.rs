//! Where the removed modules went (`tf.contrib`, `tf.estimator`):
//! `rules/target/contrib_homes.toml` and `estimator_homes.toml` (generated
//! from the real packages by `scripts/gen_contrib_homes.py`), read as a map
//! from an old path to its home, and the judgement whether a home can stand
//! in for the old name where the code uses it.
//!
//! The tables' roots are the modules their keys start with
//! (`tensorflow.contrib`, `tensorflow.estimator`); a path under
//! `tensorflow.compat.v1.` or `tensorflow.compat.v2.` is looked up as the
//! same path under `tensorflow.`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What kind of home an entry names (the table's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `tf.X`.
    Core,
    /// `tf.compat.v1.X`.
    CompatV1,
    /// The tf-slim package.
    TfSlim,
    /// Another package (tensorflow-probability).
    Package,
    /// A constant of the old API (`home` is the Python literal).
    Value,
    /// No home.
    None,
}

/// One entry of the table, its home spelled in full (`tensorflow.…`,
/// `tf_slim.…`; for a value, the literal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub home: String,
    pub kind: Kind,
    /// Argument differences and how to call the home, as the table says.
    pub note: String,
    /// Where there is no home: the closest replacement, as the table spells
    /// it (`tf.keras.layers.RNN`, or words), or `""`.
    pub closest: &'static str,
}

/// The tables' entries that the program reads, `(path, home, kind, note,
/// closest)` sorted by path: written by build.rs from
/// `rules/target/*_homes.toml`.
static ENTRIES: &[(&str, &str, &str, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/contrib_homes.rs"));

/// The table's spelling of a path (`tf.`, `tfp.`) in full.
fn spelled_out(path: &str) -> String {
    match path.strip_prefix("tf.") {
        Some(rest) => format!("tensorflow.{rest}"),
        None if path == "tf" => "tensorflow".to_string(),
        None => path.to_string(),
    }
}

fn table() -> &'static HashMap<String, Entry> {
    static TABLE: OnceLock<HashMap<String, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ENTRIES
            .iter()
            .map(|&(key, home, kind, note, closest)| {
                let kind = match kind {
                    "core" => Kind::Core,
                    "compat-v1" => Kind::CompatV1,
                    "tf-slim" => Kind::TfSlim,
                    "package" => Kind::Package,
                    "value" => Kind::Value,
                    _ => Kind::None,
                };
                let home = if kind == Kind::Value {
                    home.to_string()
                } else {
                    spelled_out(home)
                };
                (
                    spelled_out(key),
                    Entry {
                        home,
                        kind,
                        note: note.to_string(),
                        closest,
                    },
                )
            })
            .collect()
    })
}

/// The home of a contrib path (`tensorflow.contrib.…`): the entry of the
/// longest key that is the path or a module above it, with the rest of the
/// path appended. `None` where that entry has no home, and for what lies
/// under a value. The entry comes along, for its note.
pub fn home_of(path: &str) -> Option<(String, &'static Entry)> {
    match lookup(path)? {
        (_, e) if e.kind == Kind::None => None,
        found => Some(found),
    }
}

/// What the tables name as the closest replacement of `path`, where it has
/// no home.
pub fn closest(path: &str) -> Option<&'static str> {
    match lookup(path)? {
        (_, e) if e.kind == Kind::None && !e.closest.is_empty() => Some(e.closest),
        _ => None,
    }
}

/// Whether the table says where `path` went, or that it went nowhere.
pub fn tabulated(path: &str) -> bool {
    lookup(path).is_some()
}

/// The modules the tables' keys start with (`tensorflow.contrib`, …).
fn roots() -> &'static [String] {
    static ROOTS: OnceLock<Vec<String>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut r: Vec<String> = table()
            .keys()
            .filter_map(|k| {
                let mut parts = k.splitn(3, '.');
                Some(format!("{}.{}", parts.next()?, parts.next()?))
            })
            .collect();
        r.sort();
        r.dedup();
        r
    })
}

/// `path` as the tables spell it (`tensorflow.compat.v1.estimator.X` →
/// `tensorflow.estimator.X`), when it lies under one of their roots.
fn canonical(path: &str) -> Option<std::borrow::Cow<'_, str>> {
    let under = |p: &str| roots().iter().any(|r| super::api::is_under(p, r));
    if under(path) {
        return Some(path.into());
    }
    let rest = ["tensorflow.compat.v1.", "tensorflow.compat.v2."]
        .iter()
        .find_map(|c| path.strip_prefix(c))?;
    let p = format!("tensorflow.{rest}");
    under(&p).then_some(p.into())
}

/// Whether `path` lies under a module the tables are about (however
/// spelled): a module that is gone.
pub fn is_gone(path: &str) -> bool {
    canonical(path).is_some()
}

/// The gone module `path` lies under, as messages name it (`tf.contrib`).
pub fn gone_module(path: &str) -> Option<String> {
    let p = canonical(path)?;
    let root = roots().iter().find(|r| super::api::is_under(&p, r))?;
    Some(format!(
        "tf.{}",
        root.strip_prefix("tensorflow.").unwrap_or(root)
    ))
}

/// The names the tables list directly under the module `path`, with their
/// homes (`None` where the entry names none; a value's literal for a
/// constant).
pub fn children(path: &str) -> Vec<(String, Option<&'static Entry>)> {
    let Some(p) = canonical(path) else {
        return Vec::new();
    };
    let prefix = format!("{p}.");
    let mut out: Vec<(String, Option<&'static Entry>)> = table()
        .iter()
        .filter_map(|(k, e)| {
            let name = k.strip_prefix(&prefix)?;
            (!name.contains('.')).then(|| (name.to_string(), (e.kind != Kind::None).then_some(e)))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// [`home_of`], with the entries that name no home (their home `""`).
fn lookup(path: &str) -> Option<(String, &'static Entry)> {
    let path = canonical(path)?;
    let path = path.as_ref();
    let t = table();
    let mut key = path;
    loop {
        if let Some(e) = t.get(key) {
            let rest = &path[key.len()..];
            return match e.kind {
                Kind::None => Some((String::new(), e)),
                Kind::Value if !rest.is_empty() => None,
                Kind::Value => Some((e.home.clone(), e)),
                _ => Some((format!("{}{rest}", e.home), e)),
            };
        }
        key = &key[..key.rfind('.')?];
    }
}

/// The parameters a note says the home lacks (`no `a`, `b` parameters`).
fn gone_parameters(note: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for bit in note.split("; ") {
        let Some(list) = bit.strip_prefix("no `") else {
            continue;
        };
        let list = list
            .trim_end_matches(" parameters")
            .trim_end_matches(" parameter");
        out.extend(
            list.split(", ")
                .map(|p| p.trim_matches('`'))
                .filter(|p| !p.is_empty()),
        );
    }
    out
}

/// Whether the home (`home`, spelled in full) stands in for the old name
/// `old` under the same arguments: not where the note says the parameters
/// come in another order (positional arguments would swap silently), nor
/// where it spells a call of the home (the home is called another way),
/// nor where a call passes by keyword a parameter the home lacks
/// (`keywords`: the call's keyword names, when the reference is called).
/// `is_class(path)` tells whether the target has a class there: a function
/// whose home is a class, or a method of one, is no stand-in.
pub fn stands_in(
    old: &str,
    home: &str,
    entry: &Entry,
    keywords: &[&str],
    is_class: &dyn Fn(&str) -> bool,
) -> bool {
    let note = entry.note.as_str();
    if note
        .split("; ")
        .any(|b| b.starts_with("parameter order differs"))
    {
        return false;
    }
    let spelled = match home.strip_prefix("tensorflow.") {
        Some(rest) => format!("tf.{rest}("),
        None => format!("{home}("),
    };
    if note.contains(&spelled) {
        return false;
    }
    let gone = gone_parameters(note);
    if keywords.iter().any(|k| gone.contains(k)) {
        return false;
    }
    let last = |p: &str| p.rsplit('.').next().unwrap_or(p).to_string();
    let old_is_function = last(old).starts_with(|c: char| c.is_ascii_lowercase());
    if old_is_function && is_class(home) {
        return false;
    }
    if let Some((parent, _)) = home.rsplit_once('.') {
        if is_class(parent) && !is_class(home) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes_follow_the_longest_key() {
        let (h, e) = home_of("tensorflow.contrib.lookup.HashTable").unwrap();
        assert_eq!(h, "tensorflow.lookup.StaticHashTable");
        assert_eq!(e.kind, Kind::Core);
        let (h, _) = home_of("tensorflow.contrib.framework.nest.flatten").unwrap();
        assert_eq!(h, "tensorflow.nest.flatten");
        let (h, e) = home_of("tensorflow.contrib.learn.ModeKeys.TRAIN").unwrap();
        assert_eq!((h.as_str(), e.kind), ("'train'", Kind::Value));
        assert_eq!(
            home_of("tensorflow.contrib.learn.ModeKeys.TRAIN.upper"),
            None
        );
        // A module entry stands for what is under it.
        let (h, _) = home_of("tensorflow.contrib.signal.stft").unwrap();
        assert_eq!(h, "tensorflow.signal.stft");
        let (h, e) = home_of("tensorflow.contrib.framework.python.ops.add_arg_scope").unwrap();
        assert_eq!(
            (h.as_str(), e.kind),
            ("tf_slim.add_arg_scope", Kind::TfSlim)
        );
        // No home, and not contrib.
        assert_eq!(home_of("tensorflow.contrib.framework.nest"), None);
        assert_eq!(home_of("tensorflow.contrib.framework.nest.no_such"), None);
        assert!(tabulated("tensorflow.contrib.framework.nest.no_such"));
        assert!(!tabulated("tensorflow.contrib.no_such_module"));
        assert_eq!(home_of("tensorflow.lookup.StaticHashTable"), None);
        assert_eq!(home_of("tensorflow.contribx.a"), None);
    }

    #[test]
    fn estimator_paths_under_any_spelling() {
        for p in [
            "tensorflow.estimator.ModeKeys.PREDICT",
            "tensorflow.compat.v1.estimator.ModeKeys.PREDICT",
            "tensorflow.compat.v2.estimator.ModeKeys.PREDICT",
        ] {
            let (h, e) = home_of(p).unwrap();
            assert_eq!((h.as_str(), e.kind), ("'infer'", Kind::Value), "{p}");
            assert_eq!(gone_module(p).as_deref(), Some("tf.estimator"));
        }
        let (h, e) = home_of("tensorflow.compat.v1.estimator.SessionRunHook").unwrap();
        assert_eq!(
            (h.as_str(), e.kind),
            ("tensorflow.compat.v1.train.SessionRunHook", Kind::CompatV1)
        );
        assert_eq!(home_of("tensorflow.estimator.Estimator"), None);
        assert!(tabulated("tensorflow.estimator.Estimator"));
        assert!(tabulated("tensorflow.compat.v1.estimator.no_such"));
        assert!(is_gone("tensorflow.compat.v1.estimator"));
        assert!(!is_gone("tensorflow.compat.v1.train"));
        assert!(!is_gone("tensorflow.compat.v1"));
        assert_eq!(
            gone_module("tensorflow.contrib.lookup").as_deref(),
            Some("tf.contrib")
        );
        // The tables' facts of TF 1.15's contrib, found in the packages.
        let (h, _) = home_of("tensorflow.contrib.framework.list_variables").unwrap();
        assert_eq!(h, "tensorflow.train.list_variables");
        let (h, _) = home_of("tensorflow.contrib.metrics.confusion_matrix").unwrap();
        assert_eq!(h, "tensorflow.math.confusion_matrix");
        let kids = children("tensorflow.compat.v1.estimator.ModeKeys");
        let names: Vec<&str> = kids.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(names, ["EVAL", "PREDICT", "TRAIN"]);
        assert!(children("tensorflow.contrib.framework")
            .iter()
            .any(|(n, e)| n == "nest" && e.is_none()));
    }

    #[test]
    fn what_has_no_home_has_the_closest_replacement() {
        assert_eq!(
            closest("tensorflow.contrib.rnn.stack_bidirectional_dynamic_rnn"),
            Some("tf.keras.layers.RNN")
        );
        assert_eq!(
            closest("tensorflow.compat.v1.estimator.Estimator"),
            Some("tf.keras.Model")
        );
        assert_eq!(closest("tensorflow.contrib.lookup.HashTable"), None);
        assert_eq!(closest("tensorflow.nn.relu"), None);
    }

    #[test]
    fn a_home_stands_in_only_when_called_the_same_way() {
        let no_class = |_: &str| false;
        let entry = |note: &str| Entry {
            home: String::new(),
            kind: Kind::Core,
            note: note.to_string(),
            closest: "",
        };
        let swapped = entry("parameter order differs (old: predictions, labels; new: labels, predictions): pass them by keyword");
        assert!(!stands_in(
            "tensorflow.contrib.losses.log_loss",
            "tensorflow.compat.v1.losses.log_loss",
            &swapped,
            &[],
            &no_class
        ));
        let call_form = entry("`tf.compat.v1.get_default_graph().get_name_scope()`");
        assert!(!stands_in(
            "tensorflow.contrib.framework.get_name_scope",
            "tensorflow.compat.v1.get_default_graph",
            &call_form,
            &[],
            &no_class
        ));
        let gone = entry("no `checkpoint_dir` parameter");
        let home = "tensorflow.train.load_variable";
        assert!(stands_in(
            "tensorflow.contrib.framework.load_variable",
            home,
            &gone,
            &["name"],
            &no_class
        ));
        assert!(!stands_in(
            "tensorflow.contrib.framework.load_variable",
            home,
            &gone,
            &["checkpoint_dir"],
            &no_class
        ));
        // A function is no class, nor a method of one.
        let class = |p: &str| p == "tensorflow.keras.Model" || p == "tensorflow.data.Dataset";
        assert!(!stands_in(
            "tensorflow.contrib.eager.save_network_checkpoint",
            "tensorflow.keras.Model",
            &entry(""),
            &[],
            &class
        ));
        assert!(!stands_in(
            "tensorflow.contrib.data.reduce_dataset",
            "tensorflow.data.Dataset.reduce",
            &entry(""),
            &[],
            &class
        ));
        assert!(stands_in(
            "tensorflow.contrib.lookup.HashTable",
            "tensorflow.lookup.StaticHashTable",
            &entry("no `shared_name` parameter"),
            &[],
            &no_class
        ));
    }

    #[test]
    fn every_note_is_read() {
        // The notes the judgement reads: the generator's wording.
        let t = table();
        assert!(t
            .values()
            .any(|e| e.note.starts_with("parameter order differs")));
        assert!(t.values().any(|e| !gone_parameters(&e.note).is_empty()));
        assert_eq!(gone_parameters("no `a`, `b` parameters; x"), vec!["a", "b"]);
    }
}
