//! The visitor: walks the module the way the reference does and turns the
//! rule tables into edits and log entries.
//!
//! Order per call, as the reference: call warnings, argument warnings,
//! reorders (positional arguments become keywords), keyword renames and
//! removals, custom transforms, then the children (the callee is renamed when
//! its attribute chain is visited). Per attribute chain: warning, rename
//! (which stops the descent), module deprecation.

use std::collections::HashSet;

use crate::arglist::{ArgList, Item, Kind};
use crate::edits::{self, Edit, Segment};
use crate::imports::{self, ImportRename, Place};
use crate::rules::{Level, Rules};
use crate::syntax::{
    self, ast, walk_expr, walk_stmt, walk_stmt_only, Expr, LineIndex, Ranged, StatementVisitor,
    Stmt, SyntaxError, Tokens, Visitor,
};
use crate::transforms;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// Short stable id of what produced the entry (`rename`, `import`, ...),
    /// listed in the README's JSON report schema.
    pub rule: &'static str,
    pub level: Level,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl LogEntry {
    pub fn format(&self) -> String {
        format!(
            "{}:{}: {}: {}",
            self.line,
            self.col,
            self.level.as_str(),
            self.message
        )
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
    let edited = !edits.is_empty();
    let mut text = edits::apply(source, edits);
    if edited {
        drop_trailing_blank_line(&mut text);
    }
    Ok(Outcome { text, log })
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
    let safety = options.mode == Mode::Safety;
    let mut engine = Engine {
        src: source,
        rules,
        tokens: parsed.tokens(),
        lines: std::cell::OnceCell::new(),
        edits: Vec::new(),
        log: Vec::new(),
        convert: true,
        safety,
        import_rename: match options.mode {
            Mode::Safety => Some(&imports::TO_COMPAT_V1),
            Mode::Default if options.import_rename => Some(&imports::TO_COMPAT_V2),
            Mode::Default => None,
        },
        place: Place::default(),
        parts: parts.to_vec(),
    };
    // The SAFETY spec has no import analysis: every file is handled.
    if !safety {
        engine.preprocess(&parsed.module().body, options);
    }
    engine.place.module_level = true;
    engine.visit_body(&parsed.module().body);
    Ok((engine.edits, engine.log))
}

pub(crate) struct Engine<'a> {
    pub(crate) src: &'a str,
    pub(crate) rules: &'a Rules,
    pub(crate) tokens: &'a Tokens,
    /// Built on the first log entry: most files need no positions.
    lines: std::cell::OnceCell<LineIndex>,
    pub(crate) edits: Vec<Edit>,
    pub(crate) log: Vec<LogEntry>,
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
    pub(crate) parts: Vec<usize>,
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

/// `a.b.c` for a chain of attributes ending in a name.
pub fn full_name(expr: &Expr) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let mut cur = expr;
    loop {
        match cur {
            Expr::Attribute(a) => {
                parts.push(a.attr.as_str());
                cur = &a.value;
            }
            Expr::Name(n) => {
                parts.push(n.id.as_str());
                break;
            }
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join("."))
}

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
    pub(crate) fn pos(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(self.src))
            .position(offset)
    }

    /// A byte offset that sorts like Python's position (line of `offset`,
    /// its column + `extra`): clamped to the end of that line.
    pub(crate) fn shifted_offset(&self, offset: usize, extra: usize) -> usize {
        let line_end = self.src[offset..]
            .find(['\n', '\r'])
            .map(|i| offset + i)
            .unwrap_or(self.src.len());
        (offset + extra).min(line_end)
    }

    pub(crate) fn add_log(
        &mut self,
        rule: &'static str,
        level: Level,
        offset: usize,
        message: String,
    ) {
        let (line, col) = self.pos(offset);
        self.log.push(LogEntry {
            rule,
            level,
            line,
            col,
            message,
        });
    }

    pub(crate) fn text(&self, range: (usize, usize)) -> &'a str {
        &self.src[range.0..range.1]
    }

    /// Import analysis before any edit.
    fn preprocess(&mut self, body: &'a [Stmt], options: &Options) {
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
            self.add_log("import", *level, *offset, msg);
        }
        if !found.is_empty() {
            self.convert = false;
        }
    }

    /// `function_warnings` for `full_name` at `offset`.
    fn maybe_add_warning(&mut self, offset: usize, full_name: &str) -> bool {
        if self.safety {
            // Only the TensorFlow Addons moves are reported in SAFETY mode.
            let Some(target) = self.rules.addons.get(full_name) else {
                return false;
            };
            let text = self
                .rules
                .message("addons_migrated", full_name, Some(target));
            self.add_log(
                "function-warning",
                Level::Warning,
                offset,
                format!("{full_name} needs a manual check. {text}"),
            );
            return true;
        }
        if !self.convert {
            return false;
        }
        let Some(w) = self.rules.function_warnings.get(full_name) else {
            return false;
        };
        let detail = w
            .detail
            .clone()
            .or_else(|| self.rules.addons.get(full_name).cloned());
        let text = self.rules.message(&w.kind, full_name, detail.as_deref());
        let level = w.level;
        self.add_log(
            "function-warning",
            level,
            offset,
            format!("{full_name} needs a manual check. {text}"),
        );
        true
    }

    fn visit_attribute(&mut self, node: &'a ast::ExprAttribute, whole: (usize, usize)) {
        let expr_start = syntax::start(node);
        let expr_end = syntax::end(node);
        // Only build the dotted name when some rule ends with this attribute.
        let candidate = self.rules.attr_index.contains(node.attr.as_str());
        if let Some(full) = candidate.then(|| full_name_attr(node)).flatten() {
            self.maybe_add_warning(expr_start, &full);
            if self.convert && !self.safety {
                if let Some(new) = self.rules.renames.get(&full) {
                    self.add_log(
                        "rename",
                        Level::Info,
                        expr_start,
                        format!("Renamed '{full}' to '{new}'"),
                    );
                    self.edits
                        .push(Edit::replace(expr_start, expr_end, new.clone()));
                    return;
                }
            }
            if let Some(w) = self.rules.module_deprecations.get(&full) {
                let whole_name = self.text(whole).to_string();
                let text = self
                    .rules
                    .message(&w.kind, &whole_name, w.detail.as_deref());
                let level = w.level;
                self.add_log(
                    "module-deprecation",
                    level,
                    expr_start,
                    format!("{whole_name} uses the deprecated module {full}. {text}"),
                );
            }
        }
        match &*node.value {
            Expr::Attribute(inner) => self.visit_attribute(inner, whole),
            other => self.visit_expr(other),
        }
    }

    fn visit_call(&mut self, call: &'a ast::ExprCall) {
        let call_start = syntax::start(call);
        // No rule ends with the callee's last name: nothing applies to the
        // call itself, visit its parts.
        let last = match &*call.func {
            Expr::Attribute(a) => Some(a.attr.as_str()),
            Expr::Name(n) => Some(n.id.as_str()),
            _ => None,
        };
        if !last.is_some_and(|l| self.rules.call_index.contains(l)) {
            self.visit_expr(&call.func);
            for a in call.arguments.args.iter() {
                self.visit_expr(a);
            }
            for k in call.arguments.keywords.iter() {
                self.visit_expr(&k.value);
            }
            return;
        }
        let full = full_name(&call.func);
        let name: Option<String> = match (&full, &*call.func) {
            (Some(f), _) => Some(f.rsplit('.').next().unwrap_or(f).to_string()),
            (None, Expr::Attribute(a)) => Some(a.attr.to_string()),
            _ => None,
        };
        let display = full.clone().or_else(|| name.clone()).unwrap_or_default();
        let glob = name.as_ref().map(|n| format!("*.{n}"));
        let args = &call.arguments;
        let uses_star_args = args.args.iter().any(|a| matches!(a, Expr::Starred(_)));
        let uses_star_kwargs = args.keywords.iter().any(|k| k.arg.is_none());

        // Call warnings: method globs, only when the callee is an attribute.
        if matches!(&*call.func, Expr::Attribute(_)) {
            if let Some(g) = &glob {
                self.maybe_add_warning(call_start, g);
            }
        }
        // Argument warnings (they also apply to files that are not converted,
        // but are not part of SAFETY mode).
        if !self.safety {
            self.argument_warnings(
                call,
                full.as_deref(),
                glob.as_deref(),
                &display,
                uses_star_args || uses_star_kwargs,
            );
        }

        let mut state: Option<CallState> = None;
        if self.convert && !self.safety {
            state = self.rewrite_call(
                call,
                full.as_deref(),
                glob.as_deref(),
                &display,
                uses_star_args,
                uses_star_kwargs,
            );
        }

        // Children: the callee, then the arguments as they now stand. A
        // callee a transform replaced is printed as it says, not visited.
        match state.as_mut().and_then(|s| s.func.take()) {
            Some(segments) => self.edits.push(Edit {
                start: syntax::start(&*call.func),
                end: syntax::end(&*call.func),
                segments,
            }),
            None => self.visit_expr(&call.func),
        }
        match state {
            None => {
                for a in args.args.iter() {
                    self.visit_expr(a);
                }
                for k in args.keywords.iter() {
                    self.visit_expr(&k.value);
                }
            }
            Some(state) => {
                for item in state.args.iter().chain(state.keywords.iter()) {
                    if let Some(e) = item.node {
                        self.visit_expr(e);
                    }
                }
                if state.changed {
                    let args_items = state.args.into_iter().map(|i| i.item).collect();
                    let kw_items = state.keywords.into_iter().map(|i| i.item).collect();
                    self.edits.push(state.list.render(args_items, kw_items));
                }
            }
        }
    }

    fn argument_warnings(
        &mut self,
        call: &'a ast::ExprCall,
        full: Option<&str>,
        glob: Option<&str>,
        display: &str,
        variadic: bool,
    ) {
        let mut merged: Vec<&crate::rules::ArgWarning> = Vec::new();
        for key in [glob, full].into_iter().flatten() {
            if let Some(list) = self.rules.arg_warnings.get(key) {
                for w in list {
                    merged.retain(|o| !(o.arg == w.arg && o.position == w.position));
                    merged.push(w);
                }
            }
        }
        if merged.is_empty() {
            return;
        }
        merged.sort_by(|a, b| (a.arg.as_str(), a.position).cmp(&(b.arg.as_str(), b.position)));
        let call_start = syntax::start(call);
        for w in merged {
            if !arg_present(call, &w.arg, Some(w.position)) {
                continue;
            }
            let text = self.rules.message(&w.kind, display, w.detail.as_deref());
            let msg = if variadic {
                format!("{display} is called with *args or **kwargs that may include {}; check it by hand: {text}", w.arg)
            } else {
                format!(
                    "{display} is called with the {} argument; check it by hand: {text}",
                    w.arg
                )
            };
            self.add_log("argument-warning", w.level, call_start, msg);
        }
    }

    /// Reorders, keyword renames and removals, transforms.
    fn rewrite_call(
        &mut self,
        call: &'a ast::ExprCall,
        full: Option<&str>,
        glob: Option<&str>,
        display: &str,
        uses_star_args: bool,
        uses_star_kwargs: bool,
    ) -> Option<CallState<'a>> {
        let call_start = syntax::start(call);
        let reorder = full.and_then(|f| self.rules.reorders.get(f));
        let keyword_rules: Vec<&crate::rules::KeywordRules> = [glob, full]
            .into_iter()
            .flatten()
            .filter_map(|k| self.rules.keywords.get(k))
            .collect();
        let transform_keys: Vec<&str> = [full, glob]
            .into_iter()
            .flatten()
            .filter(|k| self.rules.transforms.contains_key(*k))
            .collect();
        if reorder.is_none() && keyword_rules.is_empty() && transform_keys.is_empty() {
            return None;
        }
        let list = ArgList::new(&call.arguments, self.tokens)?;
        let mut state = CallState::new(list, call);

        if let Some(order) = reorder {
            if uses_star_args {
                self.add_log(
                    "reorder",
                    Level::Warning,
                    call_start,
                    format!("Manual check needed: {} changed its argument order, but this call passes *args, which cannot be reordered automatically.", full.unwrap_or(display)),
                );
            }
            let mut new_args = Vec::new();
            let mut new_keywords = Vec::new();
            let mut idx = 0;
            for a in std::mem::take(&mut state.args) {
                if a.item.kind == Kind::Starred {
                    continue; // the reference drops starred arguments here
                }
                match order.get(idx).cloned().flatten() {
                    Some(kw) => {
                        let slot = a.slot.expect("original argument");
                        let mut item = Item::keyword_from(&state.list.slots[slot], &kw);
                        item.kind = Kind::Keyword;
                        new_keywords.push(ArgState {
                            item,
                            node: a.node,
                            slot: a.slot,
                            name: Some(kw),
                            original_keyword: false,
                        });
                    }
                    None => new_args.push(a),
                }
                idx += 1;
            }
            if !new_keywords.is_empty() {
                self.add_log(
                    "reorder",
                    Level::Info,
                    call_start,
                    format!(
                        "Added keywords to args of function '{}'",
                        full.unwrap_or(display)
                    ),
                );
                state.args = new_args;
                new_keywords.extend(std::mem::take(&mut state.keywords));
                state.keywords = new_keywords;
                state.changed = true;
            } else {
                // Nothing moved: the reference leaves the call as it was.
                let (a, k) = CallState::originals(&state.list, call);
                state.args = a;
                state.keywords = k;
            }
        }

        if !keyword_rules.is_empty() {
            if uses_star_kwargs {
                self.add_log(
                    "keyword-rename",
                    Level::Warning,
                    call_start,
                    format!("Manual check needed: {display} renamed or removed some arguments, but this call passes **kwargs, which cannot be changed automatically."),
                );
            }
            let lookup = |arg: &str| -> Option<Option<String>> {
                let mut result = None;
                for r in &keyword_rules {
                    if let Some(v) = r.lookup(arg) {
                        result = Some(v.map(str::to_string));
                    }
                }
                result
            };
            let mut kept = Vec::new();
            for mut kw in std::mem::take(&mut state.keywords) {
                let Some(arg) = kw.name.clone() else {
                    kept.push(kw);
                    continue;
                };
                let offset = kw.name_offset(&state.list).unwrap_or(call_start);
                match lookup(&arg) {
                    None => kept.push(kw),
                    Some(None) => {
                        self.add_log(
                            "keyword-removal",
                            Level::Info,
                            offset,
                            format!("Removed argument {arg} for function {display}"),
                        );
                        state.changed = true;
                    }
                    Some(Some(new)) => {
                        self.add_log(
                            "keyword-rename",
                            Level::Info,
                            offset,
                            format!(
                                "Renamed keyword argument for {} from {arg} to {new}",
                                full.unwrap_or("None")
                            ),
                        );
                        if kw.original_keyword {
                            let (a, b) = state.list.slots[kw.slot.unwrap()].name.unwrap();
                            self.edits.push(Edit::replace(a, b, new.clone()));
                        } else {
                            kw.item.head = format!("{new}=");
                        }
                        kw.name = Some(new);
                        kept.push(kw);
                    }
                }
            }
            state.keywords = kept;
        }

        if !transform_keys.is_empty() {
            if uses_star_args || uses_star_kwargs {
                self.add_log(
                    "transform",
                    Level::Warning,
                    call_start,
                    format!("Manual check needed: {display} needs its arguments rewritten, but this call passes *args or **kwargs, which cannot be rewritten automatically."),
                );
            }
            for key in transform_keys {
                let spec = &self.rules.transforms[key];
                transforms::apply(self, &mut state, call, full, display, spec);
            }
        }
        Some(state)
    }
}

/// [`full_name`] of an attribute node.
fn full_name_attr(node: &ast::ExprAttribute) -> Option<String> {
    let mut name = full_name(&node.value)?;
    name.push('.');
    name.push_str(node.attr.as_str());
    Some(name)
}

/// Whether the argument is passed: as a keyword, or at `position` among the
/// positional arguments (starred ones not counted).
pub fn arg_present(call: &ast::ExprCall, name: &str, position: Option<usize>) -> bool {
    arg_value(call, name, position).is_some()
}

/// The value passed for an argument, as the reference finds it.
pub fn arg_value<'c>(
    call: &'c ast::ExprCall,
    name: &str,
    position: Option<usize>,
) -> Option<&'c Expr> {
    for k in call.arguments.keywords.iter() {
        if k.arg.as_ref().map(|a| a.as_str()) == Some(name) {
            return Some(&k.value);
        }
    }
    let position = position?;
    call.arguments
        .args
        .iter()
        .filter(|a| !matches!(a, Expr::Starred(_)))
        .nth(position)
}

/// One argument of a call being rewritten.
#[derive(Debug, Clone)]
pub struct ArgState<'a> {
    pub item: Item,
    /// The expression to visit afterwards (its value for keywords).
    pub node: Option<&'a Expr>,
    /// Index of the original slot, if any.
    pub slot: Option<usize>,
    /// Current keyword name (`None` for positional and `**`).
    pub name: Option<String>,
    /// An original keyword (renamed in place) rather than a new one.
    pub original_keyword: bool,
}

impl<'a> ArgState<'a> {
    pub(crate) fn name_offset(&self, list: &ArgList) -> Option<usize> {
        if self.original_keyword {
            self.slot.and_then(|s| list.slots[s].name).map(|n| n.0)
        } else {
            None
        }
    }
}

/// A call whose argument list may be rewritten (by reorders, keyword rules and
/// transforms): the reference's `node.args` and `node.keywords`.
pub struct CallState<'a> {
    pub list: ArgList,
    pub args: Vec<ArgState<'a>>,
    pub keywords: Vec<ArgState<'a>>,
    /// Whether the argument list must be printed anew.
    pub changed: bool,
    /// New text of the callee, when a transform replaced it (the callee is
    /// then not visited: the reference visits the new node, which no rule
    /// matches).
    pub func: Option<Vec<Segment>>,
}

impl<'a> CallState<'a> {
    fn originals(
        list: &ArgList,
        call: &'a ast::ExprCall,
    ) -> (Vec<ArgState<'a>>, Vec<ArgState<'a>>) {
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        let mut pos_iter = call.arguments.args.iter();
        let mut kw_iter = call.arguments.keywords.iter();
        for (i, slot) in list.slots.iter().enumerate() {
            match slot.kind {
                Kind::Positional | Kind::Starred => {
                    let node = pos_iter.next();
                    let node = node.map(|e| match e {
                        Expr::Starred(s) => &*s.value,
                        e => e,
                    });
                    args.push(ArgState {
                        item: Item::original(slot),
                        node,
                        slot: Some(i),
                        name: None,
                        original_keyword: false,
                    });
                }
                Kind::Keyword | Kind::DoubleStarred => {
                    let k = kw_iter.next();
                    keywords.push(ArgState {
                        item: Item::original(slot),
                        node: k.map(|k| &k.value),
                        slot: Some(i),
                        name: k.and_then(|k| k.arg.as_ref().map(|a| a.to_string())),
                        original_keyword: true,
                    });
                }
            }
        }
        (args, keywords)
    }

    fn new(list: ArgList, call: &'a ast::ExprCall) -> CallState<'a> {
        let (args, keywords) = CallState::originals(&list, call);
        CallState {
            list,
            args,
            keywords,
            changed: false,
            func: None,
        }
    }
}

/// The walk visits children in the order of the fields of Python's `ast`
/// nodes (as the reference does), which is not always evaluation order:
/// assignment targets before values, a function's body before its decorators
/// and return annotation, a comprehension's element before its generators.
impl<'a> Visitor<'a> for Engine<'a> {
    fn visit_body(&mut self, body: &'a [Stmt]) {
        let outer = self.place;
        for (i, stmt) in body.iter().enumerate() {
            self.place = Place {
                previous: i.checked_sub(1).map(|p| &body[p]),
                module_level: outer.module_level,
            };
            self.visit_stmt(stmt);
        }
        self.place = outer;
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // Imports are renamed only while the file is converted (in DEFAULT
        // mode an unaliased or versioned import stops that).
        if let Some(spec) = self.import_rename.filter(|_| self.convert || self.safety) {
            match stmt {
                Stmt::Import(node) => self.rename_import(node, spec),
                Stmt::ImportFrom(node) => self.rename_import_from(node, spec, self.place),
                _ => {}
            }
        }
        // Bodies nested in this statement are not the module's.
        let place = self.place;
        self.place.module_level = false;
        match stmt {
            Stmt::FunctionDef(f) => {
                self.visit_parameters(&f.parameters);
                self.visit_body(&f.body);
                for d in &f.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(r) = &f.returns {
                    self.visit_annotation(r);
                }
            }
            Stmt::ClassDef(c) => {
                if let Some(arguments) = &c.arguments {
                    for a in arguments.args.iter() {
                        self.visit_expr(a);
                    }
                    for k in arguments.keywords.iter() {
                        self.visit_expr(&k.value);
                    }
                }
                self.visit_body(&c.body);
                for d in &c.decorator_list {
                    self.visit_decorator(d);
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.visit_expr(t);
                }
                self.visit_expr(&a.value);
            }
            Stmt::AugAssign(a) => {
                self.visit_expr(&a.target);
                self.visit_expr(&a.value);
            }
            Stmt::AnnAssign(a) => {
                self.visit_expr(&a.target);
                self.visit_annotation(&a.annotation);
                if let Some(v) = &a.value {
                    self.visit_expr(v);
                }
            }
            Stmt::For(f) => {
                self.visit_expr(&f.target);
                self.visit_expr(&f.iter);
                self.visit_body(&f.body);
                self.visit_body(&f.orelse);
            }
            _ => walk_stmt(self, stmt),
        }
        self.place = place;
    }

    fn visit_parameters(&mut self, p: &'a ast::Parameters) {
        // posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(ann) = &a.parameter.annotation {
                self.visit_annotation(ann);
            }
        }
        if let Some(v) = &p.vararg {
            if let Some(ann) = &v.annotation {
                self.visit_annotation(ann);
            }
        }
        for a in p.kwonlyargs.iter() {
            if let Some(ann) = &a.parameter.annotation {
                self.visit_annotation(ann);
            }
        }
        for a in p.kwonlyargs.iter() {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
        if let Some(k) = &p.kwarg {
            if let Some(ann) = &k.annotation {
                self.visit_annotation(ann);
            }
        }
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
    }

    fn visit_comprehension(&mut self, c: &'a ast::Comprehension) {
        self.visit_expr(&c.target);
        self.visit_expr(&c.iter);
        for e in &c.ifs {
            self.visit_expr(e);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(a) => self.visit_attribute(a, (syntax::start(a), syntax::end(a))),
            Expr::Call(c) => self.visit_call(c),
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.visit_expr(k);
                    }
                }
                for item in &d.items {
                    self.visit_expr(&item.value);
                }
            }
            Expr::ListComp(c) => {
                self.visit_expr(&c.elt);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            Expr::SetComp(c) => {
                self.visit_expr(&c.elt);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            Expr::Generator(c) => {
                self.visit_expr(&c.elt);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            Expr::DictComp(c) => {
                if let Some(k) = &c.key {
                    self.visit_expr(k);
                }
                self.visit_expr(&c.value);
                for g in &c.generators {
                    self.visit_comprehension(g);
                }
            }
            _ => walk_expr(self, expr),
        }
    }
}

/// Segments for an original range (helper for transforms).
pub fn orig(range: (usize, usize)) -> Segment {
    Segment::Orig(range.0, range.1)
}
