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

use crate::edits::{Edit, Segment};
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

/// The edit turning `call` (a call of the functional layer `layer`) into a
/// Keras layer object called on the input; `class` is how the file names the
/// class (`tf.keras.layers.Dense` for `import tensorflow as tf`). `None` when
/// an argument has no place in the new call.
pub fn rewrite(call: &ast::ExprCall, layer: &Layer, class: &str) -> Option<Edit> {
    let args = &call.arguments;
    let mut input: Option<Segment> = None;
    let mut init: Vec<Vec<Segment>> = Vec::new();
    let mut call_kw: Vec<Vec<Segment>> = Vec::new();
    // Positional arguments: the input, then constructor arguments; they stay
    // positional while they line up with the constructor's own order.
    let mut in_order = true;
    let mut passed: Vec<&str> = Vec::new();
    for (i, a) in args.args.iter().enumerate() {
        if matches!(a, Expr::Starred(_)) {
            return None;
        }
        let value = Segment::Orig(syntax::start(a), syntax::end(a));
        let name = layer.params.get(i)?;
        passed.push(name);
        if i == 0 {
            input = Some(value);
            continue;
        }
        in_order &= layer.init.get(i - 1) == Some(name);
        if layer.init.contains(name) {
            if in_order {
                init.push(vec![value]);
            } else {
                init.push(vec![Segment::Text(format!("{name}=")), value]);
            }
        } else if layer.call.contains(name) {
            call_kw.push(vec![Segment::Text(format!("{name}=")), value]);
        } else {
            return None;
        }
    }
    for k in args.keywords.iter() {
        let name = k.arg.as_ref()?.as_str();
        passed.push(name);
        let whole = Segment::Orig(syntax::start(k), syntax::end(k));
        if name == "inputs" && input.is_none() {
            input = Some(Segment::Orig(
                syntax::start(&k.value),
                syntax::end(&k.value),
            ));
        } else if !layer.params.iter().any(|p| p == name) {
            return None;
        } else if layer.init.iter().any(|p| p == name) {
            init.push(vec![whole]);
        } else if layer.call.iter().any(|p| p == name) {
            call_kw.push(vec![whole]);
        } else {
            return None;
        }
    }
    let input = input?;
    for (name, default) in &layer.fill {
        if !passed.contains(&name.as_str()) {
            init.push(vec![Segment::Text(format!("{name}={default}"))]);
        }
    }
    let mut segments = vec![Segment::Text(format!("{class}("))];
    join(&mut segments, init);
    segments.push(Segment::Text(")(".into()));
    segments.push(input);
    for kw in call_kw {
        segments.push(Segment::Text(", ".into()));
        segments.extend(kw);
    }
    segments.push(Segment::Text(")".into()));
    Some(Edit {
        start: syntax::start(call),
        end: syntax::end(call),
        segments,
    })
}

fn join(out: &mut Vec<Segment>, items: Vec<Vec<Segment>>) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(Segment::Text(", ".into()));
        }
        out.extend(item);
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
        rewrite(call, layer, &class).map(|edit| apply(src, vec![edit]))
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
    fn calls_it_cannot_place_are_left_alone() {
        assert_eq!(run("tf.layers.dense(x, 4, reuse=True)\n", "dense"), None);
        assert_eq!(run("tf.layers.dense(*a)\n", "dense"), None);
        assert_eq!(run("tf.layers.dense(x, **kw)\n", "dense"), None);
        assert_eq!(run("tf.layers.dense(units=3)\n", "dense"), None);
    }
}
