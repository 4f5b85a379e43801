//! Every spelling: target mode applies each fact however code names
//! TensorFlow. The cases are generated from the tables themselves: every
//! `tf.` rename of the conversion (`rules/renames.toml`), every older
//! rename (`rules/older.toml`), every keyword rewrite of a `tf.` function
//! (`rules/keywords.toml`), and a fixed sample of TF 1's public names (the
//! `tf.compat.v1` names of TensorFlow 2.21's table, every k-th, at least
//! 2,000). Each name is written in a file of its own, in every form Python
//! code names it: `from tensorflow.m import n`, `from tensorflow import m0
//! as …` then `….rest.n`, `import tensorflow.m as …` then `….n`, `import
//! tensorflow as t` then `t.m.n`.
//!
//! Converted with each target: a name that has a home (it resolves, or a
//! rename of it, or its `tf.compat.v1` twin, resolves in the target) leaves
//! no `api-missing` entry; one without a home has one. Keyword rewrites
//! apply through a from-imported name. `SPELLINGS_OUT=DIR` also writes the
//! inputs to DIR (`scripts/check_spellings.sh` converts them with the
//! binary and resolves the output with the real TensorFlow 2.21).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use tf_upgrade_v2::diagnostic::Level;
use tf_upgrade_v2::engine::{builtin_rules, Options};
use tf_upgrade_v2::pipeline::{convert_text, Settings};
use tf_upgrade_v2::target_pass::api::{Api, Kind};
use tf_upgrade_v2::target_pass::{Switch, Target};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The `tf.` paths of a TOML table of the rules (`[table]` keys).
fn table_keys(file: &str, table: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{ROOT}/rules/{file}")).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value[table]
        .as_table()
        .unwrap()
        .keys()
        .filter(|k| k.starts_with("tf.") && !k.starts_with("tf.contrib"))
        .cloned()
        .collect()
}

/// TF 1's public names: the paths under `tensorflow.compat.v1` of the
/// target's table (`rules/api/tf-2.21.txt.gz`), children of modules only,
/// without private or dunder names, spelled `tf.…`.
fn tf1_names() -> Vec<String> {
    let mut gz = flate2::read::GzDecoder::new(
        std::fs::File::open(format!("{ROOT}/rules/api/tf-2.21.txt.gz")).unwrap(),
    );
    let mut text = String::new();
    gz.read_to_string(&mut text).unwrap();
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let depth = line.len() - line.trim_start_matches(' ').len();
        let mut fields = line.trim_start().split(' ');
        let (name, kind) = (fields.next().unwrap(), fields.next().unwrap_or(""));
        if depth == 0 && name.contains('.') {
            continue; // an import override, not a node
        }
        stack.truncate(depth);
        let parent_is_module = stack.last().is_none_or(|p| p.1);
        let path = match stack.last() {
            Some((p, _)) => format!("{p}.{name}"),
            None => name.to_string(),
        };
        let public = !name.starts_with('_') && !name.starts_with('@');
        if parent_is_module && public {
            if let Some(rest) = path.strip_prefix("tensorflow.compat.v1.") {
                let skip = ["compat", "contrib", "estimator", "keras", "v1", "v2"];
                let private = rest.split('.').any(|p| p.starts_with('_'));
                if !private && !skip.contains(&rest.split('.').next().unwrap()) {
                    out.push(format!("tf.{rest}"));
                }
            }
        }
        stack.push((path, matches!(kind, "M" | "m")));
    }
    out.sort();
    out.dedup();
    out
}

/// A fixed sample of at least `n` of `all` (every k-th).
fn sample(all: &[String], n: usize) -> Vec<String> {
    let k = (all.len() / n).max(1);
    all.iter().step_by(k).cloned().collect()
}

/// Every case: the `tf.` names.
fn cases() -> Vec<String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    names.extend(table_keys("renames.toml", "renames"));
    names.extend(table_keys("older.toml", "renames"));
    let tf1 = tf1_names();
    let sampled = sample(&tf1, 2000);
    assert!(sampled.len() >= 2000, "{} of {}", sampled.len(), tf1.len());
    names.extend(sampled);
    names
        .into_iter()
        .filter(|n| n.split('.').all(|p| !p.is_empty() && !is_keyword(p)))
        .collect()
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
            | "print"
            | "exec"
    )
}

/// Whether TF 1 had `tf.{module}` as a module (it has that in the target,
/// or `tf.compat.v1` has): import statements can name it.
fn is_module(api: &Api, module: &str) -> bool {
    [
        format!("tensorflow.{module}"),
        format!("tensorflow.compat.v1.{module}"),
    ]
    .iter()
    .any(|p| api.kind(p) == Some(Kind::Module))
}

/// The file that names `name` (`tf.m.n`) in every form (where `m` is a
/// module; else as an attribute chain only).
fn forms(api: &Api, name: &str) -> String {
    let rest = &name["tf.".len()..];
    let mut out = String::from("import tensorflow as _tf_pkg\n");
    let body = match rest.rsplit_once('.') {
        Some((module, _)) if !is_module(api, module) => format!("_tf_pkg.{rest}\n"),
        None => {
            out.push_str(&format!("from tensorflow import {rest}\n"));
            format!("{rest}\n_tf_pkg.{rest}\n")
        }
        Some((module, last)) => {
            let (head, tail) = match module.split_once('.') {
                Some((h, t)) => (h, format!(".{t}")),
                None => (module, String::new()),
            };
            out.push_str(&format!("from tensorflow.{module} import {last}\n"));
            out.push_str(&format!("from tensorflow import {head} as _tf_from\n"));
            out.push_str(&format!("import tensorflow.{module} as _tf_mod\n"));
            format!("{last}\n_tf_from{tail}.{last}\n_tf_mod.{last}\n_tf_pkg.{rest}\n")
        }
    };
    out.push('\n');
    out.push_str(&body);
    out
}

/// Where `tensorflow.…` resolves in `api`, or a home of it does: itself, a
/// rename (the conversion's, an older one; longest renamed prefix), its
/// `tf.compat.v1` twin; and where `from_import`, one that an import
/// statement can name (`from tensorflow.compat.v1.flags import FLAGS`
/// fails: that module is reached by attribute only) without hiding names
/// of another (`from tensorflow.compat.v1.app import run` imports an `app`
/// without `flags`).
fn has_home(api: &Api, name: &str, renames: &BTreeMap<String, String>, from_import: bool) -> bool {
    let full = |tf: &str| format!("tensorflow{}", &tf["tf".len()..]);
    let mut candidates = vec![full(name)];
    let mut key = name;
    loop {
        if let Some(new) = renames.get(key) {
            candidates.push(full(&format!("{new}{}", &name[key.len()..])));
            break;
        }
        match key.rfind('.') {
            Some(i) if i > 2 => key = &key[..i],
            _ => break,
        }
    }
    candidates.push(format!("tensorflow.compat.v1{}", &name["tf".len()..]));
    // An import that hides names of the module getattr finds is no home.
    let importable = |c: &str| {
        let (parent, last) = c.rsplit_once('.').unwrap();
        (api.import_fails(parent, Some(last)).is_none() && !api.import_hides(parent))
            || (api.import_fails(c, None).is_none() && !api.import_hides(c))
    };
    candidates
        .iter()
        .any(|c| api.missing(c).is_none() && (!from_import || importable(c)))
}

fn renames() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for file in ["older.toml", "renames.toml"] {
        let text = std::fs::read_to_string(format!("{ROOT}/rules/{file}")).unwrap();
        let value: toml::Value = toml::from_str(&text).unwrap();
        for (k, v) in value["renames"].as_table().unwrap() {
            out.insert(k.clone(), v.as_str().unwrap().to_string());
        }
    }
    out
}

fn settings(target: Target) -> Settings<'static> {
    Settings {
        rules: builtin_rules(),
        options: Options::default(),
        target: Some(target),
        switch: Switch::Alone,
    }
}

#[test]
fn every_form_of_a_name_with_a_home_resolves() {
    let cases = cases();
    let renames = renames();
    if let Ok(dir) = std::env::var("SPELLINGS_OUT") {
        for (i, name) in cases.iter().enumerate() {
            let path = std::path::Path::new(&dir).join(format!("case_{i:05}.py"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, forms(Target::V2_21LegacyKeras.api(), name)).unwrap();
        }
    }
    for target in [Target::V2_21, Target::V2_21LegacyKeras] {
        let api = target.api();
        let s = settings(target);
        let mut wrong = Vec::new();
        let (mut homes, mut homeless) = (0, 0);
        for name in &cases {
            let source = forms(api, name);
            let result = convert_text(&source, &s);
            let missing = result
                .entries
                .iter()
                .filter(|e| e.rule().is_unresolved() && e.diagnostic.level == Level::Error)
                .count();
            let home = has_home(api, name, &renames, source.contains("from tensorflow"));
            if home {
                homes += 1;
            } else {
                homeless += 1;
            }
            if home == (missing > 0) {
                wrong.push(format!(
                    "{name}: home {home}, {missing} api-missing entries\n{}",
                    result.output
                ));
            }
        }
        assert!(homes > 2000 && homeless > 0, "{homes} {homeless}");
        assert!(
            wrong.is_empty(),
            "{} of {} cases with {target:?}:\n{}",
            wrong.len(),
            cases.len(),
            wrong.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
                + &wrong
                    .iter()
                    .map(|w| w.split(':').next().unwrap())
                    .collect::<Vec<_>>()
                    .join(" ")
        );
    }
}

/// The keyword rewrites of `tf.` functions (`rules/keywords.toml`) apply
/// to a call through a from-imported name, as to its `tf.` form.
#[test]
fn keyword_rewrites_apply_through_from_imports() {
    let text = std::fs::read_to_string(format!("{ROOT}/rules/keywords.toml")).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let mut checked = 0;
    for (function, rules) in value["keywords"].as_table().unwrap() {
        let Some(rest) = function.strip_prefix("tf.") else {
            continue;
        };
        let (module, last) = rest.rsplit_once('.').unwrap_or(("", rest));
        if module.starts_with("contrib") || last.starts_with('_') {
            continue;
        }
        let old: Vec<&str> = rules
            .get("rename")
            .and_then(|r| r.as_table())
            .map(|t| t.keys().map(|k| k.as_str()).collect())
            .unwrap_or_default();
        let Some(kw) = old.first() else { continue };
        let from = match module {
            "" => "tensorflow".to_string(),
            m => format!("tensorflow.{m}"),
        };
        let source = format!(
            "import tensorflow as tf\nfrom {from} import {last} as fn\n\ny = fn(x, {kw}=1)\nz = tf.{rest}(x, {kw}=1)\n"
        );
        let out = convert_text(&source, &settings(Target::V2_21LegacyKeras)).output;
        let (first, second) = out
            .split_once("y = ")
            .unwrap()
            .1
            .split_once("z = ")
            .unwrap();
        let after_z = second.split_once('(').map_or("", |x| x.1);
        let after_y = first.split_once('(').map_or("", |x| x.1);
        assert_eq!(after_y, after_z, "{function}:\n{out}");
        assert!(!after_y.contains(&format!(", {kw}=")), "{function}:\n{out}");
        checked += 1;
    }
    assert!(checked > 30, "{checked}");
}
