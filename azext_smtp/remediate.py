"""The only module that writes to Azure: `complete-exemption`'s plan and `probe`'s Run Command.

Each resource is handled on its own: a failure is reported and the rest continue; an item the plan marks
`cannot-run` is not attempted.
"""
from dataclasses import dataclass
from typing import Callable, List, Optional

from .core.ids import group_of, name_of, subscription_of
from .core.plan import TEMP_SUBNET, PlanItem


@dataclass
class RunResult:
    """What running one plan item did (complete-exemption --yes)."""
    item: PlanItem
    status: str  # succeeded | failed | cannot-run
    error: Optional[str] = None


def _power_cycle(clients, item: PlanItem):
    from azure.mgmt.core.tools import parse_resource_id
    parts = parse_resource_id(item.resource)
    compute = clients.compute(parts["subscription"])
    if item.kind == "scale-set-instance":
        ops = compute.virtual_machine_scale_set_vms
        args = (parts["resource_group"], parts["name"], parts["resource_name"])
    else:
        ops, args = compute.virtual_machines, (parts["resource_group"], parts["name"])
    ops.begin_deallocate(*args).result()
    if "start" in item.operations:
        ops.begin_start(*args).result()


def _temp_subnet(clients, item: PlanItem):
    rg, vnet = group_of(item.resource), name_of(item.resource)
    subnets = clients.network(subscription_of(item.resource)).subnets
    subnets.begin_create_or_update(rg, vnet, TEMP_SUBNET, {"properties": {"addressPrefix": item.temp_prefix}}).result()
    subnets.begin_delete(rg, vnet, TEMP_SUBNET).result()


def run_command(clients, vm_id: str, command_id: str, script: List[str]) -> List[str]:
    """Run `script` on a VM or scale-set instance through the classic Run Command action (one LRO, nothing left
    behind on the VM, unlike a managed runCommands child resource); returns its status messages (the output)."""
    from azure.mgmt.core.tools import parse_resource_id
    parts = parse_resource_id(vm_id)
    compute = clients.compute(parts["subscription"])
    body = {"commandId": command_id, "script": script}
    if parts.get("child_name_1"):  # .../virtualMachineScaleSets/{set}/virtualMachines/{instance}
        poller = compute.virtual_machine_scale_set_vms.begin_run_command(
            parts["resource_group"], parts["name"], parts["child_name_1"], body)
    else:
        poller = compute.virtual_machines.begin_run_command(parts["resource_group"], parts["name"], body)
    return [status.message or "" for status in poller.result().value or []]


def _run(clients, item: PlanItem) -> RunResult:
    from azure.core.exceptions import AzureError
    if item.blocker:
        return RunResult(item, "cannot-run", item.blocker)
    try:
        (_temp_subnet if item.kind == "vnet" else _power_cycle)(clients, item)
        return RunResult(item, "succeeded")
    except AzureError as err:
        return RunResult(item, "failed", getattr(err, "message", None) or str(err))


def execute(clients, plan: List[PlanItem], progress: Callable[[float, int, str], None]) -> List[RunResult]:
    """Run the plan resource by resource; one RunResult per item.

    `progress(position, total, message)` is called as each item starts (position n - 0.5) and ends (n)."""
    outcomes = []
    for number, item in enumerate(plan, 1):
        progress(number - 0.5, len(plan), f"{item.kind} {item.name}: {' then '.join(item.operations) or item.status}")
        outcomes.append(_run(clients, item))
        progress(number, len(plan), f"{item.kind} {item.name}: {outcomes[-1].status}")
    return outcomes
