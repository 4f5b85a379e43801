//! Machine-readable renderings of a run's entries (`--output-format`):
//! JSON lines, GitHub workflow commands, GitLab Code Quality, SARIF 2.1.0
//! and JUnit XML, besides the text summary and the JSON report; and the
//! page to review a run in a browser ([`html`], `--html`). Each is a pure
//! function of the report and [`Options`]; the caller prints or writes the
//! result.
//!
//! Paths are shown relative to [`Options::cwd`] where they can be (an
//! absolute path under it loses that prefix, a leading `./` is dropped);
//! lines are 1-based. Columns follow each format's convention: 1-based
//! (GitHub, SARIF) or the report's 0-based byte column (JSON lines, JUnit).

mod github;
mod gitlab;
pub mod html;
mod junit;
mod sarif;

use std::path::{Component, Path};

use crate::diagnostic::{Entry, Level};
use crate::report::Report;

/// An output format, with ruff's names for the same layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The human summary (the reference's).
    Text,
    /// The JSON report (`--report-format json`'s layout).
    Json,
    /// One JSON object per entry a line.
    JsonLines,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
}

/// The text of an entry's source line: given the report's path of the
/// file and the entry (in a notebook, its cell and line in the cell).
pub type SourceLine<'a> = dyn Fn(&str, &Entry) -> Option<String> + 'a;

/// What the renderings need besides the report.
pub struct Options<'a> {
    /// The current directory: paths are made relative to it, and SARIF's
    /// `%SRCROOT%` is its file URI.
    pub cwd: &'a Path,
    /// `--print_all`: the text summary has the detailed log, and GitHub
    /// annotations include INFO entries.
    pub print_all: bool,
    /// `--fail-on warning`: JUnit test cases fail on WARNING entries too.
    pub fail_on_warning: bool,
    /// Where the GitLab fingerprints take the text of a source line from.
    pub source_line: &'a SourceLine<'a>,
}

/// Renders the report in `format`.
pub fn render(format: Format, report: &Report, options: &Options) -> String {
    match format {
        Format::Text => text(report, options),
        Format::Json => report.to_json(),
        Format::JsonLines => json_lines(report, options),
        Format::Github => github::render(report, options),
        Format::Gitlab => gitlab::render(report, options),
        Format::Sarif => sarif::render(report, options),
        Format::Junit => junit::render(report, options),
    }
}

/// The human summary: the report's summary, what the converted code needs
/// and, with `--print_all`, the detailed log.
fn text(report: &Report, options: &Options) -> String {
    let mut human = report.summary();
    human.push('\n');
    if let Some(r) = report.requirements_text() {
        human.push_str(&r);
    }
    if let Some(p) = crate::report::plan::text(report) {
        human.push_str(&p);
    }
    if options.print_all {
        human.push_str(&Report::detailed_header());
        human.push('\n');
        human.push_str(&report.detailed());
        human.push('\n');
    }
    human
}

fn json_lines(report: &Report, options: &Options) -> String {
    let mut out = String::new();
    for (path, e) in entries(report, options) {
        out.push_str(&crate::report::entry_json(&path, e).to_string());
        out.push('\n');
    }
    out
}

/// Every entry of the report, in the report's order, with the display path
/// of its file.
fn entries<'r>(report: &'r Report, options: &Options) -> Vec<(String, &'r Entry)> {
    report
        .files
        .iter()
        .flat_map(|f| {
            let path = display_path(&f.input, options.cwd);
            f.entries.iter().map(move |e| (path.clone(), e))
        })
        .collect()
}

/// `path` relative to `cwd` when it is under it, without `./` components;
/// otherwise as given.
pub fn display_path(path: &str, cwd: &Path) -> String {
    let p = Path::new(path);
    let p = if p.is_absolute() {
        p.strip_prefix(cwd).unwrap_or(p)
    } else {
        p
    };
    let kept: Vec<Component> = p
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if kept.is_empty() {
        return path.to_string();
    }
    kept.iter()
        .collect::<std::path::PathBuf>()
        .to_string_lossy()
        .into_owned()
}

/// Whether an entry counts as a failure: ERROR, and WARNING with
/// `--fail-on warning`.
fn fails(level: Level, options: &Options) -> bool {
    level == Level::Error || (options.fail_on_warning && level == Level::Warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_relative_under_cwd() {
        let cwd = Path::new("/home/user/project");
        assert_eq!(display_path("/home/user/project/a/b.py", cwd), "a/b.py");
        assert_eq!(display_path("./a/b.py", cwd), "a/b.py");
        assert_eq!(display_path("a/./b.py", cwd), "a/b.py");
        assert_eq!(display_path("/elsewhere/b.py", cwd), "/elsewhere/b.py");
        assert_eq!(display_path("../b.py", cwd), "../b.py");
        assert_eq!(display_path("-", cwd), "-");
    }
}
