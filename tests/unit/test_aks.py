"""AKS node pools: found by the scale set's tag and the cluster's nodeResourceGroup, restarted through AKS (pure
logic and the parse layer)."""
import pytest

from azext_smtp.collect import parse
from azext_smtp.core.aks import commands, through_aks
from azext_smtp.core.checks import CheckResult
from azext_smtp.core.judge import SubscriptionVerdict, VmVerdict
from azext_smtp.core.model import Gap, Inventory, NodePool, Subscription, Vm
from azext_smtp.core.plan import build_plan

NODES = "MC_shop-rg_shop-aks_westeurope"
SET = f"/subscriptions/s/resourceGroups/{NODES}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-mail-1-vmss"
CLUSTER = {"id": "/subscriptions/s/resourcegroups/shop-rg/providers/Microsoft.ContainerService/managedClusters/shop",
           "name": "shop", "properties": {"nodeResourceGroup": NODES.lower(), "agentPoolProfiles": [
               {"name": "sys", "mode": "System"}, {"name": "Mail", "mode": "User"}]}}


def scale_set(tags):
    return {"id": SET, "name": "aks-mail-1-vmss", "tags": tags}


@pytest.mark.parametrize("tags,pool", [
    ({"aks-managed-poolName": "mail", "aks-managed-orchestrator": "Kubernetes:1.33.3"}, "mail"),
    ({"AKS-MANAGED-POOLNAME": "mail"}, "mail"),  # tag keys are case-insensitive
    ({"aks-managed-orchestrator": "Kubernetes:1.33.3"}, None),  # no pool name: not read as a node pool
    ({"aks-managed-poolName": ""}, None), ({"aks-managed-poolName": 3}, None), ({}, None), (None, None),
])
def test_a_node_pool_is_a_scale_set_tagged_with_its_pool_name(tags, pool):
    found = parse.node_pool(scale_set(tags), [CLUSTER])
    assert (found.name if found else None) == pool


def test_the_cluster_is_the_one_whose_node_resource_group_holds_the_set_and_the_mode_its_pool_s():
    found = parse.node_pool(scale_set({"aks-managed-poolName": "mail"}), [{"properties": {}}, CLUSTER])
    assert (found.cluster, found.cluster_group, found.mode, found.node_resource_group) == \
        ("shop", "shop-rg", "User", NODES)
    assert parse.node_pool(scale_set({"aks-managed-poolName": "mail"}), []).cluster is None


def pool(mode="User", cluster="shop"):
    return NodePool("mail", SET, cluster, "shop-rg" if cluster else None, mode)


def test_a_user_pool_is_stopped_and_started_a_system_pool_only_with_its_cluster():
    args = "--resource-group shop-rg --cluster-name shop --nodepool-name mail"
    assert commands(pool("User")) == [f"az aks nodepool stop {args}", f"az aks nodepool start {args}"]
    assert commands(pool(None)) == commands(pool("User"))  # the mode unread: the pool's commands, with a note
    assert commands(pool("System")) == ["az aks stop --resource-group shop-rg --name shop",
                                        "az aks start --resource-group shop-rg --name shop"]
    assert commands(pool(cluster=None)) == [
        f"az aks list --query \"[?nodeResourceGroup=='{NODES}'].{{name:name, resourceGroup:resourceGroup}}\""]


def test_only_the_scale_set_operations_become_the_aks_action_and_the_evidence_names_the_pool():
    results = [CheckResult("exemption-refresh", "fail", "old", ["e"], ["deallocate-and-start"]),
               CheckResult("platform-port25", "info", "down", [], ["start-vm", "test-port25"]),
               CheckResult("nsg-NIC", "fail", "deny", ["rule"], ["fix-nsg-rule"])]
    out = through_aks(results, pool(None), Inventory(Subscription("s")))
    assert [r.actions for r in out] == [["restart-aks-node-pool"], ["restart-aks-node-pool", "test-port25"],
                                        ["fix-nsg-rule"]]
    assert out[0].evidence == ["e"] and out[0].detail.startswith("old AKS node pool mail of cluster shop")
    assert "a System pool cannot be stopped: az aks stop" in out[0].detail
    assert out[2] is results[2]


def test_an_unread_cluster_list_is_said_with_its_gap():
    inv = Inventory(Subscription("s"), gaps=[Gap("clusters", "AKS clusters", "403 AuthorizationFailed",
                                                 "az aks list --subscription s", 403)])
    said = through_aks([CheckResult("exemption-refresh", "fail", "old", [], ["deallocate-and-start"])],
                       pool(cluster=None), inv)[0].detail
    assert "its cluster is not known" in said and "403 AuthorizationFailed" in said


def test_the_plan_holds_one_cannot_run_item_per_pool_and_never_a_deallocation():
    def node(n):
        vm = Vm(f"{SET}/virtualMachines/{n}", f"aks-mail-1-vmss_{n}", NODES, "s", scale_set_id=SET,
                node_pool=pool())
        return VmVerdict(vm, [CheckResult("exemption-refresh", "fail", f"why {n}", actions=["restart-aks-node-pool"])],
                         None)
    plan = build_plan(SubscriptionVerdict(Inventory(Subscription("s")), None, None, [node(0), node(1)]))
    assert [(p.kind, p.resource, p.status) for p in plan] == [("aks-node-pool", SET, "cannot-run")]
    assert plan[0].operations == commands(pool()) and plan[0].reason.endswith("run the commands yourself. why 0")
