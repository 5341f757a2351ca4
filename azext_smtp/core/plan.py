"""`complete-exemption`'s plan: what must still be done after an exemption, from the verdicts themselves."""
from dataclasses import dataclass
from typing import List, Optional

from .judge import SubscriptionVerdict
from .vocabulary import ActionId, CheckId

TEMP_SUBNET = "azsmtp-temp"
NO_RANGE = "no free address range for the temporary subnet: add an address range to the VNet first"


@dataclass
class PlanItem:
    resource: str
    name: str
    kind: str  # vm | scale-set-instance | vnet
    operations: List[str]
    reason: str
    temp_prefix: Optional[str] = None
    blocker: Optional[str] = None  # why the item cannot run as things stand; None: it can

    @property
    def status(self) -> str:
        return "cannot-run" if self.blocker else "planned"


def build_plan(verdict: SubscriptionVerdict) -> List[PlanItem]:
    """VMs to deallocate (and start, if they were running) and VNets to give a temporary subnet."""
    plan = []
    for vm in verdict.vms:
        if ActionId.DEALLOCATE_AND_START in vm.actions:
            # A stopped VM is only deallocated: it picks up the policy whenever its owner starts it.
            ops = ["deallocate"] if vm.vm.power_state == "stopped" else ["deallocate", "start"]
            why = vm.result_of(CheckId.EXEMPTION_REFRESH) or vm.open_results[0]
            plan.append(PlanItem(vm.vm.id, vm.vm.name, vm.vm.kind, ops, why.detail))
    for vnet in verdict.vnets:
        if vnet.needs_temp_subnet:
            prefix = vnet.follow_up.temp_prefix
            ops = [f"add subnet {TEMP_SUBNET} {prefix}", f"remove subnet {TEMP_SUBNET}"] if prefix else []
            plan.append(PlanItem(vnet.vnet.id, vnet.vnet.name, "vnet", ops, vnet.follow_up.reason, prefix,
                                 None if prefix else NO_RANGE))
    return plan
