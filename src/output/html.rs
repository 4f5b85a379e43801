//! `--html FILE`: one self-contained page to review a run in a browser.
//!
//! The page is a short HTML shell, its style and script (`html/page.css`,
//! `html/page.js`, inlined) and the run's data, embedded once as JSON in a
//! `<script type="application/json" id="data">` element. The script draws
//! the overview and the table of files at load, and a file's view only
//! when it is opened, so a tree of thousands of files stays light. A
//! Content-Security-Policy forbids every fetch: nothing leaves the page.
//!
//! The data (arrays where a field would repeat on every item):
//!
//! - `tool`, `target` (or null), `mode`, `root` (the input tree, or null),
//!   `files_converted`, `notes`, `advice` (`[kind, summary]`),
//!   `requirements` (`{pip, version, env, files}`), `steps` (every step of
//!   the migration plan, `[id, title]`, in the guide's order), `rules`
//!   (`{id: description}` of the rules the entries name);
//! - `files`: `{path, output, status, top, notebook, entries, plan, view}`,
//!   in report order. `top` is the file's top-level folder in the tree
//!   (`""` for a file at the top). An entry is `[line, col, level, rule,
//!   message, cell, cell_line]`, a plan item `[line, col, step, what,
//!   replacement, why, cell, cell_line]` (`cell`, `cell_line` and
//!   `replacement` may be null). `view` is null or `{placed, sections}`,
//!   a section `[cell, lines, hunks]` (`lines`: the old text's line count),
//!   a hunk `[old_start, new_start, rows]`, a row its text after a tag
//!   character: `' '` same, `'-'` removed, `'+'` added.
//!
//! Lines and positions are the report's: those of the input text (see
//! [`crate::report::view`]).

use std::path::{Component, Path};

use serde_json::{json, Value};

use super::{display_path, Options};
use crate::plan::Step;
use crate::registry::Rule;
use crate::report::view::{FileView, Tag};
use crate::report::{FileReport, Report};

const CSS: &str = include_str!("html/page.css");
const JS: &str = include_str!("html/page.js");

/// What the page says about the run besides the report.
pub struct Page<'a> {
    /// `--target`'s release, if any.
    pub target: Option<&'a str>,
    /// `--mode`: `DEFAULT` or `SAFETY`.
    pub mode: &'a str,
}

/// The page.
pub fn render(report: &Report, options: &Options, page: &Page) -> String {
    let data = script_json(&data(report, options, page));
    let title = match &report.input_tree {
        Some(tree) => format!("tf_upgrade_v2: {}", display_path(tree, options.cwd)),
        None => "tf_upgrade_v2: conversion review".to_string(),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n<style>\n{CSS}</style>\n\
         </head>\n<body>\n<noscript>This page needs JavaScript to show the review.</noscript>\n\
         <div id=\"app\"></div>\n<script type=\"application/json\" id=\"data\">{data}</script>\n\
         <script>\n{JS}</script>\n</body>\n</html>\n",
        escape(&title)
    )
}

/// The page's data (layout in the module's documentation).
pub fn data(report: &Report, options: &Options, page: &Page) -> Value {
    let root = report
        .input_tree
        .as_deref()
        .map(|t| display_path(t, options.cwd));
    let mut rules: Vec<Rule> = report
        .files
        .iter()
        .flat_map(|f| f.entries.iter().map(|e| e.rule()))
        .collect();
    rules.sort_by_key(|r| r.id());
    rules.dedup();
    let files: Vec<Value> = report
        .files
        .iter()
        .map(|f| file(f, options, root.as_deref()))
        .collect();
    json!({
        "tool": format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        "target": page.target,
        "mode": page.mode,
        "root": root,
        "files_converted": report.files_converted,
        "notes": report.notes,
        "advice": report.advice.iter().map(|(k, s)| json!([k, s])).collect::<Vec<_>>(),
        "requirements": report.requirements().iter().map(|(r, files)| r.json(*files)).collect::<Vec<_>>(),
        "companion": json!({"files": report.companion_users(), "written": report.companion}),
        "steps": Step::ALL.iter().map(|s| json!([s.id(), s.title()])).collect::<Vec<_>>(),
        "rules": rules.iter().map(|r| (r.id().to_string(), Value::from(r.doc()))).collect::<serde_json::Map<_, _>>(),
        "files": files,
    })
}

fn file(f: &FileReport, options: &Options, root: Option<&str>) -> Value {
    let path = display_path(&f.input, options.cwd);
    let cell = |c: Option<(usize, usize)>| match c {
        Some((cell, line)) => (json!(cell), json!(line)),
        None => (Value::Null, Value::Null),
    };
    let entries: Vec<Value> = f
        .entries
        .iter()
        .map(|e| {
            let (c, l) = cell(e.pos.cell);
            json!([
                e.line(),
                e.col(),
                e.level().as_str(),
                e.rule().id(),
                e.diagnostic.message,
                c,
                l
            ])
        })
        .collect();
    let plan: Vec<Value> = f
        .plan
        .iter()
        .map(|p| {
            let (c, l) = cell(p.pos.cell);
            let i = &p.item;
            json!([
                p.pos.line,
                p.pos.col,
                i.step.id(),
                i.what,
                i.replacement,
                i.why,
                c,
                l
            ])
        })
        .collect();
    json!({
        "path": path,
        "output": display_path(&f.output, options.cwd),
        "status": f.status.as_str(),
        "top": top_folder(&path, root),
        "notebook": f.input.ends_with(".ipynb"),
        "entries": entries,
        "plan": plan,
        "view": f.view.as_ref().map(view),
    })
}

fn view(v: &FileView) -> Value {
    let sections: Vec<Value> = v
        .sections
        .iter()
        .map(|s| {
            let hunks: Vec<Value> = s
                .hunks
                .iter()
                .map(|h| {
                    let rows: Vec<String> = h
                        .rows
                        .iter()
                        .map(|r| {
                            let tag = match r.tag {
                                Tag::Same => ' ',
                                Tag::Removed => '-',
                                Tag::Added => '+',
                            };
                            format!("{tag}{}", r.text)
                        })
                        .collect();
                    json!([h.old_start, h.new_start, rows])
                })
                .collect();
            json!([s.cell, s.lines, hunks])
        })
        .collect();
    json!({"placed": v.placed, "sections": sections})
}

/// The first folder of `path` under the tree `root` (or of the path itself
/// outside a tree); `""` for a file directly at the top.
fn top_folder(path: &str, root: Option<&str>) -> String {
    let p = Path::new(path);
    let rel = root.and_then(|r| p.strip_prefix(r).ok()).unwrap_or(p);
    let parts: Vec<Component> = rel
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    match parts.as_slice() {
        [first, _, ..] => first.as_os_str().to_string_lossy().into_owned(),
        _ => String::new(),
    }
}

/// JSON to embed in a `<script>` element: no `</` (which could close it)
/// and no `<!` (which could open an HTML comment there and change where
/// the element ends). Both only occur in strings, where `\/` and `\u0021`
/// read back as the same characters.
pub fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON of plain values")
        .replace("</", "<\\/")
        .replace("<!", "<\\u0021")
}

/// Text for HTML element content.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests;
