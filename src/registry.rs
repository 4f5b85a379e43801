//! The rule registry: every kind of report entry has one typed identity, with
//! its stable id (the JSON report's `rule`), its usual level and a one-line
//! description (`tf_upgrade_v2 --list-rules` prints them).
//!
//! A rule's level is the one its entries usually have: the reference's
//! tables give some rules (renames with a warning, transforms) a level per
//! entry, so a diagnostic carries its own level too.

use serde::Deserialize;

/// How serious an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Level {
    #[serde(rename = "INFO")]
    Info,
    #[serde(rename = "WARNING")]
    Warning,
    #[serde(rename = "ERROR")]
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warning => "WARNING",
            Level::Error => "ERROR",
        }
    }
}

/// Declares [`Rule`] and its table in one place.
macro_rules! registry {
    ($($variant:ident => ($id:literal, $level:ident, $group:ident, $doc:literal),)*) => {
        /// What produced a report entry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(#[doc = $doc] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id (`rename`, `api-missing`, ...).
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The level its entries usually have.
            pub fn level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            /// Which part of the tool reports it.
            pub fn group(self) -> Group {
                match self { $(Rule::$variant => Group::$group,)* }
            }

            /// One line saying what an entry of this rule means.
            pub fn doc(self) -> &'static str {
                match self { $(Rule::$variant => $doc,)* }
            }
        }
    };
}

registry! {
    Rename => ("rename", Info, Conversion, "A symbol was renamed to its TensorFlow 2 name."),
    KeywordRename => ("keyword-rename", Info, Conversion, "A keyword argument was renamed."),
    KeywordRemoval => ("keyword-removal", Info, Conversion, "A keyword argument that TensorFlow 2 no longer takes was removed."),
    Reorder => ("reorder", Info, Conversion, "Positional arguments were made keywords, since TensorFlow 2 orders them differently."),
    FunctionWarning => ("function-warning", Warning, Conversion, "A function or method whose TensorFlow 2 behaviour differs needs a manual check."),
    ArgumentWarning => ("argument-warning", Warning, Conversion, "An argument whose meaning changed needs a manual check."),
    ModuleDeprecation => ("module-deprecation", Warning, Conversion, "A module that TensorFlow 2 does not have (tf.contrib, tf.flags, ...)."),
    Import => ("import", Info, Conversion, "How TensorFlow is imported limits or changes the conversion."),
    Transform => ("transform", Info, Conversion, "A call was rewritten by a custom transform."),
    SyntaxError => ("syntax-error", Error, Input, "The file is not Python 3 (or nests deeper than Python allows); it was left unchanged."),
    Encoding => ("encoding", Error, Input, "The file's bytes cannot be decoded, or the result cannot be encoded back; it was left unchanged."),
    IoError => ("io-error", Error, Input, "A file or directory could not be read or written."),
    NotebookFormat => ("notebook-format", Error, Input, "A notebook that is not valid JSON or cannot be read; it was copied unchanged."),
    NotebookLanguage => ("notebook-language", Info, Input, "A notebook in another language than Python; it was copied unchanged."),
    NotebookMagic => ("notebook-magic", Warning, Input, "An IPython magic line inside a statement that needed changes; the cell was left unchanged."),
    InternalError => ("internal-error", Error, Input, "The converter failed on the file (a bug); it was left unchanged."),
    ApiMissing => ("api-missing", Error, Target, "A reference of the converted code will not resolve in the target."),
    NeedsTfKeras => ("needs-tf-keras", Error, Target, "A reference that only tf-keras provides in the target."),
    TargetRename => ("target-rename", Info, Target, "A reference missing in the target was renamed to a name the target has."),
    KerasLayer => ("keras-layer", Info, Target, "A TF 1 layer (function or class) was rewritten as the Keras 3 layer."),
    TfSlim => ("tf-slim", Info, Target, "A tf.contrib reference was moved to the tf-slim package."),
    ContribHome => ("contrib-home", Info, Target, "A tf.contrib reference was moved to its home in TensorFlow, or replaced by the constant it stood for."),
    PrivateHome => ("private-home", Info, Target, "A reference to TensorFlow's private modules that the target lacks was moved to where the target has it."),
    GraphMode => ("graph-mode", Info, Target, "Eager execution is turned off where the program needs graph mode."),
    Companion => ("companion", Info, Target, "A reference to a gone API moved to tfup_compat, the runtime companion written beside the converted code."),
    Plan => ("plan", Info, Target, "An item of the migration plan: what is left to make the code TF2-native (the plan, not the report's entries)."),
}

/// The part of the tool a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// The conversion itself (the reference's rules).
    Conversion,
    /// Reading and writing files.
    Input,
    /// `--target`: the rewrites and the check.
    Target,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Conversion => "conversion",
            Group::Input => "input",
            Group::Target => "target",
        }
    }
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Whether an entry of this rule means the file could not be converted
    /// at all (it was left as it was).
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Rule::SyntaxError | Rule::InternalError | Rule::Encoding | Rule::IoError
        )
    }

    /// Whether the rule reports a reference that will not resolve in the
    /// target.
    pub fn is_unresolved(self) -> bool {
        matches!(self, Rule::ApiMissing | Rule::NeedsTfKeras)
    }
}

/// The registry as `--list-rules` prints it: one rule a line, id, level,
/// group and description, tab-separated.
pub fn listing() -> String {
    let mut out = String::new();
    for r in Rule::ALL {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            r.id(),
            r.level().as_str(),
            r.group().as_str(),
            r.doc()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_found_again() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        for r in Rule::ALL {
            assert_eq!(Rule::from_id(r.id()), Some(*r));
            assert!(r.doc().ends_with('.'), "{}", r.id());
        }
        assert_eq!(Rule::from_id("nope"), None);
    }

    #[test]
    fn listing_has_a_line_per_rule() {
        let text = listing();
        assert_eq!(text.lines().count(), Rule::ALL.len());
        assert!(text.contains("api-missing\tERROR\ttarget\t"));
    }
}
