//! The one place that knows about the Python parser (ruff_python_parser).
//!
//! Everything else sees a parsed module, its tokens, and a [`LineIndex`] that
//! turns byte offsets into Python `ast` positions (1-based lines, 0-based
//! UTF-8 byte columns).
//!
//! [`tabs`]: indentation with tabs, measured as CPython does; [`nesting`]:
//! sources too deeply nested to walk are refused before parsing.

use std::borrow::Cow;

pub use ruff_python_ast::statement_visitor::{walk_stmt as walk_stmt_only, StatementVisitor};
pub use ruff_python_ast::token::{Token, TokenKind, Tokens};
pub use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
pub use ruff_python_ast::{self as ast, Expr, ModModule, Stmt};
pub use ruff_text_size::{Ranged, TextRange, TextSize};

pub mod chains;
pub mod imports;
mod nesting;
mod tabs;

pub use nesting::{check_nesting, obviously_shallow, MAX_BRACKETS, MAX_INDENT, MAX_NESTING};
use tabs::{parse_with_tabs, tab_in_indentation};

/// A parsed module with its tokens.
pub struct Parsed {
    inner: ruff_python_parser::Parsed<ModModule>,
}

impl Parsed {
    pub fn module(&self) -> &ModModule {
        self.inner.syntax()
    }
    pub fn tokens(&self) -> &Tokens {
        self.inner.tokens()
    }
}

/// A syntax error with the parser's position and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Parses Python source. Sources nested deeper than Python itself accepts
/// (see [`check_nesting`]) are refused before any tree is built, so that
/// every tree handed out can be walked and dropped with a bounded stack.
pub fn parse(source: &str) -> Result<Parsed, SyntaxError> {
    if !obviously_shallow(source) {
        check_nesting(source)?;
    }
    if tab_in_indentation(source) {
        return parse_with_tabs(source);
    }
    match ruff_python_parser::parse_module(source) {
        Ok(inner) => Ok(Parsed { inner }),
        Err(err) => Err(SyntaxError {
            offset: err.location.start().to_usize(),
            message: err.error.to_string(),
        }),
    }
}

/// A dotted name as the parser reads `text` (an expression, which may span
/// lines, hold comments or brackets): its root name and the attributes
/// after it, each with its `.` (`(tf .a)  # c` gives `tf`, `.a`). `None`
/// when `text` is not a name or an attribute chain over a name.
pub fn dotted_name(text: &str) -> Option<(Cow<'_, str>, Cow<'_, str>)> {
    // Identifiers and dots alone are a dotted name as they are (the usual
    // case: a rename's new name); anything else is for the parser.
    if let Some(root_len) = dotted_name_len(text) {
        let (root, rest) = text.split_at(root_len);
        return Some((Cow::Borrowed(root), Cow::Borrowed(rest)));
    }
    // In brackets, so that line breaks inside the chain are allowed.
    let wrapped = format!("({text}\n)");
    let parsed = ruff_python_parser::parse_expression(&wrapped).ok()?;
    let mut rest = Vec::new();
    let mut cur: &Expr = parsed.expr();
    loop {
        match cur {
            Expr::Attribute(a) => {
                rest.push(a.attr.as_str());
                cur = &a.value;
            }
            Expr::Name(n) => {
                let mut tail = String::new();
                for name in rest.iter().rev() {
                    tail.push('.');
                    tail.push_str(name);
                }
                return Some((Cow::Owned(n.id.to_string()), Cow::Owned(tail)));
            }
            _ => return None,
        }
    }
}

/// The length of the first name of `text` when it is ASCII identifiers
/// joined by single dots, none of them a keyword (`None.x` and `a.if` are
/// something else): a dotted name exactly as written.
pub fn dotted_name_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut root_len = None;
    let mut start = 0;
    loop {
        let first = *b.get(start)?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let end = b[start + 1..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .map_or(b.len(), |i| start + 1 + i);
        if is_keyword(&text[start..end]) {
            return None;
        }
        root_len.get_or_insert(end);
        match b.get(end) {
            None => return root_len,
            Some(b'.') => start = end + 1,
            Some(_) => return None,
        }
    }
}

/// Whether `word` is one of Python's keywords (soft keywords are names).
fn is_keyword(word: &str) -> bool {
    let candidates: &[&str] = match word.as_bytes().first() {
        Some(b'F') => &["False"],
        Some(b'N') => &["None"],
        Some(b'T') => &["True"],
        Some(b'a') => &["and", "as", "assert", "async", "await"],
        Some(b'b') => &["break"],
        Some(b'c') => &["class", "continue"],
        Some(b'd') => &["def", "del"],
        Some(b'e') => &["elif", "else", "except"],
        Some(b'f') => &["finally", "for", "from"],
        Some(b'g') => &["global"],
        Some(b'i') => &["if", "import", "in", "is"],
        Some(b'l') => &["lambda"],
        Some(b'n') => &["nonlocal", "not"],
        Some(b'o') => &["or"],
        Some(b'p') => &["pass"],
        Some(b'r') => &["raise", "return"],
        Some(b't') => &["try"],
        Some(b'w') => &["while", "with"],
        Some(b'y') => &["yield"],
        _ => &[],
    };
    candidates.contains(&word)
}

/// The dotted names (`a.b`, not after a `.`, two names at least) in a
/// fragment of code, read from its tokens: names in strings and comments
/// are not names. The fragment need not parse as a whole.
pub fn dotted_names_in(text: &str) -> Vec<String> {
    match plain_tokens(text) {
        Some(tokens) => dotted_names_of(tokens.into_iter()),
        None => dotted_names_parsed(text),
    }
}

/// [`dotted_names_in`] from the parser's tokens.
fn dotted_names_parsed(text: &str) -> Vec<String> {
    use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
    let parsed = parse_unchecked(text, ParseOptions::from(Mode::Module));
    let tokens = parsed.tokens().iter().filter_map(|token| {
        let word = match token.kind() {
            TokenKind::Comment | TokenKind::NonLogicalNewline => return None,
            TokenKind::Name => Word::Name(&text[token.range()]),
            TokenKind::Dot => Word::Dot,
            _ => Word::Other,
        };
        Some(word)
    });
    dotted_names_of(tokens)
}

/// A token as [`dotted_names_in`] sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word<'a> {
    Name(&'a str),
    Dot,
    Other,
}

/// The dotted names of a token stream (comments and line breaks inside
/// brackets left out).
fn dotted_names_of<'a>(tokens: impl Iterator<Item = Word<'a>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut after_dot = false;
    let mut parts = 0;
    let mut prev = Word::Other;
    let flush = |current: &mut Option<String>, parts: &mut usize, out: &mut Vec<String>| {
        if let Some(name) = current.take() {
            if *parts > 1 {
                out.push(name);
            }
        }
        *parts = 0;
    };
    for word in tokens {
        match word {
            Word::Name(name) if current.is_some() && after_dot => {
                if let Some(c) = current.as_mut() {
                    c.push('.');
                    c.push_str(name);
                }
                parts += 1;
                after_dot = false;
            }
            Word::Name(name) if prev != Word::Dot => {
                flush(&mut current, &mut parts, &mut out);
                current = Some(name.to_string());
                parts = 1;
                after_dot = false;
            }
            Word::Dot if current.is_some() && !after_dot => after_dot = true,
            _ => {
                flush(&mut current, &mut parts, &mut out);
                after_dot = false;
            }
        }
        prev = word;
    }
    flush(&mut current, &mut parts, &mut out);
    out
}

/// The tokens of a fragment on one line made of names, whole numbers and
/// decimals, dots, spaces and operators (what inserted argument text
/// usually is), read without the parser; `None` for anything else
/// (strings, comments, line breaks, other numbers, soft keywords, text
/// that is not ASCII).
fn plain_tokens(text: &str) -> Option<Vec<Word<'_>>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' => i += 1,
            b'\'' | b'"' | b'#' | b'\\' | b'\n' | b'\r' | b'\x0c' => return None,
            _ if !c.is_ascii() => return None,
            b'.' => {
                // `.5` is a number and `...` one token: for the parser.
                if b.get(i + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == b'.')
                {
                    return None;
                }
                out.push(Word::Dot);
                i += 1;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                if matches!(word, "match" | "case" | "type" | "_") {
                    return None;
                }
                out.push(if is_keyword(word) {
                    Word::Other
                } else {
                    Word::Name(word)
                });
            }
            _ if c.is_ascii_digit() => {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if b.get(i) == Some(&b'.') {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                // Exponents, suffixes, underscores, hex: for the parser.
                if b.get(i)
                    .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'_' || *n == b'.')
                {
                    return None;
                }
                out.push(Word::Other);
            }
            _ => {
                out.push(Word::Other);
                i += 1;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod dotted_tests {
    use super::*;

    #[test]
    fn dotted_names_as_the_parser_reads_them() {
        let d = |t: &str| dotted_name(t).map(|(a, b)| format!("{a}|{b}"));
        assert_eq!(d("tf.a.b").as_deref(), Some("tf|.a.b"));
        assert_eq!(d("tf_slim").as_deref(), Some("tf_slim|"));
        assert_eq!(d("(tf .a)\\\n  .b  # c\n").as_deref(), Some("tf|.a.b"));
        assert_eq!(d("tf\n  .a").as_deref(), Some("tf|.a"));
        assert_eq!(d("tf.a(x).b"), None);
        assert_eq!(d("None.x"), None);
        assert_eq!(d("a.if"), None);
        assert_eq!(d("tf.is_tensor.True"), None);
        assert_eq!(d("tf.is_tensor").as_deref(), Some("tf|.is_tensor"));
        assert_eq!(d("_a.b2").as_deref(), Some("_a|.b2"));
        assert_eq!(d("a..b"), None);
        assert_eq!(d("tf."), None);
        assert_eq!(d("1.5"), None);
    }

    #[test]
    fn plain_fragments_read_as_the_parser_reads_them() {
        let pieces = [
            "tf", ".", "compat", "v1", "(", ")", "=", ",", " ", "1", "2.5", "x", "None", "if",
            "nn", "_a", "[", "]", ":", "+", "**", "type", "_", "a1", "3.", ".5", "...", "-", "0",
            "lambda", "dtype", "\t", "*", "@", "!=", "{", "}", "~", "$", "?",
        ];
        // A small linear congruential generator: the same fragments each run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize % n
        };
        let mut plain = 0;
        for _ in 0..20_000 {
            let len = 1 + next(12);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            if let Some(tokens) = plain_tokens(&text) {
                plain += 1;
                assert_eq!(
                    dotted_names_of(tokens.into_iter()),
                    dotted_names_parsed(&text),
                    "{text:?}"
                );
            }
        }
        assert!(plain > 5_000, "{plain} plain fragments");
        for text in [
            "'tf.a'", "tf.a # c", "tf\n.a", "1e5", ".5", "x...", "0x1f", "match.a",
        ] {
            assert!(plain_tokens(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn dotted_names_in_fragments_come_from_tokens() {
        let names = dotted_names_in("tf.nn.relu(x, 'tf.no.string') # tf.no.comment\n.y + a.b .c");
        assert_eq!(names, vec!["tf.nn.relu", "a.b.c"]);
        assert!(dotted_names_in("f(tf.compat.v1.x").contains(&"tf.compat.v1.x".to_string()));
    }
}

pub(crate) fn line_start(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset]
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .map_or(0, |i| i + 1)
}

pub(crate) fn into_result(
    parsed: ruff_python_parser::Parsed<ModModule>,
) -> Result<Parsed, SyntaxError> {
    if let Some(err) = parsed.errors().first() {
        return Err(SyntaxError {
            offset: err.location.start().to_usize(),
            message: err.error.to_string(),
        });
    }
    Ok(Parsed { inner: parsed })
}

/// Maps byte offsets to Python `ast` line/column positions.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Line breaks are `\n`, `\r\n` and a lone `\r`, as for Python's tokenizer.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        let mut i = 0;
        while i < bytes.len() {
            // Skip eight bytes at a time while they hold no line break.
            if let Some(word) = bytes.get(i..i + 8) {
                let w = u64::from_le_bytes(word.try_into().unwrap());
                if !has_byte(w, b'\n') && !has_byte(w, b'\r') {
                    i += 8;
                    continue;
                }
            }
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// (line, column): 1-based line, 0-based byte column.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        (line, offset - self.starts[line - 1])
    }
}

/// Whether any byte of `word` equals `b` (the classic SWAR zero-byte test).
fn has_byte(word: u64, b: u8) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (LO * u64::from(b));
    x.wrapping_sub(LO) & !x & HI != 0
}

/// Start offset of a node as usize.
pub fn start<T: Ranged>(node: &T) -> usize {
    node.range().start().to_usize()
}

/// End offset of a node as usize.
pub fn end<T: Ranged>(node: &T) -> usize {
    node.range().end().to_usize()
}

/// `a.b.c` for a chain of attributes ending in a name.
pub fn full_name(expr: &Expr) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let mut cur = expr;
    loop {
        match cur {
            Expr::Attribute(a) => {
                parts.push(a.attr.as_str());
                cur = &a.value;
            }
            Expr::Name(n) => {
                parts.push(n.id.as_str());
                break;
            }
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_python_ast() {
        let idx = LineIndex::new("ab\ncd\r\nef\rgh");
        assert_eq!(idx.position(0), (1, 0));
        assert_eq!(idx.position(4), (2, 1));
        assert_eq!(idx.position(7), (3, 0));
        assert_eq!(idx.position(10), (4, 0));
    }

    #[test]
    fn line_breaks_found_at_every_alignment() {
        // Compare with a plain byte scan for breaks at every offset, CRLF
        // pairs split across 8-byte words included.
        for len in 0..40 {
            for pos in 0..len {
                for brk in ["\n", "\r", "\r\n"] {
                    let mut text = "a".repeat(len);
                    text.replace_range(pos..pos + 1, brk);
                    let idx = LineIndex::new(&text);
                    let after = pos + brk.len();
                    assert_eq!(idx.position(after), (2, 0), "{text:?}");
                    assert_eq!(idx.position(pos), (1, pos), "{text:?}");
                }
            }
        }
        let idx = LineIndex::new("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\r\nx");
        assert_eq!(idx.position(14), (2, 0));
    }

    #[test]
    fn columns_are_utf8_bytes() {
        let idx = LineIndex::new("é = tf.x\n");
        // 'é' is two bytes, so `tf` starts at byte column 5.
        assert_eq!(idx.position(5), (1, 5));
    }

    #[test]
    fn carriage_return_only_files_parse() {
        let src = "import tensorflow as tf\rx = tf.foo(1,\r    2)\ry = 3\r";
        let parsed = parse(src).expect("\\r line breaks are line breaks");
        let body = &parsed.module().body;
        assert_eq!(body.len(), 3);
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(start(&body[1])), (2, 0));
        assert_eq!(idx.position(start(&body[2])), (4, 0));
    }

    #[test]
    fn syntax_errors_carry_offset() {
        let err = parse("print 'hello'\n")
            .err()
            .expect("python 2 print fails");
        assert_eq!(err.offset, 6);
        assert!(!err.message.is_empty());
    }
}
