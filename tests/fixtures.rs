//! Golden fixtures: fixtures/<name>/input.py converted must equal
//! expected.py, and the log must have exactly the entries (line, column,
//! level) of expected.log, in the same order. Expected files come from the reference
//! (fixtures/make_expected.py) unless the fixture's README says otherwise;
//! a `target` file gives the fixture a target (`--target`), whose expected
//! files come from our binary (see fixtures/README.md).

use std::fs;
use std::path::Path;

use tf_upgrade_v2::engine::{Mode, Options};
use tf_upgrade_v2::pipeline::{convert, Kind, Settings as Job};
use tf_upgrade_v2::target::Target;

fn options_for(dir: &Path) -> Options {
    let mut options = Options::default();
    if let Ok(flags) = fs::read_to_string(dir.join("flags")) {
        let words: Vec<&str> = flags.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            match *w {
                "--no_upgrade_compat_v1_import" => options.upgrade_compat_v1_import = false,
                "--mode" if words.get(i + 1) == Some(&"SAFETY") => options.mode = Mode::Safety,
                _ => {}
            }
        }
    }
    options
}

#[test]
fn golden_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut names: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for dir in names {
        let input = dir.join("input.py");
        if !input.exists() {
            continue;
        }
        count += 1;
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        // A `target` file names the target (`--target`) of the fixture.
        let target = fs::read_to_string(dir.join("target"))
            .ok()
            .map(|t| Target::parse(t.trim()).unwrap_or_else(|| panic!("{name}: bad target")));
        let job = Job {
            target,
            ..Job::new(tf_upgrade_v2::engine::builtin_rules(), options_for(&dir))
        };
        let src = fs::read(&input).unwrap();
        let result = convert(&src, Kind::Python, &job);
        let (out, log) = (result.output, result.entries);
        let expected =
            fs::read(dir.join("expected.py")).unwrap_or_else(|_| panic!("{name}: no expected.py"));
        if out != expected {
            failures.push(format!(
                "{name}: output differs\n--- expected\n{}\n--- ours\n{}",
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&out)
            ));
        }
        // Same entries, in the reference's order.
        let want: Vec<String> = fs::read_to_string(dir.join("expected.log"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        let got: Vec<String> = log
            .iter()
            .map(|e| format!("{}:{}: {}", e.line(), e.col(), e.level().as_str()))
            .collect();
        if want != got {
            failures.push(format!(
                "{name}: log differs\n  expected {want:?}\n  ours     {got:?}"
            ));
        }
    }
    assert!(count > 0, "no fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {count} fixtures fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
