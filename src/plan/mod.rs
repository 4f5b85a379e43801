//! What is left to make converted code TF2-native: the migration plan.
//!
//! In target mode, after the check, the plan reads the output as the check
//! does (never changing it) and lists every construct that keeps a file
//! from being TF2-native, each filed under one step of TensorFlow's
//! migration guide, with the TF2 replacement where the facts
//! (`rules/plan.toml`) give one.

pub mod items;
pub mod table;

use crate::diagnostic::{Entry, Position};
pub use crate::diagnostic::{PlanItem as Item, Step};
pub use items::items;

/// An item with its position, as report entries have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub item: Item,
    pub pos: Position,
}

/// Takes the plan's items out of a file's entries, in their order.
pub fn split(entries: &mut Vec<Entry>) -> Vec<Located> {
    if !entries.iter().any(|e| e.diagnostic.plan.is_some()) {
        return Vec::new();
    }
    let mut plan = Vec::new();
    entries.retain_mut(|e| match e.diagnostic.plan.take() {
        Some(item) => {
            plan.push(Located {
                item: *item,
                pos: e.pos,
            });
            false
        }
        None => true,
    });
    plan
}
