#!/usr/bin/env bash
# What the HTML report's browser tests need (tests/scenario/test_report_browser.py): Debian's chromium and the
# Playwright package in .venv (which drives that browser and downloads none). Idempotent: installs only what is
# missing. Not part of setup.sh's REQS: the extension itself does not need them.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "Browser: installing Debian's chromium" >&2
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2
fi
if ! .venv/bin/python -c "import playwright.sync_api" 2>/dev/null; then
  echo "Browser: installing playwright into .venv" >&2
  .venv/bin/python -m pip install -q playwright >&2
fi
