//! Names the output's import statements bind to TensorFlow (or tf-slim),
//! and the imports that fail, with Python's import semantics.
//!
//! As Python's import system (and `ast.walk`) sees them: every import statement of the
//! file, breadth first (all statements of depth 1, then depth 2, ...; an
//! `elif` counts as an `if` nested in the `else`), the last binding of a
//! name winning; a failing import binds nothing. The statements are the
//! output's: an import the engine rewrote is read from its rendered text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Maps keyed by short names: a fast hash.
pub type NameMap<V> = HashMap<String, V, BuildHasherDefault<rustc_hash::FxHasher>>;

use crate::edits::{self, Edit};
use crate::syntax::{self, imports, Ranged, Stmt};

use super::api::Api;

/// The roots of the checked names.
pub const ROOTS: [&str; 3] = ["tensorflow", "tf_slim", "tfup_compat"];

pub fn is_ours(name: &str) -> bool {
    ROOTS.iter().any(|r| super::api::is_under(name, r))
}

/// An import that fails in the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Offset of the statement in the input.
    pub offset: usize,
    /// Its end.
    pub end: usize,
    /// `import a.b` / `from a import b`, as the output has it.
    pub text: String,
    /// The full path of what is imported (`a.b`).
    pub full: String,
    /// The first missing module or name.
    pub missing: String,
}

#[derive(Debug, Default)]
pub struct Bindings {
    /// Local name -> full dotted path.
    pub aliases: NameMap<String>,
    pub failures: Vec<Failure>,
    /// Byte ranges of the input's import statements.
    pub ranges: Vec<(usize, usize)>,
    /// Local name -> the statement that binds it.
    pub sites: NameMap<(usize, usize)>,
}

impl Bindings {
    /// The first import (in the text) that binds a name to `tensorflow` or
    /// `tensorflow.compat.v1`: (name, module, statement range).
    pub fn tensorflow_import(&self) -> Option<(&str, &str, (usize, usize))> {
        self.aliases
            .iter()
            .filter(|(_, m)| *m == "tensorflow" || *m == "tensorflow.compat.v1")
            .filter_map(|(a, m)| self.sites.get(a).map(|s| (a.as_str(), m.as_str(), *s)))
            .min_by_key(|&(a, _, s)| (s.0, a))
    }
}

fn range(node: &impl Ranged) -> (usize, usize) {
    (node.start().to_usize(), node.end().to_usize())
}

/// One imported name of the output (the model's [`imports::Imported`];
/// owned when the statement comes from a parse of rendered text).
struct Item<'a> {
    module: Option<Cow<'a, str>>,
    name: Cow<'a, str>,
    asname: Option<Cow<'a, str>>,
}

impl Item<'_> {
    fn into_owned(self) -> Item<'static> {
        Item {
            module: self.module.map(|m| Cow::Owned(m.into_owned())),
            name: Cow::Owned(self.name.into_owned()),
            asname: self.asname.map(|a| Cow::Owned(a.into_owned())),
        }
    }
}

/// The names an import statement imports from TensorFlow or tf-slim,
/// absolute imports only.
fn items(stmt: &Stmt) -> Vec<Item<'_>> {
    imports::imported(stmt)
        .filter(|i| {
            i.level == 0
                && match i.module {
                    Some(m) => is_ours(m) && i.name != "*",
                    None => matches!(stmt, Stmt::Import(_)) && is_ours(i.name),
                }
        })
        .map(|i| Item {
            module: i.module.map(Cow::Borrowed),
            name: Cow::Borrowed(i.name),
            asname: i.asname.map(Cow::Borrowed),
        })
        .collect()
}

/// The items of statements parsed from `text`.
fn parsed_items(text: &str) -> Option<Vec<Item<'static>>> {
    if let Some(items) = plain_items(text) {
        return Some(items);
    }
    let parsed = syntax::parse(text).ok()?;
    Some(
        parsed
            .module()
            .body
            .iter()
            .flat_map(items)
            .map(Item::into_owned)
            .collect(),
    )
}

/// [`parsed_items`] without the parser, where every line of `text` is a
/// plain import statement ([`imports::plain`]).
fn plain_items(text: &str) -> Option<Vec<Item<'static>>> {
    let items = imports::plain(text)?
        .into_iter()
        .filter(|i| match i.module {
            Some(m) => is_ours(m),
            None => is_ours(i.name),
        })
        .map(|i| Item {
            module: i.module.map(|m| Cow::Owned(m.to_string())),
            name: Cow::Owned(i.name.to_string()),
            asname: i.asname.map(|a| Cow::Owned(a.to_string())),
        });
    Some(items.collect())
}

/// An import of the output: depth, start, statement range, items.
type Found<'a> = (usize, usize, (usize, usize), Vec<Item<'a>>);

/// Whether some edit inserts an import statement.
pub fn inserts_imports(edits: &[Edit]) -> bool {
    !inserted_imports(edits).is_empty()
}

/// Import statements that edits insert (an insertion that holds whole
/// statements, such as `import tf_slim` on the line after another import),
/// read with the parser: (offset, items).
fn inserted_imports(edits: &[Edit]) -> Vec<(usize, Vec<Item<'static>>)> {
    let mut out = Vec::new();
    for e in edits.iter().filter(|e| e.start == e.end) {
        let text: Cow<str> = match &e.segments[..] {
            [edits::Segment::Text(t)] => Cow::Borrowed(t),
            segments => segments
                .iter()
                .filter_map(|s| match s {
                    edits::Segment::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect(),
        };
        if !text.contains("import") {
            continue;
        }
        let flat: String = text
            .split_inclusive(['\n', '\r'])
            .map(|l| l.trim_start_matches([' ', '\t']))
            .collect();
        if let Some(items) = parsed_items(&flat) {
            if !items.is_empty() {
                out.push((e.start, items));
            }
        }
    }
    out
}

/// The items of the output's statement at `lo..hi` (rendered with the
/// engine's edits); `None` when the statement is not in the output.
fn output_items<'a>(source: &str, edits: &[Edit], stmt: &'a Stmt) -> Option<Vec<Item<'a>>> {
    let (lo, hi) = range(stmt);
    let first = edits.partition_point(|e| e.start < lo);
    let touched = edits.get(first).is_some_and(|e| e.start < hi);
    if !edits::survives(edits, lo, hi) {
        return None;
    }
    if !touched {
        return Some(items(stmt));
    }
    let original = &source[lo..hi];
    let rendered = match edits::render_range(source, edits, lo, hi) {
        Some(r) if r != original => r,
        _ => return Some(items(stmt)),
    };
    // A rewritten statement (possibly split into several lines, indented
    // like the original): import statements hold no block, so the lines
    // can lose their indentation.
    let flat: String = rendered
        .split_inclusive('\n')
        .map(|l| l.trim_start_matches([' ', '\t']))
        .collect();
    Some(parsed_items(&flat).unwrap_or_else(|| items(stmt)))
}

/// The bindings of the output of the input's import statements `stmts`
/// ([`imports::statements`] of its body) and `edits` (sorted by
/// [`edits::sort`]).
pub fn bindings(source: &str, stmts: &[(usize, &Stmt)], edits: &[Edit], api: &Api) -> Bindings {
    let mut b = Bindings::default();
    // Every import of the output: the input's (as the edits leave them) and
    // those that inserted text adds, at the depth of the import before them.
    let mut found: Vec<Found> = Vec::new();
    for (depth, stmt) in stmts {
        let (lo, hi) = range(*stmt);
        b.ranges.push((lo, hi));
        if let Some(items) = output_items(source, edits, stmt) {
            found.push((*depth, lo, (lo, hi), items));
        }
    }
    for (at, items) in inserted_imports(edits) {
        let depth = stmts
            .iter()
            .filter(|(_, s)| range(*s).1 <= at)
            .max_by_key(|(_, s)| s.start())
            .map_or(1, |(d, _)| *d);
        found.push((depth, at, (at, at), items));
    }
    found.sort_by_key(|(depth, start, _, _)| (*depth, *start));
    for (_, _, (lo, hi), items) in found {
        for item in items {
            let (fails, local, bound) = match &item.module {
                None => {
                    let name = &*item.name;
                    let (local, bound) = match &item.asname {
                        Some(a) => (&**a, name),
                        None => {
                            let root = name.split('.').next().unwrap_or_default();
                            (root, root)
                        }
                    };
                    (api.import_fails(name, None), local, Cow::Borrowed(bound))
                }
                Some(m) => {
                    let local = item.asname.as_deref().unwrap_or(&item.name);
                    let full = format!("{m}.{}", item.name);
                    (
                        api.import_fails(m, Some(&item.name)),
                        local,
                        Cow::Owned(full),
                    )
                }
            };
            // Names of one `from` import that fail for the same missing
            // module are one problem: one failure names them all.
            let same_module = |f: &Failure, missing: &str| {
                f.offset == lo
                    && f.missing == missing
                    && item.module.as_ref().is_some_and(|m| {
                        missing != format!("{m}.{}", item.name)
                            && f.text.starts_with(&format!("from {m} import "))
                    })
            };
            match fails {
                Some(missing) if b.failures.last().is_some_and(|f| same_module(f, &missing)) => {
                    let last = b.failures.last_mut().expect("a failure");
                    last.text.push_str(", ");
                    last.text.push_str(&item.name);
                }
                Some(missing) => b.failures.push(Failure {
                    offset: lo,
                    end: hi,
                    text: match &item.module {
                        None => format!("import {}", item.name),
                        Some(m) => format!("from {m} import {}", item.name),
                    },
                    full: match &item.module {
                        None => item.name.to_string(),
                        Some(_) => bound.into_owned(),
                    },
                    missing,
                }),
                None => {
                    b.sites.insert(local.to_string(), (lo, hi));
                    b.aliases.insert(local.to_string(), bound.into_owned());
                }
            }
        }
    }
    b.ranges.sort();
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_imports_give_the_items_the_parser_gives() {
        let owned = |i: Item| {
            (
                i.module.map(|m| m.to_string()),
                i.name.to_string(),
                i.asname.map(|a| a.to_string()),
            )
        };
        let text = "import tensorflow.compat.v1 as tf, numpy as np\nfrom tf_slim import layers\nfrom os import path\n";
        let parsed = syntax::parse(text).unwrap();
        let body = &parsed.module().body;
        let by_parser: Vec<_> = body.iter().flat_map(items).map(owned).collect();
        let plain: Vec<_> = plain_items(text).unwrap().into_iter().map(owned).collect();
        assert_eq!(plain, by_parser);
        assert_eq!(plain.len(), 2);
    }
}
