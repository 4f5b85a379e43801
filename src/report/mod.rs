//! The report: the reference's `report.txt` layout, and the summary printed
//! on standard output; with `--html`, each file's [`view`] for the page.

pub mod plan;
mod requirements;
pub mod view;

use crate::diagnostic::{Entry, Level, Needs};
use crate::printing::py_repr;
use crate::registry::Rule;

pub use requirements::Requirement;

/// What became of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// Converted, and the output differs from the input.
    Changed,
    /// Converted, nothing to change.
    #[default]
    Unchanged,
    /// Could not be converted (unreadable, not Python 3, not written): left
    /// as it was, with an ERROR entry saying why.
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
            Status::Failed => "failed",
        }
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub input: String,
    pub output: String,
    pub entries: Vec<Entry>,
    pub status: Status,
    /// Unified diff of the change (`--diff`).
    pub diff: Option<String>,
    /// With `--target`: what the converted file needs installed.
    pub needs: Needs,
    /// With `--target`: what is left to make the file TF2-native.
    pub plan: Vec<crate::plan::Located>,
    /// With `--html`: the hunks of the file's diff worth showing.
    pub view: Option<view::FileView>,
}

impl FileReport {
    pub fn new(input: String, output: String) -> FileReport {
        FileReport {
            input,
            output,
            ..FileReport::default()
        }
    }

    /// Records that the file could not be read or written: an ERROR entry
    /// (rule `io-error`) and the `failed` status.
    pub fn io_failure(&mut self, message: String) {
        self.entries.push(Entry::file_level(Rule::IoError, message));
        self.status = Status::Failed;
    }

    /// Computes the file's view from its input and output bytes, around
    /// the lines of its entries and plan items (`notebook`: the bytes are
    /// a notebook's). An entry taken back afterwards (one that the rest of
    /// a tree answers) leaves its line in the view, as context.
    pub fn set_view(&mut self, old: &[u8], new: &[u8], notebook: bool) {
        let positions: Vec<crate::diagnostic::Position> = self
            .entries
            .iter()
            .map(|e| e.pos)
            .chain(self.plan.iter().map(|p| p.pos))
            .collect();
        self.view = Some(view::compute(old, new, notebook, &positions));
    }

    /// WARNING and ERROR entries, prefixed with the input path.
    pub fn issues(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.level() >= Level::Warning)
            .map(|e| format!("{}:{}", self.input, e.format()))
            .collect()
    }

    /// The per-file section of the detailed log.
    pub fn detailed(&self) -> String {
        let rule = "-".repeat(80);
        let mut s = format!(
            "{rule}\nProcessing file {}\n outputting to {}\n{rule}\n\n",
            py_repr(&self.input),
            py_repr(&self.output)
        );
        let lines: Vec<String> = self.entries.iter().map(Entry::format).collect();
        s.push_str(&lines.join("\n"));
        s.push('\n');
        s.push_str(&rule);
        s.push_str("\n\n");
        s
    }
}

/// An entry as the JSON report and JSON lines show it; a target-mode entry
/// that replaced the conversion's entries about the same reference lists
/// them in `supersedes`.
pub fn entry_json(path: &str, e: &Entry) -> serde_json::Value {
    let mut value = serde_json::json!({
        "path": path,
        "line": e.line(),
        "col": e.col(),
        "level": e.level().as_str(),
        "rule": e.rule().id(),
        "message": e.message(),
    });
    let replaced = &e.diagnostic.supersedes;
    if !replaced.is_empty() {
        value["supersedes"] = replaced
            .iter()
            .map(|r| {
                serde_json::json!({
                    "rule": r.rule.id(),
                    "level": r.level.as_str(),
                    "message": r.message,
                })
            })
            .collect();
    }
    value
}

/// The whole report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files_converted: usize,
    /// `Input tree: ...` header of the detailed log, in tree mode.
    pub input_tree: Option<String>,
    /// Notes of the tree walk (symbolic links kept, files skipped).
    pub notes: Vec<String>,
    pub files: Vec<FileReport>,
    /// What went wrong beyond ERROR entries (decides the exit status).
    pub problems: Problems,
    /// With `--target`: what to do about a whole kind of unresolved
    /// references (kind, what to do), said once in the summary.
    pub advice: Vec<(String, String)>,
    /// Where the runtime companion (`tfup_compat.py`) was written, when
    /// converted files use it and it was.
    pub companion: Option<String>,
}

/// Counts of the failures that make a run end with a non-zero status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Problems {
    /// Failures outside any file's log: directories that could not be read,
    /// other files or links that could not be copied. (Files that could not
    /// be read or written have an `io-error` entry in their log.)
    pub io: usize,
    /// Internal errors outside any file's log (those of a file are its
    /// `internal-error` entries).
    pub internal: usize,
}

impl Problems {
    pub fn add(&mut self, other: Problems) {
        self.io += other.io;
        self.internal += other.internal;
    }
}

impl Report {
    /// One report for the jobs of a run, in their order: a single job's as
    /// it is, several jobs' with their files, notes and problems together
    /// (and no `Input tree` header).
    pub fn concat(mut reports: Vec<Report>) -> Report {
        if reports.len() == 1 {
            return reports.pop().unwrap();
        }
        let mut all = Report::default();
        for r in reports {
            all.files_converted += r.files_converted;
            all.notes.extend(r.notes);
            all.files.extend(r.files);
            all.problems.add(r.problems);
        }
        all
    }

    /// Files with an entry of `rule`.
    pub fn files_with(&self, rule: Rule) -> usize {
        self.files
            .iter()
            .filter(|f| f.entries.iter().any(|e| e.rule() == rule))
            .count()
    }

    pub fn issue_count(&self) -> usize {
        self.files
            .iter()
            .map(|f| {
                f.entries
                    .iter()
                    .filter(|e| e.level() >= Level::Warning)
                    .count()
            })
            .sum()
    }

    /// Summary header and the `File:` sections.
    pub fn summary(&self) -> String {
        let rule = "-".repeat(80);
        let mut s = String::from("TensorFlow 2.0 Upgrade Script\n-----------------------------\n");
        s.push_str(&format!("Converted {} files\n", self.files_converted));
        s.push_str(&format!(
            "Detected {} issues that require attention\n",
            self.issue_count()
        ));
        if let Some(line) = self.api_missing_counts() {
            s.push_str(&line);
        }
        for (kind, summary) in &self.advice {
            s.push_str(&format!("  {kind}: {summary}\n"));
        }
        s.push_str(&rule);
        s.push('\n');
        for f in &self.files {
            let issues = f.issues();
            if issues.is_empty() {
                continue;
            }
            s.push_str(&format!("{rule}\nFile: {}\n{rule}\n", f.input));
            s.push_str(&issues.join("\n"));
            s.push('\n');
        }
        s
    }

    /// With `--target`: the number of `api-missing` entries, by kind of
    /// advice (`rules/advice.toml`), as a summary line; `None` when there
    /// are none (always without a target).
    pub fn api_missing_counts(&self) -> Option<String> {
        let kinds = self.unresolved_kinds();
        let total: usize = kinds.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return None;
        }
        let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        Some(format!(
            "Found {total} references that will not resolve in the target (api-missing, needs-tf-keras): {}\n",
            parts.join(", ")
        ))
    }

    /// The kinds of advice of the references that will not resolve, with
    /// their counts, most frequent first.
    pub fn unresolved_kinds(&self) -> Vec<(&'static str, usize)> {
        let mut kinds: Vec<(&'static str, usize)> = Vec::new();
        for e in self.files.iter().flat_map(|f| f.entries.iter()) {
            if !e.rule().is_unresolved() {
                continue;
            }
            let kind = e.diagnostic.advice.unwrap_or("removed");
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((kind, 1)),
            }
        }
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        kinds
    }

    /// The detailed log: one section per file.
    pub fn detailed(&self) -> String {
        let mut s = String::new();
        if let Some(tree) = &self.input_tree {
            let rule = "=".repeat(80);
            s.push_str(&format!("{rule}\nInput tree: {}\n{rule}\n", py_repr(tree)));
        }
        for n in &self.notes {
            s.push_str(n);
            s.push('\n');
        }
        for f in &self.files {
            s.push_str(&f.detailed());
        }
        s
    }

    /// The report as JSON (`--report-format json`; schema in docs/output.md).
    pub fn to_json(&self) -> String {
        use serde_json::json;
        let files: Vec<_> = self
            .files
            .iter()
            .map(|f| json!({"input": f.input, "output": f.output, "status": f.status.as_str()}))
            .collect();
        let entries: Vec<_> = self
            .files
            .iter()
            .flat_map(|f| f.entries.iter().map(move |e| entry_json(&f.input, e)))
            .collect();
        let mut value = json!({
            "version": 1,
            "files_converted": self.files_converted,
            "issues": self.issue_count(),
            "notes": self.notes,
            "files": files,
            "entries": entries,
        });
        if !self.advice.is_empty() {
            value["advice"] = self
                .advice
                .iter()
                .map(|(kind, summary)| json!({"kind": kind, "summary": summary}))
                .collect();
        }
        let requirements = self.requirements();
        let companion = self.companion_users();
        if !requirements.is_empty() || companion > 0 {
            let mut all: Vec<serde_json::Value> = requirements
                .iter()
                .map(|(r, files)| r.json(*files))
                .collect();
            if companion > 0 {
                all.insert(
                    0,
                    json!({"module": "tfup_compat", "written": self.companion, "files": companion}),
                );
            }
            value["requirements"] = all.into();
        }
        if let Some(p) = plan::json(self) {
            value["plan"] = p;
        }
        let mut text = serde_json::to_string_pretty(&value).expect("JSON of plain values");
        text.push('\n');
        text
    }

    /// The highest level among all entries.
    pub fn max_level(&self) -> Option<Level> {
        self.files
            .iter()
            .flat_map(|f| f.entries.iter())
            .map(|e| e.level())
            .max()
    }

    pub fn detailed_header() -> String {
        let rule = "=".repeat(80);
        format!("{rule}\nDetailed log follows:\n\n{rule}\n")
    }

    /// The full report file (with `--target`, it ends with what the
    /// converted code needs installed).
    pub fn full_text(&self) -> String {
        let mut s = self.summary();
        s.push_str(&Report::detailed_header());
        s.push_str(&self.detailed());
        if let Some(r) = self.requirements_text() {
            s.push_str(&r);
        }
        if let Some(p) = plan::text(self) {
            s.push_str(&p);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: Level, line: usize, col: usize, m: &str) -> Entry {
        Entry {
            diagnostic: crate::diagnostic::Diagnostic::new(
                Rule::Rename,
                level,
                crate::diagnostic::Range::at(0),
                m.into(),
            ),
            pos: crate::diagnostic::Position {
                line,
                col,
                cell: None,
            },
        }
    }

    #[test]
    fn layout_matches_reference() {
        let report = Report {
            files_converted: 1,
            input_tree: None,
            notes: vec![],
            files: vec![FileReport {
                input: "a.py".into(),
                output: "b.py".into(),
                entries: vec![
                    entry(Level::Info, 1, 4, "Renamed"),
                    entry(Level::Error, 2, 0, "Bad"),
                ],
                ..FileReport::default()
            }],
            ..Report::default()
        };
        let text = report.full_text();
        let rule = "-".repeat(80);
        let eq = "=".repeat(80);
        let expected = format!(
            "TensorFlow 2.0 Upgrade Script\n-----------------------------\nConverted 1 files\n\
             Detected 1 issues that require attention\n{rule}\n{rule}\nFile: a.py\n{rule}\n\
             a.py:2:0: ERROR: Bad\n{eq}\nDetailed log follows:\n\n{eq}\n{rule}\n\
             Processing file 'a.py'\n outputting to 'b.py'\n{rule}\n\n1:4: INFO: Renamed\n\
             2:0: ERROR: Bad\n{rule}\n\n"
        );
        assert_eq!(text, expected);
    }
}
