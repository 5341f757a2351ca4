"""Benchmark: the real `az smtp check` against the loopback ARM answering after a set latency.

Run with ./scripts/bench.sh [LATENCY_MS]. Prints, per estate and engine: ARM requests, Graph queries (and the 429s
the quota drew), the longest page chain and the floor it sets (chain x latency), wall time, CPU and peak RSS of the
az process. Requests must grow with pages and subscriptions, never with VMs.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.localarm.make_estates import scaled  # noqa: E402
from tests.localarm.azcli import az_executable  # noqa: E402
from tests.localarm.session import installed_extension, local_azure  # noqa: E402

LATENCY = float(sys.argv[1]) / 1000 if len(sys.argv) > 1 else 0.05
PAGE_SIZE = 100
# (subscriptions, VMs each, engine): ARM list calls, then the same 50 x 200 through Resource Graph, whose per-user
# quota (15 queries per 5 s) the local Graph enforces (429 past it).
ESTATES = [(1, 10, "arm"), (1, 100, "arm"), (1, 1000, "arm"), (10, 100, "arm"), (50, 200, "arm"), (50, 200, "graph")]
GRAPH = "/providers/microsoft.resourcegraph/resources"


NOT_ARM = ("/msi/token", "/metadata/endpoints")  # the local managed-identity endpoint and cloud metadata


def measured(az, args):
    """Run `az ARGS -o json` as az.run does, returning (stdout, wall s, CPU s, peak RSS MB) of that process alone."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen([az_executable(), *args, "-o", "json"], env=az.env, cwd=az.workdir, stdout=out,
                                stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        if proc.returncode:
            raise RuntimeError(f"az {' '.join(args)} failed ({proc.returncode})")
        return json.load(out), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def longest_chain(requests):
    """The most pages one list needed: pages of one list follow each other, so this bounds the wall time."""
    chains = {}
    for r in requests:
        chains[r["path"]] = chains.get(r["path"], 0) + 1
    return max(chains.values()) if chains else 0


def main():
    ext_dir = installed_extension(tempfile.mkdtemp(prefix="smtp-bench-ext-"))
    print(f"latency {LATENCY * 1000:.0f} ms per ARM answer, ARM page size {PAGE_SIZE}, Graph page size 1000")
    print(f"{'subs':>5} {'VMs':>7} {'engine':>6} {'ARM reqs':>9} {'Graph':>6} {'429s':>5} {'tokens':>7} {'chain':>6} "
          f"{'floor s':>8} {'wall s':>7} {'az CPU s':>9} {'peak RSS MB':>12} {'verdicts':>9}")
    for subs, vms, engine in ESTATES:
        with local_azure(scaled(vms, page_size=PAGE_SIZE, subscriptions=subs).doc, ext_dir, latency=LATENCY) \
                as (arm, az):
            args = ("smtp", "check", "--engine", engine) + (("--all-subscriptions",) if subs > 1 else ())
            result, wall, cpu, rss = measured(az, args)
            reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
            queries = [r for r in reads if r["path"].lower() == GRAPH]
            chain = longest_chain(reads)
            print(f"{subs:>5} {subs * vms:>7} {engine:>6} {len(reads) - len(queries):>9} {len(queries):>6} "
                  f"{arm.graph.throttled:>5} {len(arm.requests) - len(reads):>7} {chain:>6} {chain * LATENCY:>8.2f} "
                  f"{wall:>7.2f} {cpu:>9.2f} {rss:>12.0f} {len(result['vms']):>9}")
    print("ARM reqs: every request but Graph queries (Graph) and the local managed-identity token fetches (tokens); "
          "429s: Graph queries refused for the quota; chain: the longest run of pages of one list (or query); floor: "
          "chain x latency; az CPU and peak RSS: of the az process alone (wait4).")


if __name__ == "__main__":
    main()
