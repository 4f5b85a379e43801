//! The command line: flags ([`args`]) become a plan (the driver's jobs and
//! how to run them), the plan is executed, and the result becomes what is
//! printed, the report file and the exit status.

mod args;
mod companion;
mod lines;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

pub use args::{expand_abbreviations, Args, FailOn, ModeArg, ReportFormat};

use crate::diagnostic::Level;
use crate::driver::{self, Destination, Job, Progress, Run};
use crate::engine::{Mode, Options};
use crate::output::{self, Format};
use crate::pipeline::Settings;
use crate::registry::Rule;
use crate::report::{Report, Status};
use crate::rules::Rules;
use crate::target_pass::Target;

/// Exit statuses (documented in docs/usage.md).
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
/// The converter hit an internal error on some file (that file was written
/// unchanged, the others were converted).
pub const EXIT_INTERNAL: u8 = 3;

/// Trees with at least this many files get a progress line on a terminal.
const PROGRESS_MIN_FILES: usize = 300;

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("tf_upgrade_v2: error: {msg}");
    ExitCode::from(EXIT_USAGE)
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

/// What the flags ask for.
struct Plan {
    jobs: Vec<Job>,
    dry_run: bool,
    /// Standard output carries data (converted code, diffs, or an
    /// `--output-format` other than text): the human-readable summary goes
    /// to standard error.
    stdout_is_data: bool,
    /// `--check`'s lines (files that would change, ERROR entries) go to
    /// standard error: standard output is `--output-format`'s.
    check_lines_to_stderr: bool,
    write_report_file: bool,
}

/// Turns the flags into jobs, or a usage error.
fn plan(args: &Args, explicit_report: bool) -> Result<Plan, String> {
    let dry = args.check || args.diff;
    if !args.paths.is_empty() && !dry {
        return Err("file arguments are only accepted with --check or --diff".into());
    }
    if args.input_file.is_some() && args.input_tree.is_some() {
        return Err("--infile and --intree cannot be used together".into());
    }
    let mut jobs = Vec::new();
    let code_to_stdout = !dry && args.output_file.as_deref().is_some_and(is_stdio);
    if let Some(input) = &args.input_file {
        if args.in_place && args.output_file.is_some() {
            return Err("--outfile argument is invalid when converting in place".into());
        }
        if !dry && !args.in_place && args.output_file.is_none() {
            return Err(
                "--outfile=<output file> argument is required when converting a single file."
                    .into(),
            );
        }
        if is_stdio(input) && args.in_place {
            return Err("--inplace cannot be used with --infile -".into());
        }
        let output = match &args.output_file {
            Some(o) if is_stdio(o) => Destination::Stdout,
            Some(o) => Destination::Path(o.clone()),
            None if is_stdio(input) => Destination::Stdout,
            None => Destination::Path(input.clone()),
        };
        jobs.push(if is_stdio(input) {
            Job::Stdin { output }
        } else {
            Job::File {
                input: input.clone(),
                output,
            }
        });
    } else if let Some(tree) = &args.input_tree {
        if args.in_place && args.output_tree.is_some() {
            return Err("--outtree argument is invalid when converting in place".into());
        }
        if !dry && !args.in_place && args.output_tree.is_none() {
            return Err(
                "--outtree=<output directory> argument is required when converting a file tree."
                    .into(),
            );
        }
        jobs.push(Job::Tree {
            input: tree.clone(),
            output: args.output_tree.clone().filter(|_| !args.in_place),
            copy_other: args::truthy(&args.copy_other_files),
        });
    }
    for path in &args.paths {
        jobs.push(if path.is_dir() {
            Job::Tree {
                input: path.clone(),
                output: None,
                copy_other: false,
            }
        } else {
            Job::File {
                input: path.clone(),
                output: Destination::Path(path.clone()),
            }
        });
    }
    let machine = args.output_format != Format::Text;
    if machine && args.output_path.is_none() && (code_to_stdout || args.diff) {
        return Err(
            "--output-format other than text needs --output-file with --diff or --outfile -".into(),
        );
    }
    Ok(Plan {
        jobs,
        dry_run: dry,
        stdout_is_data: code_to_stdout || args.diff || machine,
        check_lines_to_stderr: machine,
        write_report_file: explicit_report || !(dry || code_to_stdout),
    })
}

/// The rule tables: the built-in ones, with `--rules` files on top.
fn rules(files: &[std::path::PathBuf]) -> Result<std::borrow::Cow<'static, Rules>, String> {
    let builtin = crate::engine::builtin_rules();
    if files.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(builtin));
    }
    let mut r = builtin.clone();
    for file in files {
        r.add_file(file).map_err(|e| format!("{e:#}"))?;
    }
    Ok(std::borrow::Cow::Owned(r))
}

fn target(name: Option<&str>) -> Result<Option<Target>, String> {
    let Some(name) = name else {
        return Ok(None);
    };
    Target::parse(name).map(Some).ok_or_else(|| {
        let known: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
        format!(
            "unknown target {name:?}; known targets: {}",
            known.join(", ")
        )
    })
}

/// Runs the command. `explicit_report`: `--reportfile` was given (with
/// `--check`, `--diff` or `--outfile -`, the report file is written only then).
pub fn run(args: Args, explicit_report: bool) -> ExitCode {
    let started = Instant::now();
    if args.list_rules {
        print!("{}", crate::registry::listing());
        return ExitCode::from(EXIT_OK);
    }
    let options = Options {
        mode: match args.mode {
            ModeArg::Default => Mode::Default,
            ModeArg::Safety => Mode::Safety,
        },
        upgrade_compat_v1_import: !args.no_upgrade_compat_v1_import,
        ..Options::default()
    };
    let rules = match rules(&args.rules) {
        Ok(r) => r,
        Err(e) => return usage_error(&e),
    };
    let target = match target(args.target.as_deref()) {
        Ok(t) => t,
        Err(e) => return usage_error(&e),
    };
    if args.input_file.is_none() && args.input_tree.is_none() && args.paths.is_empty() {
        let _ = Args::command().print_help();
        return ExitCode::from(EXIT_USAGE);
    }
    let plan = match plan(&args, explicit_report) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let progress = Progress::new(PROGRESS_MIN_FILES);
    let terminal = std::io::stderr().is_terminal();
    let run = Run {
        settings: Settings {
            target,
            ..Settings::new(&rules, options)
        },
        dry_run: plan.dry_run,
        diff: args.diff,
        html: args.html.is_some(),
        progress: (terminal && !args.quiet).then_some(&progress),
    };

    // Worker threads get a stack deep enough for any accepted file, so files
    // are converted on them directly.
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0) as usize)
        .stack_size(crate::pipeline::WORKER_STACK)
        .start_handler(|_| crate::pipeline::mark_big_stack_thread())
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("tf_upgrade_v2: error: cannot start worker threads: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let result = pool.install(|| driver::execute(&plan.jobs, &run));
    progress.finish();
    let done = match result {
        Ok(d) => d,
        Err(e) => {
            eprintln!("tf_upgrade_v2: error: {e:#}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let mut report = done.report;
    if let Some(target) = target {
        report.advice = report
            .unresolved_kinds()
            .into_iter()
            .filter_map(|(kind, _)| {
                crate::target_pass::advice::kind_summary(kind, target)
                    .map(|s| (kind.to_string(), s.to_string()))
            })
            .collect();
    }
    if let Err(e) = companion::write(
        args.compat_module.as_deref(),
        &plan.jobs,
        plan.dry_run,
        &mut report,
    ) {
        eprintln!("tf_upgrade_v2: error: --compat-module: {e:#}");
        return ExitCode::from(EXIT_FAILURE);
    }
    print_data(&args, &plan, &report, done.stdout.as_deref());

    if plan.write_report_file {
        let text = match args.report_format {
            ReportFormat::Text => report.full_text(),
            ReportFormat::Json => report.to_json(),
        };
        if let Err(e) = driver::write_atomic(&args.report_filename, text.as_bytes(), None) {
            eprintln!("tf_upgrade_v2: error: {e:#}");
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    if let Some(path) = &args.html {
        let page = html_page(&args, &report, target);
        if let Err(e) = driver::write_atomic(path, page.as_bytes(), None) {
            eprintln!("tf_upgrade_v2: error: --html: {e:#}");
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    if args.output_format != Format::Text {
        let text = render(&args, &report, args.output_format);
        if let Err(e) = emit(args.output_path.as_deref(), &text) {
            eprintln!("tf_upgrade_v2: error: {e:#}");
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    if let Err(e) = print_summary(&args, &plan, &report) {
        eprintln!("tf_upgrade_v2: error: {e:#}");
        return ExitCode::from(EXIT_FAILURE);
    }
    if !args.quiet && terminal {
        let count = |s: Status| report.files.iter().filter(|f| f.status == s).count();
        eprintln!(
            "tf_upgrade_v2: {} files in {:.2}s: {} {}, {} failed",
            report.files.len(),
            started.elapsed().as_secs_f64(),
            count(Status::Changed),
            if plan.dry_run {
                "would change"
            } else {
                "changed"
            },
            count(Status::Failed),
        );
    }
    ExitCode::from(exit_status(&args, &report))
}

/// Standard output: converted code, diffs, files that would change (those
/// on standard error when standard output is `--output-format`'s).
fn print_data(args: &Args, plan: &Plan, report: &Report, code: Option<&[u8]>) {
    let mut stdout = std::io::stdout().lock();
    if let Some(code) = code {
        let _ = stdout.write_all(code);
    }
    if args.diff {
        for d in report.files.iter().filter_map(|f| f.diff.as_ref()) {
            let _ = stdout.write_all(d.as_bytes());
        }
    }
    let _ = stdout.flush();
    if args.check {
        // Why the check fails: files that would change, ERROR entries.
        let mut lines = String::new();
        for f in &report.files {
            if f.status == Status::Changed {
                lines.push_str(&format!("Would convert {}\n", f.input));
            }
            for e in f.entries.iter().filter(|e| e.level() == Level::Error) {
                lines.push_str(&format!("{}:{}\n", f.input, e.format()));
            }
        }
        if plan.check_lines_to_stderr {
            eprint!("{lines}");
        } else {
            let _ = stdout.write_all(lines.as_bytes());
            let _ = stdout.flush();
        }
    }
}

/// The report in `format` (`--output-format`).
fn render(args: &Args, report: &Report, format: Format) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let source = lines::SourceLines::default();
    let source_line = |path: &str, e: &crate::diagnostic::Entry| source.line(path, e);
    output::render(
        format,
        report,
        &output::Options {
            cwd: &cwd,
            print_all: args.print_all,
            fail_on_warning: args.fail_on == FailOn::Warning,
            source_line: &source_line,
        },
    )
}

/// The review page (`--html`).
fn html_page(args: &Args, report: &Report, target: Option<Target>) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let source_line = |_: &str, _: &crate::diagnostic::Entry| None;
    output::html::render(
        report,
        &output::Options {
            cwd: &cwd,
            print_all: args.print_all,
            fail_on_warning: args.fail_on == FailOn::Warning,
            source_line: &source_line,
        },
        &output::html::Page {
            target: target.map(|t| t.name()),
            mode: match args.mode {
                ModeArg::Default => "DEFAULT",
                ModeArg::Safety => "SAFETY",
            },
        },
    )
}

/// Writes `text` to `path` (atomically), or to standard output.
fn emit(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(p) => driver::write_atomic(p, text.as_bytes(), None),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// The reference's summary (and, with `--print_all`, the detailed log): in
/// `--output-file` with `--output-format text` (also with `--quiet`);
/// otherwise, unless `--quiet`, on standard output, or on standard error when
/// standard output carries data.
fn print_summary(args: &Args, plan: &Plan, report: &Report) -> anyhow::Result<()> {
    let to_file = args.output_format == Format::Text && args.output_path.is_some();
    if args.quiet && !to_file {
        return Ok(());
    }
    let mut human = render(args, report, Format::Text);
    if plan.write_report_file {
        human.push_str(&format!(
            "\nMake sure to read the detailed log {}\n\n",
            crate::printing::py_repr(&args.report_filename.display().to_string())
        ));
    }
    if to_file {
        emit(args.output_path.as_deref(), &human)?;
    } else if plan.stdout_is_data {
        eprint!("{human}");
    } else {
        print!("{human}");
    }
    Ok(())
}

/// The exit status of a run that went to the end.
fn exit_status(args: &Args, report: &Report) -> u8 {
    if let Some(code) = failure_status(report) {
        return code;
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
        EXIT_FAILURE
    } else {
        EXIT_OK
    }
}

/// The exit status of a run that went to the end but not well: 3 when the
/// converter failed on some file (a bug), 1 when some file or directory could
/// not be read or written. `None` when neither happened.
pub fn failure_status(report: &Report) -> Option<u8> {
    let internal = report.problems.internal + report.files_with(Rule::InternalError);
    let io = report.problems.io + report.files_with(Rule::IoError);
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
