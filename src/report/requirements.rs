//! What the converted code needs besides TensorFlow: the packages of
//! `rules/target/requirements.toml` and our runtime companion, for the
//! text and JSON reports.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Report;

impl Report {
    /// What the converted code needs besides TensorFlow (tf-slim, then
    /// tf-keras): each package, with its versions and environment from
    /// `rules/target/requirements.toml`, and how many files need it.
    pub fn requirements(&self) -> Vec<(&'static Requirement, usize)> {
        let slim = self.files.iter().filter(|f| f.needs.tf_slim).count();
        let keras = self.files.iter().filter(|f| f.needs.tf_keras).count();
        [("tf-slim", slim), ("tf-keras", keras)]
            .into_iter()
            .filter(|(_, files)| *files > 0)
            .map(|(key, files)| (requirement(key), files))
            .collect()
    }

    /// The files that use the runtime companion `tfup_compat`.
    pub fn companion_users(&self) -> usize {
        self.files.iter().filter(|f| f.needs.companion).count()
    }

    /// [`Report::requirements`] (and the runtime companion) as the text
    /// report's closing lines.
    pub fn requirements_text(&self) -> Option<String> {
        let needs = self.requirements();
        let companion = self.companion_users();
        if needs.is_empty() && companion == 0 {
            return None;
        }
        let users = |files: usize| {
            if files == 1 {
                "1 file uses it".to_string()
            } else {
                format!("{files} files use it")
            }
        };
        let rule = "=".repeat(80);
        let mut s = format!("{rule}\nTo run the converted code, besides TensorFlow:\n");
        if companion > 0 {
            let users = users(companion);
            s.push_str(&match &self.companion {
                Some(path) => format!(
                    "  tfup_compat, this tool's runtime companion: written to {path}; keep it importable (beside the code, or on PYTHONPATH)    ({users})\n"
                ),
                None => format!(
                    "  tfup_compat, this tool's runtime companion: not written by this run; write it with `--compat-module PATH`, or pip install this tool    ({users})\n"
                ),
            });
        }
        for (r, files) in needs {
            let users = users(files);
            let install = format!("pip install \"{}{}\"", r.pip, r.version);
            if r.env.is_empty() {
                s.push_str(&format!("  {install}    ({users})\n"));
            } else {
                s.push_str(&format!(
                    "  {install}, and run with {}    ({users})\n",
                    r.env
                ));
            }
        }
        Some(s)
    }
}

impl Requirement {
    /// The package as the JSON report and the review page list it.
    pub fn json(&self, files: usize) -> serde_json::Value {
        serde_json::json!({"pip": self.pip, "version": self.version, "env": self.env, "files": files})
    }
}

/// A package the converted code may need (`rules/target/requirements.toml`,
/// generated from the installed packages).
#[derive(Debug, Deserialize)]
pub struct Requirement {
    /// The distribution pip installs (`tf-keras`).
    pub pip: String,
    /// The versions that work with the targeted TensorFlow (`~=2.21.0`).
    pub version: String,
    /// The environment to run the code with (`TF_USE_LEGACY_KERAS=1`), or "".
    pub env: String,
}

#[derive(Deserialize)]
struct Requirements {
    requirements: HashMap<String, Requirement>,
}

/// The requirement named `key` in `rules/target/requirements.toml`.
fn requirement(key: &str) -> &'static Requirement {
    static TABLE: OnceLock<Requirements> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/requirements.json")))
            .expect("built-in rules/target/requirements.toml")
    });
    table
        .requirements
        .get(key)
        .unwrap_or_else(|| panic!("rules/target/requirements.toml has no {key}"))
}
