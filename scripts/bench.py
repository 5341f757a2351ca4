"""Benchmark: the real `az smtp check` against the loopback ARM answering after a set latency.

Run with ./scripts/bench.sh [LATENCY_MS]. Prints, per estate: ARM requests, the longest page chain and the
floor it sets (chain x latency), wall time, CPU and peak RSS of the az process. Requests must grow with pages
and subscriptions, never with VMs. Then `az smtp explain-vm` on one VM of a 1 x 10,000-VM subscription: its
requests must not grow with the subscription at all.
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
ESTATES = [(1, 10), (1, 100), (1, 1000), (10, 100), (50, 200)]  # (subscriptions, VMs each)
EXPLAIN_ESTATE = 10000  # VMs of the one subscription explain-vm reads one VM's path in


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
    print(f"latency {LATENCY * 1000:.0f} ms per ARM answer, page size {PAGE_SIZE}, every request a GET")
    print(f"{'subs':>5} {'VMs':>7} {'ARM reqs':>9} {'tokens':>7} {'chain':>6} {'floor s':>8} {'wall s':>7} "
          f"{'az CPU s':>9} {'peak RSS MB':>12} {'verdicts':>9}")
    for subs, vms in ESTATES:
        with local_azure(scaled(vms, page_size=PAGE_SIZE, subscriptions=subs).doc, ext_dir, latency=LATENCY) \
                as (arm, az):
            args = ("smtp", "check", "--all-subscriptions") if subs > 1 else ("smtp", "check")
            result, wall, cpu, rss = measured(az, args)
            reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
            chain = longest_chain(reads)
            print(f"{subs:>5} {subs * vms:>7} {len(reads):>9} {len(arm.requests) - len(reads):>7} {chain:>6} "
                  f"{chain * LATENCY:>8.2f} {wall:>7.2f} {cpu:>9.2f} {rss:>12.0f} {len(result['vms']):>9}")
    print("ARM reqs: every request but the local managed-identity token fetches (tokens); chain: the longest run of "
          "pages of one list; floor: chain x latency; az CPU and peak RSS: of the az process alone (wait4).")
    explain(ext_dir)


def explain(ext_dir):
    """explain-vm on the last VM of a 1 x EXPLAIN_ESTATE subscription: only its path is read."""
    estate = scaled(EXPLAIN_ESTATE, page_size=PAGE_SIZE).doc
    vm_id = next(r["id"] for r in reversed(estate["resources"]) if r["type"] == "Microsoft.Compute/virtualMachines")
    with local_azure(estate, ext_dir, latency=LATENCY) as (arm, az):
        result, wall, cpu, rss = measured(az, ("smtp", "explain-vm", "--ids", vm_id))
        reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
        print(f"\nexplain-vm, 1 x {EXPLAIN_ESTATE} VMs: {len(reads)} ARM reqs, chain {longest_chain(reads)}, wall "
              f"{wall:.2f} s, az CPU {cpu:.2f} s, peak RSS {rss:.0f} MB, verdict {result['verdict']}")


if __name__ == "__main__":
    main()
