//! A notebook's view: the diff of each code cell's source, with the lines
//! its entries name (`cell N, line L`: N counts every cell of the notebook
//! from 1, L the line in the cell's source, its elements joined).
//!
//! The conversion changes only `source` values, so the input's and the
//! output's cells pair up one to one; where they do not (not JSON, cells
//! added or dropped, another cell type), there is no cell view.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{hunks, lines, Section};

/// One section per code cell with something to show, in notebook order;
/// `None` when the two notebooks' cells do not pair up.
pub fn sections(old: &str, new: &str, interest: &BTreeSet<(usize, usize)>) -> Option<Vec<Section>> {
    let old: Value = serde_json::from_str(old).ok()?;
    let new: Value = serde_json::from_str(new).ok()?;
    let (old, new) = (cells(&old)?, cells(&new)?);
    if old.len() != new.len() {
        return None;
    }
    let mut out = Vec::new();
    for (i, (o, n)) in old.iter().zip(&new).enumerate() {
        let number = i + 1;
        if o.kind != n.kind {
            return None;
        }
        let (Some(o_text), Some(n_text)) = (&o.source, &n.source) else {
            continue;
        };
        let wanted: BTreeSet<usize> = interest
            .range((number, 0)..=(number, usize::MAX))
            .map(|&(_, line)| line)
            .collect();
        let o_lines = lines(o_text);
        let h = hunks(&o_lines, &lines(n_text), &wanted);
        if !h.is_empty() {
            out.push(Section {
                cell: Some(number),
                lines: o_lines.len(),
                hunks: h,
            });
        }
    }
    Some(out)
}

/// A cell: its type, and for a code cell its source as one text.
struct Cell {
    kind: Option<String>,
    source: Option<String>,
}

/// The cells of a notebook (format 4's `cells`, or format 3's worksheets,
/// whose cells keep their code in `input`), in order.
fn cells(root: &Value) -> Option<Vec<Cell>> {
    let lists: Vec<(&Vec<Value>, &str)> = match root.get("cells") {
        Some(cells) => vec![(cells.as_array()?, "source")],
        None => root
            .get("worksheets")?
            .as_array()?
            .iter()
            .filter_map(|w| w.get("cells")?.as_array())
            .map(|c| (c, "input"))
            .collect(),
    };
    let mut out = Vec::new();
    for (list, key) in lists {
        for cell in list {
            let kind = cell.get("cell_type").and_then(Value::as_str);
            let source = match (kind, cell.get(key)) {
                (Some("code"), Some(s)) => source_text(s),
                _ => None,
            };
            out.push(Cell {
                kind: kind.map(str::to_string),
                source,
            });
        }
    }
    Some(out)
}

/// A `source` value as text: a string, or a list of strings joined.
fn source_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => parts.iter().map(Value::as_str).collect(),
        _ => None,
    }
}
