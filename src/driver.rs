//! File and tree jobs: read, convert, write, report.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::engine::{self, Options};
use crate::log::{rule, Level, LogEntry};
use crate::report::{FileReport, Problems, Report, Status};
use crate::rules::Rules;
use crate::target::{self, Assigned, Facts, Target};

/// Everything a job needs to know.
#[derive(Clone, Copy)]
pub struct Job<'r> {
    pub rules: &'r Rules,
    pub options: Options,
    /// `--target`: check the output against this TensorFlow's API.
    pub target: Option<Target>,
    /// With a target: what the tree being converted assigns (see
    /// [`crate::target::assigned`]); a file's own assignments always count.
    pub assigned: Option<&'r Assigned>,
}

impl<'r> Job<'r> {
    /// A job without a target.
    pub fn new(rules: &'r Rules, options: Options) -> Job<'r> {
        Job {
            rules,
            options,
            target: None,
            assigned: None,
        }
    }
}

/// What happened to a file's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConvertStatus {
    /// Converted (the text may be unchanged when there was nothing to do).
    Converted,
    /// Refused (syntax or encoding error, nesting too deep): the output is
    /// the input, byte for byte, and the log has an ERROR entry saying why.
    Unchanged,
    /// The converter hit an internal error (a bug): the output is the input,
    /// byte for byte, and the log has an ERROR entry.
    Panicked,
}

/// The result of converting one file's content.
#[derive(Debug, Clone)]
pub struct Conversion<T> {
    pub output: T,
    pub log: Vec<LogEntry>,
    pub status: ConvertStatus,
    /// With a target: what the pass found (see [`Facts`]).
    pub facts: Facts,
}

/// Stack size of the thread a conversion runs on: ample for the deepest tree
/// [`crate::syntax::parse`] accepts (the visitor, the edits and the tree's
/// own drop recurse over it). Only the pages touched are ever committed.
const CONVERT_STACK: usize = 256 << 20;

/// Sources up to this size cannot nest deeper than the calling thread's
/// stack can take, so they are converted in place without a new thread.
const INLINE_LIMIT: usize = 256;

thread_local! {
    /// Set on threads started with a [`CONVERT_STACK`]-sized stack.
    static BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Stack size for worker threads that convert files.
pub const WORKER_STACK: usize = CONVERT_STACK;

/// Declares that the current thread was started with a [`WORKER_STACK`]-sized
/// stack, so conversions run on it directly instead of on a new thread (call
/// it from the thread pool's start handler).
pub fn mark_big_stack_thread() {
    BIG_STACK.with(|b| b.set(true));
}

/// Environment variable read by debug builds only: a file containing its
/// value makes the converter panic (to test that panics are contained).
pub const PANIC_MARKER_VAR: &str = "TF_UPGRADE_V2_TEST_PANIC_MARKER";

fn error_entry(source: &str, offset: usize, message: String) -> LogEntry {
    let (line, col) = crate::syntax::LineIndex::new(source).position(offset.min(source.len()));
    LogEntry {
        rule: rule::SYNTAX_ERROR,
        level: Level::Error,
        line,
        col,
        message,
    }
}

fn encoding_entry(e: crate::encoding::EncodingError) -> LogEntry {
    LogEntry {
        rule: rule::ENCODING,
        level: Level::Error,
        line: e.line,
        col: e.col,
        message: e.message,
    }
}

fn convert_guarded(
    source: &str,
    job: &Job,
) -> std::thread::Result<Result<(engine::Outcome, Facts), crate::syntax::SyntaxError>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        #[cfg(debug_assertions)]
        if let Ok(marker) = std::env::var(PANIC_MARKER_VAR) {
            if !marker.is_empty() && source.contains(&marker) {
                panic!("test panic requested by {PANIC_MARKER_VAR}");
            }
        }
        convert_source(source, job)
    }))
}

/// The engine, then the target pass when the job has a target (one parse
/// for both). Without a target this is exactly [`engine::convert`].
fn convert_source(
    source: &str,
    job: &Job,
) -> Result<(engine::Outcome, Facts), crate::syntax::SyntaxError> {
    let Some(target) = job.target else {
        return Ok((
            engine::convert(source, job.rules, &job.options)?,
            Facts::default(),
        ));
    };
    let parsed = crate::syntax::parse(source)?;
    let (edits, log, facts) = convert_targeted(source, &parsed, &[], job, target);
    let outcome = engine::Outcome {
        text: engine::output_text(source, edits),
        log,
    };
    Ok((outcome, facts))
}

/// Runs the engine on a parsed program, then the target pass.
fn convert_targeted(
    source: &str,
    parsed: &crate::syntax::Parsed,
    parts: &[usize],
    job: &Job,
    target: Target,
) -> (Vec<crate::edits::Edit>, Vec<LogEntry>, Facts) {
    let (mut edits, mut log) =
        engine::convert_parsed(source, parsed, job.rules, &job.options, parts);
    let mut pass = target::run(&target::Input {
        source,
        body: &parsed.module().body,
        edits: &edits,
        log: &log,
        target,
        assigned: job.assigned,
    });
    let facts = std::mem::take(&mut pass.facts);
    pass.merge(&mut edits, &mut log);
    (edits, log, facts)
}

/// With a target: a path that one file of the tree assigns
/// (`tf.GraphKeys.MINE = …`, tflearn does it) counts as defined in every
/// file, so the reports of the others that name it are taken back, once
/// every file is converted (no pass over the tree before).
fn drop_tree_assigned(files: &mut [FileReport]) {
    let assigned = Assigned::new(files.iter().flat_map(|f| f.facts.stored.iter().cloned()));
    if assigned.is_empty() {
        return;
    }
    for f in files.iter_mut() {
        let facts = std::mem::take(&mut f.facts);
        facts.drop_assigned(&assigned, &mut f.log);
        f.facts = facts;
    }
}

/// Converts source text. A file that cannot be converted comes back as it
/// was, with an ERROR entry saying why; a panic in the converter is caught
/// here, at the file boundary.
pub fn convert_text_checked(source: &str, job: &Job) -> Conversion<String> {
    if let Some(at) = source.find('\0') {
        return Conversion {
            output: source.to_string(),
            log: vec![error_entry(
                source,
                at,
                "The file contains a NUL byte, which Python does not accept in source code; it was left unchanged.".into(),
            )],
            status: ConvertStatus::Unchanged,
            facts: Facts::default(),
        };
    }
    let result = if source.len() <= INLINE_LIMIT || BIG_STACK.with(|b| b.get()) {
        convert_guarded(source, job)
    } else {
        std::thread::scope(|scope| {
            let spawned = std::thread::Builder::new()
                .name("convert".into())
                .stack_size(CONVERT_STACK)
                .spawn_scoped(scope, || convert_guarded(source, job));
            match spawned {
                Ok(handle) => handle.join().unwrap_or_else(Err),
                // No thread to be had: convert here, as small files do.
                Err(_) => convert_guarded(source, job),
            }
        })
    };
    match result {
        Ok(Ok((outcome, facts))) => Conversion {
            output: outcome.text,
            log: outcome.log,
            status: ConvertStatus::Converted,
            facts,
        },
        Ok(Err(err)) => Conversion {
            output: source.to_string(),
            log: vec![error_entry(
                source,
                err.offset,
                format!(
                    "Failed to parse: {}. The file was left unchanged.",
                    err.message
                ),
            )],
            status: ConvertStatus::Unchanged,
            facts: Facts::default(),
        },
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".into());
            Conversion {
                output: source.to_string(),
                log: vec![LogEntry {
                    rule: rule::INTERNAL_ERROR,
                    level: Level::Error,
                    line: 1,
                    col: 0,
                    message: format!(
                        "Internal error while converting ({what}). The file was left unchanged; please report this."
                    ),
                }],
                status: ConvertStatus::Panicked,
                facts: Facts::default(),
            }
        }
    }
}

/// Converts source text (see [`convert_text_checked`]).
pub fn convert_text(source: &str, job: &Job) -> (String, Vec<LogEntry>) {
    let c = convert_text_checked(source, job);
    (c.output, c.log)
}

/// Converts the bytes of a file: UTF-8 with or without a byte order mark
/// (kept), or the encoding its PEP 263 coding cookie names (decoded, converted
/// and encoded back). Bytes that cannot be decoded, or a result that cannot
/// be encoded back, leave the file unchanged with an ERROR entry.
pub fn convert_bytes_checked(bytes: &[u8], job: &Job) -> Conversion<Vec<u8>> {
    let unchanged = |log: Vec<LogEntry>| Conversion {
        output: bytes.to_vec(),
        log,
        status: ConvertStatus::Unchanged,
        facts: Facts::default(),
    };
    let (text, how) = match crate::encoding::decode(bytes) {
        Ok(d) => d,
        Err(e) => return unchanged(vec![encoding_entry(e)]),
    };
    let c = convert_text_checked(&text, job);
    match crate::encoding::encode(&c.output, how) {
        Ok(output) if c.status == ConvertStatus::Converted => Conversion {
            output,
            log: c.log,
            status: c.status,
            facts: c.facts,
        },
        Ok(_) => Conversion {
            output: bytes.to_vec(),
            log: c.log,
            status: c.status,
            facts: Facts::default(),
        },
        Err(e) => unchanged(vec![encoding_entry(e)]),
    }
}

/// Converts the bytes of a file (see [`convert_bytes_checked`]).
pub fn convert_bytes(bytes: &[u8], job: &Job) -> (Vec<u8>, Vec<LogEntry>) {
    let c = convert_bytes_checked(bytes, job);
    (c.output, c.log)
}

/// Writes `data` to `path` atomically: a temporary file in the same
/// directory, renamed over the target, keeping the target's permissions.
pub fn write_atomic(path: &Path, data: &[u8], mode_from: Option<&Path>) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.tfup{}-{n}.tmp", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
        }
    };
    let result = (|| -> Result<()> {
        file.write_all(data)?;
        if let Ok(meta) = fs::metadata(mode_from.unwrap_or(path)) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        drop(file);
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// How a run writes its results (`--check`, `--diff`, progress line).
#[derive(Clone, Copy, Default)]
pub struct Output<'p> {
    /// Write no file at all (`--check`, `--diff`).
    pub dry_run: bool,
    /// Keep a unified diff of every changed file in its report.
    pub diff: bool,
    /// Counts converted files for a progress line.
    pub progress: Option<&'p Progress>,
}

/// A progress line on standard error (`[done/total] files`) for jobs of at
/// least `min_total` files, redrawn at most ten times a second.
pub struct Progress {
    min_total: usize,
    total: AtomicUsize,
    done: AtomicUsize,
    last_draw: Mutex<Option<Instant>>,
}

impl Progress {
    pub fn new(min_total: usize) -> Progress {
        Progress {
            min_total,
            total: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            last_draw: Mutex::new(None),
        }
    }

    /// Adds files to the job's total.
    pub fn add_total(&self, n: usize) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.total.load(Ordering::Relaxed);
        if total < self.min_total {
            return;
        }
        let Ok(mut last) = self.last_draw.try_lock() else {
            return;
        };
        let now = Instant::now();
        if done < total && last.is_some_and(|t| now - t < Duration::from_millis(100)) {
            return;
        }
        *last = Some(now);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r[{done}/{total}] files");
        let _ = err.flush();
    }

    /// Erases the progress line, if one was drawn.
    pub fn finish(&self) {
        if self.last_draw.lock().map(|l| l.is_some()).unwrap_or(false) {
            eprint!("\r\x1b[K");
        }
    }
}

/// Whether an entry means the file could not be converted at all (it was
/// left unchanged).
pub fn is_failure(entry: &LogEntry) -> bool {
    [
        rule::SYNTAX_ERROR,
        rule::INTERNAL_ERROR,
        rule::ENCODING,
        rule::IO_ERROR,
    ]
    .contains(&entry.rule)
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

/// Converts a notebook's bytes: its code cells as one program.
pub fn convert_notebook(bytes: &[u8], job: &Job) -> (Vec<u8>, Vec<LogEntry>) {
    let (out, log, _) = convert_notebook_needs(bytes, job);
    (out, log)
}

/// [`convert_notebook`], with what the converted cells need installed.
fn convert_notebook_needs(bytes: &[u8], job: &Job) -> (Vec<u8>, Vec<LogEntry>, Facts) {
    let facts = std::cell::RefCell::new(Facts::default());
    let (out, log) = crate::notebook::convert(bytes, &|program, parts| match job.target {
        None => engine::convert_parts(program, job.rules, &job.options, parts),
        Some(target) => {
            let parsed = crate::syntax::parse(program)?;
            let (edits, log, n) = convert_targeted(program, &parsed, parts, job, target);
            // Positions in the program are not the notebook's: keep only
            // what the converted cells need.
            facts.borrow_mut().needs = n.needs;
            Ok((edits, log))
        }
    });
    (out, log, facts.into_inner())
}

/// Converts bytes read from `input` and fills the report's log, status and
/// diff; returns the converted bytes.
pub fn convert_for_report(
    bytes: &[u8],
    notebook: bool,
    report: &mut FileReport,
    job: &Job,
    out: &Output,
) -> Vec<u8> {
    let (converted, log, facts) = if notebook {
        convert_notebook_needs(bytes, job)
    } else {
        let c = convert_bytes_checked(bytes, job);
        (c.output, c.log, c.facts)
    };
    report.log = log;
    report.facts = facts;
    // A notebook with one unparseable cell still has its other cells
    // converted: changed, not failed.
    report.status = if converted != bytes {
        Status::Changed
    } else if report.log.iter().any(is_failure) {
        Status::Failed
    } else {
        Status::Unchanged
    };
    if out.diff && report.status == Status::Changed {
        report.diff = Some(unified_diff(
            bytes,
            &converted,
            &report.input,
            &report.output,
        ));
    }
    converted
}

/// Converts one file into another (or itself).
pub fn process_file(input: &Path, output: &Path, job: &Job) -> FileReport {
    process_file_with(input, output, job, &Output::default())
}

/// Converts one file into another (or itself), or only reports what would
/// change when `out.dry_run`.
pub fn process_file_with(input: &Path, output: &Path, job: &Job, out: &Output) -> FileReport {
    let report = process_file_inner(input, output, job, out);
    if let Some(p) = out.progress {
        p.tick();
    }
    report
}

fn process_file_inner(input: &Path, output: &Path, job: &Job, run: &Output) -> FileReport {
    let mut report = FileReport::new(input.display().to_string(), output.display().to_string());
    let bytes = match fs::read(input) {
        Ok(b) => b,
        Err(e) => {
            report.io_failure(format!("Cannot read the file: {e}. Nothing was written."));
            return report;
        }
    };
    let out = convert_for_report(&bytes, is_notebook(input), &mut report, job, run);
    if run.dry_run {
        return report;
    }
    // An output that is an existing symbolic link is written through: the
    // file it points to is replaced (atomically), the link stays.
    let is_link = fs::symlink_metadata(output)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    let target = if is_link {
        fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf())
    } else {
        output.to_path_buf()
    };
    let output = target.as_path();
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = fs::create_dir_all(parent) {
            report.io_failure(format!(
                "Cannot create the output directory {}: {e}.",
                parent.display()
            ));
            return report;
        }
    }
    if let Err(e) = write_atomic(output, &out, Some(input)) {
        report.io_failure(format!("{e:#}."));
    }
    report
}

/// Single-file mode.
pub fn run_file(input: &Path, output: &Path, job: &Job, out: &Output) -> Result<Report> {
    if !input.exists() {
        bail!("input file {} does not exist", input.display());
    }
    if input.is_dir() {
        bail!(
            "input file {} is a directory (use --intree)",
            input.display()
        );
    }
    let file = process_file_with(input, output, job, out);
    Ok(Report {
        files_converted: 1,
        input_tree: None,
        notes: Vec::new(),
        files: vec![file],
        problems: Problems::default(),
    })
}

/// Files converted in tree mode: Python sources and Jupyter notebooks.
fn is_python(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".py") || name.ends_with(".ipynb")
}

pub fn is_notebook(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".ipynb")
}

/// Tree mode: converts every `.py` and `.ipynb` file of `intree` into `outtree` and copies
/// the other files when `copy_other`.
pub fn run_tree(
    intree: &Path,
    outtree: &Path,
    copy_other: bool,
    job: &Job,
    out: &Output,
) -> Result<Report> {
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
    let out_abs = absolute(outtree);
    if in_abs == out_abs {
        bail!(
            "Output directory {} same as input directory {}",
            outtree.display(),
            intree.display()
        );
    }
    let mut pys: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut others: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut links: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut notes = Vec::new();
    let mut problems = Problems::default();
    let walker = walkdir::WalkDir::new(intree)
        .follow_links(false)
        .sort_by_file_name();
    // Only directories can be the output tree: resolving every file's path
    // would cost a system call per path component.
    for entry in walker
        .into_iter()
        .filter_entry(|e| !e.file_type().is_dir() || absolute(e.path()) != out_abs)
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                notes.push(format!("Skipping unreadable path: {e}"));
                problems.io += 1;
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(intree)
            .unwrap_or(entry.path())
            .to_path_buf();
        let pair = (entry.path().to_path_buf(), outtree.join(&rel));
        if entry.path_is_symlink() {
            links.push(pair);
        } else if is_python(entry.path()) {
            pys.push(pair);
        } else if copy_other {
            others.push(pair);
        }
    }
    if !out.dry_run {
        fs::create_dir_all(outtree)
            .with_context(|| format!("cannot create {}", outtree.display()))?;
    }
    let mut files = convert_all(&pys, job, out);
    drop_tree_assigned(&mut files);
    // A dry run writes nothing: no copies, no links.
    let (others, links) = if out.dry_run {
        (Vec::new(), Vec::new())
    } else {
        (others, links)
    };
    for (i, o) in &others {
        let copied = o
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|_| fs::copy(i, o).map(|_| ()));
        if let Err(e) = copied {
            notes.push(format!("Could not copy {}: {e}", i.display()));
            problems.io += 1;
        }
    }
    for (link, out) in &links {
        if !is_python(link) && !copy_other {
            continue;
        }
        if let Err(e) = copy_link(link, out, &in_abs, &out_abs, &mut notes) {
            notes.push(format!("Could not copy symlink {}: {e}", link.display()));
            problems.io += 1;
        }
    }
    Ok(Report {
        files_converted: files.len(),
        input_tree: Some(intree.display().to_string()),
        notes,
        files,
        problems,
    })
}

/// Recreates the symbolic link `link` as `out`.
fn copy_link(
    link: &Path,
    out: &Path,
    in_abs: &Path,
    out_abs: &Path,
    notes: &mut Vec<String>,
) -> std::io::Result<()> {
    let target = fs::read_link(link)?;
    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent)?;
    }
    // A relative link keeps pointing at the same place in the mirrored
    // tree, so at the converted copy when its target is converted too.
    let resolved = link.parent().unwrap_or(Path::new(".")).join(&target);
    let canonical = fs::canonicalize(&resolved).ok();
    let inside = canonical.as_ref().is_some_and(|r| r.starts_with(in_abs));
    let new_target = match canonical {
        Some(r) if target.is_absolute() && inside => out_abs.join(r.strip_prefix(in_abs).unwrap()),
        _ => {
            if !inside {
                notes.push(format!(
                    "Copying symlink {} without modifying its target {}",
                    link.display(),
                    target.display()
                ));
            }
            target.clone()
        }
    };
    symlink(&new_target, out)
}

/// In-place tree mode: rewrites every `.py` and `.ipynb` file of the tree.
pub fn run_tree_inplace(tree: &Path, job: &Job, out: &Output) -> Result<Report> {
    if !tree.is_dir() {
        bail!("input tree {} is not a directory", tree.display());
    }
    let mut pys = Vec::new();
    let mut notes = Vec::new();
    let mut problems = Problems::default();
    for entry in walkdir::WalkDir::new(tree)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                notes.push(format!("Skipping unreadable path: {e}"));
                problems.io += 1;
                continue;
            }
        };
        if entry.file_type().is_dir() || !is_python(entry.path()) {
            continue;
        }
        if entry.path_is_symlink() {
            notes.push(format!("Skipping symlink {}.", entry.path().display()));
            continue;
        }
        pys.push(entry.path().to_path_buf());
    }
    let pairs: Vec<(PathBuf, PathBuf)> = pys.into_iter().map(|p| (p.clone(), p)).collect();
    let mut files = convert_all(&pairs, job, out);
    drop_tree_assigned(&mut files);
    Ok(Report {
        files_converted: files.len(),
        input_tree: Some(tree.display().to_string()),
        notes,
        files,
        problems,
    })
}

/// Converts files in parallel (on the current rayon pool); the reports come
/// back in the order of `pairs`, whatever the number of threads.
fn convert_all(pairs: &[(PathBuf, PathBuf)], job: &Job, out: &Output) -> Vec<FileReport> {
    if let Some(p) = out.progress {
        p.add_total(pairs.len());
    }
    pairs
        .par_iter()
        .map(|(i, o)| process_file_with(i, o, job, out))
        .collect()
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let joined = base.join(p);
    // Canonicalize the longest existing ancestor, then append the rest.
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return joined,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    fs::copy(target, link).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job<'static> {
        Job::new(crate::engine::builtin_rules(), Options::default())
    }

    /// Sources small enough to be converted without a thread of their own
    /// nest shallowly enough for a small stack (rayon's threads have 2 MB).
    #[test]
    fn small_sources_fit_a_small_stack() {
        let deep: Vec<String> = vec![
            format!("x = {}1", "-".repeat(240)),
            format!("x = {}1{}", "(".repeat(120), ")".repeat(120)),
            format!("x = [{}1{}", "[".repeat(119), "]".repeat(120)),
            format!("x = tf{}", ".a".repeat(120)),
            format!("x = f{}", "()".repeat(120)),
            format!("x = 1{}", "+1".repeat(120)),
            format!("x = {}1", "not ".repeat(60)),
            format!("x = {}tf.a(){}", "f(".repeat(80), ")".repeat(80)),
        ];
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                for src in &deep {
                    assert!(src.len() <= INLINE_LIMIT + 8, "{}", src.len());
                    let c = convert_text_checked(&src[..src.len().min(INLINE_LIMIT)], &job());
                    assert_ne!(c.status, ConvertStatus::Panicked);
                }
            })
            .unwrap();
        handle.join().expect("no stack overflow");
    }

    #[test]
    fn refused_and_converted_statuses() {
        let c = convert_bytes_checked(b"import tensorflow as tf\nprint 'x'\n", &job());
        assert_eq!(c.status, ConvertStatus::Unchanged);
        assert_eq!(c.output, b"import tensorflow as tf\nprint 'x'\n");
        let c = convert_bytes_checked(b"a = 1\x00\n", &job());
        assert_eq!(c.status, ConvertStatus::Unchanged);
        assert_eq!((c.log[0].line, c.log[0].col), (1, 5));
        let src = format!(
            "import tensorflow as tf\n{}x = tf.gfile.Exists(1)\n",
            "# pad\n".repeat(60)
        );
        let c = convert_bytes_checked(src.as_bytes(), &job());
        assert_eq!(c.status, ConvertStatus::Converted);
        assert!(String::from_utf8(c.output)
            .unwrap()
            .contains("tf.io.gfile.exists"));
    }
}
