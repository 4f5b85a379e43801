#!/usr/bin/env bash
# Seeded, time-bounded mutation run (stable toolchain; tests/mutation.rs,
# #[ignore]d), release build. Env: MUTATION_SECONDS (default 60),
# MUTATION_SEED (default 1), MUTATION_CORPUS (a directory of .py files;
# default ~/.cache/tfup-conformance/corpus when present). Prints
# `mutation: N mutants, M batches, F failures, D disagreements with CPython`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test mutation -- --ignored --nocapture
