#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool (`validate`), from
# the npm package @microsoft/sarif-multitool (MIT): the SARIF 2.1.0 JSON
# schema the package ships (sarif-2.1.0.json, passed explicitly) and the
# tool's own SARIF rules. Installs the package (and npm, when missing) into
# a cache directory first. Fails on any error the validator reports;
# warnings are printed. Ends with one line:
#   sarif-validate: FILE: 0 errors, N warnings (SARIF Multitool 5.7.0, sarif-2.1.0.json)
#
# Usage: scripts/validate_sarif.sh FILE.sarif...
# SARIF_MULTITOOL_DIR: where the package is installed
# (default ~/.cache/tfup-sarif-multitool).
set -euo pipefail
VERSION=5.7.0
DIR="${SARIF_MULTITOOL_DIR:-$HOME/.cache/tfup-sarif-multitool}"
PKG="$DIR/node_modules/@microsoft/sarif-multitool-linux"
[ "$#" -gt 0 ] || { echo "usage: $0 FILE.sarif..." >&2; exit 2; }
[ "$(uname -s)" = Linux ] || { echo "sarif-validate: only set up for Linux" >&2; exit 2; }

if [ ! -x "$PKG/Sarif.Multitool" ] || ! grep -q "\"version\": \"$VERSION\"" "$PKG/package.json"; then
  if ! command -v npm >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq npm >&2
  fi
  mkdir -p "$DIR"
  npm install --no-audit --no-fund --loglevel=error --prefix "$DIR" \
    "@microsoft/sarif-multitool@$VERSION" >&2
  # Install scripts may be off: the package's only one makes the tool executable.
  chmod u+x "$PKG/Sarif.Multitool"
fi

status=0
for file in "$@"; do
  out="$("$PKG/Sarif.Multitool" validate --json-schema "$PKG/sarif-2.1.0.json" "$file" 2>&1)" || {
    echo "$out" >&2
    echo "sarif-validate: $file: the validator failed to run" >&2
    exit 1
  }
  errors=$(grep -c ": error " <<<"$out" || true)
  warnings=$(grep -c ": warning " <<<"$out" || true)
  grep -E ": (error|warning) " <<<"$out" || true
  if ! grep -q "1 files scanned" <<<"$out"; then
    echo "$out" >&2
    echo "sarif-validate: $file: the validator did not scan it" >&2
    exit 1
  fi
  echo "sarif-validate: $file: $errors errors, $warnings warnings (SARIF Multitool $VERSION, sarif-2.1.0.json)"
  [ "$errors" = 0 ] || status=1
done
exit $status
