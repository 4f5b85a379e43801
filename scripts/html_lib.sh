# Shared by scripts/check_html.sh and bench/html.sh (sourced, not run):
# headless Chromium, installed from Debian if missing, and helpers to open
# a `--html` page in it.
#
# Needs: ROOT (the repository) and WORK (a scratch directory) set by the
# caller. Sets BIN (the release binary, built here) and BROWSER.

BROWSER="${CHROMIUM:-chromium}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/release/tf_upgrade_v2"

if ! command -v "$BROWSER" >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing chromium (apt-get)" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
  BROWSER=chromium
fi
(cd "$ROOT" && cargo build --release --quiet)

# headless URL ARGS...: runs Chromium on URL with ARGS (--dump-dom,
# --screenshot=FILE); its log (console messages included) goes to standard
# error.
headless() {
  local url="$1"; shift
  timeout 180 "$BROWSER" --headless --no-sandbox --user-data-dir="$WORK/profile" \
    --enable-logging=stderr --log-level=0 --window-size=1400,1000 \
    --virtual-time-budget=5000 "$@" "$url"
}

# now_ms: the wall clock in milliseconds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# body_attribute DOMFILE NAME: the value of the attribute NAME of the
# dumped DOM's <body>, or nothing.
body_attribute() {
  grep -o '<body[^>]*>' "$1" | head -n 1 | grep -o "$2=\"[^\"]*\"" | cut -d'"' -f2 || true
}

# rendered_ms DOMFILE: the page's own time to its first render
# (`data-rendered-ms` on <body>), or nothing if the script did not finish.
rendered_ms() {
  body_attribute "$1" data-rendered-ms
}

# console_messages LOGFILE...: the console lines of Chromium's logs (any
# console message, an uncaught exception, a Content-Security-Policy
# violation: the page itself writes none).
console_messages() {
  grep -h -E ':CONSOLE(\(|:|\])|Uncaught' "$@" || true
}
