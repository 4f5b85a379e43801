"""Generates rules/target/keras_layers.toml: how each functional layer of
`tf.compat.v1.layers` (TF 1's `tf.layers`), and each of its layer classes,
maps onto the Keras 3 layer class that `tf.keras.layers` has in TensorFlow
2.21 as pip installs it.

Facts only, read from the installed packages by introspection. For each
function (`[keras_layers."tf.layers.dense"]`) and each class
(`[keras_classes."tf.layers.Dense"]`):
- `params`: the TF 1 parameters, in order (tf-keras 2.21, which still has
  `tf.compat.v1.layers` under TF_USE_LEGACY_KERAS=1): the function's, or
  the class constructor's named ones;
- `init`: the keywords the Keras 3 class's constructor accepts (its own named
  parameters, and those of `keras.layers.Layer` when it passes **kwargs on);
- `positional`: how many of `init`'s first parameters can be passed by
  position;
- `fill`: constructor parameters without a default whose TF 1 parameter
  has one (`tf.layers.dropout`'s rate=0.5, which `Dropout` requires): the
  TF 1 default, as Python prints it;
- functions only, `call`: the keywords the layer's `call` accepts besides
  `inputs`;
- `literal`: the keywords of the Keras 3 layer's `call` that must be Python
  values (True/False/None): calling the layer in a graph with a boolean
  placeholder for one of them raises (`Dropout`'s `training`, where TF 1
  took a tensor);
- classes only, `tf1_only`: the public attributes of a TF 1 layer object
  that the Keras 3 object lacks (`apply`, `updates`, ...), each object built
  with the same arguments.

Run with the apicheck venv (../shared/apicheck/setup.sh prints it):
    <venv>/bin/python scripts/gen_keras_layers.py
"""
import inspect
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "rules", "target", "keras_layers.toml")

# Functions left out, with the reason (their Keras 3 class behaves
# differently in a TF 1 graph, so a mechanical rewrite would change results).
LEFT_OUT = {
    "batch_normalization": "Keras 3 does not add its moving-average updates to tf.GraphKeys.UPDATE_OPS",
    "BatchNormalization": "Keras 3 does not add its moving-average updates to tf.GraphKeys.UPDATE_OPS",
    "Layer": "a base class: TF 1 subclasses rely on variable scopes and `apply`",
    "InputSpec": "not a layer; it goes with subclasses of `Layer`",
}

# Values for the required constructor arguments, to build one object of each
# class on both sides and compare their attributes.
SAMPLE_ARGS = {"units": 2, "filters": 2, "kernel_size": 3, "pool_size": 2,
               "strides": 1, "rate": 0.5}


def legacy_functions():
    """{function: [parameter, ...]} of tf.compat.v1.layers (tf-keras)."""
    import tensorflow as tf
    out = {}
    for name in sorted(dir(tf.compat.v1.layers)):
        obj = getattr(tf.compat.v1.layers, name)
        if inspect.isfunction(obj):
            params = inspect.signature(obj).parameters
            out[name] = [list(params),
                         {k: repr(p.default) for k, p in params.items()
                          if p.default is not inspect.Parameter.empty}]
    return out


def legacy_classes():
    """{class: [parameters, defaults, attributes]} of tf.compat.v1.layers
    (tf-keras): the layer classes, their constructors' named parameters, and
    the public attributes of an object built with SAMPLE_ARGS."""
    import tensorflow as tf
    out = {}
    for name in sorted(dir(tf.compat.v1.layers)):
        cls = getattr(tf.compat.v1.layers, name)
        if not inspect.isclass(cls):
            continue
        params = inspect.signature(cls.__init__).parameters
        named = [k for k, p in params.items() if k != "self"
                 and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        defaults = {k: repr(params[k].default) for k in named
                    if params[k].default is not inspect.Parameter.empty}
        out[name] = [named, defaults, attributes(cls, named, defaults)]
    return out


def attributes(cls, named, defaults):
    """The public attributes of an object of `cls` built with SAMPLE_ARGS
    for its required parameters; None when it cannot be built so."""
    required = [k for k in named if k not in defaults]
    if any(k not in SAMPLE_ARGS for k in required):
        return None
    try:
        obj = cls(**{k: SAMPLE_ARGS[k] for k in required})
    except TypeError:
        return None
    return sorted(a for a in dir(obj) if not a.startswith("_"))


def keras3_classes(names):
    """{class name: (init keywords, call keywords, required, positional,
    attributes)} of tf.keras.layers (Keras 3)."""
    import tensorflow as tf
    base = [p for p in inspect.signature(tf.keras.layers.Layer.__init__).parameters
            if p not in ("self", "kwargs")]
    out = {}
    for name in names:
        cls = getattr(tf.keras.layers, name, None)
        if cls is None:
            continue
        init = inspect.signature(cls.__init__).parameters
        keywords = [p for p in init if p not in ("self", "kwargs")]
        positional = 0
        for k, p in init.items():
            if k == "self":
                continue
            if p.kind is not p.POSITIONAL_OR_KEYWORD:
                break
            positional += 1
        if "kwargs" in init:
            keywords += [p for p in base if p not in keywords]
        call = [p for p in inspect.signature(cls.call).parameters
                if p not in ("self", "inputs", "args", "kwargs")]
        required = [k for k, p in init.items()
                    if k not in ("self", "kwargs") and p.default is inspect.Parameter.empty
                    and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        defaults = {k: None for k in keywords if k not in required}
        attrs = attributes(cls, keywords, defaults)
        literal = [k for k in call if not takes_tensor(cls, name, required, k)]
        out[name] = (keywords, call, required, positional, attrs, literal)
    return out


def takes_tensor(cls, name, required, keyword):
    """Whether the layer, called in a TF 1 graph on a placeholder, accepts a
    boolean placeholder for `keyword`."""
    import tensorflow as tf
    rank = 3 if "1D" in name else 4 if "2D" in name else 5 if "3D" in name else 2
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None] + [8] * (rank - 1))
        flag = tf.compat.v1.placeholder(tf.bool, [])
        layer = cls(**{k: SAMPLE_ARGS[k] for k in required})
        try:
            layer(x, **{keyword: flag})
        except (TypeError, ValueError, tf.errors.OperatorNotAllowedInGraphError):
            return False
    return True


def class_name(function):
    """`max_pooling2d` -> `MaxPooling2D`, `conv2d_transpose` -> `Conv2DTranspose`."""
    return "".join(p[:1].upper() + p[1:] for p in function.split("_")).replace("2d", "2D") \
        .replace("1d", "1D").replace("3d", "3D")


def run_in(env_extra, what, arg=None):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **env_extra)
    cmd = [sys.executable, __file__, "--" + what] + ([json.dumps(arg)] if arg else [])
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def toml_list(items):
    return "[" + ", ".join('"%s"' % i for i in items) + "]"


def toml_table(values):
    return "{%s}" % ", ".join('%s = "%s"' % (k, v) for k, v in sorted(values.items()))


def main():
    if sys.argv[1:2] == ["--legacy"]:
        print(json.dumps(legacy_functions()))
        return
    if sys.argv[1:2] == ["--legacy-classes"]:
        print(json.dumps(legacy_classes()))
        return
    if sys.argv[1:2] == ["--keras3"]:
        print(json.dumps(keras3_classes(json.loads(sys.argv[2]))))
        return
    functions = run_in({"TF_USE_LEGACY_KERAS": "1"}, "legacy")
    functions = {f: p for f, p in functions.items() if p[0][:1] == ["inputs"]}
    old_classes = run_in({"TF_USE_LEGACY_KERAS": "1"}, "legacy-classes")
    classes = run_in({"TF_USE_LEGACY_KERAS": "0"}, "keras3",
                     sorted({class_name(f) for f in functions}
                            | {c for c in old_classes if c not in LEFT_OUT}))
    lines = [
        "# Generated by scripts/gen_keras_layers.py from tensorflow-cpu 2.21.0,",
        "# tf-keras 2.21.0 (tf.compat.v1.layers) and Keras 3 (tf.keras.layers).",
        "# Do not edit by hand. Schema: rules/README.md, section Target tables.",
        "",
    ]
    for f in sorted(functions):
        c = class_name(f)
        if f in LEFT_OUT or c not in classes:
            why = LEFT_OUT.get(f, "no Keras 3 class %s" % c)
            lines.append("# tf.layers.%s: not rewritten (%s)" % (f, why))
            continue
        init, call, required, positional, _, literal = classes[c]
        params, defaults = functions[f]
        fill = {k: defaults[k] for k in required if k in defaults}
        lines += [
            '[keras_layers."tf.layers.%s"]' % f,
            'class = "tf.keras.layers.%s"' % c,
            "params = %s" % toml_list(params),
            "init = %s" % toml_list(init),
            "positional = %d" % positional,
            "call = %s" % toml_list(call),
            "literal = %s" % toml_list(literal),
            "fill = %s" % toml_table(fill),
            "",
        ]
    for c in sorted(old_classes):
        params, defaults, old_attrs = old_classes[c]
        if c in LEFT_OUT or c not in classes or old_attrs is None \
                or classes[c][4] is None:
            why = LEFT_OUT.get(c, "no Keras 3 class %s" % c if c not in classes
                               else "its objects could not be compared")
            lines.append("# tf.layers.%s: not rewritten (%s)" % (c, why))
            continue
        init, _, required, positional, new_attrs, literal = classes[c]
        fill = {k: defaults[k] for k in required if k in defaults}
        missing = [k for k in required if k not in params]
        if missing:
            lines.append("# tf.layers.%s: not rewritten (Keras 3 requires %s)"
                         % (c, ", ".join(missing)))
            continue
        lines += [
            '[keras_classes."tf.layers.%s"]' % c,
            'class = "tf.keras.layers.%s"' % c,
            "params = %s" % toml_list(params),
            "init = %s" % toml_list(init),
            "positional = %d" % positional,
            "fill = %s" % toml_table(fill),
            "literal = %s" % toml_list(literal),
            "tf1_only = %s" % toml_list(sorted(set(old_attrs) - set(new_attrs))),
            "",
        ]
    with open(OUT, "w") as fh:
        fh.write("\n".join(lines).rstrip("\n") + "\n")
    print("wrote %s: %d functions, %d classes" % (
        OUT, sum(1 for l in lines if l.startswith("[keras_layers")),
        sum(1 for l in lines if l.startswith("[keras_classes"))))


if __name__ == "__main__":
    main()
