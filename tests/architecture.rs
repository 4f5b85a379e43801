//! The house is one-way: the graph of `crate::<module>` references between
//! the top-level modules of `src/` has no cycle. A folder module counts as
//! one module; comments and `#[cfg(test)]` modules are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module name -> the files that make it up.
fn modules(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut out: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            collect_rs(&path, &mut files);
            out.entry(stem).or_default().extend(files);
        } else if path.extension().is_some_and(|e| e == "rs") && stem != "lib" && stem != "main" {
            out.entry(stem).or_default().push(path);
        }
    }
    out
}

fn collect_rs(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
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

/// The top-level modules a piece of code names as `crate::x` (also inside
/// `use crate::{x, y::z}` groups).
fn references(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let before_ok = i == 0 || {
            let c = rest.as_bytes()[i - 1];
            !(c.is_ascii_alphanumeric() || c == b'_')
        };
        if before_ok {
            if let Some(group) = after.strip_prefix('{') {
                // `crate::{a, b::c, d}`: the first segment of each entry at depth 0.
                let mut depth = 0;
                let mut start = true;
                let mut word = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => start = true,
                        c if start && depth == 0 && (c.is_alphanumeric() || c == '_') => {
                            word.push(c)
                        }
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
        }
        rest = &rest[i + "crate::".len()..];
    }
    found
}

/// The dependency graph between top-level modules of `src`.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules(src);
    let mut g = BTreeMap::new();
    for (name, files) in &mods {
        let mut deps = BTreeSet::new();
        for f in files {
            let code = production_code(&fs::read_to_string(f).unwrap());
            for r in references(&code) {
                if r != *name && mods.contains_key(&r) {
                    deps.insert(r);
                }
            }
        }
        g.insert(name.clone(), deps);
    }
    g
}

/// One cycle of the graph, if there is any (as a path a -> b -> ... -> a).
fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
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

#[test]
fn module_graph_has_no_cycle() {
    // ARCHITECTURE_SRC checks another tree (e.g. an old checkout's src/).
    let src = std::env::var_os("ARCHITECTURE_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let g = graph(&src);
    assert!(g.len() > 5, "modules not found: {g:?}");
    if let Some(cycle) = find_cycle(&g) {
        let edges: Vec<String> = g
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k} -> {}",
                    v.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!(
            "module cycle: {}\ngraph:\n{}",
            cycle.join(" -> "),
            edges.join("\n")
        );
    }
}

#[test]
fn the_check_sees_references_and_cycles() {
    let code = "use crate::{edits::{self, Edit}, log::Level};\nuse crate::syntax;\nlet x = crate::printing::py_repr(y);\n// crate::report is a comment\n#[cfg(test)]\nmod tests {\n    use crate::driver;\n}\n";
    let refs = references(&production_code(code));
    let expected: BTreeSet<String> = ["edits", "log", "syntax", "printing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(refs, expected);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
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
