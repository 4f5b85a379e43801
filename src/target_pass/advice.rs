//! What to tell the user about a reference that does not resolve: the table
//! of `rules/advice.toml` (reference prefix -> kind + message).

use std::sync::OnceLock;

use serde::Deserialize;

use crate::registry::Rule;

use super::api::Target;

#[derive(Debug, Clone, Deserialize)]
pub struct Advice {
    pub prefix: String,
    pub kind: String,
    pub message: String,
    #[serde(default)]
    pub targets: Option<Vec<String>>,
    /// The rule id of the entries (default `api-missing`).
    #[serde(default)]
    pub rule: Option<String>,
    /// Given only to what the target has with tf-keras alone, when no
    /// other entry names it; never matched by prefix.
    #[serde(default)]
    pub gap: bool,
}

impl Advice {
    /// The rule id of an entry with this advice.
    pub fn rule(&self) -> Rule {
        match self.rule.as_deref() {
            Some(id) => Rule::from_id(id).expect("rules/advice.toml names known rules"),
            None => Rule::ApiMissing,
        }
    }
}

/// What to do about a whole kind of advice, said once per run.
#[derive(Debug, Clone, Deserialize)]
pub struct KindSummary {
    pub name: String,
    pub summary: String,
    #[serde(default)]
    pub targets: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct File {
    advice: Vec<Advice>,
    #[serde(default)]
    kind: Vec<KindSummary>,
}

fn file() -> &'static File {
    static FILE: OnceLock<File> = OnceLock::new();
    FILE.get_or_init(|| {
        serde_json::from_str::<File>(include_str!(concat!(env!("OUT_DIR"), "/advice.json")))
            .expect("rules/advice.toml is valid")
    })
}

/// The summary of a kind of advice in `target`, if it has one.
pub fn kind_summary(kind: &str, target: Target) -> Option<&'static str> {
    file()
        .kind
        .iter()
        .find(|k| {
            k.name == kind
                && k.targets
                    .as_ref()
                    .is_none_or(|t| t.iter().any(|n| n == target.name()))
        })
        .map(|k| k.summary.as_str())
}

/// The built-in table.
pub fn table() -> &'static [Advice] {
    &file().advice
}

/// The advice for the full path `dotted` (`tensorflow.…` / `tf_slim.…`) in
/// `target`: the longest matching prefix.
pub fn for_path(dotted: &str, target: Target) -> &'static Advice {
    table()
        .iter()
        .filter(|a| {
            !a.gap
                && super::api::is_under(dotted, &a.prefix)
                && a.targets
                    .as_ref()
                    .is_none_or(|t| t.iter().any(|n| n == target.name()))
        })
        .max_by_key(|a| a.prefix.len())
        .filter(|a| !keras_gap(a, dotted, target))
        .unwrap_or_else(|| {
            if keras_gap(fallback(), dotted, target) {
                table()
                    .iter()
                    .find(|a| a.gap)
                    .expect("rules/advice.toml has the tf-keras gap entry")
            } else {
                fallback()
            }
        })
}

/// Whether the generic advice `a` would be given for what only tf-keras
/// provides in `target` (a path that resolves with tf-keras installed).
fn keras_gap(a: &Advice, dotted: &str, target: Target) -> bool {
    a.kind == "removed"
        && target == Target::V2_21
        && Target::V2_21LegacyKeras.api().missing(dotted).is_none()
}

fn fallback() -> &'static Advice {
    table()
        .iter()
        .find(|a| a.prefix == "tensorflow")
        .expect("rules/advice.toml has the `tensorflow` entry")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_for_the_target() {
        let t = Target::V2_21;
        let l = Target::V2_21LegacyKeras;
        assert_eq!(
            for_path("tensorflow.contrib.slim.conv2d", t).kind,
            "tf-slim"
        );
        assert_eq!(
            for_path("tensorflow.contrib.rnn.LSTMCell", t).kind,
            "contrib"
        );
        assert_eq!(for_path("tensorflow.contribx", t).kind, "removed");
        assert_eq!(
            for_path("tensorflow.estimator.Estimator", t).kind,
            "estimator"
        );
        assert_eq!(
            for_path("tensorflow.compat.v1.layers.dense", t).kind,
            "legacy-keras"
        );
        assert_eq!(
            for_path("tensorflow.compat.v1.layers.nothing", l).kind,
            "removed"
        );
        assert_eq!(
            for_path("tensorflow.examples.tutorials.mnist", t).kind,
            "datasets"
        );
        assert_eq!(for_path("tensorflow.python.ops.nn", l).kind, "private");
        assert_eq!(for_path("tensorflow.flags.DEFINE_string", t).kind, "flags");
        assert_eq!(for_path("tensorflow.compat.v1.app.flags", t).kind, "flags");
        assert_eq!(
            for_path("tensorflow.compat.v1.layers.dense", t).rule(),
            crate::registry::Rule::NeedsTfKeras
        );
        assert_eq!(
            for_path("tensorflow.contrib.layers.conv2d", t).rule(),
            crate::registry::Rule::ApiMissing
        );
        // What only tf-keras has, whatever its prefix.
        let gap = for_path("tensorflow.keras.Model.fit_generator", t);
        assert_eq!(gap.kind, "legacy-keras");
        assert_eq!(gap.rule(), crate::registry::Rule::NeedsTfKeras);
        assert_eq!(
            for_path("tensorflow.keras.layers.NoSuchLayer", t).kind,
            "removed"
        );
        assert_eq!(for_path("tensorflow.keras.Model.nope", l).kind, "removed");
        assert_eq!(
            for_path("tensorflow.contrib.tpu.TPUEstimatorSpec", t).kind,
            "estimator"
        );
        assert_eq!(
            for_path("tensorflow.contrib.learn.Experiment", l).kind,
            "estimator"
        );
        assert_eq!(
            for_path("tensorflow.contrib.tpu.bfloat16_scope", l).kind,
            "contrib"
        );
        assert!(kind_summary("estimator", t).is_some());
        assert!(kind_summary("estimator", l).is_some());
        assert!(kind_summary("legacy-keras", t).is_some());
        assert_eq!(kind_summary("legacy-keras", l), None);
        assert_eq!(kind_summary("removed", t), None);
        // Every kind with a summary is a kind some advice has.
        for k in &file().kind {
            assert!(table().iter().any(|a| a.kind == k.name), "{}", k.name);
        }
    }

    /// The names an advice tells people to use exist in its targets, and
    /// the packages it tells them to install work with the target.
    #[test]
    fn advice_names_what_the_target_has() {
        // Verified to import with TensorFlow 2.21 (tensorflow-probability
        // 0.25.0 by hand; absl-py is a dependency of TensorFlow).
        let installable = [
            "tf-slim",
            "tf-keras",
            "tensorflow-probability==0.25.0",
            "absl-py",
        ];
        let mut checked = 0;
        for a in table() {
            let targets: Vec<Target> = Target::ALL
                .into_iter()
                .filter(|t| {
                    a.targets
                        .as_ref()
                        .is_none_or(|n| n.iter().any(|n| n == t.name()))
                })
                .collect();
            for (i, quoted) in a.message.split('`').enumerate() {
                if i % 2 == 0 {
                    continue;
                }
                if let Some(pip) = quoted.strip_prefix("pip install ") {
                    assert!(installable.contains(&pip), "{}: {pip}", a.prefix);
                }
                let name = quoted.trim_end_matches("()");
                let Some(rest) = name.strip_prefix("tf.") else {
                    continue;
                };
                if !rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                {
                    continue;
                }
                let full = format!("tensorflow.{rest}");
                // The subject of the advice is what does not resolve.
                if super::super::api::is_under(&full, &a.prefix)
                    || full.starts_with("tensorflow.contrib")
                    || [
                        "tensorflow.layers",
                        "tensorflow.flags",
                        "tensorflow.app.flags",
                        "tensorflow.logging",
                    ]
                    .contains(&full.as_str())
                    || full.starts_with("tensorflow.estimator")
                {
                    continue;
                }
                for t in &targets {
                    let legacy = a.rule() == crate::registry::Rule::NeedsTfKeras;
                    let api = if legacy {
                        Target::V2_21LegacyKeras.api()
                    } else {
                        t.api()
                    };
                    assert_eq!(
                        api.missing(&full),
                        None,
                        "{} names {name} ({})",
                        a.prefix,
                        t.name()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 40, "{checked}");
        assert!(Target::V2_21
            .api()
            .missing("tensorflow.keras.layers.NoSuchLayer")
            .is_some());
    }
}
