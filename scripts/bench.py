"""Benchmark: the real `az smtp` against the loopback ARM answering after a set latency.

Run with ./scripts/bench.sh [LATENCY_MS] [tenant|uniform]. For `check` per estate and engine it prints ARM requests,
Graph queries (and the 429s the quota drew), the longest page chain and the floor it sets (chain x latency), wall
time, CPU and peak RSS of the az process, the row's target, the local ARM's own CPU and the least wall time the two
CPUs allow on this machine's cores, and what `az vm list -d` (the only other tool that lists VMs with their network)
takes for the same VMs. BENCH_RUNS=N runs each check row N times and prints the medians (times on two shared cores
vary by a second or two from run to run). Then `explain-vm` on one VM of the largest subscription, and how
much longer `az smtp -h` takes than `az -h`. Requests must grow with pages and subscriptions, never with VMs.

Two estates: `tenant`, shaped like a real tenant (per resource group of 100 VMs: one VNet with four subnets, an NSG
on each, one denying TCP 25, a NIC NSG on every third NIC, a NAT gateway on one subnet, a route table to an appliance
or the internet on another, a Standard public IP on every fourth VM), and `uniform`, every VM alike in one subnet.
Everything runs on loopback; each az run is cut off after RUN_LIMIT seconds.
"""
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.localarm.make_estates import scaled, tenant  # noqa: E402
from tests.localarm.azcli import az_executable  # noqa: E402
from tests.localarm.session import installed_extension, local_azure  # noqa: E402

LATENCY = float(sys.argv[1]) / 1000 if len(sys.argv) > 1 else 0.05
ESTATES = {"tenant": tenant, "uniform": scaled}  # the first is the main row set
CHOSEN = sys.argv[2:] or list(ESTATES)
PAGE_SIZE = 100
CORES = os.cpu_count() or 1
RUNS = int(os.environ.get("BENCH_RUNS", "1"))  # runs of each check row; its figures are their medians
RUN_LIMIT = 300  # seconds one az run may take before the benchmark gives up on it
# (subscriptions, VMs each, engine, target wall s, target az CPU s): ARM list calls, then the same
# 50 x 200 through Resource Graph, whose per-user quota (15 queries per 5 s) the local Graph enforces (429 past it).
CHECKS = [(1, 10, "arm", None, None), (1, 1000, "arm", None, None), (1, 10000, "arm", 5.0, None),
          (10, 100, "arm", None, None), (50, 200, "arm", 5.0, 3.5), (50, 200, "graph", 5.0, None)]
EXPLAIN_REQUESTS = 6  # explain-vm's target: requests on any estate
HELP_RUNS, HELP_MARGIN = 5, 0.05  # `az smtp -h` may take at most HELP_MARGIN s more than `az -h` (best of HELP_RUNS)
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


def measured(az, args, parse=True):
    """Run `az ARGS -o json`; returns (its output, or None unless `parse`, wall s, CPU s, peak RSS MB) of the az
    process alone."""
    with tempfile.NamedTemporaryFile() as out:
        launched = subprocess.run([sys.executable, "-c", LAUNCHER, out.name, az_executable(), *args, "-o", "json"],
                                  env=az.env, cwd=az.workdir, capture_output=True, text=True, check=True,
                                  timeout=RUN_LIMIT)
        figures = json.loads(launched.stdout)
        if figures["code"]:
            raise RuntimeError(f"az {' '.join(args)} failed ({figures['code']})")
        return (json.load(out) if parse else None), figures["wall"], figures["cpu"], figures["rss"]


def _median_run(arm, az, args):
    """RUNS runs of `az ARGS`: the last run's result and Graph 429s, and the median wall, az CPU, local ARM CPU and
    peak RSS (this process runs the local ARM, so its CPU is the ARM's); `arm.requests` holds the last run's
    requests."""
    runs = []
    gc.freeze()  # the estate lives as long as the row: the local ARM's collector need not walk it on every page
    try:
        for _ in range(RUNS):
            arm.reset_log()
            served, throttled = time.process_time(), arm.graph.throttled
            result, wall, cpu, rss = measured(az, args)
            runs.append((wall, cpu, time.process_time() - served, rss))
    finally:
        gc.unfreeze()
    return (result, arm.graph.throttled - throttled, *(statistics.median(figures) for figures in zip(*runs)))


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


def _target(figure, limit):
    """`limit` beside the measured figure, marked when missed; '-' for a row without a target."""
    return "-" if limit is None else f"<={limit:g}" + ("" if figure <= limit else " MISSED")


def main():
    ext_dir = installed_extension(tempfile.mkdtemp(prefix="smtp-bench-ext-"))
    per_vm, reqs_per_vm = vm_list_seconds_per_vm(ext_dir)
    print(f"latency {LATENCY * 1000:.0f} ms per ARM answer, ARM page size {PAGE_SIZE}, Graph page size 1000, "
          f"check rows: median of {RUNS} run{'s' if RUNS > 1 else ''}")
    print(f"az vm list -d on {VM_LIST_SAMPLE} VMs: {reqs_per_vm:.1f} requests and {per_vm:.2f} s per VM, one after "
          "another (the 'vm list -d' column: that rate times the VMs)")
    for name in CHOSEN:
        print(f"\n{name} estate")
        print(f"{'subs':>5} {'VMs':>7} {'engine':>6} {'ARM reqs':>9} {'Graph':>6} {'429s':>5} {'tokens':>7} "
              f"{'chain':>6} {'floor s':>8} {'wall s':>7} {'target':>13} {'az CPU s':>9} {'target':>13} "
              f"{'ARM CPU s':>10} {'CPU floor s':>12} {'peak RSS MB':>12} {'verdicts':>9} {'vm list -d s':>13}")
        for subs, vms, engine, wall_limit, cpu_limit in CHECKS:
            with local_azure(ESTATES[name](vms, page_size=PAGE_SIZE, subscriptions=subs).doc, ext_dir,
                             latency=LATENCY) as (arm, az):
                args = ("smtp", "check", "--engine", engine) + (("--all-subscriptions",) if subs > 1 else ())
                result, throttled, wall, cpu, served, rss = _median_run(arm, az, args)
                reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
                queries = [r for r in reads if r["path"].lower() == GRAPH]
                chain = longest_chain(reads)
                print(f"{subs:>5} {subs * vms:>7} {engine:>6} {len(reads) - len(queries):>9} {len(queries):>6} "
                      f"{throttled:>5} {len(arm.requests) - len(reads):>7} {chain:>6} "
                      f"{chain * LATENCY:>8.2f} {wall:>7.2f} {_target(wall, wall_limit):>13} {cpu:>9.2f} "
                      f"{_target(cpu, cpu_limit):>13} {served:>10.2f} {(cpu + served) / CORES:>12.2f} {rss:>12.0f} "
                      f"{len(result['vms']):>9} "
                      f"{per_vm * subs * vms:>13.0f}")
    print("ARM reqs: every request but Graph queries (Graph) and the local managed-identity token fetches (tokens); "
          "429s: Graph queries refused for the quota; chain: the longest run of pages of one list (or query); floor: "
          "chain x latency; target: the README's Speed targets; az CPU and peak RSS: of the az process alone (wait4); "
          f"ARM CPU: the local ARM's, which shares the machine; CPU floor: both CPUs over the {CORES} cores, the "
          "least wall time this machine allows.")
    vms = max(vms for subs, vms, *_ in CHECKS if subs == 1)
    for name in CHOSEN:
        explain(ext_dir, name, vms)
    help_times(ext_dir)


def explain(ext_dir, name, vms):
    """explain-vm on the last VM of a 1 x `vms` subscription: only its path is read."""
    estate = ESTATES[name](vms, page_size=PAGE_SIZE).doc
    vm_id = next(r["id"] for r in reversed(estate["resources"]) if r["type"] == "Microsoft.Compute/virtualMachines")
    with local_azure(estate, ext_dir, latency=LATENCY) as (arm, az):
        result, wall, cpu, rss = measured(az, ("smtp", "explain-vm", "--ids", vm_id))
        reads = [r for r in arm.requests if r["path"] not in NOT_ARM]
        chain = longest_chain(reads)
        target = _target(len(reads), EXPLAIN_REQUESTS)
        print(f"\nexplain-vm, {name} 1 x {vms} VMs: {len(reads)} ARM reqs (target {target}), chain {chain} (floor "
              f"{chain * LATENCY:.2f} s), wall {wall:.2f} s, az CPU {cpu:.2f} s, peak RSS {rss:.0f} MB, verdict "
              f"{result['verdict']}")


def help_times(ext_dir):
    """`az -h` and `az smtp -h`, best of HELP_RUNS each, taken in turns: loading the extension's help costs this."""
    with local_azure(scaled(1).doc, ext_dir) as (_, az):
        best = {"az -h": [], "az smtp -h": []}
        for _ in range(HELP_RUNS):
            for label in best:
                best[label].append(measured(az, tuple(label.split()[1:]), parse=False)[1])
        plain, smtp = min(best["az -h"]), min(best["az smtp -h"])
        print(f"\naz -h {plain:.2f} s, az smtp -h {smtp:.2f} s (best of {HELP_RUNS}): {smtp - plain:+.2f} s (target "
              f"{_target(smtp - plain, HELP_MARGIN)})")


if __name__ == "__main__":
    main()
