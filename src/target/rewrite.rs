//! Rewrites toward code that runs in the target, before the check: each one
//! happens only when what it writes resolves in the target's API tables,
//! and each is an INFO entry.
//!
//! In order, for a reference that does not resolve:
//! 1. the renames older references had (`rules/older.toml`: TensorFlow
//!    2.4's and 2.15's tables, where 2.21's lack them);
//! 2. a TF 1 functional layer called as a Keras 3 layer object
//!    ([`keras_layers`](super::keras_layers));
//! 3. `tf.contrib.slim` / `layers` / `framework` → tf-slim ([`slim`]);
//! 4. `tf.X` → `tf.compat.v1.X`.
//!
//! Then `import tf_slim` when a rewritten reference needs it, and
//! `disable_eager_execution()` for a file that needs graph mode
//! ([`graph_mode`]), both on the line after the file's TensorFlow import.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::edits::{self, Edit};
use crate::registry::Rule;
use crate::syntax::{ast, Stmt};

use super::api::Api;
use super::bindings;
use super::chains::Chain;
use super::check::{File, Reading};
use super::{graph_mode, keras_layers, messages, slim};

/// One rewrite: its edit, and its INFO entry (offset, rule, message).
#[derive(Debug, Default)]
pub struct Rewrites {
    pub edits: Vec<Edit>,
    pub entries: Vec<(usize, Rule, String)>,
}

#[derive(Deserialize)]
struct Older {
    renames: HashMap<String, String>,
}

/// The second components of the keys of [`older_renames`] (`layers` for
/// `tf.layers.dense`): a path under no other can be skipped at once.
fn older_heads() -> &'static std::collections::HashSet<String> {
    static HEADS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    HEADS.get_or_init(|| {
        older_renames()
            .keys()
            .filter_map(|k| k.split('.').nth(1).map(str::to_string))
            .collect()
    })
}

/// The renames of older references (`tf.`-spelled keys and values).
fn older_renames() -> &'static HashMap<String, String> {
    static OLDER: OnceLock<HashMap<String, String>> = OnceLock::new();
    OLDER.get_or_init(|| {
        toml::from_str::<Older>(include_str!("../../rules/older.toml"))
            .expect("rules/older.toml is valid")
            .renames
    })
}

/// `tensorflow.a.b` → `tf.a.b`, the spelling of the rule tables.
fn tf_spelling(full: &str) -> Option<String> {
    super::api::is_under(full, "tensorflow").then(|| format!("tf{}", &full["tensorflow".len()..]))
}

/// The longest key of `table` that is `name` or a dotted prefix of it.
fn longest_prefix<'t>(
    table: &'t HashMap<String, String>,
    name: &str,
) -> Option<(&'t str, &'t str)> {
    let mut end = name.len();
    loop {
        let prefix = &name[..end];
        if let Some((k, v)) = table.get_key_value(prefix) {
            return Some((k, v));
        }
        end = prefix.rfind('.')?;
    }
}

struct Ctx<'f, 'a> {
    file: &'f File<'a>,
    api: &'a Api,
    out: Rewrites,
}

impl Ctx<'_, '_> {
    fn resolves(&self, full: &str) -> bool {
        self.api.missing(full).is_none()
    }

    fn chain_edit(&mut self, c: &Chain, text: String, rule: Rule, msg: String) {
        self.out.edits.push(Edit::replace(c.start, c.end, text));
        self.out.entries.push((c.start, rule, msg));
    }

    /// First of the rewrites: the renames older references had (they apply
    /// whether the old name resolves or not: `tf.summary.scalar` exists in
    /// TF 2 with another meaning), to chains the engine left as they were.
    /// Whether it did.
    fn older_rename(&mut self, c: &Chain, full: &str, alias: &str, base: &str) -> bool {
        if base != "tensorflow" {
            return false;
        }
        let head = full["tensorflow".len()..].split('.').nth(1).unwrap_or("");
        if !older_heads().contains(head) || self.file.has_edit_in(c.start, c.end) {
            return false;
        }
        let Some(tf_name) = tf_spelling(full) else {
            return false;
        };
        let Some((key, value)) = longest_prefix(older_renames(), &tf_name) else {
            return false;
        };
        let new_tf = format!("{value}{}", &tf_name[key.len()..]);
        let new_full = format!("tensorflow{}", &new_tf[2..]);
        if !self.resolves(&new_full) {
            return false;
        }
        let shown = format!("{alias}{}", &full[base.len()..]);
        let text = format!("{alias}{}", &new_tf[2..]);
        let msg = messages::render("older_rename", &[("old", &shown), ("new", &text)]);
        self.chain_edit(c, text, Rule::TargetRename, msg);
        true
    }

    /// A chain whose output resolves to `full` (missing), spelled from the
    /// name `alias` bound to `base`.
    fn rewrite_chain(
        &mut self,
        c: &Chain,
        full: &str,
        alias: &str,
        base: &str,
        call: Option<&ast::ExprCall>,
    ) {
        let shown = format!("{alias}{}", &full[base.len()..]);
        // 2. A functional layer as a Keras layer object.
        if let Some(call) = call {
            let function = full
                .strip_prefix("tensorflow.layers.")
                .or_else(|| full.strip_prefix("tensorflow.compat.v1.layers."));
            if let Some(layer) = function.and_then(|f| keras_layers::layers().get(f)) {
                let class_rest = layer.class.strip_prefix("tf").unwrap_or(&layer.class);
                let class_full = format!("{base}{class_rest}");
                if self.resolves(&class_full) {
                    let class_text = format!("{alias}{class_rest}");
                    if let Some(edit) =
                        keras_layers::rewrite(self.file.source, call, layer, &class_text)
                    {
                        let at = crate::syntax::start(call);
                        self.out.edits.push(edit);
                        self.out.entries.push((
                            at,
                            Rule::KerasLayer,
                            messages::render(
                                "keras_layer",
                                &[("old", &shown), ("new", &class_text)],
                            ),
                        ));
                        return;
                    }
                }
            }
        }
        // 3. tf.contrib → tf-slim.
        if let Some(new_full) = slim::moved(full, &|p| self.resolves(p)) {
            let msg = messages::render("tf_slim_reference", &[("old", &shown), ("new", &new_full)]);
            self.chain_edit(c, new_full, Rule::TfSlim, msg);
            return;
        }
        // 4. tf.X → tf.compat.v1.X.
        if base == "tensorflow" && !full.starts_with("tensorflow.compat.") {
            let rest = &full["tensorflow".len()..];
            let new_full = format!("tensorflow.compat.v1{rest}");
            if self.resolves(&new_full) {
                let text = format!("{alias}.compat.v1{rest}");
                let msg = messages::render("compat_v1", &[("old", &shown), ("new", &text)]);
                self.chain_edit(c, text, Rule::TargetRename, msg);
            }
        }
    }
}

/// The import statements of a body (any depth).
fn imports(body: &[Stmt]) -> Vec<&Stmt> {
    let mut out = Vec::new();
    bindings::collect_imports(body, &mut out);
    out
}

/// `import tensorflow.contrib.slim as slim` → `import tf_slim as slim`, and
/// the like: a statement all of whose names tf-slim has.
fn rewrite_import(file: &File, stmt: &Stmt, api: &Api) -> Option<(Edit, String)> {
    let (lo, hi) = (crate::syntax::start(stmt), crate::syntax::end(stmt));
    let import_ok = |m: &str, n: Option<&str>| api.import_fails(m, n).is_none();
    let mut lines = Vec::new();
    match stmt {
        Stmt::Import(i) => {
            if !i
                .names
                .iter()
                .any(|a| a.name.as_str().starts_with("tensorflow.contrib"))
            {
                return None;
            }
            for a in &i.names {
                let imported = slim::Imported {
                    module: a.name.as_str(),
                    name: None,
                    asname: a.asname.as_ref().map(|n| n.as_str()),
                };
                lines.push(slim::import_statement(&imported, &import_ok)?);
            }
        }
        Stmt::ImportFrom(f) if f.level == 0 => {
            let module = f.module.as_ref()?.as_str();
            if !module.starts_with("tensorflow.contrib") {
                return None;
            }
            for a in &f.names {
                let imported = slim::Imported {
                    module,
                    name: Some(a.name.as_str()),
                    asname: a.asname.as_ref().map(|n| n.as_str()),
                };
                lines.push(slim::import_statement(&imported, &import_ok)?);
            }
        }
        _ => return None,
    }
    // A statement the engine changed is left to it.
    if file.edits.iter().any(|e| e.start < hi && e.end > lo) {
        return None;
    }
    let src = file.source;
    let indent = graph_mode::line_indent(src, lo);
    let newline = edits::line_ending_at(src, hi);
    let text = lines.join(&format!("{newline}{indent}"));
    let old = src[lo..hi].to_string();
    Some((
        Edit::replace(lo, hi, text.clone()),
        messages::render("tf_slim_import", &[("old", &old), ("new", &text)]),
    ))
}

/// The import rewrites of one file (`file.edits`: the engine's, sorted):
/// `import tensorflow.contrib.slim as slim` and the like to tf-slim.
pub fn rewrite_imports(file: &File, api: &Api) -> Rewrites {
    let mut out = Rewrites::default();
    // Such a statement names `contrib` (or a name that is not ASCII, which
    // may normalize to it).
    if file.source.is_ascii() && !file.source.contains("contrib") {
        return out;
    }
    for stmt in imports(file.body) {
        if let Some((edit, msg)) = rewrite_import(file, stmt, api) {
            out.entries.push((edit.start, Rule::TfSlim, msg));
            out.edits.push(edit);
        }
    }
    out
}

/// The rewrites of the chains of one file, and the lines after its
/// TensorFlow import, on the output `file` as the check reads it
/// (`reading`: which chains resolve to what).
pub fn rewrite_chains(file: &File, reading: &Reading, api: &Api) -> Rewrites {
    let out = Rewrites::default();
    let b = &reading.bindings;
    if b.aliases.is_empty() {
        return out;
    }
    let mut cx = Ctx { file, api, out };
    // Graph mode: a call that needs it, and none that turns eager execution
    // off (as the chains resolve before the rewrites, which rename nothing
    // to or from these).
    let (mut needs_graph, mut disables_eager) = (false, false);
    for (c, path) in file.chains.iter().zip(&reading.paths) {
        let Some((full, base_len)) = path else {
            continue;
        };
        if c.call.is_some() {
            disables_eager |= graph_mode::disables_eager(full);
            needs_graph |= graph_mode::needs_graph(full);
        }
        if c.store {
            continue;
        }
        let ok = cx.resolves(full);
        let alias = &file.source[c.root.0..c.root.1];
        let base = &full[..*base_len];
        if cx.older_rename(c, full, alias, base) || ok {
            continue;
        }
        let call = c.call.filter(|_| keras_candidate(full));
        cx.rewrite_chain(c, full, alias, base, call);
    }
    let mut out = cx.out;
    let graph = needs_graph && !disables_eager;
    let tf_import = b.tensorflow_import();
    let slim_bound = b.aliases.contains_key("tf_slim");
    // The lines after the TensorFlow import.
    let Some((alias, module, (lo, hi))) = tf_import else {
        return out;
    };
    let mut lines = Vec::new();
    let slim_needed = out.entries.iter().any(|e| e.1 == Rule::TfSlim)
        && out.edits.iter().any(|e| {
            e.segments.iter().any(
            |s| matches!(s, edits::Segment::Text(t) if t.starts_with("tf_slim.") || t == "tf_slim"),
        )
        })
        && !slim_bound;
    if slim_needed {
        lines.push((
            "import tf_slim".to_string(),
            Rule::TfSlim,
            messages::render("tf_slim_added", &[]),
        ));
    }
    if graph {
        if let Some(statement) = graph_mode::statement(&alias, &module) {
            let msg = messages::render("graph_mode", &[("statement", &statement)]);
            lines.push((statement, Rule::GraphMode, msg));
        }
    }
    if !lines.is_empty() {
        let newline = edits::line_ending_at(file.source, hi);
        let indent = graph_mode::line_indent(file.source, lo);
        let joined: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
        let block = joined.join(&format!("{newline}{indent}"));
        let edit = graph_mode::insert_after_import(file.source, lo, hi, &block);
        for (_, rule, msg) in lines {
            out.entries.push((lo, rule, msg));
        }
        out.edits.push(edit);
    }
    out
}

/// Whether a full path may name a TF 1 functional layer.
fn keras_candidate(full: &str) -> bool {
    full.starts_with("tensorflow.layers.") || full.starts_with("tensorflow.compat.v1.layers.")
}
