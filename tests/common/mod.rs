//! Helpers shared by the integration tests: each `tests/*.rs` that needs
//! them declares `mod common;`.
#![allow(dead_code)]

pub mod markdown;
pub mod mutate;

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The built binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_tf_upgrade_v2");

/// A command running the built binary.
pub fn bin() -> Command {
    Command::new(BIN)
}

/// A fresh, empty directory under the system temp dir, unique to this
/// process and this call (`tfup-PID-N-NAME`). The caller removes it.
pub fn scratch_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tfup-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}
