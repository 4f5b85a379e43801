#!/usr/bin/env bash
# The pip packaging, end to end, on a clean clone of the committed tree
# (HEAD; uncommitted changes are not looked at):
#   1. the README's first Quick start command (pip install . into a fresh
#      .venv, then the example converted), run as written except that its
#      /tmp/ paths go to this run's temp dir;
#   2. examples/ converted as a tree by the installed binary;
#   3. `pip wheel . -w DIR`, and the wheel installed into a second virtualenv
#      and run there (--version, a conversion) with no cargo on PATH;
#   in each virtualenv, `import tfup_compat` (python/tfup_compat.py, shipped
#   as wheel data into site-packages) must work, and no wheel may carry
#   python/tests;
#   4. the wheel to publish: `maturin build --compatibility manylinux2014
#      --zig` (maturin, ziglang and auditwheel from PyPI, in a throwaway
#      virtualenv), `auditwheel show` must find it manylinux_2_17
#      (manylinux2014), then it is installed into a third virtualenv and run
#      there (--version, examples/ converted as a tree) with no cargo on PATH.
# Needs python3 with venv, cargo, and a package index for pip to fetch maturin
# (build isolation) and the step 4 tools. Compiled dependencies are cached in
# target/pip-check (CARGO_TARGET_DIR, override with TF_UPGRADE_V2_PIP_TARGET)
# and, for the zig build, whose artifacts differ, in target/pip-check-zig
# (TF_UPGRADE_V2_ZIG_TARGET).
# Prints `check_pip_install: ok` at the end; exits non-zero on any failure.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
export CARGO_TARGET_DIR="${TF_UPGRADE_V2_PIP_TARGET:-$REPO/target/pip-check}"
ZIG_TARGET_DIR="${TF_UPGRADE_V2_ZIG_TARGET:-$REPO/target/pip-check-zig}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off

fail() {
  echo "check_pip_install: FAIL: $*" >&2
  exit 1
}
step() { echo "== check_pip_install: $*"; }
# The runtime companion python/tfup_compat.py goes into site-packages beside
# the binary (pyproject.toml: wheel data). $1: the virtualenv, $2: what
# installed it (for messages). Run outside the source tree so that only the
# installed module can be found.
check_compat() {
  local venv what="$2" where
  venv="$(cd "$1" && pwd -P)"
  where="$(cd / && "$venv/bin/python" -c 'import os, tfup_compat; tfup_compat.HParams(a=1); print(os.path.realpath(tfup_compat.__file__))')" ||
    fail "$what: import tfup_compat failed in $venv"
  case "$where" in
    "$venv"/*) ;;
    *) fail "$what: tfup_compat was imported from $where, not from $venv" ;;
  esac
  echo "import tfup_compat: ${where#"$venv/"}"
}
# $1: a wheel. It has tfup_compat.py in its .data/purelib and no tests.
check_wheel_files() {
  "$PY" - "$1" <<'PYEOF' || fail "the files of ${1##*/} are not as expected"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
compat = [n for n in names if n.endswith(".data/purelib/tfup_compat.py")]
tests = [n for n in names if "tests/" in n or "test_tfup_compat" in n]
if len(compat) != 1 or tests:
    sys.exit("tfup_compat.py in .data/purelib: %s; test files: %s" % (compat, tests))
print("wheel has %s, no tests" % compat[0])
PYEOF
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/check_pip_install.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

command -v cargo >/dev/null || fail "cargo is not on PATH (pip install . builds the binary with it)"
"$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || fail "$PY -m venv is missing (Debian: apt-get install python3-venv)"
# The interpreter itself, not a shim that may need the PATH changed below.
PY_EXE="$("$PY" -c 'import sys; print(sys.executable)')"
VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$REPO/Cargo.toml" | head -n 1)"
[ -n "$VERSION" ] || fail "no version in Cargo.toml"
HEAD="$(git -C "$REPO" rev-parse HEAD)"
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
  echo "check_pip_install: note: uncommitted changes in $REPO are not checked (HEAD only)"
fi

step "clean clone of $REPO at ${HEAD:0:12}"
SRC="$WORK/src"
git clone --quiet --no-hardlinks "$REPO" "$SRC"
git -C "$SRC" checkout --quiet --detach "$HEAD"
cd "$SRC"

# 1. The README's first command.
step "README Quick start, first command (pip install . into a fresh .venv)"
README_CMD="$(awk '/^## Quick start/ {q = 1; next} q && /^    [^ ]/ {sub(/^    /, ""); print; exit}' README.md)"
case "$README_CMD" in
  *"pip install ."*tf_upgrade_v2*examples/*) ;;
  *) fail "the README's first Quick start command is not pip install + a conversion of examples/: $README_CMD" ;;
esac
mkdir "$WORK/tmp"
README_CMD="${README_CMD//\/tmp\//$WORK/tmp/}"
echo "\$ $README_CMD"
bash -c "$README_CMD" >"$WORK/readme.out" 2>&1 || {
  cat "$WORK/readme.out" >&2
  fail "the README's first command failed"
}
tail -n 5 "$WORK/readme.out"
VENV1="$SRC/.venv"
[ -x "$VENV1/bin/tf_upgrade_v2" ] || fail "pip install . put no tf_upgrade_v2 in $VENV1/bin"
FOUND="$(PATH="$VENV1/bin:$PATH" command -v tf_upgrade_v2)"
[ "$FOUND" = "$VENV1/bin/tf_upgrade_v2" ] || fail "tf_upgrade_v2 on the venv's PATH is $FOUND"
GOT="$("$VENV1/bin/tf_upgrade_v2" --version)"
[ "$GOT" = "tf_upgrade_v2 $VERSION" ] || fail "--version printed '$GOT', want 'tf_upgrade_v2 $VERSION'"
echo "$GOT"
check_compat "$VENV1" "pip install ."

# 2. examples/ converted by the installed binary.
step "examples/ converted with $VENV1/bin/tf_upgrade_v2"
"$VENV1/bin/tf_upgrade_v2" --intree examples --outtree "$WORK/tf2" --reportfile "$WORK/report1.txt" >"$WORK/conv1.out" 2>&1 || {
  cat "$WORK/conv1.out" >&2
  fail "converting examples/ failed"
}
grep '^Converted [0-9]* files' "$WORK/conv1.out" || fail "no summary: $(cat "$WORK/conv1.out")"
n=0
changed=0
FIRST_CHANGED=""
while IFS= read -r f; do
  n=$((n + 1))
  out="$WORK/tf2/${f#examples/}"
  [ -f "$out" ] || fail "no output for $f"
  if ! cmp -s "$f" "$out" && grep -qE 'tf\.compat\.v1\.|tf\.io\.' "$out"; then
    changed=$((changed + 1))
    [ -n "$FIRST_CHANGED" ] || FIRST_CHANGED="$f"
  fi
done < <(find examples -name '*.py' | sort)
[ "$n" -gt 0 ] || fail "no .py file under examples/"
[ "$changed" -gt 0 ] || fail "no example was converted to TF 2 names"
echo "$n example files, $changed converted to TF 2 names"

# 3. A wheel, installed and run where cargo is not on PATH.
step "pip wheel . -w DIST"
"$VENV1/bin/pip" wheel --quiet . -w "$WORK/dist"
WHEELS=("$WORK"/dist/tf_upgrade_v2-"$VERSION"-*.whl)
[ -f "${WHEELS[0]}" ] && [ "${#WHEELS[@]}" -eq 1 ] || fail "want one tf_upgrade_v2-$VERSION wheel, got: $(ls "$WORK/dist")"
echo "${WHEELS[0]##*/}"
check_wheel_files "${WHEELS[0]}"

# PATH without ~/.cargo/bin ($CARGO_HOME/bin) and without any directory
# holding cargo.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
NOCARGO_PATH=""
IFS=: read -r -a DIRS <<<"$PATH"
for d in "${DIRS[@]}"; do
  [ -n "$d" ] || continue
  [ "${d%/}" = "${CARGO_BIN%/}" ] && continue
  [ "${d%/}" = "${HOME%/}/.cargo/bin" ] && continue
  [ -e "$d/cargo" ] && continue
  NOCARGO_PATH="${NOCARGO_PATH:+$NOCARGO_PATH:}$d"
done
nocargo() { env -u CARGO_TARGET_DIR -u CARGO_HOME -u RUSTUP_HOME PATH="$NOCARGO_PATH" "$@"; }
# Installs the wheel $2 into a new virtualenv $1 with no cargo on PATH and
# checks that the tool is there, cargo is not, and the version is ours ($3
# names the wheel in messages). Then `in_venv $1 CMD...` runs CMD in it.
in_venv() { local venv="$1"; shift; env -u CARGO_TARGET_DIR -u CARGO_HOME -u RUSTUP_HOME PATH="$venv/bin:$NOCARGO_PATH" "$@"; }
install_wheel() {
  local venv="$1" wheel="$2" what="$3" got
  nocargo "$PY_EXE" -m venv "$venv"
  nocargo "$venv/bin/pip" install --quiet --no-index --no-cache-dir "$wheel"
  [ -x "$venv/bin/tf_upgrade_v2" ] || fail "$what put no tf_upgrade_v2 in $venv/bin"
  [ "$(in_venv "$venv" "$BASH" -c 'command -v tf_upgrade_v2')" = "$venv/bin/tf_upgrade_v2" ] || fail "tf_upgrade_v2 is not on the PATH of $venv"
  in_venv "$venv" "$BASH" -c '! command -v cargo >/dev/null' || fail "cargo on the PATH of $venv"
  got="$(in_venv "$venv" tf_upgrade_v2 --version)"
  [ "$got" = "tf_upgrade_v2 $VERSION" ] || fail "$what: --version printed '$got'"
  echo "$got"
  check_compat "$venv" "$what"
}
if nocargo "$BASH" -c 'command -v cargo' >/dev/null; then
  fail "cargo still on the constructed PATH: $NOCARGO_PATH"
fi
echo "PATH without cargo: $NOCARGO_PATH"

step "the wheel in a second virtualenv, cargo not on PATH"
VENV2="$WORK/venv2"
install_wheel "$VENV2" "${WHEELS[0]}" "the wheel"
run2() { in_venv "$VENV2" "$@"; }
run2 tf_upgrade_v2 --infile "$FIRST_CHANGED" --outfile "$WORK/wheel_out.py" --reportfile "$WORK/report2.txt" >"$WORK/conv2.out" 2>&1 || {
  cat "$WORK/conv2.out" >&2
  fail "wheel: converting $FIRST_CHANGED failed"
}
cmp -s "$WORK/wheel_out.py" "$WORK/tf2/${FIRST_CHANGED#examples/}" ||
  fail "wheel: $FIRST_CHANGED converted differently from the pip-installed binary"
echo "converted $FIRST_CHANGED, same output as step 2"

# 4. The manylinux2014 wheel (what docs/install.md publishes).
step "maturin, ziglang, auditwheel into a throwaway virtualenv"
TOOLS="$WORK/tools"
"$PY_EXE" -m venv "$TOOLS"
"$TOOLS/bin/pip" install --quiet maturin ziglang auditwheel
"$TOOLS/bin/maturin" --version

step "maturin build --release --compatibility manylinux2014 --zig"
# maturin finds zig through `python3 -m ziglang`, so the tools' python comes
# first on PATH; cargo stays on it.
PATH="$TOOLS/bin:$PATH" CARGO_TARGET_DIR="$ZIG_TARGET_DIR" \
  "$TOOLS/bin/maturin" build --release --compatibility manylinux2014 --zig \
  --out "$WORK/dist-manylinux" >"$WORK/zig.out" 2>&1 || {
  tail -n 40 "$WORK/zig.out" >&2
  fail "the manylinux2014 build failed"
}
ML_WHEELS=("$WORK"/dist-manylinux/tf_upgrade_v2-"$VERSION"-*.whl)
[ -f "${ML_WHEELS[0]}" ] && [ "${#ML_WHEELS[@]}" -eq 1 ] ||
  fail "want one manylinux wheel, got: $(ls "$WORK/dist-manylinux")"
ML_WHEEL="${ML_WHEELS[0]}"
echo "${ML_WHEEL##*/}"
check_wheel_files "$ML_WHEEL"
case "${ML_WHEEL##*/}" in
  *manylinux2014_*|*manylinux_2_17_*) ;;
  *) fail "the wheel's name has no manylinux2014 / manylinux_2_17 tag: ${ML_WHEEL##*/}" ;;
esac

step "auditwheel show"
"$TOOLS/bin/auditwheel" show "$ML_WHEEL" >"$WORK/auditwheel.out" 2>&1 || {
  cat "$WORK/auditwheel.out" >&2
  fail "auditwheel show failed"
}
# auditwheel wraps its lines: join them before reading the tag.
AUDIT_TAG="$(tr '\n' ' ' <"$WORK/auditwheel.out" |
  sed -n 's/.*consistent with the following platform tag: *"\([^"]*\)".*/\1/p')"
echo "auditwheel: consistent with the following platform tag: \"$AUDIT_TAG\""
case "$AUDIT_TAG" in
  manylinux_2_17_*|manylinux2014_*) ;;
  *)
    cat "$WORK/auditwheel.out" >&2
    fail "auditwheel show does not report manylinux2014 / manylinux_2_17: '$AUDIT_TAG'"
    ;;
esac

step "the manylinux wheel in a third virtualenv, cargo not on PATH"
VENV3="$WORK/venv3"
install_wheel "$VENV3" "$ML_WHEEL" "the manylinux wheel"
run3() { in_venv "$VENV3" "$@"; }
run3 tf_upgrade_v2 --intree examples --outtree "$WORK/tf2-manylinux" --reportfile "$WORK/report3.txt" >"$WORK/conv3.out" 2>&1 || {
  cat "$WORK/conv3.out" >&2
  fail "manylinux wheel: converting examples/ failed"
}
grep '^Converted [0-9]* files' "$WORK/conv3.out" || fail "no summary: $(cat "$WORK/conv3.out")"
diff -r "$WORK/tf2" "$WORK/tf2-manylinux" >&2 ||
  fail "manylinux wheel: examples/ converted differently from the pip-installed binary"
echo "examples/ converted, same output as step 2"

echo "check_pip_install: ok"
