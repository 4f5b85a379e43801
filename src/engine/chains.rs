//! Attribute chains: function warnings, renames (which stop the descent)
//! and module deprecations.

use super::Engine;
use crate::diagnostic::Level;
use crate::edits::Edit;
use crate::rules::msg;
use crate::syntax::{self, ast, full_name, Expr, Visitor};

impl<'a> Engine<'a> {
    /// `function_warnings` for `full_name` at `offset`.
    pub(super) fn maybe_add_warning(&mut self, offset: usize, full_name: &str) -> bool {
        if self.safety {
            // Only the TensorFlow Addons moves are reported in SAFETY mode.
            let Some(target) = self.rules.addons.get(full_name) else {
                return false;
            };
            let text = self
                .rules
                .message("addons_migrated", full_name, Some(target));
            self.log.add(
                crate::registry::Rule::FunctionWarning,
                Level::Warning,
                offset,
                self.rules.render(
                    &msg::FUNCTION_WARNING,
                    &[("name", full_name), ("text", &text)],
                ),
            );
            return true;
        }
        if !self.convert {
            return false;
        }
        let Some(w) = self.rules.function_warnings.get(full_name) else {
            return false;
        };
        let detail = w
            .detail
            .clone()
            .or_else(|| self.rules.addons.get(full_name).cloned());
        let text = self.rules.message(&w.kind, full_name, detail.as_deref());
        let level = w.level;
        self.log.add(
            crate::registry::Rule::FunctionWarning,
            level,
            offset,
            self.rules.render(
                &msg::FUNCTION_WARNING,
                &[("name", full_name), ("text", &text)],
            ),
        );
        true
    }

    pub(super) fn visit_attribute(&mut self, node: &'a ast::ExprAttribute, whole: (usize, usize)) {
        let expr_start = syntax::start(node);
        let expr_end = syntax::end(node);
        // Only build the dotted name when some rule ends with this attribute.
        let candidate = self.rules.attr_index.contains(node.attr.as_str());
        if let Some(full) = candidate.then(|| full_name_attr(node)).flatten() {
            self.maybe_add_warning(expr_start, &full);
            if self.convert && !self.safety {
                if let Some(new) = self.rules.renames.get(&full) {
                    self.log.add(
                        crate::registry::Rule::Rename,
                        Level::Info,
                        expr_start,
                        self.rules
                            .render(&msg::RENAME, &[("old", &full), ("new", new)]),
                    );
                    self.edits
                        .push(Edit::replace(expr_start, expr_end, new.clone()));
                    return;
                }
            }
            if let Some(w) = self.rules.module_deprecations.get(&full) {
                let whole_name = self.text(whole).to_string();
                let text = self
                    .rules
                    .message(&w.kind, &whole_name, w.detail.as_deref());
                let level = w.level;
                self.log.add(
                    crate::registry::Rule::ModuleDeprecation,
                    level,
                    expr_start,
                    self.rules.render(
                        &msg::MODULE_DEPRECATION,
                        &[("name", &whole_name), ("module", &full), ("text", &text)],
                    ),
                );
            }
        }
        match &*node.value {
            Expr::Attribute(inner) => self.visit_attribute(inner, whole),
            other => self.visit_expr(other),
        }
    }
}

/// [`full_name`] of an attribute node.
fn full_name_attr(node: &ast::ExprAttribute) -> Option<String> {
    let mut name = full_name(&node.value)?;
    name.push('.');
    name.push_str(node.attr.as_str());
    Some(name)
}
