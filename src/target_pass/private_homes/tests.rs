use super::*;

#[test]
fn the_table_parses_and_every_home_is_elsewhere() {
    assert!(!ENTRIES.is_empty());
    assert!(ENTRIES.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    for &(key, home, _, kind, args) in ENTRIES {
        assert!(
            super::super::api::is_under(key, "tensorflow.python"),
            "{key}"
        );
        assert!(home.starts_with("tensorflow."), "{key}");
        assert_ne!(home, key);
        assert!(
            ["public", "private", "module", "call"].contains(&kind),
            "{key}"
        );
        assert!(kind == "call" || args.is_empty(), "{key}");
        if kind == "public" {
            assert!(
                !super::super::api::is_under(home, "tensorflow.python"),
                "{key}"
            );
        }
        assert_eq!(get(key).map(|(k, _)| k), Some(key));
    }
}

#[test]
fn a_symbol_goes_to_its_public_home_then_its_private_path() {
    assert_eq!(
        candidates("tensorflow.python.util.nest.is_sequence"),
        [
            "tensorflow.nest.is_nested",
            "tensorflow.python.util.nest.is_nested"
        ]
    );
}

#[test]
fn a_module_takes_what_is_below_it_along() {
    assert_eq!(
        candidates("tensorflow.python.training.training_ops.apply_adam"),
        ["tensorflow.python.ops.gen_training_ops.apply_adam"]
    );
}

#[test]
fn paths_outside_the_private_modules_have_no_entry() {
    assert!(candidates("tensorflow.nest.is_sequence").is_empty());
    assert!(candidates("tensorflow.python.util.nest").is_empty());
}

#[test]
fn a_function_that_returned_a_call_is_that_call() {
    let (homes, args) = call_of("tensorflow.python.framework.tensor_shape.scalar").unwrap();
    assert_eq!(homes[0], "tensorflow.TensorShape");
    assert_eq!(args, "[]");
    // Not a name that stands in for it.
    assert!(candidates("tensorflow.python.framework.tensor_shape.scalar").is_empty());
}
