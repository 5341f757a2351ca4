"""The pure part of `az smtp`: plain data, documented rules, checks and verdicts. No I/O."""
