//! Custom call rewrites (the reference's `function_transformers`), named in
//! `rules/transforms.toml`. Each family is one module; this is the hook the
//! engine calls after the table-driven rewrites of a call.

use crate::engine::{CallState, Engine};
use crate::syntax::ast;

/// Applies the transform named in `spec` to a call. Unknown names do nothing.
pub(crate) fn apply<'a>(
    _engine: &mut Engine<'a>,
    _state: &mut CallState<'a>,
    _call: &'a ast::ExprCall,
    _full_name: Option<&str>,
    _display: &str,
    spec: &toml::Table,
) {
    let _name = spec.get("transform").and_then(|v| v.as_str()).unwrap_or("");
}
