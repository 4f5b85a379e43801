//! The one place that knows about the Python parser (ruff_python_parser).
//!
//! Everything else sees a parsed module, its tokens, and a [`LineIndex`] that
//! turns byte offsets into Python `ast` positions (1-based lines, 0-based
//! UTF-8 byte columns).
//!
//! [`tabs`]: indentation with tabs, measured as CPython does; [`nesting`]:
//! sources too deeply nested to walk are refused before parsing; [`dotted`]:
//! dotted names as the parser reads them.

pub use ruff_python_ast::statement_visitor::{walk_stmt as walk_stmt_only, StatementVisitor};
pub use ruff_python_ast::token::{Token, TokenKind, Tokens};
pub use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
pub use ruff_python_ast::{self as ast, Expr, ModModule, Stmt};
pub use ruff_text_size::{Ranged, TextRange, TextSize};

pub mod chains;
mod dotted;
pub mod imports;
mod nesting;
mod tabs;

pub use dotted::{dotted_name, dotted_name_len, dotted_names_in};
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
