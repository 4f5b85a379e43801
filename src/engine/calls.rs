//! Calls: call and argument warnings, reorders, keyword renames and
//! removals, then the custom transforms; the argument list is printed anew
//! when any of them changed it.

use super::Engine;
use crate::arglist::{arg_present, ArgList, ArgState, CallState, Item, Kind};
use crate::diagnostic::Level;
use crate::edits::Edit;
use crate::rules::msg;
use crate::syntax::chains::Part;
use crate::syntax::{self, ast, full_name, Expr, Visitor};
use crate::transforms;

impl<'a> Engine<'a> {
    pub(super) fn visit_call(&mut self, call: &'a ast::ExprCall) {
        let call_start = syntax::start(call);
        // No rule ends with the callee's last name: nothing applies to the
        // call itself, visit its parts.
        let local = match &*call.func {
            Expr::Attribute(a) => Some(a.attr.as_str()),
            Expr::Name(n) => Some(n.id.as_str()),
            _ => None,
        };
        // A name an import binds (`fn` after `... import argmax as fn`)
        // ends with what it names.
        let bound = match &*call.func {
            Expr::Name(n) => self
                .named(n.id.as_str())
                .map(|path| path.rsplit('.').next().unwrap_or(path)),
            _ => None,
        };
        let last = bound.or(local);
        if !last.is_some_and(|l| self.rules.call_index.contains(l)) {
            self.visit_callee(call);
            for a in call.arguments.args.iter() {
                self.visit_expr(a);
            }
            for k in call.arguments.keywords.iter() {
                self.visit_expr(&k.value);
            }
            return;
        }
        let (full, through_import) = self.callee_name(&call.func);
        let name: Option<String> = match (&full, &*call.func) {
            (Some(f), _) => Some(f.rsplit('.').next().unwrap_or(f).to_string()),
            (None, Expr::Attribute(a)) => Some(a.attr.to_string()),
            _ => None,
        };
        let display = full.clone().or_else(|| name.clone()).unwrap_or_default();
        let glob = name.as_ref().map(|n| format!("*.{n}"));
        let args = &call.arguments;
        let uses_star_args = args.args.iter().any(|a| matches!(a, Expr::Starred(_)));
        let uses_star_kwargs = args.keywords.iter().any(|k| k.arg.is_none());

        // Call warnings: method globs, only when the callee is an attribute.
        if matches!(&*call.func, Expr::Attribute(_)) {
            if let Some(g) = &glob {
                self.maybe_add_warning(call_start, g);
            }
        }
        // Argument warnings (they also apply to files that are not converted,
        // but are not part of SAFETY mode).
        if !self.safety {
            self.argument_warnings(
                call,
                full.as_deref(),
                glob.as_deref(),
                &display,
                uses_star_args || uses_star_kwargs,
            );
        }

        let mut state: Option<CallState> = None;
        if self.convert && !self.safety {
            let logged = self.log.diagnostics.len();
            state = self.rewrite_call(
                call,
                full.as_deref(),
                glob.as_deref(),
                &display,
                uses_star_args,
                uses_star_kwargs,
            );
            // A transform that respells the callee writes the `tf.` name,
            // and one that adds arguments may write `tf.…` in them: a name
            // an import binds stays as it is, and so does its call, unless
            // the file binds `tf` for the new arguments.
            let respells = |s: &CallState| s.func.is_some() || (!self.tf_bound && writes_tf(s));
            if through_import && state.as_ref().is_some_and(respells) {
                state = None;
                self.log.diagnostics.truncate(logged);
            }
        }

        // Children: the callee, then the arguments as they now stand. A
        // callee a transform replaced is printed as it says, not visited.
        match state.as_mut().and_then(|s| s.func.take()) {
            Some(segments) => {
                self.unvisited(Part::Callee(call));
                self.edits.push(Edit {
                    start: syntax::start(&*call.func),
                    end: syntax::end(&*call.func),
                    segments,
                })
            }
            None => self.visit_callee(call),
        }
        match state {
            None => {
                for a in args.args.iter() {
                    self.visit_expr(a);
                }
                for k in args.keywords.iter() {
                    self.visit_expr(&k.value);
                }
            }
            Some(state) => {
                let values = || args.keywords.iter().map(|k| &k.value);
                let original =
                    |e: &Expr| args.args.iter().chain(values()).any(|a| std::ptr::eq(a, e));
                for item in state.args.iter().chain(state.keywords.iter()) {
                    let Some(e) = item.node else { continue };
                    if self.chains.is_some() && !original(e) {
                        // A part of the callee a transform made an argument:
                        // its chains are the callee's.
                        let chains = self.chains.take();
                        self.visit_expr(e);
                        self.chains = chains;
                    } else {
                        self.visit_expr(e);
                    }
                }
                if self.chains.is_some() {
                    // Arguments the rewrite dropped are not visited.
                    let kept = |e: &Expr| {
                        state
                            .args
                            .iter()
                            .chain(state.keywords.iter())
                            .any(|i| i.node.is_some_and(|n| std::ptr::eq(n, e)))
                    };
                    for e in args.args.iter().chain(values()) {
                        if !kept(e) {
                            self.unvisited(Part::Expr(e));
                        }
                    }
                }
                if state.changed {
                    let args_items = state.args.into_iter().map(|i| i.item).collect();
                    let kw_items = state.keywords.into_iter().map(|i| i.item).collect();
                    self.edits.push(state.list.render(args_items, kw_items));
                }
            }
        }
    }

    /// The dotted name of a callee, as the rule tables spell it; and
    /// whether it was read through a name an import binds to TensorFlow
    /// ([`super::Options::names`]: `dropout` → `tf.nn.dropout`).
    fn callee_name(&self, func: &Expr) -> (Option<String>, bool) {
        let Some(full) = full_name(func) else {
            return (None, false);
        };
        let root = full.split('.').next().unwrap_or_default();
        match self.named(root) {
            Some(path) => (Some(format!("{path}{}", &full[root.len()..])), true),
            None => (Some(full), false),
        }
    }

    /// What `name` names, where an import binds it to TensorFlow (`tf.…`).
    fn named(&self, name: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, path)| path.as_str())
    }

    /// Visits the callee of `call` (as [`Visitor::visit_expr`] would),
    /// recording it as the chain it calls.
    fn visit_callee(&mut self, call: &'a ast::ExprCall) {
        match &*call.func {
            Expr::Attribute(a) => {
                if let Some(r) = &mut self.chains {
                    r.note(a, Some(call));
                }
                self.visit_attribute(a, (syntax::start(a), syntax::end(a)));
            }
            func => self.visit_expr(func),
        }
    }

    fn argument_warnings(
        &mut self,
        call: &'a ast::ExprCall,
        full: Option<&str>,
        glob: Option<&str>,
        display: &str,
        variadic: bool,
    ) {
        let mut merged: Vec<&crate::rules::ArgWarning> = Vec::new();
        for key in [glob, full].into_iter().flatten() {
            if let Some(list) = self.rules.arg_warnings.get(key) {
                for w in list {
                    merged.retain(|o| !(o.arg == w.arg && o.position == w.position));
                    merged.push(w);
                }
            }
        }
        if merged.is_empty() {
            return;
        }
        merged.sort_by(|a, b| (a.arg.as_str(), a.position).cmp(&(b.arg.as_str(), b.position)));
        let call_start = syntax::start(call);
        for w in merged {
            if !arg_present(call, &w.arg, Some(w.position)) {
                continue;
            }
            let text = self.rules.message(&w.kind, display, w.detail.as_deref());
            let template = if variadic {
                &msg::ARGUMENT_WARNING_VARIADIC
            } else {
                &msg::ARGUMENT_WARNING
            };
            let message = self.rules.render(
                template,
                &[("function", display), ("arg", &w.arg), ("text", &text)],
            );
            self.log.add(
                crate::registry::Rule::ArgumentWarning,
                w.level,
                call_start,
                message,
            );
        }
    }

    /// Reorders, keyword renames and removals, transforms.
    fn rewrite_call(
        &mut self,
        call: &'a ast::ExprCall,
        full: Option<&str>,
        glob: Option<&str>,
        display: &str,
        uses_star_args: bool,
        uses_star_kwargs: bool,
    ) -> Option<CallState<'a>> {
        let call_start = syntax::start(call);
        let reorder = full.and_then(|f| self.rules.reorders.get(f));
        let keyword_rules: Vec<&crate::rules::KeywordRules> = [glob, full]
            .into_iter()
            .flatten()
            .filter_map(|k| self.rules.keywords.get(k))
            .collect();
        let transform_keys: Vec<&str> = [full, glob]
            .into_iter()
            .flatten()
            .filter(|k| self.rules.transforms.contains_key(*k))
            .collect();
        if reorder.is_none() && keyword_rules.is_empty() && transform_keys.is_empty() {
            return None;
        }
        let list = ArgList::new(&call.arguments, self.tokens)?;
        let mut state = CallState::new(list, call);

        if let Some(order) = reorder {
            if uses_star_args {
                self.log.add(
                    crate::registry::Rule::Reorder,
                    Level::Warning,
                    call_start,
                    self.rules.render(
                        &msg::REORDER_STAR_ARGS,
                        &[("function", full.unwrap_or(display))],
                    ),
                );
            }
            let mut new_args = Vec::new();
            let mut new_keywords = Vec::new();
            let mut idx = 0;
            for a in std::mem::take(&mut state.args) {
                if a.item.kind == Kind::Starred {
                    continue; // the reference drops starred arguments here
                }
                match order.get(idx).cloned().flatten() {
                    Some(kw) => {
                        let slot = a.slot.expect("original argument");
                        let mut item = Item::keyword_from(&state.list.slots[slot], &kw);
                        item.kind = Kind::Keyword;
                        new_keywords.push(ArgState {
                            item,
                            node: a.node,
                            slot: a.slot,
                            name: Some(kw),
                            original_keyword: false,
                        });
                    }
                    None => new_args.push(a),
                }
                idx += 1;
            }
            if !new_keywords.is_empty() {
                self.log.add(
                    crate::registry::Rule::Reorder,
                    Level::Info,
                    call_start,
                    self.rules
                        .render(&msg::REORDER, &[("function", full.unwrap_or(display))]),
                );
                state.args = new_args;
                new_keywords.extend(std::mem::take(&mut state.keywords));
                state.keywords = new_keywords;
                state.changed = true;
            } else {
                // Nothing moved: the reference leaves the call as it was.
                let (a, k) = CallState::originals(&state.list, call);
                state.args = a;
                state.keywords = k;
            }
        }

        if !keyword_rules.is_empty() {
            if uses_star_kwargs {
                self.log.add(
                    crate::registry::Rule::KeywordRename,
                    Level::Warning,
                    call_start,
                    self.rules
                        .render(&msg::KEYWORDS_STAR_KWARGS, &[("function", display)]),
                );
            }
            let lookup = |arg: &str| -> Option<Option<String>> {
                let mut result = None;
                for r in &keyword_rules {
                    if let Some(v) = r.lookup(arg) {
                        result = Some(v.map(str::to_string));
                    }
                }
                result
            };
            let mut kept = Vec::new();
            for mut kw in std::mem::take(&mut state.keywords) {
                let Some(arg) = kw.name.clone() else {
                    kept.push(kw);
                    continue;
                };
                let offset = kw.name_offset(&state.list).unwrap_or(call_start);
                match lookup(&arg) {
                    None => kept.push(kw),
                    Some(None) => {
                        self.log.add(
                            crate::registry::Rule::KeywordRemoval,
                            Level::Info,
                            offset,
                            self.rules.render(
                                &msg::KEYWORD_REMOVAL,
                                &[("function", display), ("arg", &arg)],
                            ),
                        );
                        state.changed = true;
                    }
                    Some(Some(new)) => {
                        self.log.add(
                            crate::registry::Rule::KeywordRename,
                            Level::Info,
                            offset,
                            self.rules.render(
                                &msg::KEYWORD_RENAME,
                                &[
                                    ("function", full.unwrap_or("None")),
                                    ("arg", &arg),
                                    ("new", &new),
                                ],
                            ),
                        );
                        if kw.original_keyword {
                            let (a, b) = state.list.slots[kw.slot.unwrap()].name.unwrap();
                            self.edits.push(Edit::replace(a, b, new.clone()));
                        } else {
                            kw.item.head = format!("{new}=");
                        }
                        kw.name = Some(new);
                        kept.push(kw);
                    }
                }
            }
            state.keywords = kept;
        }

        if !transform_keys.is_empty() {
            if uses_star_args || uses_star_kwargs {
                self.log.add(
                    crate::registry::Rule::Transform,
                    Level::Warning,
                    call_start,
                    self.rules
                        .render(&msg::TRANSFORM_STAR_ARGS, &[("function", display)]),
                );
            }
            for key in transform_keys {
                let spec = &self.rules.transforms[key];
                let cx = transforms::Ctx {
                    src: self.src,
                    rules: self.rules,
                    edits: &mut self.edits,
                    log: &mut self.log,
                };
                transforms::apply(cx, &mut state, call, full, display, spec);
            }
        }
        Some(state)
    }
}

/// Whether the new text of a rewritten argument list names `tf`.
fn writes_tf(state: &CallState) -> bool {
    state
        .args
        .iter()
        .chain(state.keywords.iter())
        .flat_map(|a| a.item.body.iter())
        .any(|seg| match seg {
            crate::edits::Segment::Text(t) => syntax::dotted_names_in(t)
                .iter()
                .any(|n| n == "tf" || n.starts_with("tf.")),
            _ => false,
        })
}
