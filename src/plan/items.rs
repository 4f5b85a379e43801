//! The plan's items of one program: its references as the check read them
//! in the output, its calls' keywords, and the switches the conversion
//! put in.

use crate::diagnostic::{Diagnostic, Level, PlanItem, Range, Step};
use crate::registry::Rule;
use crate::syntax::{self, chains::Chain};
use crate::target_pass::check::Reading;
use crate::target_pass::{messages, Target};

use super::table::{self, Fact};

/// What makes the items of one program.
struct Found {
    items: Vec<Diagnostic>,
}

impl Found {
    fn push(&mut self, step: Step, range: Range, what: &str, new: Option<String>, why: String) {
        let mut d = Diagnostic::new(Rule::Plan, Level::Info, range, String::new());
        d.plan = Some(Box::new(PlanItem {
            step,
            range,
            what: what.to_string(),
            replacement: new,
            why,
        }));
        self.items.push(d);
    }
}

/// The TF2 spelling (`tf.…`) of a full path (another package's as it is).
fn spelled(full: &str) -> String {
    syntax::imports::tf_spelled(full).unwrap_or_else(|| full.to_string())
}

/// A fact's words, with its keyword changes.
fn why(fact: &Fact) -> String {
    if fact.arguments.is_empty() {
        return fact.why.clone();
    }
    let changes: Vec<String> = fact
        .arguments
        .iter()
        .map(|(old, new)| match new.as_str() {
            "" => format!("`{old}` has no counterpart"),
            _ => format!("`{old}` → `{new}`"),
        })
        .collect();
    messages::render(
        "plan_arguments",
        &[("why", &fact.why), ("changes", &changes.join(", "))],
    )
}

/// The items of a program: `chains` of its input with `reading` (the check's
/// reading of the final output), `found` the pass's diagnostics.
pub fn items(
    source: &str,
    chains: &[Chain],
    reading: &Reading,
    target: Target,
    found: &[Diagnostic],
) -> Vec<Diagnostic> {
    let mut out = Found { items: Vec::new() };
    let legacy = target == Target::V2_21LegacyKeras;
    let mut on_keras = false;
    // Names used through a `tensorflow.compat.v1` module alias that TF2 has
    // as the same object, by alias.
    let mut same_through: Vec<(&str, usize)> = Vec::new();
    for (c, path) in chains.iter().zip(&reading.paths) {
        let range = Range::new(c.start, c.end);
        if let Some(call) = c.call {
            keywords(&mut out, c, call);
        }
        let Some(path) = path else {
            continue;
        };
        let full = reading.full(path);
        if let Some(fact) = table::fact(full) {
            let new = fact.replacement.clone();
            out.push(fact.step(), range, &spelled(full), new, why(fact));
            continue;
        }
        if legacy && path.resolves && keras_gap(full, path.base_len, c) {
            let what = spelled(full);
            let why = messages::render("plan_keras3_gap", &[("text", &what)]);
            out.push(Step::Keras3, range, &what, None, why);
            continue;
        }
        if let Some(rel) = full.strip_prefix("tensorflow.compat.v1.") {
            let Some((twin, rest)) = table::counterpart(rel) else {
                continue;
            };
            if twin.same && &full[..path.base_len] == "tensorflow.compat.v1" {
                let root = &source[c.root.0..c.root.1];
                match same_through.iter_mut().find(|(r, _)| *r == root) {
                    Some((_, n)) => *n += 1,
                    None => same_through.push((root, 1)),
                }
                continue;
            }
            let key = if twin.same {
                "plan_compat_same"
            } else {
                "plan_compat_differs"
            };
            let (what, new) = (spelled(full), spelled(&format!("{}{rest}", twin.v2)));
            let why = messages::render(key, &[("text", &what), ("new", &new)]);
            out.push(Step::CompatV1, range, &what, Some(new), why);
            continue;
        }
        if legacy && !on_keras && full.starts_with("tensorflow.keras") {
            on_keras = true;
            let why = messages::render("plan_keras3_file", &[]);
            out.push(Step::Keras3, range, &spelled(full), None, why);
        }
    }
    imports(&mut out, source, chains, reading, &same_through);
    for d in found.iter().filter(|d| d.rule == Rule::GraphMode) {
        let why = messages::render("plan_switch", &[]);
        let what = "tf.compat.v1.disable_v2_behavior()";
        out.push(
            Step::Functions,
            d.range,
            what,
            Some("tf.function".into()),
            why,
        );
    }
    out.items.sort_by_key(|d| d.range.start);
    out.items
}

/// Whether a reference that resolves with tf-keras is missing in Keras 3:
/// its full path (tf-keras's own, `tf.keras.optimizers.legacy.Adamax`) and
/// the path as written over its base (`tf.keras.optimizers.Adamax`) both.
fn keras_gap(full: &str, base_len: usize, c: &Chain) -> bool {
    let api = Target::V2_21.api();
    if api.missing(full).is_none() {
        return false;
    }
    let mut written = full[..base_len].to_string();
    c.push_attributes(&mut written);
    api.missing(&written).is_some()
}

/// The keywords of a call that belong to TF1's way of running.
fn keywords(out: &mut Found, c: &Chain, call: &crate::syntax::ast::ExprCall) {
    for k in call.arguments.keywords.iter() {
        let Some(name) = k.arg.as_ref().map(|a| a.as_str()) else {
            continue;
        };
        let range = Range::new(syntax::start(k), syntax::end(k));
        match name {
            "feed_dict" => {
                let why = messages::render("plan_feed_dict", &[]);
                out.push(Step::Functions, range, "feed_dict", None, why);
            }
            "global_step" if c.attr.attr.as_str() == "minimize" => {
                let why = messages::render("plan_global_step", &[]);
                let new = Some("tf.keras.optimizers.Optimizer.iterations".to_string());
                out.push(Step::Training, range, "minimize(global_step=…)", new, why);
            }
            _ => {}
        }
    }
}

/// Items at import statements: names a `from` import binds that the facts
/// know (their uses are plain names, not chains), and a `tensorflow.compat.v1`
/// alias whose names are the same in TF2.
fn imports(
    out: &mut Found,
    source: &str,
    chains: &[Chain],
    reading: &Reading,
    same_through: &[(&str, usize)],
) {
    let b = &reading.bindings;
    let mut bound: Vec<(&String, &String)> = b.aliases.iter().collect();
    bound.sort();
    for (local, full) in bound {
        // Imports the conversion inserted are its own.
        let Some(&(lo, hi)) = b.sites.get(local.as_str()).filter(|(lo, hi)| lo < hi) else {
            continue;
        };
        let range = Range::new(lo, hi);
        if let Some(&(_, n)) = same_through.iter().find(|(r, _)| *r == local.as_str()) {
            let count = n.to_string();
            let why = messages::render("plan_compat_import", &[("count", &count)]);
            let what = format!("import {full} as {local}");
            let new = format!("import tensorflow as {local}");
            out.push(Step::CompatV1, range, &what, Some(new), why);
            continue;
        }
        let rooted = chains
            .iter()
            .any(|c| &source[c.root.0..c.root.1] == local.as_str());
        if rooted {
            continue;
        }
        if let Some(fact) = table::fact(full) {
            let new = fact.replacement.clone();
            out.push(fact.step(), range, &spelled(full), new, why(fact));
        }
    }
}
