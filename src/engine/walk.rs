//! The order of the walk.

use super::Engine;
use crate::imports::Place;
use crate::syntax::chains::Part;
use crate::syntax::{self, ast, walk_expr, walk_stmt, Expr, Stmt, Visitor};

/// The walk visits children in the order of the fields of Python's `ast`
/// nodes (as the reference does), which is not always evaluation order:
/// assignment targets before values, a function's body before its decorators
/// and return annotation, a comprehension's element before its generators.
impl<'a> Visitor<'a> for Engine<'a> {
    fn visit_body(&mut self, body: &'a [Stmt]) {
        let outer = self.place;
        for (i, stmt) in body.iter().enumerate() {
            self.place = Place {
                previous: i.checked_sub(1).map(|p| &body[p]),
                module_level: outer.module_level,
            };
            self.visit_stmt(stmt);
        }
        self.place = outer;
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // Imports are renamed only while the file is converted (in DEFAULT
        // mode an unaliased or versioned import stops that).
        if let Some(spec) = self.import_rename.filter(|_| self.convert || self.safety) {
            let source = self.source();
            let change = match stmt {
                Stmt::Import(node) => source.rename_import(node, spec),
                Stmt::ImportFrom(node) => source.rename_import_from(node, spec, self.place),
                _ => None,
            };
            if let Some(change) = change {
                self.apply_import(change);
            }
        }
        // Bodies nested in this statement are not the module's.
        let place = self.place;
        self.place.module_level = false;
        match stmt {
            Stmt::FunctionDef(f) => {
                if let Some(t) = &f.type_params {
                    self.unvisited(Part::TypeParams(t));
                }
                self.visit_parameters(&f.parameters);
                self.visit_body(&f.body);
                for d in &f.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(r) = &f.returns {
                    self.visit_annotation(r);
                }
            }
            Stmt::ClassDef(c) => {
                if let Some(t) = &c.type_params {
                    self.unvisited(Part::TypeParams(t));
                }
                if let Some(arguments) = &c.arguments {
                    for a in arguments.args.iter() {
                        self.visit_expr(a);
                    }
                    for k in arguments.keywords.iter() {
                        self.visit_expr(&k.value);
                    }
                }
                self.visit_body(&c.body);
                for d in &c.decorator_list {
                    self.visit_decorator(d);
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.visit_expr(t);
                }
                self.visit_expr(&a.value);
            }
            Stmt::AugAssign(a) => {
                self.visit_expr(&a.target);
                self.visit_expr(&a.value);
            }
            Stmt::AnnAssign(a) => {
                self.visit_expr(&a.target);
                self.visit_annotation(&a.annotation);
                if let Some(v) = &a.value {
                    self.visit_expr(v);
                }
            }
            Stmt::For(f) => {
                self.visit_expr(&f.target);
                self.visit_expr(&f.iter);
                self.visit_body(&f.body);
                self.visit_body(&f.orelse);
            }
            _ => walk_stmt(self, stmt),
        }
        self.place = place;
    }

    fn visit_parameters(&mut self, p: &'a ast::Parameters) {
        // posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(ann) = &a.parameter.annotation {
                self.visit_annotation(ann);
            }
        }
        if let Some(v) = &p.vararg {
            if let Some(ann) = &v.annotation {
                self.visit_annotation(ann);
            }
        }
        for a in p.kwonlyargs.iter() {
            if let Some(ann) = &a.parameter.annotation {
                self.visit_annotation(ann);
            }
        }
        for a in p.kwonlyargs.iter() {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
        if let Some(k) = &p.kwarg {
            if let Some(ann) = &k.annotation {
                self.visit_annotation(ann);
            }
        }
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
    }

    fn visit_comprehension(&mut self, c: &'a ast::Comprehension) {
        self.visit_expr(&c.target);
        self.visit_expr(&c.iter);
        for e in &c.ifs {
            self.visit_expr(e);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(a) => {
                if let Some(r) = &mut self.chains {
                    r.note(a, None);
                }
                self.visit_attribute(a, (syntax::start(a), syntax::end(a)))
            }
            Expr::Call(c) => self.visit_call(c),
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.visit_expr(k);
                    }
                }
                for item in &d.items {
                    self.visit_expr(&item.value);
                }
            }
            Expr::ListComp(c) => {
                self.visit_expr(&c.elt);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            Expr::SetComp(c) => {
                self.visit_expr(&c.elt);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            Expr::Generator(c) => {
                self.visit_expr(&c.elt);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            Expr::DictComp(c) => {
                if let Some(k) = &c.key {
                    self.visit_expr(k);
                }
                self.visit_expr(&c.value);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            _ => walk_expr(self, expr),
        }
    }
}
