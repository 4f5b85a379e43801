use super::super::testing::rewrite;

/// A stand-in for the target's tables: `tf.lookup` has the homes of
/// `tf.contrib.lookup`'s names; tf-slim has `arg_scope` but no
/// `get_name_scope`; `tf.nest` has `flatten`.
const TABLE: &str = "\
tensorflow M
 lookup M
  StaticHashTable c
  KeyValueTensorInitializer c
 nest M
  flatten f
 compat M
  v1 M
   get_default_graph f
tf_slim M
 arg_scope f
 add_arg_scope f
";

#[test]
fn chains_move_to_their_homes() {
    let (out, rules) = rewrite(
        "import tensorflow as tf\nt = tf.contrib.lookup.HashTable(i, -1)\nf = tf.contrib.framework.nest.flatten(x)\nm = tf.contrib.learn.ModeKeys.TRAIN\n",
        TABLE,
    );
    assert_eq!(
        out,
        "import tensorflow as tf\nt = tf.lookup.StaticHashTable(i, -1)\nf = tf.nest.flatten(x)\nm = 'train'\n"
    );
    assert_eq!(rules, ["contrib-home"; 3]);
}

#[test]
fn a_constant_is_only_read() {
    let src = "import tensorflow as tf\ndel tf.contrib.learn.ModeKeys.TRAIN\ntf.contrib.learn.ModeKeys.TRAIN()\n";
    assert_eq!(rewrite(src, TABLE).0, src);
}

#[test]
fn only_what_resolves_is_written() {
    // Without `tf.lookup.StaticHashTable` in the tables, the reference stays.
    let table = TABLE.replace("  StaticHashTable c\n", "");
    let src = "import tensorflow as tf\nt = tf.contrib.lookup.HashTable(i, -1)\n";
    let (out, rules) = rewrite(src, &table);
    assert_eq!(out, src);
    assert!(rules.is_empty());
    // Nor an import whose home Python would not import.
    let table = TABLE.replace(" nest M\n", " nest c\n");
    let src = "from tensorflow.contrib.framework import nest\nnest.flatten(x)\n";
    assert_eq!(rewrite(src, &table).0, src);
    assert_eq!(
        rewrite(src, TABLE).0,
        "from tensorflow import nest\nnest.flatten(x)\n"
    );
    // A home that is called another way (the table's note) is no rename.
    let src = "import tensorflow as tf\ntf.contrib.framework.get_name_scope()\n";
    assert_eq!(rewrite(src, TABLE).0, src);
}

#[test]
fn an_alias_moves_only_when_every_use_resolves_there() {
    let src = "from tensorflow.contrib import framework as contrib_framework\ncontrib_framework.arg_scope([f])\n";
    let (out, rules) = rewrite(src, TABLE);
    assert_eq!(
        out,
        "import tf_slim as contrib_framework\ncontrib_framework.arg_scope([f])\n"
    );
    assert_eq!(rules, ["tf-slim"]);
    // tf-slim has no `get_name_scope`: the import stays as it was.
    let src = "from tensorflow.contrib import framework as contrib_framework\ncontrib_framework.arg_scope([f])\ncontrib_framework.get_name_scope()\n";
    let (out, rules) = rewrite(src, TABLE);
    assert_eq!(out, src);
    assert!(rules.is_empty());
    // A module whose names moved to one module of TensorFlow moves with them.
    let src =
        "import tensorflow.contrib.lookup as lookup\nlookup.KeyValueTensorInitializer(k, v)\n";
    let (out, rules) = rewrite(src, TABLE);
    assert_eq!(
        out,
        "from tensorflow import lookup\nlookup.KeyValueTensorInitializer(k, v)\n"
    );
    assert_eq!(rules, ["contrib-home"]);
    // `HashTable` is `StaticHashTable` there: the name does not resolve.
    let src = "import tensorflow.contrib.lookup as lookup\nlookup.HashTable(i, -1)\n";
    assert_eq!(rewrite(src, TABLE).0, src);
}

#[test]
fn a_statement_keeps_the_names_that_stay() {
    let src = "from tensorflow.contrib.framework.python.ops import add_arg_scope, no_such\n";
    let (out, _) = rewrite(src, TABLE);
    assert_eq!(
        out,
        "from tf_slim import add_arg_scope\nfrom tensorflow.contrib.framework.python.ops import no_such\n"
    );
}

/// [`TABLE`] with the homes of `tf.estimator`'s hooks.
fn with_train(table: &str) -> String {
    table.replace(
        "  v1 M\n",
        "  v1 M\n   train M\n    SessionRunHook c\n    SessionRunArgs c\n",
    )
}

#[test]
fn estimator_references_go_to_their_homes_however_spelled() {
    let src = "import tensorflow as tf\na = tf.estimator.ModeKeys.TRAIN\nb = tf.compat.v1.estimator.ModeKeys.PREDICT\nclass H(tf.estimator.SessionRunHook):\n    pass\n";
    let (out, rules) = rewrite(src, &with_train(TABLE));
    assert_eq!(
        out,
        "import tensorflow as tf\na = 'train'\nb = 'infer'\nclass H(tf.compat.v1.train.SessionRunHook):\n    pass\n"
    );
    assert_eq!(rules, ["contrib-home"; 3]);
}

#[test]
fn an_import_whose_uses_all_have_homes_goes() {
    let table = with_train(TABLE);
    let src = "import tensorflow as tf\nfrom tensorflow.compat.v1 import estimator as tf_estimator\n\n\nclass H(tf_estimator.SessionRunHook):\n    def f(self, mode=tf_estimator.ModeKeys.EVAL):\n        return tf_estimator.SessionRunArgs(mode)\n";
    let (out, rules) = rewrite(src, &table);
    assert_eq!(
        out,
        "import tensorflow as tf\n\n\nclass H(tf.compat.v1.train.SessionRunHook):\n    def f(self, mode='eval'):\n        return tf.compat.v1.train.SessionRunArgs(mode)\n"
    );
    assert_eq!(rules, ["contrib-home"; 4]);
    // The only statement of its block becomes `pass`; another statement
    // on its line keeps its place.
    let src = "import tensorflow as tf\ntry:\n    import tensorflow.compat.v1.estimator as e  # note\nexcept ImportError:\n    pass\nx = 1; from tensorflow.estimator import ModeKeys\ny = e.ModeKeys.TRAIN, ModeKeys.EVAL\n";
    let (out, _) = rewrite(src, &table);
    assert_eq!(
        out,
        "import tensorflow as tf\ntry:\n    pass  # note\nexcept ImportError:\n    pass\nx = 1; pass\ny = 'train', 'eval'\n"
    );
}

#[test]
fn an_import_stays_when_a_use_has_no_home_or_the_name_is_used_bare() {
    let table = with_train(TABLE);
    for src in [
        // `Estimator` has no home.
        "import tensorflow as tf\nfrom tensorflow.compat.v1 import estimator as e\nm = e.ModeKeys.TRAIN\ne.Estimator(f)\n",
        // The name itself is passed on.
        "import tensorflow as tf\nfrom tensorflow.compat.v1 import estimator as e\nm = e.ModeKeys.TRAIN\ng(e)\n",
        // A constant is not called.
        "import tensorflow as tf\nfrom tensorflow.compat.v1 import estimator as e\ne.ModeKeys.TRAIN()\n",
        // Nothing names TensorFlow to spell the hook's home with.
        "from tensorflow.compat.v1 import estimator as e\nclass H(e.SessionRunHook): pass\nm = e.ModeKeys.TRAIN\n",
    ] {
        let (out, _) = rewrite(src, &table);
        assert!(out.contains("import estimator as e\n"), "{out}");
    }
}

#[test]
fn a_module_used_bare_moves_only_to_a_home_with_all_its_names() {
    // tf-slim has `arg_scope`, but not what else the tables list under
    // `tf.contrib.framework`: the value returned would lack them.
    let src = "def f():\n    from tensorflow.contrib import framework as contrib_framework\n    return contrib_framework\n";
    assert_eq!(rewrite(src, TABLE).0, src);
    let src = "def f():\n    from tensorflow.contrib import framework as contrib_framework\n    return contrib_framework.arg_scope\n";
    assert_eq!(
        rewrite(src, TABLE).0,
        "def f():\n    import tf_slim as contrib_framework\n    return contrib_framework.arg_scope\n"
    );
}
