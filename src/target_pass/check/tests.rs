use super::*;
use crate::syntax;

const TABLE: &str = "\
tensorflow M
 compat M
  v1 M
   app m
    flags m
     DEFINE_string f
   GraphKeys c
    LOSSES v
   layers m
    dense f
 zeros f
 keras M
  layers M
   Dense c
 nn m
  relu f
tf_slim M
 conv2d f
";

fn missing_in(
    src: &str,
    edits: Vec<Edit>,
    assigned: Option<&Assigned>,
) -> Vec<(usize, String, String)> {
    let api = Api::from_texts(&[TABLE]).unwrap();
    let parsed = syntax::parse(src).unwrap();
    let mut edits = edits;
    edits::sort(&mut edits);
    let chains = crate::syntax::chains::chains(&parsed.module().body);
    let imports = syntax::imports::statements(&parsed.module().body);
    let file = File {
        source: src,
        body: &parsed.module().body,
        edits: &edits,
        api: &api,
        chains: &chains,
        imports: &imports,
    };
    file.missing(assigned)
        .into_iter()
        .map(|m| (m.offset, m.text, m.missing))
        .collect()
}

#[test]
fn imports_follow_python() {
    let src = "import tensorflow.contrib.slim as slim\nfrom tensorflow.compat.v1.app import flags\nfrom tensorflow.compat.v1 import app\nimport tensorflow as tf\nslim.x\napp.flags.DEFINE_string\ntf.zeros(1).whatever\n";
    let got = missing_in(src, vec![], None);
    assert_eq!(
        got,
        vec![
            (
                0,
                "import tensorflow.contrib.slim".into(),
                "tensorflow.contrib.slim".into()
            ),
            (
                39,
                "from tensorflow.compat.v1.app import flags".into(),
                "tensorflow.compat.v1.app".into()
            ),
        ]
    );
}

#[test]
fn chains_under_any_alias() {
    let src = "import tensorflow.compat.v1 as tf\nfrom tensorflow import keras as K\nimport numpy as np\nx = tf.layers.dense(tf.GraphKeys.LOSSES)\ny = K.layers.Conv2D\nz = np.foo.bar\nw = tf.app.flags.nope\n";
    let got: Vec<String> = missing_in(src, vec![], None)
        .into_iter()
        .map(|m| m.1)
        .collect();
    assert_eq!(got, vec!["K.layers.Conv2D", "tf.app.flags.nope"]);
}

#[test]
fn breadth_first_bindings_the_last_one_wins() {
    let src = "try:\n    import tensorflow.compat.v1 as tf\nexcept ImportError:\n    import tensorflow as tf\ntf.layers.dense\n";
    let got: Vec<String> = missing_in(src, vec![], None)
        .into_iter()
        .map(|m| m.2)
        .collect();
    assert_eq!(got, vec!["tensorflow.layers"]);
}

#[test]
fn the_output_is_checked_not_the_input() {
    let src =
        "import tensorflow as tf\nx = tf.layers.dense(1, k=tf.contrib.a)\ny = tf.contrib.b(2)\n";
    // A rename, a removed keyword argument, a call replaced by inserted text.
    let edits = vec![
        Edit::replace(28, 43, "tf.compat.v1.layers.dense"),
        Edit {
            start: 43,
            end: 62,
            segments: vec![Segment::Orig(43, 45), Segment::Orig(61, 62)],
        },
        Edit::replace(67, 82, "tf.nn.relu(2, tf.nn.nope)"),
    ];
    let got = missing_in(src, edits, None);
    assert_eq!(
        got,
        vec![(
            67,
            "tf.nn.nope".to_string(),
            "tensorflow.nn.nope".to_string()
        )]
    );
}

#[test]
fn assigned_chains_are_defined() {
    let src = "import tensorflow as tf\ntf.compat.v1.GraphKeys.MINE = 'x'\na = tf.compat.v1.GraphKeys.MINE.y\nb = tf.compat.v1.GraphKeys.OTHER\nc = tf.compat.v1.GraphKeys.THEIRS\n";
    let theirs = Assigned::new(["tensorflow.compat.v1.GraphKeys.THEIRS".to_string()]);
    let got: Vec<String> = missing_in(src, vec![], Some(&theirs))
        .into_iter()
        .map(|m| m.1)
        .collect();
    assert_eq!(got, vec!["tf.compat.v1.GraphKeys.OTHER"]);
}

#[test]
fn rewritten_imports_bind_what_the_output_says() {
    // SAFETY mode: `import tensorflow as tf` -> `import tensorflow.compat.v1 as tf`.
    let src = "import tensorflow as tf\ntf.layers.dense\ntf.zeros\n";
    let edits = vec![Edit::replace(0, 23, "import tensorflow.compat.v1 as tf")];
    let got: Vec<String> = missing_in(src, edits, None)
        .into_iter()
        .map(|m| m.2)
        .collect();
    assert_eq!(got, vec!["tensorflow.compat.v1.zeros"]);
}

#[test]
fn near_edits_answer_as_meets_does() {
    let edits = vec![
        Edit::replace(2, 5, "x"),
        Edit::replace(10, 10, "y"),
        Edit::replace(20, 40, "z"),
        Edit::replace(30, 31, "w"),
    ];
    let near = Near::new(&edits);
    for lo in 0..45 {
        for hi in lo..46 {
            let slow = edits.iter().any(|e| meets(e, lo, hi));
            assert_eq!(near.meets(lo, hi), slow, "{lo}..{hi}");
        }
    }
    assert!(!Near::new(&[]).meets(0, 10));
}

#[test]
fn names_of_one_missing_module_are_one_failure() {
    // The module is missing: one failure names both; names missing from a
    // module that exists are each a failure of their own.
    let src = "from tensorflow.contrib.rnn import a, b as c\nfrom tensorflow.compat.v1 import nope, zeros_like, layers\n";
    let got = missing_in(src, vec![], None);
    assert_eq!(
        got,
        vec![
            (
                0,
                "from tensorflow.contrib.rnn import a, b".into(),
                "tensorflow.contrib.rnn".into()
            ),
            (
                45,
                "from tensorflow.compat.v1 import nope".into(),
                "tensorflow.compat.v1.nope".into()
            ),
            (
                45,
                "from tensorflow.compat.v1 import zeros_like".into(),
                "tensorflow.compat.v1.zeros_like".into()
            ),
        ]
    );
}
