//! GitLab Code Quality: a JSON array of issues (`description`,
//! `check_name`, `fingerprint`, `severity`, `location`).
//!
//! The fingerprint identifies an issue across runs while the code around it
//! moves: it is the FNV-1a 128-bit hash (32 hex digits) of, joined by NUL
//! bytes, how many issues of the same rule on the same line text came
//! before it in the file (so that two identical lines still get two
//! fingerprints; first, so that it changes every digit), the rule id, the
//! file's display path and the text of the entry's source line (trimmed;
//! not its number; in a notebook, the line of its cell).

use std::collections::HashMap;

use serde_json::json;

use super::{display_path, Options};
use crate::diagnostic::Level;
use crate::report::Report;

pub fn render(report: &Report, options: &Options) -> String {
    let mut issues = Vec::new();
    for f in &report.files {
        let path = display_path(&f.input, options.cwd);
        let mut seen: HashMap<(&str, String), usize> = HashMap::new();
        for e in &f.entries {
            let line = (options.source_line)(&f.input, e).unwrap_or_default();
            let line = line.trim().to_string();
            let n = seen.entry((e.rule().id(), line.clone())).or_insert(0);
            let fingerprint = fnv1a_128(
                &[
                    n.to_string().as_bytes(),
                    e.rule().id().as_bytes(),
                    path.as_bytes(),
                    line.as_bytes(),
                ]
                .join(&0u8),
            );
            *n += 1;
            issues.push(json!({
                "description": e.message(),
                "check_name": e.rule().id(),
                "fingerprint": format!("{fingerprint:032x}"),
                "severity": match e.level() {
                    Level::Info => "info",
                    Level::Warning => "minor",
                    Level::Error => "major",
                },
                "location": {"path": path, "lines": {"begin": e.line()}},
            }));
        }
    }
    let mut text = serde_json::to_string_pretty(&issues).expect("JSON of plain values");
    text.push('\n');
    text
}

/// FNV-1a, 128-bit variant.
pub fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    bytes.iter().fold(OFFSET, |hash, &b| {
        (hash ^ u128::from(b)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_128_known_values() {
        assert_eq!(fnv1a_128(b""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(fnv1a_128(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
    }
}
