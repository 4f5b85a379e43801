//! Indentation with tabs, as CPython measures it: ruff's lexer counts a tab
//! to the next multiple of 2, CPython to the next multiple of 8 and checks
//! that counting it as one column orders the lines the same way (TabError).

use super::nesting::is_indent;
use super::{into_result, line_start, Parsed, Ranged, SyntaxError, TokenKind, Tokens};

/// Whether a tab appears in the leading whitespace of some line (cheap: most
/// files have none, and only those that do need [`parse_with_tabs`]).
pub(super) fn tab_in_indentation(source: &str) -> bool {
    let b = source.as_bytes();
    let mut at_start = true;
    for &c in b {
        match c {
            b'\n' | b'\r' => at_start = true,
            b'\t' if at_start => return true,
            b' ' | b'\x0c' => {}
            _ => at_start = false,
        }
    }
    false
}

/// Where the indentation of each logical line lies: `(start, end)` byte
/// offsets, the start being the beginning of the physical line where the
/// logical line begins (a line ended by a `\` continuation belongs to the
/// logical line below it), as CPython's tokenizer sees it.
fn logical_indents(source: &str, tokens: &Tokens) -> Vec<(usize, usize)> {
    let b = source.as_bytes();
    let mut out = Vec::new();
    // Start of the current physical line and whether a logical line is open.
    let mut line_start = 0usize;
    let mut in_line = false;
    for tok in tokens.iter() {
        match tok.kind() {
            TokenKind::Newline => {
                in_line = false;
                line_start = tok.range().end().to_usize();
            }
            TokenKind::NonLogicalNewline => {
                if !in_line {
                    line_start = tok.range().end().to_usize();
                }
            }
            TokenKind::Comment | TokenKind::Indent | TokenKind::Dedent => {}
            TokenKind::EndOfFile => break,
            _ => {
                if !in_line {
                    in_line = true;
                    // CPython measures the indentation across `\`
                    // continuations too.
                    let mut end = line_start;
                    loop {
                        while end < b.len() && is_indent(b[end]) {
                            end += 1;
                        }
                        match (b.get(end), b.get(end + 1), b.get(end + 2)) {
                            (Some(b'\\'), Some(b'\r'), Some(b'\n')) => end += 3,
                            (Some(b'\\'), Some(b'\n' | b'\r'), _) => end += 2,
                            _ => break,
                        }
                    }
                    out.push((line_start, end));
                }
            }
        }
    }
    out
}

/// CPython's check of indentation with tabs: each indentation is measured
/// with tabs to the next multiple of 8 and with tabs as one column (a form
/// feed starts again from 0); the two measures must order every logical
/// line's indentation the same way against the enclosing ones, or the file
/// is a `TabError`. A dedent to no enclosing level is an `IndentationError`.
/// Positions are CPython's: the TabError at the start of the line, the
/// unindent at the end of the line's text.
fn check_tabs(source: &str, indents: &[(usize, usize)]) -> Result<(), SyntaxError> {
    let b = source.as_bytes();
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    for &(start, end) in indents {
        // Across `\` continuations the columns add up, and the column of
        // the first backslash not at column 0, if any, is the indentation.
        let (mut col, mut alt, mut cont) = (0usize, 0usize, 0usize);
        for &c in &b[start..end] {
            match c {
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt += 1;
                }
                b' ' => {
                    col += 1;
                    alt += 1;
                }
                b'\\' => {
                    if cont == 0 {
                        cont = col;
                    }
                }
                b'\n' | b'\r' => {}
                _ => {
                    col = 0;
                    alt = 0;
                }
            }
        }
        if cont != 0 {
            col = cont;
            alt = cont;
        }
        let tab_error = || SyntaxError {
            offset: start,
            message: "inconsistent use of tabs and spaces in indentation".into(),
        };
        let &(top, top_alt) = stack.last().expect("root level");
        if col == top {
            if alt != top_alt {
                return Err(tab_error());
            }
        } else if col > top {
            if alt <= top_alt {
                return Err(tab_error());
            }
            stack.push((col, alt));
        } else {
            while stack.len() > 1 && col < stack.last().expect("level").0 {
                stack.pop();
            }
            let &(top, top_alt) = stack.last().expect("root level");
            if col != top {
                let mut line_end = end;
                while line_end < b.len() && b[line_end] != b'\n' && b[line_end] != b'\r' {
                    line_end += 1;
                }
                return Err(SyntaxError {
                    offset: line_end,
                    message: "unindent does not match any outer indentation level".into(),
                });
            }
            if alt != top_alt {
                return Err(tab_error());
            }
        }
    }
    Ok(())
}

/// Parses a source with tabs in its indentation. ruff's lexer measures
/// indentation differently from CPython (tabs to multiples of 2), so the
/// indentation is checked here with CPython's rules, and the parser gets the
/// source with the tabs of logical lines' indentation made spaces (same
/// offsets): then both measures are one and the blocks are CPython's.
pub(super) fn parse_with_tabs(source: &str) -> Result<Parsed, SyntaxError> {
    use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
    let first = parse_unchecked(source, ParseOptions::from(Mode::Module))
        .try_into_module()
        .expect("module mode gives a module");
    let indents = logical_indents(source, first.tokens());
    let checked = check_tabs(source, &indents);
    if checked.is_ok()
        && !indents
            .iter()
            .any(|&(a, e)| source.as_bytes()[a..e].contains(&b'\t'))
    {
        // The tabs are elsewhere (continuation lines, strings).
        return into_result(first);
    }
    let mut normal = source.as_bytes().to_vec();
    for &(a, e) in &indents {
        for c in &mut normal[a..e] {
            if *c == b'\t' {
                *c = b' ';
            }
        }
    }
    let normal = String::from_utf8(normal).expect("only ASCII bytes replaced");
    let parsed = into_result(
        parse_unchecked(&normal, ParseOptions::from(Mode::Module))
            .try_into_module()
            .expect("module mode gives a module"),
    );
    match (checked, parsed) {
        (Ok(()), parsed) => parsed,
        // An error on an earlier line wins, as in CPython.
        (Err(tab), Err(other)) if other.offset < line_start(source, tab.offset) => Err(other),
        (Err(tab), _) => Err(tab),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, LineIndex};

    #[test]
    fn tabs_in_indentation_follow_cpython() {
        // Tabs to multiples of 8 and tabs as one column must agree.
        let src = "if x:\n    a\n   \tb\n";
        let err = parse(src).err().expect("TabError");
        assert_eq!(LineIndex::new(src).position(err.offset), (3, 0));
        assert!(err.message.contains("tabs and spaces"), "{}", err.message);
        // Accepted by CPython although ruff's own measure (tabs to multiples
        // of 2) would disagree.
        assert!(parse("if x:\n  \tif y:\n \t  pass\n").is_ok());
        assert!(parse("if x:\n\tif y:\n\t\tpass\n\tz = (1,\n  \t 2)\n").is_ok());
        // A dedent to no enclosing level, at the end of the line like CPython.
        let src = "if x:\n\tif y:\n\t\tpass\n    z\n";
        let err = parse(src).err().expect("unindent");
        assert_eq!(LineIndex::new(src).position(err.offset).0, 4);
        // The indentation is measured across `\` continuations, as CPython
        // does: the first backslash not at column 0 gives it.
        assert!(parse("if x:\n\t\\\n        a\n\tb\n").is_err());
        assert!(parse("if x:\n\\\n\ta = 1\n\tb = 2\n").is_ok());
        assert!(parse("if x:\n\ta = 1\n\\\nb = 2\n").is_ok());
        assert!(!tab_in_indentation("x = 1\n    y = '\t'\n"));
        assert!(tab_in_indentation("x = 1\n \ty\n"));
    }
}
