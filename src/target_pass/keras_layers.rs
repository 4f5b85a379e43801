//! `tf.layers.dense(x, 16, activation=f)` → `tf.keras.layers.Dense(16,
//! activation=f)(x)`: TF 1's functional layers, which TensorFlow 2.21 has
//! only with tf-keras, as the Keras 3 layer classes it has without; and TF
//! 1's layer classes (`tf.layers.Dense(16)`) as the Keras 3 class of the
//! same name.
//!
//! The facts (each function's and TF 1 class's parameters, what each Keras 3
//! class's constructor and `call` accept, what a TF 1 layer object has that
//! a Keras 3 one lacks) are generated into `rules/target/keras_layers.toml`
//! by `scripts/gen_keras_layers.py`. A call is rewritten only when every
//! argument it passes has a place: the input, a constructor keyword or a
//! `call` keyword; otherwise (`reuse=`, `_scope=`, `*args`, `**kwargs`) it
//! is left alone and stays reported. So is a call that passes a regularizer:
//! TF 1 puts its losses in `tf.GraphKeys.REGULARIZATION_LOSSES`, Keras 3
//! does not.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::edits::{self, Edit, Segment};
use crate::syntax::{self, ast, Expr};

/// One functional layer and its Keras 3 class.
#[derive(Debug, Clone, Deserialize)]
pub struct Layer {
    /// `tf.keras.layers.Dense`.
    pub class: String,
    /// The function's parameters in order (`inputs` first).
    pub params: Vec<String>,
    /// Keywords the class's constructor accepts.
    pub init: Vec<String>,
    /// How many of `init`'s first parameters can be passed by position.
    pub positional: usize,
    /// Keywords the layer's `call` accepts besides the input.
    pub call: Vec<String>,
    /// Keywords of `call` that Keras 3 needs as Python values.
    #[serde(default)]
    pub literal: Vec<String>,
    /// Constructor arguments the class requires and the function defaults:
    /// the function's default, printed.
    #[serde(default)]
    pub fill: BTreeMap<String, String>,
}

/// One TF 1 layer class and its Keras 3 class of the same name.
#[derive(Debug, Clone, Deserialize)]
pub struct LayerClass {
    /// `tf.keras.layers.Dense`.
    pub class: String,
    /// The TF 1 constructor's named parameters in order.
    pub params: Vec<String>,
    /// Keywords the Keras 3 constructor accepts.
    pub init: Vec<String>,
    /// How many of `init`'s first parameters can be passed by position.
    pub positional: usize,
    /// Arguments the Keras 3 class requires and the TF 1 class defaults: the
    /// TF 1 default, printed.
    #[serde(default)]
    pub fill: BTreeMap<String, String>,
    /// Keywords of the Keras 3 layer's `call` that must be Python values
    /// (`True`, `False`, `None`), where TF 1 took a tensor.
    #[serde(default)]
    pub literal: Vec<String>,
    /// Public attributes of a TF 1 layer object that the Keras 3 object
    /// lacks (`apply`, `updates`).
    #[serde(default)]
    pub tf1_only: Vec<String>,
}

#[derive(Deserialize)]
struct Table {
    keras_layers: HashMap<String, Layer>,
    #[serde(default)]
    keras_classes: HashMap<String, LayerClass>,
}

/// Both tables, keyed by the last name (`dense`, `Dense`).
pub struct Tables {
    pub functions: HashMap<String, Layer>,
    pub classes: HashMap<String, LayerClass>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        // rules/target/keras_layers.toml, as JSON (build.rs).
        let text = include_str!(concat!(env!("OUT_DIR"), "/keras_layers.json"));
        let table: Table =
            serde_json::from_str(text).expect("rules/target/keras_layers.toml is valid");
        Tables::from(table)
    })
}

/// The functional layers, keyed by function name (`dense`).
pub fn layers() -> &'static HashMap<String, Layer> {
    &tables().functions
}

/// The layer classes, keyed by class name (`Dense`).
pub fn classes() -> &'static HashMap<String, LayerClass> {
    &tables().classes
}

/// The tables keyed by last name.
impl From<Table> for Tables {
    fn from(table: Table) -> Tables {
        fn by_last<T>(m: HashMap<String, T>) -> HashMap<String, T> {
            m.into_iter()
                .map(|(k, v)| (k.rsplit('.').next().unwrap_or(&k).to_string(), v))
                .collect()
        }
        Tables {
            functions: by_last(table.keras_layers),
            classes: by_last(table.keras_classes),
        }
    }
}

/// Whether an argument passes a regularizer: TF 1 adds the losses of a
/// layer's regularizers to `tf.GraphKeys.REGULARIZATION_LOSSES`, which
/// Keras 3 does not, so a rewrite would drop them from the loss silently.
fn passes_regularizer(name: &str, value: &Expr) -> bool {
    name.ends_with("_regularizer") && !value.is_none_literal_expr()
}

/// `True`, `False` or `None`: what a Keras 3 `call` keyword of
/// [`Layer::literal`] may be given.
fn python_value(value: &Expr) -> bool {
    value.is_boolean_literal_expr() || value.is_none_literal_expr()
}

/// What becomes of an argument.
enum Role {
    Input,
    Init,
    Call,
}

/// The edit turning `call` (a call of the functional layer `layer`) into a
/// Keras layer object called on the input; `class` is how the file names the
/// class (`tf.keras.layers.Dense` for `import tensorflow as tf`). `None` when
/// an argument has no place in the new call.
///
/// The constructor keeps the call's layout (the text between its arguments);
/// the line breaks of the arguments that move to the layer's call (the
/// input, `training=`) go with them, so the call spans as many lines as
/// before and every other line stays where it was.
pub fn rewrite(src: &str, call: &ast::ExprCall, layer: &Layer, class: &str) -> Option<Edit> {
    let args = &call.arguments;
    // (start, end, role, text) in source order: positional, then keywords.
    let mut items: Vec<(usize, usize, Role, Vec<Segment>)> = Vec::new();
    let mut has_input = false;
    // Positional arguments: the input, then constructor arguments; they stay
    // positional while they line up with the constructor's own order.
    let mut in_order = true;
    let mut passed: Vec<&str> = Vec::new();
    for (i, a) in args.args.iter().enumerate() {
        if matches!(a, Expr::Starred(_)) {
            return None;
        }
        let (start, end) = (syntax::start(a), syntax::end(a));
        let value = Segment::Orig(start, end);
        let name = layer.params.get(i)?;
        passed.push(name);
        if i == 0 {
            has_input = true;
            items.push((start, end, Role::Input, vec![value]));
            continue;
        }
        in_order &= i - 1 < layer.positional && layer.init.get(i - 1) == Some(name);
        if passes_regularizer(name, a) {
            return None;
        }
        let named = vec![Segment::Text(format!("{name}=")), value.clone()];
        if layer.init.contains(name) {
            let text = if in_order { vec![value] } else { named };
            items.push((start, end, Role::Init, text));
        } else if layer.call.contains(name) {
            if layer.literal.contains(name) && !python_value(a) {
                return None;
            }
            items.push((start, end, Role::Call, named));
        } else {
            return None;
        }
    }
    for k in args.keywords.iter() {
        let name = k.arg.as_ref()?.as_str();
        passed.push(name);
        if passes_regularizer(name, &k.value) {
            return None;
        }
        let (start, end) = (syntax::start(k), syntax::end(k));
        let whole = vec![Segment::Orig(start, end)];
        if name == "inputs" && !has_input {
            has_input = true;
            let value = Segment::Orig(syntax::start(&k.value), syntax::end(&k.value));
            items.push((start, end, Role::Input, vec![value]));
        } else if !layer.params.iter().any(|p| p == name) {
            return None;
        } else if layer.init.iter().any(|p| p == name) {
            items.push((start, end, Role::Init, whole));
        } else if layer.call.iter().any(|p| p == name) {
            if layer.literal.iter().any(|p| p == name) && !python_value(&k.value) {
                return None;
            }
            items.push((start, end, Role::Call, whole));
        } else {
            return None;
        }
    }
    if !has_input {
        return None;
    }
    items.sort_by_key(|it| it.0);
    let open = syntax::start(args) + 1;
    let close = syntax::end(args) - 1;
    let newline = edits::line_ending_at(src, syntax::start(call));
    let breaks_in =
        |t: &str| t.matches('\n').count() + t.matches('\r').count() - t.matches("\r\n").count();

    let mut ctor = vec![Segment::Text(format!("{class}("))];
    let first = items.first().map_or(close, |it| it.0);
    ctor.push(Segment::Text(src[open..first].to_string()));
    let mut breaks = 0;
    let mut pending: Option<String> = None;
    let mut kept = 0;
    let mut break_indent: Option<String> = None;
    for (i, (start, end, role, text)) in items.iter().enumerate() {
        let next = items.get(i + 1).map_or(close, |it| it.0);
        let sep = &src[*end..next];
        match role {
            Role::Init => {
                if let Some(p) = pending.take() {
                    ctor.push(Segment::Text(p));
                }
                ctor.extend(text.iter().cloned());
                pending = Some(sep.to_string());
                kept += 1;
            }
            Role::Input | Role::Call => {
                breaks += breaks_in(sep) + breaks_in(&src[*start..*end]);
                if break_indent.is_none() {
                    break_indent = after_break(sep);
                }
            }
        }
    }
    if let Some(p) = pending {
        if items.last().is_some_and(|it| matches!(it.2, Role::Init)) {
            ctor.push(Segment::Text(p)); // the call's own closing text
        } else {
            // Its comma led to arguments that moved.
            let rest = p.trim_start_matches([' ', '\t']);
            let rest = rest.strip_prefix(',').unwrap_or(rest);
            breaks += breaks_in(rest);
            if break_indent.is_none() {
                break_indent = after_break(rest);
            }
        }
    }
    for (name, default) in &layer.fill {
        if !passed.contains(&name.as_str()) {
            let comma = if kept > 0 { ", " } else { "" };
            ctor.push(Segment::Text(format!("{comma}{name}={default}")));
            kept += 1;
        }
    }
    // The input first, then the call's keywords, in source order otherwise.
    let input_at = items.iter().position(|it| matches!(it.2, Role::Input))?;
    let input_text = items[input_at].3.clone();
    let mut segments = ctor;
    segments.push(Segment::Text(")(".into()));
    if breaks > 0 {
        let indent = match indentation(src, items[input_at].0) {
            i if !i.is_empty() => i,
            _ => break_indent.unwrap_or_default(),
        };
        for _ in 0..breaks {
            segments.push(Segment::Text(format!("{newline}{indent}")));
        }
    }
    segments.extend(input_text);
    for (_, _, role, text) in &items {
        if matches!(role, Role::Call) {
            segments.push(Segment::Text(", ".into()));
            segments.extend(text.iter().cloned());
        }
    }
    segments.push(Segment::Text(")".into()));
    Some(Edit {
        start: syntax::start(call),
        end: syntax::end(call),
        segments,
    })
}

/// The indentation after the last line break of a separator.
fn after_break(sep: &str) -> Option<String> {
    let i = sep.rfind(['\n', '\r'])?;
    let rest = &sep[i + 1..];
    rest.chars()
        .all(|c| c == ' ' || c == '\t')
        .then(|| rest.to_string())
}

/// The whitespace that starts the line holding `at`, when only whitespace
/// precedes `at` on it; else nothing.
fn indentation(src: &str, at: usize) -> String {
    let line_start = src[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &src[line_start..at];
    if before.chars().all(|c| c == ' ' || c == '\t') {
        before.to_string()
    } else {
        String::new()
    }
}

mod classes;

pub use classes::{built_use, calls_pass_values, reads_attribute, rewrite_class, Built};

#[cfg(test)]
mod tests;
