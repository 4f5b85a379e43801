//! `tf.layers.dense(x, 16, activation=f)` → `tf.keras.layers.Dense(16,
//! activation=f)(x)`: TF 1's functional layers, which TensorFlow 2.21 has
//! only with tf-keras, as the Keras 3 layer classes it has without; and TF
//! 1's layer classes (`tf.layers.Dense(16)`) as the Keras 3 class of the
//! same name.
//!
//! The facts (each function's and TF 1 class's parameters, what each Keras 3
//! class's constructor and `call` accept, what a TF 1 layer object has that
//! a Keras 3 one lacks) are generated into `rules/target/keras_layers.toml`
//! by `scripts/gen_keras_layers.py`. A call is rewritten only when every
//! argument it passes has a place: the input, a constructor keyword or a
//! `call` keyword; otherwise (`reuse=`, `_scope=`, `*args`, `**kwargs`) it
//! is left alone and stays reported. So is a call that passes a regularizer:
//! TF 1 puts its losses in `tf.GraphKeys.REGULARIZATION_LOSSES`, Keras 3
//! does not.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::edits::{self, Edit, Segment};
use crate::syntax::{self, ast, walk_expr, walk_stmt, Expr, Stmt, Visitor};

/// One functional layer and its Keras 3 class.
#[derive(Debug, Clone, Deserialize)]
pub struct Layer {
    /// `tf.keras.layers.Dense`.
    pub class: String,
    /// The function's parameters in order (`inputs` first).
    pub params: Vec<String>,
    /// Keywords the class's constructor accepts.
    pub init: Vec<String>,
    /// How many of `init`'s first parameters can be passed by position.
    pub positional: usize,
    /// Keywords the layer's `call` accepts besides the input.
    pub call: Vec<String>,
    /// Keywords of `call` that Keras 3 needs as Python values.
    #[serde(default)]
    pub literal: Vec<String>,
    /// Constructor arguments the class requires and the function defaults:
    /// the function's default, printed.
    #[serde(default)]
    pub fill: BTreeMap<String, String>,
}

/// One TF 1 layer class and its Keras 3 class of the same name.
#[derive(Debug, Clone, Deserialize)]
pub struct LayerClass {
    /// `tf.keras.layers.Dense`.
    pub class: String,
    /// The TF 1 constructor's named parameters in order.
    pub params: Vec<String>,
    /// Keywords the Keras 3 constructor accepts.
    pub init: Vec<String>,
    /// How many of `init`'s first parameters can be passed by position.
    pub positional: usize,
    /// Arguments the Keras 3 class requires and the TF 1 class defaults: the
    /// TF 1 default, printed.
    #[serde(default)]
    pub fill: BTreeMap<String, String>,
    /// Keywords of the Keras 3 layer's `call` that must be Python values
    /// (`True`, `False`, `None`), where TF 1 took a tensor.
    #[serde(default)]
    pub literal: Vec<String>,
    /// Public attributes of a TF 1 layer object that the Keras 3 object
    /// lacks (`apply`, `updates`).
    #[serde(default)]
    pub tf1_only: Vec<String>,
}

#[derive(Deserialize)]
struct Table {
    keras_layers: HashMap<String, Layer>,
    #[serde(default)]
    keras_classes: HashMap<String, LayerClass>,
}

/// Both tables, keyed by the last name (`dense`, `Dense`).
pub struct Tables {
    pub functions: HashMap<String, Layer>,
    pub classes: HashMap<String, LayerClass>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let text = include_str!("../../rules/target/keras_layers.toml");
        parse(text).expect("built-in rules/target/keras_layers.toml")
    })
}

/// The functional layers, keyed by function name (`dense`).
pub fn layers() -> &'static HashMap<String, Layer> {
    &tables().functions
}

/// The layer classes, keyed by class name (`Dense`).
pub fn classes() -> &'static HashMap<String, LayerClass> {
    &tables().classes
}

/// Parses a table in the schema of `rules/target/keras_layers.toml`.
pub fn parse(text: &str) -> Result<Tables, String> {
    let table: Table = toml::from_str(text).map_err(|e| e.to_string())?;
    fn by_last<T>(m: HashMap<String, T>) -> HashMap<String, T> {
        m.into_iter()
            .map(|(k, v)| (k.rsplit('.').next().unwrap_or(&k).to_string(), v))
            .collect()
    }
    Ok(Tables {
        functions: by_last(table.keras_layers),
        classes: by_last(table.keras_classes),
    })
}

/// Whether an argument passes a regularizer: TF 1 adds the losses of a
/// layer's regularizers to `tf.GraphKeys.REGULARIZATION_LOSSES`, which
/// Keras 3 does not, so a rewrite would drop them from the loss silently.
fn passes_regularizer(name: &str, value: &Expr) -> bool {
    name.ends_with("_regularizer") && !value.is_none_literal_expr()
}

/// `True`, `False` or `None`: what a Keras 3 `call` keyword of
/// [`Layer::literal`] may be given.
fn python_value(value: &Expr) -> bool {
    value.is_boolean_literal_expr() || value.is_none_literal_expr()
}

/// What becomes of an argument.
enum Role {
    Input,
    Init,
    Call,
}

/// The edit turning `call` (a call of the functional layer `layer`) into a
/// Keras layer object called on the input; `class` is how the file names the
/// class (`tf.keras.layers.Dense` for `import tensorflow as tf`). `None` when
/// an argument has no place in the new call.
///
/// The constructor keeps the call's layout (the text between its arguments);
/// the line breaks of the arguments that move to the layer's call (the
/// input, `training=`) go with them, so the call spans as many lines as
/// before and every other line stays where it was.
pub fn rewrite(src: &str, call: &ast::ExprCall, layer: &Layer, class: &str) -> Option<Edit> {
    let args = &call.arguments;
    // (start, end, role, text) in source order: positional, then keywords.
    let mut items: Vec<(usize, usize, Role, Vec<Segment>)> = Vec::new();
    let mut has_input = false;
    // Positional arguments: the input, then constructor arguments; they stay
    // positional while they line up with the constructor's own order.
    let mut in_order = true;
    let mut passed: Vec<&str> = Vec::new();
    for (i, a) in args.args.iter().enumerate() {
        if matches!(a, Expr::Starred(_)) {
            return None;
        }
        let (start, end) = (syntax::start(a), syntax::end(a));
        let value = Segment::Orig(start, end);
        let name = layer.params.get(i)?;
        passed.push(name);
        if i == 0 {
            has_input = true;
            items.push((start, end, Role::Input, vec![value]));
            continue;
        }
        in_order &= i - 1 < layer.positional && layer.init.get(i - 1) == Some(name);
        if passes_regularizer(name, a) {
            return None;
        }
        let named = vec![Segment::Text(format!("{name}=")), value.clone()];
        if layer.init.contains(name) {
            let text = if in_order { vec![value] } else { named };
            items.push((start, end, Role::Init, text));
        } else if layer.call.contains(name) {
            if layer.literal.contains(name) && !python_value(a) {
                return None;
            }
            items.push((start, end, Role::Call, named));
        } else {
            return None;
        }
    }
    for k in args.keywords.iter() {
        let name = k.arg.as_ref()?.as_str();
        passed.push(name);
        if passes_regularizer(name, &k.value) {
            return None;
        }
        let (start, end) = (syntax::start(k), syntax::end(k));
        let whole = vec![Segment::Orig(start, end)];
        if name == "inputs" && !has_input {
            has_input = true;
            let value = Segment::Orig(syntax::start(&k.value), syntax::end(&k.value));
            items.push((start, end, Role::Input, vec![value]));
        } else if !layer.params.iter().any(|p| p == name) {
            return None;
        } else if layer.init.iter().any(|p| p == name) {
            items.push((start, end, Role::Init, whole));
        } else if layer.call.iter().any(|p| p == name) {
            if layer.literal.iter().any(|p| p == name) && !python_value(&k.value) {
                return None;
            }
            items.push((start, end, Role::Call, whole));
        } else {
            return None;
        }
    }
    if !has_input {
        return None;
    }
    items.sort_by_key(|it| it.0);
    let open = syntax::start(args) + 1;
    let close = syntax::end(args) - 1;
    let newline = edits::line_ending_at(src, syntax::start(call));
    let breaks_in =
        |t: &str| t.matches('\n').count() + t.matches('\r').count() - t.matches("\r\n").count();

    let mut ctor = vec![Segment::Text(format!("{class}("))];
    let first = items.first().map_or(close, |it| it.0);
    ctor.push(Segment::Text(src[open..first].to_string()));
    let mut breaks = 0;
    let mut pending: Option<String> = None;
    let mut kept = 0;
    let mut break_indent: Option<String> = None;
    for (i, (start, end, role, text)) in items.iter().enumerate() {
        let next = items.get(i + 1).map_or(close, |it| it.0);
        let sep = &src[*end..next];
        match role {
            Role::Init => {
                if let Some(p) = pending.take() {
                    ctor.push(Segment::Text(p));
                }
                ctor.extend(text.iter().cloned());
                pending = Some(sep.to_string());
                kept += 1;
            }
            Role::Input | Role::Call => {
                breaks += breaks_in(sep) + breaks_in(&src[*start..*end]);
                if break_indent.is_none() {
                    break_indent = after_break(sep);
                }
            }
        }
    }
    if let Some(p) = pending {
        if items.last().is_some_and(|it| matches!(it.2, Role::Init)) {
            ctor.push(Segment::Text(p)); // the call's own closing text
        } else {
            // Its comma led to arguments that moved.
            let rest = p.trim_start_matches([' ', '\t']);
            let rest = rest.strip_prefix(',').unwrap_or(rest);
            breaks += breaks_in(rest);
            if break_indent.is_none() {
                break_indent = after_break(rest);
            }
        }
    }
    for (name, default) in &layer.fill {
        if !passed.contains(&name.as_str()) {
            let comma = if kept > 0 { ", " } else { "" };
            ctor.push(Segment::Text(format!("{comma}{name}={default}")));
            kept += 1;
        }
    }
    // The input first, then the call's keywords, in source order otherwise.
    let input_at = items.iter().position(|it| matches!(it.2, Role::Input))?;
    let input_text = items[input_at].3.clone();
    let mut segments = ctor;
    segments.push(Segment::Text(")(".into()));
    if breaks > 0 {
        let indent = match indentation(src, items[input_at].0) {
            i if !i.is_empty() => i,
            _ => break_indent.unwrap_or_default(),
        };
        for _ in 0..breaks {
            segments.push(Segment::Text(format!("{newline}{indent}")));
        }
    }
    segments.extend(input_text);
    for (_, _, role, text) in &items {
        if matches!(role, Role::Call) {
            segments.push(Segment::Text(", ".into()));
            segments.extend(text.iter().cloned());
        }
    }
    segments.push(Segment::Text(")".into()));
    Some(Edit {
        start: syntax::start(call),
        end: syntax::end(call),
        segments,
    })
}

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

/// The indentation after the last line break of a separator.
fn after_break(sep: &str) -> Option<String> {
    let i = sep.rfind(['\n', '\r'])?;
    let rest = &sep[i + 1..];
    rest.chars()
        .all(|c| c == ' ' || c == '\t')
        .then(|| rest.to_string())
}

/// The whitespace that starts the line holding `at`, when only whitespace
/// precedes `at` on it; else nothing.
fn indentation(src: &str, at: usize) -> String {
    let line_start = src[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &src[line_start..at];
    if before.chars().all(|c| c == ' ' || c == '\t') {
        before.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests;
