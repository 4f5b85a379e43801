//! The `api-missing` pass: every import and every attribute chain of the
//! output rooted at a name bound to TensorFlow (or tf-slim) must resolve in
//! the target.
//!
//! It reads the input's tree and all the edits instead of parsing the whole
//! output again: a chain no edit touches is read from the tree; one an edit
//! touches is read by the parser from its rendered text (a chain in text an
//! edit dropped is not checked); names in inserted text are read from its
//! tokens. Only the outermost attribute of a chain of
//! attributes over a name is checked (`tf.a(x).b` checks `tf.a`), and
//! resolution stops at anything that is not a module or a class.

use crate::edits::{self, Edit, Segment};
use crate::syntax::{self, Stmt};

use super::api::{Api, Target};
use super::assigned::Assigned;
use super::bindings::{self, Bindings};
use crate::syntax::chains::Chain;

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

/// What the check reads off one version of the output before judging it:
/// the names its imports bind, and for each chain of the input (in the
/// order of [`File::chains`]) its path, when it is rooted at a bound name.
#[derive(Debug, Default)]
pub struct Reading {
    pub bindings: Bindings,
    pub paths: Vec<Option<Path>>,
    /// The full paths, one after the other.
    text: String,
}

impl Reading {
    /// The full path (`tensorflow.…`) of `path`.
    pub fn full(&self, path: &Path) -> &str {
        &self.text[path.start..path.start + path.len]
    }
}

/// A chain of the output rooted at a bound name.
#[derive(Debug, Clone, Copy)]
pub struct Path {
    /// Where its full path is in the reading's text, and its length.
    start: usize,
    len: usize,
    /// The length of its base (the bound name's path) in the full path.
    pub base_len: usize,
    /// Whether it resolves in the target.
    pub resolves: bool,
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
    /// An import binds a name to our runtime companion.
    pub companion: bool,
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
            self.companion |= super::api::is_under(m, "tfup_compat");
            self.note_path(m);
        }
    }
}

/// Everything the pass needs to know about one file.
#[derive(Clone, Copy)]
pub struct File<'a> {
    pub source: &'a str,
    pub body: &'a [Stmt],
    /// The edits of the output, sorted by [`edits::sort`].
    pub edits: &'a [Edit],
    pub api: &'a Api,
    /// The input's chains ([`crate::syntax::chains::chains`] of `body`), in
    /// source order.
    pub chains: &'a [Chain<'a>],
    /// The input's import statements, with their depths
    /// ([`crate::syntax::imports::statements`] of `body`).
    pub imports: &'a [(usize, &'a Stmt)],
}

impl File<'_> {
    pub(crate) fn has_edit_in(&self, lo: usize, hi: usize) -> bool {
        let i = self.edits.partition_point(|e| e.start < lo);
        self.edits.get(i).is_some_and(|e| e.start < hi)
    }

    /// The full path of the output's chain into `full` (cleared first),
    /// when it is rooted at a bound name: the length of its base (the bound
    /// name's path). `scratch`: room for the text of a chain an edit
    /// touches.
    pub(crate) fn resolve_into(
        &self,
        c: &Chain,
        b: &Bindings,
        sweep: &mut edits::Sweep,
        full: &mut String,
        scratch: &mut String,
    ) -> Option<usize> {
        full.clear();
        if !sweep.has_edit_in(c.start, c.end) {
            let base = b.aliases.get(&self.source[c.root.0..c.root.1])?;
            if !sweep.survives(c.start, c.end) {
                return None;
            }
            full.push_str(base);
            c.push_attributes(full);
            return Some(base.len());
        }
        if !sweep.survives(c.start, c.end) {
            return None;
        }
        self.with_output_names(c, scratch, |root, rest| {
            let base = b.aliases.get(root)?;
            full.push_str(base);
            full.push_str(rest);
            Some(base.len())
        })?
    }

    /// `f` of the names of a chain an edit touches, as the output has them:
    /// the parser's reading of its rendered text (`None` when the output has
    /// no such text, or it is no longer a dotted name), rendered into `text`.
    fn with_output_names<R>(
        &self,
        c: &Chain,
        text: &mut String,
        f: impl FnOnce(&str, &str) -> R,
    ) -> Option<R> {
        if !edits::render_range_into(self.source, self.edits, c.start, c.end, text) {
            return None;
        }
        let (root, rest) = syntax::dotted_name(text)?;
        Some(f(&root, &rest))
    }

    /// The output's spelling of a chain resolved to `full`.
    fn spelling(&self, c: &Chain, full: &str, base_len: usize) -> String {
        let root = &self.source[c.root.0..c.root.1];
        if !self.has_edit_in(c.start, c.end) {
            let mut s = root.to_string();
            c.push_attributes(&mut s);
            return s;
        }
        edits::survives(self.edits, c.start, c.end)
            .then(|| self.with_output_names(c, &mut String::new(), |r, rest| format!("{r}{rest}")))
            .flatten()
            .unwrap_or_else(|| format!("{root}{}", &full[base_len..]))
    }

    /// Every reference of the output that does not resolve, in the order:
    /// imports, chains, names in inserted text. `own` is what this file
    /// assigns.
    pub fn missing(&self, assigned: Option<&Assigned>) -> Vec<Missing> {
        self.analyse(&self.read(None), assigned).missing
    }

    /// Reads the output. `earlier`: the reading of an earlier version of
    /// the same file and the edits added since. What those edits cannot
    /// have changed reads the same (the same function of the same text): the
    /// bindings, when no added edit touches an import or inserts one; a
    /// chain's path, when the bindings are the same and no added edit comes
    /// near the chain. The rest is read again.
    pub fn read(&self, earlier: Option<(Reading, &[Edit])>) -> Reading {
        let (bindings, old, added) = match earlier {
            // The same text.
            Some((r, [])) => return r,
            Some((mut r, added))
                if !added.iter().any(|e| touches(e, &r.bindings.ranges))
                    && !bindings::inserts_imports(added) =>
            {
                (std::mem::take(&mut r.bindings), Some(r), added)
            }
            _ => (
                bindings::bindings(self.source, self.imports, self.edits, self.api),
                None,
                &[][..],
            ),
        };
        let mut reading = Reading {
            bindings,
            paths: Vec::new(),
            text: String::new(),
        };
        if reading.bindings.aliases.is_empty() {
            return reading;
        }
        reading.paths.reserve(self.chains.len());
        let near = Near::new(added);
        let mut full = String::new();
        let mut scratch = String::new();
        let mut sweep = edits::Sweep::new(self.edits);
        for (i, c) in self.chains.iter().enumerate() {
            let known = old
                .as_ref()
                .filter(|_| !near.meets(c.start, c.end))
                .map(|o| o.paths[i].map(|p| (o.full(&p), p.base_len, p.resolves)));
            let path = match known {
                Some(known) => known.map(|(f, base_len, resolves)| {
                    full.clear();
                    full.push_str(f);
                    (base_len, resolves)
                }),
                None => self
                    .resolve_into(c, &reading.bindings, &mut sweep, &mut full, &mut scratch)
                    .map(|base_len| (base_len, self.api.missing(&full).is_none())),
            };
            reading.paths.push(path.map(|(base_len, resolves)| {
                let start = reading.text.len();
                reading.text.push_str(&full);
                Path {
                    start,
                    len: full.len(),
                    base_len,
                    resolves,
                }
            }));
        }
        reading
    }

    /// Judges the output read as `reading`: what does not resolve, what it
    /// uses and assigns.
    pub fn analyse(&self, reading: &Reading, assigned: Option<&Assigned>) -> Analysis {
        let b = &reading.bindings;
        let mut uses = Uses::default();
        uses.note_bindings(b);
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
        let all = self.chains;
        // What the file assigns counts as defined anywhere in it.
        let stored: Vec<String> = all
            .iter()
            .zip(&reading.paths)
            .filter(|(c, _)| c.store)
            .filter_map(|(_, p)| p.as_ref().map(|p| reading.full(p).to_string()))
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
        let mut resolving = Vec::new();
        for (c, path) in all.iter().zip(&reading.paths) {
            ranges.push((c.start, c.end));
            let Some(path) = path else {
                continue;
            };
            let full = reading.full(path);
            uses.note_path(full);
            if path.resolves {
                resolving.push(c.start);
            } else {
                let text = || self.spelling(c, full, path.base_len);
                check((c.start, c.end), &text, full, &mut out);
            }
        }
        resolving.sort_unstable();
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
                    // A name rooted at a bound name spells that name.
                    if !b.aliases.keys().any(|k| t.contains(k.as_str())) {
                        continue;
                    }
                    for name in syntax::dotted_names_in(t) {
                        if let Some((root, rest)) = name.split_once('.') {
                            if let Some(base) = b.aliases.get(root) {
                                let full = format!("{base}.{rest}");
                                check((e.start, e.end), &|| name.clone(), &full, &mut out);
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

/// Whether an edit can change what the output holds in place of `lo..hi`:
/// it overlaps or encloses the range, or inserts at its start or inside it
/// (an insertion at its end is after it, as [`edits::render_range`] has it).
fn meets(e: &Edit, lo: usize, hi: usize) -> bool {
    (e.start < hi && e.end > lo) || (e.start == e.end && lo <= e.start && e.start < hi)
}

/// Edits, to ask whether any meets a range in logarithmic time: sorted by
/// start, with the largest end before each index ([`edits::max_ends`]).
struct Near<'e> {
    edits: Vec<&'e Edit>,
    max_end: Vec<usize>,
}

impl<'e> Near<'e> {
    fn new(edits: &'e [Edit]) -> Near<'e> {
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| (e.start, e.end));
        let max_end = edits::max_ends(sorted.iter().copied());
        Near {
            edits: sorted,
            max_end,
        }
    }

    /// Whether some edit [`meets`] `lo..hi`: one that starts before `hi`
    /// and ends after `lo` (an insertion inside), or an insertion at `lo`.
    fn meets(&self, lo: usize, hi: usize) -> bool {
        let before_hi = self.edits.partition_point(|e| e.start < hi);
        if self.max_end[before_hi] > lo {
            return true;
        }
        let at = self.edits.partition_point(|e| e.start < lo);
        self.edits[at..before_hi]
            .iter()
            .any(|e| e.start == lo && e.end == lo)
    }
}

/// Whether an edit meets one of `ranges`.
fn touches(e: &Edit, ranges: &[(usize, usize)]) -> bool {
    ranges.iter().any(|&(lo, hi)| meets(e, lo, hi))
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
