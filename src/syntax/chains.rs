//! The attribute chains of a module (`root.a.b`, the outermost attribute
//! over a name): what target mode's rewrites and check look at. A pure
//! function of the parse, in source order; what a chain becomes in the
//! output is for each of them to find out.
//!
//! [`chains`] walks a tree for them. The engine, which walks every tree
//! anyway, records them on its walk instead ([`Recorder`]) and hands
//! [`Recorder::walk`] the parts of the tree it does not visit itself.

use super::{ast, walk_expr, Expr, Ranged, Stmt, Visitor};

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

/// The chains found so far, in the order they were found.
#[derive(Default)]
pub struct Recorder<'a> {
    found: Vec<Chain<'a>>,
}

impl<'a> Recorder<'a> {
    /// A recorder with room for the chains of `source`: one per 64 bytes, a
    /// guess on the large side (the dev corpus has one per 200 bytes).
    pub fn for_source(source: &str) -> Recorder<'a> {
        Recorder {
            found: Vec::with_capacity(source.len() / 64),
        }
    }

    /// Notes the attribute `outer` (the outermost of its chain; `call`: the
    /// call it is the callee of), when it is a chain over a name. What an
    /// attribute over something else is built on is for the walk.
    pub fn note(&mut self, outer: &'a ast::ExprAttribute, call: Option<&'a ast::ExprCall>) {
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
        }
    }

    /// Records the chains of a part of a tree that its walker skips.
    pub fn walk(&mut self, part: Part<'a>) {
        let mut w = Walk { recorder: self };
        match part {
            Part::Expr(e) => w.visit_expr(e),
            Part::Callee(call) => w.callee(call),
            Part::TypeParams(t) => w.visit_type_params(t),
        }
    }

    /// The chains, in source order, each once (a walker may pass a node
    /// twice).
    pub fn finish(mut self) -> Vec<Chain<'a>> {
        // Distinct chains start at distinct offsets (each is the outermost
        // attribute over its root name). A walk's order is mostly source
        // order: a stable sort merges its runs.
        self.found.sort_by_key(|c| c.start);
        self.found.dedup_by(|a, b| std::ptr::eq(a.attr, b.attr));
        self.found
    }
}

/// A part of a tree.
#[derive(Clone, Copy)]
pub enum Part<'a> {
    Expr(&'a Expr),
    /// The callee of a call (a chain there knows its call).
    Callee(&'a ast::ExprCall),
    TypeParams(&'a ast::TypeParams),
}

/// The walk that finds chains on its own.
struct Walk<'r, 'a> {
    recorder: &'r mut Recorder<'a>,
}

impl<'a> Walk<'_, 'a> {
    fn attribute(&mut self, outer: &'a ast::ExprAttribute, call: Option<&'a ast::ExprCall>) {
        self.recorder.note(outer, call);
        let mut base: &Expr = &outer.value;
        while let Expr::Attribute(a) = base {
            base = &a.value;
        }
        if !matches!(base, Expr::Name(_)) {
            self.visit_expr(base);
        }
    }

    fn callee(&mut self, call: &'a ast::ExprCall) {
        match &*call.func {
            Expr::Attribute(outer) => self.attribute(outer, Some(call)),
            func => self.visit_expr(func),
        }
    }
}

impl<'a> Visitor<'a> for Walk<'_, 'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(outer) => self.attribute(outer, None),
            Expr::Call(call) => {
                self.callee(call);
                self.visit_arguments(&call.arguments);
            }
            _ => walk_expr(self, expr),
        }
    }
}

/// The chains of `body`, in source order.
pub fn chains(body: &[Stmt]) -> Vec<Chain<'_>> {
    let mut r = Recorder::default();
    Walk { recorder: &mut r }.visit_body(body);
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_know_their_calls_and_names() {
        let src = "tf.d.e = f(1).g.h(tf.z)\nx = tf.a.b(tf.c)\n";
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
                ("tf.d.e".into(), false, true),
                ("tf.z".into(), false, false),
                ("tf.a.b".into(), true, false),
                ("tf.c".into(), false, false),
            ]
        );
    }
}
