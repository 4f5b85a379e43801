#!/usr/bin/env bash
# The run step of action.yml: builds tf_upgrade_v2's command line from the
# action's inputs, prints it, runs it in the current directory and exits
# with its status.
#   INPUT_ARGS     arguments, split on whitespace and newlines (no quoting,
#                  no globbing)
#   INPUT_TARGET   unless empty or blank: --target INPUT_TARGET
#   INPUT_FAIL_ON  unless empty or blank: --fail-on INPUT_FAIL_ON
#   TF_UPGRADE_V2  the binary (default: tf_upgrade_v2 on PATH)
# tests/action.rs runs it against the built binary.
set -euo pipefail

BIN="${TF_UPGRADE_V2:-tf_upgrade_v2}"
ARGS=()
set -f
# -d '': all lines (a multi-line YAML value too); read returns 1 at the end.
read -r -d '' -a ARGS <<<"${INPUT_ARGS:-}" || true
set +f
# Neither value has spaces: whitespace around one (YAML) is dropped.
TARGET="${INPUT_TARGET:-}"
TARGET="${TARGET//[[:space:]]/}"
FAIL_ON="${INPUT_FAIL_ON:-}"
FAIL_ON="${FAIL_ON//[[:space:]]/}"
if [ -n "$TARGET" ]; then
  ARGS+=(--target "$TARGET")
fi
if [ -n "$FAIL_ON" ]; then
  ARGS+=(--fail-on "$FAIL_ON")
fi

# The command line, one line, each word quoted as bash would need it.
line="+ $(printf '%q' "$BIN")"
for a in ${ARGS[@]+"${ARGS[@]}"}; do
  line+=" $(printf '%q' "$a")"
done
echo "$line"

status=0
"$BIN" ${ARGS[@]+"${ARGS[@]}"} || status=$?
if [ "$status" -ne 0 ]; then
  echo "tf_upgrade_v2 exited with status $status" >&2
fi
exit "$status"
