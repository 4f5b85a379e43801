//! Import analysis before any edit: an unaliased `import tensorflow`, or
//! `tensorflow.compat.v1`/`v2` imported as `tf`, stops the conversion of
//! symbols (only module deprecations and argument warnings remain).

use std::collections::HashSet;

use super::{Engine, Options};
use crate::diagnostic::Level;
use crate::edits::Edit;
use crate::syntax::{self, imports, Ranged, Stmt};

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
        let statements = imports::statements(body);
        // As the reference looks at them: every `import`, then every
        // `from ... import`.
        let names = |plain: bool| {
            statements
                .iter()
                .filter(move |(_, s)| matches!(s, Stmt::Import(_)) == plain)
                .flat_map(|(_, s)| imports::imported(s).map(move |i| (*s, i)))
        };
        let mut upgraded: HashSet<usize> = HashSet::new();
        let detect = |upgraded: &HashSet<usize>| {
            let mut found: Vec<(Level, usize, Detection)> = Vec::new();
            for (stmt, i) in names(true) {
                let name = if upgraded.contains(&syntax::start(i.alias)) {
                    "tensorflow"
                } else {
                    i.name
                };
                if let Some((level, d)) = detect_import(name, i.asname) {
                    found.push((level, syntax::start(stmt), d));
                }
            }
            for (stmt, i) in names(false) {
                let Some(module) = i.module else { continue };
                let full = format!("{module}.{}", i.name);
                if let Some((level, d)) = detect_import(&full, i.asname) {
                    found.push((level, syntax::start(stmt), d));
                }
            }
            found
        };
        let mut found = detect(&upgraded);
        if options.upgrade_compat_v1_import && found.iter().any(|f| f.2 == Detection::CompatV1) {
            for (_, i) in names(true) {
                if i.name == "tensorflow.compat.v1" && i.asname == Some("tf") {
                    upgraded.insert(syntax::start(i.alias));
                    let r = i.alias.name.range();
                    self.edits.push(Edit::replace(
                        r.start().to_usize(),
                        r.end().to_usize(),
                        "tensorflow",
                    ));
                }
            }
            found = detect(&upgraded);
        }
        for (level, offset, d) in &found {
            let template = match d {
                Detection::Unaliased => &crate::rules::msg::IMPORT_UNALIASED,
                Detection::CompatV1 => &crate::rules::msg::IMPORT_COMPAT_V1,
                Detection::CompatV2 => &crate::rules::msg::IMPORT_COMPAT_V2,
            };
            let msg = self.rules.render(template, &[]);
            self.log
                .add(crate::registry::Rule::Import, *level, *offset, msg);
        }
        if !found.is_empty() {
            self.convert = false;
        }
        if options.names {
            self.names = imports::tensorflow_names(&statements);
            self.tf_bound = names(true).any(|(_, i)| {
                i.asname == Some("tf") && matches!(i.name, "tensorflow" | "tensorflow.compat.v1")
            });
        }
        self.imports = Some(statements);
    }
}
