"""The only module that writes to Azure: `complete-exemption`'s plan and `probe`'s Run Command.

Each resource is handled on its own: a failure is reported and the rest continue; an item the plan marks
`cannot-run` is not attempted.
"""
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from .core.ids import group_of, name_of, subscription_of
from .core.exemption import TEMP_SUBNET
from .core.plan import PlanItem


@dataclass
class Step:
    operation: str  # deallocate | start | add subnet ... | remove subnet ...
    status: str  # succeeded | failed | not-run (an earlier step failed)
    error: Optional[str] = None


@dataclass
class RunResult:
    """What running one plan item did (complete-exemption --yes)."""
    item: PlanItem
    status: str  # succeeded | failed | cannot-run
    error: Optional[str] = None
    steps: List[Step] = field(default_factory=list)
    left: Optional[str] = None  # the state a failed step left the resource in, when it is worse than before
    command: Optional[str] = None  # the command that finishes the item by hand


def _power_cycle(clients, item: PlanItem):
    """(deallocate, start) as (operation, callable) pairs, and what a failed start leaves: a VM down."""
    from .core.resource_ids import SCALE_SET_INSTANCE, VM_KINDS, parse_id
    vm = parse_id(item.resource, VM_KINDS)
    compute = clients.compute(vm.subscription)
    if vm.kind == SCALE_SET_INSTANCE:
        ops, args = compute.virtual_machine_scale_set_vms, (vm.resource_group, vm.name, vm.child)
        start = f"az vmss start -g {vm.resource_group} -n {vm.name} --instance-ids {vm.child}"
    else:
        ops, args = compute.virtual_machines, (vm.resource_group, vm.name)
        start = f"az vm start -g {vm.resource_group} -n {vm.name}"
    steps = [("deallocate", lambda: ops.begin_deallocate(*args).result())]
    if "start" in item.operations:
        steps.append(("start", lambda: ops.begin_start(*args).result()))
    return steps, {"start": ("deallocated: down, it runs nothing until it is started", start)}


def _temp_subnet(clients, item: PlanItem):
    """(add, remove) of the temporary subnet (only remove for a leftover one), and what a failed remove leaves."""
    rg, vnet = group_of(item.resource), name_of(item.resource)
    subnets = clients.network(subscription_of(item.resource)).subnets
    remove = f"az network vnet subnet delete -g {rg} --vnet-name {vnet} -n {TEMP_SUBNET}"
    steps = [(op, (lambda: subnets.begin_create_or_update(rg, vnet, TEMP_SUBNET, {
        "properties": {"addressPrefix": item.temp_prefix}}).result()) if op.startswith("add ") else
        (lambda: subnets.begin_delete(rg, vnet, TEMP_SUBNET).result())) for op in item.operations]
    left = (f"holding the temporary subnet {TEMP_SUBNET} (the next run removes it)", remove)
    return steps, {op: left for op in item.operations if op.startswith("remove ")}


def run_command(clients, vm_id: str, command_id: str, script: List[str]) -> List[str]:
    """Run `script` on a VM or scale-set instance through the classic Run Command action (one LRO, nothing left
    behind on the VM, unlike a managed runCommands child resource); returns its status messages (the output)."""
    from .core.resource_ids import SCALE_SET_INSTANCE, VM_KINDS, parse_id
    vm = parse_id(vm_id, VM_KINDS)  # never a scale set's id read as a VM of the same name
    compute = clients.compute(vm.subscription)
    body = {"commandId": command_id, "script": script}
    if vm.kind == SCALE_SET_INSTANCE:
        poller = compute.virtual_machine_scale_set_vms.begin_run_command(vm.resource_group, vm.name, vm.child, body)
    else:
        poller = compute.virtual_machines.begin_run_command(vm.resource_group, vm.name, body)
    return [status.message or "" for status in poller.result().value or []]


def _run(clients, item: PlanItem) -> RunResult:
    """Each step in turn, each outcome recorded; the first failure stops the item, and when it leaves the resource
    worse than before (a VM deallocated but not started, a temporary subnet left behind) the outcome says so and
    names the command that finishes it."""
    from azure.core.exceptions import AzureError
    if item.blocker:
        return RunResult(item, "cannot-run", item.blocker, command=" && ".join(item.operations) or None)
    steps, leaves = (_temp_subnet if item.kind == "vnet" else _power_cycle)(clients, item)
    done = []
    for operation, action in steps:
        try:
            action()
        except AzureError as err:
            said = getattr(getattr(err, "error", None), "message", None) or getattr(err, "message", None) or str(err)
            done.append(Step(operation, "failed", said))
            done += [Step(later, "not-run") for later, _ in steps[len(done):]]
            left, command = leaves.get(operation, (None, None))
            error = f"{operation} failed: {said}" + (f" It is now {left}: {command}" if left else "")
            return RunResult(item, "failed", error, done, left, command)
        done.append(Step(operation, "succeeded"))
    return RunResult(item, "succeeded", steps=done)


def execute(clients, plan: List[PlanItem], progress: Callable[[float, int, str], None]) -> List[RunResult]:
    """Run the plan resource by resource; one RunResult per item.

    `progress(position, total, message)` is called as each item starts (position n - 0.5) and ends (n)."""
    outcomes = []
    for number, item in enumerate(plan, 1):
        progress(number - 0.5, len(plan), f"{item.kind} {item.name}: {' then '.join(item.operations) or item.status}")
        outcomes.append(_run(clients, item))
        progress(number, len(plan), f"{item.kind} {item.name}: {outcomes[-1].status}")
    return outcomes
