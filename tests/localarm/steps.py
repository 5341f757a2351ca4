"""Visible progress for slow set-up steps: each step named with the elapsed time, and a line every 10 s."""
import sys
import threading
import time
from contextlib import contextmanager

TICK = 10  # seconds without a line before saying the step is still running


class Steps:
    """Prints `[  12s] text` lines on `out`; `quiet` keeps set-up silent (tests)."""

    def __init__(self, out=sys.stderr, quiet=False):
        self.out, self.quiet, self.start = out, quiet, time.monotonic()

    def say(self, text):
        if not self.quiet:
            print(f"[{time.monotonic() - self.start:4.0f}s] {text}", file=self.out, flush=True)

    @contextmanager
    def step(self, text):
        """Announce `text`, tick every TICK seconds while it runs, say how long it took."""
        self.say(text + " ...")
        began, stop = time.monotonic(), threading.Event()

        def tick():
            while not stop.wait(TICK):
                self.say(f"  still {text[0].lower() + text[1:]} ({time.monotonic() - began:.0f}s so far)")
        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
        self.say(f"  done in {time.monotonic() - began:.1f}s")


QUIET = Steps(quiet=True)
