#!/usr/bin/env python3
"""Dumps Python's own answers (dangling.py's missing() / import_fails(), same
code) for many paths, for the Rust side to compare with the embedded tables.

  [TF_USE_LEGACY_KERAS=1] <venv>/bin/python scripts/check_api_tables.py OUT.tsv [CORPUS...]
  TFUP_API_CHECK=OUT.tsv TFUP_API_TARGET=2.21[-legacy-keras] \
      cargo test --release --lib target_pass::api::tests::python_agreement -- --ignored --nocapture

Sampled: every path listed in the tables (children of modules and classes),
each with a made-up missing child; every import of a module node and every
`from module import child`; and every import and attribute chain in the
corpus (.py files, .ipynb code cells, .jsonl conformance outputs). Output
lines: `M<TAB>path<TAB>answer` and `I<TAB>module<TAB>name<TAB>answer` (answer
`-` when it resolves / works, name `-` for `import module`).
"""
import ast, glob, gzip, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
# The apicheck kit lives in ../shared/apicheck next to the repository root
# (TFUP_DANGLING_DIR overrides it).
sys.path.insert(0, os.environ.get(
    "TFUP_DANGLING_DIR",
    os.path.join(os.path.dirname(os.path.dirname(here)), "shared", "apicheck")))
saved = sys.argv
sys.argv = [saved[0]]
import dangling as d  # noqa: E402  (imports tensorflow)
sys.argv = saved


def table_paths(fn):
    """(path, kind, linked) for each listed line; override roots flagged."""
    st = []
    for l in gzip.open(fn, "rt"):
        if l.startswith("#") or not l.strip():
            continue
        b = l.lstrip(" ")
        depth = len(l) - len(b)
        f = b.split()
        st = st[:depth] + [f[0]]
        yield ".".join(st), f[1], len(f) > 2, depth == 0 and "." in f[0]


def sources(args):
    for a in args:
        files = [a] if os.path.isfile(a) else sorted(
            glob.glob(os.path.join(a, "**", "*.py"), recursive=True)
            + glob.glob(os.path.join(a, "**", "*.ipynb"), recursive=True)
            + glob.glob(os.path.join(a, "**", "*.jsonl"), recursive=True))
        for f in files:
            try:
                if f.endswith(".jsonl"):
                    for line in open(f, encoding="utf-8"):
                        x = json.loads(line)
                        if x.get("status") == "ok":
                            yield x["output"]
                elif f.endswith(".ipynb"):
                    nb = json.load(open(f, encoding="utf-8"))
                    yield "\n".join("".join(c.get("source", [])) for c in nb.get("cells", [])
                                    if c.get("cell_type") == "code")
                else:
                    yield open(f, encoding="utf-8", errors="replace").read()
            except Exception:
                continue


def main():
    out_fn = sys.argv[1]
    legacy = os.environ.get("TF_USE_LEGACY_KERAS") == "1"
    api = os.path.join(here, "..", "rules", "api")
    tables = [os.path.join(api, "tf-2.21-legacy-keras.txt.gz" if legacy else "tf-2.21.txt.gz"),
              os.path.join(api, "tf_slim-1.1.0.txt.gz")]
    imports, paths = set(), set()
    for t in tables:
        mods = set()
        for p, k, linked, override in table_paths(t):
            if p.startswith("@"):  # @module / @class: the loader's fallback lists
                continue
            if override:
                imports.add((p, None))
                mods.add(p)
                continue
            top = p.split(".")[0]
            if "." in top:  # child of an override root
                imports.add((p.rsplit(".", 1)[0], p.rsplit(".", 1)[1]))
                continue
            paths.add(p)
            if k in "Mmc":
                paths.add(p + ".zz_tfup_nope")
            if k in "Mm":
                imports.add((p, None))
                imports.add((p, "zz_tfup_nope"))
            parent = p.rsplit(".", 1)[0] if "." in p else None
            if parent in mods:
                imports.add((parent, p.rsplit(".", 1)[1]))
            if k == "M":
                mods.add(p)
    n_table = (len(paths), len(imports))
    table_imports, imports = imports, set()
    trees = []
    for src in sources(sys.argv[2:]):
        t = d.parse(src)
        if t is None:
            continue
        trees.append(t)
        for node in ast.walk(t):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if d.is_ours(a.name):
                        imports.add((a.name, None))
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and d.is_ours(node.module):
                for a in node.names:
                    if a.name != "*":
                        imports.add((node.module, a.name))
    # Like dangling.py: the corpus's imports first, then attribute chains; the
    # imports sampled from the tables last (an import can change what getattr
    # finds: it sets the module as an attribute of its parent).
    key = lambda k: (k[0], k[1] or "")
    res_imp = {k: d.import_fails(*k) for k in sorted(imports, key=key)}
    for t in trees:
        aliases = d.bindings(t)
        for node in ast.walk(t):
            if isinstance(node, ast.Attribute):
                x = d.dotted(node, aliases)
                if x:
                    paths.add(x)
    res_path = {p: d.missing(p) for p in sorted(paths)}
    for k in sorted(table_imports - imports, key=key):
        res_imp[k] = d.import_fails(*k)
    with open(out_fn, "w") as f:
        for (m, n), r in res_imp.items():
            f.write("I\t%s\t%s\t%s\n" % (m, n or "-", r or "-"))
        for p, r in res_path.items():
            f.write("M\t%s\t%s\n" % (p, r or "-"))
    print("table: %d paths, %d imports; total %d paths, %d imports" % (n_table + (len(paths), len(res_imp))))


if __name__ == "__main__":
    main()
