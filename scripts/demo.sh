#!/usr/bin/env bash
# Sets everything up, starts the embedded local Azure (loopback ARM serving the 'demo' estate),
# logs a throw-away az in, installs the extension wheel and runs `az smtp`; cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m tests.localarm.demo
