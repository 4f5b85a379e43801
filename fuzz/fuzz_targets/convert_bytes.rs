//! Arbitrary bytes through the library's conversion entry, in both modes.
//! Whatever the input, converting must not crash, and when the converter
//! refuses a file its output must be the input, byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tf_upgrade_v2::driver::{convert_bytes_checked, ConvertStatus as Status, Job};
use tf_upgrade_v2::engine::{Mode, Options};
use tf_upgrade_v2::rules::Rules;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options, so both modes get explored.
    let (flags, bytes) = match data.split_first() {
        Some((f, rest)) => (*f, rest),
        None => (0, data),
    };
    let options = Options {
        mode: if flags & 1 == 1 { Mode::Safety } else { Mode::Default },
        upgrade_compat_v1_import: flags & 2 == 0,
        ..Options::default()
    };
    let job = Job {
        rules: Rules::builtin(),
        options,
    };
    let c = convert_bytes_checked(bytes, &job);
    // A panic is caught at the file boundary in production; here it is a bug.
    assert_ne!(c.status, Status::Panicked, "internal error: {:?}", c.log);
    if c.status != Status::Converted {
        assert_eq!(c.output, bytes, "a refused file must come back unchanged");
        assert!(c.log.iter().any(|e| e.level.as_str() == "ERROR"));
    }
    for e in &c.log {
        assert!(e.line >= 1);
    }
});
