//! Target mode: what converted code references that a given TensorFlow release lacks.
pub mod api;
