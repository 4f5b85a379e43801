//! Import renames: `import tensorflow ...` and `from tensorflow... import ...`
//! pointed at another module (SAFETY mode: `tensorflow.compat.v1`).
//!
//! A changed statement is printed anew the way the reference's printer prints
//! a new import node: `import` and the names joined by `, ` (names that are
//! not renamed keep their original text), `from MODULE import NAMES` without
//! parentheses. The rest of the line (`;`, comments) stays as it was.
//! A from-import whose names are partly excluded is split in two: the
//! statement keeping the excluded names comes first, on its own line, then
//! the renamed one, which gets the original statement's leading lines
//! (comments, blank lines, indentation) again, as the reference does.

use crate::edits::Edit;
use crate::syntax::{self, ast, Ranged, Stmt, TokenKind, Tokens};

/// Where `import tensorflow` goes, and which modules stay.
#[derive(Debug)]
pub struct ImportRename {
    pub old: &'static str,
    pub new: &'static str,
    pub excluded_prefixes: &'static [&'static str],
}

/// SAFETY mode: everything goes through the TF1 compatibility module.
pub static TO_COMPAT_V1: ImportRename = ImportRename {
    old: "tensorflow",
    new: "tensorflow.compat.v1",
    excluded_prefixes: &[
        "tensorflow.contrib",
        "tensorflow.flags",
        "tensorflow.compat",
        "tensorflow.compat.v1",
        "tensorflow.compat.v2",
        "tensorflow.google",
    ],
};

/// DEFAULT mode with the import rename option (not reachable from the
/// reference's command line, which always turns it off).
pub static TO_COMPAT_V2: ImportRename = ImportRename {
    old: "tensorflow",
    new: "tensorflow.compat.v2",
    excluded_prefixes: &[
        "tensorflow.contrib",
        "tensorflow.flags",
        "tensorflow.compat.v1",
        "tensorflow.compat.v2",
        "tensorflow.google",
    ],
};

impl ImportRename {
    /// Plain prefix test, as the reference does (`tensorflow.compatible`
    /// counts as under `tensorflow.compat`).
    fn excluded(&self, module: &str) -> bool {
        self.excluded_prefixes.iter().any(|p| module.starts_with(p))
    }

    /// The new dotted name, if `name` is `old` or one of its submodules.
    fn rename(&self, name: &str) -> Option<String> {
        let rest = name.strip_prefix(self.old)?;
        if !(rest.is_empty() || rest.starts_with('.')) {
            return None;
        }
        Some(format!("{}{rest}", self.new))
    }
}

/// Where the statement being visited sits: what the printer counts as its
/// leading text depends on what comes before it.
#[derive(Clone, Copy, Default)]
pub struct Place<'a> {
    pub previous: Option<&'a Stmt>,
    pub module_level: bool,
}

/// The text import statements are printed from: the source, its tokens, and
/// the start offsets of the parts of a joined program (notebook cells).
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub src: &'a str,
    pub tokens: &'a Tokens,
    pub parts: &'a [usize],
}

/// A rewritten import statement, for the engine to apply and log.
#[derive(Debug, Clone)]
pub struct ImportChange {
    pub edit: Edit,
    /// The statement's old text.
    pub old: String,
    /// What it became, for the log.
    pub described: String,
}

impl<'a> Source<'a> {
    fn text(&self, range: (usize, usize)) -> &'a str {
        &self.src[range.0..range.1]
    }

    /// `import a, b as c`.
    pub fn rename_import(
        &self,
        node: &ast::StmtImport,
        spec: &ImportRename,
    ) -> Option<ImportChange> {
        let mut changed = false;
        let mut names = Vec::with_capacity(node.names.len());
        for alias in &node.names {
            let name = alias.name.as_str();
            match spec.rename(name).filter(|_| !spec.excluded(name)) {
                Some(new) => {
                    changed = true;
                    // `import tensorflow` must still bind `tensorflow`.
                    let asname = match &alias.asname {
                        Some(a) => Some(a.as_str()),
                        None if !name.contains('.') => Some(name),
                        None => None,
                    };
                    names.push(match asname {
                        Some(a) => format!("{new} as {a}"),
                        None => new,
                    });
                }
                None => names.push(self.text((syntax::start(alias), syntax::end(alias))).into()),
            }
        }
        if !changed {
            return None;
        }
        let new_text = format!("import {}", names.join(", "));
        Some(self.replace_import(node, new_text.clone(), &new_text))
    }

    /// `from a.b import c, d`.
    pub fn rename_import_from(
        &self,
        node: &ast::StmtImportFrom,
        spec: &ImportRename,
        place: Place,
    ) -> Option<ImportChange> {
        let module = node.module.as_ref()?.as_str();
        let first = module.split('.').next().unwrap_or(module);
        if first != spec.old {
            return None;
        }
        let (mut renamed, mut kept) = (Vec::new(), Vec::new());
        for alias in &node.names {
            let text = self.text((syntax::start(alias), syntax::end(alias)));
            if spec.excluded(&format!("{module}.{}", alias.name.as_str())) {
                kept.push(text);
            } else {
                renamed.push(text);
            }
        }
        if renamed.is_empty() {
            return None;
        }
        let dots = ".".repeat(node.level as usize);
        let new_module = format!("{}{}", spec.new, &module[first.len()..]);
        let updated = format!("from {dots}{new_module} import {}", renamed.join(", "));
        if kept.is_empty() {
            return Some(self.replace_import(node, updated.clone(), &updated));
        }
        let same = format!("from {dots}{module} import {}", kept.join(", "));
        let prefix = self.leading_text(node, place);
        let newline = crate::edits::line_ending_at(self.src, syntax::end(node));
        let text = format!("{same}{newline}{prefix}{updated}");
        let described = format!("{updated}` and `{same}");
        Some(self.replace_import(node, text, &described))
    }

    fn replace_import<T: Ranged>(&self, node: &T, text: String, described: &str) -> ImportChange {
        let (start, end) = (syntax::start(node), syntax::end(node));
        ImportChange {
            edit: Edit::replace(start, end, text),
            old: self.text((start, end)).to_string(),
            described: described.to_string(),
        }
    }

    /// The text the reference's printer keeps in front of a statement (its
    /// "prefix"): the comment and blank lines since the previous statement's
    /// line, and the indentation. Nothing for the first statement of the
    /// file or one on the line of its block header; after a `;`, the spaces
    /// that follow it.
    pub fn leading_text<T: Ranged>(&self, node: &T, place: Place) -> String {
        let start = syntax::start(node);
        let prev = self
            .tokens
            .before(node.range().start())
            .iter()
            .rev()
            .find(|t| {
                !matches!(
                    t.kind(),
                    TokenKind::Comment
                        | TokenKind::NonLogicalNewline
                        | TokenKind::Newline
                        | TokenKind::Indent
                        | TokenKind::Dedent
                )
            });
        let Some(prev) = prev else {
            return String::new();
        };
        if place.module_level && place.previous.is_none() {
            return String::new();
        }
        let prev_end = prev.end().to_usize();
        // The first statement of a notebook cell starts its own "file".
        let floor = self.parts.iter().rev().find(|&&p| p <= start);
        if floor.is_some_and(|&f| prev_end <= f) {
            return String::new();
        }
        let between = &self.src[prev_end..start];
        if !between.contains(['\n', '\r']) {
            return if prev.kind() == TokenKind::Semi {
                between.to_string()
            } else {
                String::new()
            };
        }
        // From the line after the previous token.
        let bytes = self.src.as_bytes();
        let mut from = prev_end;
        while from < start && bytes[from] != b'\n' && bytes[from] != b'\r' {
            from += 1;
        }
        if bytes.get(from) == Some(&b'\r') && bytes.get(from + 1) == Some(&b'\n') {
            from += 1;
        }
        from = (from + 1).min(start);
        // Comment lines that close a previous compound statement belong to it.
        if let Some(previous) = place.previous {
            let mut node = previous;
            while let Some(last) = last_child(node) {
                let (a, b) = (syntax::start(node), syntax::start(last));
                if self.src[a.min(b)..a.max(b)].contains(['\n', '\r']) {
                    let indent = self.indentation(last);
                    if !indent.is_empty() {
                        let marker = format!("{indent}#");
                        let mut line_start = from;
                        for line in lines_inclusive(&self.src[from..start]) {
                            let line_end = line_start + line.len();
                            if line.starts_with(&marker) {
                                from = from.max(line_end);
                            }
                            line_start = line_end;
                        }
                    }
                }
                node = textual_last(node).unwrap_or(last);
            }
        }
        self.src[from..start].to_string()
    }

    /// The whitespace before a statement on its line (after a `;` when it
    /// follows one).
    fn indentation(&self, stmt: &Stmt) -> &'a str {
        let start = syntax::start(stmt);
        let line_start = self.src[..start]
            .rfind(['\n', '\r'])
            .map(|i| i + 1)
            .unwrap_or(0);
        let before = &self.src[line_start..start];
        match before.rfind(';') {
            Some(i) => &before[i + 1..],
            None => before,
        }
    }
}

/// The statement whose indentation the printer uses for a block's trailing
/// comments (pasta's `get_last_child`).
fn last_child(stmt: &Stmt) -> Option<&Stmt> {
    match stmt {
        Stmt::If(s) => match s.elif_else_clauses.last() {
            Some(c) => c.body.last(),
            None => s.body.last(),
        },
        Stmt::Try(s) => s
            .finalbody
            .last()
            .or_else(|| s.orelse.last())
            .or_else(|| s.body.last()),
        Stmt::For(s) => s.body.last(),
        Stmt::While(s) => s.body.last(),
        Stmt::With(s) => s.body.last(),
        Stmt::FunctionDef(s) => s.body.last(),
        Stmt::ClassDef(s) => s.body.last(),
        Stmt::Match(s) => s.cases.last().and_then(|c| c.body.last()),
        _ => None,
    }
}

/// The statement that comes last in the text of a compound statement.
fn textual_last(stmt: &Stmt) -> Option<&Stmt> {
    match stmt {
        Stmt::Try(s) => s
            .finalbody
            .last()
            .or_else(|| s.orelse.last())
            .or_else(|| {
                s.handlers.last().and_then(|h| match h {
                    ast::ExceptHandler::ExceptHandler(h) => h.body.last(),
                })
            })
            .or_else(|| s.body.last()),
        Stmt::For(s) => s.orelse.last().or_else(|| s.body.last()),
        Stmt::While(s) => s.orelse.last().or_else(|| s.body.last()),
        _ => last_child(stmt),
    }
}

/// The lines of `text` with their line breaks (`\n`, `\r\n` or a lone `\r`,
/// as Python counts them).
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut i = start;
        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        if i < bytes.len() {
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        let line = &text[start..i];
        start = i;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_keep_every_kind_of_break() {
        let lines: Vec<&str> = super::lines_inclusive("a\r\nb\rc\nd").collect();
        assert_eq!(lines, ["a\r\n", "b\r", "c\n", "d"]);
    }
}
