use super::*;

const TF: &str = "\
# a hand-written table
tensorflow M
 compat M
  v1 M
   app m
    flags m
     DEFINE_string f
   compat m =tensorflow.compat
   layers m
    dense f
  v2 M
   keras M
    layers M
     Dense c
 float32 v
 Variable c
  assign f
  __class__ *
 keras M =tensorflow.compat.v2.keras
 python M
  ops M
   rnn_cell_impl M
 numpy_like *
tensorflow.compat.v1.app M
 run f
";
const SLIM: &str = "tf_slim M\n arg_scope f\n ops m\n  array_ops m =tensorflow.python.ops\n";

fn api() -> Api {
    Api::from_texts(&[TF, SLIM]).unwrap()
}

#[test]
fn missing_walks_getattr() {
    let a = api();
    assert_eq!(
        a.missing("tensorflow.layers.dense"),
        Some("tensorflow.layers")
    );
    assert_eq!(a.missing("tensorflow.compat.v1.layers.dense"), None);
    assert_eq!(a.missing("tensorflow.compat.v1.layers.dense.x.y"), None);
    assert_eq!(a.missing("tensorflow.float32.is_floating"), None);
    assert_eq!(a.missing("tensorflow.Variable.assign"), None);
    assert_eq!(
        a.missing("tensorflow.Variable.nope"),
        Some("tensorflow.Variable.nope")
    );
    assert_eq!(
        a.missing("tensorflow.Variable.__class__.anything.goes"),
        None
    );
    assert_eq!(a.missing("tensorflow.numpy_like.a.b"), None);
    assert_eq!(a.missing("tensorflow"), None);
    assert_eq!(a.missing("tensorflo.x"), Some("tensorflo"));
    assert_eq!(a.missing("tf_slim.arg_scope"), None);
    assert_eq!(a.missing("tf_slim.nope"), Some("tf_slim.nope"));
}

#[test]
fn links_share_children() {
    let a = api();
    assert_eq!(a.missing("tensorflow.keras.layers.Dense"), None);
    assert_eq!(
        a.missing("tensorflow.keras.layers.Conv2D"),
        Some("tensorflow.keras.layers.Conv2D")
    );
    assert_eq!(
        a.missing("tensorflow.compat.v1.compat.v1.compat.v2.keras"),
        None
    );
    assert_eq!(
        a.missing("tensorflow.compat.v1.compat.v3"),
        Some("tensorflow.compat.v1.compat.v3")
    );
    assert_eq!(a.missing("tf_slim.ops.array_ops.rnn_cell_impl"), None);
    assert_eq!(a.kind("tensorflow.keras"), Some(Kind::Module));
    assert_eq!(a.kind("tensorflow.keras.layers.Dense"), Some(Kind::Class));
    assert_eq!(a.kind("tensorflow.Variable.assign"), Some(Kind::Function));
    assert_eq!(a.kind("tensorflow.float32"), Some(Kind::Value));
    assert_eq!(a.kind("tensorflow.float32.dtype"), Some(Kind::Opaque));
    assert_eq!(a.kind("tensorflow.numpy_like"), Some(Kind::Opaque));
    assert_eq!(a.kind("tensorflow.nope"), None);
}

#[test]
fn imports() {
    let a = api();
    assert_eq!(a.import_fails("tensorflow", None), None);
    assert_eq!(a.import_fails("tensorflow.compat.v1", None), None);
    assert_eq!(a.import_fails("tensorflow.keras", None), None);
    // reached through a link: not importable at that path
    assert_eq!(
        a.import_fails("tensorflow.keras.layers", None),
        Some("tensorflow.keras.layers".into())
    );
    assert_eq!(
        a.import_fails("tensorflow.compat.v2.keras.layers", None),
        None
    );
    assert_eq!(
        a.import_fails("tensorflow.compat.v1.layers", None),
        Some("tensorflow.compat.v1.layers".into())
    );
    assert_eq!(a.import_fails("tensorflow.compat.v1", Some("layers")), None);
    // the override: import works, but the module import gives lacks `flags`
    assert_eq!(a.import_fails("tensorflow.compat.v1.app", None), None);
    assert_eq!(
        a.import_fails("tensorflow.compat.v1.app", Some("run")),
        None
    );
    assert_eq!(
        a.import_fails("tensorflow.compat.v1.app", Some("flags")),
        Some("tensorflow.compat.v1.app.flags".into())
    );
    assert_eq!(
        a.missing("tensorflow.compat.v1.app.flags.DEFINE_string"),
        None
    );
    assert_eq!(
        a.import_fails("tensorflow.python.ops", Some("rnn_cell_impl")),
        None
    );
    assert_eq!(
        a.import_fails("tensorflow.python.ops.rnn_cell_impl", None),
        None
    );
    assert_eq!(
        a.import_fails("tensorflow.python", Some("nope")),
        Some("tensorflow.python.nope".into())
    );
    assert_eq!(a.import_fails("tf_slim", Some("arg_scope")), None);
    assert_eq!(
        a.import_fails("tf_slim.ops", None),
        Some("tf_slim.ops".into())
    );
    assert_eq!(a.import_fails("nope", None), Some("nope".into()));
}

#[test]
fn every_module_and_class_attributes() {
    let every = "@module *\n __name__ v\n __dict__ v\n@class *\n __mro__ v\n __name__ v\n";
    let a = Api::from_texts(&[TF, SLIM, every]).unwrap();
    assert_eq!(a.missing("tensorflow.compat.v1.__name__"), None);
    assert_eq!(
        a.missing("tensorflow.compat.v1.__mro__"),
        Some("tensorflow.compat.v1.__mro__")
    );
    assert_eq!(a.missing("tensorflow.Variable.__mro__"), None);
    assert_eq!(a.kind("tensorflow.Variable.__name__"), Some(Kind::Value));
    assert_eq!(a.missing("tensorflow.float32.__mro__"), None); // below a value: not checked
    assert_eq!(
        a.import_fails("tensorflow.compat.v1", Some("__dict__")),
        None
    );
    assert_eq!(a.missing("tf_slim.__name__"), None);
    // the special roots are not paths
    assert_eq!(a.missing("@module.__name__"), Some("@module"));
    assert_eq!(a.import_fails("@module", None), Some("@module".into()));
    // without them, no fallback
    assert_eq!(
        api().missing("tensorflow.compat.v1.__name__"),
        Some("tensorflow.compat.v1.__name__")
    );
}

#[test]
fn bad_tables() {
    assert!(Api::from_texts(&["tensorflow M\n  x f\n"])
        .unwrap_err()
        .contains("line 2"));
    assert!(Api::from_texts(&["tensorflow M\n x q\n"])
        .unwrap_err()
        .contains("line 2"));
    assert!(Api::from_texts(&["tensorflow M\n x m =tensorflow.y\n"])
        .unwrap_err()
        .contains("line 2"));
    assert!(Api::from_texts(&["tensorflow M\n x m =tensorflow.y\n y m =tensorflow.x\n"]).is_err());
    assert!(Api::from_texts(&["tensorflow M\n x f\n x v\n"]).is_err());
    // unsorted input is fine
    let a = Api::from_texts(&["tensorflow M\n b f\n a f\n"]).unwrap();
    assert_eq!(a.missing("tensorflow.a"), None);
    assert_eq!(a.missing("tensorflow.b"), None);
}

#[test]
fn targets() {
    for t in Target::ALL {
        assert_eq!(Target::parse(t.name()), Some(t));
    }
    assert_eq!(Target::parse("2.20"), None);
}

#[test]
fn embedded_tables() {
    for t in Target::ALL {
        let a = t.api();
        let legacy = t == Target::V2_21LegacyKeras;
        assert_eq!(
            a.missing("tensorflow.layers.dense"),
            Some("tensorflow.layers"),
            "{t:?}"
        );
        let l = a.missing("tensorflow.compat.v1.layers.dense");
        assert_eq!(l.is_none(), legacy, "{t:?} {l:?}");
        assert_eq!(
            a.missing("tensorflow.estimator"),
            Some("tensorflow.estimator")
        );
        assert_eq!(
            a.missing("tensorflow.contrib.layers"),
            Some("tensorflow.contrib")
        );
        assert_eq!(a.missing("tensorflow.compat.v1.placeholder"), None);
        assert_eq!(a.missing("tensorflow.keras.layers.Dense"), None);
        assert_eq!(
            a.kind("tensorflow.compat.v1.placeholder"),
            Some(Kind::Function)
        );
        assert_eq!(a.import_fails("tensorflow.compat.v1", None), None);
        assert_eq!(
            a.import_fails("tensorflow.compat.v1.app", Some("flags")),
            Some("tensorflow.compat.v1.app.flags".into())
        );
        assert_eq!(a.missing("tensorflow.compat.v1.app.flags"), None);
        assert_eq!(
            a.import_fails("tensorflow.python.ops", Some("rnn_cell_impl")),
            None
        );
        assert_eq!(
            a.import_fails("tensorflow.python.framework", Some("ops")),
            None
        );
        assert_eq!(a.missing("tensorflow.python.framework.ops.Graph"), None);
        assert_eq!(
            a.missing("tensorflow.compat.v1.RunOptions.FULL_TRACE"),
            None
        );
        assert_eq!(a.missing("tf_slim.arg_scope"), None);
        assert_eq!(a.import_fails("tf_slim", None), None);
    }
}

/// Compares with Python's answers dumped by scripts/check_api_tables.py
/// (TFUP_API_CHECK=file, TFUP_API_TARGET=2.21 or 2.21-legacy-keras).
#[test]
#[ignore]
fn python_agreement() {
    let file = std::env::var("TFUP_API_CHECK").expect("TFUP_API_CHECK");
    let target =
        Target::parse(&std::env::var("TFUP_API_TARGET").expect("TFUP_API_TARGET")).unwrap();
    let t0 = std::time::Instant::now();
    let a = target.api();
    eprintln!(
        "load {:?}, {} nodes, ~{} heap bytes",
        t0.elapsed(),
        a.len(),
        a.heap_bytes()
    );
    let text = std::fs::read_to_string(file).unwrap();
    let (mut n, mut bad, mut opaque) = ([0usize; 2], [0usize; 2], 0usize);
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (i, ours, py) = match f[0] {
            "M" => (0, a.missing(f[1]).map(str::to_string), f[2]),
            _ => (1, a.import_fails(f[1], (f[2] != "-").then_some(f[2])), f[3]),
        };
        let py = (py != "-").then(|| py.to_string());
        n[i] += 1;
        if ours != py {
            bad[i] += 1;
            // below an opaque node (numpy, os, mock, ...): the tables cannot tell
            let below_opaque = i == 0 && ours.is_none() && {
                let parts: Vec<&str> = f[1].split('.').collect();
                (1..parts.len()).any(|k| a.kind(&parts[..k].join(".")) == Some(Kind::Opaque))
            };
            opaque += below_opaque as usize;
            if bad[0] + bad[1]
                <= std::env::var("TFUP_API_SHOW").map_or(40, |v| v.parse().unwrap_or(40))
            {
                eprintln!("MISMATCH {line}: tables say {ours:?}");
            }
        }
    }
    eprintln!("missing() disagreements below an opaque node: {opaque}");
    eprintln!(
        "{}: missing() {}/{} agree, import_fails() {}/{} agree",
        target.name(),
        n[0] - bad[0],
        n[0],
        n[1] - bad[1],
        n[1]
    );
    assert_eq!(bad, [0, 0]);
}

/// Load time and retained heap of the embedded tables (TFUP_API_TARGET: only that target).
#[test]
#[ignore]
fn load_cost() {
    let only = std::env::var("TFUP_API_TARGET")
        .ok()
        .and_then(|t| Target::parse(&t));
    for t in Target::ALL
        .into_iter()
        .filter(|t| only.is_none_or(|o| o == *t))
    {
        let t0 = std::time::Instant::now();
        let a = t.api();
        eprintln!(
            "{}: load {:?}, {} nodes, {} heap bytes, {} data bytes",
            t.name(),
            t0.elapsed(),
            a.len(),
            a.heap_bytes(),
            a.data_bytes()
        );
    }
}

#[test]
#[ignore]
fn debug_paths() {
    let a = Target::parse(&std::env::var("TFUP_API_TARGET").unwrap())
        .unwrap()
        .api();
    for p in std::env::var("TFUP_API_PATHS").unwrap().split(',') {
        let mut w = String::new();
        for part in p.split('.') {
            if !w.is_empty() {
                w.push('.');
            }
            w.push_str(part);
            eprintln!(
                "{w}: missing {:?} kind {:?} walk {:?}",
                a.missing(&w),
                a.kind(&w),
                a.walk(&w)
                    .map(|n| (a.node(n).count(), a.node(n).count_kind & LINKED as u32 != 0))
            );
        }
    }
}

#[test]
fn a_moved_module_shim_forwards_to_the_module_it_holds() {
    let api = Api::from_texts(&["tensorflow M\n new M\n  f f\n shim M\n  __getattr__ f\n  shim m =tensorflow.new\n other M\n  __getattr__ f\n"]).unwrap();
    assert_eq!(api.missing("tensorflow.shim.f"), None);
    assert_eq!(api.missing("tensorflow.shim.g"), Some("tensorflow.shim.g"));
    assert_eq!(
        api.missing("tensorflow.other.f"),
        Some("tensorflow.other.f")
    );
}
