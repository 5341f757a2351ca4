#!/usr/bin/env bash
# Prints requests, page-chain floor, wall time, CPU and peak RSS of `az smtp check` (latency ms as $1, default 50;
# BENCH_RUNS=N: the median of N runs per row).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/bench.py "$@"
