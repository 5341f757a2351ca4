"""The only module that writes to Azure: `complete-exemption`'s plan and `probe`'s Run Command.

Each plan item is handled on its own: a failure is reported and the rest continue.
"""
from dataclasses import dataclass
from typing import Callable, List, Optional

from .core.ids import group_of, name_of, subscription_of
from .core.plan import TEMP_SUBNET, PlanItem


@dataclass
class Outcome:
    item: PlanItem
    status: str  # succeeded | accepted (--no-wait) | failed
    error: Optional[str] = None


def _wait(poller, last, no_wait):
    if not (last and no_wait):
        poller.result()


def _power_cycle(clients, item: PlanItem, no_wait: bool):
    from azure.mgmt.core.tools import parse_resource_id
    parts = parse_resource_id(item.resource)
    compute = clients.compute(parts["subscription"])
    if item.kind == "scale-set-instance":
        ops = compute.virtual_machine_scale_set_vms
        args = (parts["resource_group"], parts["name"], parts["resource_name"])
    else:
        ops, args = compute.virtual_machines, (parts["resource_group"], parts["name"])
    _wait(ops.begin_deallocate(*args), last=item.operations == ["deallocate"], no_wait=no_wait)
    if "start" in item.operations:
        _wait(ops.begin_start(*args), last=True, no_wait=no_wait)


def _temp_subnet(clients, item: PlanItem, no_wait: bool):
    if not item.temp_prefix:
        raise ValueError("no free address range for the temporary subnet: add an address range to the VNet first")
    rg, vnet = group_of(item.resource), name_of(item.resource)
    subnets = clients.network(subscription_of(item.resource)).subnets
    subnets.begin_create_or_update(rg, vnet, TEMP_SUBNET, {"properties": {"addressPrefix": item.temp_prefix}}).result()
    _wait(subnets.begin_delete(rg, vnet, TEMP_SUBNET), last=True, no_wait=no_wait)


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


def execute(clients, plan: List[PlanItem], no_wait: bool, progress: Callable[[str], None]) -> List[Outcome]:
    """Run the plan resource by resource; returns one outcome per item."""
    from azure.core.exceptions import AzureError
    outcomes = []
    for number, item in enumerate(plan, 1):
        try:
            (_temp_subnet if item.kind == "vnet" else _power_cycle)(clients, item, no_wait)
            outcome = Outcome(item, "accepted" if no_wait else "succeeded")
        except (AzureError, ValueError) as err:
            outcome = Outcome(item, "failed", getattr(err, "message", None) or str(err))
        progress(f"[{number}/{len(plan)}] {item.kind} {item.name}: {' then '.join(item.operations) or 'no range'}: "
                 f"{outcome.status}" + (f" ({outcome.error})" if outcome.error else ""))
        outcomes.append(outcome)
    return outcomes
