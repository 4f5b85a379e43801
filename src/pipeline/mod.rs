//! The conversion pipeline. Every input (a file, a notebook, standard
//! input, each file of a tree, with or without `--check`, `--diff` or
//! `--target`) goes through [`convert`]:
//!
//! bytes → text ([`crate::encoding`]) → parse ([`crate::syntax`]) → engine
//! ([`crate::engine`]) → target pass ([`crate::target_pass`], with `--target`) →
//! edits applied → bytes, and the diagnostics placed as report entries.
//!
//! A notebook's code cells are one program ([`crate::notebook`]) that goes
//! through the same steps. A file that cannot be converted comes back byte
//! for byte with an ERROR entry saying why; a panic in the converter is
//! caught here, at the file boundary.

mod guard;

use std::path::Path;
use std::sync::Mutex;

pub use guard::{mark_big_stack_thread, PANIC_MARKER_VAR, WORKER_STACK};

use crate::diagnostic::{self, Diagnostic, Entry, Level, Position, Range};
use crate::edits::{self, Edit};
use crate::engine::{self, Options};
use crate::plan;
use crate::registry::Rule;
use crate::rules::Rules;
use crate::syntax;
use crate::target_pass::{self, Facts, Start, Switch, Target};
use crate::wording::{self, inputs};

/// What a conversion is asked to do.
#[derive(Clone, Copy)]
pub struct Settings<'r> {
    pub rules: &'r Rules,
    pub options: Options,
    /// `--target`: rewrite toward this TensorFlow and check the output
    /// against its API.
    pub target: Option<Target>,
    /// With a target: where TF 1 behaviour is switched on (a file of its
    /// own, or one of a tree).
    pub switch: Switch,
}

impl<'r> Settings<'r> {
    /// Settings without a target.
    pub fn new(rules: &'r Rules, options: Options) -> Settings<'r> {
        Settings {
            rules,
            options,
            target: None,
            switch: Switch::Alone,
        }
    }
}

/// What kind of file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Python,
    Notebook,
}

impl Kind {
    /// By the file name: `.ipynb` files are notebooks.
    pub fn of(path: &Path) -> Kind {
        if path.to_string_lossy().ends_with(".ipynb") {
            Kind::Notebook
        } else {
            Kind::Python
        }
    }
}

/// How a conversion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Converted (the output may equal the input when there was nothing to
    /// do; in a notebook, some cells may have been refused).
    Converted,
    /// Refused (syntax or encoding error, nesting too deep, NUL byte): the
    /// output is the input, byte for byte, and an ERROR entry says why.
    Refused,
    /// The converter failed (a bug): the output is the input, byte for
    /// byte, with an ERROR entry.
    Failed,
}

/// The result of converting one file's content.
#[derive(Debug, Clone)]
pub struct FileResult<T = Vec<u8>> {
    pub output: T,
    /// The report entries, in report order.
    pub entries: Vec<Entry>,
    pub outcome: Outcome,
    /// With a target: what the tree run needs to know of the file.
    pub facts: Facts,
    /// With a target: the migration plan's items (taken out of `entries`).
    pub plan: Vec<plan::Located>,
}

/// Converts the bytes of a file: UTF-8 with or without a byte order mark
/// (kept), or the encoding its PEP 263 coding cookie names (decoded, converted
/// and encoded back); or a notebook.
pub fn convert(bytes: &[u8], kind: Kind, settings: &Settings) -> FileResult {
    let mut result = match kind {
        Kind::Python => convert_python(bytes, settings),
        Kind::Notebook => convert_notebook(bytes, settings),
    };
    result.plan = plan::split(&mut result.entries);
    result
}

/// Converts Python source text.
pub fn convert_text(source: &str, settings: &Settings) -> FileResult<String> {
    let refused = |offset: usize, message: String| FileResult {
        output: source.to_string(),
        entries: diagnostic::locate(
            source,
            vec![Diagnostic::new(
                Rule::SyntaxError,
                Level::Error,
                Range::at(offset.min(source.len())),
                message,
            )],
        ),
        outcome: Outcome::Refused,
        facts: Facts::default(),
        plan: Vec::new(),
    };
    if let Some(at) = source.find('\0') {
        return refused(at, wording::input(&inputs::NUL_BYTE, &[]));
    }
    let result = guard::run(source, |source| {
        let parsed = syntax::parse(source)?;
        let p = program(source, &parsed, &[], settings);
        Ok::<_, syntax::SyntaxError>((output_text(source, p.edits), p.diagnostics, p.facts))
    });
    match result {
        Ok(Ok((output, diagnostics, facts))) => FileResult {
            output,
            entries: diagnostic::locate(source, diagnostics),
            outcome: Outcome::Converted,
            facts,
            plan: Vec::new(),
        },
        Ok(Err(err)) => refused(
            err.offset,
            wording::input(&inputs::PARSE_FAILED, &[("error", &err.message)]),
        ),
        Err(what) => FileResult {
            output: source.to_string(),
            entries: vec![internal_error(&what)],
            outcome: Outcome::Failed,
            facts: Facts::default(),
            plan: Vec::new(),
        },
    }
}

fn internal_error(what: &str) -> Entry {
    Entry::file_level(
        Rule::InternalError,
        wording::input(&inputs::INTERNAL_ERROR, &[("what", what)]),
    )
}

fn convert_python(bytes: &[u8], settings: &Settings) -> FileResult {
    let unchanged = |entries: Vec<Entry>| FileResult {
        output: bytes.to_vec(),
        entries,
        outcome: Outcome::Refused,
        facts: Facts::default(),
        plan: Vec::new(),
    };
    let (text, how) = match crate::encoding::decode(bytes) {
        Ok(d) => d,
        Err(e) => return unchanged(vec![encoding_entry(e)]),
    };
    let c = convert_text(&text, settings);
    if c.outcome != Outcome::Converted {
        return FileResult {
            output: bytes.to_vec(),
            entries: c.entries,
            outcome: c.outcome,
            facts: c.facts,
            plan: Vec::new(),
        };
    }
    match crate::encoding::encode(&c.output, how) {
        Ok(output) => FileResult {
            output,
            entries: c.entries,
            outcome: Outcome::Converted,
            facts: c.facts,
            plan: Vec::new(),
        },
        Err(e) => unchanged(vec![encoding_entry(e)]),
    }
}

fn encoding_entry(e: crate::encoding::EncodingError) -> Entry {
    Entry {
        diagnostic: Diagnostic::new(Rule::Encoding, Level::Error, Range::at(e.offset), e.message),
        pos: Position {
            line: e.line,
            col: e.col,
            cell: None,
        },
    }
}

fn convert_notebook(bytes: &[u8], settings: &Settings) -> FileResult {
    let facts = Mutex::new(Facts::default());
    let text = String::from_utf8_lossy(bytes);
    let result = guard::run(&text, |_| {
        crate::notebook::rewrite(bytes, &|source, parts| {
            let parsed = syntax::parse(source)?;
            let p = program(source, &parsed, parts, settings);
            facts.lock().expect("facts lock").add(p.facts);
            Ok((p.edits, p.diagnostics))
        })
    });
    match result {
        Ok((output, entries)) => {
            let failed = entries.iter().any(|e| e.rule() == Rule::InternalError);
            let refused = output == bytes && entries.iter().any(|e| e.rule().is_failure());
            FileResult {
                output,
                entries,
                outcome: if failed {
                    Outcome::Failed
                } else if refused {
                    Outcome::Refused
                } else {
                    Outcome::Converted
                },
                facts: facts.into_inner().unwrap_or_default(),
                plan: Vec::new(),
            }
        }
        Err(what) => FileResult {
            output: bytes.to_vec(),
            entries: vec![internal_error(&what)],
            outcome: Outcome::Failed,
            facts: Facts::default(),
            plan: Vec::new(),
        },
    }
}

/// One program converted: edits on its text, diagnostics, facts.
struct Program {
    edits: Vec<Edit>,
    diagnostics: Vec<Diagnostic>,
    facts: Facts,
}

/// The engine, then the target pass when there is a target (one parse for
/// both).
fn program(source: &str, parsed: &syntax::Parsed, parts: &[usize], settings: &Settings) -> Program {
    // Target mode reads the attribute chains the engine records on its walk,
    // and has it read callees through the names imports bind to TensorFlow.
    let binds = settings.target.is_some() && target_pass::may_bind(source);
    let options = engine::Options {
        chains: binds,
        names: binds,
        ..settings.options
    };
    let mut converted = engine::run(source, parsed, settings.rules, &options, parts);
    let facts = match settings.target {
        None => Facts::default(),
        Some(target) => {
            let (facts, reading) = target_pass::run(
                &target_pass::Tree {
                    source,
                    body: &parsed.module().body,
                    binds,
                    chains: &converted.chains,
                    imports: converted.imports.as_deref(),
                    renames: &settings.rules.renames,
                },
                target,
                &Start {
                    switch: settings.switch,
                    // Only a notebook's program is joined from parts (cells).
                    notebook: !parts.is_empty(),
                },
                &mut converted.edits,
                &mut converted.diagnostics,
            );
            // The plan reads the output as the check read it.
            let items = plan::items(
                source,
                &converted.chains,
                &reading,
                target,
                &converted.diagnostics,
            );
            converted.diagnostics.extend(items);
            facts
        }
    };
    Program {
        edits: converted.edits,
        diagnostics: converted.diagnostics,
        facts,
    }
}

/// The output of a file: `source` with the edits applied. The reference's
/// printer drops a last line made only of spaces and tabs when it has no
/// line break; so do we in files we change, for identical output (files
/// with nothing to change stay byte for byte as they were).
fn output_text(source: &str, edits: Vec<Edit>) -> String {
    let edited = !edits.is_empty();
    let mut text = edits::apply(source, edits);
    if edited {
        let body = text.trim_end_matches([' ', '\t']);
        if body.len() < text.len() && (body.ends_with('\n') || body.ends_with('\r')) {
            text.truncate(body.len());
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings<'static> {
        Settings::new(crate::engine::builtin_rules(), Options::default())
    }

    /// Sources small enough to be converted without a thread of their own
    /// nest shallowly enough for a small stack (rayon's threads have 2 MB).
    #[test]
    fn small_sources_fit_a_small_stack() {
        let deep: Vec<String> = vec![
            format!("x = {}1", "-".repeat(240)),
            format!("x = {}1{}", "(".repeat(120), ")".repeat(120)),
            format!("x = [{}1{}", "[".repeat(119), "]".repeat(120)),
            format!("x = tf{}", ".a".repeat(120)),
            format!("x = f{}", "()".repeat(120)),
            format!("x = 1{}", "+1".repeat(120)),
            format!("x = {}1", "not ".repeat(60)),
            format!("x = {}tf.a(){}", "f(".repeat(80), ")".repeat(80)),
        ];
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                for src in &deep {
                    let limit = guard::INLINE_LIMIT;
                    assert!(src.len() <= limit + 8, "{}", src.len());
                    let c = convert_text(&src[..src.len().min(limit)], &settings());
                    assert_ne!(c.outcome, Outcome::Failed);
                }
            })
            .unwrap();
        handle.join().expect("no stack overflow");
    }

    #[test]
    fn refused_and_converted_outcomes() {
        let c = convert(
            b"import tensorflow as tf\nprint 'x'\n",
            Kind::Python,
            &settings(),
        );
        assert_eq!(c.outcome, Outcome::Refused);
        assert_eq!(c.output, b"import tensorflow as tf\nprint 'x'\n");
        let c = convert(b"a = 1\x00\n", Kind::Python, &settings());
        assert_eq!(c.outcome, Outcome::Refused);
        assert_eq!((c.entries[0].line(), c.entries[0].col()), (1, 5));
        assert_eq!(c.entries[0].rule(), Rule::SyntaxError);
        let src = format!(
            "import tensorflow as tf\n{}x = tf.gfile.Exists(1)\n",
            "# pad\n".repeat(60)
        );
        let c = convert(src.as_bytes(), Kind::Python, &settings());
        assert_eq!(c.outcome, Outcome::Converted);
        assert!(String::from_utf8(c.output)
            .unwrap()
            .contains("tf.io.gfile.exists"));
        assert_eq!(c.entries[0].rule(), Rule::Rename);
        assert_eq!(c.entries[0].line(), 62);
    }

    #[test]
    fn a_trailing_blank_line_goes_only_when_the_file_changes() {
        assert_eq!(output_text("a\n  ", vec![]), "a\n  ");
        assert_eq!(output_text("a\n  ", vec![Edit::replace(0, 1, "b")]), "b\n");
    }
}
