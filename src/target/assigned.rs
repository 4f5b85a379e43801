//! What the converted tree itself defines: attribute chains over TensorFlow
//! that some file assigns (tflearn sets `tf.GraphKeys.LAYER_TENSOR = …` in
//! one file and reads it in others). A reference at or below an assigned
//! path counts as defined.
//!
//! The driver builds the set before converting a tree: each file is first
//! scanned with [`could_assign`] (a byte scan, no parse); only the few files
//! that may hold such an assignment are parsed and converted to collect the
//! paths (see [`super::check::File::stored`]). Only `.py` files feed the
//! tree's set (a notebook's own assignments still count for itself); a
//! target list spread over several lines is not seen by the scan.

use std::collections::HashSet;

#[derive(Debug, Default, Clone)]
pub struct Assigned {
    paths: HashSet<String>,
}

impl Assigned {
    pub fn new(paths: impl IntoIterator<Item = String>) -> Assigned {
        Assigned {
            paths: paths.into_iter().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether `full` or one of its prefixes is assigned.
    pub fn covers(&self, full: &str) -> bool {
        if self.paths.is_empty() {
            return false;
        }
        full.match_indices('.')
            .map(|(i, _)| &full[..i])
            .chain(std::iter::once(full))
            .any(|p| self.paths.contains(p))
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Names an import statement mentioning TensorFlow or tf-slim may bind: every
/// word after an `import` keyword in such statements (a superset).
fn alias_candidates(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for root in ["tensorflow", "tf_slim"] {
        for at in memchr::memmem::find_iter(text.as_bytes(), root) {
            let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            // The statement: up to the end of the line, or of the brackets
            // or backslash continuations it opens.
            let bytes = text.as_bytes();
            let mut end = at;
            let mut depth = 0i32;
            while end < bytes.len() {
                match bytes[end] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    b'\\' => end += 1,
                    b'\n' | b'\r' if depth <= 0 => break,
                    _ => {}
                }
                end += 1;
            }
            let stmt = &text[line_start..end.min(bytes.len())];
            let Some(k) = stmt.find("import") else {
                continue;
            };
            for w in stmt[k + 6..].split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if !w.is_empty() && w != "as" && !out.contains(&w) {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// Whether the chain between `before` and `rest` (the rest of its line) is
/// in the target list of an assignment: a lone `=` follows at the bracket
/// depth of the line's start, and no bracket opened before it closes.
fn target_list_assignment(before: &str, rest: &str) -> bool {
    let mut depth: i32 = 0;
    for b in before.bytes() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    if depth < 0 {
        return false;
    }
    let bytes = rest.as_bytes();
    for (k, &b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            b'=' if depth == 0 => {
                let prev = if k > 0 { bytes[k - 1] } else { b' ' };
                let next = bytes.get(k + 1).copied().unwrap_or(b' ');
                if next == b'=' || matches!(prev, b'=' | b'!' | b'<' | b'>') {
                    return false;
                }
                // A keyword argument when a bracket closes after it.
                let mut quote = None;
                for &c in &bytes[k + 1..] {
                    match (quote, c) {
                        (Some(q), c) if c == q => quote = None,
                        (Some(_), _) => {}
                        (None, b'"' | b'\'') => quote = Some(c),
                        (None, b'#') => break,
                        (None, b'(' | b'[' | b'{') => depth += 1,
                        (None, b')' | b']' | b'}') => {
                            depth -= 1;
                            if depth < 0 {
                                return false;
                            }
                        }
                        _ => {}
                    }
                }
                return true;
            }
            b'#' | b'"' | b'\'' => return false,
            _ => {}
        }
    }
    false
}

/// Whether `text` may assign to an attribute chain over a TensorFlow name:
/// `alias.x… =` (or an augmented assignment or annotation), or such a chain
/// as a `for` / `with … as` target or in an unpacked target list on its line.
/// A superset: false positives only cost a parse.
pub fn could_assign(text: &str) -> bool {
    first_candidate(text).is_some()
}

/// The offset of the first chain [`could_assign`] takes for an assignment.
pub fn first_candidate(text: &str) -> Option<usize> {
    let aliases = alias_candidates(text);
    if aliases.is_empty() {
        return None;
    }
    // Only the text before an `=` on its line (assignments, augmented and
    // annotated ones, target lists), and `for` / `with` lines, can hold a
    // target.
    let bytes = text.as_bytes();
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |k| k + 1);
    let mut from = 0;
    while let Some(k) = text[from..].find('=') {
        let eq = from + k;
        // The text since the line's start or the last `=` before it.
        let lo = from.max(line_start(eq));
        from = eq + 1;
        if bytes.get(eq + 1) == Some(&b'=') {
            from += 1; // `==`
            continue;
        }
        if let Some(found) = scan_region(text, &aliases, lo, eq) {
            return Some(found);
        }
    }
    for keyword in ["for ", "with "] {
        for at in memchr::memmem::find_iter(bytes, keyword) {
            let ls = line_start(at);
            let lead = text[ls..at].trim_start_matches([' ', '\t']);
            if !(lead.is_empty() || lead == "async ") {
                continue;
            }
            let le = text[at..].find('\n').map_or(text.len(), |k| at + k);
            if let Some(found) = scan_region(text, &aliases, at, le) {
                return Some(found);
            }
        }
    }
    None
}

/// [`first_candidate`] for the chains whose first dot lies in `lo..hi`.
fn scan_region(text: &str, aliases: &[&str], lo: usize, hi: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = lo;
    while let Some(d) = text.get(from..hi).and_then(|r| r.find('.')) {
        let dot = from + d;
        from = dot + 1;
        let mut end = dot;
        while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && is_ident(bytes[start - 1]) {
            start -= 1;
        }
        if start == end || bytes[start].is_ascii_digit() {
            continue;
        }
        let mut k = start;
        while k > 0 && matches!(bytes[k - 1], b' ' | b'\t') {
            k -= 1;
        }
        if k > 0 && bytes[k - 1] == b'.' {
            continue; // not the root of its chain
        }
        let root = &bytes[start..end];
        if !aliases.iter().any(|a| a.as_bytes() == root) || !text.is_char_boundary(start) {
            continue;
        }
        let mut i = end;
        // `.name` parts.
        let mut parts = 0;
        loop {
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                j += 1;
            }
            if bytes.get(j) != Some(&b'.') {
                break;
            }
            j += 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                j += 1;
            }
            let k = j;
            while j < bytes.len() && is_ident(bytes[j]) {
                j += 1;
            }
            if j == k {
                break;
            }
            parts += 1;
            i = j;
        }
        from = from.max(i);
        if parts == 0 {
            continue;
        }
        let mut j = i;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |k| k + 1);
        let line_end = text[i..].find(['\n', '\r']).map_or(text.len(), |k| i + k);
        let before = &text[line_start..start];
        let rest = &text[i..line_end];
        let next = bytes.get(j).copied().unwrap_or(b'\n');
        let next2 = bytes.get(j + 1).copied().unwrap_or(b'\n');
        let assign = match next {
            b'=' => next2 != b'=',
            b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'@' | b'<' | b'>' => {
                bytes[j..]
                    .iter()
                    .take(4)
                    .position(|&b| b == b'=')
                    .is_some_and(|p| {
                        // `+=`, `//=`, `**=`, `<<=`, `>>=`, but not `<=` / `>=` / `==`.
                        let op = &bytes[j..j + p];
                        let eq_next = bytes.get(j + p + 1) == Some(&b'=');
                        !eq_next
                            && match op {
                                [a] => !matches!(a, b'<' | b'>'),
                                [a, b] => a == b && matches!(a, b'/' | b'*' | b'<' | b'>'),
                                _ => false,
                            }
                    })
            }
            // An annotated assignment starts its statement.
            b':' => next2 != b'=' && before.trim().is_empty() && rest.contains('='),
            // In a target list: an assignment `=` follows on the line, outside
            // any bracket the target list does not open.
            b',' | b')' | b']' | b'\n' | b'\r' => target_list_assignment(before, rest),
            _ => false,
        };
        if before.contains('#') {
            continue; // in a comment (or after a `#` in a string: no matter)
        }
        let lead = before.trim_start();
        let lead = lead.strip_prefix("async ").unwrap_or(lead);
        let for_target = lead.strip_prefix("for ").is_some_and(|t| {
            t.bytes()
                .all(|b| is_ident(b) || matches!(b, b' ' | b',' | b'.' | b'(' | b'[' | b'*'))
                && !t.contains(" in ")
        });
        let with_target = lead.starts_with("with ") && before.trim_end().ends_with(" as");
        if assign || for_target || with_target {
            return Some(start);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_covered() {
        let a = Assigned::new(["tensorflow.GraphKeys.MINE".to_string()]);
        assert!(a.covers("tensorflow.GraphKeys.MINE"));
        assert!(a.covers("tensorflow.GraphKeys.MINE.x"));
        assert!(!a.covers("tensorflow.GraphKeys"));
        assert!(!a.covers("tensorflow.GraphKeys.MINE2"));
    }

    #[test]
    fn byte_scan_finds_assignments_over_aliases() {
        let yes = [
            "import tensorflow as tf\ntf.GraphKeys.X = 'x'\n",
            "import tensorflow as tf\ntf.a.b += 1\n",
            "from tensorflow import (\n  keras as K)\nK.x: int = 1\n",
            "import tensorflow as tf\nfor tf.x in y: pass\n",
            "import tensorflow as tf\na, tf.x = 1, 2\n",
            "import tensorflow as tf\nwith f() as tf.x: pass\n",
        ];
        for s in yes {
            assert!(could_assign(s), "{s}");
        }
        let no = [
            "import numpy as np\nnp.x = 1\n",
            "import tensorflow as tf\nself.x = tf.zeros(1)\nf(a=tf.x, b=1)\nif tf.x == 1: pass\nx = tf.a <= 2\n",
            "import tensorflow as tf\nx = f(tf.float32, y)\n",
        ];
        for s in no {
            assert!(!could_assign(s), "{s}");
        }
    }
}
