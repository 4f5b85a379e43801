//! What the mutation-based tests share: a small seedable generator and the
//! byte strings they insert into sources.

/// splitmix64: small and seedable.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Brackets, quotes, whitespace, line breaks, invalid UTF-8 and the like:
/// what breaks a tokenizer or a parser.
pub const INSERTS: &[&[u8]] = &[
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b"'",
    b"\"",
    b"'''",
    b"\"\"\"",
    b"\t",
    b"\r",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\\",
    b"\\\n",
    b"#",
    b":",
    b",",
    b" ",
    b"\n",
    b"f'{",
    b"lambda: ",
    b"\x0c",
];

/// Line starts of a text (after `\n`, `\r\n` or a lone `\r`).
pub fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            v.push(i + 1);
        }
    }
    v
}

/// Swaps lines `i` and `j` (indices into `starts`, [`line_starts`] of `b`);
/// whether it did (not when `i == j`).
pub fn swap_lines(b: &mut Vec<u8>, starts: &[usize], i: usize, j: usize) -> bool {
    let (i, j) = (i.min(j), i.max(j));
    if i == j {
        return false;
    }
    let (a0, a1) = (starts[i], starts[i + 1]);
    let (b0, b1) = (starts[j], starts[j + 1]);
    let mut out = b[..a0].to_vec();
    out.extend_from_slice(&b[b0..b1]);
    out.extend_from_slice(&b[a1..b0]);
    out.extend_from_slice(&b[a0..a1]);
    out.extend_from_slice(&b[b1..]);
    *b = out;
    true
}
