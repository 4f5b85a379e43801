//! Command line: the reference's flags, meanings, defaults and refusals.

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};

use crate::driver::{self, Job, Output, Progress};
use crate::engine::{Mode, Options};
use crate::log::Level;
use crate::report::{FileReport, Report, Status};
use crate::rules::Rules;

/// Exit statuses (documented in the README).
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
/// The converter hit an internal error on some file (that file was written
/// unchanged, the others were converted).
pub const EXIT_INTERNAL: u8 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "tf_upgrade_v2",
    version,
    about = "Convert a TensorFlow Python file from 1.x to 2.0",
    after_help = "Simple usage:\n  tf_upgrade_v2 --infile foo.py --outfile bar.py\n  tf_upgrade_v2 --infile foo.ipynb --outfile bar.ipynb\n  tf_upgrade_v2 --intree ~/code/old --outtree ~/code/new"
)]
pub struct Args {
    /// If converting a single file, the name of the file to convert.
    #[arg(long = "infile", value_name = "FILE")]
    pub input_file: Option<PathBuf>,
    /// If converting a single file, the output filename.
    #[arg(long = "outfile", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// If converting a whole tree of files, the directory to read from.
    #[arg(long = "intree", value_name = "DIR")]
    pub input_tree: Option<PathBuf>,
    /// If converting a whole tree of files, the output directory.
    #[arg(long = "outtree", value_name = "DIR")]
    pub output_tree: Option<PathBuf>,
    /// If converting a whole tree of files, whether to copy the other files
    /// (default: True; False, 0, no and off turn it off).
    #[arg(long = "copyotherfiles", value_name = "BOOL", default_value = "True")]
    pub copy_other_files: String,
    /// Allow the conversion to be performed on the input files.
    #[arg(long = "inplace")]
    pub in_place: bool,
    /// Do not rename imports to compat.v2 explicitly.
    #[arg(long = "no_import_rename")]
    pub no_import_rename: bool,
    /// Do not upgrade explicit `import tensorflow.compat.v1 as tf` imports to
    /// the v2 API.
    #[arg(long = "no_upgrade_compat_v1_import")]
    pub no_upgrade_compat_v1_import: bool,
    /// The name of the file where the report log is stored.
    #[arg(long = "reportfile", value_name = "FILE", default_value = "report.txt")]
    pub report_filename: PathBuf,
    /// DEFAULT: straightforward conversions to 2.0, compat.v1 in harder cases.
    /// SAFETY: keep 1.x code and import the compat.v1 module.
    #[arg(long = "mode", value_name = "MODE", default_value = "DEFAULT", value_parser = ["DEFAULT", "SAFETY"])]
    pub mode: String,
    /// Print the full log to stdout instead of just the errors.
    #[arg(long = "print_all")]
    pub print_all: bool,

    // Options of this implementation (not in the reference).
    /// Print a unified diff of what would change; write nothing.
    #[arg(long = "diff")]
    pub diff: bool,
    /// Write nothing; list the files that would change and exit with 1 if
    /// any would, or if any ERROR entry is found.
    #[arg(long = "check")]
    pub check: bool,
    /// Format of the report file.
    #[arg(long = "report-format", value_name = "FORMAT", value_enum, default_value_t = ReportFormat::Text)]
    pub report_format: ReportFormat,
    /// Exit with 1 when entries of this level or worse are found.
    #[arg(long = "fail-on", value_name = "LEVEL", value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// Number of files converted in parallel (default: all cores).
    #[arg(long = "jobs", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
    /// Print nothing on standard output except what was asked for (converted
    /// code with `--outfile -`, diffs, files that would change).
    #[arg(long = "quiet")]
    pub quiet: bool,
    /// Extra rule tables (TOML, schema of rules/*.toml) extending or
    /// overriding the built-in rules; may be repeated.
    #[arg(long = "rules", value_name = "FILE", action = clap::ArgAction::Append)]
    pub rules: Vec<PathBuf>,
    /// Check the output against this TensorFlow release: every reference
    /// that will not resolve there gets an ERROR entry (rule `api-missing`).
    /// 2.21: TensorFlow 2.21 (Keras 3) and tf-slim; 2.21-legacy-keras: the
    /// same plus tf-keras with TF_USE_LEGACY_KERAS=1.
    #[arg(long = "target", value_name = "VERSION")]
    pub target: Option<String>,
    /// Files or directories to check (only with --check or --diff).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// The reference's flags: an abbreviation that fits one of them keeps
/// meaning it, whatever flags this implementation adds.
const REFERENCE_FLAGS: &[&str] = &[
    "help",
    "infile",
    "outfile",
    "intree",
    "outtree",
    "copyotherfiles",
    "inplace",
    "no_import_rename",
    "no_upgrade_compat_v1_import",
    "reportfile",
    "mode",
    "print_all",
];

/// Trees with at least this many files get a progress line on a terminal.
const PROGRESS_MIN_FILES: usize = 300;

fn truthy(s: &str) -> bool {
    !matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "" | "false" | "0" | "no" | "off"
    )
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("tf_upgrade_v2: error: {msg}");
    ExitCode::from(EXIT_USAGE)
}

/// Expands abbreviated long flags the way argparse does: an exact name wins,
/// then a prefix of exactly one reference flag, then a prefix of exactly one
/// flag; several candidates are an error.
pub fn expand_abbreviations(argv: Vec<OsString>) -> Result<Vec<OsString>, String> {
    let cmd = Args::command();
    let mut longs: Vec<(String, bool)> = cmd
        .get_arguments()
        .filter_map(|a| {
            a.get_long()
                .map(|l| (l.to_string(), a.get_action().takes_values()))
        })
        .collect();
    longs.push(("help".into(), false));
    longs.push(("version".into(), false));
    let mut out = Vec::with_capacity(argv.len());
    let mut iter = argv.into_iter();
    if let Some(prog) = iter.next() {
        out.push(prog);
    }
    let mut value_next = false;
    let mut rest_positional = false;
    for arg in iter {
        if value_next || rest_positional {
            value_next = false;
            out.push(arg);
            continue;
        }
        let Some(text) = arg.to_str().filter(|t| t.starts_with("--")) else {
            out.push(arg);
            continue;
        };
        if text == "--" {
            rest_positional = true;
            out.push(arg);
            continue;
        }
        let (name, value) = match text[2..].split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (&text[2..], None),
        };
        let resolved = if let Some(exact) = longs.iter().find(|(l, _)| l == name) {
            Some(exact.clone())
        } else {
            let all: Vec<&(String, bool)> =
                longs.iter().filter(|(l, _)| l.starts_with(name)).collect();
            let reference: Vec<&&(String, bool)> = all
                .iter()
                .filter(|(l, _)| REFERENCE_FLAGS.contains(&l.as_str()))
                .collect();
            if name.is_empty() || all.is_empty() {
                None // unknown: clap reports it
            } else if reference.len() == 1 {
                Some((**reference[0]).clone())
            } else if all.len() == 1 {
                Some(all[0].clone())
            } else {
                let names: Vec<String> = all.iter().map(|(l, _)| format!("--{l}")).collect();
                return Err(format!(
                    "ambiguous option: --{name} could match {}",
                    names.join(", ")
                ));
            }
        };
        match resolved {
            Some((long, takes_value)) => match value {
                Some(v) => out.push(format!("--{long}={v}").into()),
                None => {
                    out.push(format!("--{long}").into());
                    value_next = takes_value;
                }
            },
            None => out.push(arg),
        }
    }
    Ok(out)
}

pub fn main() -> ExitCode {
    let argv = match expand_abbreviations(std::env::args_os().collect()) {
        Ok(a) => a,
        Err(msg) => return usage_error(&msg),
    };
    let matches = match Args::command().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let explicit_report = matches.value_source("report_filename") == Some(ValueSource::CommandLine);
    let args = match Args::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(EXIT_USAGE);
        }
    };
    run(args, explicit_report)
}

fn is_stdio(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Runs the command. `explicit_report`: `--reportfile` was given (with
/// `--check`, `--diff` or `--outfile -`, the report file is written only then).
pub fn run(args: Args, explicit_report: bool) -> ExitCode {
    let started = Instant::now();
    let options = Options {
        mode: if args.mode == "SAFETY" {
            Mode::Safety
        } else {
            Mode::Default
        },
        upgrade_compat_v1_import: !args.no_upgrade_compat_v1_import,
        import_rename: false,
    };
    let merged;
    let rules: &Rules = if args.rules.is_empty() {
        crate::engine::builtin_rules()
    } else {
        let mut r = crate::engine::builtin_rules().clone();
        for file in &args.rules {
            if let Err(e) = r.add_file(file) {
                return usage_error(&format!("{e:#}"));
            }
        }
        merged = r;
        &merged
    };
    let target = match args.target.as_deref() {
        None => None,
        Some(name) => match crate::target::Target::parse(name) {
            Some(t) => Some(t),
            None => {
                let known: Vec<&str> = crate::target::Target::ALL
                    .iter()
                    .map(|t| t.name())
                    .collect();
                return usage_error(&format!(
                    "unknown target {name:?}; known targets: {}",
                    known.join(", ")
                ));
            }
        },
    };
    let job = Job {
        target,
        ..Job::new(rules, options)
    };
    let dry = args.check || args.diff;
    let progress = Progress::new(PROGRESS_MIN_FILES);
    let terminal = std::io::stderr().is_terminal();
    let out = Output {
        dry_run: dry,
        diff: args.diff,
        progress: (terminal && !args.quiet).then_some(&progress),
    };

    if !args.paths.is_empty() && !dry {
        return usage_error("file arguments are only accepted with --check or --diff");
    }
    if args.input_file.is_none() && args.input_tree.is_none() && args.paths.is_empty() {
        let _ = Args::command().print_help();
        return ExitCode::from(EXIT_USAGE);
    }
    if args.input_file.is_some() && args.input_tree.is_some() {
        return usage_error("--infile and --intree cannot be used together");
    }

    // What standard output carries: converted code, or diffs, moves the
    // human-readable summary to standard error.
    let code_to_stdout = !dry && args.output_file.as_deref().is_some_and(is_stdio);
    let stdout_is_data = code_to_stdout || args.diff;
    let write_report_file = explicit_report || !(dry || code_to_stdout);

    // Worker threads get a stack deep enough for any accepted file, so files
    // are converted on them directly.
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0) as usize)
        .stack_size(driver::WORKER_STACK)
        .start_handler(|_| driver::mark_big_stack_thread())
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("tf_upgrade_v2: error: cannot start worker threads: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };

    let mut reports: Vec<Report> = Vec::new();
    let mut stdout_code: Option<Vec<u8>> = None;
    if let Some(input) = &args.input_file {
        if args.in_place && args.output_file.is_some() {
            return usage_error("--outfile argument is invalid when converting in place");
        }
        if !dry && !args.in_place && args.output_file.is_none() {
            return usage_error(
                "--outfile=<output file> argument is required when converting a single file.",
            );
        }
        if is_stdio(input) {
            if args.in_place {
                return usage_error("--inplace cannot be used with --infile -");
            }
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                eprintln!("tf_upgrade_v2: error: cannot read standard input: {e}");
                return ExitCode::from(EXIT_FAILURE);
            }
            let output = args.output_file.clone().unwrap_or_else(|| "-".into());
            let output_name = if is_stdio(&output) {
                "<stdout>".to_string()
            } else {
                output.display().to_string()
            };
            let mut file = FileReport::new("<stdin>".into(), output_name);
            let converted = driver::convert_for_report(&bytes, false, &mut file, &job, &out);
            if !dry {
                if is_stdio(&output) {
                    stdout_code = Some(converted);
                } else if let Err(e) = driver::write_atomic(&output, &converted, None) {
                    eprintln!("tf_upgrade_v2: error: {e:#}");
                    return ExitCode::from(EXIT_FAILURE);
                }
            }
            reports.push(Report {
                files_converted: 1,
                files: vec![file],
                ..Report::default()
            });
        } else {
            let output = if args.in_place || dry {
                args.output_file.clone().unwrap_or_else(|| input.clone())
            } else {
                args.output_file.clone().unwrap()
            };
            if is_stdio(&output) && !dry {
                let result = if !input.is_file() {
                    driver::run_file(input, &output, &job, &out)
                } else {
                    let bytes = match std::fs::read(input) {
                        Ok(b) => b,
                        Err(e) => {
                            eprintln!("tf_upgrade_v2: error: cannot read {}: {e}", input.display());
                            return ExitCode::from(EXIT_FAILURE);
                        }
                    };
                    let mut file = FileReport::new(input.display().to_string(), "<stdout>".into());
                    stdout_code = Some(driver::convert_for_report(
                        &bytes,
                        driver::is_notebook(input),
                        &mut file,
                        &job,
                        &out,
                    ));
                    Ok(Report {
                        files_converted: 1,
                        files: vec![file],
                        ..Report::default()
                    })
                };
                match result {
                    Ok(r) => reports.push(r),
                    Err(e) => {
                        eprintln!("tf_upgrade_v2: error: {e:#}");
                        return ExitCode::from(EXIT_FAILURE);
                    }
                }
            } else {
                let dry_out = Output {
                    dry_run: true,
                    ..out
                };
                let o = if dry { &dry_out } else { &out };
                match pool.install(|| driver::run_file(input, &output, &job, o)) {
                    Ok(r) => reports.push(r),
                    Err(e) => {
                        eprintln!("tf_upgrade_v2: error: {e:#}");
                        return ExitCode::from(EXIT_FAILURE);
                    }
                }
            }
        }
    } else if let Some(tree) = &args.input_tree {
        if args.in_place && args.output_tree.is_some() {
            return usage_error("--outtree argument is invalid when converting in place");
        }
        if !dry && !args.in_place && args.output_tree.is_none() {
            return usage_error(
                "--outtree=<output directory> argument is required when converting a file tree.",
            );
        }
        let result = pool.install(|| match &args.output_tree {
            Some(outtree) if !args.in_place => {
                driver::run_tree(tree, outtree, truthy(&args.copy_other_files), &job, &out)
            }
            _ => driver::run_tree_inplace(tree, &job, &out),
        });
        match result {
            Ok(r) => reports.push(r),
            Err(e) => {
                progress.finish();
                eprintln!("tf_upgrade_v2: error: {e:#}");
                return ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    for path in &args.paths {
        let result = if path.is_dir() {
            pool.install(|| driver::run_tree_inplace(path, &job, &out))
        } else {
            pool.install(|| driver::run_file(path, path, &job, &out))
        };
        match result {
            Ok(r) => reports.push(r),
            Err(e) => {
                progress.finish();
                eprintln!("tf_upgrade_v2: error: {e:#}");
                return ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    progress.finish();
    let report = merge(reports);

    // Standard output: converted code, diffs, files that would change.
    let mut stdout = std::io::stdout().lock();
    if let Some(code) = &stdout_code {
        let _ = stdout.write_all(code);
    }
    if args.diff {
        for f in &report.files {
            if let Some(d) = &f.diff {
                let _ = stdout.write_all(d.as_bytes());
            }
        }
    }
    if args.check {
        // Why the check fails: files that would change, ERROR entries.
        for f in &report.files {
            if f.status == Status::Changed {
                let _ = writeln!(stdout, "Would convert {}", f.input);
            }
            for e in f.log.iter().filter(|e| e.level == Level::Error) {
                let _ = writeln!(stdout, "{}:{}", f.input, e.format());
            }
        }
    }
    let _ = stdout.flush();
    drop(stdout);

    if write_report_file {
        let text = match args.report_format {
            ReportFormat::Text => report.full_text(),
            ReportFormat::Json => report.to_json(),
        };
        if let Err(e) = driver::write_atomic(&args.report_filename, text.as_bytes(), None) {
            eprintln!("tf_upgrade_v2: error: {e:#}");
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    if !args.quiet {
        let mut human = String::new();
        human.push_str(&report.summary());
        human.push('\n');
        if let Some(r) = report.requirements_text() {
            human.push_str(&r);
        }
        if args.print_all {
            human.push_str(&Report::detailed_header());
            human.push('\n');
            human.push_str(&report.detailed());
            human.push('\n');
        }
        if write_report_file {
            human.push_str(&format!(
                "\nMake sure to read the detailed log {}\n\n",
                crate::printing::py_repr(&args.report_filename.display().to_string())
            ));
        }
        if stdout_is_data {
            eprint!("{human}");
        } else {
            print!("{human}");
        }
        if terminal {
            let changed = report
                .files
                .iter()
                .filter(|f| f.status == Status::Changed)
                .count();
            let failed = report
                .files
                .iter()
                .filter(|f| f.status == Status::Failed)
                .count();
            eprintln!(
                "tf_upgrade_v2: {} files in {:.2}s: {changed} {}, {failed} failed",
                report.files.len(),
                started.elapsed().as_secs_f64(),
                if dry { "would change" } else { "changed" },
            );
        }
    }

    if let Some(code) = failure_status(&report) {
        return ExitCode::from(code);
    }
    let max = report.max_level();
    let fail = match args.fail_on {
        FailOn::Never => false,
        FailOn::Warning => max >= Some(Level::Warning),
        FailOn::Error => max >= Some(Level::Error),
    };
    let check_fail = args.check
        && (max >= Some(Level::Error) || report.files.iter().any(|f| f.status == Status::Changed));
    if fail || check_fail {
        ExitCode::from(EXIT_FAILURE)
    } else {
        ExitCode::from(EXIT_OK)
    }
}

/// One report for several jobs (positional paths).
fn merge(mut reports: Vec<Report>) -> Report {
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

/// The exit status of a run that went to the end but not well: 3 when the
/// converter failed on some file (a bug), 1 when some file or directory could
/// not be read or written. `None` when neither happened.
pub fn failure_status(report: &Report) -> Option<u8> {
    let with = |rule: &str| {
        report
            .files
            .iter()
            .filter(|f| f.log.iter().any(|e| e.rule == rule))
            .count()
    };
    let internal = report.problems.internal + with(crate::log::rule::INTERNAL_ERROR);
    let io = report.problems.io + with(crate::log::rule::IO_ERROR);
    if internal > 0 {
        eprintln!(
            "tf_upgrade_v2: error: internal error on {internal} file(s), written unchanged (see the report)"
        );
        Some(EXIT_INTERNAL)
    } else if io > 0 {
        eprintln!(
            "tf_upgrade_v2: error: {io} file(s) or director(ies) could not be read or written (see the report)"
        );
        Some(EXIT_FAILURE)
    } else {
        None
    }
}
