#!/usr/bin/env bash
# Prints size and time of `az smtp report` per format for a 10,000-VM tenant (VMs as $1), and how the HTML opens.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh
exec .venv/bin/python scripts/bench_report.py "$@"
