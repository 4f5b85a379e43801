//! The house is one-way and layered.
//!
//! - The graph of references between the top-level modules of `src/` has no
//!   cycle.
//! - It follows the module table of docs/architecture.md ("How it works",
//!   columns `module | concern | uses`, rows from the bottom layer up): a
//!   module refers only to modules its `uses` cell lists, and those come in
//!   rows before its own. Every module of `src/` has a row, every row names
//!   one module of `src/`.
//!
//! A reference is `crate::x`, a `use crate::{x, y::z}` group, or a `super::`
//! path that climbs out of a top-level module (`super::x` in `src/engine/mod.rs`
//! names `crate::x`). A folder module counts as one module; comments and
//! `#[cfg(test)]` items are not read, nor `tests.rs` files (a module's
//! `#[cfg(test)] mod tests;`).
//!
//! `ARCHITECTURE_SRC` checks another `src/` (e.g. an old checkout's), and
//! `ARCHITECTURE_README` reads the table from another Markdown file (default:
//! `docs/architecture.md` next to that `src/`, else the `README.md` there, as
//! in a checkout from before the table moved to docs/).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module name -> its files, each with its module depth (1 for
/// `src/x.rs` and `src/x/mod.rs`, 2 for `src/x/y.rs`, ...).
fn modules(src: &Path) -> BTreeMap<String, Vec<(usize, PathBuf)>> {
    let mut out: BTreeMap<String, Vec<(usize, PathBuf)>> = BTreeMap::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            collect_rs(&path, &mut files);
            let files = files.into_iter().map(|f| {
                let parts = f.strip_prefix(src).unwrap().components().count();
                let is_mod = f.file_name().is_some_and(|n| n == "mod.rs");
                (parts - is_mod as usize, f)
            });
            out.entry(stem).or_default().extend(files);
        } else if path.extension().is_some_and(|e| e == "rs") && stem != "lib" && stem != "main" {
            out.entry(stem).or_default().push((1, path));
        }
    }
    out
}

fn collect_rs(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            // A module's tests in a file of their own (`#[cfg(test)] mod
            // tests;`) are test code, like `#[cfg(test)]` items.
            files.push(path);
        }
    }
}

/// The code of a file without comments and without `#[cfg(test)]` items
/// (the item after the attribute, up to its matching closing brace).
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut depth = 0i32;
    let mut pending_test = false;
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let trimmed = code.trim();
        if skip_depth.is_none() && trimmed.starts_with("#[cfg(test)]") {
            pending_test = true;
            continue;
        }
        let opens = code.matches('{').count() as i32;
        let closes = code.matches('}').count() as i32;
        if pending_test && !trimmed.is_empty() {
            pending_test = false;
            if opens > closes {
                skip_depth = Some(depth);
            }
            depth += opens - closes;
            continue;
        }
        depth += opens - closes;
        if let Some(d) = skip_depth {
            if depth <= d {
                skip_depth = None;
            }
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The top-level modules named by a piece of code at module depth `depth`
/// (1 for `src/x.rs`): `crate::x`, the entries of `use crate::{x, y::z}`
/// groups, and `super::` paths that climb to the crate root (`super::x` at
/// depth 1, `super::super::x` at depth 2, ...).
fn references(code: &str, depth: usize) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(is_word(b[i - 1]) || b[i - 1] == b':');
        let rest = &code[i..];
        let after = if !boundary {
            None
        } else if let Some(after) = rest.strip_prefix("crate::") {
            Some(after)
        } else if rest.starts_with("super::") {
            let mut after = rest;
            let mut ups = 0;
            while let Some(a) = after.strip_prefix("super::") {
                after = a;
                ups += 1;
            }
            // Only a path that reaches the crate root leaves the module.
            (ups == depth).then_some(after)
        } else {
            None
        };
        let Some(after) = after else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if let Some(group) = after.strip_prefix('{') {
            // `{a, b::c, d}`: the first segment of each entry at depth 0.
            let mut nesting = 0;
            let mut start = true;
            let mut word = String::new();
            for c in group.chars() {
                match c {
                    '{' => nesting += 1,
                    '}' if nesting == 0 => break,
                    '}' => nesting -= 1,
                    ',' if nesting == 0 => {
                        if !word.is_empty() {
                            found.insert(std::mem::take(&mut word));
                        }
                        start = true;
                    }
                    c if start && nesting == 0 && (c.is_alphanumeric() || c == '_') => word.push(c),
                    _ => {
                        if !word.is_empty() {
                            found.insert(std::mem::take(&mut word));
                            start = false;
                        }
                    }
                }
            }
            if !word.is_empty() {
                found.insert(word);
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
        i = code.len() - after.len();
    }
    found
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The dependency graph between top-level modules, from each module's
/// sources as (module depth, text).
fn graph_of(sources: &BTreeMap<String, Vec<(usize, String)>>) -> Graph {
    let mut g = BTreeMap::new();
    for (name, files) in sources {
        let mut deps = BTreeSet::new();
        for (depth, text) in files {
            for r in references(&production_code(text), *depth) {
                if r != *name && sources.contains_key(&r) {
                    deps.insert(r);
                }
            }
        }
        g.insert(name.clone(), deps);
    }
    g
}

/// The dependency graph between the top-level modules of `src`.
fn graph(src: &Path) -> Graph {
    let sources = modules(src)
        .into_iter()
        .map(|(name, files)| {
            let texts = files
                .into_iter()
                .map(|(depth, f)| (depth, fs::read_to_string(f).unwrap()))
                .collect();
            (name, texts)
        })
        .collect();
    graph_of(&sources)
}

/// One cycle of the graph, if there is any (as a path a -> b -> ... -> a).
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        n: &str,
        g: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(n.to_string(), Mark::Open);
        stack.push(n.to_string());
        for d in &g[n] {
            match marks[d.as_str()] {
                Mark::Open => {
                    let from = stack.iter().position(|s| s == d).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(d, g, marks, stack) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks.insert(n.to_string(), Mark::Done);
        None
    }
    let mut marks: BTreeMap<String, Mark> = g.keys().map(|k| (k.clone(), Mark::New)).collect();
    for n in g.keys() {
        if marks[n.as_str()] == Mark::New {
            if let Some(c) = visit(n, g, &mut marks, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// One row of the module table.
#[derive(Debug, PartialEq)]
struct Layer {
    module: String,
    uses: BTreeSet<String>,
}

/// The cells of a Markdown table row (`\|` does not split).
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut out = vec![String::new()];
    let mut prev = ' ';
    for c in inner.chars() {
        if c == '|' && prev != '\\' {
            out.push(String::new());
        } else {
            out.last_mut().unwrap().push(c);
        }
        prev = c;
    }
    out.iter().map(|c| c.trim().to_string()).collect()
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// The heading level of a Markdown line (`## x` is 2), if it is a heading.
fn heading_level(line: &str) -> Option<usize> {
    let level = line.chars().take_while(|&c| c == '#').count();
    (level > 0 && line[level..].starts_with(' ')).then_some(level)
}

/// The module table of the "How it works" section (a heading of any level,
/// up to the next heading of the same or a higher level), rows bottom to
/// top; or what is wrong with it.
fn parse_table(doc: &str) -> Result<Vec<Layer>, Vec<String>> {
    let mut lines = doc.lines();
    let level = lines
        .by_ref()
        .find_map(|l| {
            let level = heading_level(l)?;
            (l[level..].trim() == "How it works").then_some(level)
        })
        .unwrap_or(0);
    let section: Vec<&str> = lines
        .take_while(|l| heading_level(l).is_none_or(|h| h > level))
        .collect();
    let Some(header) = section
        .iter()
        .position(|l| l.trim_start().starts_with('|') && cells(l) == ["module", "concern", "uses"])
    else {
        return Err(vec![
            "no `| module | concern | uses |` table in a \"How it works\" section".into(),
        ]);
    };
    let mut layers: Vec<Layer> = Vec::new();
    let mut errors = Vec::new();
    for line in section[header + 1..]
        .iter()
        .take_while(|l| l.trim_start().starts_with('|'))
    {
        let row = cells(line);
        if row.iter().all(|c| c.chars().all(|c| c == '-' || c == ':')) {
            continue; // the separator
        }
        let module = row[0].trim_matches('`');
        if !is_ident(module) {
            errors.push(format!("table row names no module: {line}"));
            continue;
        }
        if layers.iter().any(|l| l.module == module) {
            errors.push(format!("module `{module}` has two rows"));
        }
        let mut uses = BTreeSet::new();
        let cell = row.get(2).map(String::as_str).unwrap_or("");
        if !matches!(cell, "—" | "-" | "") {
            for u in cell.split(',') {
                let u = u.trim().trim_matches('`');
                if !is_ident(u) {
                    errors.push(format!(
                        "`{module}`: its uses cell must list module names (or —), not `{u}`"
                    ));
                } else if !layers.iter().any(|l| l.module == u) {
                    errors.push(format!(
                        "`{module}` uses `{u}`, which has no row before it (rows go bottom to top)"
                    ));
                } else {
                    uses.insert(u.to_string());
                }
            }
        }
        layers.push(Layer {
            module: module.to_string(),
            uses,
        });
    }
    if errors.is_empty() {
        Ok(layers)
    } else {
        Err(errors)
    }
}

/// What breaks the declared layering in graph `g`, one line each.
fn check_layering(layers: &[Layer], g: &Graph) -> Vec<String> {
    let mut errors = Vec::new();
    let row = |m: &str| layers.iter().position(|l| l.module == m);
    for (module, deps) in g {
        let Some(at) = row(module) else {
            errors.push(format!("module `{module}` has no row in the module table"));
            continue;
        };
        for d in deps {
            if layers[at].uses.contains(d) {
                continue;
            }
            match row(d) {
                Some(r) if r > at => errors.push(format!(
                    "`{module}` refers to `{d}`, which is listed after it (above it)"
                )),
                _ => errors.push(format!(
                    "`{module}` refers to `{d}`, which its uses cell does not list"
                )),
            }
        }
    }
    for l in layers {
        if !g.contains_key(&l.module) {
            errors.push(format!(
                "the module table names `{}`, which is not a module of src/",
                l.module
            ));
        }
    }
    errors
}

fn src_dir() -> PathBuf {
    std::env::var_os("ARCHITECTURE_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// The Markdown file with the module table.
fn table_path(src: &Path) -> PathBuf {
    if let Some(path) = std::env::var_os("ARCHITECTURE_README") {
        return PathBuf::from(path);
    }
    let docs = src.join("..").join("docs").join("architecture.md");
    if docs.is_file() {
        docs
    } else {
        src.join("..").join("README.md")
    }
}

fn describe(g: &Graph) -> String {
    g.iter()
        .map(|(k, v)| {
            let uses: Vec<&str> = v.iter().map(String::as_str).collect();
            format!(
                "{k}: {}",
                if uses.is_empty() {
                    "—".to_string()
                } else {
                    uses.join(", ")
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn module_graph_has_no_cycle() {
    let g = graph(&src_dir());
    assert!(g.len() > 5, "modules not found: {g:?}");
    if let Some(cycle) = find_cycle(&g) {
        panic!(
            "module cycle: {}\ngraph:\n{}",
            cycle.join(" -> "),
            describe(&g)
        );
    }
}

#[test]
fn modules_follow_the_module_table() {
    let src = src_dir();
    let doc = table_path(&src);
    let text = fs::read_to_string(&doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
    let g = graph(&src);
    let layers = parse_table(&text)
        .unwrap_or_else(|errors| panic!("{}:\n{}", doc.display(), errors.join("\n")));
    let errors = check_layering(&layers, &g);
    assert!(
        errors.is_empty(),
        "{} (\"How it works\") and {} disagree:\n{}\n\nwhat each module uses now:\n{}",
        doc.display(),
        src.display(),
        errors.join("\n"),
        describe(&g)
    );
    for l in &layers {
        let unused: Vec<&String> = l.uses.difference(&g[&l.module]).collect();
        if !unused.is_empty() {
            eprintln!(
                "note: `{}` is allowed {unused:?} but does not use them",
                l.module
            );
        }
    }
}

#[test]
fn the_check_sees_references_and_cycles() {
    let code = "use crate::{edits::{self, Edit}, log::Level};\nuse crate::syntax;\nlet x = crate::printing::py_repr(y);\n// crate::report is a comment\n#[cfg(test)]\nmod tests {\n    use crate::driver;\n}\n";
    let refs = references(&production_code(code), 1);
    let expected: BTreeSet<String> = ["edits", "log", "syntax", "printing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(refs, expected);
    // `super::` leaves the module only when it climbs to the crate root.
    let code = "use super::{arglist, edits::Edit};\nuse super::super::rules;\nfn f() { super::log::x(); }\n";
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(references(code, 1), names(&["arglist", "edits", "log"]));
    assert_eq!(references(code, 2), names(&["rules"]));
    assert_eq!(references(code, 3), names(&[]));
    let mut g: Graph = BTreeMap::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
    g.get_mut("c").unwrap().insert("a".into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn the_layering_rule_sees_violations() {
    let readme = "# x\n\n## How it works\n\nText.\n\n| module | concern | uses |\n| --- | --- | --- |\n| `low` | bottom | — |\n| `mid` | middle \\| escaped | low |\n| `top` | top | `low`, `mid` |\n\n## Next\n\n| module | concern | uses |\n| --- | --- | --- |\n| `ignored` | other section | — |\n";
    let layers = parse_table(readme).unwrap();
    let order: Vec<&str> = layers.iter().map(|l| l.module.as_str()).collect();
    assert_eq!(order, ["low", "mid", "top"]);
    let source = |files: &[(usize, &str)]| -> Vec<(usize, String)> {
        files.iter().map(|(d, t)| (*d, t.to_string())).collect()
    };
    let mut sources: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    sources.insert("low".into(), source(&[(1, "fn f() {}\n")]));
    sources.insert("mid".into(), source(&[(1, "use crate::low;\n")]));
    sources.insert(
        "top".into(),
        source(&[
            (1, "mod part;\n"),
            (2, "use super::super::{mid, low::X};\n"),
        ]),
    );
    assert_eq!(
        check_layering(&layers, &graph_of(&sources)),
        Vec::<String>::new()
    );

    // Downward but undeclared, upward, a module without a row, a row without
    // a module of src/.
    sources.insert("low".into(), source(&[(1, "use crate::top;\n")]));
    sources.insert("mid".into(), source(&[(1, "use crate::{low, top};\n")]));
    sources.insert("extra".into(), source(&[(1, "use crate::low;\n")]));
    sources.remove("top");
    sources.insert("top2".into(), source(&[(1, "")]));
    let errors = check_layering(&layers, &graph_of(&sources));
    let text = errors.join("\n");
    assert!(text.contains("module `extra` has no row"), "{text}");
    assert!(text.contains("module `top2` has no row"), "{text}");
    assert!(
        text.contains("names `top`, which is not a module"),
        "{text}"
    );
    sources.insert("top".into(), source(&[(1, "")]));
    sources.remove("top2");
    sources.remove("extra");
    let errors = check_layering(&layers, &graph_of(&sources));
    assert_eq!(
        errors,
        [
            "`low` refers to `top`, which is listed after it (above it)",
            "`mid` refers to `top`, which is listed after it (above it)",
        ]
    );
    sources.insert("top".into(), source(&[(1, "use crate::{low, mid};\n")]));
    sources.insert("low".into(), source(&[(1, "")]));
    sources.insert("mid".into(), source(&[(1, "")]));
    let narrow = "## How it works\n| module | concern | uses |\n| --- | --- | --- |\n| `low` | | — |\n| `mid` | | — |\n| `top` | | mid |\n";
    let errors = check_layering(&parse_table(narrow).unwrap(), &graph_of(&sources));
    assert_eq!(
        errors,
        ["`top` refers to `low`, which its uses cell does not list"]
    );

    // What the table itself may not say.
    let bad = "## How it works\n| module | concern | uses |\n| --- | --- | --- |\n| `a` | | b |\n| `b` | | — |\n| … | | |\n| `c` | | all of the above |\n| `a` | | — |\n";
    let errors = parse_table(bad).unwrap_err();
    assert_eq!(
        errors,
        [
            "`a` uses `b`, which has no row before it (rows go bottom to top)",
            "table row names no module: | … | | |",
            "`c`: its uses cell must list module names (or —), not `all of the above`",
            "module `a` has two rows",
        ]
    );
    assert!(parse_table("## How it works\nno table\n## Next\n").is_err());
    // docs/architecture.md: the section is the page, the table in a
    // subsection of it.
    let page = "# How it works\n\nText.\n\n## Modules\n\n| module | concern | uses |\n| --- | --- | --- |\n| `low` | | — |\n| `top` | | low |\n\n## Rule tables\n";
    let order: Vec<String> = parse_table(page)
        .unwrap()
        .into_iter()
        .map(|l| l.module)
        .collect();
    assert_eq!(order, ["low", "top"]);
    assert!(parse_table("# How it works\nno table\n# Next\n| module | concern | uses |\n| --- | --- | --- |\n| `low` | | — |\n").is_err());
}

/// A `tests.rs` is skipped as test code only if its module declares it so.
#[test]
fn tests_files_are_test_only_modules() {
    let src = src_dir();
    let mut files = Vec::new();
    let mut all = Vec::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all_rs(&path, &mut all);
        }
    }
    files.extend(all.into_iter().filter(|p| p.ends_with("tests.rs")));
    for f in files {
        let dir = f.parent().unwrap();
        let parent = [dir.join("mod.rs"), dir.with_extension("rs")]
            .into_iter()
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{}: no parent module", f.display()));
        let text = fs::read_to_string(&parent).unwrap();
        assert!(
            text.contains("#[cfg(test)]\nmod tests;"),
            "{} declares `mod tests;` without #[cfg(test)]",
            parent.display()
        );
    }
}

fn all_rs(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all_rs(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}
