"""AKS node pools: their nodes are restarted through AKS, never through the scale-set API.

AKS documents that the IaaS resources of the node resource group must not be changed directly ("You can't make
direct customizations to these nodes using the IaaS APIs", learn.microsoft.com/azure/aks/resize-node-pool), and a
node-resource-group lockdown denies it. An exempted node picks the new policy up when AKS reallocates it: a User
pool through `az aks nodepool stop/start`, a System pool (which cannot be stopped, learn.microsoft.com/azure/aks/
start-stop-nodepools) only with its cluster (`az aks stop/start`). Pure: no I/O.
"""
from dataclasses import replace
from typing import List

from .i18n import message
from .model import Inventory, NodePool
from .vocabulary import ActionId

# What the scale-set API would do to a node, and what AKS does instead.
DIRECT = (ActionId.DEALLOCATE_AND_START, ActionId.START_VM)


def commands(pool: NodePool) -> List[str]:
    """The commands that reallocate the pool's nodes; for a pool whose cluster is not known, the one that finds it."""
    if pool.cluster is None:
        return [f"az aks list --query \"[?nodeResourceGroup=='{pool.node_resource_group}']"
                ".{name:name, resourceGroup:resourceGroup}\""]
    if (pool.mode or "").lower() == "system":
        cluster = f"--resource-group {pool.cluster_group} --name {pool.cluster}"
        return [f"az aks stop {cluster}", f"az aks start {cluster}"]
    pool_args = f"--resource-group {pool.cluster_group} --cluster-name {pool.cluster} --nodepool-name {pool.name}"
    return [f"az aks nodepool stop {pool_args}", f"az aks nodepool start {pool_args}"]


def describe(pool: NodePool, inv: Inventory) -> str:
    """One sentence: which pool of which cluster, and the commands that restart its nodes (or find the cluster)."""
    said = commands(pool)
    if pool.cluster is None:
        gap = inv.gap_for("clusters")
        why = inv.unread_reason("clusters") if gap else message("aks.no-cluster", group=pool.node_resource_group)
        return message("aks.cluster-unknown", pool=pool.name, group=pool.node_resource_group, why=why,
                       command=said[0])
    mode = (pool.mode or "").lower()
    return message("aks.system" if mode == "system" else "aks.user" if mode == "user" else "aks.mode-unknown",
                   pool=pool.name, cluster=pool.cluster, group=pool.cluster_group, commands=said,
                   system=commands(replace(pool, mode="System")))


def through_aks(results: list, pool: NodePool, inv: Inventory) -> list:
    """The results of an AKS node: where a check asks to deallocate and start (or start) the instance, it asks to
    restart the node pool through AKS instead, and its detail names the pool, its cluster and the commands."""
    said = describe(pool, inv)
    out = []
    for result in results:
        if any(a in DIRECT for a in result.actions):
            actions = list(dict.fromkeys(ActionId.RESTART_AKS_NODE_POOL if a in DIRECT else a
                                         for a in result.actions))
            result = replace(result, actions=actions, detail=message("aks.instead", detail=result.detail, aks=said))
        out.append(result)
    return out
