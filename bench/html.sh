#!/usr/bin/env bash
# Benchmark (a script, not a test) of `--html` on a tree: the page's size,
# what writing it costs the run, and how fast headless Chromium shows it.
#
# Usage: bench/html.sh DIR [RUNS]   (RUNS per measurement, default 5; the
#                                    median is printed)
# Env:   BENCH_TARGET (default 2.21; empty for none), CHROMIUM (the browser
#        command, default chromium: installed with apt-get if missing).
#
# For each run: the conversion (--intree DIR --outtree into a scratch
# directory, all cores) without and with --html, wall time; then the page opened headless, for the overview and for the first
# file's view (#open=first): the page's own time to its first render
# (`data-rendered-ms`, performance.now() at the end of the script's first
# drawing, parsing of the data included) and the wall time of the whole
# headless run (browser start, load, render, exit).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: bench/html.sh DIR [RUNS]" >&2; exit 2; }
TREE="$(cd "$1" && pwd)"
RUNS="${2:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=scripts/html_lib.sh
. "$ROOT/scripts/html_lib.sh"
TARGET="${BENCH_TARGET-2.21}"
target_args=()
[ -n "$TARGET" ] && target_args=(--target "$TARGET")

# median: the median of the numbers on standard input.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

convert() { # OUT [ARGS...]: converts the tree into OUT, prints the wall ms
  local out="$1"; shift
  rm -rf "$out"
  local start end
  start=$(now_ms)
  "$BIN" --intree "$TREE" --outtree "$out" "${target_args[@]}" --reportfile "$WORK/report.txt" --quiet "$@" || true
  end=$(now_ms)
  echo $((end - start))
}

page="$WORK/page.html"
: > "$WORK/plain"; : > "$WORK/html"
for _ in $(seq "$RUNS"); do
  convert "$WORK/out" >> "$WORK/plain"
  convert "$WORK/out" --html "$page" >> "$WORK/html"
done
files=$(grep -o '"status":"' "$page" | wc -l)

: > "$WORK/ov-ms"; : > "$WORK/ov-wall"; : > "$WORK/f-ms"; : > "$WORK/f-wall"
for _ in $(seq "$RUNS"); do
  for view in ov f; do
    hash=""; [ "$view" = f ] && hash="#open=first"
    start=$(now_ms)
    headless "file://$page$hash" --dump-dom > "$WORK/dom" 2> "$WORK/log"
    end=$(now_ms)
    echo $((end - start)) >> "$WORK/$view-wall"
    ms=$(rendered_ms "$WORK/dom")
    [ -n "$ms" ] || { echo "the page did not render" >&2; exit 1; }
    echo "$ms" >> "$WORK/$view-ms"
    if [ -n "$(console_messages "$WORK/log")" ]; then
      console_messages "$WORK/log" >&2
      exit 1
    fi
  done
done

echo "tree: $TREE ($files files), target: ${TARGET:-none}, median of $RUNS runs"
printf '| | value |\n| --- | --- |\n'
printf '| page size | %s bytes |\n' "$(stat -c %s "$page")"
printf '| conversion without --html, wall | %s ms |\n' "$(median < "$WORK/plain")"
printf '| conversion with --html, wall | %s ms |\n' "$(median < "$WORK/html")"
printf '| first render, overview (data-rendered-ms) | %s ms |\n' "$(median < "$WORK/ov-ms")"
printf '| first render, #open=first (data-rendered-ms) | %s ms |\n' "$(median < "$WORK/f-ms")"
printf '| headless run, overview, wall | %s ms |\n' "$(median < "$WORK/ov-wall")"
printf '| headless run, #open=first, wall | %s ms |\n' "$(median < "$WORK/f-wall")"
