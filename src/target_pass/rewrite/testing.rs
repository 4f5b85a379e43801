//! What the rewrite units' tests share.

use crate::edits;
use crate::syntax;

use super::super::api::Api;
use super::super::check::File;
use super::{rewrite_chains, rewrite_imports, Start};

/// The output of the import and chain rewrites of `src`, and the rules of
/// their entries.
pub(super) fn rewrite(src: &str, table: &str) -> (String, Vec<&'static str>) {
    let api = Api::from_texts(&[table]).unwrap();
    let parsed = syntax::parse(src).unwrap();
    let body = &parsed.module().body;
    let chains = crate::syntax::chains::chains(body);
    let statements = syntax::imports::statements(body);
    let file = File {
        source: src,
        body,
        edits: &[],
        api: &api,
        chains: &chains,
        imports: &statements,
    };
    let imports = rewrite_imports(&file, &api, &renames());
    let with_imports = edits::merge(imports.edits, Vec::new());
    let before = File {
        edits: &with_imports,
        ..file
    };
    let first = before.read(None);
    let rw = rewrite_chains(&before, &first, &api, &renames(), &Start::ALONE);
    let rules = imports
        .entries
        .iter()
        .chain(&rw.entries)
        .map(|e| e.1.id())
        .collect();
    (
        edits::apply(src, edits::merge(rw.edits, with_imports)),
        rules,
    )
}

/// The conversion's renames, as `rules/renames.toml` has them.
fn renames() -> crate::rules::RuleMap<String> {
    #[derive(serde::Deserialize)]
    struct Table {
        renames: std::collections::HashMap<String, String>,
    }
    let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/renames.toml"));
    let table: Table = toml::from_str(text).expect("rules/renames.toml is valid");
    table.renames.into_iter().collect()
}
