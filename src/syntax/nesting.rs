//! Sources nested too deeply to walk are refused before parsing: a quick
//! byte scan clears most files, the lexer-based score decides the rest.

use super::{SyntaxError, TokenKind};

/// More nested brackets than this is an error for CPython's tokenizer too.
pub const MAX_BRACKETS: usize = 200;
/// More indentation levels than this is an error for CPython's tokenizer too.
pub const MAX_INDENT: usize = 100;
/// Bound on the nesting score of [`check_nesting`]. CPython refuses trees
/// deeper than about 3000 nodes ("maximum recursion depth exceeded during ast
/// construction"), and the reference fails far earlier (around 200 levels),
/// so nothing this limit refuses is converted by the reference.
pub const MAX_NESTING: usize = 3000;

/// Refuses sources whose syntax tree could be too deep to walk safely.
///
/// The check runs the lexer only (it is iterative) and computes a score that
/// bounds the depth of the tree the parser would build: the number of open
/// brackets and indentation levels, plus, for every open bracket level, the
/// tokens since its last `,` that can add a level to the tree (attribute
/// dots, operators, `not`, `lambda`, conditional expressions, calls and
/// subscripts...). Flat constructs (`and`/`or` chains, comparisons, lists,
/// implicitly concatenated strings) do not add to it.
pub fn check_nesting(source: &str) -> Result<usize, SyntaxError> {
    match nesting_violation(source) {
        Ok(score) => Ok(score),
        Err(message) => {
            // The lexer gives no offsets; find the shortest failing prefix.
            let (mut lo, mut hi) = (0usize, source.len());
            while lo < hi {
                let mut mid = lo + (hi - lo) / 2;
                while !source.is_char_boundary(mid) {
                    mid += 1;
                }
                if mid >= hi {
                    break;
                }
                if nesting_violation(&source[..mid]).is_err() {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            // `hi` ends the token that crossed the limit; point at its start.
            let bytes = source.as_bytes();
            let mut start = hi;
            while start > 0 && !bytes[start - 1].is_ascii_whitespace() && {
                let c = bytes[start - 1];
                c.is_ascii_alphanumeric() || c == b'_'
            } {
                start -= 1;
            }
            if start == hi && hi > 0 {
                start = hi - 1;
                while !source.is_char_boundary(start) {
                    start -= 1;
                }
            }
            Err(SyntaxError {
                offset: start,
                message,
            })
        }
    }
}

/// Longest logical line (in bytes) that [`obviously_shallow`] accepts: the
/// nesting score of a logical line is at most its number of tokens plus its
/// indentation, so this keeps well under [`MAX_NESTING`].
const SHALLOW_LINE: usize = MAX_NESTING / 2;

/// Byte classes for [`obviously_shallow`]: 0 for bytes it just counts.
const SCAN_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 1;
    t[b'#' as usize] = 2;
    t[b'\\' as usize] = 3;
    t[b'\'' as usize] = 4;
    t[b'"' as usize] = 4;
    t[b'(' as usize] = 5;
    t[b'[' as usize] = 5;
    t[b'{' as usize] = 5;
    t[b')' as usize] = 6;
    t[b']' as usize] = 6;
    t[b'}' as usize] = 6;
    t
};

pub(super) fn is_indent(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | 0x0c)
}

/// A quick, conservative byte scan: `true` only when the source certainly
/// stays within the limits of [`check_nesting`] (at most [`MAX_BRACKETS`]
/// open brackets, [`MAX_INDENT`] indentation characters on any line, and
/// logical lines of at most [`SHALLOW_LINE`] bytes), so the exact check,
/// which runs the lexer, can be skipped. It skips comments and string
/// literals; anything it does not follow for sure (an f-string or t-string,
/// an unterminated string) answers `false`, and the exact check decides.
pub fn obviously_shallow(source: &str) -> bool {
    let b = source.as_bytes();
    let n = b.len();
    let mut depth = 0usize; // open brackets
    let mut run = 0usize; // bytes of the current logical line
    let mut i = 0;
    while i < n && is_indent(b[i]) {
        i += 1;
    }
    if i > MAX_INDENT {
        return false;
    }
    while i < n {
        let start = i;
        while i < n && SCAN_CLASS[b[i] as usize] == 0 {
            i += 1;
        }
        run += i - start;
        if run > SHALLOW_LINE {
            return false;
        }
        if i >= n {
            break;
        }
        let c = b[i];
        match SCAN_CLASS[c as usize] {
            1 => {
                if depth == 0 {
                    run = 0;
                }
                i += 1;
                let line = i;
                while i < n && is_indent(b[i]) {
                    i += 1;
                }
                if i - line > MAX_INDENT {
                    return false;
                }
                continue;
            }
            2 => {
                while i < n && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            3 => {
                // A line continuation: the logical line goes on.
                i += 1;
                if i < n && b[i] == b'\r' {
                    i += 1;
                }
                if i < n && b[i] == b'\n' {
                    i += 1;
                }
            }
            4 => {
                // Prefix letters right before the quote (`rb`, `f`, ...).
                let mut j = i;
                while j > 0 && i - j < 3 && b[j - 1].is_ascii_alphabetic() {
                    j -= 1;
                    if matches!(b[j], b'f' | b'F' | b't' | b'T') {
                        return false; // f/t-strings hold code: let the lexer judge
                    }
                }
                let triple = i + 2 < n && b[i + 1] == c && b[i + 2] == c;
                i += if triple { 3 } else { 1 };
                loop {
                    if i >= n {
                        return false; // unterminated
                    }
                    let d = b[i];
                    if d == b'\\' {
                        i += 2;
                    } else if d == c && (!triple || (i + 2 < n && b[i + 1] == c && b[i + 2] == c)) {
                        i += if triple { 3 } else { 1 };
                        break;
                    } else if !triple && (d == b'\n' || d == b'\r') {
                        return false; // unterminated
                    } else {
                        i += 1;
                    }
                }
            }
            5 => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return false;
                }
                i += 1;
            }
            _ => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
        }
        run += 1;
        if run > SHALLOW_LINE {
            return false;
        }
    }
    true
}

/// Depth bookkeeping of one open bracket level (or of the statement).
#[derive(Default)]
struct Level {
    /// Deepest element of this level already closed by a `,` or `;`.
    done: usize,
    /// Tokens of the current element that nest what follows them: binary
    /// and unary operators, `not`, `lambda`, conditional expressions...
    ops: usize,
    /// Deepest operand of the current element so far.
    best: usize,
    /// Depth of the current operand: attribute dots, calls, subscripts and
    /// the depth of the brackets it holds.
    cur: usize,
}

impl Level {
    fn depth(&self) -> usize {
        self.done.max(self.ops + self.best.max(self.cur))
    }
    fn current(&self) -> usize {
        self.ops + self.best.max(self.cur)
    }
    fn end_operand(&mut self) {
        self.best = self.best.max(self.cur);
        self.cur = 0;
    }
    fn end_element(&mut self) {
        self.done = self.depth();
        self.ops = 0;
        self.best = 0;
        self.cur = 0;
    }
}

fn nesting_violation(source: &str) -> Result<usize, String> {
    use ruff_python_parser::lexer::lex;
    use ruff_python_parser::Mode;
    use TokenKind as K;
    let mut lexer = lex(source, Mode::Module);
    let mut levels: Vec<Level> = vec![Level::default()];
    // Sum of `current()` over the enclosing levels (all but the last).
    let mut outer = 0usize;
    let mut indent = 0usize;
    let mut max = 0usize;
    let mut prev = K::Newline;
    loop {
        let kind = lexer.next_token();
        let after_atom = matches!(
            prev,
            K::Name
                | K::Rpar
                | K::Rsqb
                | K::Rbrace
                | K::String
                | K::FStringEnd
                | K::TStringEnd
                | K::Int
                | K::Float
                | K::Complex
                | K::Ellipsis
                | K::True
                | K::False
                | K::None
        );
        if !matches!(
            kind,
            K::Comment | K::NonLogicalNewline | K::Indent | K::Dedent
        ) {
            prev = kind;
        }
        let level = levels.last_mut().expect("statement level");
        match kind {
            K::EndOfFile => break,
            K::Lpar | K::Lsqb | K::Lbrace => {
                // A call or subscript adds a node above the atom it follows.
                if after_atom {
                    level.cur += 1;
                }
                outer += level.current();
                levels.push(Level::default());
                if levels.len() - 1 > MAX_BRACKETS {
                    return Err(format!(
                        "more than {MAX_BRACKETS} nested brackets, which Python does not accept either"
                    ));
                }
            }
            K::Rpar | K::Rsqb | K::Rbrace => {
                if levels.len() > 1 {
                    let inner = levels.pop().expect("open level").depth() + 1;
                    let parent = levels.last_mut().expect("statement level");
                    outer -= parent.current();
                    parent.cur += inner;
                }
            }
            K::Comma | K::Semi => level.end_element(),
            K::Newline => {
                // A logical line ends every bracket (the lexer closes them).
                levels.truncate(1);
                levels[0] = Level::default();
                outer = 0;
            }
            K::Indent => {
                indent += 1;
                if indent > MAX_INDENT {
                    return Err(format!(
                        "more than {MAX_INDENT} levels of indentation, which Python does not accept either"
                    ));
                }
            }
            K::Dedent => indent = indent.saturating_sub(1),
            K::Dot => level.cur += 1,
            // Operators that nest: a chain of them builds a chain of nodes.
            K::Plus
            | K::Minus
            | K::Star
            | K::Slash
            | K::Vbar
            | K::Amper
            | K::Tilde
            | K::CircumFlex
            | K::LeftShift
            | K::RightShift
            | K::DoubleStar
            | K::DoubleSlash
            | K::Percent
            | K::At
            | K::ColonEqual
            | K::Not
            | K::Lambda
            | K::If
            | K::Else
            | K::Await
            | K::Yield
            | K::Async => {
                level.end_operand();
                level.ops += 1;
            }
            // Flat constructs: comparisons and boolean chains are one node
            // with a list of operands; so are targets, slices and dict items.
            K::And
            | K::Or
            | K::Is
            | K::In
            | K::Less
            | K::Greater
            | K::EqEqual
            | K::NotEqual
            | K::LessEqual
            | K::GreaterEqual
            | K::Equal
            | K::Colon
            | K::Rarrow
            | K::For
            | K::As
            // Implicitly concatenated strings are one flat node too.
            | K::String
            | K::FStringStart
            | K::TStringStart => level.end_operand(),
            _ => continue,
        }
        let level = levels.last().expect("statement level");
        let score = outer + level.current() + (levels.len() - 1) + indent;
        if score > MAX_NESTING {
            return Err(format!(
                "the code is nested too deeply to convert safely (more than {MAX_NESTING} levels)"
            ));
        }
        max = max.max(score);
    }
    Ok(max)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, LineIndex};

    #[test]
    fn ordinary_code_is_obviously_shallow() {
        let src = "import tensorflow as tf\n\ndef f(x):\n    # (((( in a comment\n    s = ')))' + \"\"\"\n((( \"\"\"\n    return tf.reduce_sum(\n        x, axis=[1, 2])\n";
        assert!(obviously_shallow(src));
    }

    #[test]
    fn deep_or_unusual_sources_get_the_exact_check() {
        let deep = format!(
            "x = {}1{}\n",
            "(".repeat(MAX_BRACKETS + 1),
            ")".repeat(MAX_BRACKETS + 1)
        );
        assert!(!obviously_shallow(&deep));
        let chain = format!("x = a{}\n", ".b".repeat(SHALLOW_LINE));
        assert!(!obviously_shallow(&chain));
        // A long logical line split over many physical lines still counts as one.
        let split = format!("x = (a\n{})\n", "+ a\n".repeat(SHALLOW_LINE));
        assert!(!obviously_shallow(&split));
        let continued = format!("x = a{}\n", " \\\n.b".repeat(SHALLOW_LINE));
        assert!(!obviously_shallow(&continued));
        // Strings holding closing brackets cannot hide open ones.
        let hidden = format!("x = {}\n", "(')'".repeat(MAX_BRACKETS + 1));
        assert!(!obviously_shallow(&hidden));
        assert!(!obviously_shallow("x = f'{(a)}'\n"));
        assert!(!obviously_shallow("x = 'unterminated\n"));
        let indented = format!("{}x = 1\n", " ".repeat(MAX_INDENT + 1));
        assert!(!obviously_shallow(&indented));
    }

    #[test]
    fn whatever_the_quick_scan_accepts_the_exact_check_accepts() {
        let samples = [
            "x = 1\n",
            "def f():\n    return [a for a in b if (a)]\n",
            "s = '''(((\n'''\nt = r'\\\\'\n",
            "x = {'a': (1, 2), 'b': [3]}  # }\n",
        ];
        for s in samples {
            assert!(obviously_shallow(s), "{s:?}");
            assert!(check_nesting(s).is_ok(), "{s:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_with_a_position() {
        let src = format!("x = 1\ny = {}0{}\n", "(".repeat(300), ")".repeat(300));
        let err = parse(&src).err().expect("too many brackets");
        // The 201st bracket: line 2, column 4 + 200.
        assert_eq!(LineIndex::new(&src).position(err.offset), (2, 204));
        assert!(err.message.contains("brackets"), "{}", err.message);

        for deep in [
            format!("a{}", ".b".repeat(10_000)),
            format!("1{}", " + 1".repeat(4_000)),
            format!("{}x", "not ".repeat(4_000)),
            format!("{}x", "-".repeat(100_000)),
            format!("f{}", "()".repeat(4_000)),
            format!("x{}", "[0]".repeat(4_000)),
            format!("{}x", "lambda: ".repeat(4_000)),
            format!("a{}", " if b else a".repeat(4_000)),
            format!(
                "{}1{}",
                "f(".repeat(150),
                " + 1".repeat(2_900) + &")".repeat(150)
            ),
        ] {
            let src = format!("import tf\nz = {deep}\n");
            let err = parse(&src).err().expect("too deep");
            assert_eq!(LineIndex::new(&src).position(err.offset).0, 2);
            assert!(err.message.contains("too deeply"), "{}", err.message);
        }

        let mut src = String::new();
        for i in 0..150 {
            src.push_str(&" ".repeat(i));
            src.push_str("if x:\n");
        }
        src.push_str(&" ".repeat(150));
        src.push_str("pass\n");
        let err = parse(&src).err().expect("too many indents");
        assert_eq!(LineIndex::new(&src).position(err.offset).0, 102);
        assert!(err.message.contains("indentation"), "{}", err.message);
    }

    #[test]
    fn flat_long_code_is_accepted() {
        let list = format!("x = [{}]\n", "-1, ".repeat(20_000));
        assert!(parse(&list).is_ok());
        let chain = format!("y = a and {}b\n", "c < d and ".repeat(5_000));
        assert!(parse(&chain).is_ok());
        let strings = format!("s = ({})\n", "f'a{1}' 'b' ".repeat(5_000));
        assert!(parse(&strings).is_ok());
        let deep_ok = format!("z = a{}\n", ".b".repeat(2_000));
        assert!(parse(&deep_ok).is_ok());
        let compares = format!("c = a.b.c{}\n", " < a.b.c".repeat(5_000));
        assert!(parse(&compares).is_ok());
        let sum = format!("d = 0{}\n", " + f(a.b.c[1])".repeat(2_500));
        assert!(parse(&sum).is_ok());
        let calls = format!("e = [{}]\n", "f(g(h(1)))".repeat(5_000));
        assert!(parse(&calls).is_err(), "no commas: a syntax error anyway");
        let calls = format!("e = [{}]\n", "f(g(h(1))), ".repeat(5_000));
        assert!(parse(&calls).is_ok());
    }
}
