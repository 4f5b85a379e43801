//! Where the private `tensorflow.python` paths that older releases had and
//! the target lacks are now (`rules/target/private_homes.toml`, generated
//! and checked by `scripts/gen_private_homes.py` from the old wheels and
//! TensorFlow 2.21): a public home where one is the same object, and the
//! private path it has now; for a function of no parameters that only
//! returned a call with literal arguments (`tensor_shape.scalar()`), that
//! call ([`call_of`]).

/// One entry of the table.
#[derive(Debug)]
pub struct Entry {
    /// The public home, else the private path (full, `tensorflow.…`).
    pub home: &'static str,
    /// The private path with the target, or `""`.
    pub private: &'static str,
    /// `public`, `private`, `module` or `call`.
    pub kind: &'static str,
    /// For a `call`: the arguments of the call of `home` it stands for.
    pub args: &'static str,
}

/// The table, `(path, home, private, kind, args)` sorted by path: written
/// by build.rs from `rules/target/private_homes.toml`.
static ENTRIES: &[(&str, &str, &str, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/private_homes.rs"));

fn get(key: &str) -> Option<(&'static str, Entry)> {
    let i = ENTRIES.binary_search_by(|e| e.0.cmp(key)).ok()?;
    let (k, home, private, kind, args) = ENTRIES[i];
    Some((
        k,
        Entry {
            home,
            private,
            kind,
            args,
        },
    ))
}

/// The entry whose key is `full` or the longest dotted prefix of it, with
/// that key.
pub fn entry_of(full: &str) -> Option<(&'static str, Entry)> {
    if !super::api::is_under(full, "tensorflow.python") {
        return None;
    }
    let mut end = full.len();
    loop {
        if let Some(found) = get(&full[..end]) {
            return Some(found);
        }
        end = full[..end].rfind('.')?;
    }
}

/// Where `full` may be now, best first: its home, then its private path
/// (each followed by what `full` has below the table's key).
pub fn candidates(full: &str) -> Vec<String> {
    let Some((key, e)) = entry_of(full).filter(|(_, e)| e.kind != "call") else {
        return Vec::new();
    };
    let rest = &full[key.len()..];
    let mut out: Vec<String> = Vec::new();
    for base in [e.home, e.private] {
        let c = format!("{base}{rest}");
        if !base.is_empty() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// For `full`, a function the target lacks that only returned a call with
/// literal arguments: where that call's callee is (its home, then its
/// private path), and the arguments.
pub fn call_of(full: &str) -> Option<([&'static str; 2], &'static str)> {
    let (_, e) = get(full).filter(|(_, e)| e.kind == "call")?;
    Some(([e.home, e.private], e.args))
}

#[cfg(test)]
mod tests;
