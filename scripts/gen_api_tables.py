#!/usr/bin/env python3
"""Generates the target API tables under rules/api/ by introspecting the
installed TensorFlow 2.21 (and tf-keras, tf-slim): what resolves by getattr
from `tensorflow` / `tf_slim` and what imports.

Run it with the apicheck venv (see ../shared/apicheck/setup.sh, relative to
the repository root):
    <venv>/bin/python scripts/gen_api_tables.py [OUTDIR]
It runs itself three times in fresh processes: plain (Keras 3), with
TF_USE_LEGACY_KERAS=1 (tf-keras), for tf_slim, and for tfup_compat (our
runtime companion, python/tfup_compat.py). Internal mode:
    gen_api_tables.py --one ROOT OUTFILE [EXTRA_IMPORTS_FILE]

Table format (read by src/target_pass/api.rs): one node per line, depth = number of
leading spaces, fields `name kind [=link]`; kinds M (module, `import path`
works), m (module reachable by attribute only), c (class), f (callable),
v (other value), * (opaque: resolves, children unchecked). `=a.b.c` names the
node whose children this node shares (the same object). Children are sorted
bytewise. `@module` / `@class` (tensorflow tables only) list the attributes
every module / every class has that dir() need not list (the loader's fallback
for module / class nodes). A depth-0 line whose name contains a dot is an import override:
`import a.b.c` works and `from a.b.c import x` sees the children listed there
(the module object that import returns differs from the one getattr finds, or
getattr does not reach a module at that path).
"""
import collections, gzip, tempfile, importlib, io, os, pkgutil, subprocess, sys, types

OURS = ("tensorflow", "tf_slim", "keras", "tf_keras", "tensorboard", "tfup_compat")


def sort_key(name):
    return name.encode("utf-8")


def quiet_import(name):
    try:
        return importlib.import_module(name), True
    except BaseException:
        return None, False


def one(root, outfile, extra_file=None):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import warnings
    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.WARNING)
    import tensorflow as tf
    rootmod = importlib.import_module(root)
    MOD = type(tf)

    def is_container(o):
        try:
            return isinstance(o, (MOD, type))
        except BaseException:
            return False

    # Attributes every module / every class has, that dir() need not list
    # (`@module` / `@class` in the table, the loader's fallback): those a fresh
    # module has, those a fresh class and a builtin type both have. Other
    # dunders a container has beyond dir() and these are listed on the node.
    import types
    fresh_mod = types.ModuleType("tfup_fresh")
    class Fresh:
        pass
    def has(o, n):
        try:
            getattr(o, n)
            return True
        except BaseException:
            return False
    dunders = sorted(set(dir(types.ModuleType)) | set(dir(type)) | set(dir(fresh_mod)) | {
        "__annotations__", "__dict__", "__file__", "__path__", "__cached__", "__builtins__",
        "__all__", "__wrapped__", "__name__", "__qualname__", "__mro__", "__bases__", "__base__",
        "__module__", "__doc__", "__loader__", "__spec__", "__package__", "__text_signature__",
        "__type_params__", "__getattr__", "__version__"})
    every_module = {n: fresh_mod for n in dunders if has(fresh_mod, n)}
    every_class = {n: Fresh for n in dunders if has(Fresh, n) and has(int, n)}

    tf_paths = {}
    def tf_path(o):
        """For tf_slim: the tensorflow path of a TensorFlow module or class,
        where the tensorflow table lists it (link across tables)."""
        if root == "tensorflow":
            return None
        if id(o) not in tf_paths:
            p = None
            try:
                if isinstance(o, type):
                    p = o.__module__ + "." + o.__qualname__
                else:
                    p = o.__name__
                if not (isinstance(p, str) and p.startswith("tensorflow.") and "<" not in p
                        and resolve_obj(p, tf) is o):
                    p = None
                if p and not isinstance(o, type) and sys.modules.get(p) is not o:
                    p = None
            except BaseException:
                p = None
            tf_paths[id(o)] = p
            keep.append(o)
        return tf_paths[id(o)]

    def ours(o):
        if root != "tensorflow":
            try:
                n = o.__module__ if isinstance(o, type) else o.__name__
                return isinstance(n, str) and n.split(".")[0] == root
            except BaseException:
                return False
        try:
            if isinstance(o, type):
                n = o.__module__
            else:
                n = o.__name__
            if isinstance(n, str) and n.split(".")[0] in OURS:
                return True
        except BaseException:
            pass
        # A module of a module type TensorFlow defines (the Keras lazy
        # loaders, whose names are Keras's): its attributes are TensorFlow's
        # API, to be listed like any module's.
        t = type(o)
        return (isinstance(o, types.ModuleType) and t is not types.ModuleType
                and str(getattr(t, "__module__", "")).split(".")[0] in OURS)

    # 1. The importable module paths under `root`: every package file and
    #    every module loaded, each tried with importlib like dangling.py does,
    #    in child processes (importing them all here would change what getattr
    #    finds: an import sets the module as an attribute of its parent).
    extra = open(extra_file).read().split() if extra_file else []
    probed = probe_imports(root)
    if extra:
        probe_imports(root, extra, probed)
    ok = {k for k, v in probed.items() if v}
    imp = {}
    prefixes = set()
    def add_prefixes():
        for p in ok:
            parts = p.split(".")
            for i in range(1, len(parts)):
                prefixes.add(".".join(parts[:i]))
    add_prefixes()

    def import_obj(p):
        """The module `import p` gives, imported here without changing what
        getattr finds: Python's import sets it as an attribute of its parent
        (dangling.py's order dependence); the parent's attribute is restored."""
        if p not in imp:
            parent, _, last = p.rpartition(".")
            try:
                d = sys.modules[parent].__dict__
            except BaseException:
                d = None
            had = d is not None and last in d
            old = d.get(last) if had else None
            imp[p], _ = quiet_import(p)
            if d is not None:
                if had:
                    d[last] = old
                else:
                    d.pop(last, None)
        return imp[p]
    # 2. The getattr tree, breadth first; each module/class object is expanded
    #    once (its canonical path), other occurrences link to it, except on the
    #    way to an importable path (those are listed explicitly).
    canon = {}
    keep = []
    nodes = {}  # path -> (kind, link, [child names])
    objs = {}

    def kind_of(path, o):
        if is_container(o):
            if isinstance(o, type):
                return "c"
            return "M" if path in ok else "m"
        try:
            return "f" if callable(o) else "v"
        except BaseException:
            return "v"

    def children(path, o):
        out = {}
        try:
            names = list(dir(o))
        except BaseException:
            # A lazy loader whose dir() fails (tf.compat.v1.layers under Keras 3):
            # try the names of the module that import gives at that path and of
            # the instance itself.
            names = []
            alt = import_obj(path) if path in ok else None
            for x in (alt, o):
                try:
                    names += list(x.__dict__) if x is not None else []
                except BaseException:
                    pass
        if isinstance(o, type):
            # protobuf message classes resolve their enum values by getattr
            try:
                for e in o.DESCRIPTOR.enum_types:
                    names += [v.name for v in e.values]
            except BaseException:
                pass
        if not isinstance(o, type):
            pre = path + "."
        else:
            pre = None
        names = set(n for n in names if isinstance(n, str) and n.isidentifier())
        every = every_class if isinstance(o, type) else every_module
        names |= {n for n in dunders if n not in names and n not in every and has(o, n)}
        if pre is not None:
            names |= {p[len(pre):] for p in ok if p.startswith(pre) and "." not in p[len(pre):]}
        for n in sorted(names, key=sort_key):
            try:
                out[n] = getattr(o, n)
                continue
            except BaseException:
                pass
            if pre is not None and (pre + n) in ok:
                m = import_obj(pre + n)
                if m is not None:
                    out[n] = m
        return out

    def visit(queue):
        while queue:
            path, o = queue.popleft()
            k = kind_of(path, o)
            if not is_container(o):
                nodes[path] = (k, None, [])
                continue
            objs[path] = o
            if not ours(o) and path not in ok and path not in prefixes:
                nodes[path] = (k, tf_path(o), []) if tf_path(o) else ("*", None, [])
                continue
            c = canon.get(id(o))
            if c is not None and path not in prefixes:
                nodes[path] = (k, c, [])
                continue
            if c is None:
                canon[id(o)] = path
                keep.append(o)
            ch = children(path, o)
            nodes[path] = (k, None, list(ch))
            for n, co in ch.items():
                queue.append((path + "." + n, co))

    visit(collections.deque([(root, rootmod)]))
    # Every module path the walk found (listed, not linked) and every module's
    # own name is tried as an import too; while that finds more, walk again in
    # a fresh process (the imports made here while walking change what getattr
    # finds), with those paths as extra import candidates.
    if True:
        cand = {p for p, (k, link, _) in nodes.items() if k in "mM" and link is None}
        for o in objs.values():
            try:
                n = o.__name__ if not isinstance(o, type) else None
                if isinstance(n, str) and n.split(".")[0] == root:
                    cand.add(n)
            except BaseException:
                pass
        cand = sorted(c for c in cand if c not in probed)
        if cand:
            before = len(ok)
            probe_imports(root, cand, probed)
            if len({k for k, v in probed.items() if v}) > before:
                extra_file = outfile + ".extra"
                with open(extra_file, "w") as f:
                    f.write("\n".join(sorted(set(extra) | set(cand))) + "\n")
                sys.stdout.flush(); sys.stderr.flush()
                os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), "--one", root, outfile, extra_file])

    # 3. Import overrides: importable paths where getattr does not reach that
    #    very module object.
    def walk(path):
        parts = path.split(".")
        cur = parts[0]
        if cur not in nodes:
            return None
        for p in parts[1:]:
            k, link, ch = nodes[cur]
            if link is not None or p not in ch:
                return None
            cur = cur + "." + p
        return cur

    overrides = {}
    for p in sorted(ok):
        w = walk(p)
        o = import_obj(p)
        if o is None:
            continue
        if w is not None and nodes[w][0] == "M" and objs.get(p) is o:
            continue
        overrides[p] = o
    over_nodes = {}
    for p, o in sorted(overrides.items()):
        c = canon.get(id(o))
        if c is not None:
            over_nodes[p] = ("M", c, [])
            continue
        # Only membership matters here (`from p import x`), one level.
        ch = children(p, o)
        over_nodes[p] = ("M", None, list(ch))
        for n, co in ch.items():
            k = kind_of("", co)
            c = canon.get(id(co)) if is_container(co) else None
            over_nodes[p + "." + n] = ("m" if k == "M" else k, c, [])
    # 4. Write.
    out = io.StringIO()
    def emit(path, name, depth, override=False):
        k, link, ch = over_nodes[path] if override else nodes[path]
        out.write(" " * depth + name + " " + k + (" =" + link if link else "") + "\n")
        for n in sorted(ch, key=sort_key):
            emit(path + "." + n, n, depth + 1, override)
    sys.setrecursionlimit(100000)
    emit(root, root, 0)
    if root == "tensorflow":
        for special, every in (("@class", every_class), ("@module", every_module)):
            out.write(special + " *\n")
            for n in sorted(every, key=sort_key):
                o = getattr(every[n], n)
                out.write(" " + n + " " + ("*" if is_container(o) else kind_of("", o)) + "\n")
    for p in sorted(overrides, key=sort_key):
        emit(p, p, 0, True)
    with open(outfile, "w") as f:
        f.write(out.getvalue())


PROBE = r"""
import importlib, os, pkgutil, sys, warnings, logging
warnings.filterwarnings("ignore"); logging.disable(logging.WARNING)
import tensorflow
out = os.fdopen(int(os.environ["PROBE_FD"]), "w")
root = sys.argv[2]
if sys.argv[1] == "-":
    m = importlib.import_module(root)
    sys.stdout = open(os.devnull, "w")
    for info in pkgutil.walk_packages(m.__path__, root + ".", onerror=lambda n: None):
        out.write("+ " + info.name + "\n")
    names = []
else:
    names = open(sys.argv[1]).read().split()
for name in names:
    out.write("? " + name + "\n"); out.flush()
    try:
        importlib.import_module(name)
        r = "1"
    except BaseException:
        r = "0"
    out.write("= " + r + " " + name + "\n"); out.flush()
def key(name):
    m = sys.modules.get(name)
    return (getattr(m, "__file__", None), tuple(getattr(m, "__path__", ())))
for k in list(sys.modules):
    if k == root or k.startswith(root + "."):
        out.write("+ " + k + "\n")
        # The submodules of every loaded package (tensorflow.v2.* is found this
        # way); not of a package with the file and path of one of its
        # ancestors (tensorflow.v2.v2.v2... all import: the same file).
        try:
            m = sys.modules[k]
            kk = key(k)
            parts = k.split(".")
            if any(key(".".join(parts[:i])) == kk for i in range(1, len(parts))):
                continue
            for info in pkgutil.iter_modules(m.__path__, k + "."):
                out.write("+ " + info.name + "\n")
        except BaseException:
            pass
out.flush()
"""


def probe_imports(root, extra=(), result=None):
    """The importable module paths under `root`: found by pkgutil (walking the
    root, and the submodules of every package loaded) or loaded, plus `extra`,
    each imported in a child process (in order, restarted after a crash; a
    module whose import kills the interpreter counts as not importable).
    `result` (path -> importable) is updated; paths already in it are not tried again."""
    if result is None:
        result = {}
    seen = set(result) | set(extra)
    todo = None if not extra else sorted(n for n in seen if n not in result)  # None: enumerate
    while todo is None or todo:
        r, w = os.pipe()
        lst = "-"
        if todo is not None:
            lst = os.path.join(tempfile.mkdtemp(), "names")
            with open(lst, "w") as f:
                f.write("\n".join(todo) + "\n")
        p = subprocess.Popen([sys.executable, "-c", PROBE, lst, root], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             pass_fds=(w,), env=dict(os.environ, PROBE_FD=str(w)))
        os.close(w)
        last, found = None, set()
        with os.fdopen(r) as f:
            for line in f:
                if line.startswith("? "):
                    last = line[2:].strip()
                elif line.startswith("= "):
                    result[line[4:].strip()] = line[2] == "1"
                else:
                    found.add(line[2:].strip())
        p.wait()
        if last is not None and last not in result:
            print("import crashes:", last, file=sys.stderr)
            result[last] = False
        n_before = len(seen)
        seen |= found
        todo = sorted(n for n in seen if n not in result)
        if last is None and len(seen) == n_before and todo:
            raise SystemExit("import probe makes no progress")
    return result


def resolve_obj(path, rootmod):
    """The object dangling.py's missing() reaches at `path` (getattr, then import)."""
    parts = path.split(".")
    o = rootmod
    cur = parts[0]
    for p in parts[1:]:
        cur += "." + p
        try:
            o = getattr(o, p)
        except BaseException:
            o, ok = quiet_import(cur)
            if not ok:
                return None
    return o


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
        return
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "rules", "api")
    os.makedirs(outdir, exist_ok=True)
    jobs = [("tensorflow", "tf-2.21.txt", {}),
            ("tensorflow", "tf-2.21-legacy-keras.txt", {"TF_USE_LEGACY_KERAS": "1"}),
            ("tf_slim", "tf_slim-1.1.0.txt", {}),
            # Our runtime companion (python/tfup_compat.py): what converted
            # code may name in it.
            ("tfup_compat", "tfup_compat.txt",
             {"PYTHONPATH": os.path.join(here, "..", "python")})]
    for root, name, env in jobs:
        e = dict(os.environ)
        e.pop("TF_USE_LEGACY_KERAS", None)
        e.update(env)
        e["TF_CPP_MIN_LOG_LEVEL"] = "3"
        tmp = os.path.join(outdir, name + ".tmp")
        subprocess.run([sys.executable, os.path.abspath(__file__), "--one", root, tmp],
                       env=e, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Paths in the header relative to the repository.
        shown = {k: os.path.relpath(v, os.path.join(here, "..")) if k == "PYTHONPATH" else v
                 for k, v in env.items()}
        header = "# %s: generated by scripts/gen_api_tables.py%s\n" % (
            name, "".join(" %s=%s" % kv for kv in sorted(shown.items())))
        with open(tmp) as f:
            body = f.read()
        os.remove(tmp)
        if os.path.exists(tmp + ".extra"):
            os.remove(tmp + ".extra")
        with gzip.GzipFile(os.path.join(outdir, name + ".gz"), "wb", mtime=0) as g:
            g.write((header + body).encode("utf-8"))
        print(name, len(body.splitlines()), "nodes", len(header) + len(body), "bytes")


if __name__ == "__main__":
    main()
