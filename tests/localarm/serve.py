"""`python -m tests.localarm.serve ESTATE --state-dir DIR`: a local Azure that stays up for your own shell.

Starts the loopback ARM with ESTATE, installs the extension wheel and logs a throw-away `az` in (all state under
DIR), writes DIR/env.sh with one `export NAME=value` line per variable that `az` needs to reach it, then serves
until SIGTERM or SIGINT. scripts/local-azure.sh runs it in the background and prints env.sh.
"""
import argparse
import os
import shlex
import signal
import sys
import threading

from .estate import ESTATE_DIR
from .session import start_local_azure
from .steps import Steps

PASSED_ON = ("AZURE_", "IDENTITY_", "REQUESTS_CA_BUNDLE")


def exports(az):
    """`export` lines for the variables `az` needs, PATH first (the az beside this Python)."""
    venv_bin = os.path.dirname(sys.executable)
    lines = [f"export PATH={shlex.quote(venv_bin)}:\"$PATH\""]
    lines += [f"export {name}={shlex.quote(value)}" for name, value in sorted(az.env.items())
              if name.startswith(PASSED_ON)]
    return "\n".join(lines) + "\n"


def main(argv=None):
    estates = sorted(f[:-5] for f in os.listdir(ESTATE_DIR) if f.endswith(".json"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("estate", choices=estates)
    parser.add_argument("--state-dir", required=True)
    args = parser.parse_args(argv)
    state = os.path.abspath(args.state_dir)
    os.makedirs(state, exist_ok=True)
    steps = Steps()
    arm, az = start_local_azure(args.estate, state, steps=steps)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        with open(os.path.join(state, "env.sh.tmp"), "w", encoding="utf-8") as f:
            f.write(exports(az))
        os.replace(os.path.join(state, "env.sh.tmp"), os.path.join(state, "env.sh"))
        steps.say(f"Local ARM at {arm.url} serving '{args.estate}'")
        stop.wait()
    finally:
        arm.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
