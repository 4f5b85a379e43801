//! Target mode: passes after the engine that make converted code resolve and
//! run on a given TensorFlow release.

pub mod keras_layers;
