#!/usr/bin/env bash
# Release-mode reliability checks too slow for a debug `cargo test`:
# a 50 MB file converted end to end (tests/reliability.rs, #[ignore]d).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test reliability -- --ignored --nocapture
