//! Arbitrary bytes through the notebook reader and converter: it must not
//! crash, and a notebook it cannot read must come back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tf_upgrade_v2::driver::Job;
use tf_upgrade_v2::engine::Options;
use tf_upgrade_v2::rules::Rules;

fuzz_target!(|data: &[u8]| {
    let job = Job {
        rules: Rules::builtin(),
        options: Options::default(),
    };
    let (out, log) = tf_upgrade_v2::notebook::convert(data, &job);
    if out != data {
        // A changed notebook is still JSON (after the byte order mark it
        // keeps, if the input had one).
        let body = out.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&out);
        assert!(serde_json::from_slice::<serde_json::Value>(body).is_ok());
    }
    for e in &log {
        assert!(e.line >= 1);
    }
});
