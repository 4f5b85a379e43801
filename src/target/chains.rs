//! The attribute chains of the input (`root.a.b`, the outermost attribute
//! over a name), read once from its tree: what both the rewrites and the
//! check look at. A pure function of the parse; what a chain becomes in the
//! output is for each of them to find out.

use crate::syntax::{ast, walk_expr, Expr, Ranged, Stmt, Visitor};

/// An attribute chain over a name.
#[derive(Debug, Clone, Copy)]
pub struct Chain<'a> {
    pub start: usize,
    pub end: usize,
    /// The range of the root name.
    pub root: (usize, usize),
    /// Assigned to (`tf.GraphKeys.MINE = …`).
    pub store: bool,
    /// The outermost attribute.
    pub attr: &'a ast::ExprAttribute,
    /// The call whose callee the chain is.
    pub call: Option<&'a ast::ExprCall>,
}

impl Chain<'_> {
    /// Appends `.a.b` (the attributes after the root) to `out`.
    pub fn push_attributes(&self, out: &mut String) {
        push_attributes(self.attr, out);
    }
}

fn push_attributes(attr: &ast::ExprAttribute, out: &mut String) {
    if let Expr::Attribute(inner) = &*attr.value {
        push_attributes(inner, out);
    }
    out.push('.');
    out.push_str(attr.attr.as_str());
}

/// The chains of a module, in the order of their visit.
#[derive(Default)]
struct Chains<'a> {
    found: Vec<Chain<'a>>,
}

impl<'a> Chains<'a> {
    /// Records the chain `outer` (or visits what it is built on).
    fn chain(&mut self, outer: &'a ast::ExprAttribute, call: Option<&'a ast::ExprCall>) {
        let mut base: &Expr = &outer.value;
        while let Expr::Attribute(a) = base {
            base = &a.value;
        }
        if let Expr::Name(n) = base {
            self.found.push(Chain {
                start: outer.start().to_usize(),
                end: outer.end().to_usize(),
                root: (n.start().to_usize(), n.end().to_usize()),
                store: matches!(outer.ctx, ast::ExprContext::Store),
                attr: outer,
                call,
            });
        } else {
            self.visit_expr(base);
        }
    }
}

impl<'a> Visitor<'a> for Chains<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(outer) => self.chain(outer, None),
            Expr::Call(call) => match &*call.func {
                Expr::Attribute(outer) => {
                    self.chain(outer, Some(call));
                    self.visit_arguments(&call.arguments);
                }
                _ => walk_expr(self, expr),
            },
            _ => walk_expr(self, expr),
        }
    }
}

/// The chains of `body`, in source order of their visit.
pub fn chains(body: &[Stmt]) -> Vec<Chain<'_>> {
    let mut c = Chains::default();
    c.visit_body(body);
    c.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_know_their_calls_and_names() {
        let src = "x = tf.a.b(tf.c)\ntf.d.e = f(1).g.h\n";
        let parsed = crate::syntax::parse(src).unwrap();
        let found = chains(&parsed.module().body);
        let seen: Vec<(String, bool, bool)> = found
            .iter()
            .map(|c| {
                let mut s = src[c.root.0..c.root.1].to_string();
                c.push_attributes(&mut s);
                (s, c.call.is_some(), c.store)
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("tf.a.b".into(), true, false),
                ("tf.c".into(), false, false),
                ("tf.d.e".into(), false, true),
            ]
        );
    }
}
