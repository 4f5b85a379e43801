//! tf_upgrade_v2: converts TensorFlow 1.x Python code to TensorFlow 2.x.
//!
//! Data flows one way: text -> [`syntax`] -> [`engine`] (with [`rules`] and
//! [`transforms`]) -> [`edits`] + log -> (with `--target`: [`target`] adds
//! `api-missing` entries, on the same parse) -> [`driver`] writes files and
//! the [`report`].

pub mod arglist;
pub mod cli;
pub mod driver;
pub mod edits;
pub mod encoding;
pub mod engine;
pub mod imports;
pub mod log;
pub mod notebook;
pub mod printing;
pub mod report;
pub mod rules;
pub mod syntax;
pub mod target;
pub mod transforms;
