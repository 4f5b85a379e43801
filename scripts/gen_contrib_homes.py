#!/usr/bin/env python3
"""Generates and checks rules/target/contrib_homes.toml and
rules/target/estimator_homes.toml: where each `tf.contrib` and
`tf.estimator` module or symbol lives with TensorFlow 2.21.

    python3 scripts/gen_contrib_homes.py gen          # write both tables
    python3 scripts/gen_contrib_homes.py check        # verify them (exit 1 on failure)
    python3 scripts/gen_contrib_homes.py old tf.contrib.lookup   # TF 1.15's public names

Where the facts come from:
- the old side (what a `tf.contrib` module exported) is read from the
  tensorflow-cpu 1.15.0 wheel (the newest 1.15 tensorflow-cpu with a wheel on
  PyPI), downloaded once into $TFUP_CONTRIB_CACHE (default
  ~/.cache/tfup-contrib) and read as data with `ast`: TensorFlow 1.15 cannot
  run on today's Python, and nothing of it is copied. `tf.estimator` is read
  the same way from the tensorflow-estimator 1.15.2 wheel (its generated v1
  and v2 API modules, followed to where each name is defined: a class of
  constants gives values, a name bound to a core TensorFlow object gives that
  object's tf_export names). A module's public names
  are those `remove_undocumented` kept (the `@@name` lines of its docstring
  plus its allowed list), else its `__all__`, else every public name it binds
  (star imports followed);
- the homes come from public sources: TensorFlow's own tf_upgrade_v2 rename
  tables (rules/renames.toml, generated from the 2.21 reference, and
  rules/older.toml, from the 2.4 and 2.15 references), the list of TensorFlow
  Addons replacements in the reference's messages (rules/warnings.toml,
  `[addons]`), the contrib sunset RFC (tensorflow/community
  rfcs/20180907-contrib-sunset.md), the tf-slim package (google-research/tf-slim,
  TF-Slim moved out of tf.contrib) and tensorflow-probability (tensorflow/probability,
  where tf.contrib.distributions went), and the hand-written list CURATED below,
  each entry naming its source;
- `check` imports the real packages: TensorFlow 2.21, tf-keras and tf-slim
  from the apicheck venv (../shared/apicheck/setup.sh, or $TFUP_APICHECK_VENV),
  and tensorflow-probability 0.25.0, which the check installs into a copy of
  that venv ($TFUP_CONTRIB_CACHE/venv-tfp) so that the shared venv stays as it
  is. `needs = "tf-keras"` entries are resolved with TF_USE_LEGACY_KERAS=1.

Both `gen` and `check` ask the real packages (in child processes of the
venv copy); `gen` keeps a candidate home only if it resolves there.
"""
import argparse
import ast
import glob
import json
import os
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(ROOT, "rules", "target", "contrib_homes.toml")
CACHE = os.path.expanduser(os.environ.get("TFUP_CONTRIB_CACHE", "~/.cache/tfup-contrib"))
OLD_VERSION = "1.15.0"
EST_VERSION = "1.15.2"
EST_OUT = os.path.join(ROOT, "rules", "target", "estimator_homes.toml")
EST_API = "tensorflow_estimator.python.estimator.api.%s.estimator"
TFP = "tensorflow-probability==0.25.0"


# ---------------------------------------------------------------------------
# The old side: TensorFlow 1.15's tf.contrib, read from the wheel as data.

def old_sources():
    """{dotted module name: source text} of tensorflow_core/**.py in the wheel."""
    d = os.path.join(CACHE, "tf115")
    pat = os.path.join(d, "tensorflow_cpu-%s-*.whl" % OLD_VERSION)
    wheels = glob.glob(pat)
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                        "--no-deps", "--only-binary=:all:", "--python-version", "3.7",
                        "--platform", "manylinux2010_x86_64", "--implementation", "cp", "--abi", "cp37m",
                        "tensorflow-cpu==" + OLD_VERSION, "-d", d], check=True)
        wheels = glob.glob(pat)
    out = {}
    with zipfile.ZipFile(sorted(wheels)[0]) as z:
        for n in z.namelist():
            if n.startswith("tensorflow_core/") and n.endswith(".py"):
                mod = n[:-3].replace("/", ".").replace("tensorflow_core", "tensorflow", 1)
                if mod.endswith(".__init__"):
                    mod = mod[: -len(".__init__")]
                out[mod] = z.read(n).decode("utf-8", "replace")
    return out


def estimator_sources():
    """{dotted module name: source text} of tensorflow_estimator/**.py in the
    tensorflow-estimator wheel that went with TensorFlow 1.15."""
    d = os.path.join(CACHE, "est")
    pat = os.path.join(d, "tensorflow_estimator-%s-*.whl" % EST_VERSION)
    wheels = glob.glob(pat)
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                        "--no-deps", "--only-binary=:all:", "tensorflow-estimator==" + EST_VERSION, "-d", d],
                       check=True)
        wheels = glob.glob(pat)
    out = {}
    with zipfile.ZipFile(sorted(wheels)[0]) as z:
        for n in z.namelist():
            if n.startswith("tensorflow_estimator/") and n.endswith(".py"):
                mod = n[:-3].replace("/", ".")
                if mod.endswith(".__init__"):
                    mod = mod[: -len(".__init__")]
                out[mod] = z.read(n).decode("utf-8", "replace")
    return out


class Old:
    """Static view of TensorFlow 1.15's modules (and tensorflow-estimator's):
    what each binds and exports."""

    def __init__(self):
        self.src = old_sources()
        self.src.update(estimator_sources())
        self._trees = {}
        self._public = {}

    def tree(self, mod):
        if mod not in self._trees:
            self._trees[mod] = ast.parse(self.src[mod]) if mod in self.src else None
        return self._trees[mod]

    def bindings(self, mod):
        """{name: ("module", dotted) | ("from", dotted module, name) | ("local",)}, plus
        the list of star-imported modules."""
        t = self.tree(mod)
        b, stars = {}, []
        if t is None:
            return b, stars
        for node in t.body:
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == "__future__":
                    continue
                for a in node.names:
                    if a.name == "*":
                        stars.append(node.module)
                        continue
                    full = node.module + "." + a.name
                    if full in self.src and a.asname and a.asname != a.name:
                        b[a.asname] = ("stdlib", full)  # a module under another name: a helper
                    elif full in self.src:
                        b[a.asname or a.name] = ("module", full)
                    else:
                        b[a.asname or a.name] = ("from", node.module, a.name)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        b[a.asname] = ("module", a.name)
                    elif a.name.startswith("tensorflow"):
                        b[a.name.split(".")[0]] = ("module", a.name.split(".")[0])
                    else:
                        b[a.name.split(".")[0]] = ("stdlib", a.name)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                b[node.name] = ("local",)
            elif isinstance(node, ast.Assign):
                for tgt in node.targets:
                    if isinstance(tgt, ast.Name):
                        v = node.value
                        # name = LazyLoader("name", globals(), "tensorflow.x.y")
                        if (isinstance(v, ast.Call) and getattr(v.func, "id", getattr(v.func, "attr", "")) == "LazyLoader"
                                and len(v.args) >= 3 and isinstance(v.args[2], ast.Constant)):
                            b[tgt.id] = ("module", v.args[2].value)
                        else:
                            b[tgt.id] = ("local",)
        return b, stars

    def docstring_names(self, mod):
        t = self.tree(mod)
        doc = ast.get_docstring(t) if t is not None else None
        return set(re.findall(r"^\s*@@([A-Za-z_][A-Za-z0-9_]*)", doc or "", re.M))

    def _literal_list(self, t, name):
        """The strings a module-level list variable holds (assignments, +=, .extend)."""
        out = []
        for node in ast.walk(t):
            if isinstance(node, ast.Assign) and any(isinstance(x, ast.Name) and x.id == name for x in node.targets):
                out += self._strings(t, node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                out += self._strings(t, node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("extend", "append")
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == name and node.args):
                out += self._strings(t, node.args[0])
        return out

    def _strings(self, t, v):
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            return [v.value]
        if isinstance(v, (ast.List, ast.Tuple, ast.Set)):
            return [s for e in v.elts for s in self._strings(t, e)]
        if isinstance(v, ast.BinOp):
            return self._strings(t, v.left) + self._strings(t, v.right)
        if isinstance(v, ast.Name):
            return self._literal_list(t, v.id)
        return []

    def public(self, mod, _seen=None):
        """The public names of module `mod` in TensorFlow 1.15 (a sorted list)."""
        if mod in self._public:
            return self._public[mod]
        seen = _seen or set()
        if mod in seen:
            return []
        seen.add(mod)
        t = self.tree(mod)
        if t is None:
            return []
        names = None
        for node in ast.walk(t):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "remove_undocumented"
                    and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "__name__"):
                allowed = node.args[1] if len(node.args) > 1 else None
                for kw in node.keywords:
                    if kw.arg == "allowed_exception_list":
                        allowed = kw.value
                names = self.docstring_names(mod) | set(self._strings(t, allowed) if allowed is not None else [])
        if names is None:
            for node in t.body:
                if (isinstance(node, ast.Assign) and any(isinstance(x, ast.Name) and x.id == "__all__" for x in node.targets)
                        and not isinstance(node.value, ast.Call)):
                    names = set(self._literal_list(t, "__all__"))
        if names is None:
            b, stars = self.bindings(mod)
            def helper(v):  # modules it imports for its own use are not its API
                if v[0] == "stdlib" or (v[0] == "module" and not v[1].startswith("tensorflow.contrib")):
                    return True
                return v[0] == "from" and not v[1].startswith("tensorflow")
            names = {n for n, v in b.items() if not n.startswith("_") and not helper(v)}
            for s in stars:
                names |= set(self.public(s, seen))
        self._public[mod] = sorted(names)
        return self._public[mod]

    def definition(self, mod, name, _depth=0):
        """(module, ast node) where `mod.name` is defined (a def, class or
        assignment), following imports and star imports; None if unknown."""
        if _depth > 20 or self.tree(mod) is None:
            return None
        b, stars = self.bindings(mod)
        v = b.get(name)
        if v is None:
            for s in stars:
                d = self.definition(s, name, _depth + 1)
                if d:
                    return d
            return None
        if v[0] == "from":
            return self.definition(v[1], v[2], _depth + 1)
        if v[0] == "local":
            for node in self.tree(mod).body:
                if getattr(node, "name", None) == name:
                    return mod, node
                if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
                    return mod, node
        return None

    def exports(self, mod, node):
        """The tf_export names of a definition: (v2 names, v1 names)."""
        v2, v1 = [], None
        calls = list(getattr(node, "decorator_list", []))
        name = getattr(node, "name", None)
        for n in self.tree(mod).body:  # tf_export("a.b")(name) at module level
            if (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Call)
                    and n.value.args and getattr(n.value.args[0], "id", None) == name):
                calls.append(n.value.func)
        for d in calls:
            if isinstance(d, ast.Call) and getattr(d.func, "id", getattr(d.func, "attr", "")) in ("tf_export", "estimator_export"):
                if getattr(d.func, "id", getattr(d.func, "attr", "")) == "estimator_export":
                    continue
                v2 += self._strings(None, ast.List(elts=d.args))
                for kw in d.keywords:
                    if kw.arg == "v1":
                        v1 = self._strings(None, kw.value)
        return v2, (v2 if v1 is None else v1)

    def deprecation(self, node):
        """The instructions of a @deprecated(date, instructions) decorator, or
        a docstring that starts with "Deprecated"."""
        for d in getattr(node, "decorator_list", []):
            if isinstance(d, ast.Call) and getattr(d.func, "id", getattr(d.func, "attr", "")) == "deprecated":
                texts = [a.value for a in d.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                texts += [k.value.value for k in d.keywords if k.arg == "instructions" and isinstance(k.value, ast.Constant)]
                if texts:
                    return " ".join(texts[-1].split())
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            doc = ast.get_docstring(node) or ""
            if doc.startswith("Deprecated"):
                return " ".join(doc.split("\n\n")[0].split())
        return None

    @staticmethod
    def _code(node):
        """A def's body without its docstring, its parameters renamed by
        position: equal for two defs that run the same code."""
        names = {a.arg: "_p%d" % i for i, a in enumerate(node.args.posonlyargs + node.args.args + node.args.kwonlyargs)}
        body = node.body[1:] if ast.get_docstring(node) is not None else node.body

        class Rename(ast.NodeTransformer):
            def visit_Name(self, n):
                return ast.copy_location(ast.Name(id=names.get(n.id, n.id), ctx=n.ctx), n)
        return "".join(ast.dump(Rename().visit(ast.parse(ast.unparse(b)))) for b in body)

    def same_code(self, mod, node):
        """Core TensorFlow defs with the same name and the same code as the
        def `node` of `mod`, in a core module of the same last name:
        [(module, node)]."""
        if not isinstance(node, ast.FunctionDef):
            return []
        last = "." + mod.rsplit(".", 1)[-1]
        code = self._code(node)
        out = []
        for m in sorted(self.src):
            if m.startswith("tensorflow.python.") and m.endswith(last) and m != mod:
                d = self.definition(m, node.name)
                if d and isinstance(d[1], ast.FunctionDef) and self._code(d[1]) == code:
                    out.append(d)
        return out

    def constants(self, mod, name):
        """{attribute: value} of `mod.name` when it is a class that only holds
        constants (a docstring and literal assignments), else None."""
        d = self.definition(mod, name)
        if not d or not isinstance(d[1], ast.ClassDef):
            return None
        out = {}
        for i, n in enumerate(d[1].body):
            if i == 0 and isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant):
                continue
            if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)):
                return None
            try:
                out[n.targets[0].id] = ast.literal_eval(n.value)
            except ValueError:
                return None
        return out or None

    def estimator_api(self):
        """TensorFlow 1.15's `tf.estimator` (tensorflow-estimator's generated
        v1 and v2 API modules): ({`tf.estimator.…` symbol key: (module,
        name)}, [module keys]). Where v1 and v2 bind a name to different
        objects, v1's (TF 1 code's) is kept."""
        syms, mods = {}, []

        def walk(mod, key):
            if mod not in self.src:
                return
            if key not in mods:
                mods.append(key)
            b, _ = self.bindings(mod)
            for n, v in sorted(b.items()):
                if n.startswith("_"):
                    continue
                if v[0] == "module" and v[1].startswith(mod + "."):
                    walk(v[1], key + "." + n)
                elif v[0] == "from":
                    syms.setdefault(key + "." + n, (v[1], v[2]))
        for api in ("_v1", "_v2"):
            walk(EST_API % api, "tf.estimator")
        return syms, mods

    def params(self, node):
        """The parameter names of a def (or of a class's __init__), without self."""
        if isinstance(node, ast.ClassDef):
            init = [n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
            if not init:
                return None
            node = init[0]
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        a = node.args
        names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
        return [n for n in names if n not in ("self", "cls")]

    def class_value(self, mod, cls, attr):
        """The literal value of class attribute `cls.attr` defined in/under `mod`."""
        d = self.definition(mod, cls)
        if not d or not isinstance(d[1], ast.ClassDef):
            return None
        for n in d[1].body:
            if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == attr for t in n.targets):
                return ast.literal_eval(n.value)
        return None

    def resolve(self, path):
        """The module a `tf.`-spelled dotted path names in 1.15, or None."""
        parts = path.split(".")
        assert parts[0] == "tf"
        mod = "tensorflow"
        for p in parts[1:]:
            b, _ = self.bindings(mod)
            v = b.get(p)
            while v and v[0] == "from" and v[1] in self.src:  # `from pkg import mod` re-exported
                v = self.bindings(v[1])[0].get(v[2]) or (("module", v[1] + "." + v[2]) if v[1] + "." + v[2] in self.src else None)
            if v and v[0] in ("module", "stdlib") and v[1] in self.src:
                mod = v[1]
            elif mod + "." + p in self.src:
                mod = mod + "." + p
            else:
                return None
        return mod


# ---------------------------------------------------------------------------
# The new side: TensorFlow 2.21 (+ tf-keras, tf-slim, tensorflow-probability).

CHILD = r"""
import importlib, inspect, json, sys, warnings
warnings.simplefilter("ignore")
ROOTS = {"tf": "tensorflow", "tf_slim": "tf_slim", "tfp": "tensorflow_probability"}
def resolve(path):
    parts = path.split(".")
    name = ROOTS[parts[0]]
    obj = importlib.import_module(name)
    for p in parts[1:]:
        name += "." + p
        try:
            obj = getattr(obj, p)
        except Exception:
            try:
                obj = importlib.import_module(name)
            except Exception:
                return False, None
    return True, obj
out = {}
for path in json.load(sys.stdin):
    try:
        ok, obj = resolve(path)
    except Exception:
        ok, obj = False, None
    r = {"ok": ok}
    if ok and inspect.ismodule(obj):
        r["dir"] = sorted(n for n in dir(obj) if not n.startswith("_"))
    elif ok and callable(obj):
        try:
            f = obj.__init__ if inspect.isclass(obj) else obj
            ps = inspect.signature(inspect.unwrap(f)).parameters.values()
            if any(p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in ps):
                r["params"] = [p.name for p in ps if p.name not in ("self", "cls")
                               and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        except Exception:
            pass
    out[path] = r
json.dump(out, sys.stdout)
"""


def venv_python():
    """The python of the apicheck venv copy with tensorflow-probability added."""
    v = os.path.join(CACHE, "venv-tfp")
    py = os.path.join(v, "bin", "python")
    probe = "import tensorflow_probability, tf_slim, tf_keras"
    if subprocess.run([py, "-c", probe], capture_output=True).returncode != 0:
        base = os.environ.get("TFUP_APICHECK_VENV") or subprocess.run(
            [os.path.join(ROOT, "..", "shared", "apicheck", "setup.sh")],
            check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run(["rm", "-rf", v], check=True)
        subprocess.run(["cp", "-a", base, v], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", TFP], check=True)
    return py


def introspect(paths, legacy):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("TF_USE_LEGACY_KERAS", None)
    if legacy:
        env["TF_USE_LEGACY_KERAS"] = "1"
    r = subprocess.run([venv_python(), "-c", CHILD], input=json.dumps(sorted(paths)), env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("gen_contrib_homes.py: introspection failed:\n" + r.stderr[-3000:])
    return json.loads(r.stdout)


class New:
    """Answers from the real packages, in both Keras modes, asked in batches."""

    def __init__(self):
        self.plain, self.legacy = {}, {}

    def ask(self, paths):
        todo = sorted(set(p for p in paths if p and p not in self.plain))
        if todo:
            self.plain.update(introspect(todo, False))
            self.legacy.update(introspect(todo, True))

    def ok(self, path, legacy=False):
        return (self.legacy if legacy else self.plain).get(path, {}).get("ok", False)

    def info(self, path, legacy=False):
        return (self.legacy if legacy else self.plain).get(path, {})


# ---------------------------------------------------------------------------
# The table.

RFC = "contrib sunset RFC (tensorflow/community rfcs/20180907-contrib-sunset.md)"
SRC_RENAMES = "TF's rename tables (tf_upgrade_v2 2.21: renames_v2.py / all_renames_v2.py; rules/renames.toml)"
SRC_OLDER = "TF's rename tables of tf_upgrade_v2 2.4 / 2.15 (rules/older.toml)"
SRC_ADDONS = "tf_upgrade_v2's TensorFlow Addons list (rules/warnings.toml [addons])"
SRC_SLIM = "tf-slim 1.1.0 (google-research/tf-slim: TF-Slim moved out of tf.contrib), same name"
SRC_TFP = "tensorflow-probability 0.25.0 (RFC: contrib.distributions moved to tensorflow/probability), same name"
TFA_DEAD = "tensorflow-addons 0.23.0 had it; it does not import with TensorFlow 2.21 (keras.src.engine is gone)"
NEEDS = {"tf-slim": "tf-slim==1.1.0", "package": "tensorflow-probability==0.25.0"}
LEGACY_PREFIXES = ("tf.compat.v1.nn.rnn_cell", "tf.compat.v1.layers")  # rules/advice.toml: needs-tf-keras

# Hand-written entries: key -> (home, note, source) or, with no home,
# key -> ("", note, source, closest). Kind and needs follow from the home.
CURATED = {
    # lookup: the TF 1 tables kept their behaviour under new names.
    "tf.contrib.lookup.HashTable": ("tf.lookup.StaticHashTable", "in graph mode `tf.compat.v1.lookup.StaticHashTable` keeps the TF 1 initializer op (run `tf.compat.v1.tables_initializer()`)", "TF API: core lookup_ops.HashTable became tf.lookup.StaticHashTable in TF 1.15/2.0 (tf_export in tensorflow/python/ops/lookup_ops.py)"),
    "tf.contrib.lookup.MutableHashTable": ("tf.lookup.experimental.MutableHashTable", "", "TF API: tf_export(\"lookup.experimental.MutableHashTable\") in tensorflow/python/ops/lookup_ops.py"),
    "tf.contrib.lookup.MutableDenseHashTable": ("tf.lookup.experimental.DenseHashTable", "renamed; same arguments (TF 1.15's contrib name was an alias of this class)", "TF 1.15 source: contrib lookup_ops has MutableDenseHashTable = lookup_ops.DenseHashTable, tf_export(\"lookup.experimental.DenseHashTable\")"),
    "tf.contrib.lookup.index_table_from_tensor": ("", "build the table yourself", "TF 1.15 source (contrib.lookup took it from core lookup_ops, which TF 2 does not export)", "tf.lookup.StaticVocabularyTable"),
    "tf.contrib.lookup.index_table_from_file": ("", "`tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(path, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER), num_oov_buckets)`", "TF 1.15 source (core lookup_ops, not exported in TF 2)", "tf.lookup.StaticVocabularyTable"),
    "tf.contrib.lookup.index_to_string_table_from_tensor": ("", "`tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(ids, strings), default_value)`", "TF 1.15 source (core lookup_ops, not exported in TF 2)", "tf.lookup.StaticHashTable"),
    "tf.contrib.lookup.index_to_string_table_from_file": ("", "`tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(path, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE), default_value)`", "TF 1.15 source (core lookup_ops, not exported in TF 2)", "tf.lookup.StaticHashTable"),
    "tf.contrib.lookup.IdTableWithHashBuckets": ("", "a vocabulary table with out-of-vocabulary buckets", "TF 1.15 source (core lookup_ops, exported only to TF 1)", "tf.lookup.StaticVocabularyTable"),
    # learn.ModeKeys: plain strings.
    "tf.contrib.learn.ModeKeys.TRAIN": ("value", "tf.estimator.ModeKeys left with tf.estimator (TF 2.16)", "TF 1.15 source: tensorflow/contrib/learn/python/learn/estimators/model_fn.py"),
    "tf.contrib.learn.ModeKeys.EVAL": ("value", "", "TF 1.15 source: tensorflow/contrib/learn/python/learn/estimators/model_fn.py"),
    "tf.contrib.learn.ModeKeys.INFER": ("value", "tf.estimator.ModeKeys.PREDICT was \"infer\" too", "TF 1.15 source: tensorflow/contrib/learn/python/learn/estimators/model_fn.py"),
    "tf.contrib.learn.ModeKeys": ("", "its three keys are plain strings: use the values (the ModeKeys.TRAIN/EVAL/INFER entries)", RFC + ": learn deleted", ""),
    "tf.contrib.learn": ("", "replaced by tf.estimator, itself gone since TF 2.16", RFC + ": delete (replaced by tensorflow/estimator)", "tf.keras"),
    # training
    "tf.contrib.training.bucket_by_sequence_length": ("tf.data.experimental.bucket_by_sequence_length", "a tf.data transformation: `dataset.apply(tf.data.experimental.bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes))` (or `dataset.bucket_by_sequence_length(...)`) instead of the queue-based (input_length, tensors, batch_size, bucket_boundaries) call", "TF's rename tables name tf.data's version for contrib.data's; TF API: tf.data.experimental.bucket_by_sequence_length"),
    "tf.contrib.training.HParams": ("", "a plain dict or dataclass; the keras-tuner / tensorboard hparams APIs are different", RFC, ""),
    # tfprof
    "tf.contrib.tfprof": ("", "module: tfprof_logger/model_analyzer moved to tf.compat.v1.profiler", "TF 1.15 deprecation notices in tensorflow/contrib/tfprof (\"Use `tf.profiler...`\")", "tf.compat.v1.profiler"),
    "tf.contrib.tfprof.model_analyzer": ("", "not every name moved: print_model_analysis -> tf.compat.v1.profiler.profile; Profiler and advise are in tf.compat.v1.profiler; ProfileContext and the *_OPTIONS constants are gone (tf.compat.v1.profiler.ProfileOptionBuilder builds the options)", "TF 1.15 source: tensorflow/contrib/tfprof/model_analyzer.py wraps tensorflow.python.profiler (tf.profiler)", "tf.compat.v1.profiler"),
    "tf.contrib.tfprof.ProfileContext": ("", "TF 2.21 does not export ProfileContext; the TF 2 profiler is a different API", "TF 1.15 source: tensorflow/python/profiler/profile_context.py (not exported to TF 2)", "tf.profiler.experimental.Profile"),
    "tf.contrib.tfprof.tfprof_logger": ("", "", "TF 1.15 deprecation notice: \"Use `tf.profiler.write_op_log. go/tfprof`\"", "tf.compat.v1.profiler.write_op_log"),
    # distributions
    "tf.contrib.distributions.bijectors": ("tfp.bijectors", "", "tensorflow-probability docs: tfp.bijectors (RFC: contrib.distributions moved to tensorflow/probability)"),
    # cudnn_rnn
    "tf.contrib.cudnn_rnn.CudnnLSTM": ("", "Keras picks the cuDNN kernel itself with the default arguments; weights are not compatible", RFC + ": cudnn_rnn delete (available in tf.keras.layers)", "tf.keras.layers.LSTM"),
    "tf.contrib.cudnn_rnn.CudnnGRU": ("", "Keras picks the cuDNN kernel itself (reset_after=True, the default)", RFC + ": cudnn_rnn delete (available in tf.keras.layers)", "tf.keras.layers.GRU"),
    "tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell": ("", "", RFC + ": cudnn_rnn delete", "tf.keras.layers.LSTMCell"),
    "tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell": ("", "", RFC + ": cudnn_rnn delete", "tf.keras.layers.GRUCell"),
    # predictor
    "tf.contrib.predictor.from_saved_model": ("", "`tf.saved_model.load(export_dir).signatures[\"serving_default\"]`", RFC + ": predictor delete (replaced by tfhub)", "tf.saved_model.load"),
    # util
    "tf.contrib.util.constant_value": ("tf.get_static_value", "renamed; the `partial` argument is kept", "TF 1.15 source: tensor_util.constant_value is tf_export(\"get_static_value\")"),
    # eager
    "tf.contrib.eager.defun": ("tf.function", "", RFC + ": eager moved to core; TF 1.15 source: defun is function.defun, which TF 2 exposes as tf.function"),
    "tf.contrib.eager.py_func": ("tf.py_function", "", "TF 1.15 source: tfe.py_func is script_ops.eager_py_func = tf_export(\"py_function\")"),
    "tf.contrib.eager.Network": ("", "", RFC + ": eager moved to core; Network was deprecated for tf.keras.Model", "tf.keras.Model"),
    "tf.contrib.eager.Iterator": ("", "iterate over the dataset directly", "TF 1.15 source: tensorflow/contrib/eager/python/datasets.py (deprecated for Python iteration)", "tf.data.Dataset"),
    # framework
    "tf.contrib.framework.get_name_scope": ("tf.compat.v1.get_default_graph", "`tf.compat.v1.get_default_graph().get_name_scope()`", "TF 1.15 source: contrib variables.get_name_scope returns ops.get_default_graph().get_name_scope()"),
    "tf.contrib.framework.sort": ("tf.sort", "", "TF 1.15 source: contrib.framework sort is sort_ops.sort = tf_export(\"sort\")"),
    "tf.contrib.framework.argsort": ("tf.argsort", "", "TF 1.15 source: contrib.framework argsort is sort_ops.argsort = tf_export(\"argsort\")"),
    # summary: module-level and per-symbol come from the rename tables.
    # slim's data modules: tf_slim keeps them under tf_slim.data
    **{"tf.contrib.slim." + m: ("tf_slim.data." + m, "", SRC_SLIM.replace("same name", "same module under tf_slim.data"))
       for m in ("data_decoder", "data_provider", "dataset", "dataset_data_provider", "parallel_reader",
                 "prefetch_queue", "tfexample_decoder")},
    "tf.contrib.slim.metrics": ("", "tf.contrib.metrics under another name: tf_slim.metrics has the streaming metrics but not confusion_matrix and the set_* ops", SRC_SLIM, "tf_slim.metrics"),
    # quantize
    "tf.contrib.quantize": ("", "quantization-aware training moved to the tensorflow-model-optimization package (a Keras API, not a graph rewrite)", RFC + ": quantize (fate open); TF 2 has no graph rewriter", ""),
}
CURATED_VALUES = {"tf.contrib.learn.ModeKeys.TRAIN", "tf.contrib.learn.ModeKeys.EVAL", "tf.contrib.learn.ModeKeys.INFER"}

# Old modules listed symbol by symbol (or as one entry when every public
# symbol is in the home): (home module or "", candidate modules for a
# same-name match, source of the same-name match, closest replacement).
FAMILIES = {
    "tf.contrib.rnn": ("", ["tf.compat.v1.nn.rnn_cell", "tf.compat.v1.nn"], "TF 1.15 source: contrib.rnn re-exports core rnn_cell_impl / rnn (tf_export v1 nn.rnn_cell.*, nn.*)", "tf.keras.layers.RNN"),
    "tf.contrib.lookup": ("tf.lookup", ["tf.lookup", "tf.lookup.experimental"], "TF 1.15 source: contrib.lookup re-exports core lookup_ops (tf_export lookup.*)", "tf.lookup"),
    "tf.contrib.framework": ("", ["tf_slim", "tf_slim.ops.arg_scope", "tf_slim.ops.variables"], SRC_SLIM, ""),
    "tf.contrib.framework.nest": ("tf.nest", ["tf.nest"], "TF 1.15 source: contrib.framework.nest is tensorflow.python.util.nest (tf_export nest.*)", "tf.nest"),
    "tf.contrib.framework.python.ops": ("", ["tf_slim.ops", "tf_slim"], SRC_SLIM, ""),
    "tf.contrib.framework.python.ops.arg_scope": ("tf_slim.ops.arg_scope", ["tf_slim.ops.arg_scope"], SRC_SLIM, ""),
    "tf.contrib.framework.python.ops.variables": ("tf_slim.ops.variables", ["tf_slim.ops.variables"], SRC_SLIM, ""),
    "tf.contrib.slim": ("tf_slim", ["tf_slim"], SRC_SLIM, "tf_slim"),
    "tf.contrib.slim.python.slim.data": ("tf_slim.data", ["tf_slim.data"], SRC_SLIM, "tf_slim.data"),
    "tf.contrib.slim.python.slim.data.tfexample_decoder": ("tf_slim.data.tfexample_decoder", ["tf_slim.data.tfexample_decoder"], SRC_SLIM, ""),
    "tf.contrib.slim.python.slim.data.dataset": ("tf_slim.data.dataset", ["tf_slim.data.dataset"], SRC_SLIM, ""),
    "tf.contrib.slim.python.slim.data.dataset_data_provider": ("tf_slim.data.dataset_data_provider", ["tf_slim.data.dataset_data_provider"], SRC_SLIM, ""),
    "tf.contrib.slim.python.slim.data.parallel_reader": ("tf_slim.data.parallel_reader", ["tf_slim.data.parallel_reader"], SRC_SLIM, ""),
    "tf.contrib.slim.python.slim.data.prefetch_queue": ("tf_slim.data.prefetch_queue", ["tf_slim.data.prefetch_queue"], SRC_SLIM, ""),
    "tf.contrib.slim.python.slim.learning": ("tf_slim.learning", ["tf_slim.learning"], SRC_SLIM, ""),
    "tf.contrib.layers": ("", ["tf_slim.layers", "tf_slim"], SRC_SLIM, "tf.keras.layers"),
    "tf.contrib.layers.python.layers": ("", ["tf_slim.layers"], SRC_SLIM, ""),
    "tf.contrib.layers.python.layers.layers": ("tf_slim.layers.layers", ["tf_slim.layers.layers"], SRC_SLIM, ""),
    "tf.contrib.layers.python.layers.initializers": ("tf_slim.layers.initializers", ["tf_slim.layers.initializers"], SRC_SLIM, ""),
    "tf.contrib.layers.python.layers.regularizers": ("tf_slim.layers.regularizers", ["tf_slim.layers.regularizers"], SRC_SLIM, ""),
    "tf.contrib.training": ("", ["tf_slim.training", "tf_slim"], SRC_SLIM, ""),
    "tf.contrib.learn.ModeKeys": None,
    "tf.contrib.cudnn_rnn": ("", [], "", "tf.keras.layers"),
    "tf.contrib.data": ("", ["tf.data.experimental", "tf.data"], "TF 1.15 source: contrib.data's deprecation notices point to tf.data.experimental, same name", "tf.data.experimental"),
    "tf.contrib.metrics": ("", ["tf.compat.v1.metrics"], "TF 1.15 source: contrib.metrics re-exports core metrics_ops (tf_export v1 metrics.*)", "tf.keras.metrics"),
    "tf.contrib.tpu": ("", ["tf.compat.v1.tpu", "tf.tpu", "tf.tpu.experimental"], "TF 1.15 source: contrib.tpu re-exports tensorflow.python.tpu (tf_export tpu.*)", "tf.distribute.TPUStrategy"),
    "tf.contrib.distributions": ("", ["tfp.distributions", "tfp.math", "tfp.stats"], SRC_TFP, "tfp.distributions"),
    "tf.contrib.seq2seq": ("", [], "", "tfa.seq2seq (" + TFA_DEAD + ")"),
    "tf.contrib.image": ("", ["tf.image"], "TF 1.15 source / TF API: same name in tf.image", "tfa.image (" + TFA_DEAD + ")"),
    "tf.contrib.opt": ("", [], "", "tf.keras.optimizers"),
    "tf.contrib.summary": ("", ["tf.compat.v2.summary", "tf.summary"], "TF's rename tables: tf.contrib.summary.* -> tf.compat.v2.summary.*", "tf.summary"),
    "tf.contrib.checkpoint": ("", ["tf.train", "tf.train.experimental", "tf.experimental"], "TF 1.15 source: contrib.checkpoint re-exports tensorflow.python.training.tracking (tf_export train.*)", "tf.train.Checkpoint"),
    "tf.contrib.eager": ("", ["tf", "tf.compat.v1", "tf.config.experimental"], "TF 1.15 source: tfe re-exports core eager symbols (same name in tf / tf.compat.v1)", "tf.function"),
    "tf.contrib.quantize": ("", [], "", "tensorflow-model-optimization (tfmot.quantization.keras)"),
    "tf.contrib.predictor": ("", [], "", "tf.saved_model.load"),
    "tf.contrib.util": ("", ["tf", "tf.compat.v1"], "TF 1.15 source: contrib.util re-exports tensor_util / meta_graph (tf_export)", ""),
    "tf.contrib.signal": ("tf.signal", ["tf.signal"], RFC + ": signal moved to core (tf.signal)", "tf.signal"),
    "tf.contrib.cluster_resolver": ("", ["tf.distribute.cluster_resolver"], RFC + ": cluster_resolver moved to core (tf.distribute.cluster_resolver)", "tf.distribute.cluster_resolver"),
    "tf.contrib.losses": ("", ["tf.compat.v1.losses"], "TF 1.15 deprecation notices: \"Use tf.losses...\" (tf.compat.v1.losses in TF 2)", "tf.keras.losses"),
    "tf.contrib.stateless": ("", ["tf.random"], RFC + "; TF API: the stateless random ops are tf.random.stateless_*", "tf.random"),
}

# The rest of TF 1.15's contrib: one entry per module, no home.
OTHER = {
    "all_reduce": "delete (replaced by DistributionStrategy)", "batching": "delete", "bayesflow": "delete (moved to tensorflow/probability)",
    "bigtable": "move to tf.data (not in TF 2.21)", "boosted_trees": "delete (moved to core, since removed with tf.estimator)",
    "cloud": "merge with bigtable", "compiler": "move to core", "constrained_optimization": "move to separate repo",
    "copy_graph": "delete (no owner)", "crf": "merge into tensorflow/probability? (it went to tensorflow-addons)",
    "decision_trees": "delete", "deprecated": "delete (deprecated)", "distribute": "move to core", "estimator": "move to tensorflow/estimator (gone since TF 2.16)",
    "factorization": "delete", "feature_column": "move to core (experimental)", "ffmpeg": "delete", "fused_conv": "delete",
    "graph_editor": "delete", "grid_rnn": "delete", "hadoop": "move to tensorflow/io?", "hooks": "delete (already in core)",
    "input_pipeline": "delete", "integrate": "delete?", "kafka": "move to tensorflow/io?", "keras": "delete (moved to tf.keras)",
    "kernel_methods": "move to tensorflow/estimator?", "kinesis": "move to tensorflow/io?", "labeled_tensor": "delete",
    "legacy_seq2seq": "delete (replaced by seq2seq)", "libsvm": "delete (no owner)", "linear_optimizer": "move to tensorflow/estimator",
    "memory_stats": "delete", "meta_graph_transform": "delete", "mixed_precision": "delete", "model_pruning": "move to core",
    "nearest_neighbor": "delete", "nn": "partial move", "optimizer_v2": "merge to core", "periodic_resample": "delete (no owner)",
    "proto": "move to core", "quantization": "delete (absorbed into tflite)", "rate": "", "receptive_field": "", "recurrent": "replaced with new RNN API?",
    "reduce_slice_ops": "delete (no owner)", "remote_fused_graph": "", "resampler": "move to tensorflow/scientific?", "rpc": "",
    "saved_model": "move to core", "session_bundle": "delete (replaced by SavedModel)", "solvers": "move to tensorflow/scientific",
    "autograph": "move to core", "gan": "move to separate repo",
}
OTHER_CLOSEST = {
    "keras": "tf.keras", "distribute": "tf.distribute", "autograph": "tf.autograph", "compiler": "tf.xla.experimental",
    "proto": "tf.io.decode_proto", "saved_model": "tf.saved_model", "bayesflow": "tfp", "integrate": "tfp.math.ode",
    "feature_column": "tf.keras.layers", "session_bundle": "tf.saved_model.load", "legacy_seq2seq": "tfa.seq2seq (" + TFA_DEAD + ")",
    "crf": "tfa.text.crf_log_likelihood (" + TFA_DEAD + ")", "mixed_precision": "tf.keras.mixed_precision",
    "optimizer_v2": "tf.keras.optimizers", "hooks": "tf.compat.v1.train", "estimator": "tf.keras",
    "all_reduce": "tf.distribute", "nn": "tf.nn", "resampler": "tfa.image.resampler (" + TFA_DEAD + ")",
}


# tf.estimator (gone since TF 2.16): the closest replacement of what has no
# home, by the longest key that starts the path (our judgement; dotted paths
# are checked against TensorFlow 2.21). Everything else: tf.keras.
EST_CLOSEST = {
    "tf.estimator": "tf.keras.Model",
    "tf.estimator.train_and_evaluate": "tf.keras.Model.fit",
    "tf.estimator.TrainSpec": "tf.keras.Model.fit",
    "tf.estimator.EvalSpec": "tf.keras.Model.evaluate",
    "tf.estimator.RunConfig": "tf.distribute",
    "tf.estimator.export": "tf.saved_model",
    "tf.estimator.Exporter": "tf.saved_model",
    "tf.estimator.inputs": "tf.data.Dataset",
    "tf.estimator.tpu": "tf.distribute.TPUStrategy",
    "tf.estimator.ModeKeys": "",
    "tf.estimator.tpu.InputPipelineConfig": "",
}
SRC_EST = "tensorflow-estimator %s source (the tf.estimator of TF 1.15)" % EST_VERSION


def est_closest(key):
    k = max((c for c in EST_CLOSEST if key == c or key.startswith(c + ".")), key=len, default=None)
    return EST_CLOSEST[k] if k else "tf.keras"


def read_toml(path):
    try:
        import tomllib
    except ImportError:
        import tomli as tomllib
    with open(path, "rb") as f:
        return tomllib.load(f)


def kind_of(home):
    if home.startswith("tf.compat.v1."):
        return "compat-v1"
    if home.startswith("tf_slim"):
        return "tf-slim"
    if home.startswith("tfp"):
        return "package"
    return "core"


def is_path(s):
    return bool(re.fullmatch(r"(tf|tf_slim|tfp)(\.[A-Za-z_][A-Za-z0-9_]*)*", s or ""))


def param_note(old_params, new_params):
    """Our description of how the home's parameters differ, from both signatures."""
    if old_params is None or new_params is None or old_params == new_params:
        return ""
    gone = [p for p in old_params if p not in new_params]
    common_old = [p for p in old_params if p in new_params]
    common_new = [p for p in new_params if p in old_params]
    bits = []
    if common_old != common_new:
        bits.append("parameter order differs (old: %s; new: %s): pass them by keyword" % (", ".join(old_params), ", ".join(new_params)))
    if gone:
        bits.append("no %s parameter%s" % (", ".join("`%s`" % g for g in gone), "s" if len(gone) > 1 else ""))
    return "; ".join(bits)


class Builder:
    def __init__(self):
        self.old = Old()
        self.new = New()
        self.entries = {}

    def home_needs(self, home):
        """(resolves, needs) for a candidate home."""
        plain, legacy = self.new.ok(home), self.new.ok(home, True)
        k = kind_of(home)
        if home.startswith(LEGACY_PREFIXES):
            return legacy, "tf-keras"
        if plain:
            return True, NEEDS.get(k, "")
        if legacy:
            return True, "tf-keras"
        return False, ""

    def add(self, key, home, note, source, closest="", kind=None, value=None, old=None):
        if key in self.entries:
            return
        e = {"home": home, "kind": kind or (kind_of(home) if home else "none")}
        if home and e["kind"] != "value":
            e["needs"] = self.home_needs(home)[1]
        else:
            e["needs"] = ""
        if value is not None:
            e["value"] = value
        if home and e["kind"] != "value" and old is not None:
            d = self.old.definition(*old) if old else None
            if d:
                pn = param_note(self.old.params(d[1]), self.new.info(home, e["needs"] == "tf-keras").get("params"))
                if pn:
                    note = (note + "; " if note else "") + pn
        if note:
            e["note"] = note
        if not home:
            e["closest"] = closest
        e["source"] = source
        self.entries[key] = e

    def covers(self, key, home):
        """A home that is a module stands for the whole old module: only if it
        has every public name of it."""
        mod = self.old.resolve(key)
        legacy = self.home_needs(home)[1] == "tf-keras"
        info = self.new.info(home, legacy)
        if mod is None or "dir" not in info:
            return True
        return all(n in info["dir"] for n in self.old.public(mod))

    def old_of(self, key):
        """(old module, name) of a tf.contrib symbol key."""
        parent, name = key.rsplit(".", 1)
        mod = self.old.resolve(parent)
        return (mod, name) if mod else None

    def build(self):
        renames = {}
        for f, src in (("renames.toml", SRC_RENAMES), ("older.toml", SRC_OLDER)):
            for k, v in read_toml(os.path.join(ROOT, "rules", f)).get("renames", {}).items():
                if k.startswith("tf.contrib.") and k not in renames:
                    renames[k] = (v, src)
        addons = {k: v for k, v in read_toml(os.path.join(ROOT, "rules", "warnings.toml")).get("addons", {}).items()
                  if k.startswith("tf.contrib.")}
        # Every symbol of every family, with the old facts about it.
        fam_syms = {}
        for fam in FAMILIES:
            mod = self.old.resolve(fam)
            if mod is None:
                continue
            fam_syms[fam] = (mod, self.old.public(mod))
        # Candidates for each symbol, asked of the real packages in one batch.
        cands = {}

        def tf_spelled(s):
            s = s.strip("`.( ")
            s = re.sub(r"\(.*$", "", s).rstrip(".")
            return s

        for key, (v, src) in renames.items():
            alts = [v]
            if v.startswith("tf.compat.v2."):
                alts = ["tf." + v[len("tf.compat.v2."):], v]
            if v.startswith("tf.") and not v.startswith("tf.compat."):
                alts.append("tf.compat.v1." + v[3:])
            cands.setdefault(key, []).extend((a, "", src) for a in alts)
        for fam, (mod, names) in fam_syms.items():
            _, where, src, _ = FAMILIES[fam] or ("", [], "", "")
            for n in names:
                key = fam + "." + n
                c = cands.setdefault(key, [])
                d = self.old.definition(mod, n)
                if d:
                    v2, v1 = self.old.exports(*d)
                    for x in v2:
                        c.append(("tf." + x, "", "TF 1.15 source: %s.%s is tf_export(\"%s\")" % (d[0], getattr(d[1], "name", n), x)))
                    for x in v1:
                        c.append(("tf.compat.v1." + x, "", "TF 1.15 source: %s.%s is tf_export(v1=[\"%s\"])" % (d[0], getattr(d[1], "name", n), x)))
                    for m, node in self.old.same_code(*d):
                        v2s, v1s = self.old.exports(m, node)
                        why = "TF 1.15 source: %s.%s has the code of %s.%s" % (d[0], n, m, node.name)
                        c += [("tf." + x, "", why + ", tf_export(\"%s\")" % x) for x in v2s]
                        c += [("tf.compat.v1." + x, "", why + ", tf_export(v1=[\"%s\"])" % x) for x in v1s]
                    dep = self.old.deprecation(d[1])
                    if dep:
                        for m in re.findall(r"tf\.[A-Za-z0-9_.]+", dep):
                            m = tf_spelled(m)
                            src_d = "TF 1.15 deprecation notice (%s): \"%s\"" % (d[0], dep)
                            c.append((m, "", src_d))
                            if not m.startswith("tf.compat."):
                                c.append(("tf.compat.v1." + m[3:], "", src_d))
                for w in where:
                    c.append((w + "." + n, "", src))
        ask = [h for cs in cands.values() for h, _, _ in cs]
        ask += [f[0] for f in FAMILIES.values() if f and f[0]]
        ask += [v[0] for v in CURATED.values() if is_path(v[0])]
        ask += [v[3] for v in CURATED.values() if len(v) > 3 and is_path(v[3])]
        self.new.ask(ask)

        # 1. hand-written entries
        for key, v in CURATED.items():
            if key in CURATED_VALUES:
                parent, attr = key.rsplit(".", 1)
                pmod = self.old.resolve(parent.rsplit(".", 1)[0])
                val = self.old.class_value(pmod, parent.rsplit(".", 1)[1], attr)
                self.add(key, repr(val), v[1], v[2], kind="value", value=val)
            elif v[0]:
                self.add(key, v[0], v[1], v[2], old=self.old_of(key))
            else:
                self.add(key, "", v[1], v[2], closest=v[3])
        # 2. module-level entries: every public symbol in the home under its name
        covered = set()
        for fam, (mod, names) in fam_syms.items():
            home = FAMILIES[fam][0] if FAMILIES[fam] else ""
            if not home or fam in self.entries:
                continue
            ok, needs = self.home_needs(home)
            d = set(self.new.info(home, needs == "tf-keras").get("dir", []))
            missing = [n for n in names if n not in d]
            if os.environ.get("TFUP_CONTRIB_DEBUG"):
                print("%s -> %s: %d of %d missing %s" % (fam, home, len(missing), len(names), missing[:8]), file=sys.stderr)
            if ok and not missing:
                self.add(fam, home, "every public symbol of TF 1.15's %s is in %s under the same name" % (fam, home), FAMILIES[fam][2])
                covered.add(fam)
        # 3. symbol by symbol
        for key in sorted(cands):
            if key in self.entries or any(key.startswith(c + ".") for c in covered):
                continue
            for h, note, src in cands[key]:
                if self.home_needs(h)[0] and self.covers(key, h):
                    self.add(key, h, note, src, old=self.old_of(key))
                    break
        for key, v in sorted(addons.items()):
            self.add(key, "", "", SRC_ADDONS, closest="%s (%s)" % (v, TFA_DEAD))
        for key, (v, src) in sorted(renames.items()):
            fam = max((f for f in FAMILIES if key.startswith(f + ".") and FAMILIES[f]), key=len, default=None)
            self.add(key, "", "TF's rename tables name %s, which TensorFlow 2.21 does not have" % v, src,
                     closest=FAMILIES[fam][3] if fam else "")
        for fam, (mod, names) in sorted(fam_syms.items()):
            if fam in covered:
                continue
            closest = FAMILIES[fam][3] if FAMILIES[fam] else ""
            for n in names:
                self.add(fam + "." + n, "", "", "TF 1.15 source: public in %s; no same-named or renamed home found" % fam, closest=closest)
        for m, fate in sorted(OTHER.items()):
            self.add("tf.contrib." + m, "", "", RFC + (": " + fate if fate else ": fate not decided; not in TF 2"), closest=OTHER_CLOSEST.get(m, ""))
        self.build_estimator()
        return self.entries

    def build_estimator(self):
        """tf.estimator's names: a class of constants as its values; a name
        bound to a core TensorFlow object as that object's TF 2.21 name
        (its tf_export names in TF 1.15); the rest, no home."""
        syms, mods = self.old.estimator_api()
        cands = {}
        for key, (m, n) in syms.items():
            d = self.old.definition(m, n)
            if d and d[0].startswith("tensorflow.") and self.old.constants(m, n) is None:
                v2, v1 = self.old.exports(*d)
                why = "%s: %s binds %s to TF 1.15's %s.%s" % (SRC_EST, m, n, d[0], getattr(d[1], "name", n))
                cands[key] = [("tf." + x, why + ", tf_export(\"%s\")" % x) for x in v2]
                cands[key] += [("tf.compat.v1." + x, why + ", tf_export(v1=[\"%s\"])" % x) for x in v1]
        self.new.ask([h for cs in cands.values() for h, _ in cs] + [c for c in EST_CLOSEST.values() if is_path(c)])
        for key in sorted(syms):
            m, n = syms[key]
            consts = self.old.constants(m, n)
            if consts:
                d = self.old.definition(m, n)
                src = "%s: %s binds %s to %s.%s, a class of constants" % (SRC_EST, m, n, d[0], d[1].name)
                for attr, val in sorted(consts.items()):
                    self.add(key + "." + attr, repr(val), "", src, kind="value", value=val)
                self.add(key, "", "a class of constants: use its values (the entries under it)", src, closest=est_closest(key))
                continue
            for h, src in cands.get(key, []):
                if self.home_needs(h)[0]:
                    self.add(key, h, "the same object", src)
                    break
            self.add(key, "", "", "%s: public in %s; defined by tensorflow-estimator, or a TF 1.15 object TensorFlow 2.21 lacks" % (SRC_EST, key.rsplit(".", 1)[0]),
                     closest=est_closest(key))
        for key in mods:
            self.add(key, "", "module", SRC_EST + ": a module of tf.estimator, gone since TF 2.16", closest=est_closest(key))


def q(s):
    return json.dumps(s, ensure_ascii=False)


HEADER = """\
# Where %s lives with TensorFlow 2.21.
# Generated by scripts/gen_contrib_homes.py gen (TF 1.15's public names from
# the %s wheel, homes from public sources, checked against the
# real packages). Do not edit by hand: change the script's lists and rerun.
# Check: python3 scripts/gen_contrib_homes.py check
#
# One table per entry, keyed by the old dotted path, `tf.` spelling the
# `tensorflow` package (so `from tensorflow.contrib.framework.python.ops
# import add_arg_scope` is the key tf.contrib.framework.python.ops.add_arg_scope;
# `tf.compat.v1.estimator.X` and `tf.compat.v2.estimator.X` are read as
# `tf.estimator.X`).
# A key that is a module (`[homes."tf.contrib.lookup"]`) stands for every
# attribute under it: it is a module-level entry only when every public
# symbol TF 1.15's module had exists in the home under the same name;
# otherwise the module's symbols are listed one by one.
#   home    = the dotted path with TensorFlow 2.21 (`tf.`, `tf_slim.`, `tfp.`
#             spelled: tfp is tensorflow_probability); for kind "value" the
#             Python literal; "" when there is none
#   kind    = core (tf.X) | compat-v1 (tf.compat.v1.X) | tf-slim | package
#             (tensorflow-probability) | value (a constant of the old API,
#             inline `value`) | none (no home)
#   needs   = what to pip install besides tensorflow==2.21 (a pinned package
#             known to import with it) or "tf-keras" (resolves only with
#             tf-keras and TF_USE_LEGACY_KERAS=1); "" for nothing
#   value   = kind "value" only: the constant (read from TF 1.15's source, or
#             tensorflow-estimator's)
#   note    = optional: argument differences and how to call the home
#   closest = kind "none" only: the closest replacement (a dotted path when it
#             resolves in TensorFlow 2.21, else words), "" if none
#   source  = the public source that states the home
#
# Entries: %s
"""


def cmd_gen(args):
    b = Builder()
    everything = b.build()
    for out, prefix, title, wheels in (
            (args.out, "tf.contrib", "tf.contrib", "tensorflow-cpu %s" % OLD_VERSION),
            (args.estimator_out, "tf.estimator", "tf.estimator",
             "tensorflow-estimator %s and tensorflow-cpu %s" % (EST_VERSION, OLD_VERSION))):
        entries = {k: e for k, e in everything.items() if k == prefix or k.startswith(prefix + ".")}
        counts = {}
        for e in entries.values():
            counts[e["kind"]] = counts.get(e["kind"], 0) + 1
        summary = "%d (%s)" % (len(entries), ", ".join("%s %d" % (k, counts[k]) for k in sorted(counts)))
        lines = [HEADER % (title, wheels, summary)]
        for key in sorted(entries):
            e = entries[key]
            lines.append("[homes.%s]" % q(key))
            for f in ("home", "kind", "needs", "value", "note", "closest", "source"):
                if f in e:
                    lines.append("%s = %s" % (f, q(e[f]) if isinstance(e[f], str) else json.dumps(e[f])))
            lines.append("")
        with open(out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print("wrote %s: %s" % (os.path.relpath(out, ROOT), summary))


def cmd_check(args):
    """Every home resolves in TensorFlow 2.21 (with what `needs` says), every
    module-level entry covers its old module's public symbols, every value is
    TF 1.15's, every dotted `closest` resolves."""
    table = {}
    for path in args.tables:
        table.update(read_toml(path).get("homes", {}))
    old, new = Old(), New()
    est_syms, _ = old.estimator_api()
    ask = []
    for key, e in table.items():
        if e.get("home") and e.get("kind") != "value":
            ask.append(e["home"])
        if is_path(e.get("closest", "")):
            ask.append(e["closest"])
    new.ask(ask)
    fails, resolved = [], 0
    kinds = ("core", "compat-v1", "tf-slim", "package", "value", "none")
    for key in sorted(table):
        e = table[key]
        home, kind, needs = e.get("home"), e.get("kind"), e.get("needs")

        def fail(msg):
            fails.append("%s: %s" % (key, msg))
        if not key.startswith(("tf.contrib", "tf.estimator")) or kind not in kinds or home is None or needs is None or not e.get("source"):
            fail("malformed entry (key, kind, home, needs, source)")
            continue
        if kind == "none":
            if home or "closest" not in e:
                fail("kind none needs home = \"\" and closest")
            elif is_path(e["closest"]) and not (new.ok(e["closest"]) or new.ok(e["closest"], True)):
                fail("closest %s does not resolve" % e["closest"])
            continue
        if kind == "value":
            parent, attr = key.rsplit(".", 1)
            if parent in est_syms:
                want = (old.constants(*est_syms[parent]) or {}).get(attr)
            else:
                pmod = old.resolve(parent.rsplit(".", 1)[0])
                want = old.class_value(pmod, parent.rsplit(".", 1)[1], attr) if pmod else None
            if want is None or e.get("value") != want or home != repr(want):
                fail("value %r, TF 1.15 has %r" % (e.get("value"), want))
            else:
                resolved += 1
            continue
        if kind != kind_of(home):
            fail("kind %s, home %s is %s" % (kind, home, kind_of(home)))
        legacy = needs == "tf-keras"
        if not new.ok(home, legacy):
            fail("home %s does not resolve%s" % (home, " (TF_USE_LEGACY_KERAS=1)" if legacy else ""))
            continue
        if not legacy and home.startswith(LEGACY_PREFIXES):
            fail("%s needs tf-keras" % home)
        if kind in NEEDS and needs != NEEDS[kind]:
            fail("needs %r, expected %r" % (needs, NEEDS[kind]))
        mod = old.resolve(key)
        if mod is not None and "dir" in new.info(home, legacy):
            have = set(new.info(home, legacy)["dir"])
            missing = [n for n in old.public(mod) if n not in have]
            if missing and not any(key + "." + n in table for n in missing):
                fail("module entry, but %s lacks %s" % (home, ", ".join(missing[:10])))
                continue
            if missing:
                fail("module entry, but %s lacks %s (listed one by one too: drop the module entry)" % (home, ", ".join(missing[:10])))
                continue
        resolved += 1
    for f in fails:
        print("FAIL " + f)
    print("contrib_homes: %d entries, %d resolve, %d fail" % (len(table), resolved, len(fails)))
    print("  (of which tf.estimator: %d)" % sum(1 for k in table if k.startswith("tf.estimator")))
    none = sum(1 for e in table.values() if e.get("kind") == "none")
    print("  (%d entries have no home and name the closest replacement)" % none)
    sys.exit(1 if fails else 0)


def cmd_old(args):
    old = Old()
    for path in args.paths:
        mod = old.resolve(path)
        print("%s -> %s" % (path, mod))
        if mod:
            print("  " + " ".join(old.public(mod)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("old", help="print the public names of tf.contrib modules in TensorFlow 1.15")
    p.add_argument("paths", nargs="+")
    p.set_defaults(fn=cmd_old)
    p = sub.add_parser("gen", help="write the table")
    p.add_argument("--out", default=OUT)
    p.add_argument("--estimator-out", default=EST_OUT)
    p.set_defaults(fn=cmd_gen)
    p = sub.add_parser("check", help="verify the tables against the real packages")
    p.add_argument("tables", nargs="*", default=[OUT, EST_OUT])
    p.set_defaults(fn=cmd_check)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
