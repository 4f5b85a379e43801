//! Custom call rewrites (the reference's `function_transformers`), named in
//! `rules/transforms.toml`. Each family is one module; this is the hook the
//! engine calls after the table-driven rewrites of a call.
//!
//! A transform works on the call's [`CallState`] (the reference's `node.args`
//! and `node.keywords`) and on the callee text; the engine prints the result.
//! New values are printed the way the reference's printer prints new nodes:
//! an old value moved into a new node keeps its own text, and the text around
//! it (its parentheses and, for a value that is not parenthesized, the spaces
//! after it on its line) goes where the printer puts it.

mod add_argument;
mod cast;
mod contrib_layers;
mod contrib_summary;
mod dropout;
mod extract_glimpse;
mod image_resize;
mod iterator;
mod name_scope;
mod pool_seed;
mod rename_if_arg_found;
mod softmax_xent;
mod strings_split;
mod uniform_unit_scaling;

use crate::arglist::{ArgState, CallState};
use crate::arglist::{Item, Kind};
use crate::diagnostic::{Level, Sink};
use crate::edits::{Edit, Segment};
use crate::rules::msg::{self, Template};
use crate::rules::Rules;
use crate::syntax::{self, ast, Expr};

/// A named rewrite: it gets the call and its table entry (for parameters).
type Rewrite = for<'e, 'a> fn(&mut Tx<'e, 'a>, &toml::Table);

/// Every transform a `transform = "..."` entry of a rule table may name.
const TRANSFORMS: &[(&str, Rewrite)] = &[
    ("dropout", |tx, _| dropout::apply(tx)),
    ("cast", |tx, _| cast::apply(tx)),
    ("image_resize", |tx, _| image_resize::apply(tx)),
    ("pool_seed", |tx, _| pool_seed::apply(tx)),
    ("name_scope", |tx, _| name_scope::apply(tx)),
    ("string_split_rtype", |tx, _| strings_split::apply(tx)),
    ("rename_if_arg_found", rename_if_arg_found::apply),
    ("add_argument", add_argument::apply),
    ("iterator", |tx, _| iterator::apply(tx)),
    ("softmax_cross_entropy_with_logits", |tx, _| {
        softmax_xent::apply(tx)
    }),
    ("extract_glimpse", |tx, _| extract_glimpse::apply(tx)),
    ("add_summary_step", |tx, _| contrib_summary::add_step(tx)),
    (
        "add_summary_recording_cond",
        contrib_summary::add_recording_cond,
    ),
    ("contrib_layers_l1_regularizer", |tx, _| {
        contrib_layers::l1_regularizer(tx)
    }),
    ("contrib_layers_l2_regularizer", |tx, _| {
        contrib_layers::l2_regularizer(tx)
    }),
    ("contrib_layers_xavier_initializer", |tx, _| {
        contrib_layers::xavier_initializer(tx)
    }),
    ("contrib_layers_variance_scaling_initializer", |tx, _| {
        contrib_layers::variance_scaling_initializer(tx)
    }),
    ("add_uniform_scaling_initializer", |tx, _| {
        uniform_unit_scaling::apply(tx)
    }),
];

/// The names of all transforms.
pub fn names() -> impl Iterator<Item = &'static str> {
    TRANSFORMS.iter().map(|(name, _)| *name)
}

/// Applies the transform named in `spec` to a call (the rule loader refuses
/// names that are not in [`names`]).
pub fn apply<'a>(
    cx: Ctx<'_, 'a>,
    state: &mut CallState<'a>,
    call: &'a ast::ExprCall,
    full_name: Option<&str>,
    display: &str,
    spec: &toml::Table,
) {
    let transform = spec.get("transform").and_then(|v| v.as_str()).unwrap_or("");
    let Some((_, rewrite)) = TRANSFORMS.iter().find(|(name, _)| *name == transform) else {
        return;
    };
    let mut tx = Tx {
        cx,
        state,
        call,
        full: full_name,
        display,
    };
    rewrite(&mut tx, spec);
}

/// A string parameter of a transform.
fn param<'s>(spec: &'s toml::Table, key: &str) -> Option<&'s str> {
    spec.get(key).and_then(|v| v.as_str())
}

/// The text of an argument's value, split the way the printer stores it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parts {
    /// `name =` of an original keyword (kept in front of the value).
    lead: Option<(usize, usize)>,
    /// Opening parentheses (and, for a keyword, the spaces after `=`).
    pre: (usize, usize),
    /// The expression itself.
    core: (usize, usize),
    /// Closing parentheses, or the spaces after an unparenthesized value.
    post: (usize, usize),
    /// The rest of the argument's text.
    trail: (usize, usize),
    /// The value is a `*args` argument (printed without its surroundings).
    starred: bool,
}

/// What a transform may touch besides the call: the source text, the rules
/// (for message wording), the file's edits (for edits outside the argument
/// list, such as a keyword renamed in place) and the log.
pub struct Ctx<'e, 'a> {
    pub src: &'a str,
    pub rules: &'a Rules,
    pub edits: &'e mut Vec<Edit>,
    pub log: &'e mut Sink<'a>,
}

/// One call being transformed.
pub(crate) struct Tx<'e, 'a> {
    cx: Ctx<'e, 'a>,
    state: &'e mut CallState<'a>,
    call: &'a ast::ExprCall,
    full: Option<&'e str>,
    display: &'e str,
}

fn orig(r: (usize, usize)) -> Option<Segment> {
    (r.0 < r.1).then_some(Segment::Orig(r.0, r.1))
}

impl<'e, 'a> Tx<'e, 'a> {
    fn call_start(&self) -> usize {
        syntax::start(self.call)
    }

    /// The callee's last name (`to_float` for `tf.to_float`).
    fn name(&self) -> &str {
        self.display.rsplit('.').next().unwrap_or(self.display)
    }

    /// The full name if there is one, else the callee's name.
    fn full_or_name(&self) -> String {
        self.full
            .map(str::to_string)
            .unwrap_or_else(|| self.display.to_string())
    }

    /// Logs one of the code's messages (`rules::msg`) as a `transform` entry.
    fn say(&mut self, level: Level, template: &Template, values: &[(&str, &str)]) {
        let message = self.cx.rules.render(template, values);
        self.log(level, message);
    }

    fn log(&mut self, level: Level, message: String) {
        let at = self.call_start();
        self.cx
            .log
            .add(crate::registry::Rule::Transform, level, at, message);
    }

    fn src(&self) -> &'a str {
        self.cx.src
    }

    fn keyword_index(&self, name: &str) -> Option<usize> {
        self.state
            .keywords
            .iter()
            .position(|k| k.name.as_deref() == Some(name))
    }

    /// The value of an argument as the reference finds it: a keyword, or the
    /// `position`-th positional argument (starred ones not counted).
    fn arg_value(&self, name: &str, position: Option<usize>) -> Option<&ArgState<'a>> {
        if let Some(i) = self.keyword_index(name) {
            return Some(&self.state.keywords[i]);
        }
        let position = position?;
        self.state
            .args
            .iter()
            .filter(|a| a.item.kind != Kind::Starred)
            .nth(position)
    }

    /// The value text of an argument that comes from the source.
    fn parts(&self, arg: &ArgState) -> Option<Parts> {
        let slot = &self.state.list.slots[arg.slot?];
        let src = self.src().as_bytes();
        let core = slot.value;
        let (lead, pre_start) = match slot.kind {
            Kind::Keyword if arg.original_keyword => {
                let mut i = slot.name?.1;
                while i < core.0 && src[i] != b'=' {
                    i += 1;
                }
                (Some((slot.start, i + 1)), i + 1)
            }
            Kind::DoubleStarred => return None,
            _ => (None, slot.start),
        };
        let starred = slot.kind == Kind::Starred;
        let mut open = 0;
        let mut i = pre_start;
        while i < core.0 {
            match src[i] {
                b'(' => open += 1,
                b'#' => {
                    while i < core.0 && src[i] != b'\n' && src[i] != b'\r' {
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        // The whitespace after a value whose last token belongs to a
        // sub-expression (`1 - p )`) is that sub-expression's: it stays with
        // the value's text, inside what is wrapped around it.
        let mut core = core;
        if arg.node.is_some_and(ends_with_child) {
            let limit = if open == 0 {
                slot.end.max(core.1)
            } else {
                src.len()
            };
            core.1 = suffix_end(src, core.1, limit);
        }
        let mut j = core.1;
        if open == 0 {
            while j < slot.end && (src[j] == b' ' || src[j] == b'\t') {
                j += 1;
            }
        } else {
            let mut k = j;
            while open > 0 && k < src.len() {
                match src[k] {
                    b' ' | b'\t' | b'\n' | b'\r' | b'\\' | b'\x0c' => k += 1,
                    b'#' => {
                        while k < src.len() && src[k] != b'\n' && src[k] != b'\r' {
                            k += 1;
                        }
                    }
                    b')' => {
                        open -= 1;
                        k += 1;
                        j = k;
                    }
                    _ => break,
                }
            }
        }
        let trail_end = slot.end.max(j);
        Some(Parts {
            lead,
            pre: (pre_start, core.0),
            core,
            post: (core.1, j),
            trail: (j, trail_end),
            starred,
        })
    }

    /// Replaces the value of an argument by `value` (segments), keeping the
    /// keyword name in front and the text after the value.
    fn set_value(arg: &mut ArgState, parts: &Parts, value: Vec<Segment>) {
        let mut body: Vec<Segment> = Vec::new();
        body.extend(parts.lead.and_then(orig));
        body.extend(value);
        if !parts.starred {
            body.extend(orig(parts.trail));
        }
        arg.item.body = body;
    }

    /// `text_before (value) text_after`: the value's parentheses move to the
    /// new expression, the value gets new parentheses.
    fn wrap_value(arg: &mut ArgState, parts: &Parts, before: &str, after: &str) {
        let mut v = Vec::new();
        if parts.starred {
            v.push(Segment::Text(before.trim_end_matches('(').to_string()));
            v.extend(orig(parts.core));
        } else {
            v.extend(orig(parts.pre));
            v.push(Segment::Text(before.to_string()));
            v.extend(orig(parts.core));
            v.push(Segment::Text(after.to_string()));
            v.extend(orig(parts.post));
        }
        Tx::set_value(arg, parts, v);
    }

    /// The value alone, without the text the printer attaches around it.
    fn bare_value(arg: &mut ArgState, parts: &Parts, before: &str, after: &str) {
        let mut v = vec![Segment::Text(before.to_string())];
        v.extend(orig(parts.core));
        v.push(Segment::Text(after.to_string()));
        Tx::set_value(arg, parts, v);
    }

    /// Renames a keyword argument in place.
    fn rename_keyword(&mut self, idx: usize, new: &str) {
        let kw = &mut self.state.keywords[idx];
        if kw.original_keyword {
            if let Some((a, b)) = kw.slot.and_then(|s| self.state.list.slots[s].name) {
                self.cx.edits.push(Edit::replace(a, b, new));
            }
        } else {
            kw.item.head = format!("{new}=");
        }
        kw.name = Some(new.to_string());
        self.state.changed = true;
    }

    /// A positional argument turned into `name=value` (a new keyword node
    /// holding the old value).
    fn into_keyword(arg: ArgState<'a>, name: &str) -> ArgState<'a> {
        let mut arg = arg;
        arg.item.kind = Kind::Keyword;
        arg.item.head = format!("{name}=");
        arg.name = Some(name.to_string());
        arg.original_keyword = false;
        arg
    }

    /// A new keyword `name=text` at sort position `pos` (`None`: no position).
    fn new_keyword(name: &str, text: &str, pos: Option<usize>) -> ArgState<'a> {
        ArgState {
            item: Item {
                kind: Kind::Keyword,
                head: String::new(),
                body: vec![Segment::Text(format!("{name}={text}"))],
                pos,
            },
            node: None,
            slot: None,
            name: Some(name.to_string()),
            original_keyword: false,
        }
    }

    /// A new positional argument printed as `text`, without position.
    fn new_positional(text: &str) -> ArgState<'a> {
        ArgState {
            item: Item {
                kind: Kind::Positional,
                head: String::new(),
                body: vec![Segment::Text(text.to_string())],
                pos: None,
            },
            node: None,
            slot: None,
            name: None,
            original_keyword: false,
        }
    }

    /// The sort position the reference gives new nodes placed "100 columns
    /// after the call".
    fn after_call_pos(&self) -> Option<usize> {
        Some(self.cx.log.shifted_offset(self.call_start(), 100))
    }

    /// The callee becomes `text`.
    fn replace_func(&mut self, text: &str) {
        self.state.func = Some(vec![Segment::Text(text.to_string())]);
    }

    /// `value.attr` callee: the value becomes `value` and the attribute
    /// `attr` (the dot keeps its text). Returns false for a bare name.
    fn replace_func_parts(&mut self, value: Option<&str>, attr: &str) -> bool {
        let Expr::Attribute(a) = &*self.call.func else {
            return false;
        };
        let func_start = syntax::start(&*self.call.func);
        let attr_start = syntax::start(&a.attr);
        let mut segs = Vec::new();
        match value {
            Some(v) => {
                let src = self.src().as_bytes();
                let mut dot = attr_start;
                while dot > func_start && src[dot - 1] != b'.' {
                    dot -= 1;
                }
                segs.push(Segment::Text(v.to_string()));
                // The old value goes with the whitespace that followed it on
                // its line (and `\` continuations); a line break before the
                // dot stays (`tf.contrib.layers` / `.xavier_initializer()`).
                let dot = dot.saturating_sub(1).max(func_start);
                let value_end = syntax::end(&*a.value);
                let from = if !src[value_end..dot].contains(&b')') {
                    suffix_end(src, value_end, dot)
                } else {
                    dot
                };
                segs.extend(orig((from, attr_start)));
            }
            None => segs.extend(orig((func_start, attr_start))),
        }
        segs.push(Segment::Text(attr.to_string()));
        self.state.func = Some(segs);
        true
    }
}

/// End of the whitespace the reference's printer attaches to an expression
/// ending at `from`: spaces, tabs, form feeds and `\` line continuations, up
/// to the next token or line break (none at all if a comment comes next).
pub(crate) fn suffix_end(src: &[u8], from: usize, limit: usize) -> usize {
    let mut i = from;
    loop {
        while i < limit && matches!(src[i], b' ' | b'\t' | b'\x0c') {
            i += 1;
        }
        if i + 1 < limit && src[i] == b'\\' && matches!(src[i + 1], b'\n' | b'\r') {
            i += if src[i + 1] == b'\r' && src.get(i + 2) == Some(&b'\n') {
                3
            } else {
                2
            };
            continue;
        }
        break;
    }
    if i < limit && src[i] == b'#' {
        return from;
    }
    i
}

/// Whether the last token of an expression belongs to a sub-expression
/// (`a - b`, `not x`, `a if c else b`...), not to the expression itself.
fn ends_with_child(e: &Expr) -> bool {
    let last: Option<&Expr> = match e {
        Expr::BinOp(x) => Some(&x.right),
        Expr::BoolOp(x) => x.values.last(),
        Expr::Compare(x) => x.comparators.last(),
        Expr::UnaryOp(x) => Some(&x.operand),
        Expr::If(x) => Some(&x.orelse),
        Expr::Lambda(x) => Some(&x.body),
        Expr::Named(x) => Some(&x.value),
        Expr::Await(x) => Some(&x.value),
        Expr::Yield(x) => x.value.as_deref(),
        Expr::YieldFrom(x) => Some(&x.value),
        Expr::Starred(x) => Some(&x.value),
        Expr::Tuple(x) => x.elts.last(),
        _ => None,
    };
    last.is_some_and(|c| syntax::end(c) == syntax::end(e))
}

/// Whether an expression is the constant `True` / `False`.
fn is_bool(e: Option<&Expr>, value: bool) -> bool {
    matches!(e, Some(Expr::BooleanLiteral(b)) if b.value == value)
}
