#!/usr/bin/env python3
"""Generates rules/plan_compat_v1.txt.gz: for every public function, class or
constant under `tensorflow.compat.v1` in TensorFlow 2.21, its TF2 name, for
the migration plan's `compat-v1` step (rules/PLAN.md).

Run it with the apicheck venv (tensorflow-cpu 2.21.0; see
../shared/apicheck/setup.sh, relative to the repository root):
    <venv>/bin/python scripts/gen_plan_compat_v1.py [OUTFILE]
`scripts/check_plan.py` checks that every TF2 path of the table resolves.

How the table is made, by introspecting the installed package (Keras 3:
TF_USE_LEGACY_KERAS is unset for the run):
- the TF2 side is every public name reachable by getattr from `tensorflow`
  through TensorFlow's generated API modules (those whose file is under
  `tensorflow/_api/v2/`), except `tensorflow.compat.v1` and
  `tensorflow.compat.v2`; Keras (tf.keras and the Keras-backed tf.losses,
  tf.metrics, tf.optimizers, tf.initializers) is not walked;
- the TF1 side is every public name reachable the same way from
  `tensorflow.compat.v1` (API modules under `tensorflow/_api/v2/compat/v1/`),
  except the modules `compat`, `keras`, `estimator`, `layers` and
  `nn.rnn_cell` (Keras and Estimator are other steps of the plan); modules
  themselves are not listed, nor the attributes of classes;
- a TF1 name is `same` when its object is the very object (`is`) of some TF2
  name: the TF2 name at the same relative path if it is one of them, else the
  shortest (fewest dots, then fewest characters, then bytewise). Constants of
  Python's immutable types (int, str, None, ...) are matched by equal value and
  type instead, and only with a TF2 name of the same last component (small ints
  and strings are shared objects in Python). A function that is not the
  very object is still `same` when both unwrap (`inspect.unwrap`, through
  TensorFlow's dispatch and deprecation decorators) to one function and have
  the same signature: the API modules of tensorflow.compat.v1 hold their own
  decorated copies of some functions (tensorflow.compat.v1.math.abs is not
  tensorflow.math.abs, yet both run that one function). Otherwise a TF1 name is
  `differs` when `tensorflow.<the same relative path>` is a TF2 name bound to
  another object (the TF2 version behaves differently, e.g. other
  parameters); else it has no TF2 counterpart and is left out.

Format (gzip, deterministic: no time stamp): `#` header lines, then one line
per name, sorted bytewise:
    <path relative to tensorflow.compat.v1> TAB <TF2 path, tensorflow.…> TAB same|differs
"""
import gzip
import inspect
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(ROOT, "rules", "plan_compat_v1.txt.gz")
SKIP_V1 = ("compat", "keras", "estimator", "layers", "nn.rnn_cell")
PRIMITIVE = (int, float, complex, str, bytes, bool, type(None))
MAX_DEPTH = 8


def sort_key(s):
    return s.encode("utf-8")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    if os.environ.get("TF_USE_LEGACY_KERAS"):
        # Generate under Keras 3, like the default target; a fresh process
        # without the variable.
        env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import warnings
    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.WARNING)
    import tensorflow as tf

    api = os.path.join(os.path.dirname(os.path.abspath(tf.__file__)), "_api", "v2") + os.sep
    v1_dir = os.path.join(api, "compat", "v1") + os.sep
    v2_compat_dir = os.path.join(api, "compat", "v2") + os.sep

    def module_file(o):
        """The file of an API module, or None (not a module, a lazy loader
        that fails, not one of TensorFlow's generated API modules)."""
        try:
            if not isinstance(o, types.ModuleType):
                return None
            f = o.__file__
            return os.path.abspath(f) if isinstance(f, str) else None
        except BaseException:
            return None

    def is_module(o):
        try:
            return isinstance(o, types.ModuleType)
        except BaseException:
            return True

    def walk(root_path, root_obj, allow, skip=()):
        """{path: object} of the non-module public names under root_obj,
        through the API modules `allow(file)` accepts."""
        leaves = {}

        def visit(path, mod, chain, depth):
            try:
                names = sorted(set(n for n in dir(mod) if isinstance(n, str)), key=sort_key)
            except BaseException:
                return
            for n in names:
                if n.startswith("_"):
                    continue
                p = path + "." + n
                rel = p[len(root_path) + 1:]
                if rel in skip:
                    continue
                try:
                    o = getattr(mod, n)
                except BaseException:
                    continue
                if is_module(o):
                    f = module_file(o)
                    if f is None or not allow(f) or id(o) in chain or depth >= MAX_DEPTH:
                        continue
                    visit(p, o, chain | {id(o)}, depth + 1)
                else:
                    leaves[p] = o

        visit(root_path, root_obj, {id(root_obj)}, 0)
        return leaves

    v2 = walk("tensorflow", tf,
              lambda f: f.startswith(api) and not f.startswith(v1_dir) and not f.startswith(v2_compat_dir))
    v1 = walk("tensorflow.compat.v1", tf.compat.v1, lambda f: f.startswith(v1_dir), SKIP_V1)

    def unwrapped(o):
        """(id of the innermost function, signature) of a function, or None."""
        try:
            if isinstance(o, type) or not callable(o):
                return None
            return id(inspect.unwrap(o)), str(inspect.signature(o))
        except BaseException:
            return None

    by_id = {}
    by_value = {}
    by_inner = {}
    for p, o in v2.items():
        if isinstance(o, PRIMITIVE):
            by_value.setdefault((p.rsplit(".", 1)[1], type(o), o), []).append(p)
        else:
            by_id.setdefault(id(o), []).append(p)
            u = unwrapped(o)
            if u is not None:
                by_inner.setdefault(u, []).append(p)

    def pick(rel, cands):
        same_rel = "tensorflow." + rel
        if same_rel in cands:
            return same_rel
        return min(cands, key=lambda c: (c.count("."), len(c), sort_key(c)))

    rows = []
    for p in sorted(v1, key=sort_key):
        rel = p[len("tensorflow.compat.v1."):]
        o = v1[p]
        if isinstance(o, PRIMITIVE):
            try:
                cands = by_value.get((rel.rsplit(".", 1)[-1], type(o), o), [])
            except TypeError:
                cands = []
        else:
            cands = by_id.get(id(o), [])
            if not cands:
                u = unwrapped(o)
                cands = by_inner.get(u, []) if u is not None else []
        if cands:
            rows.append((rel, pick(rel, cands), "same"))
        elif ("tensorflow." + rel) in v2:
            rows.append((rel, "tensorflow." + rel, "differs"))

    n_same = sum(1 for r in rows if r[2] == "same")
    header = [
        "# plan_compat_v1.txt: generated by scripts/gen_plan_compat_v1.py from tensorflow-cpu %s" % tf.__version__,
        "# (Keras 3, TF_USE_LEGACY_KERAS unset); do not edit. Checked by scripts/check_plan.py.",
        "# The TF2 name of each public function, class or constant under tensorflow.compat.v1",
        "# (modules compat, keras, estimator, layers, nn.rnn_cell left out) that has one:",
        "# same = the very object is public under that TF2 name (or the same function under",
        "# another decorator, same signature); differs = the TF2 name at the",
        "# same relative path is another object (it behaves differently). Names without a TF2",
        "# counterpart are not listed. %d TF1 names walked, %d TF2 names." % (len(v1), len(v2)),
        "# format: <path under tensorflow.compat.v1>\\t<TF2 path>\\tsame|differs",
        "# %d names: %d same, %d differs." % (len(rows), n_same, len(rows) - n_same),
    ]
    text = "\n".join(header) + "\n" + "".join("%s\t%s\t%s\n" % r for r in rows)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    if out.endswith(".gz"):
        with open(out, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as g:
                g.write(text.encode("utf-8"))
    else:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    print("gen_plan_compat_v1: %d names (%d same, %d differs) of %d under tensorflow.compat.v1 -> %s"
          % (len(rows), n_same, len(rows) - n_same, len(v1), os.path.relpath(out, ROOT)))


if __name__ == "__main__":
    main()
