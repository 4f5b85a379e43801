//! Dotted names (`tf.a.b`) as the parser reads them, and read from the
//! tokens of plain one-line fragments without it.

use std::borrow::Cow;

use super::{Expr, Ranged, TokenKind};

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
