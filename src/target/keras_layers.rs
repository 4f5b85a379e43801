//! `tf.layers.dense(x, 16, activation=f)` → `tf.keras.layers.Dense(16,
//! activation=f)(x)`: TF 1's functional layers, which TensorFlow 2.21 has
//! only with tf-keras, as the Keras 3 layer classes it has without.
//!
//! The facts (each function's parameters, what each Keras 3 class's
//! constructor and `call` accept) are generated into
//! `rules/target/keras_layers.toml` by `scripts/gen_keras_layers.py`. A call
//! is rewritten only when every argument it passes has a place: the input,
//! a constructor keyword or a `call` keyword; otherwise (`reuse=`, `*args`,
//! `**kwargs`) it is left alone and stays reported.

use std::collections::HashMap;
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
    /// Keywords the layer's `call` accepts besides the input.
    pub call: Vec<String>,
    /// Constructor arguments the class requires and the function defaults:
    /// the function's default, printed.
    #[serde(default)]
    pub fill: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Table {
    keras_layers: HashMap<String, Layer>,
}

/// The table, keyed by function name (`dense`).
pub fn layers() -> &'static HashMap<String, Layer> {
    static LAYERS: OnceLock<HashMap<String, Layer>> = OnceLock::new();
    LAYERS.get_or_init(|| {
        let text = include_str!("../../rules/target/keras_layers.toml");
        parse(text).expect("built-in rules/target/keras_layers.toml")
    })
}

/// Parses a table in the schema of `rules/target/keras_layers.toml`.
pub fn parse(text: &str) -> Result<HashMap<String, Layer>, String> {
    let table: Table = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(table
        .keras_layers
        .into_iter()
        .map(|(k, v)| (k.rsplit('.').next().unwrap_or(&k).to_string(), v))
        .collect())
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
        in_order &= layer.init.get(i - 1) == Some(name);
        let named = vec![Segment::Text(format!("{name}=")), value.clone()];
        if layer.init.contains(name) {
            let text = if in_order { vec![value] } else { named };
            items.push((start, end, Role::Init, text));
        } else if layer.call.contains(name) {
            items.push((start, end, Role::Call, named));
        } else {
            return None;
        }
    }
    for k in args.keywords.iter() {
        let name = k.arg.as_ref()?.as_str();
        passed.push(name);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::apply;
    use crate::syntax::{parse as parse_py, Stmt};

    fn first_call(src: &str) -> crate::syntax::Parsed {
        parse_py(src).unwrap()
    }

    fn run(src: &str, function: &str) -> Option<String> {
        let parsed = first_call(src);
        let Stmt::Expr(e) = &parsed.module().body[0] else {
            panic!("not an expression")
        };
        let Expr::Call(call) = &*e.value else {
            panic!("not a call")
        };
        let layer = &layers()[function];
        let class = layer.class.clone();
        rewrite(src, call, layer, &class).map(|edit| apply(src, vec![edit]))
    }

    #[test]
    fn the_table_has_the_common_layers() {
        let l = layers();
        assert_eq!(l["dense"].class, "tf.keras.layers.Dense");
        assert_eq!(l["conv2d"].class, "tf.keras.layers.Conv2D");
        assert_eq!(l["max_pooling2d"].class, "tf.keras.layers.MaxPooling2D");
        assert!(l["dropout"].call.contains(&"training".to_string()));
        assert!(!l.contains_key("batch_normalization"));
    }

    #[test]
    fn input_moves_to_the_call() {
        assert_eq!(
            run(
                "tf.layers.dense(x, 16, activation=tf.nn.relu, name='h')\n",
                "dense"
            )
            .unwrap(),
            "tf.keras.layers.Dense(16, activation=tf.nn.relu, name='h')(x)\n"
        );
        assert_eq!(
            run("tf.layers.dense(inputs=h, units=1)\n", "dense").unwrap(),
            "tf.keras.layers.Dense(units=1)(h)\n"
        );
        assert_eq!(
            run("tf.layers.flatten(x)\n", "flatten").unwrap(),
            "tf.keras.layers.Flatten()(x)\n"
        );
    }

    #[test]
    fn training_goes_to_the_call() {
        assert_eq!(
            run(
                "tf.layers.dropout(h, 0.5, training=is_training)\n",
                "dropout"
            )
            .unwrap(),
            "tf.keras.layers.Dropout(0.5)(h, training=is_training)\n"
        );
        assert_eq!(
            run("tf.layers.dropout(h, training=t)\n", "dropout").unwrap(),
            "tf.keras.layers.Dropout(rate=0.5)(h, training=t)\n"
        );
        assert_eq!(
            run("tf.layers.dropout(h, 0.5, None, 1, t)\n", "dropout").unwrap(),
            "tf.keras.layers.Dropout(0.5, None, 1)(h, training=t)\n"
        );
    }

    #[test]
    fn positions_out_of_the_constructor_order_become_keywords() {
        // conv2d_transpose has no dilation_rate: from `activation` on, the
        // function's positions differ from the class's.
        let layer = &layers()["conv2d"];
        assert_eq!(layer.params[7], "activation");
        assert_eq!(
            run("tf.layers.conv2d(x, 8, 3, 1, 'same', 'channels_last', 1, tf.nn.relu)\n", "conv2d").unwrap(),
            "tf.keras.layers.Conv2D(8, 3, 1, 'same', 'channels_last', 1, activation=tf.nn.relu)(x)\n"
        );
    }

    #[test]
    fn the_call_keeps_its_lines() {
        let src = "tf.layers.conv2d(\n      x,\n      8, (3, 3),\n      name=\"c\")\n";
        assert_eq!(
            run(src, "conv2d").unwrap(),
            "tf.keras.layers.Conv2D(\n      8, (3, 3),\n      name=\"c\")(\n      x)\n"
        );
        let src = "tf.layers.dropout(h, 0.5,\n    training=t)\n";
        assert_eq!(
            run(src, "dropout").unwrap(),
            "tf.keras.layers.Dropout(0.5)(\n    h, training=t)\n"
        );
    }

    #[test]
    fn calls_it_cannot_place_are_left_alone() {
        assert_eq!(run("tf.layers.dense(x, 4, reuse=True)\n", "dense"), None);
        assert_eq!(run("tf.layers.dense(*a)\n", "dense"), None);
        assert_eq!(run("tf.layers.dense(x, **kw)\n", "dense"), None);
        assert_eq!(run("tf.layers.dense(units=3)\n", "dense"), None);
    }
}
