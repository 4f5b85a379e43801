//! Writing files safely: atomic replacement, symbolic links, absolute
//! paths of files that may not exist yet.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::wording::{self, inputs};

/// Writes `data` to `path` atomically: a temporary file in the same
/// directory, renamed over the target, keeping the permissions of
/// `mode_from` (or of the target).
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

/// Writes a converted file: through an output that is a symbolic link (the
/// file it points to is replaced, the link stays), creating the directory.
pub fn write_output(output: &Path, data: &[u8], mode_from: &Path) -> Result<(), String> {
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
            return Err(wording::input(
                &inputs::OUTPUT_DIR_FAILED,
                &[
                    ("dir", &parent.display().to_string()),
                    ("error", &e.to_string()),
                ],
            ));
        }
    }
    write_atomic(output, data, Some(mode_from)).map_err(|e| {
        // The causes under write_atomic's own "cannot write PATH" context.
        let causes: Vec<String> = e.chain().skip(1).map(ToString::to_string).collect();
        wording::input(
            &inputs::WRITE_FAILED,
            &[
                ("path", &output.display().to_string()),
                ("error", &causes.join(": ")),
            ],
        )
    })
}

/// Recreates the symbolic link `link` (of the tree `in_abs`) as `out` (in
/// the tree `out_abs`).
pub fn copy_link(
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
                notes.push(wording::input(
                    &inputs::LINK_KEPT,
                    &[
                        ("path", &link.display().to_string()),
                        ("target", &target.display().to_string()),
                    ],
                ));
            }
            target.clone()
        }
    };
    symlink(&new_target, out)
}

/// The absolute form of `p`, with symbolic links resolved as far as the
/// path exists.
pub fn absolute(p: &Path) -> PathBuf {
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
