#!/usr/bin/env bash
# Creates .venv with the real Azure CLI (2.91.0), the SDK the extension adds, the test tools and the linters.
# Idempotent: skips the install when .venv already has what this file asks for. Progress goes to stderr: each
# step named with the elapsed time, pip's phases (what you asked for, a count of dependencies, the install), and a
# line at least every 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
REQS="azure-cli==2.91.0 azure-mgmt-network>=33.1.0,<34 azure-mgmt-resourcegraph>=8.0.0,<9 pytest wheel hypothesis>=6,<7 pylint>=4,<5 flake8>=7,<8"
STAMP=.venv/.smtp-setup
START=$SECONDS
say() { printf '[%4ds] %s\n' $((SECONDS - START)) "$*" >&2; }
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$REQS" ]; then
  say "Set-up: .venv is ready (delete it to rebuild)."
  exit 0
fi
say "Set-up 1/3: creating .venv with $("$PY" --version 2>&1) ..."
"$PY" -m venv .venv
say "Set-up 2/3: installing azure-cli 2.91.0, azure-mgmt-network and the test tools (about two minutes) ..."
( while sleep 10; do say "  still installing ..."; done ) &
TICKER=$!
trap 'kill $TICKER 2>/dev/null || true' EXIT
# pip's index-location warnings are noise on some machines; its real failures fail the script (PIPESTATUS).
set +o pipefail
.venv/bin/python -m pip install --disable-pip-version-check --progress-bar off $REQS 2>&1 \
  | grep --line-buffered -E "^(Collecting|Installing collected|Successfully installed|ERROR)" \
  | { n=0; while IFS= read -r line; do
        case "$line" in
          Collecting*"(from "*) n=$((n + 1)); [ $((n % 40)) -ne 0 ] || say "  $n dependencies collected ...";;
          Installing*) say "  $n dependencies collected; installing them all (the longest phase) ...";;
          Successfully*) say "  installed";;
          *) say "  ${line:0:110}";;
        esac
      done; }
status=${PIPESTATUS[0]}
set -o pipefail
kill $TICKER 2>/dev/null || true
[ "$status" -eq 0 ] || { say "pip install failed (exit $status)"; exit "$status"; }
say "Set-up 3/3: checking the installed packages import ..."
.venv/bin/python -c "import azure.cli.core, azure.mgmt.network, pytest, wheel, hypothesis, pylint, flake8"
echo "$REQS" > "$STAMP"
say "Set-up done."
