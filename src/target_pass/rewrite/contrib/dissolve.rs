//! An import of a removed module whose uses go to several homes
//! (`from tensorflow.compat.v1 import estimator as tf_estimator`, used as
//! `tf_estimator.ModeKeys.TRAIN` and `tf_estimator.SessionRunHook`): no
//! single module can take its place, but where each use is rewritten to its
//! own home, the name is no longer needed and the import, which fails in the
//! target, goes.

use crate::edits::Edit;
use crate::syntax::chains::Chain;
use crate::syntax::{self, ast, walk_expr, walk_stmt, Expr, Stmt, Visitor};

use super::super::super::api::{self, Api};
use super::super::super::bindings::NameMap;
use super::super::super::check::File;
use super::super::super::contrib_homes;
use super::super::super::messages;

/// Counts what a file does with some names besides attribute chains over
/// them: every occurrence of each, and every statement or parameter that
/// binds it.
struct Occurrences<'n> {
    names: &'n [&'n str],
    /// Per name: occurrences, bindings.
    counts: Vec<(usize, usize)>,
}

impl Occurrences<'_> {
    fn seen(&mut self, name: &str, binding: bool) {
        if let Some(i) = self.names.iter().position(|n| *n == name) {
            if binding {
                self.counts[i].1 += 1;
            } else {
                self.counts[i].0 += 1;
            }
        }
    }
}

impl<'a> Visitor<'a> for Occurrences<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(n) = expr {
            self.seen(n.id.as_str(), false);
        }
        walk_expr(self, expr);
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => self.seen(f.name.as_str(), true),
            Stmt::ClassDef(c) => self.seen(c.name.as_str(), true),
            Stmt::Global(g) => g.names.iter().for_each(|n| self.seen(n.as_str(), true)),
            Stmt::Nonlocal(g) => g.names.iter().for_each(|n| self.seen(n.as_str(), true)),
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                syntax::imports::imported(stmt).for_each(|i| self.seen(i.local(), true))
            }
            _ => {}
        }
        walk_stmt(self, stmt);
    }

    fn visit_parameter(&mut self, parameter: &'a ast::Parameter) {
        self.seen(parameter.name.as_str(), true);
        if let Some(a) = &parameter.annotation {
            self.visit_annotation(a);
        }
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        if let Some(n) = &h.name {
            self.seen(n.as_str(), true);
        }
        if let Some(t) = &h.type_ {
            self.visit_expr(t);
        }
        self.visit_body(&h.body);
    }
}

/// How the file uses a name (which an import binds) other than as the root
/// of attribute chains that read it.
#[derive(Clone, Copy)]
pub(in super::super) struct OtherUses {
    /// Bare: passed, returned, assigned, called, or assigned to.
    pub bare: bool,
    /// Bound by another statement or parameter as well.
    pub rebound: bool,
}

/// The [`OtherUses`] of each of `names`, from one walk of the file.
pub(in super::super) fn other_uses(file: &File, names: &[&str]) -> Vec<OtherUses> {
    let mut o = Occurrences {
        names,
        counts: vec![(0, 0); names.len()],
    };
    o.visit_body(file.body);
    let mut chains = vec![0; names.len()];
    for c in file.chains {
        let root = &file.source[c.root.0..c.root.1];
        if let Some(i) = names.iter().position(|n| *n == root) {
            chains[i] += 1;
        }
    }
    o.counts
        .iter()
        .zip(chains)
        .map(|(&(names, bindings), chains)| OtherUses {
            bare: names != chains,
            rebound: bindings > 1,
        })
        .collect()
}

/// `full` spelled from a name `aliases` binds (other than `not`, the name
/// that goes): the one bound to the shortest prefix of it.
pub(in super::super) fn spelled(
    aliases: &NameMap<String>,
    full: &str,
    not: Option<&str>,
) -> Option<String> {
    let (name, base) = aliases
        .iter()
        .filter(|(name, base)| Some(name.as_str()) != not && api::is_under(full, base))
        .min_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| a.0.cmp(b.0)))?;
    Some(format!("{name}{}", &full[base.len()..]))
}

/// The rewrites of the uses of `bound` (an import's name for `full`, under a
/// removed module), one per chain over it, each to its home or value with
/// its message; `None` when some use has none (or the engine changed it),
/// or there is no use.
pub(super) fn uses(
    file: &File,
    bound: &str,
    full: &str,
    api: &Api,
    aliases: &NameMap<String>,
) -> Option<Vec<(Edit, String)>> {
    let gone = contrib_homes::gone_module(full)?;
    let mut out = Vec::new();
    for (c, old) in chains_over(file, bound, full)? {
        let (text, key) = super::use_home(&old, c, api, &|h| spelled(aliases, h, Some(bound)))?;
        let msg = messages::render(
            key,
            &[
                ("old", &file.source[c.start..c.end]),
                ("new", &text),
                ("gone", &gone),
            ],
        );
        out.push((Edit::replace(c.start, c.end, text), msg));
    }
    (!out.is_empty()).then_some(out)
}

/// The chains over `bound` (an import's name for `full`), each with the
/// full path it names; `None` when one is assigned to or the engine
/// changed one.
pub(in super::super) fn chains_over<'f, 'a>(
    file: &'f File<'a>,
    bound: &str,
    full: &str,
) -> Option<Vec<(&'f Chain<'a>, String)>> {
    let mut out = Vec::new();
    for c in file.chains {
        if &file.source[c.root.0..c.root.1] != bound {
            continue;
        }
        if c.store || file.has_edit_in(c.start, c.end) {
            return None;
        }
        let mut old = full.to_string();
        c.push_attributes(&mut old);
        out.push((c, old));
    }
    Some(out)
}

/// The statements of the block that holds `stmt` (any depth).
fn block_of<'a>(body: &'a [Stmt], stmt: &Stmt) -> Option<&'a [Stmt]> {
    if body.iter().any(|s| std::ptr::eq(s, stmt)) {
        return Some(body);
    }
    body.iter().find_map(|s| {
        let inner: Vec<&'a [Stmt]> = match s {
            Stmt::FunctionDef(f) => vec![&f.body],
            Stmt::ClassDef(c) => vec![&c.body],
            Stmt::With(w) => vec![&w.body],
            Stmt::For(f) => vec![&f.body, &f.orelse],
            Stmt::While(w) => vec![&w.body, &w.orelse],
            Stmt::If(i) => std::iter::once(&i.body[..])
                .chain(i.elif_else_clauses.iter().map(|c| &c.body[..]))
                .collect(),
            Stmt::Try(t) => {
                let mut v: Vec<&'a [Stmt]> = vec![&t.body, &t.orelse, &t.finalbody];
                v.extend(t.handlers.iter().map(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    &h.body[..]
                }));
                v
            }
            Stmt::Match(m) => m.cases.iter().map(|c| &c.body[..]).collect(),
            _ => Vec::new(),
        };
        inner.into_iter().find_map(|b| block_of(b, stmt))
    })
}

/// The edit that removes `stmt`, one of `gone` (the statements that go
/// whole): its line, where it is alone on its line and its block keeps a
/// statement that is not in `gone`, or where another statement of `gone`
/// before it in the block becomes `pass`; else `pass` in its place.
pub(in super::super) fn remove_statement(
    source: &str,
    body: &[Stmt],
    stmt: &Stmt,
    gone: &[&Stmt],
) -> Edit {
    let (lo, hi) = (syntax::start(stmt), syntax::end(stmt));
    let pass = || Edit::replace(lo, hi, "pass".to_string());
    let Some(block) = block_of(body, stmt) else {
        return pass();
    };
    let goes = |s: &Stmt| gone.iter().any(|g| std::ptr::eq(*g, s));
    let keeps_one = block.iter().any(|s| !goes(s));
    let first_gone = block
        .iter()
        .find(|s| goes(s))
        .is_some_and(|s| std::ptr::eq(s, stmt));
    if !keeps_one && first_gone {
        return pass();
    }
    // Alone on its line: only indentation before it, and after it only
    // blanks and a comment up to the line's end.
    let line_start = source[..lo].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if !source[line_start..lo]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '\x0c')
    {
        return pass();
    }
    let rest = &source[hi..];
    let text_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let tail = rest[..text_end].trim_start_matches([' ', '\t', '\x0c']);
    if !(tail.is_empty() || tail.starts_with('#')) {
        return pass();
    }
    let mut end = hi + text_end;
    if source[end..].starts_with("\r\n") {
        end += 2;
    } else if end < source.len() {
        end += 1;
    }
    Edit::replace(line_start, end, String::new())
}
