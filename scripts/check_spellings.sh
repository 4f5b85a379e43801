#!/usr/bin/env bash
# Resolves the generated spellings (tests/spellings.rs: every name of the
# rule tables, and a sample of TF 1's public names, written in every form
# Python code names TensorFlow) against the real TensorFlow 2.21: writes
# them, converts them with each target, and runs the apicheck kit's
# dangling.py on the output (the venv of ../shared/apicheck/setup.sh).
# Wants `0 without` and `false alarms 0` with both targets.
#   scripts/check_spellings.sh [BIN]   (default: builds target/release/tf_upgrade_v2)
set -euo pipefail
cd "$(dirname "$0")/.."
KIT="${APICHECK_KIT:-../shared/apicheck}"
V="$("$KIT/setup.sh")"
if [ $# -ge 1 ]; then BIN="$(realpath "$1")"; else
  cargo build --release --quiet
  BIN="$PWD/target/release/tf_upgrade_v2"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
SPELLINGS_OUT="$WORK/in" cargo test --release --quiet --test spellings >/dev/null
echo "check_spellings: $(ls "$WORK/in" | wc -l) files"
for target in 2.21 2.21-legacy-keras; do
  legacy=0; [ "$target" = 2.21-legacy-keras ] && legacy=1
  "$BIN" --intree "$WORK/in" --outtree "$WORK/$target" --target "$target" \
    --report-format json --reportfile "$WORK/$target.json" --quiet || true
  line=$(TF_USE_LEGACY_KERAS=$legacy TF_CPP_MIN_LOG_LEVEL=3 "$V/bin/python" "$KIT/dangling.py" \
    --intree "$WORK/in" --outtree "$WORK/$target" --report "$WORK/$target.json" \
    --show "${SHOW:-0}" 2>/dev/null | tail -n 1)
  echo "check_spellings: $target: $line"
done
