//! Target mode: passes after the engine that make converted code resolve and
//! run on a given TensorFlow release.

pub mod api;
pub mod api_table;
pub mod graph_mode;
pub mod keras_layers;
pub mod slim;
