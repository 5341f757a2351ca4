#!/usr/bin/env bash
# pylint and flake8 with the azure-cli-extensions settings (pylintrc, .flake8); fails on any message.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m flake8 azext_smtp
.venv/bin/python -m pylint --rcfile=pylintrc azext_smtp
echo "lint: clean"
