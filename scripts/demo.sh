#!/usr/bin/env bash
# A guided tour of `az smtp` in a few minutes, no Azure account needed: sets everything up (named steps with
# elapsed time), starts the embedded local Azure (loopback ARM serving the 'tour' estate), logs a throw-away az
# in, installs the extension wheel, then runs each command after one sentence saying what to look at.
# Cleans up after itself. For your own session against a local Azure, see scripts/local-azure.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m tests.localarm.demo
