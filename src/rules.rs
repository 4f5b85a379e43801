//! Loads the rule tables (`rules/*.toml`, embedded in the binary).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::{anyhow, Context, Result};
use serde::Deserialize;

use crate::diagnostic::Level;
use crate::wording::{self, Template};

/// The messages of `rules/messages.toml` the code renders itself (the other
/// keys are message kinds, named by the tables, with `{name}` and
/// `{detail}`).
pub mod msg {
    pub use crate::wording::Template;

    // Attribute chains and calls (src/engine).
    pub const RENAME: Template = Template::new("rename", &["old", "new"]);
    pub const FUNCTION_WARNING: Template = Template::new("function_warning", &["name", "text"]);
    pub const MODULE_DEPRECATION: Template =
        Template::new("module_deprecation", &["name", "module", "text"]);
    pub const ARGUMENT_WARNING: Template =
        Template::new("argument_warning", &["function", "arg", "text"]);
    pub const ARGUMENT_WARNING_VARIADIC: Template =
        Template::new("argument_warning_variadic", &["function", "arg", "text"]);
    pub const REORDER: Template = Template::new("reorder", &["function"]);
    pub const REORDER_STAR_ARGS: Template = Template::new("reorder_star_args", &["function"]);
    pub const KEYWORD_RENAME: Template =
        Template::new("keyword_rename", &["function", "arg", "new"]);
    pub const KEYWORD_REMOVAL: Template = Template::new("keyword_removal", &["function", "arg"]);
    pub const KEYWORDS_STAR_KWARGS: Template = Template::new("keywords_star_kwargs", &["function"]);
    pub const TRANSFORM_STAR_ARGS: Template = Template::new("transform_star_args", &["function"]);
    pub const IMPORT_RENAME: Template = Template::new("import_rename", &["old", "new"]);
    pub const IMPORT_UNALIASED: Template = Template::new("import_unaliased", &[]);
    pub const IMPORT_COMPAT_V1: Template = Template::new("import_compat_v1", &[]);
    pub const IMPORT_COMPAT_V2: Template = Template::new("import_compat_v2", &[]);
    // Transforms (src/transforms).
    pub const ARGUMENT_ADDED: Template =
        Template::new("argument_added", &["function", "arg", "value"]);
    pub const CAST: Template = Template::new("cast", &["function", "dtype"]);
    pub const IMAGE_RESIZE: Template = Template::new("image_resize", &["function", "method"]);
    pub const REGULARIZER_SCOPE: Template = Template::new("regularizer_scope", &["which"]);
    pub const L1_REGULARIZER_SCALE: Template = Template::new("l1_regularizer_scale", &[]);
    pub const L2_REGULARIZER_SCALE: Template = Template::new("l2_regularizer_scale", &[]);
    pub const XAVIER_INITIALIZER: Template = Template::new("xavier_initializer", &[]);
    pub const VARIANCE_SCALING_INITIALIZER: Template =
        Template::new("variance_scaling_initializer", &[]);
    pub const SUMMARY_STEP: Template = Template::new("summary_step", &["function", "step"]);
    pub const SUMMARY_RECORDING_COND: Template =
        Template::new("summary_recording_cond", &["function", "cond"]);
    pub const DROPOUT_KEEP_PROB: Template = Template::new("dropout_keep_prob", &[]);
    pub const DROPOUT_NO_RATE: Template = Template::new("dropout_no_rate", &[]);
    pub const DROPOUT_SECOND_ARG: Template = Template::new("dropout_second_arg", &[]);
    pub const EXTRACT_GLIMPSE_KEYWORD: Template = Template::new("extract_glimpse_keyword", &[]);
    pub const EXTRACT_GLIMPSE_POSITIONAL: Template =
        Template::new("extract_glimpse_positional", &[]);
    pub const DATASET_ITERATOR: Template = Template::new("dataset_iterator", &["method"]);
    pub const NAME_SCOPE_WITH_NAME: Template = Template::new("name_scope_with_name", &[]);
    pub const NAME_SCOPE_DEFAULT_NAME: Template = Template::new("name_scope_default_name", &[]);
    pub const NAME_SCOPE_NO_NAME: Template = Template::new("name_scope_no_name", &[]);
    pub const POOL_SEED_CHECK: Template = Template::new("pool_seed_check", &["function"]);
    pub const POOL_SEED_ADDED: Template = Template::new("pool_seed_added", &["function"]);
    pub const RENAMED_FOR_ARGUMENT: Template =
        Template::new("renamed_for_argument", &["function", "new", "arg", "text"]);
    pub const SOFTMAX_LABELS: Template = Template::new("softmax_labels", &[]);
    pub const STRING_SPLIT_RENAME: Template = Template::new("string_split_rename", &["old", "new"]);
    pub const STRING_SPLIT_TO_SPARSE: Template = Template::new("string_split_to_sparse", &[]);

    /// Every message the code renders through [`super::Rules::render`].
    pub const ALL: &[Template] = &[
        RENAME,
        FUNCTION_WARNING,
        MODULE_DEPRECATION,
        ARGUMENT_WARNING,
        ARGUMENT_WARNING_VARIADIC,
        REORDER,
        REORDER_STAR_ARGS,
        KEYWORD_RENAME,
        KEYWORD_REMOVAL,
        KEYWORDS_STAR_KWARGS,
        TRANSFORM_STAR_ARGS,
        IMPORT_RENAME,
        IMPORT_UNALIASED,
        IMPORT_COMPAT_V1,
        IMPORT_COMPAT_V2,
        ARGUMENT_ADDED,
        CAST,
        IMAGE_RESIZE,
        REGULARIZER_SCOPE,
        L1_REGULARIZER_SCALE,
        L2_REGULARIZER_SCALE,
        XAVIER_INITIALIZER,
        VARIANCE_SCALING_INITIALIZER,
        SUMMARY_STEP,
        SUMMARY_RECORDING_COND,
        DROPOUT_KEEP_PROB,
        DROPOUT_NO_RATE,
        DROPOUT_SECOND_ARG,
        EXTRACT_GLIMPSE_KEYWORD,
        EXTRACT_GLIMPSE_POSITIONAL,
        DATASET_ITERATOR,
        NAME_SCOPE_WITH_NAME,
        NAME_SCOPE_DEFAULT_NAME,
        NAME_SCOPE_NO_NAME,
        POOL_SEED_CHECK,
        POOL_SEED_ADDED,
        RENAMED_FOR_ARGUMENT,
        SOFTMAX_LABELS,
        STRING_SPLIT_RENAME,
        STRING_SPLIT_TO_SPARSE,
    ];

    /// The placeholders a `[messages]` entry may use: those the code fills
    /// for its own keys, `{name}` and `{detail}` for a message kind.
    pub fn allowed(key: &str) -> &'static [&'static str] {
        ALL.iter()
            .find(|t| t.key == key)
            .map_or(&["name", "detail"], |t| t.placeholders)
    }
}

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
        for (key, template) in &file.messages {
            let allowed = msg::allowed(key);
            let unknown = wording::unknown_placeholders(template, allowed);
            if let Some(p) = unknown.first() {
                return Err(anyhow!(
                    "[messages] {key}: unknown placeholder {{{p}}} (this message has: {})",
                    allowed
                        .iter()
                        .map(|a| format!("{{{a}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
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
        wording::fill(
            template,
            &[("name", name), ("detail", detail.unwrap_or(""))],
        )
    }

    /// One of the code's own messages ([`msg`]) with its placeholders filled
    /// in (`values`: exactly the template's placeholders, by name).
    pub fn render(&self, template: &Template, values: &[(&str, &str)]) -> String {
        let text = self
            .messages
            .get(template.key)
            .unwrap_or_else(|| panic!("rules/messages.toml has no `{}`", template.key));
        wording::render(template, text, values)
    }
}

#[cfg(test)]
mod tests;
