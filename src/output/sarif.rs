//! SARIF 2.1.0: one run, the registry's rules as the driver's `rules`, one
//! result per entry. Locations are relative URIs against `%SRCROOT%` (the
//! current directory, in `originalUriBaseIds`); a file outside it gets an
//! absolute `file:` URI.

use std::path::Path;

use serde_json::{json, Value};

use super::{display_path, Options};
use crate::diagnostic::Level;
use crate::registry::Rule;
use crate::report::Report;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The documentation of the reference script this tool stands in for.
const INFORMATION_URI: &str = "https://www.tensorflow.org/guide/migrate/upgrade";
const SRCROOT: &str = "%SRCROOT%";

fn level(level: Level) -> &'static str {
    match level {
        Level::Info => "note",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

pub fn render(report: &Report, options: &Options) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "shortDescription": {"text": r.doc()},
                "defaultConfiguration": {"level": level(r.level())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in &report.files {
        let artifact = artifact_location(&display_path(&f.input, options.cwd));
        for e in &f.entries {
            let index = Rule::ALL.iter().position(|r| *r == e.rule());
            results.push(json!({
                "ruleId": e.rule().id(),
                "ruleIndex": index,
                "level": level(e.level()),
                "message": {"text": e.message()},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {"startLine": e.line(), "startColumn": e.col() + 1},
                    }
                }],
            }));
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": directory_uri(options.cwd)}},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).expect("JSON of plain values");
    text.push('\n');
    text
}

/// A file's `artifactLocation`: relative to `%SRCROOT%`, or an absolute
/// `file:` URI.
fn artifact_location(path: &str) -> Value {
    let path = path.replace('\\', "/");
    if Path::new(&path).is_absolute() || path.starts_with('/') {
        json!({"uri": format!("file://{}", percent_encode(&path))})
    } else {
        json!({"uri": percent_encode(&path), "uriBaseId": SRCROOT})
    }
}

/// The `file:` URI of a directory, with the closing `/` a base URI needs.
pub fn directory_uri(dir: &Path) -> String {
    let mut path = dir.to_string_lossy().replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", percent_encode(&path))
}

/// Percent-encodes every byte of `path` except unreserved characters and
/// `/` (RFC 3986).
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(percent_encode("my files/x, y.py"), "my%20files/x%2C%20y.py");
        assert_eq!(percent_encode("café.py"), "caf%C3%A9.py");
        assert_eq!(
            directory_uri(Path::new("/a b/c")),
            "file:///a%20b/c/".to_string()
        );
        assert_eq!(
            artifact_location("/x/y.py"),
            json!({"uri": "file:///x/y.py"})
        );
    }
}
