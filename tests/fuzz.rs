//! A seeded, time-bounded fuzzer on the stable toolchain, run by `cargo test`.
//!
//! Inputs: the fixture inputs (`fixtures/*/input.py`, `fixtures/notebooks/*`)
//! and generated TF 1 token soup, mutated at the byte level (truncated,
//! spliced with another input, ranges cut or duplicated, brackets, quotes,
//! tabs, `\r`, NUL or invalid UTF-8 inserted, lines swapped or re-indented,
//! TensorFlow names dropped in) and, for notebooks, through their JSON (cell
//! sources mutated, split or joined, cells duplicated, dropped or retyped,
//! magics added, fields of the wrong type). Each input goes through the
//! converter in one of several modes (default, SAFETY, compat.v1 import kept,
//! `--target`). Checked:
//!
//! - no panic, no internal error;
//! - a refused file (ERROR, unchanged) comes back byte for byte;
//! - a changed notebook is still JSON;
//! - converting the same input twice gives the same output.
//!
//! Each of the two tests runs for `FUZZ_SECONDS` (default 1.5) from seed
//! `FUZZ_SEED` (default 1; `random` picks one from the clock). A long run:
//!
//!     FUZZ_SECONDS=600 FUZZ_SEED=random cargo test --release --test fuzz -- --nocapture
//!
//! A failure names its seed and case number and keeps the failing input
//! under `target/fuzz-failures/`; the same seed replays the same cases.
//! `tests/properties.rs` (grammar-generated snippets) and `tests/mutation.rs`
//! (the binary on mutated trees, checked against CPython) cover the rest.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::mutate::{line_starts, swap_lines, Rng, INSERTS};

/// The one call into the library: converts `bytes` as a Python file, or as a
/// notebook when `notebook` is set, with the options `flags` picks (bit 0:
/// SAFETY mode, bit 1: keep `compat.v1` imports, bits 2-3: no target,
/// `2.21`, `2.21-legacy-keras`). Returns the output and whether the file was
/// refused (left unchanged with an ERROR entry saying why). Panics on an
/// internal error (a converter panic that the driver caught).
fn convert(bytes: &[u8], notebook: bool, flags: u8) -> (Vec<u8>, bool) {
    use tf_upgrade_v2::diagnostic::Level;
    use tf_upgrade_v2::engine::{Mode, Options};
    use tf_upgrade_v2::pipeline::{self, Kind, Outcome, Settings};
    use tf_upgrade_v2::registry::Rule;
    use tf_upgrade_v2::target_pass::Target;

    let mut settings = Settings::new(
        tf_upgrade_v2::engine::builtin_rules(),
        Options {
            mode: if flags & 1 != 0 {
                Mode::Safety
            } else {
                Mode::Default
            },
            upgrade_compat_v1_import: flags & 2 == 0,
            ..Options::default()
        },
    );
    settings.target = match (flags >> 2) % 3 {
        1 => Target::parse("2.21"),
        2 => Target::parse("2.21-legacy-keras"),
        _ => None,
    };
    let kind = if notebook {
        Kind::Notebook
    } else {
        Kind::Python
    };
    let c = pipeline::convert(bytes, kind, &settings);
    assert_ne!(
        c.outcome,
        Outcome::Failed,
        "internal error: {:?}",
        c.entries
    );
    if let Some(e) = c.entries.iter().find(|e| e.rule() == Rule::InternalError) {
        panic!("internal error: {}", e.message());
    }
    let refused = c.outcome == Outcome::Refused;
    if refused {
        assert!(
            c.entries.iter().any(|e| e.level() == Level::Error),
            "refused without an ERROR entry: {:?}",
            c.entries
        );
    }
    (c.output, refused)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seconds() -> f64 {
    std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.5)
}

fn seed() -> u64 {
    match std::env::var("FUZZ_SEED") {
        Ok(v) if v == "random" => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("FUZZ_SEED={v}: a number or `random`")),
        Err(_) => 1,
    }
}

/// TensorFlow names the rule tables know (read from `rules/*.toml` as data,
/// so the converter has work to do on the soup).
fn tf_names() -> Vec<String> {
    let mut names = Vec::new();
    for (file, tables) in [
        ("renames.toml", &["renames"][..]),
        ("reorders.toml", &["reorders"][..]),
        ("keywords.toml", &["keywords"][..]),
        ("transforms.toml", &["transforms"][..]),
        (
            "warnings.toml",
            &["function_warnings", "module_deprecations"][..],
        ),
        ("older.toml", &["renames"][..]),
    ] {
        let text = fs::read_to_string(root().join("rules").join(file)).unwrap();
        let doc: toml::Table = text.parse().unwrap();
        for t in tables {
            if let Some(toml::Value::Table(entries)) = doc.get(*t) {
                names.extend(entries.keys().filter(|k| k.starts_with("tf.")).cloned());
            }
        }
    }
    names.sort();
    names.dedup();
    assert!(names.len() > 500, "rule tables not read: {}", names.len());
    names
}

fn fixture_files(notebooks: bool) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    if notebooks {
        for e in fs::read_dir(root().join("fixtures/notebooks")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "ipynb") {
                paths.push(p);
            }
        }
    } else {
        for e in fs::read_dir(root().join("fixtures")).unwrap() {
            let p = e.unwrap().path().join("input.py");
            if p.is_file() {
                paths.push(p);
            }
        }
    }
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures found");
    paths.iter().map(|p| fs::read(p).unwrap()).collect()
}

const KEYWORDS: &[&str] = &[
    "axis",
    "name",
    "keep_dims",
    "keepdims",
    "reduction_indices",
    "dim",
    "keep_prob",
    "rate",
    "seed",
    "dtype",
    "shape",
    "logits",
    "labels",
    "colocate_gradients_with_ops",
];

const SOUP: &[&str] = &[
    "import tensorflow as tf\n",
    "import tensorflow.compat.v1 as tf\n",
    "import tensorflow\n",
    "from tensorflow import keras\n",
    "from tensorflow.contrib import layers\n",
    "import tensorflow.contrib.slim as slim\n",
    "tf.disable_v2_behavior()\n",
    "def f(x, *a, **k):\n",
    "class C(object):\n",
    "with tf.Session() as sess:\n",
    "if x:\n",
    "else:\n",
    "for i in range(3):\n",
    "try:\n",
    "except Exception as e:\n",
    "return ",
    "lambda x: ",
    "async ",
    "await ",
    "yield ",
    "@tf.function\n",
    "    ",
    "\t",
    "\n",
    "\r\n",
    "\\\n",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    "=",
    ".",
    "*",
    "**",
    " + ",
    " if ",
    " else ",
    " for ",
    " in ",
    "x",
    "sess",
    "self",
    "None",
    "True",
    "0",
    "1.5e-3",
    "'s'",
    "\"\"\"doc\n\"\"\"",
    "f'{x!r:>3}'",
    "b'\\x00'",
    "# comment\n",
    "%matplotlib inline\n",
    "!pip install x\n",
    "x?\n",
    "é",
    "日本",
];

/// A call of a rule's name with positional and keyword arguments.
fn call(rng: &mut Rng, names: &[String]) -> String {
    let mut args: Vec<String> = Vec::new();
    for _ in 0..rng.below(4) {
        args.push(match rng.below(3) {
            0 => format!("{}(x)", rng.pick(names)),
            1 => rng.pick(&["x", "1", "'a'", "None", "*a"]).to_string(),
            _ => rng.pick(names).clone(),
        });
    }
    for _ in 0..rng.below(3) {
        args.push(format!("{}=x", rng.pick(KEYWORDS)));
    }
    format!("{}({})", rng.pick(names), args.join(", "))
}

/// Generated TF 1 token soup: statements built from the rules' names (calls
/// with keywords, attributes, blocks), and lines of loose tokens; mostly
/// Python, sometimes not.
fn soup(rng: &mut Rng, names: &[String]) -> Vec<u8> {
    let mut s = String::new();
    if rng.chance(80) {
        s.push_str(SOUP[rng.below(3)]);
    }
    for _ in 0..1 + rng.below(10) {
        match rng.below(8) {
            0..=2 => s.push_str(&format!("y = {}\n", call(rng, names))),
            3 => s.push_str(&format!("{}.{}\n", rng.pick(names), rng.pick(KEYWORDS))),
            4 => s.push_str(&format!(
                "with tf.Session() as sess:\n    sess.run({})\n",
                call(rng, names)
            )),
            5 => s.push_str(&format!(
                "def f(x, *a, **k):\n    '''doc'''\n    return {}\n",
                call(rng, names)
            )),
            6 => s.push_str(&format!(
                "class C(object):\n  def m(self):\n    if x:\n      self.v = {}\n",
                call(rng, names)
            )),
            _ => {
                for _ in 0..1 + rng.below(8) {
                    if rng.chance(20) {
                        s.push_str(rng.pick(names).as_str());
                    } else {
                        s.push_str(rng.pick::<&str>(SOUP));
                    }
                }
                s.push('\n');
            }
        }
    }
    s.into_bytes()
}

/// What the fuzzer inserts besides the shared [`INSERTS`]: a byte order
/// mark and coding cookies.
const ENCODING_INSERTS: &[&[u8]] = &[
    b"\xef\xbb\xbf",
    b"# -*- coding: latin-1 -*-\n",
    b"# coding: cp1252\n",
    b"# coding: koi8-r\n",
];

/// One to three byte-level mutations; `other` is a second input to splice
/// from. Returns the names of the mutations made.
fn mutate(
    rng: &mut Rng,
    b: &mut Vec<u8>,
    other: &[u8],
    names: &[String],
    what: &mut Vec<&'static str>,
) {
    for _ in 0..1 + rng.below(3) {
        let n = b.len();
        let pos = rng.below(n + 1);
        let len = 1 + rng.below(n.saturating_sub(pos).clamp(1, 200));
        let end = (pos + len).min(n);
        match rng.below(10) {
            0 => {
                b.truncate(pos);
                what.push("truncate");
            }
            1 => {
                b.drain(pos..end);
                what.push("cut");
            }
            2 | 3 => {
                let i = rng.below(INSERTS.len() + ENCODING_INSERTS.len());
                let ins = INSERTS
                    .get(i)
                    .unwrap_or_else(|| &ENCODING_INSERTS[i - INSERTS.len()]);
                b.splice(pos..pos, ins.iter().copied());
                what.push("insert");
            }
            4 => {
                let piece = b[pos..end].to_vec();
                b.splice(end..end, piece);
                what.push("duplicate");
            }
            5 => {
                // Splice: this input's head, the other's tail.
                let from = rng.below(other.len() + 1);
                b.truncate(pos);
                b.extend_from_slice(&other[from..]);
                what.push("splice");
            }
            6 => {
                let name = rng.pick(names).clone();
                let ins = if rng.chance(50) {
                    format!("{name}(")
                } else {
                    name
                };
                b.splice(pos..pos, ins.bytes());
                what.push("tf-name");
            }
            7 => {
                let starts = line_starts(b);
                let i = rng.below(starts.len() - 1);
                let j = rng.below(starts.len() - 1);
                if swap_lines(b, &starts, i, j) {
                    what.push("swap-lines");
                }
            }
            8 => {
                // Re-indent a line with spaces and tabs.
                let starts = line_starts(b);
                let i = *rng.pick(&starts);
                let mut e = i;
                while e < b.len() && matches!(b[e], b' ' | b'\t') {
                    e += 1;
                }
                let ws: Vec<u8> = (0..rng.below(12))
                    .map(|_| if rng.chance(30) { b'\t' } else { b' ' })
                    .collect();
                b.splice(i..e, ws);
                what.push("reindent");
            }
            _ => {
                // Change every line ending.
                let nl: &[u8] = rng.pick::<&[u8]>(&[&b"\r\n"[..], &b"\r"[..], &b"\n"[..]]);
                let mut out = Vec::with_capacity(b.len());
                let mut k = 0;
                while k < b.len() {
                    match b[k] {
                        b'\r' if b.get(k + 1) == Some(&b'\n') => {
                            out.extend_from_slice(nl);
                            k += 1;
                        }
                        b'\r' | b'\n' => out.extend_from_slice(nl),
                        c => out.push(c),
                    }
                    k += 1;
                }
                *b = out;
                what.push("line-endings");
            }
        }
    }
}

/// A cell's source as text (a list of lines joined, or the string).
fn source_text(cell: &Value) -> String {
    match cell.get("source") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// Splits text into nbformat's list of lines (each keeps its `\n`).
fn as_lines(text: &str) -> Value {
    Value::Array(
        text.split_inclusive('\n')
            .map(|l| Value::String(l.to_string()))
            .collect(),
    )
}

/// JSON-aware mutations of a notebook: its cells, their sources and types.
/// Falls back to byte mutations when the input is not JSON.
fn mutate_notebook(
    rng: &mut Rng,
    bytes: &[u8],
    other: &[u8],
    names: &[String],
    what: &mut Vec<&'static str>,
) -> Vec<u8> {
    let Ok(mut nb) = serde_json::from_slice::<Value>(bytes) else {
        let mut b = bytes.to_vec();
        mutate(rng, &mut b, other, names, what);
        return b;
    };
    let Some(cells) = nb.get_mut("cells").and_then(Value::as_array_mut) else {
        let mut b = bytes.to_vec();
        mutate(rng, &mut b, other, names, what);
        return b;
    };
    for _ in 0..1 + rng.below(3) {
        if cells.is_empty() {
            cells.push(serde_json::json!({
                "cell_type": "code", "execution_count": null, "metadata": {},
                "outputs": [], "source": []
            }));
        }
        let i = rng.below(cells.len());
        match rng.below(9) {
            0..=2 => {
                // Byte mutations of the source, kept as a string or lines.
                let mut text = source_text(&cells[i]).into_bytes();
                mutate(rng, &mut text, other, names, what);
                let text = String::from_utf8_lossy(&text).into_owned();
                cells[i]["source"] = if rng.chance(70) {
                    as_lines(&text)
                } else {
                    Value::String(text)
                };
                what.push("cell-source");
            }
            3 => {
                let soup = String::from_utf8_lossy(&soup(rng, names)).into_owned();
                cells[i]["source"] = as_lines(&soup);
                cells[i]["cell_type"] = "code".into();
                what.push("cell-soup");
            }
            4 => {
                let magic = *rng.pick(&[
                    "%matplotlib inline\n",
                    "%%bash\n",
                    "!pip install tensorflow==1.15\n",
                    "%time \\\n",
                    "tf.gfile?\n",
                    "%load_ext autoreload\n",
                ]);
                let text = source_text(&cells[i]);
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                let at = rng.below(lines.len() + 1);
                let mut new: String = lines[..at].concat();
                new.push_str(magic);
                new.push_str(&lines[at..].concat());
                cells[i]["source"] = as_lines(&new);
                what.push("magic");
            }
            5 => {
                let copy = cells[i].clone();
                let at = rng.below(cells.len() + 1);
                cells.insert(at, copy);
                what.push("duplicate-cell");
            }
            6 => {
                if rng.chance(50) {
                    cells.remove(i);
                    what.push("drop-cell");
                } else {
                    let j = rng.below(cells.len());
                    cells.swap(i, j);
                    what.push("swap-cells");
                }
            }
            7 => {
                cells[i]["cell_type"] = (*rng.pick(&["code", "markdown", "raw", "other"])).into();
                what.push("cell-type");
            }
            _ => {
                // Fields of an unexpected type or value.
                let choices = [
                    Value::Null,
                    Value::from(3),
                    Value::from(""),
                    Value::Array(vec![]),
                    Value::Array(vec![Value::from(""), Value::from(1)]),
                    serde_json::json!({"a": 1}),
                ];
                let v = rng.pick(&choices);
                let key = *rng.pick(&["source", "cell_type", "metadata"]);
                cells[i][key] = v.clone();
                what.push("wrong-type");
            }
        }
    }
    if rng.chance(10) {
        nb["metadata"] = serde_json::json!({"kernelspec": {"language": "R"}});
        what.push("language");
    }
    let mut out = if rng.chance(50) {
        serde_json::to_vec_pretty(&nb).unwrap()
    } else {
        serde_json::to_vec(&nb).unwrap()
    };
    if rng.chance(5) {
        out.splice(0..0, *b"\xef\xbb\xbf");
        what.push("bom");
    }
    if rng.chance(10) {
        mutate(rng, &mut out, other, names, what);
    }
    out
}

/// Checks the properties on one input: `Ok((refused, changed))`, or `Err`
/// saying which property failed.
fn check(bytes: &[u8], notebook: bool, flags: u8) -> Result<(bool, bool), String> {
    let run = || catch_unwind(AssertUnwindSafe(|| convert(bytes, notebook, flags)));
    let (output, refused) = run().map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("panic: {msg}")
    })?;
    if refused && output != bytes {
        return Err("refused, yet the output differs from the input".into());
    }
    if notebook && output != bytes {
        let body = output.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&output);
        if let Err(e) = serde_json::from_slice::<Value>(body) {
            return Err(format!("the changed notebook is not JSON: {e}"));
        }
    }
    match run() {
        Ok(again) if again.0 == output && again.1 == refused => Ok((refused, output != bytes)),
        Ok(_) => Err("a second conversion gave another result".into()),
        Err(_) => Err("the second conversion panicked".into()),
    }
}

fn fuzz(notebook: bool) {
    let seed = seed();
    let budget = Duration::from_secs_f64(seconds());
    let names = tf_names();
    let fixtures = fixture_files(notebook);
    let ext = if notebook { "ipynb" } else { "py" };
    let start = Instant::now();
    let mut cases = 0u64;
    let (mut refused, mut changed) = (0u64, 0u64);
    while cases == 0 || start.elapsed() < budget {
        let mut rng = Rng(seed ^ cases.wrapping_mul(0xd134_2543_de82_ef95));
        // Fixtures, mutated; soup, mutated or as generated.
        let kind = rng.below(100);
        let base = if notebook || kind < 45 {
            rng.pick(&fixtures).clone()
        } else {
            soup(&mut rng, &names)
        };
        let other = rng.pick(&fixtures).clone();
        let mut what = Vec::new();
        let input = if notebook {
            mutate_notebook(&mut rng, &base, &other, &names, &mut what)
        } else {
            let mut b = base;
            if kind < 75 {
                mutate(&mut rng, &mut b, &other, &names, &mut what);
            }
            b
        };
        let flags = rng.below(12) as u8;
        let why = match check(&input, notebook, flags) {
            Ok((r, c)) => {
                refused += r as u64;
                changed += c as u64;
                None
            }
            Err(why) => Some(why),
        };
        if let Some(why) = why {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .parent()
                .unwrap()
                .join("fuzz-failures");
            fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("seed{seed}-case{cases}-flags{flags}.{ext}"));
            fs::write(&path, &input).unwrap();
            panic!(
                "FUZZ_SEED={seed}, case {cases}, flags {flags}, mutations {what:?}: {why}\ninput kept in {}",
                path.display()
            );
        }
        cases += 1;
    }
    eprintln!(
        "fuzz {ext}: {cases} cases in {:.1} s ({refused} refused, {changed} changed), FUZZ_SEED={seed}",
        start.elapsed().as_secs_f64()
    );
}

#[test]
fn fuzz_python_files() {
    fuzz(false);
}

#[test]
fn fuzz_notebooks() {
    fuzz(true);
}

/// The mutators stay deterministic and produce what the properties need:
/// inputs the converter refuses and inputs it changes.
#[test]
fn the_fuzzer_reaches_both_outcomes() {
    let names = tf_names();
    let fixtures = fixture_files(false);
    let (mut refused, mut changed) = (0, 0);
    for case in 0..60u64 {
        let mut rng = Rng(7 ^ case.wrapping_mul(0xd134_2543_de82_ef95));
        let mut b = if case % 2 == 0 {
            rng.pick(&fixtures).clone()
        } else {
            soup(&mut rng, &names)
        };
        let mut again = Rng(7 ^ case.wrapping_mul(0xd134_2543_de82_ef95));
        let mut b2 = if case % 2 == 0 {
            again.pick(&fixtures).clone()
        } else {
            soup(&mut again, &names)
        };
        let original = b.clone();
        mutate(&mut rng, &mut b, &fixtures[0], &names, &mut Vec::new());
        mutate(&mut again, &mut b2, &fixtures[0], &names, &mut Vec::new());
        assert_eq!(b, b2, "case {case}: the mutator is not deterministic");
        let (out, r) = convert(&b, false, 0);
        refused += r as usize;
        changed += (!r && out != b) as usize;
        let (out, r) = convert(&original, false, 0);
        changed += (!r && out != original) as usize;
    }
    assert!(refused >= 5, "refused {refused}");
    assert!(changed >= 20, "changed {changed}");
}
