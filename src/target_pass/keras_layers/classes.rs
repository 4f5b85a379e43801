//! TF 1's layer classes (`tf.layers.Dense(16)`) as the Keras 3 class of the
//! same name: the constructor call's rewrite, and what the file does with
//! the object it builds (called at once, or bound to a name whose uses the
//! file shows).

use crate::edits::{Edit, Segment};
use crate::syntax::{self, ast, walk_expr, walk_stmt, Expr, Stmt, Visitor};

use super::{passes_regularizer, python_value, LayerClass};

/// The edit turning `call` (a call of the TF 1 layer class `lc`) into a call
/// of the Keras 3 class, which the file names `class`. `None` when an
/// argument has no place in the Keras 3 constructor. Positional arguments
/// stay positional while they line up with the Keras 3 constructor's order;
/// from the first that does not, they are passed by keyword. Everything
/// else keeps its text and layout.
pub fn rewrite_class(call: &ast::ExprCall, lc: &LayerClass, class: &str) -> Option<Edit> {
    let args = &call.arguments;
    let mut segments = vec![Segment::Text(class.to_string())];
    let mut at = syntax::end(&*call.func);
    let mut in_order = true;
    let mut passed: Vec<&str> = Vec::new();
    for (i, a) in args.args.iter().enumerate() {
        if matches!(a, Expr::Starred(_)) {
            return None;
        }
        let name = lc.params.get(i)?.as_str();
        if !lc.init.iter().any(|p| p == name) || passes_regularizer(name, a) {
            return None;
        }
        passed.push(name);
        in_order &= i < lc.positional && lc.init.get(i).is_some_and(|p| p == name);
        if !in_order {
            let start = syntax::start(a);
            segments.push(Segment::Orig(at, start));
            segments.push(Segment::Text(format!("{name}=")));
            at = start;
        }
    }
    for k in args.keywords.iter() {
        let name = k.arg.as_ref()?.as_str();
        if !lc.init.iter().any(|p| p == name) || passes_regularizer(name, &k.value) {
            return None;
        }
        passed.push(name);
    }
    // Required by Keras 3, defaulted by TF 1: after the last argument.
    let last = args
        .args
        .iter()
        .map(syntax::end)
        .chain(args.keywords.iter().map(syntax::end))
        .max();
    let mut added = Vec::new();
    for (name, default) in &lc.fill {
        if !passed.contains(&name.as_str()) {
            added.push(format!("{name}={default}"));
        }
    }
    if !added.is_empty() {
        let (insert, text) = match last {
            Some(end) => (end, format!(", {}", added.join(", "))),
            None => (syntax::end(args) - 1, added.join(", ")),
        };
        segments.push(Segment::Orig(at, insert));
        segments.push(Segment::Text(text));
        at = insert;
    }
    segments.push(Segment::Orig(at, syntax::end(call)));
    Some(Edit {
        start: syntax::start(call),
        end: syntax::end(call),
        segments,
    })
}

/// How the object a call builds is used, where the file shows it all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Built {
    /// Called at once: `tf.layers.Dense(4)(x)`.
    Called,
    /// Assigned to a name or an attribute chain (its range): `d = …`,
    /// `self.d = …`.
    Bound(usize, usize),
}

/// How the object built by the call at `start..end` is used: `None` when it
/// goes anywhere else (returned, passed, put in a list), where the file does
/// not show what is done with it.
pub fn built_use(body: &[Stmt], start: usize, end: usize) -> Option<Built> {
    struct Find {
        start: usize,
        end: usize,
        found: Option<Built>,
    }
    impl Find {
        fn is_it(&self, e: &Expr) -> bool {
            syntax::start(e) == self.start && syntax::end(e) == self.end
        }
        fn bound(&mut self, target: &Expr, value: &Expr) {
            if self.is_it(value) && plain_target(target) {
                self.found = Some(Built::Bound(syntax::start(target), syntax::end(target)));
            }
        }
    }
    impl<'a> Visitor<'a> for Find {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::Assign(a) if a.targets.len() == 1 => self.bound(&a.targets[0], &a.value),
                Stmt::AnnAssign(a) => {
                    if let Some(v) = &a.value {
                        self.bound(&a.target, v);
                    }
                }
                _ => {}
            }
            walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(c) = expr {
                if self.is_it(&c.func) {
                    self.found = Some(Built::Called);
                }
            }
            walk_expr(self, expr);
        }
    }
    let mut f = Find {
        start,
        end,
        found: None,
    };
    f.visit_body(body);
    f.found
}

/// Whether every call of the object that the call at `start..end` builds
/// (used as `built` says) passes a Python value for each keyword of
/// `literal`, and passes nothing else by position than the input. Calls are
/// found by how they spell the object (`d(x)` for `d = …`).
pub fn calls_pass_values(
    body: &[Stmt],
    src: &str,
    built: Built,
    (start, end): (usize, usize),
    literal: &[String],
) -> bool {
    struct Calls<'s> {
        src: &'s str,
        spelled: Option<&'s str>,
        range: (usize, usize),
        literal: &'s [String],
        ok: bool,
    }
    impl<'a> Visitor<'a> for Calls<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(c) = expr {
                let (lo, hi) = (syntax::start(&*c.func), syntax::end(&*c.func));
                let of_it = match self.spelled {
                    Some(text) => &self.src[lo..hi] == text,
                    None => (lo, hi) == self.range,
                };
                if of_it {
                    let a = &c.arguments;
                    self.ok &= a.args.len() <= 1
                        && a.args.iter().all(|x| !matches!(x, Expr::Starred(_)))
                        && a.keywords.iter().all(|k| match &k.arg {
                            Some(n) => {
                                !self.literal.iter().any(|l| l == n.as_str())
                                    || python_value(&k.value)
                            }
                            None => false,
                        });
                }
            }
            walk_expr(self, expr);
        }
    }
    if literal.is_empty() {
        return true;
    }
    let mut v = Calls {
        src,
        spelled: match built {
            Built::Called => None,
            Built::Bound(lo, hi) => Some(&src[lo..hi]),
        },
        range: (start, end),
        literal,
        ok: true,
    };
    v.visit_body(body);
    v.ok
}

/// A name, or an attribute chain over a name.
fn plain_target(e: &Expr) -> bool {
    match e {
        Expr::Name(_) => true,
        Expr::Attribute(a) => plain_target(&a.value),
        _ => false,
    }
}

/// Whether `src` reads one of `attributes` through `target` anywhere
/// (`d.apply(` for `d`), wherever `target` is spelled so.
pub fn reads_attribute(src: &str, target: &str, attributes: &[String]) -> bool {
    let ident = |c: char| c == '_' || c.is_alphanumeric();
    src.match_indices(target).any(|(i, _)| {
        if src[..i].chars().next_back().is_some_and(ident) {
            return false;
        }
        let Some(rest) = src[i + target.len()..].strip_prefix('.') else {
            return false;
        };
        let attr: &str = &rest[..rest.find(|c: char| !ident(c)).unwrap_or(rest.len())];
        attributes.iter().any(|a| a == attr)
    })
}
