//! A call's argument list, split the way the reference's printer splits it,
//! so that a modified list is printed exactly as the reference prints it.
//!
//! The reference keeps, for an argument list, the text from `(` to the first
//! argument, each argument's own text (with the spaces that follow it on its
//! line, or for a keyword everything up to the next comma), each separator by
//! its index, an optional trailing comma and the closing text. When arguments
//! are removed, added or turned into keywords, the arguments are sorted back
//! into source order (positional before keyword), the i-th separator of the
//! original is reused after the i-th printed argument, new separators are
//! `", "`, and new keywords print as `name=value`.

use crate::edits::{Edit, Segment};
use crate::syntax::{ast, Expr, Ranged, TokenKind, Tokens};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Positional,
    Starred,
    Keyword,
    /// `**kwargs`
    DoubleStarred,
}

/// One argument of the original call.
#[derive(Debug, Clone)]
pub struct Slot {
    pub kind: Kind,
    /// Text of the argument as printed on its own (leading parentheses
    /// included, trailing spaces as the reference attaches them).
    pub start: usize,
    pub end: usize,
    /// Where the reference sorts it: the value's start for keywords.
    pub pos: usize,
    /// Range of the value expression.
    pub value: (usize, usize),
    /// Range of the keyword name.
    pub name: Option<(usize, usize)>,
}

/// The original argument list of one call.
#[derive(Debug, Clone)]
pub struct ArgList {
    /// Offset of `(`.
    pub open: usize,
    /// Offset of `)`.
    pub close: usize,
    /// Arguments in source order.
    pub slots: Vec<Slot>,
    /// End of the trailing comma and the space after it (== end of last slot
    /// when there is no trailing comma).
    pub trailing_end: usize,
}

/// An argument as it will be printed.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: Kind,
    /// Printed before `body` (e.g. `"axis="` for a positional turned keyword).
    pub head: String,
    pub body: Vec<Segment>,
    /// Sort position; `None` compares equal to everything (as a node without
    /// position does in the reference).
    pub pos: Option<usize>,
}

impl Item {
    /// The original argument, unchanged.
    pub fn original(slot: &Slot) -> Item {
        Item {
            kind: slot.kind,
            head: String::new(),
            body: vec![Segment::Orig(slot.start, slot.end)],
            pos: Some(slot.pos),
        }
    }
    /// A positional argument turned into `name=value`.
    pub fn keyword_from(slot: &Slot, name: &str) -> Item {
        Item {
            kind: Kind::Keyword,
            head: format!("{name}="),
            body: vec![Segment::Orig(slot.start, slot.end)],
            pos: Some(slot.pos),
        }
    }
}

fn is_trivia(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Comment | TokenKind::NonLogicalNewline | TokenKind::Newline
    )
}

impl ArgList {
    /// Splits a call's arguments using the tokens. `None` if the token stream
    /// does not match the arguments (then the call is left as it is).
    pub fn new(arguments: &ast::Arguments, tokens: &Tokens) -> Option<ArgList> {
        let open = arguments.range().start().to_usize();
        let close = arguments.range().end().to_usize().checked_sub(1)?;
        let all: &[crate::syntax::Token] = tokens;
        // Token indices of `(` and `)` of the call.
        let open_idx = all.partition_point(|t| t.start().to_usize() < open);
        let close_idx = all.partition_point(|t| t.start().to_usize() < close);
        if open_idx >= all.len()
            || close_idx >= all.len()
            || all[open_idx].kind() != TokenKind::Lpar
        {
            return None;
        }
        let mut slots: Vec<Slot> = Vec::new();
        let mut last_tail_idx = open_idx; // index of the last token of the previous argument
        for arg_or_kw in arguments.iter_source_order() {
            let (kind, node_range, value, name) = match arg_or_kw {
                ast::ArgOrKeyword::Arg(e) => {
                    let kind = if matches!(e, ast::Expr::Starred(_)) {
                        Kind::Starred
                    } else {
                        Kind::Positional
                    };
                    let r = e.range();
                    let v = (r.start().to_usize(), r.end().to_usize());
                    (kind, v, v, None)
                }
                ast::ArgOrKeyword::Keyword(k) => {
                    let r = k.range();
                    let v = (
                        k.value.range().start().to_usize(),
                        k.value.range().end().to_usize(),
                    );
                    match &k.arg {
                        Some(id) => (
                            Kind::Keyword,
                            (r.start().to_usize(), r.end().to_usize()),
                            v,
                            Some((id.range().start().to_usize(), id.range().end().to_usize())),
                        ),
                        None => (
                            Kind::DoubleStarred,
                            (r.start().to_usize(), r.end().to_usize()),
                            v,
                            None,
                        ),
                    }
                }
            };
            // Leading parentheses of the argument (back to the separator).
            let first_idx = all.partition_point(|t| t.start().to_usize() < node_range.0);
            let mut k = first_idx;
            while k > last_tail_idx + 1
                && (all[k - 1].kind() == TokenKind::Lpar || is_trivia(all[k - 1].kind()))
            {
                k -= 1;
            }
            while k < first_idx && is_trivia(all[k].kind()) {
                k += 1;
            }
            let start = all.get(k)?.start().to_usize();
            // Closing parentheses of the argument.
            let mut tail_idx = all
                .partition_point(|t| t.end().to_usize() <= node_range.1)
                .checked_sub(1)?;
            let mut j = tail_idx + 1;
            while j < close_idx {
                match all[j].kind() {
                    TokenKind::Rpar => {
                        tail_idx = j;
                        j += 1;
                    }
                    kind if is_trivia(kind) => j += 1,
                    _ => break,
                }
            }
            let tail = all[tail_idx].end().to_usize();
            let next = all.get(tail_idx + 1);
            let next_start = next.map(|t| t.start().to_usize()).unwrap_or(close);
            let next_is_comment = next
                .map(|t| t.kind() == TokenKind::Comment)
                .unwrap_or(false);
            let end = if next_is_comment {
                tail
            } else {
                match kind {
                    // An expression keeps the spaces after it on its line,
                    // unless it ends with its own closing parenthesis (the
                    // printer stores those spaces with the separator).
                    Kind::Positional | Kind::Starred if tail > node_range.1 => tail,
                    Kind::Positional | Kind::Starred => next_start,
                    // A keyword keeps everything up to the next real token.
                    Kind::Keyword | Kind::DoubleStarred => all[tail_idx + 1..]
                        .iter()
                        .find(|t| !is_trivia(t.kind()))
                        .map(|t| t.start().to_usize())
                        .unwrap_or(close),
                }
            };
            let pos = if kind == Kind::Starred {
                node_range.0
            } else {
                value.0
            };
            slots.push(Slot {
                kind,
                start,
                end,
                pos,
                value,
                name,
            });
            // Skip to the separator.
            let sep = all[tail_idx + 1..close_idx.max(tail_idx + 1)]
                .iter()
                .position(|t| !is_trivia(t.kind()));
            last_tail_idx = match sep {
                Some(p) if all[tail_idx + 1 + p].kind() == TokenKind::Comma => tail_idx + 1 + p,
                _ => tail_idx,
            };
        }
        // A trailing comma: the token after the last argument is a comma.
        let has_trailing_comma = match slots.last() {
            Some(_) => all[last_tail_idx].kind() == TokenKind::Comma,
            None => false,
        };
        let trailing_end = if has_trailing_comma {
            close
        } else {
            slots.last().map(|s| s.end).unwrap_or(open + 1)
        };
        Some(ArgList {
            open,
            close,
            slots,
            trailing_end,
        })
    }

    /// The original items: (positional and starred, keywords), as the
    /// reference's `node.args` and `node.keywords`.
    pub fn original_items(&self) -> (Vec<Item>, Vec<Item>) {
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        for s in &self.slots {
            match s.kind {
                Kind::Positional | Kind::Starred => args.push(Item::original(s)),
                Kind::Keyword | Kind::DoubleStarred => keywords.push(Item::original(s)),
            }
        }
        (args, keywords)
    }

    /// The edit that prints `args` + `keywords` in place of the original list.
    pub fn render(&self, args: Vec<Item>, keywords: Vec<Item>) -> Edit {
        let mut items: Vec<Item> = args;
        items.extend(keywords);
        python_sort(&mut items, compare);
        let n = self.slots.len();
        let close_end = self.close + 1;
        let mut segs = Vec::new();
        if n == 0 {
            segs.push(Segment::Orig(self.open, self.close));
        } else {
            segs.push(Segment::Orig(self.open, self.slots[0].start));
        }
        let m = items.len();
        for (k, item) in items.into_iter().enumerate() {
            if !item.head.is_empty() {
                segs.push(Segment::Text(item.head));
            }
            segs.extend(item.body);
            if k + 1 < m {
                if k + 1 < n {
                    segs.push(Segment::Orig(self.slots[k].end, self.slots[k + 1].start));
                } else {
                    segs.push(Segment::Text(", ".into()));
                }
            }
        }
        if n == 0 {
            segs.push(Segment::Orig(self.close, close_end));
        } else {
            if m > 0 {
                segs.push(Segment::Orig(self.slots[n - 1].end, self.trailing_end));
            }
            segs.push(Segment::Orig(self.trailing_end, close_end));
        }
        Edit {
            start: self.open,
            end: close_end,
            segments: segs,
        }
    }
}

/// The reference's argument order: a positional argument before a keyword,
/// otherwise by position, and equal when a position is missing.
fn compare(a: &Item, b: &Item) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    let is_arg = |i: &Item| i.kind == Kind::Positional;
    let is_kw = |i: &Item| matches!(i.kind, Kind::Keyword | Kind::DoubleStarred);
    if is_arg(a) && is_kw(b) {
        return Less;
    }
    if is_arg(b) && is_kw(a) {
        return Greater;
    }
    match (a.pos, b.pos) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => Equal,
    }
}

/// CPython's list sort for short lists (a natural run, then binary insertion),
/// so that a comparison that is not a total order gives the same result.
pub fn python_sort<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    use std::cmp::Ordering::Less;
    let n = v.len();
    if n < 2 {
        return;
    }
    let lt = |a: &T, b: &T| cmp(a, b) == Less;
    // count_run
    let mut run = 2;
    if lt(&v[1], &v[0]) {
        while run < n && lt(&v[run], &v[run - 1]) {
            run += 1;
        }
        v[..run].reverse();
    } else {
        while run < n && !lt(&v[run], &v[run - 1]) {
            run += 1;
        }
    }
    // binary insertion of the rest
    for start in run..n {
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + ((r - l) >> 1);
            if lt(&v[start], &v[p]) {
                r = p;
            } else {
                l = p + 1;
            }
        }
        v[l..=start].rotate_right(1);
    }
}

/// Whether the argument is passed: as a keyword, or at `position` among the
/// positional arguments (starred ones not counted).
pub fn arg_present(call: &ast::ExprCall, name: &str, position: Option<usize>) -> bool {
    arg_value(call, name, position).is_some()
}

/// The value passed for an argument, as the reference finds it.
pub fn arg_value<'c>(
    call: &'c ast::ExprCall,
    name: &str,
    position: Option<usize>,
) -> Option<&'c Expr> {
    for k in call.arguments.keywords.iter() {
        if k.arg.as_ref().map(|a| a.as_str()) == Some(name) {
            return Some(&k.value);
        }
    }
    let position = position?;
    call.arguments
        .args
        .iter()
        .filter(|a| !matches!(a, Expr::Starred(_)))
        .nth(position)
}

/// One argument of a call being rewritten.
#[derive(Debug, Clone)]
pub struct ArgState<'a> {
    pub item: Item,
    /// The expression to visit afterwards (its value for keywords).
    pub node: Option<&'a Expr>,
    /// Index of the original slot, if any.
    pub slot: Option<usize>,
    /// Current keyword name (`None` for positional and `**`).
    pub name: Option<String>,
    /// An original keyword (renamed in place) rather than a new one.
    pub original_keyword: bool,
}

impl<'a> ArgState<'a> {
    pub(crate) fn name_offset(&self, list: &ArgList) -> Option<usize> {
        if self.original_keyword {
            self.slot.and_then(|s| list.slots[s].name).map(|n| n.0)
        } else {
            None
        }
    }
}

/// A call whose argument list may be rewritten (by reorders, keyword rules and
/// transforms): the reference's `node.args` and `node.keywords`.
pub struct CallState<'a> {
    pub list: ArgList,
    pub args: Vec<ArgState<'a>>,
    pub keywords: Vec<ArgState<'a>>,
    /// Whether the argument list must be printed anew.
    pub changed: bool,
    /// New text of the callee, when a transform replaced it (the callee is
    /// then not visited: the reference visits the new node, which no rule
    /// matches).
    pub func: Option<Vec<Segment>>,
}

impl<'a> CallState<'a> {
    pub fn originals(
        list: &ArgList,
        call: &'a ast::ExprCall,
    ) -> (Vec<ArgState<'a>>, Vec<ArgState<'a>>) {
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        let mut pos_iter = call.arguments.args.iter();
        let mut kw_iter = call.arguments.keywords.iter();
        for (i, slot) in list.slots.iter().enumerate() {
            match slot.kind {
                Kind::Positional | Kind::Starred => {
                    let node = pos_iter.next();
                    let node = node.map(|e| match e {
                        Expr::Starred(s) => &*s.value,
                        e => e,
                    });
                    args.push(ArgState {
                        item: Item::original(slot),
                        node,
                        slot: Some(i),
                        name: None,
                        original_keyword: false,
                    });
                }
                Kind::Keyword | Kind::DoubleStarred => {
                    let k = kw_iter.next();
                    keywords.push(ArgState {
                        item: Item::original(slot),
                        node: k.map(|k| &k.value),
                        slot: Some(i),
                        name: k.and_then(|k| k.arg.as_ref().map(|a| a.to_string())),
                        original_keyword: true,
                    });
                }
            }
        }
        (args, keywords)
    }

    pub fn new(list: ArgList, call: &'a ast::ExprCall) -> CallState<'a> {
        let (args, keywords) = CallState::originals(&list, call);
        CallState {
            list,
            args,
            keywords,
            changed: false,
            func: None,
        }
    }
}

#[cfg(test)]
mod tests;
