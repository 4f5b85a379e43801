//! The engine: walks the module the way the reference does and turns the
//! rule tables into edits and log entries.
//!
//! - [`walk`]: the order of the walk (Python's `ast` field order);
//! - [`detect`]: the import analysis done before any edit;
//! - [`chains`]: attribute chains (warnings, renames, module deprecations);
//! - [`calls`]: calls (warnings, argument warnings, reorders, keyword renames
//!   and removals, transforms);
//! - import renames are computed by [`crate::imports`] and applied here.
//!
//! Order per call, as the reference: call warnings, argument warnings,
//! reorders (positional arguments become keywords), keyword renames and
//! removals, custom transforms, then the children (the callee is renamed when
//! its attribute chain is visited). Per attribute chain: warning, rename
//! (which stops the descent), module deprecation.

mod calls;
mod chains;
mod detect;
mod walk;

use std::sync::OnceLock;

use crate::edits::{self, Edit};
use crate::imports::{self, ImportChange, ImportRename, Place};
use crate::log::{Level, LogEntry, Sink};
use crate::rules::Rules;
use crate::syntax::{self, SyntaxError, Tokens, Visitor};

/// The built-in rule tables, parsed once (transform names checked against
/// the transforms this build has).
pub fn builtin_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let known: Vec<&str> = crate::transforms::names().collect();
        Rules::builtin(&known)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Default,
    Safety,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mode: Mode,
    /// Turn `import tensorflow.compat.v1 as tf` into `import tensorflow as tf`
    /// and convert the file.
    pub upgrade_compat_v1_import: bool,
    /// Rename `import tensorflow` to `tensorflow.compat.v2` (never on by the
    /// reference's command line; kept for the option's meaning).
    pub import_rename: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Default,
            upgrade_compat_v1_import: true,
            import_rename: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub text: String,
    pub log: Vec<LogEntry>,
}

/// Converts one Python source text.
pub fn convert(source: &str, rules: &Rules, options: &Options) -> Result<Outcome, SyntaxError> {
    let (edits, log) = convert_edits(source, rules, options)?;
    Ok(Outcome {
        text: output_text(source, edits),
        log,
    })
}

/// The output of a file: `source` with the edits of its conversion (and of
/// any later pass) applied.
pub fn output_text(source: &str, edits: Vec<Edit>) -> String {
    let edited = !edits.is_empty();
    let mut text = edits::apply(source, edits);
    if edited {
        drop_trailing_blank_line(&mut text);
    }
    text
}

/// The edits (on `source`) and the log of a conversion, for callers that
/// place the edits themselves (notebooks).
pub fn convert_edits(
    source: &str,
    rules: &Rules,
    options: &Options,
) -> Result<(Vec<Edit>, Vec<LogEntry>), SyntaxError> {
    convert_parts(source, rules, options, &[])
}

/// Like [`convert_edits`] for a program joined from parts (notebook cells)
/// starting at the offsets `parts`: text is never copied from one part into
/// another, and the first statement of a part is printed as the first of a
/// file.
pub fn convert_parts(
    source: &str,
    rules: &Rules,
    options: &Options,
    parts: &[usize],
) -> Result<(Vec<Edit>, Vec<LogEntry>), SyntaxError> {
    let parsed = syntax::parse(source)?;
    Ok(convert_parsed(source, &parsed, rules, options, parts))
}

/// Like [`convert_parts`] on a source already parsed (for callers that run
/// more passes on the same tree).
pub fn convert_parsed(
    source: &str,
    parsed: &syntax::Parsed,
    rules: &Rules,
    options: &Options,
    parts: &[usize],
) -> (Vec<Edit>, Vec<LogEntry>) {
    let safety = options.mode == Mode::Safety;
    let mut engine = Engine {
        src: source,
        rules,
        tokens: parsed.tokens(),
        log: Sink::new(source),
        edits: Vec::new(),
        convert: true,
        safety,
        import_rename: match options.mode {
            Mode::Safety => Some(&imports::TO_COMPAT_V1),
            Mode::Default if options.import_rename => Some(&imports::TO_COMPAT_V2),
            Mode::Default => None,
        },
        place: Place::default(),
        parts,
    };
    // The SAFETY spec has no import analysis: every file is handled.
    if !safety {
        engine.preprocess(&parsed.module().body, options);
    }
    engine.place.module_level = true;
    engine.visit_body(&parsed.module().body);
    (engine.edits, engine.log.into_entries())
}

pub(crate) struct Engine<'a> {
    pub(crate) src: &'a str,
    pub(crate) rules: &'a Rules,
    pub(crate) tokens: &'a Tokens,
    pub(crate) log: Sink<'a>,
    pub(crate) edits: Vec<Edit>,
    /// False once an unaliased or versioned TensorFlow import was seen: then
    /// only module deprecations and argument warnings apply.
    pub(crate) convert: bool,
    /// SAFETY mode: only import renames, TensorFlow Addons warnings and
    /// module deprecations.
    pub(crate) safety: bool,
    /// Where `import tensorflow` is redirected, if anywhere.
    pub(crate) import_rename: Option<&'static ImportRename>,
    /// The statement being visited: what precedes it in its block.
    pub(crate) place: Place<'a>,
    /// Start offsets of the parts of a joined program (notebook cells).
    pub(crate) parts: &'a [usize],
}

/// The reference's printer drops a last line made only of spaces and tabs
/// when it has no line break; so do we in files we change, for identical
/// output (files with nothing to change stay byte for byte as they were).
fn drop_trailing_blank_line(text: &mut String) {
    let body = text.trim_end_matches([' ', '\t']);
    if body.len() < text.len() && (body.ends_with('\n') || body.ends_with('\r')) {
        text.truncate(body.len());
    }
}

impl<'a> Engine<'a> {
    pub(crate) fn text(&self, range: (usize, usize)) -> &'a str {
        &self.src[range.0..range.1]
    }

    /// What [`crate::imports`] prints import statements from.
    fn source(&self) -> imports::Source<'a> {
        imports::Source {
            src: self.src,
            tokens: self.tokens,
            parts: self.parts,
        }
    }

    /// Applies and logs an import rename.
    fn apply_import(&mut self, change: ImportChange) {
        let start = change.edit.start;
        self.log.add(
            crate::log::rule::IMPORT,
            Level::Info,
            start,
            format!(
                "Import now goes through the compatibility module: `{}` became `{}`.",
                change.old, change.described
            ),
        );
        self.edits.push(change.edit);
    }
}
