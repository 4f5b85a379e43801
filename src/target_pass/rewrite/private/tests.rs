use super::super::testing::rewrite;

/// A stand-in for the target's tables: `tensorflow.python.util.nest` has
/// `is_nested` but no `is_sequence`, `tf.nest` has `is_nested`, the
/// training ops are in `tensorflow.python.ops.gen_training_ops` only, and
/// `tensorflow.python.framework.ops` has no `Tensor`.
const TABLE: &str = "\
tensorflow M
 nest M
  is_nested f
 Tensor c
 python M
  util M
   nest M
    is_nested f
    flatten f
  ops M
   gen_training_ops M
    apply_adam f
  training M
   optimizer M
  framework M
   ops M
    Graph c
   tensor M
    Tensor c
";

#[test]
fn a_chain_goes_to_the_public_home_where_the_file_can_spell_it() {
    let (out, rules) = rewrite(
        "import tensorflow as tf\nfrom tensorflow.python.util import nest\nnest.is_sequence(x)\nnest.flatten(x)\n",
        TABLE,
    );
    assert_eq!(
        out,
        "import tensorflow as tf\nfrom tensorflow.python.util import nest\ntf.nest.is_nested(x)\nnest.flatten(x)\n"
    );
    assert_eq!(rules, ["private-home"]);
}

#[test]
fn else_to_the_private_path_through_the_same_name() {
    let (out, rules) = rewrite(
        "from tensorflow.python.util import nest\nif nest.is_sequence(x): pass\n",
        TABLE,
    );
    assert_eq!(
        out,
        "from tensorflow.python.util import nest\nif nest.is_nested(x): pass\n"
    );
    assert_eq!(rules, ["private-home"]);
}

#[test]
fn an_imported_name_stays_bound() {
    let (out, rules) = rewrite(
        "from tensorflow.python.util.nest import is_sequence, flatten\nis_sequence(x)\n",
        TABLE,
    );
    assert_eq!(
        out,
        "from tensorflow.nest import is_nested as is_sequence\nfrom tensorflow.python.util.nest import flatten\nis_sequence(x)\n"
    );
    assert_eq!(rules, ["private-home"]);
}

#[test]
fn a_moved_module_is_imported_from_its_home_when_the_file_uses_only_what_it_has() {
    let src = "from tensorflow.python.training import training_ops\ntraining_ops.apply_adam(v)\n";
    let (out, rules) = rewrite(src, TABLE);
    assert_eq!(
        out,
        "from tensorflow.python.ops import gen_training_ops as training_ops\ntraining_ops.apply_adam(v)\n"
    );
    assert_eq!(rules, ["private-home"]);
    // `apply_momentum` is not in the stand-in home: the import stays.
    let src =
        "from tensorflow.python.training import training_ops\ntraining_ops.apply_momentum(v)\n";
    assert_eq!(rewrite(src, TABLE), (src.to_string(), vec![]));
}

#[test]
fn only_what_resolves_is_written() {
    let table = TABLE
        .replace("    is_nested f\n", "")
        .replace(" nest M\n  is_nested f\n", "");
    let src =
        "import tensorflow as tf\nfrom tensorflow.python.util import nest\nnest.is_sequence(x)\n";
    assert_eq!(rewrite(src, &table), (src.to_string(), vec![]));
}

#[test]
fn a_private_home_elsewhere_needs_a_name_that_spells_it() {
    // `ops.Tensor` is `tensorflow.Tensor`, or the private
    // `tensorflow.python.framework.tensor.Tensor`, which no name of this
    // file reaches: the public home, through `tf`.
    let src = "import tensorflow as tf\nfrom tensorflow.python.framework import ops\nisinstance(x, ops.Tensor)\n";
    let (out, _) = rewrite(src, TABLE);
    assert!(out.ends_with("isinstance(x, tf.Tensor)\n"), "{out}");
}

#[test]
fn public_paths_and_what_resolves_are_left_alone() {
    let src = "import tensorflow as tf\nfrom tensorflow.python.util import nest\ntf.nest.is_nested(x)\nnest.flatten(x)\nimport tensorflow.python.training.training_ops\n";
    assert_eq!(rewrite(src, TABLE), (src.to_string(), vec![]));
}

#[test]
fn a_public_home_the_file_has_no_name_for_brings_its_import() {
    let src = "import os\nfrom tensorflow.python.framework import ops\n\ndef f():\n    return ops.Tensor\n";
    let (out, rules) = rewrite(src, TABLE);
    assert_eq!(
        out,
        "import os\nfrom tensorflow.python.framework import ops\nimport tensorflow as tf\n\ndef f():\n    return tf.Tensor\n"
    );
    assert_eq!(rules, ["private-home", "private-home"]);
    // Text that says `tf` (a comment, a docstring) does not take the name.
    let (out, _) = rewrite(
        "from tensorflow.python.framework import ops  # tf\nx = ops.Tensor\n",
        TABLE,
    );
    assert_eq!(
        out,
        "from tensorflow.python.framework import ops  # tf\nimport tensorflow as tf\nx = tf.Tensor\n"
    );
    // Not where code names `tf`, nor after an import that is not at module
    // level.
    for src in [
        "from tensorflow.python.framework import ops\ntf = 1\nx = ops.Tensor\n",
        "from tensorflow.python.framework import ops\ndef f(tf):\n    return ops.Tensor\n",
        "def f():\n    from tensorflow.python.framework import ops\n    return ops.Tensor\n",
    ] {
        let (out, rules) = rewrite(src, TABLE);
        assert_eq!(out, src);
        assert!(rules.is_empty(), "{rules:?}");
    }
}
