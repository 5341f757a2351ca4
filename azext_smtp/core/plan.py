"""`complete-exemption`'s plan: what must still be done after an exemption, from the verdicts themselves."""
from dataclasses import dataclass
from typing import List, Optional

from .aks import commands
from .exemption import TEMP_SUBNET
from .i18n import message
from .judge import SubscriptionVerdict
from .vocabulary import ActionId, CheckId


@dataclass
class PlanItem:
    resource: str
    name: str
    kind: str  # vm | scale-set-instance | aks-node-pool | vnet
    operations: List[str]
    reason: str
    temp_prefix: Optional[str] = None
    blocker: Optional[str] = None  # why the item cannot run as things stand; None: it can

    @property
    def status(self) -> str:
        return "cannot-run" if self.blocker else "planned"


def build_plan(verdict: SubscriptionVerdict) -> List[PlanItem]:
    """VMs to deallocate (and start, if they were running), AKS node pools to restart through AKS (never run here:
    `cannot-run` with the commands, one item per pool) and VNets to give a temporary subnet."""
    plan, pools = [], set()
    for vm in verdict.vms:
        pool = vm.vm.node_pool
        if ActionId.RESTART_AKS_NODE_POOL in vm.actions and pool.scale_set_id.lower() not in pools:
            pools.add(pool.scale_set_id.lower())
            said = message("plan.aks", why=_why(vm))
            plan.append(PlanItem(pool.scale_set_id, pool.name, "aks-node-pool", commands(pool), said, blocker=said))
        if ActionId.DEALLOCATE_AND_START in vm.actions:
            # A stopped VM is only deallocated: it picks up the policy whenever its owner starts it.
            ops = ["deallocate"] if vm.vm.power_state == "stopped" else ["deallocate", "start"]
            plan.append(PlanItem(vm.vm.id, vm.vm.name, vm.vm.kind, ops, _why(vm)))
    for vnet in verdict.vnets:
        if vnet.needs_temp_subnet and vnet.follow_up.leftover:  # never a second one over the leftover
            plan.append(PlanItem(vnet.vnet.id, vnet.vnet.name, "vnet", [f"remove subnet {TEMP_SUBNET}"],
                                 vnet.follow_up.reason))
        elif vnet.needs_temp_subnet:
            prefix = vnet.follow_up.temp_prefix
            ops = [f"add subnet {TEMP_SUBNET} {prefix}", f"remove subnet {TEMP_SUBNET}"] if prefix else []
            plan.append(PlanItem(vnet.vnet.id, vnet.vnet.name, "vnet", ops, vnet.follow_up.reason, prefix,
                                 None if prefix else message("plan.no-range")))
    return plan


def _why(vm) -> str:
    """Why a VM's restart is planned: the exemption's refresh check, else the first check still open."""
    return (vm.result_of(CheckId.EXEMPTION_REFRESH) or vm.open_results[0]).detail


def deallocation_warnings(verdict: SubscriptionVerdict, plan: List[PlanItem]) -> List[str]:
    """What a deallocation loses, said before --yes: a dynamic public IP is released (the VM comes back with
    another address) and the temporary disk is wiped."""
    from .ids import name_of
    from .judge import primary_nic_id
    from .model import key
    cycled = {key(p.resource) for p in plan if p.kind != "vnet" and not p.blocker}
    if not cycled:
        return []
    warnings = []
    for vm in (v.vm for v in verdict.vms if key(v.vm.id) in cycled):
        nic = verdict.inventory.nics.get(key(primary_nic_id(vm, verdict.inventory) or ""))
        ips = [c.public_ip_id for c in (nic.ip_configs if nic else []) if c.public_ip_id]
        if ips:
            warnings.append(message("plan.public-ip", vm=vm.name, ips=[name_of(i) for i in ips]))
    warnings.append(message("plan.temporary-disk", count=len(cycled)))
    return warnings
