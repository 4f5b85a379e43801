//! tf_upgrade_v2: converts TensorFlow 1.x Python code to TensorFlow 2.x.
//!
//! Data flows one way: bytes -> [`pipeline`]: text ([`encoding`]) ->
//! [`syntax`] -> [`engine`] (with [`rules`] and [`transforms`]) -> with
//! `--target`, the [`target_pass`] (rewrites, then a check of the output) ->
//! [`edits`] applied + [`diagnostic`]s placed as report entries ->
//! [`driver`] writes files and the [`report`]; [`output`] renders its
//! entries for other tools (`--output-format`); [`cli`] turns flags into the
//! driver's jobs. Every rule is in the [`registry`].

pub mod arglist;
pub mod cli;
pub mod diagnostic;
pub mod driver;
pub mod edits;
pub mod encoding;
pub mod engine;
pub mod imports;
pub mod notebook;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod printing;
pub mod registry;
pub mod report;
pub mod rules;
pub mod syntax;
pub mod target_pass;
pub mod transforms;
pub mod wording;
