#!/usr/bin/env bash
# Runs the tests of python/tfup_compat.py (the runtime companion that code
# converted with --target imports) with pytest, in a virtualenv kept in
# ${XDG_CACHE_HOME:-$HOME/.cache}/tfup-compat-venv (override with
# TFUP_COMPAT_VENV) that has numpy and pytest from PyPI. Needs python3 with
# venv. Prints `test_compat: N passed, 0 failed` last; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
VENV="${TFUP_COMPAT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tfup-compat-venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
# No __pycache__ (nor .pytest_cache, below) left in the work tree.
export PYTHONDONTWRITEBYTECODE=1

if ! "$VENV/bin/python" -c 'import numpy, pytest' >/dev/null 2>&1; then
  "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 ||
    { echo "test_compat: $PY -m venv is missing (Debian: apt-get install python3-venv)" >&2; exit 1; }
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet numpy pytest
fi
"$VENV/bin/python" --version

OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
rc=0
"$VENV/bin/python" -m pytest -q -p no:cacheprovider python/tests 2>&1 | tee "$OUT" || rc=$?
passed="$(sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p' "$OUT" | tail -n 1)"
failed="$(sed -n 's/.*\b\([0-9][0-9]*\) failed.*/\1/p' "$OUT" | tail -n 1)"
if [ "$rc" -ne 0 ] || [ -z "$passed" ]; then
  echo "test_compat: FAILED (pytest exit $rc; ${passed:-0} passed, ${failed:-0} failed)"
  exit 1
fi
echo "test_compat: $passed passed, 0 failed"
