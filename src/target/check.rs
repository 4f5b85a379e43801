//! The `api-missing` pass: every import and every attribute chain of the
//! output rooted at a name bound to TensorFlow (or tf-slim) must resolve in
//! the target.
//!
//! It reads the input's tree and the engine's edits instead of parsing the
//! output: a chain is checked as the output has it (its byte range rendered
//! with the edits inside it; a chain in text the engine dropped is not
//! checked), and names in text the engine inserted are scanned from the
//! edits' literal segments. Only the outermost attribute of a chain of
//! attributes over a name is checked (`tf.a(x).b` checks `tf.a`), and
//! resolution stops at anything that is not a module or a class.

use crate::edits::{self, Edit, Segment};
use crate::syntax::{ast, walk_expr, Expr, Ranged, Stmt, Visitor};

use super::api::{Api, Target};
use super::assigned::Assigned;
use super::bindings::{self, Bindings};

/// An attribute chain over a name: `root.a.b` (outermost attribute).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chain {
    pub start: usize,
    pub end: usize,
    /// The range of the root name.
    pub root: (usize, usize),
    pub store: bool,
}

/// The chains of a module, in source order of their visit.
#[derive(Default)]
struct Chains {
    found: Vec<Chain>,
}

impl<'a> Visitor<'a> for Chains {
    fn visit_expr(&mut self, expr: &'a Expr) {
        let Expr::Attribute(outer) = expr else {
            walk_expr(self, expr);
            return;
        };
        let mut base: &Expr = &outer.value;
        while let Expr::Attribute(a) = base {
            base = &a.value;
        }
        if let Expr::Name(n) = base {
            self.found.push(Chain {
                start: expr.start().to_usize(),
                end: expr.end().to_usize(),
                root: (n.start().to_usize(), n.end().to_usize()),
                store: matches!(outer.ctx, ast::ExprContext::Store),
            });
        } else {
            self.visit_expr(base);
        }
    }
}

pub(crate) fn chains(body: &[Stmt]) -> Vec<Chain> {
    let mut c = Chains::default();
    c.visit_body(body);
    c.found
}

/// `root.a.b` from the text of a chain (spaces, line continuations,
/// comments and brackets around parts are not part of the name): the root
/// and the rest (`a.b`).
#[cfg(test)]
pub(crate) fn dotted(text: &str) -> Option<(&str, String)> {
    let mut rest = String::new();
    let root = dotted_into(text, &mut rest)?;
    Some((root, rest.get(1..).unwrap_or_default().to_string()))
}

/// The root of the chain in `text`; its other names are appended to `out`,
/// each after a `.` (see [`dotted`]). `None` (and `out` in any state) when
/// `text` is not a chain of at least two names.
fn dotted_into<'t>(text: &'t str, out: &mut String) -> Option<&'t str> {
    let mut root: Option<&str> = None;
    let mut want_name = true;
    let mut parts = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b'\\' | b'\x0c' | b'(' | b')' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'.' if !want_name => {
                want_name = true;
                i += 1;
            }
            _ if want_name => {
                let rest = &text[i..];
                let len = rest
                    .char_indices()
                    .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
                    .map(|(k, _)| k)
                    .unwrap_or(rest.len());
                if len == 0 {
                    return None;
                }
                match root {
                    None => root = Some(&rest[..len]),
                    Some(_) => {
                        out.push('.');
                        out.push_str(&rest[..len]);
                        parts += 1;
                    }
                }
                want_name = false;
                i += len;
            }
            _ => return None,
        }
    }
    // A chain the output spells as one name (`tf.contrib.slim` → `tf_slim`)
    // is that name.
    let _ = parts;
    if want_name {
        return None;
    }
    root
}

/// A reference that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// Where to report it in the input.
    pub offset: usize,
    /// The end of the input's range that gives it.
    pub end: usize,
    /// The reference as the output spells it.
    pub text: String,
    /// Its full path (`tensorflow.…`).
    pub full: String,
    /// Its first missing prefix.
    pub missing: String,
}

/// A chain of the output rooted at a bound name: its full path, the length
/// of the bound name's path in it, and whether it resolves in the target.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub full: String,
    pub base_len: usize,
    pub ok: bool,
}

/// What the check found, and what the output uses.
#[derive(Debug, Default)]
pub struct Analysis {
    pub missing: Vec<Missing>,
    pub uses: Uses,
    /// The full paths the output assigns (`tf.GraphKeys.MINE = …`).
    pub stored: Vec<String>,
    /// Input offsets of the chains whose output resolves, in order.
    pub resolved: Vec<usize>,
}

/// What the output uses besides TensorFlow itself.
#[derive(Debug, Default, Clone, Copy)]
pub struct Uses {
    /// An import binds a name to tf-slim.
    pub tf_slim: bool,
    /// A reference to what tf-keras provides under TF_USE_LEGACY_KERAS=1
    /// (Keras 2 behind `tf.keras`, the TF 1 layers and RNN cells).
    pub tf_keras: bool,
}

/// Where tf-keras answers under TF_USE_LEGACY_KERAS=1.
const TF_KERAS: &[&str] = &[
    "tensorflow.keras",
    "tensorflow.compat.v1.keras",
    "tensorflow.compat.v2.keras",
    "tensorflow.compat.v1.layers",
    "tensorflow.compat.v1.nn.rnn_cell",
];

impl Uses {
    fn note_path(&mut self, full: &str) {
        let under = |p: &str| super::api::is_under(full, p);
        self.tf_keras |= TF_KERAS.iter().any(|p| under(p));
    }

    fn note_bindings(&mut self, b: &Bindings) {
        for m in b.aliases.values() {
            self.tf_slim |= m == "tf_slim" || m.starts_with("tf_slim.");
            self.note_path(m);
        }
    }
}

/// Everything the pass needs to know about one file.
#[derive(Clone, Copy)]
pub struct File<'a> {
    pub source: &'a str,
    pub body: &'a [Stmt],
    /// The engine's edits, sorted by [`edits::sort`].
    pub edits: &'a [Edit],
    pub api: &'a Api,
}

impl File<'_> {
    pub(crate) fn has_edit_in(&self, lo: usize, hi: usize) -> bool {
        let i = self.edits.partition_point(|e| e.start < lo);
        self.edits.get(i).is_some_and(|e| e.start < hi)
    }

    /// The output's text of a chain, when it is in the output.
    fn chain_text(&self, c: &Chain, b: &Bindings) -> Option<String> {
        let edited = self.has_edit_in(c.start, c.end);
        if !edited && !b.aliases.contains_key(&self.source[c.root.0..c.root.1]) {
            return None;
        }
        if !edits::survives(self.edits, c.start, c.end) {
            return None;
        }
        if edited {
            edits::render_range(self.source, self.edits, c.start, c.end)
        } else {
            Some(self.source[c.start..c.end].to_string())
        }
    }

    /// The output's text of a chain (known to be in the output).
    pub(crate) fn chain_text_any(&self, c: &Chain) -> Option<String> {
        edits::render_range(self.source, self.edits, c.start, c.end)
    }

    /// The full path of the output's chain, when it is rooted at a bound
    /// name, and the length of its base (the bound name's path).
    pub(crate) fn resolve(&self, c: &Chain, b: &Bindings) -> Option<(String, usize)> {
        let text = self.chain_text(c, b)?;
        let mut rest = String::new();
        let root = dotted_into(&text, &mut rest)?;
        let base = b.aliases.get(root)?;
        let mut full = String::with_capacity(base.len() + rest.len());
        full.push_str(base);
        full.push_str(&rest);
        Some((full, base.len()))
    }

    /// The output's spelling of a chain resolved to `full`.
    fn spelling(&self, c: &Chain, full: &str, base_len: usize) -> String {
        let root = &self.source[c.root.0..c.root.1];
        let text = self.chain_text_any(c).unwrap_or_default();
        let mut out = String::new();
        match dotted_into(&text, &mut out) {
            Some(r) => format!("{r}{out}"),
            None => format!("{root}{}", &full[base_len..]),
        }
    }

    /// Every reference of the output that does not resolve, in the order:
    /// imports, chains, names in inserted text. `own` is what this file
    /// assigns.
    pub fn missing(&self, assigned: Option<&Assigned>) -> Vec<Missing> {
        self.analyse(assigned).missing
    }

    /// [`File::missing`], and what the output uses (one walk for both):
    /// computed from the input's tree and the edits alone.
    pub fn analyse(&self, assigned: Option<&Assigned>) -> Analysis {
        let b = bindings::bindings(self.source, self.body, self.edits, self.api);
        let mut uses = Uses::default();
        uses.note_bindings(&b);
        let mut out: Vec<Missing> = b
            .failures
            .iter()
            .map(|f| Missing {
                offset: f.offset,
                end: f.end,
                text: f.text.clone(),
                full: f.full.clone(),
                missing: f.missing.clone(),
            })
            .collect();
        if b.aliases.is_empty() {
            // No name bound to TensorFlow: no chain to check.
            return Analysis {
                missing: out,
                uses,
                ..Analysis::default()
            };
        }
        let all = chains(self.body);
        let resolved: Vec<Option<Resolved>> = all
            .iter()
            .map(|c| {
                self.resolve(c, &b).map(|(full, base_len)| Resolved {
                    ok: self.api.missing(&full).is_none(),
                    full,
                    base_len,
                })
            })
            .collect();
        let resolving: Vec<usize> = all
            .iter()
            .zip(&resolved)
            .filter(|(_, r)| r.as_ref().is_some_and(|r| r.ok))
            .map(|(c, _)| c.start)
            .collect();
        let stored: Vec<String> = all
            .iter()
            .zip(&resolved)
            .filter(|(c, _)| c.store)
            .filter_map(|(_, r)| r.as_ref().map(|r| r.full.clone()))
            .collect();
        let own = Assigned::new(stored.iter().cloned());
        let defined = |full: &str| own.covers(full) || assigned.is_some_and(|a| a.covers(full));
        let check = |(offset, end): (usize, usize),
                     text: &dyn Fn() -> String,
                     full: &str,
                     out: &mut Vec<Missing>| {
            if let Some(m) = self.api.missing(full) {
                if !defined(full) {
                    out.push(Missing {
                        offset,
                        end,
                        missing: m.to_string(),
                        text: text(),
                        full: full.to_string(),
                    });
                }
            }
        };
        // Chains rooted at a name (disjoint ranges, in source order).
        let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(all.len());
        for (c, r) in all.iter().zip(resolved) {
            ranges.push((c.start, c.end));
            if let Some(Resolved { full, base_len, ok }) = r {
                uses.note_path(&full);
                if !ok {
                    let text = || self.spelling(c, &full, base_len);
                    check((c.start, c.end), &text, &full, &mut out);
                }
            }
        }
        ranges.sort();
        let inside = |ranges: &[(usize, usize)], e: &Edit| {
            let i = ranges.partition_point(|r| r.0 <= e.start);
            i > 0 && ranges[i - 1].1 >= e.end
        };
        // Names in text the engine inserted outside any chain or import.
        for e in self.edits {
            if inside(&ranges, e) || inside(&b.ranges, e) {
                continue;
            }
            if !e.segments.iter().any(|s| matches!(s, Segment::Text(_))) {
                continue;
            }
            if !edits::survives(self.edits, e.start, e.end) {
                continue;
            }
            for seg in &e.segments {
                if let Segment::Text(t) = seg {
                    for name in inserted_names(t) {
                        if let Some((root, rest)) = name.split_once('.') {
                            if let Some(base) = b.aliases.get(root) {
                                let full = format!("{base}.{rest}");
                                check((e.start, e.end), &|| name.to_string(), &full, &mut out);
                            }
                        }
                    }
                }
            }
        }
        Analysis {
            missing: out,
            uses,
            stored,
            resolved: resolving,
        }
    }
}

/// Dotted names (`a.b…`, not after a `.`) in inserted code, outside string
/// literals and comments.
fn inserted_names(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
            {
                i += 1;
            }
            let name = text[start..i].trim_end_matches('.');
            let after_dot = start > 0 && bytes[start - 1] == b'.';
            if !after_dot && name.contains('.') {
                out.push(name);
            }
        } else if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// How a target is named in messages.
pub fn describe(target: Target) -> &'static str {
    match target {
        Target::V2_21 => "TensorFlow 2.21",
        Target::V2_21LegacyKeras => "TensorFlow 2.21 with tf-keras (TF_USE_LEGACY_KERAS=1)",
    }
}

#[cfg(test)]
mod tests;
