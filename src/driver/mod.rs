//! The driver: reads files, hands their bytes to the pipeline, writes the
//! results, walks trees (in parallel on the current rayon pool) and gathers
//! the report. It converts nothing itself.

mod fsio;
mod progress;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

pub use fsio::write_atomic;
pub use progress::Progress;

use crate::pipeline::{self, Kind, Settings};
use crate::report::{FileReport, Problems, Report, Status};
use crate::target_pass::{Assigned, Facts, Switch};
use crate::wording::{self, inputs};

/// What to convert.
#[derive(Debug, Clone)]
pub enum Job {
    /// One file into another (or itself); `Destination::Stdout` for `-`.
    File { input: PathBuf, output: Destination },
    /// Standard input, as Python source.
    Stdin { output: Destination },
    /// Every `.py` and `.ipynb` file of a tree into another tree (copying
    /// the other files when `copy_other`), or in place (`output: None`).
    Tree {
        input: PathBuf,
        output: Option<PathBuf>,
        copy_other: bool,
    },
}

/// Where a converted file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Path(PathBuf),
    Stdout,
}

/// How a run writes its results.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub settings: Settings<'a>,
    /// Write no file at all (`--check`, `--diff`).
    pub dry_run: bool,
    /// Keep a unified diff of every changed file in its report.
    pub diff: bool,
    /// Keep every file's view (`--html`) in its report, computed here, on
    /// the thread that converted the file.
    pub html: bool,
    /// Counts converted files for a progress line.
    pub progress: Option<&'a Progress>,
}

/// What a run gives: the report, and the converted code meant for
/// standard output.
#[derive(Debug, Default)]
pub struct Done {
    pub report: Report,
    pub stdout: Option<Vec<u8>>,
}

/// Runs the jobs one after the other; their reports are merged in order.
/// An error is a run that could not be done at all (missing input, an
/// output tree that exists).
pub fn execute(jobs: &[Job], run: &Run) -> Result<Done> {
    let mut reports = Vec::with_capacity(jobs.len());
    let mut stdout = None;
    for job in jobs {
        let (report, code) = match job {
            Job::File { input, output } => file(input, output, run)?,
            Job::Stdin { output } => stdin(output, run)?,
            Job::Tree {
                input,
                output: Some(out),
                copy_other,
            } => (tree(input, out, *copy_other, run)?, None),
            Job::Tree {
                input,
                output: None,
                ..
            } => (tree_inplace(input, run)?, None),
        };
        reports.push(report);
        stdout = stdout.or(code);
    }
    Ok(Done {
        report: Report::concat(reports),
        stdout,
    })
}

/// Converts bytes read from a file and fills its report (entries, status,
/// diff, view); returns the converted bytes and the pipeline's facts.
fn convert_into(bytes: &[u8], kind: Kind, report: &mut FileReport, run: &Run) -> (Vec<u8>, Facts) {
    let result = pipeline::convert(bytes, kind, &run.settings);
    report.entries = result.entries;
    report.needs = result.facts.needs;
    report.plan = result.plan;
    // A notebook with one unparseable cell still has its other cells
    // converted: changed, not failed.
    report.status = if result.output != bytes {
        Status::Changed
    } else if report.entries.iter().any(|e| e.rule().is_failure()) {
        Status::Failed
    } else {
        Status::Unchanged
    };
    if run.diff && report.status == Status::Changed {
        report.diff = Some(unified_diff(
            bytes,
            &result.output,
            &report.input,
            &report.output,
        ));
    }
    if run.html {
        report.set_view(bytes, &result.output, kind == Kind::Notebook);
    }
    (result.output, result.facts)
}

/// Converts one file of a tree (or a single file) and writes it unless the
/// run is dry.
fn process(input: &Path, output: &Path, run: &Run) -> (FileReport, Facts) {
    let (report, facts, held) = convert_file(input, output, run, false);
    debug_assert!(held.is_none());
    (report, facts)
}

/// A file whose writing waits for its tree's graph-mode decision: its input
/// and converted bytes.
struct Held {
    input: Vec<u8>,
    output: Vec<u8>,
}

/// Converts one file and writes it unless the run is dry, or unless
/// `may_hold` and the file got TF 1 behaviour switched on only because its
/// tree was taken to need it: then the bytes come back to be written (or
/// converted again) once the tree's decision is known.
fn convert_file(
    input: &Path,
    output: &Path,
    run: &Run,
    may_hold: bool,
) -> (FileReport, Facts, Option<Held>) {
    let mut report = FileReport::new(input.display().to_string(), output.display().to_string());
    let mut held = None;
    let facts = match fs::read(input) {
        Err(e) => {
            report.io_failure(wording::input(
                &inputs::READ_FAILED,
                &[("error", &e.to_string())],
            ));
            Facts::default()
        }
        Ok(bytes) => {
            let (out, facts) = convert_into(&bytes, Kind::of(input), &mut report, run);
            if may_hold && facts.graph.assumed {
                held = Some(Held {
                    input: bytes,
                    output: out,
                });
            } else if !run.dry_run {
                write_into(output, &out, input, &mut report);
            }
            facts
        }
    };
    if let Some(p) = run.progress {
        p.tick();
    }
    (report, facts, held)
}

fn write_into(output: &Path, bytes: &[u8], input: &Path, report: &mut FileReport) {
    if let Err(message) = fsio::write_output(output, bytes, input) {
        report.io_failure(message);
    }
}

fn single(file: FileReport) -> Report {
    Report {
        files_converted: 1,
        files: vec![file],
        ..Report::default()
    }
}

/// Single-file mode.
fn file(input: &Path, output: &Destination, run: &Run) -> Result<(Report, Option<Vec<u8>>)> {
    if !input.exists() {
        bail!("input file {} does not exist", input.display());
    }
    if input.is_dir() {
        bail!(
            "input file {} is a directory (use --intree)",
            input.display()
        );
    }
    match output {
        Destination::Path(out) => Ok((single(process(input, out, run).0), None)),
        Destination::Stdout => {
            let bytes =
                fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
            let mut report = FileReport::new(input.display().to_string(), "<stdout>".into());
            let (code, _) = convert_into(&bytes, Kind::of(input), &mut report, run);
            Ok((single(report), (!run.dry_run).then_some(code)))
        }
    }
}

/// Standard input as Python source.
fn stdin(output: &Destination, run: &Run) -> Result<(Report, Option<Vec<u8>>)> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    let name = match output {
        Destination::Path(p) => p.display().to_string(),
        Destination::Stdout => "<stdout>".into(),
    };
    let mut report = FileReport::new("<stdin>".into(), name);
    let (code, _) = convert_into(&bytes, Kind::Python, &mut report, run);
    let mut to_stdout = None;
    if !run.dry_run {
        match output {
            Destination::Stdout => to_stdout = Some(code),
            Destination::Path(p) => write_atomic(p, &code, None)?,
        }
    }
    Ok((single(report), to_stdout))
}

/// Files converted in tree mode: Python sources and Jupyter notebooks.
fn is_python(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".py") || name.ends_with(".ipynb")
}

/// What a tree holds, listed before anything is written.
#[derive(Default)]
struct Listing {
    sources: Vec<(PathBuf, PathBuf)>,
    others: Vec<(PathBuf, PathBuf)>,
    links: Vec<(PathBuf, PathBuf)>,
    notes: Vec<String>,
    problems: Problems,
}

/// Lists `intree` (never following links, skipping the directory `skip`),
/// pairing each file with its place under `outtree`.
fn list(intree: &Path, outtree: &Path, skip: Option<&Path>) -> Listing {
    let mut l = Listing::default();
    let walker = walkdir::WalkDir::new(intree)
        .follow_links(false)
        .sort_by_file_name();
    // Only directories can be the output tree: resolving every file's path
    // would cost a system call per path component.
    for entry in walker.into_iter().filter_entry(|e| {
        !e.file_type().is_dir() || skip.is_none_or(|s| fsio::absolute(e.path()) != s)
    }) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                l.notes.push(wording::input(
                    &inputs::UNREADABLE_PATH,
                    &[("error", &e.to_string())],
                ));
                l.problems.io += 1;
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(intree).unwrap_or(entry.path());
        let pair = (entry.path().to_path_buf(), outtree.join(rel));
        if entry.path_is_symlink() {
            l.links.push(pair);
        } else if is_python(entry.path()) {
            l.sources.push(pair);
        } else {
            l.others.push(pair);
        }
    }
    l
}

/// Tree mode: converts every `.py` and `.ipynb` file of `intree` into
/// `outtree` and copies the other files when `copy_other`.
fn tree(intree: &Path, outtree: &Path, copy_other: bool, run: &Run) -> Result<Report> {
    if !intree.is_dir() {
        bail!("input tree {} is not a directory", intree.display());
    }
    if fs::symlink_metadata(outtree).is_ok() {
        bail!(
            "Output directory {} must not already exist.",
            crate::printing::py_repr(&outtree.display().to_string())
        );
    }
    let in_abs = fs::canonicalize(intree)?;
    let out_abs = fsio::absolute(outtree);
    if in_abs == out_abs {
        bail!(
            "Output directory {} same as input directory {}",
            outtree.display(),
            intree.display()
        );
    }
    let Listing {
        sources,
        others,
        links,
        mut notes,
        mut problems,
    } = list(intree, outtree, Some(&out_abs));
    if !run.dry_run {
        fs::create_dir_all(outtree)
            .with_context(|| format!("cannot create {}", outtree.display()))?;
    }
    let files = convert_all(&sources, run);
    // A dry run writes nothing: no copies, no links.
    if !run.dry_run {
        for (i, o) in others.iter().filter(|_| copy_other) {
            let copied = o
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|_| fs::copy(i, o).map(|_| ()));
            if let Err(e) = copied {
                notes.push(wording::input(
                    &inputs::COPY_FAILED,
                    &[
                        ("path", &i.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                ));
                problems.io += 1;
            }
        }
        for (link, out) in &links {
            if !is_python(link) && !copy_other {
                continue;
            }
            if let Err(e) = fsio::copy_link(link, out, &in_abs, &out_abs, &mut notes) {
                notes.push(wording::input(
                    &inputs::LINK_COPY_FAILED,
                    &[
                        ("path", &link.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                ));
                problems.io += 1;
            }
        }
    }
    Ok(Report {
        files_converted: files.len(),
        input_tree: Some(intree.display().to_string()),
        notes,
        files,
        problems,
        ..Report::default()
    })
}

/// In-place tree mode: rewrites every `.py` and `.ipynb` file of the tree
/// (symbolic links are skipped, with a note).
fn tree_inplace(tree: &Path, run: &Run) -> Result<Report> {
    if !tree.is_dir() {
        bail!("input tree {} is not a directory", tree.display());
    }
    let Listing {
        sources,
        links,
        mut notes,
        problems,
        ..
    } = list(tree, tree, None);
    for (link, _) in links.iter().filter(|(l, _)| is_python(l)) {
        notes.push(wording::input(
            &inputs::LINK_SKIPPED,
            &[("path", &link.display().to_string())],
        ));
    }
    let files = convert_all(&sources, run);
    Ok(Report {
        files_converted: files.len(),
        input_tree: Some(tree.display().to_string()),
        notes,
        files,
        problems,
        ..Report::default()
    })
}

/// Converts files in parallel (on the current rayon pool); the reports come
/// back in the order of `pairs`, whatever the number of threads.
///
/// With a target, two decisions take the whole tree: a path one file
/// assigns (`tf.GraphKeys.MINE = …`) counts as defined in every file, so
/// the reports of the others that name it are taken back once every file is
/// converted; and TF 1 behaviour is switched on at the tree's entry points
/// when any of its files uses graph constructs. Files are converted as if
/// the tree did; an entry point that got the switch only for that is
/// written once the tree's files are known to need it, else converted
/// again without it.
fn convert_all(pairs: &[(PathBuf, PathBuf)], run: &Run) -> Vec<FileReport> {
    if let Some(p) = run.progress {
        p.add_total(pairs.len());
    }
    let mut first = *run;
    first.settings.switch = Switch::Tree { needs: true };
    let first = &first;
    let mut done: Vec<(FileReport, Facts, Option<Held>)> = pairs
        .par_iter()
        .map(|(i, o)| convert_file(i, o, first, true))
        .collect();
    let tree_needs = done.iter().any(|(_, f, _)| f.graph.needs);
    let mut again = *run;
    again.settings.switch = Switch::Tree { needs: false };
    again.progress = None;
    done.par_iter_mut()
        .zip(pairs)
        .for_each(|((report, facts, held), (input, output))| {
            let Some(h) = held.take() else {
                return;
            };
            let out = if tree_needs {
                h.output
            } else {
                let (out, f) = convert_into(&h.input, Kind::of(input), report, &again);
                *facts = f;
                out
            };
            if !run.dry_run {
                write_into(output, &out, input, report);
            }
        });
    let assigned = Assigned::new(done.iter().flat_map(|(_, f, _)| f.stored.iter().cloned()));
    if !assigned.is_empty() {
        for (report, facts, _) in done.iter_mut() {
            facts.drop_assigned(&assigned, &mut report.entries);
        }
    }
    done.into_iter().map(|(r, _, _)| r).collect()
}

/// A unified diff of `old` and `new` with the given file labels.
pub fn unified_diff(old: &[u8], new: &[u8], from: &str, to: &str) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(from, to)
        .to_string()
}
