//! Writing the runtime companion: when converted files use `tfup_compat`
//! (target mode's unit `companion`), the module goes where the converted
//! code can import it: the root of the output tree, or beside the output
//! file (in place: the input's), or where `--compat-module` says.

use std::path::{Path, PathBuf};

use crate::driver::{self, Destination, Job};
use crate::report::Report;

/// The module's file name, and its source (python/tfup_compat.py).
pub const FILE_NAME: &str = "tfup_compat.py";
pub const SOURCE: &str = include_str!("../../python/tfup_compat.py");

/// Where the companion goes for `jobs`: `chosen` (a directory gets the
/// file name), else beside the run's output; `None` where the run writes
/// no files (`--check`, `--diff`, standard output).
pub fn destination(chosen: Option<&Path>, jobs: &[Job], dry_run: bool) -> Option<PathBuf> {
    if let Some(p) = chosen {
        return Some(if p.is_dir() {
            p.join(FILE_NAME)
        } else {
            p.to_path_buf()
        });
    }
    if dry_run {
        return None;
    }
    let dir = match jobs.first()? {
        Job::Tree {
            output: Some(out), ..
        } => out.clone(),
        Job::Tree { input, .. } => input.clone(),
        Job::File {
            output: Destination::Path(p),
            ..
        } => p.parent().map(Path::to_path_buf).unwrap_or_default(),
        _ => return None,
    };
    Some(dir.join(FILE_NAME))
}

/// Writes the companion where [`destination`] says when the report's files
/// use it, and records where in the report.
pub fn write(
    chosen: Option<&Path>,
    jobs: &[Job],
    dry_run: bool,
    report: &mut Report,
) -> anyhow::Result<()> {
    if report.companion_users() == 0 {
        return Ok(());
    }
    let Some(path) = destination(chosen, jobs, dry_run) else {
        return Ok(());
    };
    if std::fs::read(&path).ok().as_deref() != Some(SOURCE.as_bytes()) {
        driver::write_atomic(&path, SOURCE.as_bytes(), None)?;
    }
    report.companion = Some(path.display().to_string());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beside_the_output() {
        let tree = Job::Tree {
            input: "in".into(),
            output: Some("out".into()),
            copy_other: false,
        };
        assert_eq!(
            destination(None, std::slice::from_ref(&tree), false),
            Some(PathBuf::from("out/tfup_compat.py"))
        );
        assert_eq!(destination(None, &[tree], true), None);
        let file = Job::File {
            input: "a.py".into(),
            output: Destination::Path("new/b.py".into()),
        };
        assert_eq!(
            destination(None, &[file], false),
            Some(PathBuf::from("new/tfup_compat.py"))
        );
        let stdout = Job::File {
            input: "a.py".into(),
            output: Destination::Stdout,
        };
        assert_eq!(
            destination(None, std::slice::from_ref(&stdout), false),
            None
        );
        assert_eq!(
            destination(Some(Path::new("lib/compat.py")), &[stdout], true),
            Some(PathBuf::from("lib/compat.py"))
        );
    }
}
