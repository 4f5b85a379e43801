//! Message templates as data: text with `{name}` placeholders (a name is
//! lowercase ASCII letters, digits and `_`; any other brace is text), filled
//! by name in one pass, so that a value is never read as a template.
//!
//! The code names a template by a [`Template`]: its key and the placeholders
//! the code fills. The words of the input layers (pipeline, notebook,
//! encoding, driver) are `rules/input_messages.toml`, rendered by
//! [`input`]; the conversion's are `rules/messages.toml`, which a user's
//! `--rules` file may override, rendered by `rules::Rules::render`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// A message the code renders: its key and the placeholders it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub key: &'static str,
    pub placeholders: &'static [&'static str],
}

impl Template {
    pub const fn new(key: &'static str, placeholders: &'static [&'static str]) -> Template {
        Template { key, placeholders }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'
}

/// The placeholder starting at `text[0] == '{'`: its name, if it is one.
fn placeholder_at(text: &str) -> Option<&str> {
    let body = text.strip_prefix('{')?;
    let end = body.find('}')?;
    let name = &body[..end];
    (!name.is_empty() && name.bytes().all(is_name_byte)).then_some(name)
}

/// The placeholders of a template, in order (with repeats).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        rest = &rest[i..];
        match placeholder_at(rest) {
            Some(name) => {
                out.push(name);
                rest = &rest[name.len() + 2..];
            }
            None => rest = &rest[1..],
        }
    }
    out
}

/// The template with its placeholders replaced by the values of the same
/// name. A placeholder without a value is a bug of the caller (the loaders
/// refuse templates with placeholders their users do not fill): it panics in
/// debug builds and stays as it is otherwise.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(name) = placeholder_at(rest) else {
            out.push('{');
            rest = &rest[1..];
            continue;
        };
        let taken = name.len() + 2;
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                debug_assert!(false, "no value for {{{name}}} in {template:?}");
                out.push_str(&rest[..taken]);
            }
        }
        rest = &rest[taken..];
    }
    out.push_str(rest);
    out
}

/// The placeholders of `template` that are not in `allowed`.
pub fn unknown_placeholders<'t>(template: &'t str, allowed: &[&str]) -> Vec<&'t str> {
    placeholders(template)
        .into_iter()
        .filter(|p| !allowed.contains(p))
        .collect()
}

/// Renders `template` from `text` with `values`, checking (in debug builds)
/// that the values are exactly the placeholders the template declares.
pub fn render(template: &Template, text: &str, values: &[(&str, &str)]) -> String {
    debug_assert!(
        values.len() == template.placeholders.len()
            && values
                .iter()
                .all(|(n, _)| template.placeholders.contains(n)),
        "{}: values {:?} for placeholders {:?}",
        template.key,
        values.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        template.placeholders
    );
    fill(text, values)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    messages: HashMap<String, String>,
}

fn input_table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str::<File>(include_str!("../rules/input_messages.toml"))
            .unwrap_or_else(|e| panic!("built-in rules/input_messages.toml: {e}"))
            .messages
    })
}

/// A message of the input layers (`rules/input_messages.toml`) with its
/// placeholders filled in.
pub fn input(template: &Template, values: &[(&str, &str)]) -> String {
    let text = input_table()
        .get(template.key)
        .unwrap_or_else(|| panic!("rules/input_messages.toml has no `{}`", template.key));
    render(template, text, values)
}

/// The messages of the input layers: syntax-error, encoding, io-error,
/// notebook-*, internal-error entries, and the notes of a tree walk.
pub mod inputs {
    use super::Template;

    // syntax-error, internal-error (pipeline).
    pub const NUL_BYTE: Template = Template::new("nul_byte", &[]);
    pub const PARSE_FAILED: Template = Template::new("parse_failed", &["error"]);
    pub const INTERNAL_ERROR: Template = Template::new("internal_error", &["what"]);
    // encoding.
    pub const UNKNOWN_ENCODING: Template = Template::new("unknown_encoding", &["encoding"]);
    pub const BOM_COOKIE_MISMATCH: Template = Template::new("bom_cookie_mismatch", &["cookie"]);
    pub const UNDECODABLE: Template = Template::new("undecodable", &["encoding", "byte"]);
    pub const UNENCODABLE: Template = Template::new("unencodable", &["char", "encoding"]);
    // Notebooks.
    pub const NOTEBOOK_NOT_UTF8: Template = Template::new("notebook_not_utf8", &[]);
    pub const NOTEBOOK_NOT_JSON: Template = Template::new("notebook_not_json", &["error"]);
    pub const NOTEBOOK_UNREADABLE: Template = Template::new("notebook_unreadable", &["error"]);
    pub const NOTEBOOK_INTERNAL_ERROR: Template = Template::new("notebook_internal_error", &[]);
    pub const NOTEBOOK_LANGUAGE: Template = Template::new("notebook_language", &["language"]);
    pub const CELL_PARSE_FAILED: Template = Template::new("cell_parse_failed", &["error"]);
    pub const CELLS_PARSE_FAILED: Template = Template::new("cells_parse_failed", &["error"]);
    pub const NOTEBOOK_MAGIC: Template = Template::new("notebook_magic", &[]);
    // io-error entries (driver).
    pub const READ_FAILED: Template = Template::new("read_failed", &["error"]);
    pub const OUTPUT_DIR_FAILED: Template = Template::new("output_dir_failed", &["dir", "error"]);
    pub const WRITE_FAILED: Template = Template::new("write_failed", &["path", "error"]);
    // Notes of a tree walk (driver).
    pub const UNREADABLE_PATH: Template = Template::new("unreadable_path", &["error"]);
    pub const COPY_FAILED: Template = Template::new("copy_failed", &["path", "error"]);
    pub const LINK_COPY_FAILED: Template = Template::new("link_copy_failed", &["path", "error"]);
    pub const LINK_SKIPPED: Template = Template::new("link_skipped", &["path"]);
    pub const LINK_KEPT: Template = Template::new("link_kept", &["path", "target"]);

    /// Every input message the code renders.
    pub const ALL: &[Template] = &[
        NUL_BYTE,
        PARSE_FAILED,
        INTERNAL_ERROR,
        UNKNOWN_ENCODING,
        BOM_COOKIE_MISMATCH,
        UNDECODABLE,
        UNENCODABLE,
        NOTEBOOK_NOT_UTF8,
        NOTEBOOK_NOT_JSON,
        NOTEBOOK_UNREADABLE,
        NOTEBOOK_INTERNAL_ERROR,
        NOTEBOOK_LANGUAGE,
        CELL_PARSE_FAILED,
        CELLS_PARSE_FAILED,
        NOTEBOOK_MAGIC,
        READ_FAILED,
        OUTPUT_DIR_FAILED,
        WRITE_FAILED,
        UNREADABLE_PATH,
        COPY_FAILED,
        LINK_COPY_FAILED,
        LINK_SKIPPED,
        LINK_KEPT,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_by_name_in_one_pass() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "{b}"), ("b", "x")]),
            "{b} and x, {b}"
        );
        // Braces that are not placeholders are text.
        assert_eq!(fill("{} {A} {a-b} {", &[]), "{} {A} {a-b} {");
        assert_eq!(placeholders("x {a} {B} {c_1}"), ["a", "c_1"]);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "no value for {missing}")]
    fn an_unfilled_placeholder_panics_in_debug() {
        fill("Renamed {old} to {missing}", &[("old", "a")]);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "for placeholders")]
    fn values_must_match_the_declared_placeholders() {
        render(
            &inputs::PARSE_FAILED,
            "x {error}",
            &[("error", "e"), ("what", "w")],
        );
    }

    /// Every key the code uses exists, uses only the placeholders the code
    /// fills, and renders completely; and the file has no key the code
    /// does not use.
    #[test]
    fn every_input_message_exists_and_renders() {
        let table = input_table();
        for t in inputs::ALL {
            let text = table
                .get(t.key)
                .unwrap_or_else(|| panic!("rules/input_messages.toml has no `{}`", t.key));
            assert_eq!(
                unknown_placeholders(text, t.placeholders),
                Vec::<&str>::new(),
                "{}",
                t.key
            );
            let values: Vec<(&str, &str)> = t.placeholders.iter().map(|p| (*p, "V")).collect();
            let out = input(t, &values);
            assert!(placeholders(&out).is_empty(), "{}: {out}", t.key);
        }
        for key in table.keys() {
            assert!(
                inputs::ALL.iter().any(|t| t.key == key),
                "rules/input_messages.toml: `{key}` is not used"
            );
        }
    }
}
