//! The one model of import statements that every pass reads: where they
//! are (at any depth, with the depth Python's `ast.walk` meets them at) and
//! what each name of them imports. The engine's import analysis and the
//! target pass's bindings both read imports through it.

use ruff_python_ast::{self as ast, Stmt};

/// One imported name: `import name [as asname]` or `from module import
/// name [as asname]` (relative imports have a `level` above 0).
#[derive(Debug, Clone, Copy)]
pub struct Imported<'a> {
    pub module: Option<&'a str>,
    pub level: u32,
    pub name: &'a str,
    pub asname: Option<&'a str>,
    pub alias: &'a ast::Alias,
}

impl<'a> Imported<'a> {
    /// What the name imports: `name` for `import name`, `module.name` for a
    /// from-import.
    pub fn full(&self) -> String {
        match self.module {
            Some(m) => format!("{m}.{}", self.name),
            None => self.name.to_string(),
        }
    }

    /// The local name it binds (`import a.b` binds `a`).
    pub fn local(&self) -> &'a str {
        match (self.asname, self.module) {
            (Some(a), _) => a,
            (None, Some(_)) => self.name,
            (None, None) => self.name.split('.').next().unwrap_or(self.name),
        }
    }
}

/// The names a statement imports (none for other statements).
pub fn imported(stmt: &Stmt) -> impl Iterator<Item = Imported<'_>> {
    let (module, level, names): (Option<&str>, u32, &[ast::Alias]) = match stmt {
        Stmt::Import(i) => (None, 0, &i.names),
        Stmt::ImportFrom(f) => (f.module.as_ref().map(|m| m.as_str()), f.level, &f.names),
        _ => (None, 0, &[]),
    };
    names.iter().map(move |a| Imported {
        module,
        level,
        name: a.name.as_str(),
        asname: a.asname.as_ref().map(|n| n.as_str()),
        alias: a,
    })
}

/// A name a plain import statement imports, read from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plain<'a> {
    pub module: Option<&'a str>,
    pub name: &'a str,
    pub asname: Option<&'a str>,
}

/// The names `text` imports, read without the parser, where every line of
/// it is a plain import statement (`import a.b as c, d`, `from a.b import c
/// as d, e`: names, dots, commas and spaces; the usual form of a rewritten
/// import), as [`imported`] has them; `None` for anything else.
pub fn plain(text: &str) -> Option<Vec<Plain<'_>>> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        // An indented statement is for the parser to judge.
        if line.starts_with([' ', '\t']) {
            return None;
        }
        let words = plain_words(line)?;
        let (module, rest) = match words.as_slice() {
            [] => continue,
            ["import", rest @ ..] => (None, rest),
            ["from", module, "import", rest @ ..] if dotted(module) => (Some(*module), rest),
            _ => return None,
        };
        // name [as alias] (, name [as alias])*
        let at = out.len();
        for part in rest.split(|w| *w == ",") {
            let (name, asname) = match part {
                [name] if dotted(name) => (*name, None),
                [name, "as", alias] if dotted(name) && dotted(alias) && !alias.contains('.') => {
                    (*name, Some(*alias))
                }
                _ => return None,
            };
            if module.is_some() && name.contains('.') {
                return None;
            }
            out.push(Plain {
                module,
                name,
                asname,
            });
        }
        if out.len() == at {
            return None;
        }
    }
    Some(out)
}

/// The words of a line of plain import statement: dotted names (none of
/// their parts a keyword but `import`, `from` and `as` alone) and commas;
/// `None` when it holds anything else.
fn plain_words(line: &str) -> Option<Vec<&str>> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => i += 1,
            b',' => {
                words.push(",");
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.')
                {
                    i += 1;
                }
                let word = &line[start..i];
                let statement_word = matches!(word, "import" | "from" | "as");
                if !statement_word && !dotted(word) {
                    return None;
                }
                words.push(word);
            }
            _ => return None,
        }
    }
    Some(words)
}

/// The names the imports `stmts` ([`statements`]) bind to TensorFlow, each
/// with what it names spelled as the rule tables spell TensorFlow (`tf.…`):
/// `from tensorflow.nn import dropout` binds `dropout` to `tf.nn.dropout`,
/// `import tensorflow.gfile as g` binds `g` to `tf.gfile`, `import
/// tensorflow as t` binds `t` to `tf`. Left out: the name `tf` (the tables
/// read it as it is), a name the imports bind to anything else as well,
/// relative and star imports, `import tensorflow.x` without `as` (it
/// binds `tensorflow`, the package), and names of `tf.contrib`.
pub fn tensorflow_names<'a>(stmts: &[(usize, &'a Stmt)]) -> Vec<(&'a str, String)> {
    let mut out: Vec<(&'a str, Option<String>)> = Vec::new();
    for (_, stmt) in stmts {
        for i in imported(stmt) {
            let local = i.local();
            let path = match (i.module, i.asname) {
                _ if i.level > 0 || i.name == "*" => None,
                (Some(m), _) => tf_spelled(m).map(|m| format!("{m}.{}", i.name)),
                (None, Some(_)) => tf_spelled(i.name),
                (None, None) => None,
            };
            match out.iter_mut().find(|(n, _)| *n == local) {
                Some(seen) if seen.1 != path => seen.1 = None,
                Some(_) => {}
                None => out.push((local, path)),
            }
        }
    }
    // `tf.contrib`'s homes take their calls as they were (its own rewrites
    // judge them): its argument rewrites are for the `tf.` form only.
    let contrib = |p: &str| p == "tf.contrib" || p.starts_with("tf.contrib.");
    out.into_iter()
        .filter(|(n, p)| *n != "tf" && !p.as_deref().is_some_and(contrib))
        .filter_map(|(n, p)| Some((n, p?)))
        .collect()
}

/// `tensorflow…` spelled `tf…`; `None` for another package.
pub fn tf_spelled(path: &str) -> Option<String> {
    let rest = path.strip_prefix("tensorflow")?;
    (rest.is_empty() || rest.starts_with('.')).then(|| format!("tf{rest}"))
}

/// Whether `word` is names joined by single dots, none of them a keyword.
fn dotted(word: &str) -> bool {
    super::dotted_name_len(word).is_some()
}

/// The import statements of a body at any depth, in source order, each
/// with its depth in Python's `ast` (module body = 1; an `elif` is an `if`
/// nested one level further, an `except` body two levels).
pub fn statements(body: &[Stmt]) -> Vec<(usize, &Stmt)> {
    let mut out = Vec::new();
    collect(body, 1, &mut out);
    out.sort_by_key(|(_, s)| ruff_text_size::Ranged::start(*s));
    out
}

fn collect<'a>(body: &'a [Stmt], depth: usize, out: &mut Vec<(usize, &'a Stmt)>) {
    for stmt in body {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => out.push((depth, stmt)),
            Stmt::FunctionDef(f) => collect(&f.body, depth + 1, out),
            Stmt::ClassDef(c) => collect(&c.body, depth + 1, out),
            Stmt::With(w) => collect(&w.body, depth + 1, out),
            Stmt::For(f) => {
                collect(&f.body, depth + 1, out);
                collect(&f.orelse, depth + 1, out);
            }
            Stmt::While(w) => {
                collect(&w.body, depth + 1, out);
                collect(&w.orelse, depth + 1, out);
            }
            Stmt::If(i) => {
                collect(&i.body, depth + 1, out);
                // `elif` k (0-based) is an `if` nested k + 1 levels down; a
                // final `else` is the body of the last one's `orelse`.
                let mut elifs = 0;
                for clause in &i.elif_else_clauses {
                    if clause.test.is_some() {
                        collect(&clause.body, depth + 2 + elifs, out);
                        elifs += 1;
                    } else {
                        collect(&clause.body, depth + 1 + elifs, out);
                    }
                }
            }
            Stmt::Try(t) => {
                collect(&t.body, depth + 1, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect(&h.body, depth + 2, out);
                }
                collect(&t.orelse, depth + 1, out);
                collect(&t.finalbody, depth + 1, out);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    collect(&c.body, depth + 2, out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_bound_to_tensorflow_are_spelled_tf() {
        let text = "import tensorflow as tf\nimport tensorflow as t1\n\
                    from tensorflow.nn import dropout as d, relu\n\
                    import tensorflow.gfile as g, tensorflow.train\n\
                    from tensorflow import *\nfrom .tensorflow import x\n\
                    def f():\n    from tensorflow import layers\n\
                    from tensorflow import logging\nimport logging\n\
                    from numpy import relu as np_relu\nimport tensorflow_hub as hub\n\
                    from tensorflow.contrib import summary\n";
        let parsed = crate::syntax::parse(text).unwrap();
        let stmts = statements(&parsed.module().body);
        let names = tensorflow_names(&stmts);
        let got: Vec<(&str, &str)> = names.iter().map(|(n, p)| (*n, p.as_str())).collect();
        assert_eq!(
            got,
            [
                ("t1", "tf"),
                ("d", "tf.nn.dropout"),
                ("relu", "tf.nn.relu"),
                ("g", "tf.gfile"),
                ("layers", "tf.layers"),
            ]
        );
    }

    #[test]
    fn plain_imports_read_as_the_parser_reads_them() {
        let by_parser = |text: &str| {
            let parsed = crate::syntax::parse(text).ok()?;
            let found: Vec<(Option<String>, String, Option<String>)> = parsed
                .module()
                .body
                .iter()
                .flat_map(imported)
                .map(|i| {
                    (
                        i.module.map(str::to_string),
                        i.name.to_string(),
                        i.asname.map(str::to_string),
                    )
                })
                .collect();
            Some(found)
        };
        let plain_imports = [
            "import tensorflow as tf",
            "import tensorflow.compat.v1 as tf, numpy as np",
            "import tensorflow, tf_slim",
            "from tensorflow.compat import v1 as tf",
            "from tensorflow.python.ops import array_ops, math_ops as mo",
            "from tf_slim import layers\nimport tensorflow as tf\n",
            "import  tensorflow\tas   tf  ",
            "from os import path",
            "import type",
        ];
        for text in plain_imports {
            let fast = plain(text).map(|v| {
                v.into_iter()
                    .map(|i| {
                        (
                            i.module.map(str::to_string),
                            i.name.to_string(),
                            i.asname.map(str::to_string),
                        )
                    })
                    .collect::<Vec<_>>()
            });
            assert!(fast.is_some(), "{text:?} is plain");
            assert_eq!(fast, by_parser(text), "{text:?}");
        }
        let other = [
            "from . import tensorflow",
            "from tensorflow import (nn)",
            "from tensorflow import *",
            "import tensorflow as tf; import numpy",
            "import tensorflow  # comment",
            "import tensorflow as tf.x",
            "from tensorflow import nn.x",
            "import as",
            "from import import x",
            "import None.x",
            "import tensorflow,",
            "import a . b",
            "import \\\n tensorflow",
            "x = 1",
            "import",
            "  import tensorflow",
        ];
        for text in other {
            assert!(plain(text).is_none(), "{text:?} is for the parser");
        }
    }

    #[test]
    fn statements_at_every_depth_with_their_names() {
        let src = "import a.b\nif x:\n    from m import n as k\nelif y:\n    import c as d\ntry:\n    pass\nexcept E:\n    from . import r\n";
        let parsed = crate::syntax::parse(src).unwrap();
        let found: Vec<(usize, String, String)> = statements(&parsed.module().body)
            .into_iter()
            .flat_map(|(depth, stmt)| {
                imported(stmt).map(move |i| (depth, i.full(), i.local().to_string()))
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (1, "a.b".into(), "a".into()),
                (2, "m.n".into(), "k".into()),
                (3, "c".into(), "d".into()),
                (3, "r".into(), "r".into()),
            ]
        );
    }
}
