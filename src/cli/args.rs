//! The command line's flags: the reference's, with its meanings and
//! defaults, and this implementation's options.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, ValueEnum};

use crate::output::Format;

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
    #[arg(long = "mode", value_name = "MODE", value_enum, default_value_t = ModeArg::Default)]
    pub mode: ModeArg,
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
    /// Format of what is printed (or written to --output-file): text (the
    /// summary), json (the JSON report), json-lines, github (workflow
    /// commands), gitlab (Code Quality), sarif (SARIF 2.1.0) or junit (XML).
    /// With any but text, the summary goes to standard error.
    #[arg(long = "output-format", value_name = "FORMAT", value_enum, default_value_t = Format::Text)]
    pub output_format: Format,
    /// Write what --output-format gives to this file instead of standard
    /// output.
    #[arg(long = "output-file", value_name = "PATH")]
    pub output_path: Option<PathBuf>,
    /// Also write a page to review the run in a browser: counts, charts,
    /// the files in a table, and each file's changes with its entries
    /// beside their lines. One self-contained HTML file (nothing loaded
    /// from the network).
    #[arg(long = "html", value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// With --target: where to write tfup_compat.py, the runtime companion
    /// that converted code imports for gone APIs it stands in for (a
    /// directory gets the file). Default: the root of the output tree, or
    /// beside the output file; not written with --check, --diff or output
    /// to standard output unless this is given.
    #[arg(long = "compat-module", value_name = "PATH")]
    pub compat_module: Option<PathBuf>,
    /// Print the rules (id, level, group, description) and exit.
    #[arg(long = "list-rules")]
    pub list_rules: bool,
    /// Files or directories to check (only with --check or --diff).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    #[value(name = "DEFAULT")]
    Default,
    #[value(name = "SAFETY")]
    Safety,
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

pub fn truthy(s: &str) -> bool {
    !matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "" | "false" | "0" | "no" | "off"
    )
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
