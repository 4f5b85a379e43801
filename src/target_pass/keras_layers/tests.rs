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
        run("tf.layers.dropout(h, 0.5, training=True)\n", "dropout").unwrap(),
        "tf.keras.layers.Dropout(0.5)(h, training=True)\n"
    );
    assert_eq!(
        run("tf.layers.dropout(h, training=False)\n", "dropout").unwrap(),
        "tf.keras.layers.Dropout(rate=0.5)(h, training=False)\n"
    );
    assert_eq!(
        run("tf.layers.dropout(h, 0.5, None, 1, None)\n", "dropout").unwrap(),
        "tf.keras.layers.Dropout(0.5, None, 1)(h, training=None)\n"
    );
}

#[test]
fn a_training_flag_keras_3_cannot_take_is_left_alone() {
    // Keras 3's Dropout tests `training` as a Python value: a tensor
    // (a placeholder, as TF 1 code passes) fails in a graph.
    assert_eq!(layers()["dropout"].literal, ["training"]);
    assert_eq!(
        run(
            "tf.layers.dropout(h, 0.5, training=is_training)\n",
            "dropout"
        ),
        None
    );
    assert_eq!(
        run("tf.layers.dropout(h, 0.5, None, 1, t)\n", "dropout"),
        None
    );
    // Dense's call takes a tensor there.
    assert!(run("tf.layers.dense(h, 2, training=t)\n", "dense").is_none());
    assert!(layers()["dense"].literal.is_empty());
}

#[test]
fn regularizers_are_left_alone() {
    // TF 1 puts their losses in tf.GraphKeys.REGULARIZATION_LOSSES,
    // Keras 3 does not.
    assert_eq!(
        run("tf.layers.dense(x, 4, kernel_regularizer=reg)\n", "dense"),
        None
    );
    assert_eq!(
        run("tf.layers.dense(x, 4, kernel_regularizer=None)\n", "dense").unwrap(),
        "tf.keras.layers.Dense(4, kernel_regularizer=None)(x)\n"
    );
}

#[test]
fn positions_out_of_the_constructor_order_become_keywords() {
    // conv2d_transpose has no dilation_rate: from `activation` on, the
    // function's positions differ from the class's.
    let layer = &layers()["conv2d"];
    assert_eq!(layer.params[7], "activation");
    assert_eq!(
        run(
            "tf.layers.conv2d(x, 8, 3, 1, 'same', 'channels_last', 1, tf.nn.relu)\n",
            "conv2d"
        )
        .unwrap(),
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
    let src = "tf.layers.dropout(h, 0.5,\n    training=True)\n";
    assert_eq!(
        run(src, "dropout").unwrap(),
        "tf.keras.layers.Dropout(0.5)(\n    h, training=True)\n"
    );
}

#[test]
fn calls_it_cannot_place_are_left_alone() {
    assert_eq!(run("tf.layers.dense(x, 4, reuse=True)\n", "dense"), None);
    assert_eq!(run("tf.layers.dense(*a)\n", "dense"), None);
    assert_eq!(run("tf.layers.dense(x, **kw)\n", "dense"), None);
    assert_eq!(run("tf.layers.dense(units=3)\n", "dense"), None);
}

fn parsed_call(src: &str) -> (crate::syntax::Parsed, usize, usize) {
    let parsed = first_call(src);
    let mut found = None;
    for c in crate::syntax::chains::chains(&parsed.module().body) {
        if let Some(call) = c.call {
            found.get_or_insert((syntax::start(call), syntax::end(call)));
        }
    }
    let (lo, hi) = found.expect("a call of a chain");
    (parsed, lo, hi)
}

/// The class rewrite of the first call of an attribute chain in `src`.
fn run_class(src: &str, class: &str) -> Option<String> {
    let parsed = first_call(src);
    let chains = crate::syntax::chains::chains(&parsed.module().body);
    let call = chains.iter().find_map(|c| c.call).expect("a call");
    let lc = &classes()[class];
    rewrite_class(call, lc, &lc.class).map(|edit| apply(src, vec![edit]))
}

#[test]
fn the_class_table_has_the_layer_classes() {
    let c = classes();
    for name in [
        "Dense",
        "Conv2D",
        "Conv2DTranspose",
        "SeparableConv1D",
        "SeparableConv2D",
    ] {
        assert_eq!(c[name].class, format!("tf.keras.layers.{name}"));
    }
    for name in ["MaxPooling2D", "AveragePooling3D", "Dropout", "Flatten"] {
        assert!(c.contains_key(name), "{name}");
    }
    // Different semantics: updates, base class, not a layer.
    for name in ["BatchNormalization", "Layer", "InputSpec"] {
        assert!(!c.contains_key(name), "{name}");
    }
    assert!(c["Dense"].tf1_only.iter().any(|a| a == "apply"));
    assert_eq!(c["Dropout"].fill["rate"], "0.5");
}

#[test]
fn a_class_keeps_its_arguments() {
    assert_eq!(
        run_class(
            "d = tf.layers.Dense(16, activation=tf.nn.relu, name='h')\n",
            "Dense"
        )
        .unwrap(),
        "d = tf.keras.layers.Dense(16, activation=tf.nn.relu, name='h')\n"
    );
    assert_eq!(
        run_class(
            "p = tf.layers.MaxPooling2D(\n    2,\n    2)  # pool\n",
            "MaxPooling2D"
        )
        .unwrap(),
        "p = tf.keras.layers.MaxPooling2D(\n    2,\n    2)  # pool\n"
    );
}

#[test]
fn class_positions_out_of_the_keras_order_become_keywords() {
    // Conv2DTranspose: Keras 3 has output_padding where TF 1 has
    // data_format.
    assert_eq!(
        run_class("c = tf.layers.Conv2DTranspose(4, 3, 2, 'same', 'channels_last', None)\n", "Conv2DTranspose").unwrap(),
        "c = tf.keras.layers.Conv2DTranspose(4, 3, 2, 'same', data_format='channels_last', activation=None)\n"
    );
    // Dense: TF 1's trainable and name come after Keras 3's lora_rank.
    assert_eq!(
        run_class("d = tf.layers.Dense(3, None, True, None, None, None, None, None, None, None, False, 'n')\n", "Dense").unwrap(),
        "d = tf.keras.layers.Dense(3, None, True, None, None, None, None, None, None, None, trainable=False, name='n')\n"
    );
}

#[test]
fn class_required_arguments_are_filled() {
    assert_eq!(
        run_class("d = tf.layers.Dropout()\n", "Dropout").unwrap(),
        "d = tf.keras.layers.Dropout(rate=0.5)\n"
    );
    assert_eq!(
        run_class("d = tf.layers.Dropout(seed=1,)\n", "Dropout").unwrap(),
        "d = tf.keras.layers.Dropout(seed=1, rate=0.5,)\n"
    );
    assert_eq!(
        run_class("d = tf.layers.Dropout(0.2)\n", "Dropout").unwrap(),
        "d = tf.keras.layers.Dropout(0.2)\n"
    );
}

#[test]
fn class_calls_it_cannot_place_are_left_alone() {
    for src in [
        "d = tf.layers.Dense(4, _reuse=True)\n",
        "d = tf.layers.Dense(4, _scope='s')\n",
        "d = tf.layers.Dense(4, input_shape=(3,))\n",
        "d = tf.layers.Dense(4, kernel_regularizer=r)\n",
        "d = tf.layers.Dense(*a)\n",
        "d = tf.layers.Dense(4, **kw)\n",
        "d = tf.layers.Dense(4, None, True, None, None, None, None, None, None, None, True, 'n', 7)\n",
    ] {
        assert_eq!(run_class(src, "Dense"), None, "{src}");
    }
    assert_eq!(
        run_class("d = tf.layers.Dense(4, kernel_regularizer=None)\n", "Dense").unwrap(),
        "d = tf.keras.layers.Dense(4, kernel_regularizer=None)\n"
    );
}

#[test]
fn the_built_object_is_followed_where_the_file_shows_it() {
    let cases: [(&str, Option<&str>); 6] = [
        ("y = tf.layers.Dense(4)(x)\n", Some("called")),
        ("d = tf.layers.Dense(4)\n", Some("d")),
        ("self.d: object = tf.layers.Dense(4)\n", Some("self.d")),
        ("ls = [tf.layers.Dense(4)]\n", None),
        ("def f():\n    return tf.layers.Dense(4)\n", None),
        ("a, b = tf.layers.Dense(4), 1\n", None),
    ];
    for (src, want) in cases {
        let (parsed, lo, hi) = parsed_call(src);
        let got = built_use(&parsed.module().body, lo, hi).map(|b| match b {
            Built::Called => "called",
            Built::Bound(a, b) => &src[a..b],
        });
        assert_eq!(got, want, "{src}");
    }
}

#[test]
fn what_only_the_tf1_object_has_is_found() {
    let tf1_only = &classes()["Dense"].tf1_only;
    assert!(reads_attribute("y = d.apply(x)\n", "d", tf1_only));
    assert!(reads_attribute("u = self.d.updates\n", "self.d", tf1_only));
    assert!(!reads_attribute("y = d(x)\nk = d.kernel\n", "d", tf1_only));
    assert!(!reads_attribute("y = dd.apply(x)\n", "d", tf1_only));
}

#[test]
fn calls_of_the_object_must_pass_python_values_where_keras_wants_them() {
    let literal = &classes()["Dropout"].literal;
    let check = |src: &str| {
        let (parsed, lo, hi) = parsed_call(src);
        let body = &parsed.module().body;
        let built = built_use(body, lo, hi).unwrap();
        calls_pass_values(body, src, built, (lo, hi), literal)
    };
    assert!(check("y = tf.layers.Dropout(0.1)(x, training=True)\n"));
    assert!(!check("y = tf.layers.Dropout(0.1)(x, training=t)\n"));
    assert!(!check("y = tf.layers.Dropout(0.1)(x, t)\n"));
    assert!(check(
        "d = tf.layers.Dropout(0.1)\ny = d(x)\nz = d(y, training=False)\n"
    ));
    assert!(!check(
        "d = tf.layers.Dropout(0.1)\ny = d(x)\nz = d(y, training=is_training)\n"
    ));
    assert!(!check("d = tf.layers.Dropout(0.1)\nz = d(y, **kw)\n"));
}
