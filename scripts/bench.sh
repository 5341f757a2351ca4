#!/usr/bin/env bash
# Prints ARM requests and wall time of `az smtp check` for estates of 10, 100 and 1,000 VMs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/bench.py "$@"
