"""Golden contract tests: snapshots of the real `az smtp` output (`-o json`, `-o table`) for each sample estate.

Regenerate with `./scripts/golden.sh` (or `python -m tests.golden.regenerate`) and commit the diff."""
