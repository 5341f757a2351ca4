"""AKS node pools after an exemption, through the real `az` against the local ARM (estate `aks`): the instances of
a scale set tagged aks-managed-poolName are restarted through AKS (the pool, or the cluster for a System pool),
never deallocated or started through the scale-set API; complete-exemption marks them cannot-run with the commands."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.localarm.shapes import sub_guid

ESTATE = "aks"
SUB = sub_guid("edt-aks")
NODES = "MC_shop-rg_shop-aks_westeurope"
POOL = "--resource-group shop-rg --cluster-name shop-aks --nodepool-name mail"
FIND_GONE = ("az aks list --query \"[?nodeResourceGroup=='MC_gone-rg_gone-aks_westeurope']"
             ".{name:name, resourceGroup:resourceGroup}\"")


def days_ago(n):
    return (datetime.now(timezone.utc) - timedelta(days=n)).replace(microsecond=0).isoformat()


def by_name(items):
    return {i["name"]: i for i in items}


def clusters_read(arm):
    return [r for r in arm.requests if r["path"].lower().endswith("/microsoft.containerservice/managedclusters")]


def scale_set_writes(arm):
    return [r for r in arm.requests if r["method"] != "GET" and "/virtualmachinescalesets/" in r["path"].lower()]


@pytest.mark.parametrize("engine", ["arm", "graph"])
def test_node_pool_instances_are_restarted_through_aks_on_both_engines(az, arm, engine):
    result = az.json("smtp", "check", "--subscription", SUB, "--exempted-at", days_ago(10), "--engine", engine)
    vms = by_name(result["vms"])
    assert vms["relay-vm"]["actions"] == ["deallocate-and-start"]  # a plain VM still is
    nodes = {n: v for n, v in vms.items() if n.startswith("aks-")}
    assert sorted(nodes) == ["aks-batch-27182818-vmss_0", "aks-mail-31415926-vmss_0", "aks-mail-31415926-vmss_1",
                             "aks-system-31415926-vmss_0"]
    for vm in nodes.values():
        assert vm["verdict"] == "blocked" and vm["actions"] == ["restart-aks-node-pool"]
    said = {n: " ".join(v["reasons"]) for n, v in nodes.items()}
    assert f"az aks nodepool stop {POOL} then az aks nodepool start {POOL}" in said["aks-mail-31415926-vmss_1"]
    assert ("System pool cannot be stopped" in said["aks-system-31415926-vmss_0"]
            and "az aks stop --resource-group shop-rg --name shop-aks then az aks start --resource-group shop-rg "
                "--name shop-aks" in said["aks-system-31415926-vmss_0"])
    assert "its cluster is not known" in said["aks-batch-27182818-vmss_0"] and FIND_GONE in said[
        "aks-batch-27182818-vmss_0"]
    # The clusters are ARM's one list with the ARM engine, Graph rows with Graph.
    assert len(clusters_read(arm)) == (1 if engine == "arm" else 0)


def test_clusters_are_not_read_where_no_scale_set_is_a_node_pool(az, arm):
    az.json("smtp", "check", "--subscription", SUB, "-g", "shop-rg", "--exempted-at", days_ago(10), "--engine", "arm")
    assert clusters_read(arm) == []


def test_explain_vm_names_the_pool_and_its_commands(az, arm):
    result = az.json("smtp", "explain-vm", "--subscription", SUB, "-g", NODES, "-n", "aks-mail-31415926-vmss_1",
                     "--exempted-at", days_ago(10))
    assert result["nextAction"]["id"] == "restart-aks-node-pool"
    assert "deallocate-and-start" not in result["actions"]
    refresh = next(s for s in result["steps"] if s["check"] == "exemption-refresh")
    assert refresh["result"] == "fail" and f"az aks nodepool start {POOL}" in refresh["detail"]
    assert len(clusters_read(arm)) == 1  # the instance's scale set said it is a node pool


def test_dry_run_plans_each_pool_once_as_cannot_run_with_the_aks_commands(az, arm):
    plan = az.json("smtp", "complete-exemption", "--subscription", SUB, "--exempted-at", days_ago(10))
    items = by_name(plan["plan"])
    assert {n: (i["kind"], i["status"]) for n, i in items.items()} == {
        "relay-vm": ("vm", "planned"), "mail": ("aks-node-pool", "cannot-run"),
        "system": ("aks-node-pool", "cannot-run"), "batch": ("aks-node-pool", "cannot-run")}
    assert items["mail"]["operations"] == [f"az aks nodepool stop {POOL}", f"az aks nodepool start {POOL}"]
    assert items["system"]["operations"] == ["az aks stop --resource-group shop-rg --name shop-aks",
                                             "az aks start --resource-group shop-rg --name shop-aks"]
    assert items["batch"]["operations"] == [FIND_GONE]
    assert plan["warnings"][-1].startswith("Deallocating 1 VM(s)")  # only relay-vm is deallocated
    assert {r["method"] for r in arm.requests} == {"GET"}


def test_yes_never_deallocates_or_starts_a_node(az, arm):
    proc = az.run("smtp", "complete-exemption", "--subscription", SUB, "--exempted-at", days_ago(10), "--yes",
                  "-o", "json", check=False)
    done = json.loads(proc.stdout)
    assert proc.returncode == 6 and "Traceback" not in proc.stderr  # not every item could run
    results = by_name(done["results"])
    assert {n: r["status"] for n, r in results.items()} == {
        "relay-vm": "succeeded", "mail": "cannot-run", "system": "cannot-run", "batch": "cannot-run"}
    assert results["mail"]["finishWith"] == f"az aks nodepool stop {POOL} && az aks nodepool start {POOL}"
    assert results["mail"]["error"].startswith("An AKS node pool: AKS restarts its nodes")
    assert results["mail"]["steps"] == []
    assert scale_set_writes(arm) == []
    assert sorted(r["path"].rsplit("/", 2)[-2:] for r in arm.requests if r["method"] == "POST") == [
        ["relay-vm", "deallocate"], ["relay-vm", "start"]]
    after = az.json("smtp", "check", "--subscription", SUB, "--exempted-at", days_ago(10))
    assert all(v["actions"] == ["restart-aks-node-pool"] for v in after["vms"] if v["name"].startswith("aks-"))
