#!/usr/bin/env bash
# Runs the linters, then every test: unit tests and scenario tests that drive the real `az smtp` against the local ARM.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/lint.sh
bash scripts/setup-browser.sh
exec .venv/bin/python -m pytest tests "$@"
