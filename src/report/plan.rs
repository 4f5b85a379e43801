//! The migration plan in the reports: counts per step (the text block that
//! closes the summary and the report file in target mode) and the JSON
//! report's `plan` section.

use serde_json::{json, Value};

use super::Report;
use crate::plan::Step;

/// Items and files per step, in the guide's order (steps without items
/// left out).
pub fn counts(report: &Report) -> Vec<(Step, usize, usize)> {
    Step::ALL
        .into_iter()
        .map(|step| {
            let mut items = 0;
            let mut files = 0;
            for f in &report.files {
                let n = f.plan.iter().filter(|l| l.item.step == step).count();
                items += n;
                files += usize::from(n > 0);
            }
            (step, items, files)
        })
        .filter(|(_, items, _)| *items > 0)
        .collect()
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The text block: what is left, step by step; `None` without items.
pub fn text(report: &Report) -> Option<String> {
    let counts = counts(report);
    if counts.is_empty() {
        return None;
    }
    let items: usize = counts.iter().map(|c| c.1).sum();
    let files = report.files.iter().filter(|f| !f.plan.is_empty()).count();
    let rule = "=".repeat(80);
    let mut s = format!(
        "{rule}\nLeft to make the code TF2-native ({} in {}, by the steps of TensorFlow's migration guide):\n",
        plural(items, "item"),
        plural(files, "file")
    );
    let width = counts.iter().map(|c| c.0.title().len()).max().unwrap_or(0);
    for (step, items, files) in counts {
        s.push_str(&format!(
            "  {:width$}  {} in {}\n",
            step.title(),
            plural(items, "item"),
            plural(files, "file"),
        ));
    }
    s.push_str("  (each item, with its replacement: the JSON report's `plan`, or `--html`)\n");
    Some(s)
}

/// The JSON report's `plan`: counts per step and every item.
pub fn json(report: &Report) -> Option<Value> {
    if report.files.iter().all(|f| f.plan.is_empty()) {
        return None;
    }
    let steps: Vec<Value> = counts(report)
        .into_iter()
        .map(|(step, items, files)| {
            json!({"step": step.id(), "title": step.title(), "items": items, "files": files})
        })
        .collect();
    let items: Vec<Value> = report
        .files
        .iter()
        .flat_map(|f| {
            f.plan.iter().map(move |l| {
                let mut v = json!({
                    "path": f.input,
                    "line": l.pos.line,
                    "col": l.pos.col,
                    "step": l.item.step.id(),
                    "what": l.item.what,
                    "why": l.item.why,
                });
                if let Some(r) = &l.item.replacement {
                    v["replacement"] = json!(r);
                }
                if let Some((cell, line)) = l.pos.cell {
                    v["cell"] = json!(cell);
                    v["cell_line"] = json!(line);
                }
                v
            })
        })
        .collect();
    Some(json!({"steps": steps, "items": items}))
}
