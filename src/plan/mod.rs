//! What is left to make converted code TF2-native: the migration plan.
//!
//! In target mode, after the check, the plan reads the output as the check
//! does (never changing it) and lists every construct that keeps a file
//! from being TF2-native, each filed under one step of TensorFlow's
//! migration guide, with the TF2 replacement where the facts
//! (`rules/plan.toml`) give one.

use crate::diagnostic::{Position, Range};

/// A step of the migration guide, in the guide's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Sessions, placeholders, `feed_dict`, graph building and the TF 1
    /// behaviour switches → functions with `tf.function`.
    Functions,
    /// Name-based variables (`get_variable`, `variable_scope`, collections,
    /// `tf.compat.v1.layers`, tf-slim) → `tf.Variable`, `tf.Module`, Keras.
    Variables,
    /// v1 optimizers, `minimize` with a global step, monitored sessions,
    /// hooks, `Saver` → Keras `fit` or a `GradientTape` loop and
    /// `tf.train.Checkpoint`.
    Training,
    /// Queue-based input → `tf.data`.
    Input,
    /// Estimator → Keras.
    Estimator,
    /// Other `tf.compat.v1` symbols that have a TF2 name.
    CompatV1,
    /// Legacy Keras (tf-keras) → Keras 3.
    Keras3,
}

impl Step {
    /// Every step, in the guide's order.
    pub const ALL: [Step; 7] = [
        Step::Functions,
        Step::Variables,
        Step::Training,
        Step::Input,
        Step::Estimator,
        Step::CompatV1,
        Step::Keras3,
    ];

    /// The step's id (JSON, `rules/plan.toml`, the page).
    pub fn id(self) -> &'static str {
        match self {
            Step::Functions => "functions",
            Step::Variables => "variables",
            Step::Training => "training",
            Step::Input => "input",
            Step::Estimator => "estimator",
            Step::CompatV1 => "compat-v1",
            Step::Keras3 => "keras-3",
        }
    }

    /// The step by its id.
    pub fn from_id(id: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.id() == id)
    }

    /// A short title of the step.
    pub fn title(self) -> &'static str {
        match self {
            Step::Functions => "Sessions and graphs to functions (tf.function)",
            Step::Variables => "Name-based variables to tf.Variable, tf.Module and Keras",
            Step::Training => "v1 training loops to Keras fit or GradientTape",
            Step::Input => "Queue-based input to tf.data",
            Step::Estimator => "Estimator to Keras",
            Step::CompatV1 => "tf.compat.v1 names that have a TF2 name",
            Step::Keras3 => "Legacy Keras (tf-keras) to Keras 3",
        }
    }
}

/// One construct left to migrate, in the converted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub step: Step,
    pub range: Range,
    /// The construct as the output names it (`tf.compat.v1.Session`).
    pub what: String,
    /// The TF2 replacement, where the facts give one.
    pub replacement: Option<String>,
    /// One line of why (and how).
    pub why: String,
}

/// An item with its position, as report entries have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub item: Item,
    pub pos: Position,
}
