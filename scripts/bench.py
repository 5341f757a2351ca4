"""Benchmark: the real `az smtp` against the loopback ARM answering after a set latency.

Run with ./scripts/bench.sh [LATENCY_MS]. For `check` per estate and engine it prints ARM requests, Graph queries
(and the 429s the quota drew), the longest page chain and the floor it sets (chain x latency), wall time, CPU and
peak RSS of the az process, and what `az vm list -d` (the only other tool that lists VMs with their network) takes
for the same VMs. Then `explain-vm` on one VM of the largest subscription. Requests must grow with pages and
subscriptions, never with VMs.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.localarm.make_estates import scaled  # noqa: E402
from tests.localarm.azcli import az_executable  # noqa: E402
from tests.localarm.session import installed_extension, local_azure  # noqa: E402

LATENCY = float(sys.argv[1]) / 1000 if len(sys.argv) > 1 else 0.05
PAGE_SIZE = 100
# (subscriptions, VMs each, engine): ARM list calls, then the same 50 x 200 through Resource Graph, whose per-user
# quota (15 queries per 5 s) the local Graph enforces (429 past it).
CHECKS = [(1, 10, "arm"), (1, 1000, "arm"), (1, 10000, "arm"), (10, 100, "arm"), (50, 200, "arm"),
          (50, 200, "graph")]
VM_LIST_SAMPLE = 100  # VMs `az vm list -d` is timed on: it reads each VM's details one request after another
GRAPH = "/providers/microsoft.resourcegraph/resources"
NOT_ARM = ("/msi/token", "/metadata/endpoints")  # the local managed-identity endpoint and cloud metadata
# az is started from this small process, not from the benchmark's (which holds the estates): a child's peak RSS
# counts what it inherited at fork, so started from here it would report the benchmark's memory as its own.
LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    proc = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
print(json.dumps({"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss": usage.ru_maxrss / 1024, "code": os.waitstatus_to_exitcode(status)}))
"""


def measured(az, args):
    """Run `az ARGS -o json`; returns (its output, wall s, CPU s, peak RSS MB) of the az process alone."""
    with tempfile.NamedTemporaryFile() as out:
        launched = subprocess.run([sys.executable, "-c", LAUNCHER, out.name, az_executable(), *args, "-o", "json"],
                                  env=az.env, cwd=az.workdir, capture_output=True, text=True, check=True)
        figures = json.loads(launched.stdout)
        if figures["code"]:
            raise RuntimeError(f"az {' '.join(args)} failed ({figures['code']})")
        return json.load(out), figures["wall"], figures["cpu"], figures["rss"]


def longest_chain(requests):
    """The most pages one list needed: pages of one list follow each other, so this bounds the wall time."""
    chains = {}
    for r in requests:
        chains[r["path"]] = chains.get(r["path"], 0) + 1
    return max(chains.values()) if chains else 0


def vm_list_seconds_per_vm(ext_dir):
    """`az vm list -d` on VM_LIST_SAMPLE VMs: (seconds per VM, requests per VM)."""
    with local_azure(scaled(VM_LIST_SAMPLE, page_size=PAGE_SIZE).doc, ext_dir, latency=LATENCY) as (arm, az):
        listed, wall, _, _ = measured(az, ("vm", "list", "-d"))
        reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
        return wall / len(listed), len(reads) / len(listed)


def main():
    ext_dir = installed_extension(tempfile.mkdtemp(prefix="smtp-bench-ext-"))
    per_vm, reqs_per_vm = vm_list_seconds_per_vm(ext_dir)
    print(f"latency {LATENCY * 1000:.0f} ms per ARM answer, ARM page size {PAGE_SIZE}, Graph page size 1000")
    print(f"az vm list -d on {VM_LIST_SAMPLE} VMs: {reqs_per_vm:.1f} requests and {per_vm:.2f} s per VM, one after "
          "another (the 'vm list -d' column: that rate times the VMs)\n")
    print(f"{'subs':>5} {'VMs':>7} {'engine':>6} {'ARM reqs':>9} {'Graph':>6} {'429s':>5} {'tokens':>7} {'chain':>6} "
          f"{'floor s':>8} {'wall s':>7} {'az CPU s':>9} {'peak RSS MB':>12} {'verdicts':>9} {'vm list -d s':>13}")
    for subs, vms, engine in CHECKS:
        with local_azure(scaled(vms, page_size=PAGE_SIZE, subscriptions=subs).doc, ext_dir, latency=LATENCY) \
                as (arm, az):
            args = ("smtp", "check", "--engine", engine) + (("--all-subscriptions",) if subs > 1 else ())
            result, wall, cpu, rss = measured(az, args)
            reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
            queries = [r for r in reads if r["path"].lower() == GRAPH]
            chain = longest_chain(reads)
            print(f"{subs:>5} {subs * vms:>7} {engine:>6} {len(reads) - len(queries):>9} {len(queries):>6} "
                  f"{arm.graph.throttled:>5} {len(arm.requests) - len(reads):>7} {chain:>6} {chain * LATENCY:>8.2f} "
                  f"{wall:>7.2f} {cpu:>9.2f} {rss:>12.0f} {len(result['vms']):>9} {per_vm * subs * vms:>13.0f}")
    print("ARM reqs: every request but Graph queries (Graph) and the local managed-identity token fetches (tokens); "
          "429s: Graph queries refused for the quota; chain: the longest run of pages of one list (or query); floor: "
          "chain x latency; az CPU and peak RSS: of the az process alone (wait4).")
    explain(ext_dir, max(vms for subs, vms, _ in CHECKS if subs == 1))


def explain(ext_dir, vms):
    """explain-vm on the last VM of a 1 x `vms` subscription: only its path is read."""
    estate = scaled(vms, page_size=PAGE_SIZE).doc
    vm_id = next(r["id"] for r in reversed(estate["resources"]) if r["type"] == "Microsoft.Compute/virtualMachines")
    with local_azure(estate, ext_dir, latency=LATENCY) as (arm, az):
        result, wall, cpu, rss = measured(az, ("smtp", "explain-vm", "--ids", vm_id))
        reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
        chain = longest_chain(reads)
        print(f"\nexplain-vm, 1 x {vms} VMs: {len(reads)} ARM reqs, chain {chain} (floor {chain * LATENCY:.2f} s), "
              f"wall {wall:.2f} s, az CPU {cpu:.2f} s, peak RSS {rss:.0f} MB, verdict {result['verdict']}")


if __name__ == "__main__":
    main()
