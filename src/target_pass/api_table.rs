//! The API table data structure, its text parser and its binary form; std only.
//! Shared by `build.rs` (which parses the embedded `rules/api/*.txt.gz` at build
//! time and writes the binary form to OUT_DIR) and `src/target_pass/api.rs` (which
//! embeds that binary and reads it in place, and parses hand-written texts via
//! `Api::from_texts`). The text format is documented in `api.rs`.
//!
//! Binary form: little-endian u32 words, then the names arena.
//!   header (HEADER words): MAGIC, VERSION, nodes, names, names bytes, roots, overrides
//!   nodes:     3 words each (name id, first child, count << 8 | kind [| LINKED]),
//!              breadth-first; the children of a node are contiguous and sorted by name
//!   name_offs: names + 1 words; name i = arena[name_offs[i]..name_offs[i + 1]]
//!   roots:     node indices of the depth-0 names without a dot (incl. `@module`, `@class`)
//!   overrides: node indices of the depth-0 dotted names, sorted by name
//!   arena:     the names' UTF-8 bytes

use std::collections::HashMap;

pub const MAGIC: u32 = 0x5041_4654; // "TFAP"
pub const VERSION: u32 = 1;
pub const HEADER: usize = 7;

pub const K_IMPORTABLE: u8 = 0; // M
pub const K_MODULE: u8 = 1; // m
pub const K_CLASS: u8 = 2;
pub const K_FUNCTION: u8 = 3;
pub const K_VALUE: u8 = 4;
pub const K_OPAQUE: u8 = 5;
pub const LINKED: u8 = 0x80; // the children are another node's

/// One node. Children are contiguous and sorted by name.
#[derive(Clone, Copy)]
pub struct Node {
    pub name: u32,
    pub first: u32,
    /// child count << 8 | kind (| LINKED)
    pub count_kind: u32,
}

impl Node {
    pub fn kind(self) -> u8 {
        (self.count_kind & 0x7f) as u8
    }
    pub fn count(self) -> u32 {
        self.count_kind >> 8
    }
}

/// A parsed table (owned vectors), before serialization.
pub struct Table {
    pub names: String,
    pub name_offs: Vec<u32>,
    pub nodes: Vec<Node>,
    pub roots: Vec<u32>,
    pub overrides: Vec<u32>,
}

impl Table {
    fn name(&self, n: u32) -> &str {
        let i = self.nodes[n as usize].name as usize;
        &self.names[self.name_offs[i] as usize..self.name_offs[i + 1] as usize]
    }

    fn root(&self, name: &str) -> Option<u32> {
        self.roots.iter().copied().find(|&r| self.name(r) == name)
    }

    fn child(&self, n: u32, name: &str) -> Option<u32> {
        let node = self.nodes[n as usize];
        let (mut lo, mut hi) = (node.first, node.first + node.count());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.name(mid).cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Parses tables in the text format (several texts, e.g. tensorflow + tf_slim). Err names the bad line.
    pub fn parse(texts: &[&str]) -> Result<Table, String> {
        // Pass 1: the lines in preorder, with parent links.
        struct Line<'a> {
            name: u32,
            kind: u8,
            link: Option<&'a str>,
            where_: (usize, usize), // (text, line) for errors
        }
        let mut names = String::new();
        let mut name_offs = vec![0u32];
        let mut intern: HashMap<&str, u32> = HashMap::new();
        let mut lines: Vec<Line> = Vec::new();
        let mut kids: Vec<Vec<u32>> = Vec::new(); // per line: its children (line indices)
        let mut tops: Vec<u32> = Vec::new();
        for (ti, text) in texts.iter().enumerate() {
            let mut stack: Vec<u32> = Vec::new();
            for (li, raw) in text.lines().enumerate() {
                let err = |m: &str| format!("API table {} line {}: {m}: {raw:?}", ti + 1, li + 1);
                let body = raw.trim_start_matches(' ');
                if body.is_empty() || body.starts_with('#') {
                    continue;
                }
                let depth = raw.len() - body.len();
                let mut f = body.split_ascii_whitespace();
                let (name, kind) = match (f.next(), f.next()) {
                    (Some(n), Some(k)) => (n, k),
                    _ => return Err(err("expected `name kind [=link]`")),
                };
                let link = match f.next() {
                    None => None,
                    Some(l) => match l.strip_prefix('=') {
                        Some(l) if !l.is_empty() && f.next().is_none() => Some(l),
                        _ => return Err(err("bad link field")),
                    },
                };
                let kind = match kind {
                    "M" => K_IMPORTABLE,
                    "m" => K_MODULE,
                    "c" => K_CLASS,
                    "f" => K_FUNCTION,
                    "v" => K_VALUE,
                    "*" => K_OPAQUE,
                    _ => return Err(err("unknown kind")),
                };
                if depth > stack.len() {
                    return Err(err("indented deeper than its parent + 1"));
                }
                stack.truncate(depth);
                if depth > 0 && name.contains('.') {
                    return Err(err("a dotted name below depth 0"));
                }
                let id = match intern.get(name) {
                    Some(&i) => i,
                    None => {
                        names.push_str(name);
                        name_offs.push(names.len() as u32);
                        let i = (name_offs.len() - 2) as u32;
                        intern.insert(name, i);
                        i
                    }
                };
                let me = lines.len() as u32;
                lines.push(Line {
                    name: id,
                    kind,
                    link,
                    where_: (ti, li),
                });
                kids.push(Vec::new());
                match stack.last() {
                    Some(&p) => {
                        if lines[p as usize].link.is_some() {
                            return Err(err("children under a linked node"));
                        }
                        kids[p as usize].push(me)
                    }
                    None => tops.push(me),
                }
                stack.push(me);
            }
        }
        drop(intern);
        let name_of =
            |i: u32| &names[name_offs[i as usize] as usize..name_offs[i as usize + 1] as usize];
        let lerr = |l: &Line, m: &str| {
            format!("API table {} line {}: {m}", l.where_.0 + 1, l.where_.1 + 1)
        };

        // Pass 2: breadth-first layout, children sorted and contiguous.
        let mut order: Vec<u32> = Vec::with_capacity(lines.len()); // new index -> line
        let mut nodes: Vec<Node> = Vec::with_capacity(lines.len());
        let mut roots = Vec::new();
        let mut overrides = Vec::new();
        {
            let mut t = tops.clone();
            t.sort_by(|a, b| {
                name_of(lines[*a as usize].name).cmp(name_of(lines[*b as usize].name))
            });
            for w in t.windows(2) {
                if lines[w[0] as usize].name == lines[w[1] as usize].name {
                    return Err(lerr(&lines[w[1] as usize], "duplicate root"));
                }
            }
            for l in t {
                let i = order.len() as u32;
                order.push(l);
                if name_of(lines[l as usize].name).contains('.') {
                    overrides.push(i); // sorted by name: t is
                } else {
                    roots.push(i);
                }
            }
        }
        let mut next = 0;
        while next < order.len() {
            let l = order[next] as usize;
            let mut ch = std::mem::take(&mut kids[l]);
            ch.sort_by(|a, b| {
                name_of(lines[*a as usize].name).cmp(name_of(lines[*b as usize].name))
            });
            for w in ch.windows(2) {
                if lines[w[0] as usize].name == lines[w[1] as usize].name {
                    return Err(lerr(&lines[w[1] as usize], "duplicate child name"));
                }
            }
            let first = order.len() as u32;
            order.extend_from_slice(&ch);
            let line = &lines[l];
            nodes.push(Node {
                name: line.name,
                first,
                count_kind: (ch.len() as u32) << 8 | line.kind as u32,
            });
            next += 1;
        }
        drop(kids);

        let mut t = Table {
            names,
            name_offs,
            nodes,
            roots,
            overrides,
        };

        // Pass 3: links (a link may go through other links; resolved on demand).
        let links: Vec<(u32, &str, usize)> = order
            .iter()
            .enumerate()
            .filter_map(|(i, &l)| lines[l as usize].link.map(|s| (i as u32, s, l as usize)))
            .collect();
        let mut pending: HashMap<u32, &str> = links.iter().map(|&(i, s, _)| (i, s)).collect();
        for &(i, _, l) in &links {
            t.resolve_link(i, &mut pending, &mut Vec::new())
                .map_err(|m| lerr(&lines[l], &m))?;
        }
        Ok(t)
    }

    fn resolve_link(
        &mut self,
        i: u32,
        pending: &mut HashMap<u32, &str>,
        busy: &mut Vec<u32>,
    ) -> Result<(), String> {
        let Some(&target) = pending.get(&i) else {
            return Ok(());
        };
        if busy.contains(&i) {
            return Err(format!("link cycle through {target}"));
        }
        busy.push(i);
        let mut parts = target.split('.');
        let mut cur = self.root(parts.next().unwrap_or(""));
        for p in parts {
            let Some(c) = cur else { break };
            if pending.contains_key(&c) {
                self.resolve_link(c, pending, busy)?;
            }
            cur = self.child(c, p);
        }
        let Some(t) = cur else {
            return Err(format!("link target {target} is not listed"));
        };
        if pending.contains_key(&t) {
            self.resolve_link(t, pending, busy)?;
        }
        busy.pop();
        let tn = self.nodes[t as usize];
        let n = &mut self.nodes[i as usize];
        n.first = tn.first;
        n.count_kind = tn.count() << 8 | n.kind() as u32 | LINKED as u32;
        pending.remove(&i);
        Ok(())
    }

    /// The binary form (see the module doc).
    pub fn to_bytes(&self) -> Vec<u8> {
        let n_names = self.name_offs.len() - 1;
        let words = HEADER
            + 3 * self.nodes.len()
            + self.name_offs.len()
            + self.roots.len()
            + self.overrides.len();
        let mut out = Vec::with_capacity(words * 4 + self.names.len());
        let mut put = |w: u32| out.extend_from_slice(&w.to_le_bytes());
        for w in [
            MAGIC,
            VERSION,
            self.nodes.len() as u32,
            n_names as u32,
            self.names.len() as u32,
            self.roots.len() as u32,
            self.overrides.len() as u32,
        ] {
            put(w);
        }
        for n in &self.nodes {
            put(n.name);
            put(n.first);
            put(n.count_kind);
        }
        for &o in self
            .name_offs
            .iter()
            .chain(&self.roots)
            .chain(&self.overrides)
        {
            put(o);
        }
        out.extend_from_slice(self.names.as_bytes());
        out
    }
}
