//! What the converted tree itself defines: attribute chains over TensorFlow
//! that some file assigns (tflearn sets `tf.GraphKeys.LAYER_TENSOR = …` in
//! one file and reads it in others). A reference at or below an assigned
//! path counts as defined.
//!
//! Each file's pass reports what its output assigns ([`super::Facts`]);
//! once a tree is converted, the driver takes back the reports of paths
//! another file assigns (no pass over the tree before the conversion).
//! Only `.py` files feed the tree's set (a notebook's own assignments still
//! count for itself).

use std::collections::HashSet;

#[derive(Debug, Default, Clone)]
pub struct Assigned {
    paths: HashSet<String>,
}

impl Assigned {
    pub fn new(paths: impl IntoIterator<Item = String>) -> Assigned {
        Assigned {
            paths: paths.into_iter().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether `full` or one of its prefixes is assigned.
    pub fn covers(&self, full: &str) -> bool {
        if self.paths.is_empty() {
            return false;
        }
        full.match_indices('.')
            .map(|(i, _)| &full[..i])
            .chain(std::iter::once(full))
            .any(|p| self.paths.contains(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_covered() {
        let a = Assigned::new(["tensorflow.GraphKeys.MINE".to_string()]);
        assert!(a.covers("tensorflow.GraphKeys.MINE"));
        assert!(a.covers("tensorflow.GraphKeys.MINE.x"));
        assert!(!a.covers("tensorflow.GraphKeys"));
        assert!(!a.covers("tensorflow.GraphKeys.MINE2"));
    }
}
