#!/usr/bin/env bash
# Creates .venv with the real Azure CLI (2.91.0), the SDK the extension adds, the test tools and the linters.
# Idempotent: skips the install when .venv already has what this file asks for.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
REQS="azure-cli==2.91.0 azure-mgmt-network>=33.1.0,<34 azure-mgmt-resourcegraph>=8.0.0,<9 pytest wheel hypothesis>=6,<7 pylint>=4,<5 flake8>=7,<8"
STAMP=.venv/.smtp-setup
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$REQS" ]; then
  exit 0
fi
echo "Setting up .venv (azure-cli 2.91.0 and test tools; about two minutes on a fresh machine)..."
"$PY" -m venv .venv
# pip's index-location warnings are noise on some machines; real failures still fail the script.
.venv/bin/python -m pip install -q --disable-pip-version-check $REQS 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import azure.cli.core, azure.mgmt.network, pytest, wheel, hypothesis, pylint, flake8"
echo "$REQS" > "$STAMP"
