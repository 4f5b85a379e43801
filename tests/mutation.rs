//! Seeded, time-bounded mutation run of the binary on mutated trees (the
//! in-process fuzzer is `tests/fuzz.rs`). Ignored by default; run it with
//! `scripts/mutation.sh` (release mode), configured by environment variables:
//!
//! - `MUTATION_SECONDS` (default 60): how long to run;
//! - `MUTATION_SEED` (default 1): the seed (same seed, same mutants);
//! - `MUTATION_CORPUS` (default `~/.cache/tfup-conformance/corpus` when it
//!   exists): a directory of `.py` files mutated along with the fixture inputs.
//!
//! Mutants (truncated, a range cut or duplicated, brackets, quotes, tabs,
//! `\r`, NUL or invalid UTF-8 inserted, lines swapped or re-indented) are
//! converted in batches by the binary in tree mode. Checked: no panic (exit
//! status 0 or 1), every output written, a refused file written unchanged;
//! and, where `python3` is on PATH (one process per batch), that a mutant
//! CPython's `ast.parse` accepts is never refused as a syntax error, and one
//! it refuses is never converted. Failing mutants are kept under
//! `target/mutation-failures/`.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;

use common::mutate::{line_starts, swap_lines, Rng, INSERTS};
use std::time::{Duration, Instant};

use serde_json::Value;

const BATCH: usize = 200;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn py_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_symlink() {
            continue;
        }
        if p.is_dir() {
            py_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "py") {
            out.push(p);
        }
    }
}

fn mutate(rng: &mut Rng, src: &[u8]) -> (Vec<u8>, Vec<&'static str>) {
    let mut b = src.to_vec();
    let mut what = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let n = b.len();
        let pos = if n == 0 { 0 } else { rng.below(n + 1) };
        match rng.below(8) {
            0 => {
                b.truncate(pos);
                what.push("truncate");
            }
            1 if n > 0 => {
                let len = 1 + rng.below(64.min(n - pos.min(n - 1)));
                let end = (pos + len).min(n);
                b.drain(pos.min(end)..end);
                what.push("cut");
            }
            2 | 3 => {
                let ins = INSERTS[rng.below(INSERTS.len())];
                b.splice(pos..pos, ins.iter().copied());
                what.push("insert");
            }
            4 if n > 0 => {
                let len = 1 + rng.below(200.min(n - pos.min(n - 1)));
                let end = (pos + len).min(n);
                let piece: Vec<u8> = b[pos.min(end)..end].to_vec();
                b.splice(end..end, piece);
                what.push("duplicate");
            }
            5 => {
                let starts = line_starts(&b);
                if starts.len() > 2 {
                    let i = rng.below(starts.len() - 1);
                    let j = rng.below(starts.len() - 1);
                    if swap_lines(&mut b, &starts, i, j) {
                        what.push("swap");
                    }
                }
            }
            _ => {
                // Re-indent a line: new leading whitespace of spaces and tabs.
                let starts = line_starts(&b);
                let i = starts[rng.below(starts.len())];
                let mut e = i;
                while e < b.len() && matches!(b[e], b' ' | b'\t') {
                    e += 1;
                }
                let mut ws = Vec::new();
                for _ in 0..rng.below(12) {
                    ws.push(if rng.below(3) == 0 { b'\t' } else { b' ' });
                }
                b.splice(i..e, ws);
                what.push("reindent");
            }
        }
    }
    (b, what)
}

/// Python's verdict on each file: `true` if `ast.parse` accepts it.
fn cpython_accepts(python: &str, files: &[PathBuf]) -> Option<Vec<bool>> {
    let script = "import ast, sys, warnings\nwarnings.simplefilter('ignore')\nfor p in sys.stdin.read().split('\\0'):\n    if not p: continue\n    try:\n        ast.parse(open(p, 'rb').read())\n        print('ok')\n    except (SyntaxError, ValueError, MemoryError, RecursionError):\n        print('err')\n";
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let list: Vec<u8> = files
        .iter()
        .flat_map(|p| {
            let mut v = p.to_str().unwrap().as_bytes().to_vec();
            v.push(0);
            v
        })
        .collect();
    child.stdin.take().unwrap().write_all(&list).ok()?;
    let out = child.wait_with_output().ok()?;
    let verdicts: Vec<bool> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l == "ok")
        .collect();
    (verdicts.len() == files.len()).then_some(verdicts)
}

#[test]
#[ignore]
fn mutants_never_crash_and_agree_with_cpython() {
    let seconds: u64 = env_or("MUTATION_SECONDS", 60);
    let seed: u64 = env_or("MUTATION_SEED", 1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    py_files(&root.join("fixtures"), &mut seeds);
    seeds.retain(|p| p.file_name().is_some_and(|n| n == "input.py"));
    let corpus = std::env::var_os("MUTATION_CORPUS")
        .map(PathBuf::from)
        .or_else(|| {
            let home = std::env::var_os("HOME")?;
            Some(PathBuf::from(home).join(".cache/tfup-conformance/corpus"))
        });
    if let Some(c) = &corpus {
        py_files(c, &mut seeds);
    }
    assert!(!seeds.is_empty(), "no inputs to mutate");
    let python = ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import ast"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    eprintln!(
        "mutation: seed {seed}, {seconds} s, {} inputs, python: {}",
        seeds.len(),
        python.unwrap_or("none")
    );

    let bin = env!("CARGO_BIN_EXE_tf_upgrade_v2");
    let work = std::env::temp_dir().join(format!("tfup-mutation-{}-{seed}", std::process::id()));
    let keep = root.join("target/mutation-failures");
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut mutants, mut batches, mut failures, mut disagreements) =
        (0usize, 0usize, 0usize, 0usize);
    let (mut compared, mut cpython_refused) = (0usize, 0usize);
    let mut cache: HashMap<PathBuf, Vec<u8>> = HashMap::new();
    while Instant::now() < deadline {
        let _ = fs::remove_dir_all(&work);
        let (indir, outdir) = (work.join("in"), work.join("out"));
        fs::create_dir_all(&indir).unwrap();
        let mut inputs = Vec::new();
        for i in 0..BATCH {
            let seed_path = &seeds[rng.below(seeds.len())];
            let src = cache
                .entry(seed_path.clone())
                .or_insert_with(|| fs::read(seed_path).unwrap_or_default())
                .clone();
            let (m, what) = mutate(&mut rng, &src);
            let p = indir.join(format!("m{i:04}.py"));
            fs::write(&p, &m).unwrap();
            inputs.push((p, m, seed_path.clone(), what));
        }
        batches += 1;
        mutants += inputs.len();
        let report = work.join("report.json");
        let out = Command::new(bin)
            .arg("--intree")
            .arg(&indir)
            .arg("--outtree")
            .arg(&outdir)
            .arg("--reportfile")
            .arg(&report)
            .args(["--report-format", "json", "--quiet"])
            .output()
            .expect("run the binary");
        let mut bad: Vec<(usize, String)> = Vec::new();
        let code = out.status.code();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let batch_failed = !matches!(code, Some(0) | Some(1)) || stderr.contains("panicked");
        let json: Option<Value> = fs::read(&report)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let mut status: HashMap<String, String> = HashMap::new();
        let mut rules: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(j) = &json {
            for f in j["files"].as_array().into_iter().flatten() {
                status.insert(
                    f["input"].as_str().unwrap_or("").to_string(),
                    f["status"].as_str().unwrap_or("").to_string(),
                );
            }
            for e in j["entries"].as_array().into_iter().flatten() {
                if e["level"] == "ERROR" {
                    rules
                        .entry(e["path"].as_str().unwrap_or("").to_string())
                        .or_default()
                        .push(e["rule"].as_str().unwrap_or("").to_string());
                }
            }
        }
        let paths: Vec<PathBuf> = inputs.iter().map(|i| i.0.clone()).collect();
        let verdicts = python.and_then(|p| cpython_accepts(p, &paths));
        if let Some(v) = &verdicts {
            compared += v.len();
            cpython_refused += v.iter().filter(|ok| !**ok).count();
        }
        for (k, (p, m, _, _)) in inputs.iter().enumerate() {
            let key = p.to_str().unwrap().to_string();
            let out_path = outdir.join(p.file_name().unwrap());
            let Ok(written) = fs::read(&out_path) else {
                bad.push((k, "no output written".into()));
                continue;
            };
            let st = status.get(&key).map(String::as_str).unwrap_or("");
            if st.is_empty() {
                bad.push((k, "not in the report".into()));
            }
            if st == "failed" && &written != m {
                bad.push((k, "refused but changed".into()));
            }
            let errors = rules.get(&key).cloned().unwrap_or_default();
            if errors.iter().any(|r| r == "internal-error") {
                bad.push((k, "internal error".into()));
            }
            if let Some(v) = &verdicts {
                let syntax_refused = errors.iter().any(|r| r == "syntax-error");
                if v[k] && syntax_refused {
                    disagreements += 1;
                    bad.push((
                        k,
                        "CPython parses it, we refused it as a syntax error".into(),
                    ));
                } else if !v[k] && st != "failed" {
                    disagreements += 1;
                    bad.push((k, format!("CPython refuses it, we did not ({st})")));
                }
            }
        }
        if batch_failed {
            bad.push((usize::MAX, format!("exit status {code:?}: {stderr}")));
        }
        for (k, why) in &bad {
            if !why.starts_with("CPython") {
                failures += 1;
            }
            fs::create_dir_all(&keep).unwrap();
            if *k == usize::MAX {
                eprintln!("batch {batches}: {why}");
                for (p, m, _, _) in &inputs {
                    let _ = fs::write(
                        keep.join(format!(
                            "b{batches}-{}",
                            p.file_name().unwrap().to_string_lossy()
                        )),
                        m,
                    );
                }
                continue;
            }
            let (p, m, from, what) = &inputs[*k];
            let name = format!("b{batches}-{}", p.file_name().unwrap().to_string_lossy());
            let _ = fs::write(keep.join(&name), m);
            eprintln!(
                "{}: {why} (from {}, {})",
                keep.join(&name).display(),
                from.display(),
                what.join("+")
            );
        }
    }
    let _ = fs::remove_dir_all(&work);
    let summary = format!(
        "mutation: {mutants} mutants, {batches} batches, {failures} failures, {disagreements} disagreements with CPython ({compared} compared, {cpython_refused} refused by CPython){}",
        if python.is_none() { " (no python3)" } else { "" }
    );
    println!("{summary}");
    eprintln!("{summary}");
    assert!(failures == 0 && disagreements == 0, "{summary}");
}
