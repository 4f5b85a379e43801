//! Engine cases without a golden fixture: import renames the reference's
//! command line never asks for, and calls where the reference itself fails
//! (we do what its rule intends).

use tf_upgrade_v2::diagnostic::Level;
use tf_upgrade_v2::engine::{builtin_rules, Mode, Options};
use tf_upgrade_v2::pipeline::{convert_text, Settings};

mod imports {
    use super::*;

    fn run(src: &str, options: Options) -> String {
        convert_text(src, &Settings::new(builtin_rules(), options)).output
    }

    #[test]
    fn safety_ignores_the_compat_v1_option() {
        let src = "import tensorflow.compat.v1 as tf\nimport tensorflow\n";
        for upgrade in [true, false] {
            let options = Options {
                mode: Mode::Safety,
                upgrade_compat_v1_import: upgrade,
                import_rename: false,
                chains: false,
                names: false,
            };
            assert_eq!(
                run(src, options),
                "import tensorflow.compat.v1 as tf\nimport tensorflow.compat.v1 as tensorflow\n"
            );
        }
    }

    #[test]
    fn default_import_rename_goes_to_compat_v2() {
        let options = Options {
            mode: Mode::Default,
            upgrade_compat_v1_import: true,
            import_rename: true,
            chains: false,
            names: false,
        };
        let src =
            "import tensorflow as tf\nfrom tensorflow import contrib, nn\nx = tf.gfile.Exists(p)\n";
        assert_eq!(
            run(src, options),
            "import tensorflow.compat.v2 as tf\nfrom tensorflow import contrib\nfrom tensorflow.compat.v2 import nn\nx = tf.io.gfile.exists(p)\n"
        );
        // Without the option, imports stay.
        let plain = Options::default();
        assert!(run(src, plain)
            .starts_with("import tensorflow as tf\nfrom tensorflow import contrib, nn\n"));
    }
}

mod transforms {
    use super::*;

    fn run(src: &str) -> (String, Vec<(usize, usize, Level)>) {
        let out = convert_text(src, &Settings::new(builtin_rules(), Options::default()));
        let log = out
            .entries
            .iter()
            .map(|e| (e.line(), e.col(), e.level()))
            .collect();
        (out.output, log)
    }

    #[test]
    fn device_with_a_non_string_moves_to_compat_v1() {
        let (text, log) = run("import tensorflow as tf\nwith tf.device(device_name=fn):\n  pass\n");
        assert_eq!(
            text,
            "import tensorflow as tf\nwith tf.compat.v1.device(device_name=fn):\n  pass\n"
        );
        assert_eq!(log, vec![(2, 5, Level::Info)]);
        let src = "import tensorflow as tf\nwith tf.device(device_name=\"/cpu:0\"):\n  pass\n";
        let (text, log) = run(src);
        assert_eq!(text, src);
        assert!(log.is_empty());
    }

    #[test]
    fn requested_determinism_becomes_a_seed() {
        let (text, log) = run(
            "import tensorflow as tf\np = tf.nn.fractional_max_pool(x, r, deterministic=True)\n",
        );
        assert_eq!(
            text,
            "import tensorflow as tf\np = tf.nn.fractional_max_pool(value=x, pooling_ratio=r, seed=42)\n"
        );
        assert_eq!(
            log,
            vec![
                (2, 4, Level::Info),
                (2, 36, Level::Info),
                (2, 4, Level::Info)
            ]
        );
        let (text, log) = run(
            "import tensorflow as tf\np = tf.nn.fractional_max_pool(x, r, deterministic=d, seed=s)\n",
        );
        assert_eq!(
            text,
            "import tensorflow as tf\np = tf.nn.fractional_max_pool(value=x, pooling_ratio=r, seed=s)\n"
        );
        assert_eq!(log.last(), Some(&(2, 4, Level::Warning)));
    }

    #[test]
    fn extract_glimpse_with_five_positional_arguments_is_left_alone() {
        let src = "import tensorflow as tf\ng = tf.image.extract_glimpse(x, s, o, c, n)\n";
        let (text, log) = run(src);
        assert_eq!(text, src);
        assert!(log.is_empty());
    }
}
