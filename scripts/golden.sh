#!/usr/bin/env bash
# Rewrites the golden snapshots (tests/golden/snapshots) from the real `az smtp` output; commit the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m tests.golden.regenerate "$@"
