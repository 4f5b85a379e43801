//! Import analysis before any edit: an unaliased `import tensorflow`, or
//! `tensorflow.compat.v1`/`v2` imported as `tf`, stops the conversion of
//! symbols (only module deprecations and argument warnings remain).

use std::collections::HashSet;

use super::{Engine, Options};
use crate::diagnostic::Level;
use crate::edits::Edit;
use crate::syntax::{self, ast, walk_stmt_only, Ranged, StatementVisitor, Stmt};

#[derive(Default)]
struct ImportScan<'a> {
    imports: Vec<&'a ast::StmtImport>,
    from_imports: Vec<&'a ast::StmtImportFrom>,
}

impl<'a> StatementVisitor<'a> for ImportScan<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(i) => self.imports.push(i),
            Stmt::ImportFrom(i) => self.from_imports.push(i),
            _ => {}
        }
        walk_stmt_only(self, stmt);
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Detection {
    Unaliased,
    CompatV1,
    CompatV2,
}

/// What importing `name` as `asname` means for the conversion: an unaliased
/// `import tensorflow` (ERROR) or `tensorflow.compat.v1`/`v2` imported as `tf`.
fn detect_import(name: &str, asname: Option<&str>) -> Option<(Level, Detection)> {
    match (name, asname) {
        ("tensorflow", None) => Some((Level::Error, Detection::Unaliased)),
        ("tensorflow.compat.v1", Some("tf")) => Some((Level::Info, Detection::CompatV1)),
        ("tensorflow.compat.v2", Some("tf")) => Some((Level::Info, Detection::CompatV2)),
        _ => None,
    }
}

impl<'a> Engine<'a> {
    /// Import analysis before any edit.
    pub(super) fn preprocess(&mut self, body: &'a [Stmt], options: &Options) {
        let mut scan = ImportScan::default();
        scan.visit_body(body);
        let mut upgraded: HashSet<usize> = HashSet::new();
        let detect = |upgraded: &HashSet<usize>| {
            let mut found: Vec<(Level, usize, Detection)> = Vec::new();
            for imp in &scan.imports {
                for alias in &imp.names {
                    let name = if upgraded.contains(&syntax::start(alias)) {
                        "tensorflow"
                    } else {
                        alias.name.as_str()
                    };
                    let asname = alias.asname.as_ref().map(|a| a.as_str());
                    if let Some((level, d)) = detect_import(name, asname) {
                        found.push((level, syntax::start(*imp), d));
                    }
                }
            }
            for imp in &scan.from_imports {
                let Some(module) = &imp.module else { continue };
                for alias in &imp.names {
                    let full = format!("{}.{}", module.as_str(), alias.name.as_str());
                    let asname = alias.asname.as_ref().map(|a| a.as_str());
                    if let Some((level, d)) = detect_import(&full, asname) {
                        found.push((level, syntax::start(*imp), d));
                    }
                }
            }
            found
        };
        let mut found = detect(&upgraded);
        if options.upgrade_compat_v1_import && found.iter().any(|f| f.2 == Detection::CompatV1) {
            for imp in &scan.imports {
                for alias in &imp.names {
                    if alias.name.as_str() == "tensorflow.compat.v1"
                        && alias.asname.as_ref().map(|a| a.as_str()) == Some("tf")
                    {
                        upgraded.insert(syntax::start(alias));
                        let r = alias.name.range();
                        self.edits.push(Edit::replace(
                            r.start().to_usize(),
                            r.end().to_usize(),
                            "tensorflow",
                        ));
                    }
                }
            }
            found = detect(&upgraded);
        }
        for (level, offset, d) in &found {
            let msg = match d {
                Detection::Unaliased => "`import tensorflow` without an alias: this tool converts only code that imports TensorFlow as `import tensorflow as tf`, so only module deprecations are reported for this file.".to_string(),
                Detection::CompatV1 => "Symbols are not converted because `tensorflow.compat.v1` is imported directly as `tf`.".to_string(),
                Detection::CompatV2 => "Symbols are not converted because `tensorflow.compat.v2` is imported directly as `tf`.".to_string(),
            };
            self.log
                .add(crate::registry::Rule::Import, *level, *offset, msg);
        }
        if !found.is_empty() {
            self.convert = false;
        }
    }
}
