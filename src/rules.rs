//! Loads the rule tables (`rules/*.toml`, embedded in the binary).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::{anyhow, Context, Result};
use serde::Deserialize;

use crate::diagnostic::Level;

/// A warning attached to a symbol: its level and message kind.
#[derive(Debug, Clone, Deserialize)]
pub struct Warning {
    pub level: Level,
    pub kind: String,
    #[serde(default)]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ArgWarning {
    pub function: String,
    pub arg: String,
    pub position: usize,
    pub level: Level,
    pub kind: String,
    #[serde(default)]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct KeywordRules {
    #[serde(default)]
    pub rename: HashMap<String, String>,
    #[serde(default)]
    pub remove: Vec<String>,
}

impl KeywordRules {
    /// `Some(None)`: remove the keyword; `Some(Some(new))`: rename it.
    pub fn lookup(&self, arg: &str) -> Option<Option<&str>> {
        if let Some(new) = self.rename.get(arg) {
            return Some(Some(new.as_str()));
        }
        if self.remove.iter().any(|r| r == arg) {
            return Some(None);
        }
        None
    }
}

/// All rule tables.
///
/// Change them through [`Rules::add_toml`] (or call [`Rules::reindex`]
/// afterwards): the engine first looks up the last component of a name in
/// the indexes below and only builds the dotted name when it may match.
#[derive(Debug, Default, Clone)]
pub struct Rules {
    pub renames: RuleMap<String>,
    pub keywords: RuleMap<KeywordRules>,
    /// Function -> new keyword for each positional slot (`None`: stays positional).
    pub reorders: RuleMap<Vec<Option<String>>>,
    pub function_warnings: RuleMap<Warning>,
    /// Function (or `*.method`) -> argument warnings, sorted by (arg, position).
    pub arg_warnings: RuleMap<Vec<ArgWarning>>,
    pub module_deprecations: RuleMap<Warning>,
    pub addons: RuleMap<String>,
    /// Call target -> transform table (`transform = "name"` and parameters).
    pub transforms: RuleMap<toml::Table>,
    pub messages: RuleMap<String>,
    /// Last components of the names looked up for an attribute chain.
    pub attr_index: NameSet,
    /// Last components of the names looked up for a call.
    pub call_index: NameSet,
    /// The transform names a `transform = "..."` entry may use (handed in
    /// by whoever owns the transforms; the loader only checks them).
    pub known_transforms: Vec<String>,
}

/// A set of identifiers with a fast, non-cryptographic hash (every attribute
/// and call of every file is looked up here).
pub type NameSet = HashSet<String, BuildHasherDefault<NameHasher>>;

/// A rule table keyed by dotted name, with the same fast hash.
pub type RuleMap<V> = HashMap<String, V, BuildHasherDefault<NameHasher>>;

/// FNV-1a over the bytes: identifiers are short and the input is not
/// adversarial to a lookup table of a few thousand names.
#[derive(Default)]
pub struct NameHasher(u64);

impl Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

fn last_component(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    renames: HashMap<String, String>,
    #[serde(default)]
    keywords: HashMap<String, KeywordRules>,
    #[serde(default)]
    reorders: HashMap<String, Vec<String>>,
    #[serde(default)]
    function_warnings: HashMap<String, Warning>,
    #[serde(default)]
    arg_warnings: Vec<ArgWarning>,
    #[serde(default)]
    module_deprecations: HashMap<String, Warning>,
    #[serde(default)]
    addons: HashMap<String, String>,
    #[serde(default)]
    transforms: HashMap<String, toml::Table>,
    #[serde(default)]
    messages: HashMap<String, String>,
}

const BUILTIN: &[(&str, &str)] = &[
    ("renames.toml", include_str!("../rules/renames.toml")),
    ("keywords.toml", include_str!("../rules/keywords.toml")),
    ("reorders.toml", include_str!("../rules/reorders.toml")),
    ("warnings.toml", include_str!("../rules/warnings.toml")),
    ("transforms.toml", include_str!("../rules/transforms.toml")),
    ("messages.toml", include_str!("../rules/messages.toml")),
];

impl Rules {
    /// Empty tables that accept the transforms named in `known_transforms`.
    pub fn new(known_transforms: &[&str]) -> Rules {
        Rules {
            known_transforms: known_transforms.iter().map(|s| s.to_string()).collect(),
            ..Rules::default()
        }
    }

    /// The built-in tables (embedded `rules/*.toml`), checked against the
    /// transform names given.
    pub fn builtin(known_transforms: &[&str]) -> Rules {
        let mut rules = Rules::new(known_transforms);
        for (name, text) in BUILTIN {
            rules
                .add_toml(text)
                .unwrap_or_else(|e| panic!("built-in rules/{name}: {e:#}"));
        }
        rules
    }

    /// Adds (or overrides) rules from TOML text with the schema of `rules/`.
    pub fn add_toml(&mut self, text: &str) -> Result<()> {
        let file: RuleFile = toml::from_str(text).map_err(|e| anyhow!("{e}"))?;
        for (target, table) in &file.transforms {
            let name = table
                .get("transform")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if !self.known_transforms.iter().any(|n| n == name) {
                return Err(anyhow!(
                    "[transforms.\"{target}\"]: unknown transform \"{name}\" (known: {})",
                    self.known_transforms.join(", ")
                ));
            }
        }
        self.renames.extend(file.renames);
        self.keywords.extend(file.keywords);
        for (f, order) in file.reorders {
            let order = order
                .into_iter()
                .map(|a| if a.is_empty() { None } else { Some(a) })
                .collect();
            self.reorders.insert(f, order);
        }
        self.function_warnings.extend(file.function_warnings);
        for w in file.arg_warnings {
            let list = self.arg_warnings.entry(w.function.clone()).or_default();
            list.retain(|o| !(o.arg == w.arg && o.position == w.position));
            list.push(w);
            list.sort_by(|a, b| (a.arg.as_str(), a.position).cmp(&(b.arg.as_str(), b.position)));
        }
        self.module_deprecations.extend(file.module_deprecations);
        self.addons.extend(file.addons);
        self.transforms.extend(file.transforms);
        self.messages.extend(file.messages);
        self.reindex();
        Ok(())
    }

    /// Rebuilds the last-component indexes from the tables.
    pub fn reindex(&mut self) {
        let last = |k: &String| last_component(k).to_string();
        self.attr_index = self
            .renames
            .keys()
            .chain(self.function_warnings.keys())
            .chain(self.module_deprecations.keys())
            .chain(self.addons.keys())
            .map(last)
            .collect();
        self.call_index = self
            .reorders
            .keys()
            .chain(self.keywords.keys())
            .chain(self.transforms.keys())
            .chain(self.arg_warnings.keys())
            .chain(self.function_warnings.keys())
            .chain(self.addons.keys())
            .map(last)
            .collect();
    }

    /// Adds rules from a user file, naming it in errors.
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<()> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read rules file {}", path.display()))?;
        self.add_toml(&text)
            .with_context(|| format!("bad rules file {}", path.display()))
    }

    /// Our message for a kind, with `{name}` and `{detail}` filled in.
    pub fn message(&self, kind: &str, name: &str, detail: Option<&str>) -> String {
        let template = self.messages.get(kind).map(String::as_str).unwrap_or(kind);
        template
            .replace("{name}", name)
            .replace("{detail}", detail.unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_load() {
        let r = crate::engine::builtin_rules();
        assert_eq!(
            r.renames.get("tf.gfile.Exists").map(String::as_str),
            Some("tf.io.gfile.exists")
        );
        assert_eq!(r.keywords["tf.cond"].lookup("fn1"), Some(Some("true_fn")));
        assert_eq!(r.keywords["tf.cond"].lookup("strict"), Some(None));
        assert_eq!(r.reorders["tf.argmax"][2].as_deref(), Some("name"));
        assert_eq!(r.reorders["tf.argmax"][0], None);
        assert_eq!(r.function_warnings["*.save"].level, Level::Warning);
        assert_eq!(r.module_deprecations["tf.contrib"].level, Level::Error);
        assert!(r.arg_warnings["tf.nn.conv2d"]
            .iter()
            .any(|w| w.arg == "use_cudnn_on_gpu" && w.position == 4));
        assert_eq!(
            r.transforms["tf.nn.dropout"]["transform"].as_str(),
            Some("dropout")
        );
        // contrib_* aliases for direct imports are present.
        assert!(r.renames.keys().any(|k| k.starts_with("contrib_")));
    }

    #[test]
    fn every_kind_has_our_message() {
        let r = crate::engine::builtin_rules();
        let kinds = r
            .function_warnings
            .values()
            .map(|w| &w.kind)
            .chain(r.module_deprecations.values().map(|w| &w.kind))
            .chain(r.arg_warnings.values().flatten().map(|w| &w.kind));
        for kind in kinds {
            assert!(r.messages.contains_key(kind), "no message for {kind}");
        }
    }

    #[test]
    fn user_rules_extend_and_override() {
        let mut r = Rules::new(&["cast"]);
        r.add_toml("[renames]\n\"tf.a\" = \"tf.b\"\n").unwrap();
        r.add_toml("[renames]\n\"tf.a\" = \"tf.c\"\n").unwrap();
        assert_eq!(r.renames["tf.a"], "tf.c");
        assert!(r.attr_index.contains("a"));
        assert!(!r.call_index.contains("a"));
        assert!(r.add_toml("[renamez]\n").is_err());
        let err = r
            .add_toml("[transforms.\"tf.x\"]\ntransform = \"bogus\"\n")
            .unwrap_err();
        assert!(
            err.to_string().contains("unknown transform \"bogus\""),
            "{err}"
        );
        r.add_toml("[transforms.\"tf.x\"]\ntransform = \"cast\"\n")
            .unwrap();
    }
}
