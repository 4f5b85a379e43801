#!/usr/bin/env bash
# Converts the TF1 programs in examples/tf1 with each target and runs the
# converted code on TensorFlow 2.21 (the venv of ../shared/apicheck/setup.sh:
# tensorflow-cpu 2.21.0, tf-keras 2.21.0, tf-slim 1.1.0). Fails if a program
# does not finish. Installs TensorFlow, so it is not part of `cargo test`.
#   scripts/run_examples.sh [BIN]      (default: builds target/release/tf_upgrade_v2)
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP="${APICHECK_SETUP:-../shared/apicheck/setup.sh}"
V="$("$SETUP")"
if [ $# -ge 1 ]; then BIN="$(realpath "$1")"; else
  cargo build --release --quiet
  BIN="$PWD/target/release/tf_upgrade_v2"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The programs that are meant to run (train.py is the README's snippet).
PROGRAMS=(regression.py slim_classifier.py from_imports.py hparams_mnist.py)
failed=0
for target in 2.21 2.21-legacy-keras; do
  out="$WORK/$target"
  "$BIN" --intree examples/tf1 --outtree "$out" --target "$target" \
    --reportfile "$WORK/report-$target.txt" --quiet || true
  legacy=0; [ "$target" = 2.21-legacy-keras ] && legacy=1
  for p in "${PROGRAMS[@]}"; do
    log="$WORK/$target-$p.log"
    if (cd "$out" && TF_USE_LEGACY_KERAS=$legacy TF_CPP_MIN_LOG_LEVEL=3 \
          timeout 600 "$V/bin/python" "$p") >"$log" 2>&1; then
      echo "run_examples: $target $p: ok ($(tail -n 1 "$log"))"
    else
      echo "run_examples: $target $p: FAILED"
      grep -v '^[IW]0000' "$log" | tail -n 15 | sed 's/^/    /'
      grep -E "ERROR" "$WORK/report-$target.txt" | grep "$p" | sed 's/^/    report: /' || true
      failed=$((failed + 1))
    fi
  done
done
if [ "$failed" -ne 0 ]; then
  echo "run_examples: $failed program(s) failed"
  exit 1
fi
echo "run_examples: all ${#PROGRAMS[@]} programs finished under both targets"
