"""Benchmark: ARM requests and wall time of the real `az smtp check` for 10, 100 and 1,000 VMs.

Run with ./scripts/bench.sh. The request count must stay flat as VMs grow (only pages add requests).
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.localarm.make_estates import scaled  # noqa: E402
from tests.localarm.session import installed_extension, local_azure  # noqa: E402

SIZES = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
PAGE_SIZE = 100


def main():
    import tempfile
    ext_dir = installed_extension(tempfile.mkdtemp(prefix="smtp-bench-ext-"))
    print(f"{'VMs':>6} {'ARM requests':>13} {'list pages':>11} {'wall s':>8} {'verdicts':>9}")
    for size in SIZES:
        with local_azure(scaled(size, page_size=PAGE_SIZE).doc, ext_dir) as (arm, az):
            started = time.perf_counter()
            result = az.json("smtp", "check")
            wall = time.perf_counter() - started
            pages = sum("$skiptoken" in r["query"] for r in arm.requests)
            print(f"{size:>6} {len(arm.requests):>13} {pages:>11} {wall:>8.2f} {len(result['vms']):>9}")
    print(f"(loopback ARM, page size {PAGE_SIZE}; every request is a GET)")


if __name__ == "__main__":
    main()
