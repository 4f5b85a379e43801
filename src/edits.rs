//! Byte-range replacements on the original text.
//!
//! An [`Edit`] replaces `start..end` with a list of segments: literal text, or
//! a range of the original text. Original ranges are rendered with the edits
//! that lie inside them, so a rewritten argument list keeps the renames made
//! inside its arguments. Bytes no edit covers are copied untouched.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Orig(usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub segments: Vec<Segment>,
}

impl Edit {
    pub fn replace(start: usize, end: usize, text: impl Into<String>) -> Edit {
        Edit {
            start,
            end,
            segments: vec![Segment::Text(text.into())],
        }
    }
}

/// Applies edits to `source`. Edits must nest or be disjoint; an edit that
/// lies inside another edit's replaced range but in none of its original
/// segments is dropped (its node was removed).
pub fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    if edits.is_empty() {
        return source.to_string();
    }
    edits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = String::with_capacity(source.len() + 64);
    render(source, &edits, 0, source.len(), None, &mut out);
    // Insertions at the very end of the text (no range can hold them).
    for e in edits
        .iter()
        .filter(|e| e.start == source.len() && e.end == e.start)
    {
        for seg in &e.segments {
            if let Segment::Text(t) = seg {
                out.push_str(t);
            }
        }
    }
    out
}

/// Sorts edits the way [`apply`] does (by start, enclosing edits first): the
/// order [`render_range`] and [`survives`] expect.
pub fn sort(edits: &mut [Edit]) {
    edits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
}

/// The edits of a later pass joined with those of an earlier one, sorted by
/// [`sort`]: an edit of `later` takes the place of an earlier edit of the
/// same range (it comes first, and [`apply`] drops an edit that lies in
/// another's replaced range but in none of its original segments).
pub fn merge(mut later: Vec<Edit>, earlier: Vec<Edit>) -> Vec<Edit> {
    later.extend(earlier);
    sort(&mut later);
    later
}

/// What the output holds in place of `lo..hi` of the source: that range
/// rendered with the edits lying inside it (`edits` sorted by [`sort`]).
/// `None` when an edit crosses a bound of the range (the output has no text
/// that corresponds to it). Whether the range is in the output at all is
/// [`survives`]'s question.
pub fn render_range(source: &str, edits: &[Edit], lo: usize, hi: usize) -> Option<String> {
    let mut out = String::with_capacity(hi - lo + 16);
    render_range_into(source, edits, lo, hi, &mut out).then_some(out)
}

/// [`render_range`] into `out` (cleared first): `false` where it gives
/// `None`.
pub fn render_range_into(
    source: &str,
    edits: &[Edit],
    lo: usize,
    hi: usize,
    out: &mut String,
) -> bool {
    out.clear();
    let first = edits.partition_point(|e| e.start < lo);
    let crossing = edits[..first].iter().any(|e| e.end > lo && e.end < hi)
        || edits[first..]
            .iter()
            .take_while(|e| e.start < hi)
            .any(|e| e.end > hi);
    if crossing {
        return false;
    }
    render(source, edits, lo, hi, None, out);
    true
}

/// Whether `lo..hi` of the source is in the output: no edit that encloses
/// it replaces it (an enclosing edit keeps it only inside one of its
/// original segments, and that edit must survive too). `edits` sorted by
/// [`sort`]. An edit equal to the range rewrites it, it does not drop it.
pub fn survives(edits: &[Edit], lo: usize, hi: usize) -> bool {
    let upto = edits.partition_point(|e| e.start <= lo);
    edits[..upto].iter().all(|e| {
        let encloses = e.end >= hi && (e.start < lo || e.end > hi);
        !encloses
            || e.segments
                .iter()
                .any(|s| matches!(s, Segment::Orig(a, b) if *a <= lo && hi <= *b))
    })
}

/// The largest end of the edits before each index: `edits.len() + 1`
/// values, the first 0 (what any edit of a prefix can reach).
pub fn max_ends<'e>(edits: impl IntoIterator<Item = &'e Edit>) -> Vec<usize> {
    let mut out = vec![0];
    for e in edits {
        out.push(e.end.max(out[out.len() - 1]));
    }
    out
}

/// Asks [`survives`] and whether an edit starts inside a range, for ranges
/// asked in the order of their starts (`edits` sorted by [`sort`]): one pass
/// over the edits for all of them.
pub struct Sweep<'e> {
    edits: &'e [Edit],
    /// The largest end of the edits before each index.
    max_end: Vec<usize>,
    /// Edits that start before the last `lo`, and at or before it.
    before: usize,
    upto: usize,
}

impl<'e> Sweep<'e> {
    pub fn new(edits: &'e [Edit]) -> Sweep<'e> {
        Sweep {
            edits,
            max_end: max_ends(edits),
            before: 0,
            upto: 0,
        }
    }

    fn advance(&mut self, lo: usize) {
        debug_assert!(self.before == 0 || self.edits[self.before - 1].start < lo);
        while self.before < self.edits.len() && self.edits[self.before].start < lo {
            self.before += 1;
        }
        self.upto = self.upto.max(self.before);
        while self.upto < self.edits.len() && self.edits[self.upto].start <= lo {
            self.upto += 1;
        }
    }

    /// Whether an edit starts in `lo..hi`.
    pub fn has_edit_in(&mut self, lo: usize, hi: usize) -> bool {
        self.advance(lo);
        self.edits.get(self.before).is_some_and(|e| e.start < hi)
    }

    /// [`survives`] of `lo..hi`.
    pub fn survives(&mut self, lo: usize, hi: usize) -> bool {
        self.advance(lo);
        // No edit that starts at or before `lo` reaches `hi`: none encloses.
        self.max_end[self.upto] < hi || survives(self.edits, lo, hi)
    }
}

/// Renders `lo..hi` of the source with the edits inside it. `outer` is the
/// edit whose original segment this is (it may share the segment's start and
/// must not be rendered again).
fn render(
    source: &str,
    edits: &[Edit],
    lo: usize,
    hi: usize,
    outer: Option<&Edit>,
    out: &mut String,
) {
    let mut pos = lo;
    let mut i = edits.partition_point(|e| e.start < lo);
    while i < edits.len() && edits[i].start < hi {
        let e = &edits[i];
        i += 1;
        if outer.is_some_and(|o| std::ptr::eq(e, o)) || e.start < pos || e.end > hi {
            continue; // the enclosing edit, nested in an edit already rendered, or crossing the range
        }
        out.push_str(&source[pos..e.start]);
        for seg in &e.segments {
            match seg {
                Segment::Text(t) => out.push_str(t),
                Segment::Orig(a, b) => render(source, edits, *a, *b, Some(e), out),
            }
        }
        pos = e.end;
    }
    out.push_str(&source[pos..hi]);
}

/// The line break to use for a line break inserted at `offset`, following
/// the file's own style: the break that ends the line holding `offset`, or
/// else (last line without one) the break of the line before it, or `\n`
/// for a file without any. `\r\n`, a lone `\r` and `\n` are recognised, so
/// files with mixed endings get, line by line, the ending already there.
pub fn line_ending_at(source: &str, offset: usize) -> &'static str {
    let bytes = source.as_bytes();
    let offset = offset.min(bytes.len());
    let kind = |i: usize| -> &'static str {
        if bytes[i] == b'\r' {
            if bytes.get(i + 1) == Some(&b'\n') {
                "\r\n"
            } else {
                "\r"
            }
        } else {
            "\n"
        }
    };
    if let Some(i) = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
    {
        return kind(offset + i);
    }
    match bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
    {
        // A `\n` may end a `\r\n` pair.
        Some(i) if bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r' => "\r\n",
        Some(i) => kind(i),
        None => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_line_breaks_follow_the_file() {
        assert_eq!(line_ending_at("a\r\nb\r\n", 0), "\r\n");
        assert_eq!(line_ending_at("a\rb\r", 2), "\r");
        assert_eq!(line_ending_at("a\nb\n", 1), "\n");
        // Mixed: each line's own ending.
        let mixed = "a\r\nb\nc\rd";
        assert_eq!(line_ending_at(mixed, 0), "\r\n");
        assert_eq!(line_ending_at(mixed, 3), "\n");
        assert_eq!(line_ending_at(mixed, 5), "\r");
        // Last line without a break: the previous line's.
        assert_eq!(line_ending_at(mixed, 7), "\r");
        assert_eq!(line_ending_at("a\r\nb", 4), "\r\n");
        assert_eq!(line_ending_at("x = 1", 2), "\n");
        assert_eq!(line_ending_at("", 0), "\n");
        assert_eq!(line_ending_at("a\r\n", 99), "\r\n");
    }

    #[test]
    fn untouched_bytes_stay() {
        let src = "a = tf.foo(x)  # keep\r\n";
        let out = apply(src, vec![Edit::replace(4, 10, "tf.bar")]);
        assert_eq!(out, "a = tf.bar(x)  # keep\r\n");
    }

    #[test]
    fn nested_edits_render_inside_original_segments() {
        let src = "f(g(x), 1)";
        let inner = Edit::replace(2, 3, "h");
        let outer = Edit {
            start: 1,
            end: 10,
            segments: vec![
                Segment::Orig(1, 2),
                Segment::Text("a=".into()),
                Segment::Orig(2, 6),
                Segment::Text(", b=1".into()),
                Segment::Orig(9, 10),
            ],
        };
        assert_eq!(apply(src, vec![inner, outer]), "f(a=h(x), b=1)");
    }

    #[test]
    fn edits_inside_removed_parts_are_dropped() {
        let src = "f(a, k=g(x))";
        let removed_inner = Edit::replace(7, 8, "h");
        let outer = Edit {
            start: 1,
            end: 12,
            segments: vec![Segment::Orig(1, 3), Segment::Orig(11, 12)],
        };
        assert_eq!(apply(src, vec![removed_inner, outer]), "f(a)");
    }

    #[test]
    fn sub_ranges_render_with_their_edits() {
        let src = "f(a, k=tf.x.y, z=tf.q)";
        let mut edits = vec![
            Edit::replace(7, 11, "tf.compat.v1.x"),
            Edit {
                start: 1,
                end: 22,
                segments: vec![Segment::Orig(1, 13), Segment::Orig(21, 22)],
            },
        ];
        sort(&mut edits);
        assert_eq!(
            render_range(src, &edits, 7, 13).as_deref(),
            Some("tf.compat.v1.x.y")
        );
        assert_eq!(render_range(src, &edits, 9, 13).as_deref(), None);
        assert!(survives(&edits, 7, 13));
        assert!(survives(&edits, 7, 11));
        // `tf.q` was in the removed keyword argument.
        assert!(!survives(&edits, 17, 21));
        assert!(survives(&edits, 1, 22));
        assert_eq!(
            render_range(src, &edits, 0, 22).as_deref(),
            Some("f(a, k=tf.compat.v1.x.y)")
        );
    }
}
