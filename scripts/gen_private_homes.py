#!/usr/bin/env python3
"""Generates and checks rules/target/private_homes.toml: where the private
`tensorflow.python.*` modules and symbols that TensorFlow 1.15, 2.4 and 2.15
had, and TensorFlow 2.21 lacks, are with TensorFlow 2.21.

    python3 scripts/gen_private_homes.py gen      # write the table
    python3 scripts/gen_private_homes.py check    # verify it (exit 1 on failure)

Where the facts come from:
- the old side is read as data (`ast`, nothing imported or copied) from the
  tensorflow-cpu wheels 1.15.0 (cached in $TFUP_CONTRIB_CACHE, default
  ~/.cache/tfup-contrib, as gen_contrib_homes.py does), 2.4.0 and 2.15.0
  (cached in $TFUP_OLDER_CACHE, default ~/.cache/tfup-older, as
  gen_older_rules.py does). For each path the newest of these releases that
  has it speaks. What each module binds at top level: functions and classes
  (their parameters, their `tf_export` names), aliases (`a = b`, `a = m.b`,
  `from m import b as a`), forwarding wrappers (`def f(x): return g(x)`:
  f and g are one function with f's parameters) and star re-exports (a
  module that is only `from m import *` is m);
- the new side is TensorFlow 2.21 itself, imported in a child process of
  the apicheck venv (../shared/apicheck/setup.sh, or $TFUP_APICHECK_VENV):
  whether the old path still resolves (import, then getattr, as Python
  does), whether a candidate home resolves, whether it carries the same
  `tf_export` name as the old definition (`_tf_api_names`,
  `_tf_api_names_v1`) or is the object the old alias named, and whether its
  signature takes the old parameters (same positional order, every old
  keyword).

A home is public (`tensorflow.X` for a v2 export name, else
`tensorflow.compat.v1.X` for a v1 one) when the new object there carries
the old definition's export name, else private (where the old alias or
wrapper pointed, or where the new object carrying the old export name is
defined). `private` gives the private path as well, for files that do not
import `tensorflow` itself. `check` verifies every home and private path
resolves in 2.21 and is what the entry says.
"""
import argparse
import ast
import glob
import json
import os
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(ROOT, "rules", "target", "private_homes.toml")
CONTRIB_CACHE = os.path.expanduser(os.environ.get("TFUP_CONTRIB_CACHE", "~/.cache/tfup-contrib"))
OLDER_CACHE = os.path.expanduser(os.environ.get("TFUP_OLDER_CACHE", "~/.cache/tfup-older"))
# (release, cache dir, pip download options, package dir in the wheel); oldest first.
RELEASES = [
    ("1.15", os.path.join(CONTRIB_CACHE, "tf115"), "1.15.0",
     ["--python-version", "3.7", "--platform", "manylinux2010_x86_64", "--implementation", "cp",
      "--abi", "cp37m"], "tensorflow_core"),
    ("2.4", os.path.join(OLDER_CACHE, "2.4.0"), "2.4.0", ["--python-version", "3.8"], "tensorflow"),
    ("2.15", os.path.join(OLDER_CACHE, "2.15.0"), "2.15.0", [], "tensorflow"),
]


def wheel_sources(d, version, extra, pkg):
    """{dotted module: source} of the wheel's tensorflow/python/**.py."""
    pat = os.path.join(d, "tensorflow_cpu-%s-*.whl" % version)
    wheels = glob.glob(pat)
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                        "--no-deps", "--only-binary=:all:", "tensorflow-cpu==" + version, "-d", d] + extra,
                       check=True)
        wheels = glob.glob(pat)
    out = {}
    with zipfile.ZipFile(sorted(wheels)[0]) as z:
        for n in z.namelist():
            if n.startswith(pkg + "/python/") and n.endswith(".py"):
                mod = "tensorflow" + n[len(pkg):-3].replace("/", ".")
                if mod.endswith(".__init__"):
                    mod = mod[: -len(".__init__")]
                out[mod] = z.read(n).decode("utf-8", "replace")
    return out


def dotted(e):
    """`a.b.c` of a Name/Attribute expression, else None."""
    parts = []
    while isinstance(e, ast.Attribute):
        parts.append(e.attr)
        e = e.value
    if isinstance(e, ast.Name):
        parts.append(e.id)
        return ".".join(reversed(parts))
    return None


def exports(decorators):
    """(v2 names, v1 names) of the `tf_export` decorators (or calls) given."""
    v2, v1 = [], []
    for d in decorators:
        if not (isinstance(d, ast.Call) and (dotted(d.func) or "").split(".")[-1] == "tf_export"):
            continue
        names = [a.value for a in d.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        v1_given = None
        for k in d.keywords:
            if k.arg == "v1" and isinstance(k.value, (ast.List, ast.Tuple)):
                v1_given = [e.value for e in k.value.elts if isinstance(e, ast.Constant)]
        v2 += names
        v1 += names if v1_given is None else v1_given
    return v2, v1


def returned_call(fn):
    """The call a function's body (docstring aside) only returns, else None."""
    body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(body[0].value, ast.Call):
        return None
    return body[0].value


def literal_call(fn):
    """A function of no parameters whose body (docstring aside) only returns
    a call with literal arguments (`def scalar(): return TensorShape([])`):
    the callee and the arguments' source; else None."""
    a = fn.args
    if a.posonlyargs or a.args or a.vararg or a.kwonlyargs or a.kwarg:
        return None
    call = returned_call(fn)
    if call is None:
        return None
    callee = dotted(call.func)
    values = list(call.args) + [k.value for k in call.keywords]
    if not callee or any(k.arg is None for k in call.keywords):
        return None
    try:
        for v in values:
            ast.literal_eval(v)
    except ValueError:
        return None
    parts = [ast.unparse(x) for x in call.args] + ["%s=%s" % (k.arg, ast.unparse(k.value)) for k in call.keywords]
    return callee, ", ".join(parts)


def params(args):
    """The parameters of a function: (positional names, keyword-only names, has **kwargs)."""
    pos = [a.arg for a in args.posonlyargs + args.args]
    return {"pos": pos, "kwonly": [a.arg for a in args.kwonlyargs], "kwargs": args.kwarg is not None}


def forwarded(fn):
    """The callee of a function whose body (docstring aside) only returns a
    call passing its parameters on, each once and nothing else: the first
    ones positionally in order, the rest as keywords of the same name
    (`def f(x, y=None): return g(x, y=y)`)."""
    call = returned_call(fn)
    if call is None:
        return None
    a = fn.args
    if a.vararg or a.kwarg or a.kwonlyargs:
        return None
    names = [x.arg for x in a.posonlyargs + a.args]
    positional = [getattr(x, "id", None) for x in call.args]
    if not names or positional != names[:len(positional)]:
        return None
    rest = names[len(positional):]
    passed = [(k.arg, getattr(k.value, "id", None)) for k in call.keywords]
    if any(k is None or k != v for k, v in passed) or sorted(k for k, _ in passed) != sorted(rest):
        return None
    return dotted(call.func)


class Release:
    """One old release's tensorflow.python, read as data."""

    def __init__(self, name, srcs):
        self.name = name
        self.srcs = srcs
        self.mods = {}

    def module(self, mod):
        """{name: binding} of module `mod`'s top level, and its star imports."""
        if mod in self.mods:
            return self.mods[mod]
        b, stars, only_stars = {}, [], True
        try:
            tree = ast.parse(self.srcs[mod])
        except (SyntaxError, KeyError):
            self.mods[mod] = ({}, [], False)
            return self.mods[mod]
        imports = {}
        for node in tree.body:
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        imports[a.asname] = a.name
                    else:
                        imports[a.name.split(".")[0]] = a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for a in node.names:
                    if a.name != "*":
                        imports[a.asname or a.name] = node.module + "." + a.name
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for a in node.names:
                    if a.name == "*":
                        stars.append(node.module)
                    elif node.module != "__future__":
                        full = node.module + "." + a.name
                        b[a.asname or a.name] = {"kind": "module" if full in self.srcs else "alias",
                                                 "to": full}
                continue
            if isinstance(node, ast.Import):
                continue
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue
            only_stars = False
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                v2, v1 = exports(node.decorator_list)
                fw = forwarded(node)
                lc = literal_call(node)
                b[node.name] = {"kind": "function", "params": params(node.args), "v2": v2, "v1": v1,
                                "forwards": self.absolute(fw, imports, mod) if fw else None,
                                "call": [self.absolute(lc[0], imports, mod), lc[1]] if lc else None}
            elif isinstance(node, ast.ClassDef):
                v2, v1 = exports(node.decorator_list)
                init = next((s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
                p = params(init.args) if init else None
                if p:
                    p["pos"] = p["pos"][1:]
                b[node.name] = {"kind": "class", "params": p, "v2": v2, "v1": v1}
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                src = dotted(node.value)
                if src:
                    b[name] = {"kind": "alias", "to": self.absolute(src, imports, mod)}
                elif isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Call):
                    # name = tf_export(...)(other)
                    v2, v1 = exports([node.value.func])
                    inner = node.value.args[0] if node.value.args else None
                    if (v2 or v1) and dotted(inner):
                        b[name] = {"kind": "alias", "to": self.absolute(dotted(inner), imports, mod),
                                   "v2": v2, "v1": v1}
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                    and isinstance(node.value.func, ast.Call) and node.value.args:
                # tf_export(...)(name)
                v2, v1 = exports([node.value.func])
                target = dotted(node.value.args[0])
                if (v2 or v1) and target in b:
                    b[target].setdefault("v2", [])
                    b[target].setdefault("v1", [])
                    b[target]["v2"] = b[target]["v2"] + v2
                    b[target]["v1"] = b[target]["v1"] + v1
        self.mods[mod] = (b, stars, only_stars and len(stars) == 1)
        return self.mods[mod]

    @staticmethod
    def absolute(src, imports, mod):
        head, _, rest = src.partition(".")
        if head in imports:
            return imports[head] + ("." + rest if rest else "")
        return mod + "." + src

    def lookup(self, path, depth=0):
        """The binding that `path` (module.name) names, following star imports."""
        mod, _, name = path.rpartition(".")
        if mod not in self.srcs or depth > 8:
            return None
        b, stars, _ = self.module(mod)
        if name in b:
            return b[name]
        for s in stars:
            found = self.lookup(s + "." + name, depth + 1)
            if found:
                return found
        return None

    def canonical(self, path):
        """The definitions `path` leads to, in order: (path, binding) for the
        path itself, then each alias or wrapper target it names."""
        out, seen = [], set()
        while path and path not in seen and len(out) < 8:
            seen.add(path)
            b = self.lookup(path)
            if b is None:
                out.append((path, None))
                break
            out.append((path, b))
            path = b.get("to") if b["kind"] == "alias" else None
        return out

    def wrappers_of(self, path):
        """Functions of `path`'s module that only forward to `path`."""
        mod, _, name = path.rpartition(".")
        b, _, _ = self.module(mod)
        return [(mod + "." + n, v) for n, v in b.items()
                if v.get("kind") == "function" and v.get("forwards") == path and not n.startswith("_")]


def old_entries():
    """{old path: description} for every public top-level name and every
    module of tensorflow.python in the old releases (the newest release
    that has the path speaks)."""
    out = {}
    for name, d, version, extra, pkg in RELEASES:
        r = Release(name, wheel_sources(d, version, extra, pkg))
        for mod in sorted(r.srcs):
            if any(p.startswith("_") for p in mod.split(".")) or ".keras" in mod or mod.endswith("_test"):
                continue
            b, stars, only_star = r.module(mod)
            out[mod] = {"release": name, "kind": "module",
                        "star": stars[0] if only_star else None}
            for n, v in b.items():
                if n.startswith("_") or v["kind"] == "module":
                    continue
                path = mod + "." + n
                chain = r.canonical(path)
                cands = []
                for p, bb in chain:
                    cands.append({"path": p, "v2": (bb or {}).get("v2", []), "v1": (bb or {}).get("v1", []),
                                  "params": (bb or {}).get("params")})
                    if bb and bb.get("kind") == "function" and bb.get("forwards"):
                        fw = bb["forwards"]
                        fb = r.lookup(fw) or {}
                        cands.append({"path": fw, "v2": fb.get("v2", []), "v1": fb.get("v1", []),
                                      "params": bb.get("params"), "via": "forwards"})
                for wp, wb in [w for p, _ in chain for w in r.wrappers_of(p)]:
                    cands.append({"path": wp, "v2": wb.get("v2", []), "v1": wb.get("v1", []),
                                  "params": wb.get("params"), "via": "wrapper"})
                params_ = next((c["params"] for c in cands if c.get("params")), None)
                call = v.get("call") if v["kind"] == "function" else None
                out[path] = {"release": name, "kind": "symbol", "cands": cands, "params": params_,
                             "call": call}
    return out


# ---------------------------------------------------------------------------
# The new side: TensorFlow 2.21, in a child process.

# How both child programs resolve a path: Python's own import and getattr.
RESOLVE = r'''
import importlib, inspect, json, sys, io, contextlib
import tensorflow as tf

_imported = {}

def imp(m):
    if m not in _imported:
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                _imported[m] = importlib.import_module(m)
        except BaseException:
            _imported[m] = None
    return _imported[m]

def resolve(path):
    """(ok, object) as Python resolves `path`: the longest importable module
    prefix, then getattr."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        m = imp(".".join(parts[:i]))
        if m is None:
            continue
        obj = m
        for p in parts[i:]:
            try:
                obj = getattr(obj, p)
            except BaseException:
                return False, None
        return True, obj
    return False, None
'''

CHILD = RESOLVE + r'''

def sig_ok(obj, old):
    if not old:
        return True
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        s = inspect.signature(target)
    except (TypeError, ValueError):
        return False
    ps = list(s.parameters.values())
    if inspect.isclass(obj) and ps and ps[0].name == "self":
        ps = ps[1:]
    pos = [p.name for p in ps if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    names = {p.name for p in ps if p.kind != p.VAR_POSITIONAL}
    varkw = any(p.kind == p.VAR_KEYWORD for p in ps)
    varpos = any(p.kind == p.VAR_POSITIONAL for p in ps)
    if pos[:len(old["pos"])] != old["pos"] and not (varpos and varkw):
        return False
    return varkw or all(k in names for k in old["kwonly"])

def names(obj, attr):
    """The export names on `obj` or a function it wraps (dispatch wrappers)."""
    seen = 0
    while obj is not None and seen < 8:
        n = getattr(obj, attr, None)
        if isinstance(n, (tuple, list)) and n:
            return tuple(n)
        obj = getattr(obj, "__wrapped__", None)
        seen += 1
    return ()

def exported(obj, v2=None, v1=None):
    return (v2 is not None and v2 in names(obj, "_tf_api_names")) or (
        v1 is not None and v1 in names(obj, "_tf_api_names_v1"))

def public_of(obj, v2s, v1s):
    for n in v2s:
        ok, o = resolve("tensorflow." + n)
        if ok and o is obj and exported(o, v2=n):
            return "tensorflow." + n
    for n in v1s:
        ok, o = resolve("tensorflow.compat.v1." + n)
        if ok and o is obj and exported(o, v1=n):
            return "tensorflow.compat.v1." + n
    return None

def private_of(obj):
    m, q = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not (isinstance(m, str) and isinstance(q, str)) or not m.startswith("tensorflow.python"):
        return None
    p = m + "." + q
    ok, o = resolve(p)
    return p if ok and o is obj else None

def home(entry):
    if entry["kind"] == "module":
        s = entry.get("star")
        if s and imp(s) is not None and s.startswith("tensorflow."):
            return {"private": s, "source": "star"}
        return None
    found = []
    for c in entry["cands"]:
        ok, obj = resolve(c["path"])
        if ok:
            if not sig_ok(obj, entry["params"]):
                continue
            pub = public_of(obj, c["v2"], c["v1"]) or public_of(
                obj, list(names(obj, "_tf_api_names")), list(names(obj, "_tf_api_names_v1")))
            found.append({"home": pub, "private": c["path"] if c["path"].startswith("tensorflow.python") else private_of(obj),
                          "source": c.get("via", "alias"), "via": c["path"]})
            continue
        # The old definition's export names, on whatever carries them now.
        for n in c["v2"]:
            ok, o = resolve("tensorflow." + n)
            if ok and exported(o, v2=n) and sig_ok(o, entry["params"]):
                found.append({"home": "tensorflow." + n, "private": private_of(o), "source": "export",
                              "via": c["path"]})
        for n in c["v1"]:
            ok, o = resolve("tensorflow.compat.v1." + n)
            if ok and exported(o, v1=n) and sig_ok(o, entry["params"]):
                found.append({"home": "tensorflow.compat.v1." + n, "private": private_of(o),
                              "source": "export-v1", "via": c["path"]})
    # `tf.raw_ops` functions take keyword arguments only (they raise on a
    # positional one, whatever their signature says), and TF 1 code calls
    # the generated snake_case op wrappers positionally: a raw op is the
    # home of the old raw op of its name (`ApplyAdam`) only.
    last = entry["path"].rsplit(".", 1)[-1]
    found = [h for h in found
             if ".raw_ops." not in (h["home"] or "") or h["home"].rsplit(".", 1)[-1] == last]
    # A public home first, then a private path without hidden parts.
    def rank(h):
        hidden = any(p.startswith("_") for p in (h["private"] or "").split("."))
        return (h["home"] is None, hidden)
    # A function of no parameters that only returned a call with literal
    # arguments: that call, where its callee is now.
    if not found and entry.get("call"):
        callee, args = entry["call"]
        ok, obj = resolve(callee)
        if ok:
            pub = public_of(obj, list(names(obj, "_tf_api_names")), list(names(obj, "_tf_api_names_v1")))
            priv = callee if callee.startswith("tensorflow.python") else private_of(obj)
            found.append({"home": pub, "private": priv, "source": "call", "via": callee, "args": args})
    found.sort(key=rank)
    if found and found[0]["private"] is not None and any(p.startswith("_") for p in found[0]["private"].split(".")):
        found[0]["private"] = None
    return found[0] if found and (found[0]["home"] or found[0]["private"]) else None

entries = json.load(sys.stdin)
out = {}
for path, e in entries.items():
    ok, _ = resolve(path)
    if ok:
        continue
    out[path] = home(dict(e, path=path))
json.dump(out, sys.stdout)
'''

CHECK = RESOLVE + r'''
def imports(path):
    try:
        importlib.import_module(path); return True
    except BaseException:
        return False
out = {}
for key, e in json.load(sys.stdin).items():
    errs = []
    gone, _ = resolve(key)
    if gone:
        errs.append("the old path resolves")
    objs = []
    for f in ("home", "private"):
        if e.get(f):
            ok, o = resolve(e[f])
            if not ok:
                errs.append(f + " does not resolve")
            objs.append(o)
    if len(objs) == 2 and objs[0] is not objs[1]:
        errs.append("home and private are different objects")
    if e["kind"] == "module" and not imports(e["private"]):
        errs.append("module does not import")
    out[key] = errs
json.dump(out, sys.stdout)
'''


def venv_python():
    base = os.environ.get("TFUP_APICHECK_VENV") or subprocess.run(
        [os.path.join(ROOT, "..", "shared", "apicheck", "setup.sh")], capture_output=True, text=True,
        check=True).stdout.strip()
    return os.path.join(base, "bin", "python")


def child(code, data):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("TF_USE_LEGACY_KERAS", None)
    r = subprocess.run([venv_python(), "-c", code], input=json.dumps(data), env=env, cwd="/",
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("gen_private_homes.py: child failed:\n" + r.stderr[-3000:])
    return json.loads(r.stdout)


def q(s):
    return json.dumps(s)


def source_text(release, h, key):
    via = h.get("via")
    what = {
        "star": "TF %s's %s is only `from %s import *`" % (release, key, h.get("private")),
        "alias": "TF %s binds %s to %s" % (release, key, via),
        "forwards": "TF %s's %s only calls %s with its own arguments" % (release, key, via),
        "wrapper": "TF %s's %s only calls %s with its own arguments" % (release, via, key),
        "export": "TF %s's %s is tf_export'ed as %s" % (release, via, h.get("home")),
        "export-v1": "TF %s's %s is tf_export'ed as %s" % (release, via, h.get("home")),
        "call": "TF %s's %s() only returns %s(%s)" % (release, key, via, h.get("args")),
    }[h["source"]]
    if h.get("home") and h["source"] in ("alias", "forwards", "wrapper", "call"):
        what += ", which TF 2.21 exports as " + h["home"]
    return what


def gen():
    entries = old_entries()
    found = child(CHILD, entries)
    homes = {k: v for k, v in found.items() if v}
    lines = []
    counts = {"public": 0, "private": 0, "module": 0, "call": 0}
    for key in sorted(homes):
        h = homes[key]
        e = entries[key]
        if e["kind"] == "module":
            kind = "module"
        elif h.get("args") is not None:
            kind = "call"
        else:
            kind = "public" if h.get("home") else "private"
        counts[kind] += 1
        lines.append("[homes.%s]" % q(key))
        lines.append("home = %s" % q(h.get("home") or h.get("private")))
        lines.append("private = %s" % q(h.get("private") or ""))
        lines.append("kind = %s" % q(kind))
        if kind == "call":
            lines.append("args = %s" % q(h["args"]))
        lines.append("source = %s" % q(source_text(e["release"], h, key)))
        lines.append("")
    header = [
        "# Generated by scripts/gen_private_homes.py from the tensorflow-cpu 1.15.0, 2.4.0",
        "# and 2.15.0 wheels (read as data) and TensorFlow 2.21 (imported); do not edit.",
        "# Private tensorflow.python paths those releases had that 2.21 lacks, and where",
        "# they are with 2.21: `home` (a public path when one carries the old definition's",
        "# export name, else the private one), `private` (the private path with 2.21, or",
        "# \"\"), `kind` (public, private, module, call: a function of no parameters",
        "# that only returned a call with literal arguments, `args`, is that call of",
        "# `home`), `source` (the fact).",
        "# %d entries: %d public, %d private, %d module, %d call." % (
            len(homes), counts["public"], counts["private"], counts["module"], counts["call"]),
        "",
    ]
    with open(OUT, "w") as f:
        f.write("\n".join(header + lines))
    print("private_homes: %d entries (%d public, %d private, %d module, %d call) of %d old paths missing in 2.21"
          % (len(homes), counts["public"], counts["private"], counts["module"], counts["call"], len(found)))


def load():
    try:
        import tomllib
    except ImportError:
        sys.exit("gen_private_homes.py: needs Python 3.11 (tomllib)")
    with open(OUT, "rb") as f:
        return tomllib.load(f)["homes"]


def check():
    homes = load()
    errs = child(CHECK, homes)
    bad = {k: v for k, v in errs.items() if v}
    for k, v in sorted(bad.items()):
        print("%s: %s" % (k, "; ".join(v)))
    print("private_homes: %d entries, %d resolve, %d fail" % (len(homes), len(homes) - len(bad), len(bad)))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["gen", "check"])
    a = ap.parse_args()
    if a.cmd == "gen":
        gen()
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
