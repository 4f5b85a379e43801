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

/// A scratch folder ([`scratch_dir`]) that the binary runs in, removed
/// when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        Scratch(scratch_dir(name))
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// Writes `text` to `rel`, making its folders.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Runs the binary with `args` in the folder.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        bin().args(args).current_dir(&self.0).output().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
