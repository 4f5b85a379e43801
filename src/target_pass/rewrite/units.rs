//! The registered units of target mode's rewrites: name, rule, messages,
//! and for a chain unit when it looks at a chain and what it does.

use crate::registry::Rule;

use super::{companion, contrib, keras, moves, older, private, renames, Ctx, Site};

/// A rewrite of target mode.
pub struct Unit {
    /// Its name (in the table of rewrites of docs/targets.md).
    pub name: &'static str,
    /// The rule of its entries.
    pub rule: Rule,
    /// The keys of its messages in `rules/target/messages.toml`.
    pub messages: &'static [&'static str],
    /// What it does, in one line.
    pub doc: &'static str,
    /// For a chain unit: when it looks at a chain, and what it does.
    pub(super) chain: Option<(When, ChainRewrite)>,
}

/// When a chain unit looks at a chain.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    /// Any chain the engine left alone, resolving or not.
    Always,
    /// A chain that does not resolve in the target.
    Missing,
}

/// Rewrites the chain at `Site`; whether it did.
pub(super) type ChainRewrite = fn(&mut Ctx, &Site) -> bool;

pub const IMPORT_HOMES: Unit = Unit {
    name: "import-homes",
    rule: Rule::TargetRename,
    messages: &["import_home", "import_home_removed", "renamed"],
    doc:
        "An import of a part of TensorFlow to where its `tf.` spelling goes, binding the same name.",
    chain: None,
};

pub const RENAMES: Unit = Unit {
    name: "renames",
    rule: Rule::TargetRename,
    messages: &["renamed"],
    doc: "The conversion's renames, for chains rooted at another name than `tf`.",
    chain: Some((When::Always, renames::apply)),
};

pub const OLDER: Unit = Unit {
    name: "older-renames",
    rule: Rule::TargetRename,
    messages: &["older_rename"],
    doc: "The renames the upgraders of TensorFlow 2.4 and 2.15 made and 2.21's lost.",
    chain: Some((When::Always, older::apply)),
};

pub const KERAS_LAYER: Unit = Unit {
    name: "keras-layer",
    rule: Rule::KerasLayer,
    messages: &["keras_layer", "keras_class"],
    doc: "A TF 1 functional layer as the Keras 3 layer object, a TF 1 layer class as the Keras 3 class.",
    chain: Some((When::Missing, keras::apply)),
};

pub const CONTRIB_HOMES: Unit = Unit {
    name: "contrib-homes",
    rule: Rule::ContribHome,
    messages: &[
        "contrib_home",
        "contrib_value",
        "contrib_home_import",
        "contrib_import_removed",
    ],
    doc: "A tf.contrib or tf.estimator reference or import to its home in TensorFlow, or the constant it stood for.",
    chain: Some((When::Missing, contrib::apply)),
};

pub const TF_SLIM: Unit = Unit {
    name: "tf-slim",
    rule: Rule::TfSlim,
    messages: &["tf_slim_reference"],
    doc: "A tf.contrib reference to the tf-slim package, where it has it.",
    chain: Some((When::Missing, moves::tf_slim)),
};

pub const PRIVATE_HOMES: Unit = Unit {
    name: "private-homes",
    rule: Rule::PrivateHome,
    messages: &[
        "private_home",
        "private_call",
        "private_home_import",
        "tensorflow_added",
    ],
    doc: "A reference or import of TensorFlow's private modules that the target lacks, to where it is now.",
    chain: Some((When::Missing, private::apply)),
};

pub const COMPANION: Unit = Unit {
    name: "companion",
    rule: Rule::Companion,
    messages: &["companion_reference", "companion_import"],
    doc: "A reference or import of a gone API that our runtime companion `tfup_compat` stands in for (HParams, the MNIST tutorial reader), to it.",
    chain: Some((When::Missing, companion::apply)),
};

pub const COMPANION_IMPORT_LINE: Unit = Unit {
    name: "companion-import-line",
    rule: Rule::Companion,
    messages: &["companion_added"],
    doc: "`import tfup_compat` after the TensorFlow import, for references moved to the companion.",
    chain: None,
};

pub const COMPAT_V1: Unit = Unit {
    name: "compat-v1",
    rule: Rule::TargetRename,
    messages: &["compat_v1"],
    doc: "A missing `tf.X` to `tf.compat.v1.X`, where that exists.",
    chain: Some((When::Missing, moves::compat_v1)),
};

pub const TF_SLIM_IMPORTS: Unit = Unit {
    name: "tf-slim-imports",
    rule: Rule::TfSlim,
    messages: &["tf_slim_import"],
    doc: "An import of tf.contrib to tf-slim, where every name the file uses through it is there.",
    chain: None,
};

pub const TF_SLIM_IMPORT_LINE: Unit = Unit {
    name: "tf-slim-import-line",
    rule: Rule::TfSlim,
    messages: &["tf_slim_added"],
    doc: "`import tf_slim` after the TensorFlow import, for references moved to tf-slim.",
    chain: None,
};

pub const GRAPH_MODE: Unit = Unit {
    name: "graph-mode",
    rule: Rule::GraphMode,
    messages: &["graph_mode", "graph_mode_entry"],
    doc: "`disable_v2_behavior()` after the TensorFlow import where a program that needs graph mode starts.",
    chain: None,
};

/// Every unit, in the order they run.
pub const UNITS: &[&Unit] = &[
    &TF_SLIM_IMPORTS,
    &IMPORT_HOMES,
    &RENAMES,
    &OLDER,
    &KERAS_LAYER,
    &CONTRIB_HOMES,
    &TF_SLIM,
    &PRIVATE_HOMES,
    &COMPANION,
    &COMPAT_V1,
    &TF_SLIM_IMPORT_LINE,
    &COMPANION_IMPORT_LINE,
    &GRAPH_MODE,
];

#[cfg(test)]
mod tests {
    use super::super::super::messages;
    use super::*;

    #[test]
    fn units_are_target_rules_with_their_messages() {
        let mut names: Vec<&str> = UNITS.iter().map(|u| u.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), UNITS.len());
        for u in UNITS {
            assert_eq!(u.rule.group(), crate::registry::Group::Target, "{}", u.name);
            assert!(!u.messages.is_empty(), "{}", u.name);
            for key in u.messages {
                assert!(messages::has(key), "rules/target/messages.toml lacks {key}");
            }
        }
    }

    #[test]
    fn the_older_renames_look_at_every_chain_first() {
        let chain_units: Vec<&str> = UNITS
            .iter()
            .filter(|u| u.chain.is_some())
            .map(|u| u.name)
            .collect();
        assert_eq!(
            chain_units,
            [
                "renames",
                "older-renames",
                "keras-layer",
                "contrib-homes",
                "tf-slim",
                "private-homes",
                "companion",
                "compat-v1"
            ]
        );
        assert!(RENAMES.chain.is_some_and(|(w, _)| w == When::Always));
        assert!(OLDER.chain.is_some_and(|(w, _)| w == When::Always));
    }
}
