//! Whether a program's code names `tf` (or another name) anywhere: as a
//! name it reads, binds or assigns, a parameter, a function or class, an
//! import's local name, an exception's name, a global. Text in strings and
//! comments does not count: an `import tensorflow as tf` can go into a file
//! whose docstrings say `tf.gradients`.

use crate::syntax::{self, ast, imports, Expr, Stmt, Visitor};

struct Finder<'n> {
    name: &'n str,
    found: bool,
}

impl<'a> Visitor<'a> for Finder<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found {
            return;
        }
        let binds = match stmt {
            Stmt::FunctionDef(f) => f.name.as_str() == self.name,
            Stmt::ClassDef(c) => c.name.as_str() == self.name,
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                imports::imported(stmt).any(|i| i.local() == self.name)
            }
            Stmt::Global(g) => g.names.iter().any(|n| n.as_str() == self.name),
            Stmt::Nonlocal(n) => n.names.iter().any(|n| n.as_str() == self.name),
            _ => false,
        };
        self.found |= binds;
        syntax::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found {
            return;
        }
        if let Expr::Name(n) = expr {
            self.found |= n.id.as_str() == self.name;
        }
        syntax::walk_expr(self, expr);
    }

    fn visit_parameter(&mut self, parameter: &'a ast::Parameter) {
        self.found |= parameter.name.as_str() == self.name;
        ruff_python_ast::visitor::walk_parameter(self, parameter);
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        self.found |= h.name.as_ref().is_some_and(|n| n.as_str() == self.name);
        ruff_python_ast::visitor::walk_except_handler(self, handler);
    }
}

/// Whether the code of `body` names `name`.
pub(super) fn names(body: &[Stmt], name: &str) -> bool {
    let mut f = Finder { name, found: false };
    for stmt in body {
        f.visit_stmt(stmt);
    }
    f.found
}

#[cfg(test)]
mod tests {
    use super::names;

    fn named(src: &str) -> bool {
        let parsed = crate::syntax::parse(src).unwrap();
        names(&parsed.module().body, "tf")
    }

    #[test]
    fn code_names_count_and_text_does_not() {
        for src in [
            "x = tf\n",
            "tf = 1\n",
            "def f(tf): pass\n",
            "def f(*, tf=1): pass\n",
            "f = lambda tf: tf\n",
            "def tf(): pass\n",
            "class tf: pass\n",
            "import numpy as tf\n",
            "from m import tf\n",
            "try:\n    pass\nexcept E as tf:\n    pass\n",
            "with open(p) as tf: pass\n",
            "[1 for tf in x]\n",
            "def f():\n    global tf\n",
        ] {
            assert!(named(src), "{src}");
        }
        for src in [
            "\"\"\"Uses tf.gradients.\"\"\"\n",
            "x = 1  # tf.nn\n",
            "x.tf = 1\n",
            "f(tf=1)\n",
            "import tensorflow.tf_x as y\n",
        ] {
            assert!(!named(src), "{src}");
        }
    }
}
