//! TF 1 behaviour where a program starts. TensorFlow 2 runs eagerly, with
//! resource variables and v2 shapes and control flow; TF 1 graph code
//! (placeholders, sessions, `tf.gradients`, `Tensor.eval()`, tests that
//! run in `self.test_session()`) needs TF 1 behaviour, switched on once,
//! before the program builds anything: [`SWITCH`] on the line after the
//! TensorFlow import of the file where the program starts, with that
//! import's indentation and line ending.
//!
//! Where that is, is decided for a whole tree ([`Switch`]): when any file
//! of the tree uses graph constructs, every entry point of the tree gets the
//! switch (a `__main__` block, `tf.test.main()` or `tf.app.run()`, a test
//! module, a script that runs graph code at module level, a notebook); a
//! library module imported by them needs nothing. A file converted on its
//! own is its own program: it gets the switch when it uses graph constructs.

use crate::edits::{line_ending_at, Edit};
use crate::syntax::{ast, Expr, Ranged, Stmt};

/// The call that switches TF 1 behaviour on, under `tensorflow.compat.v1`.
/// `disable_v2_behavior` rather than `disable_eager_execution` alone: TF 1
/// code also counts on reference variables (`Tensor.op` of a variable,
/// `initialized_value()`), `Dimension` shapes and v1 control flow, which
/// only the former restores, and it is what TensorFlow's migration guide
/// prescribes for running unmodified TF 1 code.
pub const SWITCH: &str = "disable_v2_behavior";

/// How a file's switch is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    /// The file is a program of its own (`--infile`, standard input): the
    /// switch goes in when the file uses graph constructs.
    Alone,
    /// The file is one of a tree: the switch goes in when the file is an
    /// entry point and `needs` (some file of the tree uses graph
    /// constructs), or it uses them itself.
    Tree { needs: bool },
}

/// What a tree run keeps of a file's graph-mode decision.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Graph {
    /// The file uses graph constructs.
    pub needs: bool,
    /// The switch went in only because the tree was taken to need it.
    pub assumed: bool,
}

impl Graph {
    /// Adds the decision of another program of the same file (notebooks).
    pub fn add(&mut self, other: Graph) {
        self.needs |= other.needs;
        self.assumed |= other.assumed;
    }
}

/// What needs graph mode, called under `tensorflow.compat.v1` (or
/// `tensorflow`, where TensorFlow 2 kept the name).
const GRAPH_ONLY: &[&str] = &[
    "placeholder",
    "sparse_placeholder",
    "Session",
    "InteractiveSession",
    "get_default_session",
    "gradients",
    "global_variables_initializer",
    "local_variables_initializer",
    "initialize_all_variables",
    "initialize_local_variables",
    "tables_initializer",
    "variables_initializer",
    "train.start_queue_runners",
    "train.MonitoredTrainingSession",
    "train.MonitoredSession",
    "train.SingularMonitoredSession",
    "train.Supervisor",
];

/// Methods whose call is TF 1 graph code whatever they are called on:
/// a test's session (`self.test_session()`) and `Tensor.eval()`.
const GRAPH_METHODS: &[&str] = &["test_session", "cached_session"];

/// Calls that turn eager execution off (by their last name).
const DISABLES: &[&str] = &["disable_eager_execution", "disable_v2_behavior"];

/// Calls that start a program (full paths).
const STARTS: &[&str] = &[
    "tensorflow.test.main",
    "tensorflow.compat.v1.test.main",
    "tensorflow.app.run",
    "tensorflow.compat.v1.app.run",
];

/// Whether a called symbol (full path, `tensorflow.compat.v1.placeholder`)
/// needs graph mode.
pub fn needs_graph(called: &str) -> bool {
    called
        .strip_prefix("tensorflow.compat.v1.")
        .or_else(|| called.strip_prefix("tensorflow."))
        .is_some_and(|rest| GRAPH_ONLY.contains(&rest))
}

/// Whether a called name (as written, any prefix) turns eager execution off.
pub fn disables_eager(called: &str) -> bool {
    let last = called.rsplit('.').next().unwrap_or(called);
    DISABLES.contains(&last)
}

/// Whether a method call (`x.eval()`, `self.test_session()`) is graph code:
/// `method` is the called attribute, `call` the call.
pub fn graph_method(method: &str, call: &ast::ExprCall) -> bool {
    if GRAPH_METHODS.contains(&method) {
        return true;
    }
    // `Tensor.eval(feed_dict=None, session=None)`, not `df.eval("a + b")`.
    method == "eval"
        && call.arguments.args.is_empty()
        && call.arguments.keywords.iter().all(|k| {
            k.arg
                .as_ref()
                .is_some_and(|a| a == "feed_dict" || a == "session")
        })
}

/// Whether a called symbol (full path) starts a program.
pub fn starts_program(called: &str) -> bool {
    STARTS.contains(&called)
}

/// What a file's chains tell about graph mode, gathered one chain at a time.
#[derive(Debug, Default, Clone, Copy)]
pub struct Seen {
    /// A call needs graph mode.
    pub needs: bool,
    /// A call turns eager execution off.
    pub disables: bool,
    /// A call starts a program, or needs graph mode at module level.
    pub starts: bool,
}

/// The ranges of a module's functions and classes (sorted): code outside
/// them runs when the module is imported or run.
pub fn definitions(body: &[Stmt]) -> Vec<(usize, usize)> {
    body.iter()
        .filter(|s| matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)))
        .map(|s| (s.start().to_usize(), s.end().to_usize()))
        .collect()
}

/// Whether `at` is outside every range of `defs` (module level).
pub fn at_module_level(defs: &[(usize, usize)], at: usize) -> bool {
    let i = defs.partition_point(|d| d.0 <= at);
    i == 0 || defs[i - 1].1 <= at
}

/// Whether a module's statements make it an entry point: a `__main__`
/// block, a test case class (a base named `…TestCase`), or pytest's test
/// functions and classes.
pub fn entry_point(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::If(i) => is_main_test(&i.test),
        Stmt::FunctionDef(f) => f.name.as_str().starts_with("test"),
        Stmt::ClassDef(c) => {
            c.name.as_str().starts_with("Test")
                || c.bases()
                    .iter()
                    .any(|b| last_name(b).is_some_and(|n| n.ends_with("TestCase")))
        }
        _ => false,
    })
}

/// `__name__ == "__main__"`, either way round.
fn is_main_test(test: &Expr) -> bool {
    let Expr::Compare(c) = test else {
        return false;
    };
    let [right] = &*c.comparators else {
        return false;
    };
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = |e: &Expr| matches!(e, Expr::StringLiteral(s) if s.value.to_str() == "__main__");
    (is_name(&c.left) && is_main(right)) || (is_main(&c.left) && is_name(right))
}

/// The last name of `a.b.C` or `C`.
fn last_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// The statement to insert, for a file whose TensorFlow module is `alias`
/// bound to `module` (`tf` → `tensorflow` gives
/// `tf.compat.v1.disable_v2_behavior()`; `tf` → `tensorflow.compat.v1`
/// gives `tf.disable_v2_behavior()`). `None` for other bindings.
pub fn statement(alias: &str, module: &str) -> Option<String> {
    match module {
        "tensorflow" => Some(format!("{alias}.compat.v1.{SWITCH}()")),
        "tensorflow.compat.v1" => Some(format!("{alias}.{SWITCH}()")),
        _ => None,
    }
}

/// The spaces and tabs that start the line holding `at`.
pub fn line_indent(src: &str, at: usize) -> &str {
    let line_start = src[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &src[line_start..at];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The edit inserting `statement` on the line after the import statement
/// that spans `start..end` of `src`.
pub fn insert_after_import(src: &str, start: usize, end: usize, statement: &str) -> Edit {
    let indent = line_indent(src, start);
    let newline = line_ending_at(src, end);
    // At the end of the import's line, before its line break (or at the end
    // of the text): a place no other edit starts at, and inside a notebook
    // cell even when the import ends the cell.
    let at = src[end..]
        .find(['\n', '\r'])
        .map(|i| end + i)
        .unwrap_or(src.len());
    Edit::replace(at, at, format!("{newline}{indent}{statement}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::apply;

    fn insert(src: &str, stmt: &str) -> String {
        let start = src.find(stmt).unwrap();
        let edit = insert_after_import(
            src,
            start,
            start + stmt.len(),
            "tf.compat.v1.disable_eager_execution()",
        );
        apply(src, vec![edit])
    }

    #[test]
    fn what_needs_graph_mode() {
        assert!(needs_graph("tensorflow.compat.v1.placeholder"));
        assert!(needs_graph(
            "tensorflow.compat.v1.train.MonitoredTrainingSession"
        ));
        assert!(needs_graph("tensorflow.gradients"));
        assert!(needs_graph("tensorflow.compat.v1.get_default_session"));
        assert!(!needs_graph("tensorflow.compat.v1.train.Saver"));
        assert!(!needs_graph("tensorflow.keras.placeholder"));
        assert!(disables_eager("tf.compat.v1.disable_eager_execution"));
        assert!(disables_eager("tf.disable_v2_behavior"));
        assert!(!disables_eager("tf.enable_eager_execution"));
        assert!(starts_program("tensorflow.test.main"));
        assert!(!starts_program("tensorflow.test.TestCase"));
        assert_eq!(
            statement("tf", "tensorflow").as_deref(),
            Some("tf.compat.v1.disable_v2_behavior()")
        );
        assert_eq!(
            statement("tf", "tensorflow.compat.v1").as_deref(),
            Some("tf.disable_v2_behavior()")
        );
        assert_eq!(statement("K", "tensorflow.keras"), None);
    }

    /// The first call of a one-line source.
    fn first_call(src: &str, check: impl Fn(&str, &ast::ExprCall) -> bool) -> bool {
        let parsed = crate::syntax::parse(src).unwrap();
        let Stmt::Expr(e) = &parsed.module().body[0] else {
            panic!("{src}");
        };
        let Expr::Call(call) = &*e.value else {
            panic!("{src}");
        };
        let Expr::Attribute(a) = &*call.func else {
            panic!("{src}");
        };
        check(a.attr.as_str(), call)
    }

    #[test]
    fn graph_methods() {
        for (src, graph) in [
            ("x.eval()", true),
            ("x.eval(feed_dict={a: 1})", true),
            ("x.eval(session=s)", true),
            ("df.eval('a + b')", false),
            ("x.eval(engine='python')", false),
            ("self.test_session()", true),
            ("self.cached_session()", true),
            ("self.evaluate(x)", false),
        ] {
            assert_eq!(first_call(src, graph_method), graph, "{src}");
        }
    }

    #[test]
    fn entry_points() {
        let entry = |src: &str| entry_point(&crate::syntax::parse(src).unwrap().module().body);
        assert!(entry("if __name__ == '__main__':\n  main()\n"));
        assert!(entry("if \"__main__\" == __name__:\n  main()\n"));
        assert!(entry("class ATest(tf.test.TestCase):\n  pass\n"));
        assert!(entry("class A(parameterized.TestCase, B):\n  pass\n"));
        assert!(entry("class TestA:\n  pass\n"));
        assert!(entry("def test_a():\n  pass\n"));
        assert!(!entry(
            "def train():\n  pass\nclass Model(object):\n  pass\n"
        ));
        assert!(!entry("if __name__ == 'lib':\n  pass\n"));
        // Only module-level blocks count.
        assert!(!entry("def f():\n  if __name__ == '__main__':\n    pass\n"));
    }

    #[test]
    fn module_level_is_outside_definitions() {
        let src = "x = 1\ndef f():\n  y = 2\nclass C:\n  z = 3\nw = 4\n";
        let defs = definitions(&crate::syntax::parse(src).unwrap().module().body);
        let at = |s: &str| at_module_level(&defs, src.find(s).unwrap());
        assert!(at("x = 1"));
        assert!(!at("y = 2"));
        assert!(!at("z = 3"));
        assert!(at("w = 4"));
    }

    #[test]
    fn inserted_after_the_import_line() {
        assert_eq!(
            insert("import numpy as np\nimport tensorflow as tf\nx = 1\n", "import tensorflow as tf"),
            "import numpy as np\nimport tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nx = 1\n"
        );
        assert_eq!(
            insert(
                "import tensorflow as tf  # tf\r\nx = 1\r\n",
                "import tensorflow as tf"
            ),
            "import tensorflow as tf  # tf\r\ntf.compat.v1.disable_eager_execution()\r\nx = 1\r\n"
        );
        assert_eq!(
            insert("try:\n    import tensorflow as tf\nexcept ImportError:\n    pass\n", "import tensorflow as tf"),
            "try:\n    import tensorflow as tf\n    tf.compat.v1.disable_eager_execution()\nexcept ImportError:\n    pass\n"
        );
        assert_eq!(
            insert("import tensorflow as tf", "import tensorflow as tf"),
            "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()"
        );
    }
}
