use super::*;

#[test]
fn builtin_tables_load() {
    let r = crate::engine::builtin_rules();
    assert_eq!(
        r.renames.get("tf.gfile.Exists").map(String::as_str),
        Some("tf.io.gfile.exists")
    );
    assert_eq!(r.keywords["tf.cond"].lookup("fn1"), Some(Some("true_fn")));
    assert_eq!(r.keywords["tf.cond"].lookup("strict"), Some(None));
    assert_eq!(r.reorders["tf.argmax"][2].as_deref(), Some("name"));
    assert_eq!(r.reorders["tf.argmax"][0], None);
    assert_eq!(r.function_warnings["*.save"].level, Level::Warning);
    assert_eq!(r.module_deprecations["tf.contrib"].level, Level::Error);
    assert!(r.arg_warnings["tf.nn.conv2d"]
        .iter()
        .any(|w| w.arg == "use_cudnn_on_gpu" && w.position == 4));
    assert_eq!(
        r.transforms["tf.nn.dropout"]["transform"].as_str(),
        Some("dropout")
    );
    // contrib_* aliases for direct imports are present.
    assert!(r.renames.keys().any(|k| k.starts_with("contrib_")));
}

#[test]
fn every_kind_has_our_message() {
    let r = crate::engine::builtin_rules();
    let kinds = r
        .function_warnings
        .values()
        .map(|w| &w.kind)
        .chain(r.module_deprecations.values().map(|w| &w.kind))
        .chain(r.arg_warnings.values().flatten().map(|w| &w.kind));
    for kind in kinds {
        assert!(r.messages.contains_key(kind), "no message for {kind}");
    }
}

/// Every message the code renders exists, uses only the placeholders
/// the code fills, renders completely, and is not also a message kind
/// of the tables (whose placeholders are other ones).
#[test]
fn every_code_message_exists_and_renders() {
    let r = crate::engine::builtin_rules();
    let kinds: HashSet<&str> = r
        .function_warnings
        .values()
        .map(|w| w.kind.as_str())
        .chain(r.module_deprecations.values().map(|w| w.kind.as_str()))
        .chain(r.arg_warnings.values().flatten().map(|w| w.kind.as_str()))
        .chain(
            r.transforms
                .values()
                .filter_map(|t| t.get("message").and_then(|m| m.as_str())),
        )
        .collect();
    let mut keys = HashSet::new();
    for t in msg::ALL {
        assert!(keys.insert(t.key), "{} listed twice", t.key);
        assert!(!kinds.contains(t.key), "{} is also a message kind", t.key);
        let text = r
            .messages
            .get(t.key)
            .unwrap_or_else(|| panic!("rules/messages.toml has no `{}`", t.key));
        assert_eq!(
            wording::unknown_placeholders(text, t.placeholders),
            Vec::<&str>::new(),
            "{}",
            t.key
        );
        let values: Vec<(&str, &str)> = t.placeholders.iter().map(|p| (*p, "V")).collect();
        let out = r.render(t, &values);
        assert!(wording::placeholders(&out).is_empty(), "{}: {out}", t.key);
    }
}

#[test]
fn renders_the_wording_of_before() {
    let r = crate::engine::builtin_rules();
    assert_eq!(
        r.render(&msg::RENAME, &[("old", "tf.a"), ("new", "tf.b")]),
        "Renamed 'tf.a' to 'tf.b'"
    );
    assert_eq!(
        r.render(&msg::REGULARIZER_SCOPE, &[("which", "l1")]),
        "The scope argument of tf.contrib.layers.l1_regularizer was dropped: \
             tf.keras.regularizers.l1 does not take it.\n"
    );
}

#[test]
fn an_override_with_an_unknown_placeholder_is_refused() {
    let mut r = crate::engine::builtin_rules().clone();
    r.add_toml("[messages]\nrename = \"{new} was {old}\"\n")
        .unwrap();
    assert_eq!(
        r.render(&msg::RENAME, &[("old", "tf.a"), ("new", "tf.b")]),
        "tf.b was tf.a"
    );
    let err = r
        .add_toml("[messages]\nrename = \"Renamed {name}\"\n")
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("rename: unknown placeholder {name} (this message has: {old}, {new})"),
        "{err}"
    );
    let err = r
        .add_toml("[messages]\nmy_kind = \"{name} {function}\"\n")
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown placeholder {function}"),
        "{err}"
    );
    // Braces that are not placeholders are text.
    r.add_toml("[messages]\nmy_kind = \"{name}: {} {X}\"\n")
        .unwrap();
    assert_eq!(r.message("my_kind", "f", None), "f: {} {X}");
}

#[test]
fn user_rules_extend_and_override() {
    let mut r = Rules::new(&["cast"]);
    r.add_toml("[renames]\n\"tf.a\" = \"tf.b\"\n").unwrap();
    r.add_toml("[renames]\n\"tf.a\" = \"tf.c\"\n").unwrap();
    assert_eq!(r.renames["tf.a"], "tf.c");
    assert!(r.attr_index.contains("a"));
    assert!(!r.call_index.contains("a"));
    assert!(r.add_toml("[renamez]\n").is_err());
    let err = r
        .add_toml("[transforms.\"tf.x\"]\ntransform = \"bogus\"\n")
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown transform \"bogus\""),
        "{err}"
    );
    r.add_toml("[transforms.\"tf.x\"]\ntransform = \"cast\"\n")
        .unwrap();
}
