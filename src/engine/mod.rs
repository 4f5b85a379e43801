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

use crate::diagnostic::{Diagnostic, Level, Sink};
use crate::edits::Edit;
use crate::imports::{self, ImportChange, ImportRename, Place};
use crate::rules::Rules;
use crate::syntax::chains::{Chain, Part, Recorder};
use crate::syntax::{self, Stmt, Tokens, Visitor};

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
    /// Record the module's attribute chains on the walk (for target mode).
    pub chains: bool,
    /// Read callees through the names the imports bind to TensorFlow
    /// (target mode): `dropout(x, keep_prob=p)` after `from tensorflow.nn
    /// import dropout` gets the argument rewrites of `tf.nn.dropout`.
    pub names: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Default,
            upgrade_compat_v1_import: true,
            import_rename: false,
            chains: false,
            names: false,
        }
    }
}

/// What the engine makes of one program: edits on its text, and the
/// diagnostics in the reference's order; and what it read of the tree on
/// the way, for the passes after it.
#[derive(Default)]
pub struct Converted<'a> {
    pub edits: Vec<Edit>,
    pub diagnostics: Vec<Diagnostic>,
    /// With [`Options::chains`]: the attribute chains
    /// ([`syntax::chains::chains`] of the module).
    pub chains: Vec<Chain<'a>>,
    /// The import statements ([`syntax::imports::statements`] of the
    /// module), where the import analysis read them (not in SAFETY mode).
    pub imports: Option<Vec<(usize, &'a Stmt)>>,
}

/// Runs the engine on a parsed program. `parts`: the start offsets of the
/// parts of a program joined from several (notebook cells; empty for a
/// file): text is never copied from one part into another, and the first
/// statement of a part is printed as the first of a file.
pub fn run<'a>(
    source: &'a str,
    parsed: &'a syntax::Parsed,
    rules: &'a Rules,
    options: &Options,
    parts: &'a [usize],
) -> Converted<'a> {
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
        chains: options.chains.then(|| Recorder::for_source(source)),
        imports: None,
        names: Vec::new(),
        tf_bound: false,
    };
    // The SAFETY spec has no import analysis: every file is handled.
    if !safety {
        engine.preprocess(&parsed.module().body, options);
    }
    engine.place.module_level = true;
    engine.visit_body(&parsed.module().body);
    Converted {
        edits: engine.edits,
        diagnostics: engine.log.into_diagnostics(),
        chains: engine.chains.map(Recorder::finish).unwrap_or_default(),
        imports: engine.imports,
    }
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
    /// The attribute chains seen, when asked for.
    pub(crate) chains: Option<Recorder<'a>>,
    /// The import statements, once the import analysis read them.
    pub(crate) imports: Option<Vec<(usize, &'a Stmt)>>,
    /// With [`Options::names`]: the names imports bind to TensorFlow, and
    /// what each names (`tf.…`).
    pub(crate) names: Vec<(&'a str, String)>,
    /// With [`Options::names`]: an import binds `tf` to TensorFlow, so text
    /// a transform writes as `tf.…` resolves.
    pub(crate) tf_bound: bool,
}

impl<'a> Engine<'a> {
    /// Records the chains of a part of the tree the walk does not visit.
    pub(crate) fn unvisited(&mut self, part: Part<'a>) {
        if let Some(r) = &mut self.chains {
            r.walk(part);
        }
    }

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
            crate::registry::Rule::Import,
            Level::Info,
            start,
            self.rules.render(
                &crate::rules::msg::IMPORT_RENAME,
                &[("old", &change.old), ("new", &change.described)],
            ),
        );
        self.edits.push(change.edit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(source: &str, names: bool) -> String {
        let parsed = syntax::parse(source).unwrap();
        let options = Options {
            names,
            ..Options::default()
        };
        let c = run(source, &parsed, builtin_rules(), &options, &[]);
        crate::edits::apply(source, c.edits)
    }

    /// With [`Options::names`], a call through a name an import binds gets
    /// the argument rewrites of what it names; without, as the reference,
    /// none.
    #[test]
    fn callees_are_read_through_the_names_imports_bind() {
        let src = "from tensorflow.nn import dropout\nfrom tensorflow import argmax as am\n\
                   y = dropout(x, keep_prob=0.9)\nz = am(y, dimension=1)\n";
        assert_eq!(converted(src, false), src);
        assert_eq!(
            converted(src, true),
            "from tensorflow.nn import dropout\nfrom tensorflow import argmax as am\n\
             y = dropout(x, rate=1 - (0.9))\nz = am(y, axis=1)\n"
        );
    }

    /// A rewrite that would write `tf.…` where no import binds `tf`, or
    /// respell the callee, is not made through such a name.
    #[test]
    fn no_tf_text_where_the_file_has_no_tf() {
        let src = "from tensorflow.nn import softmax_cross_entropy_with_logits as xent\n\
                   l = xent(labels=y, logits=z)\n";
        assert_eq!(converted(src, true), src);
        let with_tf = format!("import tensorflow as tf\n{src}");
        assert!(
            converted(&with_tf, true).contains("labels=tf.stop_gradient(y)"),
            "{}",
            converted(&with_tf, true)
        );
    }

    /// The chains the engine records on its walk are those a walk of their
    /// own finds, in every fixture's input (renames, reorders, transforms
    /// that replace a callee, move its parts into the arguments or drop
    /// arguments) and in both modes.
    #[test]
    fn the_walk_records_every_chain_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut sources: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("input.py")).ok())
            .collect();
        assert!(
            sources.len() > 40,
            "fixtures not found in {}",
            dir.display()
        );
        sources.push(
            "def f[T: tf.a.b](x: tf.c = tf.d.e):\n    class C[U: tf.f]: pass\n\
             it = ds.batch(tf.g).make_one_shot_iterator()\n\
             tf.nn.softmax_cross_entropy_with_logits(labels=y.z, logits=q.r, dim=tf.s)\n"
                .to_string(),
        );
        let mut checked = 0;
        for source in &sources {
            // Some fixtures are about input that does not parse.
            let Ok(parsed) = syntax::parse(source) else {
                continue;
            };
            checked += 1;
            for mode in [Mode::Default, Mode::Safety] {
                let options = Options {
                    mode,
                    chains: true,
                    ..Options::default()
                };
                let rules = builtin_rules();
                let converted = run(source, &parsed, rules, &options, &[]);
                let key = |c: &Chain| (c.start, c.end, c.call.is_some(), c.store);
                let recorded: Vec<_> = converted.chains.iter().map(key).collect();
                let walked: Vec<_> = syntax::chains::chains(&parsed.module().body)
                    .iter()
                    .map(key)
                    .collect();
                assert_eq!(recorded, walked, "{mode:?}:\n{source}");
            }
        }
        assert!(checked > 40);
    }
}
