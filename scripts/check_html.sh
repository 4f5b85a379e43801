#!/usr/bin/env bash
# Opens `--html` pages in headless Chromium and fails on any console
# message (an error, an uncaught exception, a blocked load) or a page whose
# script did not finish its first render.
#
# Usage: scripts/check_html.sh [DIR]
#   Converts examples/tf1 (--target 2.21-legacy-keras), and DIR too if
#   given (with HTML_TARGET, default the same target; empty for none),
#   each with --html; opens each page for its DOM (the overview, and the
#   first file's view through `#open=first`), for screenshots of both, and
#   once with scripts/html_interactions.js appended (sorting, filtering, a
#   chart's bar, more rows, opening files); prints its size and render times.
# Env: HTML_SHOTS (screenshots, default target/html-shots), HTML_TARGET,
#      CHROMIUM (the browser command, default chromium: installed with
#      apt-get if missing).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=scripts/html_lib.sh
. "$ROOT/scripts/html_lib.sh"
SHOTS="${HTML_SHOTS:-$TARGET_DIR/html-shots}"
TARGET="${HTML_TARGET-2.21-legacy-keras}"
mkdir -p "$SHOTS"
SHOTS="$(cd "$SHOTS" && pwd)"

failed=0

# check NAME TREE: converts TREE with --html and checks its page.
check() {
  local name="$1" tree="$2"
  local page="$WORK/$name.html"
  local target_args=()
  [ -n "$TARGET" ] && target_args=(--target "$TARGET")
  "$BIN" --intree "$tree" --outtree "$WORK/$name-out" "${target_args[@]}" \
    --reportfile "$WORK/$name-report.txt" --html "$page" --quiet || true
  if [ ! -f "$page" ]; then
    echo "$name: no page written" >&2
    failed=1
    return
  fi
  local url="file://$page"
  local start end
  start=$(now_ms)
  headless "$url" --dump-dom > "$WORK/$name.dom" 2> "$WORK/$name.log1"
  end=$(now_ms)
  headless "$url#open=first" --dump-dom > "$WORK/$name-file.dom" 2> "$WORK/$name.log2"
  headless "$url" --screenshot="$SHOTS/$name-overview.png" > /dev/null 2> "$WORK/$name.log3"
  headless "$url#open=first" --screenshot="$SHOTS/$name-file.png" > /dev/null 2> "$WORK/$name.log4"
  # The same page driven by a script of its own (before </body></html>).
  { head -n -2 "$page"; printf '<script>\n'; cat "$ROOT/scripts/html_interactions.js"
    printf '</script>\n</body>\n</html>\n'; } > "$WORK/$name-interact.html"
  headless "file://$WORK/$name-interact.html" --dump-dom > "$WORK/$name-interact.dom" 2> "$WORK/$name.log5"
  local interactions
  interactions=$(body_attribute "$WORK/$name-interact.dom" data-interactions)
  local overview file messages count
  overview=$(rendered_ms "$WORK/$name.dom")
  file=$(rendered_ms "$WORK/$name-file.dom")
  messages=$(console_messages "$WORK/$name".log*)
  count=$(printf '%s' "$messages" | grep -c . || true)
  local files
  files=$(grep -o '<tr data-i="[0-9]' "$WORK/$name.dom" | wc -l)
  printf '%s: page %s bytes, %s rows in the table; first render %s ms (overview), %s ms (#open=first); headless run %s ms; console messages %s; interactions %s\n' \
    "$name" "$(stat -c %s "$page")" "$files" "${overview:-none}" "${file:-none}" "$((end - start))" "$count" "${interactions:-none}"
  echo "  screenshots: $SHOTS/$name-overview.png $SHOTS/$name-file.png"
  if [ "$count" -ne 0 ]; then
    echo "$messages" | head -n 20 >&2
    failed=1
  fi
  if [ -z "$overview" ] || [ -z "$file" ]; then
    echo "$name: the page's script did not finish its first render" >&2
    failed=1
  fi
  if [ "$interactions" != ok ]; then
    echo "$name: interactions: ${interactions:-the script did not finish}" >&2
    failed=1
  fi
  if ! grep -q 'class="filehead"' "$WORK/$name-file.dom"; then
    echo "$name: #open=first shows no file" >&2
    failed=1
  fi
}

check examples "$ROOT/examples/tf1"
if [ $# -ge 1 ]; then
  check "tree-$(basename "$(cd "$1" && pwd)")" "$(cd "$1" && pwd)"
fi
if [ "$failed" -ne 0 ]; then
  echo "check_html: FAILED" >&2
  exit 1
fi
echo "check_html: ok"
