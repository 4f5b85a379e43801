//! Command line: the reference's flags, meanings, defaults and refusals.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::driver::{self, Job};
use crate::engine::{Mode, Options};
use crate::report::Report;
use crate::rules::Rules;

/// Exit statuses (documented in the README).
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "tf_upgrade_v2",
    version,
    infer_long_args = true,
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
}

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

pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    run(args)
}

pub fn run(args: Args) -> ExitCode {
    let options = Options {
        mode: if args.mode == "SAFETY" {
            Mode::Safety
        } else {
            Mode::Default
        },
        upgrade_compat_v1_import: !args.no_upgrade_compat_v1_import,
        import_rename: false,
    };
    let job = Job {
        rules: Rules::builtin(),
        options,
    };

    let result = if let Some(input) = &args.input_file {
        if !args.in_place && args.output_file.is_none() {
            return usage_error(
                "--outfile=<output file> argument is required when converting a single file.",
            );
        }
        if args.in_place && args.output_file.is_some() {
            return usage_error("--outfile argument is invalid when converting in place");
        }
        let output = if args.in_place {
            input.clone()
        } else {
            args.output_file.clone().unwrap()
        };
        driver::run_file(input, &output, &job)
    } else if let Some(tree) = &args.input_tree {
        if !args.in_place && args.output_tree.is_none() {
            return usage_error(
                "--outtree=<output directory> argument is required when converting a file tree.",
            );
        }
        if args.in_place && args.output_tree.is_some() {
            return usage_error("--outtree argument is invalid when converting in place");
        }
        if args.in_place {
            driver::run_tree_inplace(tree, &job)
        } else {
            driver::run_tree(
                tree,
                args.output_tree.as_ref().unwrap(),
                truthy(&args.copy_other_files),
                &job,
            )
        }
    } else {
        use clap::CommandFactory;
        let _ = Args::command().print_help();
        return ExitCode::from(EXIT_USAGE);
    };

    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tf_upgrade_v2: error: {e:#}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    if let Err(e) = write_report(&report, &args) {
        eprintln!("tf_upgrade_v2: error: {e:#}");
        return ExitCode::from(EXIT_FAILURE);
    }
    ExitCode::from(EXIT_OK)
}

fn write_report(report: &Report, args: &Args) -> anyhow::Result<()> {
    let text = report.full_text();
    driver::write_atomic(&args.report_filename, text.as_bytes(), None)?;
    let summary = report.summary();
    if args.print_all {
        println!("{summary}");
        println!("{}", Report::detailed_header());
        println!("{}", report.detailed());
    } else {
        println!("{summary}");
    }
    println!(
        "\nMake sure to read the detailed log {}\n",
        crate::report::py_repr(&args.report_filename.display().to_string())
    );
    Ok(())
}
