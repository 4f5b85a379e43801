//! Parses the embedded target API tables (rules/api/*.txt.gz) at build time into
//! the binary form of src/target_pass/api_table.rs, written to OUT_DIR and embedded
//! by src/target_pass/api.rs (so nothing is decompressed or parsed at run time);
//! and the entries of rules/target/contrib_homes.toml and
//! rules/target/estimator_homes.toml that the program reads (path, home,
//! kind, note, closest replacement) into one Rust table, embedded by
//! src/target_pass/contrib_homes.rs (the TOML files are large; the rest of them,
//! the sources, is for people and the checker); and the smaller tables of
//! target mode as JSON, which serde_json reads at run time in half the time
//! a TOML parser takes.

#[allow(dead_code)]
#[path = "src/target_pass/api_table.rs"]
mod api_table;

use std::io::Read;
use std::path::Path;

fn gunzip(path: &str) -> String {
    println!("cargo:rerun-if-changed={path}");
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut s = String::new();
    flate2::read::GzDecoder::new(&data[..])
        .read_to_string(&mut s)
        .unwrap_or_else(|e| panic!("{path}: not gzip'd UTF-8: {e}"));
    s
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/target_pass/api_table.rs");
    let out = std::env::var("OUT_DIR").unwrap();
    let slim = gunzip("rules/api/tf_slim-1.1.0.txt.gz");
    let companion = gunzip("rules/api/tfup_compat.txt.gz");
    for (tf, bin) in [
        ("rules/api/tf-2.21.txt.gz", "api-tf-2.21.bin"),
        (
            "rules/api/tf-2.21-legacy-keras.txt.gz",
            "api-tf-2.21-legacy-keras.bin",
        ),
    ] {
        let text = gunzip(tf);
        let t = api_table::Table::parse(&[&text, &slim, &companion])
            .unwrap_or_else(|e| panic!("{tf}: {e}"));
        std::fs::write(Path::new(&out).join(bin), t.to_bytes()).unwrap();
    }
    contrib_homes(Path::new(&out));
    private_homes(Path::new(&out));
    as_json(Path::new(&out));
    let compat = gunzip("rules/plan_compat_v1.txt.gz");
    std::fs::write(Path::new(&out).join("plan_compat_v1.txt"), compat).unwrap();
}

/// Tables target mode deserializes at run time, and the names of their JSON
/// forms in OUT_DIR.
const AS_JSON: &[(&str, &str)] = &[
    ("rules/target/keras_layers.toml", "keras_layers.json"),
    ("rules/target/messages.toml", "target_messages.json"),
    ("rules/target/requirements.toml", "requirements.json"),
    ("rules/older.toml", "older.json"),
    ("rules/advice.toml", "advice.json"),
    ("rules/plan.toml", "plan.json"),
    ("rules/target/companion.toml", "companion.json"),
];

fn as_json(out: &Path) {
    for (path, name) in AS_JSON {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let json = serde_json::to_string(&value).unwrap();
        std::fs::write(out.join(name), json).unwrap();
    }
}

#[derive(serde::Deserialize)]
struct PrivateHomes {
    homes: std::collections::BTreeMap<String, PrivateHome>,
}

#[derive(serde::Deserialize)]
struct PrivateHome {
    home: String,
    private: String,
    kind: String,
    #[serde(default)]
    args: String,
}

/// rules/target/private_homes.toml as `[(path, home, private, kind, args)]`,
/// sorted by path.
fn private_homes(out: &Path) {
    let path = "rules/target/private_homes.toml";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: PrivateHomes = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rust = String::from("&[\n");
    for (key, h) in &table.homes {
        rust.push_str(&format!(
            "    ({key:?}, {:?}, {:?}, {:?}, {:?}),\n",
            h.home, h.private, h.kind, h.args
        ));
    }
    rust.push_str("]\n");
    std::fs::write(out.join("private_homes.rs"), rust).unwrap();
}

#[derive(serde::Deserialize)]
struct Homes {
    homes: std::collections::BTreeMap<String, Home>,
}

#[derive(serde::Deserialize)]
struct Home {
    home: String,
    kind: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    closest: String,
}

/// The tables of where removed modules went (rules/target/*_homes.toml) as
/// one `[(path, home, kind, note, closest)]`, sorted by path.
fn contrib_homes(out: &Path) {
    let mut all = std::collections::BTreeMap::new();
    for path in [
        "rules/target/contrib_homes.toml",
        "rules/target/estimator_homes.toml",
    ] {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let homes: Homes = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        for (key, h) in homes.homes {
            assert!(all.insert(key.clone(), h).is_none(), "{path}: {key} twice");
        }
    }
    let mut rust = String::from("&[\n");
    for (key, h) in &all {
        rust.push_str(&format!(
            "    ({key:?}, {:?}, {:?}, {:?}, {:?}),\n",
            h.home, h.kind, h.note, h.closest
        ));
    }
    rust.push_str("]\n");
    std::fs::write(out.join("contrib_homes.rs"), rust).unwrap();
}
