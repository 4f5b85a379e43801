//! Golden fixtures, one test per fixture (see fixtures/README.md).
//!
//! `fixtures/<name>/input.py` is converted by the built binary (its `flags`
//! file's words and, with a `target` file, `--target T` added); the output
//! must equal `expected.py` and the JSON report's entries, rendered
//! `LINE:COL: LEVEL: RULE: MESSAGE`, must equal the lines of `expected.log`
//! in order. The notebooks of `fixtures/notebooks/` are tests too: their
//! expected files are `fixtures/notebooks/expected/<stem>.ipynb` and
//! `<stem>.log`.
//!
//! `UPDATE_FIXTURES=1 cargo test --test fixtures` rewrites expected files:
//! - fixtures whose expected output is ours (a `target` file, the notebooks,
//!   and those fixtures/README.md lists as written by hand): output and log
//!   from the binary;
//! - the others come from the reference: only the RULE and MESSAGE columns
//!   are rewritten, and only when the output and the (line, col, level)
//!   sequence already equal the reference's; otherwise the test fails
//!   (positions come from fixtures/make_expected.py).
//!
//! `pinning::<key>` tests override one message of `rules/messages.toml` (a
//! message kind of the tables, or a message the code renders) with
//! `--rules` and check that exactly the fixtures whose expected.log holds
//! that message fail.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Failed, Trial};

mod common;

/// Message keys whose wording the pinning tests change, one at a time.
const PINNED_KEYS: &[&str] = &[
    // Message kinds of the tables.
    "contrib_removed",
    "lr_decay",
    "use_cudnn_on_gpu",
    "get_variable_resource",
    // Messages the code renders: the engine's (also used by transforms) and
    // a transform's (with a placeholder and a final line break).
    "rename",
    "keyword_removal",
    "regularizer_scope",
];

#[derive(Clone, Copy, PartialEq)]
enum Origin {
    /// Expected output and positions are the reference's.
    Reference,
    /// Expected files are our binary's.
    Ours,
}

struct Fixture {
    name: String,
    input: PathBuf,
    expected_out: PathBuf,
    expected_log: PathBuf,
    /// The migration plan (target fixtures): the JSON report's `plan`.
    expected_plan: PathBuf,
    /// Binary arguments besides input, output and report.
    args: Vec<String>,
    origin: Origin,
}

/// One report entry, as the JSON report gives it.
#[derive(Clone, PartialEq, Debug)]
struct Entry {
    line: u64,
    col: u64,
    level: String,
    rule: String,
    message: String,
}

impl Entry {
    fn render(&self) -> String {
        // One entry a line: a line break inside a message is written `\n`.
        let message = self.message.replace('\n', "\\n");
        format!(
            "{}:{}: {}: {}: {message}",
            self.line, self.col, self.level, self.rule
        )
    }
}

/// The (line, col, level) of an expected.log line, ignoring what follows.
fn position(line: &str) -> Option<(u64, u64, String)> {
    let mut parts = line.splitn(3, ": ");
    let (l, c) = parts.next()?.split_once(':')?;
    let level = parts.next()?.to_string();
    Some((l.parse().ok()?, c.parse().ok()?, level))
}

/// The message column of an expected.log line.
fn message_of(line: &str) -> Option<&str> {
    line.splitn(4, ": ").nth(3)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The fixtures fixtures/README.md lists as written by hand (its items
/// "- `name`: ..." after the line that starts "Written by hand").
fn hand_written() -> BTreeSet<String> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split_once("Written by hand")
        .expect("fixtures/README.md: no \"Written by hand\" list")
        .1;
    let mut names = BTreeSet::new();
    for line in section.lines().skip(1) {
        if let Some(item) = line.strip_prefix("- `") {
            names.insert(item.split('`').next().unwrap().to_string());
        } else if !line.starts_with("  ") {
            break;
        }
    }
    assert!(
        !names.is_empty(),
        "fixtures/README.md lists no hand-written fixture"
    );
    names
}

fn fixtures() -> Vec<Fixture> {
    let hand = hand_written();
    let mut dirs: Vec<PathBuf> = fs::read_dir(root())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|d| d.join("input.py").is_file())
        .collect();
    dirs.sort();
    let mut list = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut args: Vec<String> = fs::read_to_string(dir.join("flags"))
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let target = fs::read_to_string(dir.join("target")).ok();
        if let Some(t) = &target {
            args.extend(["--target".to_string(), t.trim().to_string()]);
        }
        let origin = if target.is_some() || hand.contains(&name) {
            Origin::Ours
        } else {
            Origin::Reference
        };
        list.push(Fixture {
            input: dir.join("input.py"),
            expected_out: dir.join("expected.py"),
            expected_log: dir.join("expected.log"),
            expected_plan: dir.join("expected.plan.json"),
            name,
            args,
            origin,
        });
    }
    for name in &hand {
        assert!(
            list.iter().any(|f| &f.name == name),
            "fixtures/README.md lists {name}, which is not a fixture"
        );
    }
    let notebooks = root().join("notebooks");
    let mut books: Vec<PathBuf> = fs::read_dir(&notebooks)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ipynb"))
        .collect();
    books.sort();
    for input in books {
        let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
        let expected = notebooks.join("expected");
        list.push(Fixture {
            name: format!("notebooks/{stem}"),
            expected_out: expected.join(format!("{stem}.ipynb")),
            expected_log: expected.join(format!("{stem}.log")),
            expected_plan: expected.join(format!("{stem}.plan.json")),
            input,
            args: Vec::new(),
            origin: Origin::Ours,
        });
    }
    assert!(list.len() > 5, "fixtures not found");
    list
}

/// Runs the binary on a fixture: its output and its report's entries.
/// What a fixture's run gives: output, entries, the plan (pretty JSON, or
/// empty without one).
type Run = (Vec<u8>, Vec<Entry>, String);

fn run(f: &Fixture, extra: &[String]) -> Result<Run, String> {
    let dir = common::scratch_dir(&format!("fixture-{}", f.name.replace('/', "-")));
    let ext = f.input.extension().unwrap().to_string_lossy().into_owned();
    let out = dir.join(format!("out.{ext}"));
    let report = dir.join("report.json");
    let result = common::bin()
        .arg("--infile")
        .arg(&f.input)
        .arg("--outfile")
        .arg(&out)
        .arg("--reportfile")
        .arg(&report)
        .args(["--report-format", "json", "--quiet"])
        .args(&f.args)
        .args(extra)
        .output()
        .map_err(|e| format!("cannot run the binary: {e}"))?;
    let done = (|| {
        if !result.status.success() {
            return Err(format!(
                "the binary failed ({}): {}",
                result.status,
                String::from_utf8_lossy(&result.stderr)
            ));
        }
        let output = fs::read(&out).map_err(|e| format!("no output: {e}"))?;
        let json = fs::read_to_string(&report).map_err(|e| format!("no report: {e}"))?;
        let v: serde_json::Value =
            serde_json::from_str(&json).map_err(|e| format!("bad JSON report: {e}"))?;
        let entries = v["entries"]
            .as_array()
            .ok_or("the report has no entries")?
            .iter()
            .map(|e| Entry {
                line: e["line"].as_u64().unwrap_or(0),
                col: e["col"].as_u64().unwrap_or(0),
                level: e["level"].as_str().unwrap_or("?").to_string(),
                rule: e["rule"].as_str().unwrap_or("?").to_string(),
                message: e["message"].as_str().unwrap_or("?").to_string(),
            })
            .collect();
        // Items name the input by the path given: not part of the plan.
        let plan = match v.get("plan") {
            Some(p) => {
                let mut p = p.clone();
                for item in p["items"].as_array_mut().into_iter().flatten() {
                    item.as_object_mut().map(|o| o.remove("path"));
                }
                serde_json::to_string_pretty(&p).unwrap() + "\n"
            }
            None => String::new(),
        };
        Ok((output, entries, plan))
    })();
    let _ = fs::remove_dir_all(&dir);
    done
}

fn diff(what: &str, expected: &str, ours: &str) -> String {
    let text = similar::TextDiff::from_lines(expected, ours)
        .unified_diff()
        .context_radius(3)
        .header("expected", "ours")
        .to_string();
    format!("{what} differs:\n{text}")
}

fn read_lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn joined(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Compares a fixture with its expected files: None when equal, else a
/// readable diff of the output and of the log.
fn compare(f: &Fixture, extra: &[String]) -> Result<Option<String>, String> {
    let (output, entries, plan) = run(f, extra)?;
    let expected =
        fs::read(&f.expected_out).map_err(|e| format!("{}: {e}", f.expected_out.display()))?;
    let want = read_lines(&f.expected_log);
    let got: Vec<String> = entries.iter().map(Entry::render).collect();
    let mut problems = Vec::new();
    if output != expected {
        problems.push(diff(
            "output",
            &String::from_utf8_lossy(&expected),
            &String::from_utf8_lossy(&output),
        ));
    }
    if want != got {
        problems.push(diff("log", &joined(&want), &joined(&got)));
    }
    let want_plan = fs::read_to_string(&f.expected_plan).unwrap_or_default();
    if want_plan != plan {
        problems.push(diff("plan", &want_plan, &plan));
    }
    Ok((!problems.is_empty()).then(|| problems.join("\n")))
}

fn check(f: &Fixture) -> Result<(), Failed> {
    match compare(f, &[])? {
        None => Ok(()),
        Some(problem) => Err(format!(
            "{problem}\n(UPDATE_FIXTURES=1 cargo test --test fixtures rewrites expected files, see fixtures/README.md)"
        )
        .into()),
    }
}

/// Rewrites a fixture's expected files (UPDATE_FIXTURES).
fn bless(f: &Fixture) -> Result<(), Failed> {
    let (output, entries, plan) = run(f, &[])?;
    let got: Vec<String> = entries.iter().map(Entry::render).collect();
    match f.origin {
        Origin::Ours => {
            fs::create_dir_all(f.expected_out.parent().unwrap()).unwrap();
            fs::write(&f.expected_out, &output).unwrap();
            fs::write(&f.expected_log, joined(&got)).unwrap();
            if plan.is_empty() {
                let _ = fs::remove_file(&f.expected_plan);
            } else {
                fs::write(&f.expected_plan, &plan).unwrap();
            }
            Ok(())
        }
        Origin::Reference => {
            let expected = fs::read(&f.expected_out).unwrap_or_default();
            let want: Vec<_> = read_lines(&f.expected_log)
                .iter()
                .map(|l| position(l))
                .collect();
            let ours: Vec<_> = entries
                .iter()
                .map(|e| Some((e.line, e.col, e.level.clone())))
                .collect();
            if output != expected || want != ours {
                let what = if output != expected {
                    "output"
                } else {
                    "log positions or levels"
                };
                return Err(format!(
                    "{}: our {what} do not match the reference's, and only rules and messages \
                     are rewritten here: nothing written. Positions, levels and output come \
                     from the reference (fixtures/make_expected.py).\n{}",
                    f.name,
                    compare(f, &[])?.unwrap_or_default()
                )
                .into());
            }
            fs::write(&f.expected_log, joined(&got)).unwrap();
            Ok(())
        }
    }
}

/// The message template of a key in rules/messages.toml.
fn template(key: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/messages.toml");
    let table: toml::Table = toml::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    table["messages"][key]
        .as_str()
        .unwrap_or_else(|| panic!("no message {key} in rules/messages.toml"))
        .to_string()
}

/// Whether a message (as expected.log writes it: a line break is `\n`)
/// ends with a rendering of the template: its literal parts (between
/// `{placeholder}`s) in order, the last one ending the message unless the
/// template ends with a placeholder. (A message kind's text ends the message
/// that quotes it; a message the code renders is the whole message, after
/// a notebook's `cell N, line M: `.)
fn renders(message: &str, template: &str) -> bool {
    let placeholder = regex::Regex::new(r"\{[a-z0-9_]+\}").unwrap();
    let template = template.replace('\n', "\\n");
    let parts: Vec<&str> = placeholder.split(&template).collect();
    let ends_with_placeholder = parts.last().is_some_and(|p| p.is_empty());
    let mut rest = message;
    let literal: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    for (i, part) in literal.iter().enumerate() {
        if i + 1 == literal.len() && !ends_with_placeholder {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// The fixtures that fail as things are (each their own test already):
/// the pinning tests leave them out, so that one broken fixture does not
/// fail every pinning test too.
fn failing_now(all: &[Fixture]) -> &'static BTreeSet<String> {
    static FAILING: OnceLock<BTreeSet<String>> = OnceLock::new();
    FAILING.get_or_init(|| {
        all.iter()
            .filter(|f| !matches!(compare(f, &[]), Ok(None)))
            .map(|f| f.name.clone())
            .collect()
    })
}

/// Changing one message's wording (through `--rules`) fails exactly the
/// fixtures whose expected.log holds that message, and at least one.
fn pinning(key: &str, all: &[Fixture]) -> Result<(), Failed> {
    let template = template(key);
    let users: BTreeSet<&str> = all
        .iter()
        .filter(|f| {
            read_lines(&f.expected_log)
                .iter()
                .filter_map(|l| message_of(l))
                .any(|m| renders(m, &template))
        })
        .map(|f| f.name.as_str())
        .collect();
    if users.is_empty() {
        return Err(format!("no fixture's expected.log holds message {key}").into());
    }
    let skip = failing_now(all);
    let dir = common::scratch_dir(&format!("pinning-{key}"));
    let rules = dir.join("rules.toml");
    let mut messages = toml::Table::new();
    messages.insert(key.into(), format!("{template} (reworded)").into());
    let mut file = toml::Table::new();
    file.insert("messages".into(), messages.into());
    fs::write(&rules, toml::to_string(&file).unwrap()).unwrap();
    let extra = ["--rules".to_string(), rules.to_string_lossy().into_owned()];
    let mut failing = BTreeSet::new();
    let mut errors = Vec::new();
    for f in all.iter().filter(|f| !skip.contains(&f.name)) {
        match compare(f, &extra) {
            Ok(None) => {}
            Ok(Some(_)) => {
                failing.insert(f.name.as_str());
            }
            Err(e) => errors.push(format!("{}: {e}", f.name)),
        }
    }
    let _ = fs::remove_dir_all(&dir);
    if !errors.is_empty() {
        return Err(errors.join("\n").into());
    }
    let users: BTreeSet<&str> = users
        .into_iter()
        .filter(|name| !skip.contains(*name))
        .collect();
    if failing != users {
        return Err(format!(
            "rewording {key} fails {failing:?}, but the fixtures holding it are {users:?} \
             (left out, failing already: {skip:?})"
        )
        .into());
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let update = std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| !v.is_empty() && v != "0");
    let all: &'static [Fixture] = Vec::leak(fixtures());
    let mut trials: Vec<Trial> = all
        .iter()
        .map(|f| {
            Trial::test(
                f.name.clone(),
                move || {
                    if update {
                        bless(f)
                    } else {
                        check(f)
                    }
                },
            )
        })
        .collect();
    for key in PINNED_KEYS {
        // While blessing, expected files are being rewritten: no pinning.
        trials.push(
            Trial::test(format!("pinning::{key}"), move || pinning(key, all))
                .with_ignored_flag(update),
        );
    }
    libtest_mimic::run(&args, trials).exit();
}
