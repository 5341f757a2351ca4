"""`az smtp complete-exemption`: carry out the follow-up steps `check` lists after an exemption.

The plan is derived from a fresh `check`, so a second run after success finds nothing to do.
Each resource is handled on its own: a failure is reported and the rest continue.
"""
from dataclasses import asdict, dataclass
from typing import Callable, List, Optional

from .core.ids import group_of, name_of, subscription_of

TEMP_SUBNET = "azsmtp-temp"


@dataclass
class PlanItem:
    resource: str
    name: str
    kind: str  # vm | scale-set-instance | vnet
    operations: List[str]
    reason: str
    temp_prefix: Optional[str] = None

    def to_dict(self):
        return asdict(self)


def build_plan(result: dict) -> List[PlanItem]:
    """VMs to deallocate (and start, if they were running) and VNets to give a temporary subnet."""
    plan = []
    for vm in result["vms"]:
        if "deallocate-and-start" in vm["actions"]:
            # A stopped VM is only deallocated: it picks up the policy whenever its owner starts it.
            ops = ["deallocate"] if vm["powerState"] == "stopped" else ["deallocate", "start"]
            plan.append(PlanItem(vm["id"], vm["name"], vm["kind"], ops, vm["reasons"][0] if vm["reasons"] else ""))
    for vnet in result["vnets"]:
        if "add-remove-temp-subnet" in vnet["actions"]:
            prefix = vnet["tempSubnetPrefix"]
            ops = [f"add subnet {TEMP_SUBNET} {prefix}", f"remove subnet {TEMP_SUBNET}"] if prefix else []
            plan.append(PlanItem(vnet["id"], vnet["name"], "vnet", ops, vnet["reasons"][0], prefix))
    return plan


def _wait(poller, last, no_wait):
    if not (last and no_wait):
        poller.result()


def _power_cycle(clients, item: PlanItem, no_wait: bool):
    from azure.mgmt.core.tools import parse_resource_id
    parts = parse_resource_id(item.resource)
    compute = clients.compute(parts["subscription"])
    if item.kind == "scale-set-instance":
        ops, args = compute.virtual_machine_scale_set_vms, (parts["resource_group"], parts["name"], parts["resource_name"])
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


def execute(clients, plan: List[PlanItem], no_wait: bool, progress: Callable[[str], None]) -> List[dict]:
    """Run the plan resource by resource; returns one outcome per item."""
    from azure.core.exceptions import AzureError
    outcomes = []
    for number, item in enumerate(plan, 1):
        try:
            (_temp_subnet if item.kind == "vnet" else _power_cycle)(clients, item, no_wait)
            status, error = ("accepted" if no_wait else "succeeded"), None
        except (AzureError, ValueError) as err:
            status, error = "failed", getattr(err, "message", None) or str(err)
        progress(f"[{number}/{len(plan)}] {item.kind} {item.name}: {' then '.join(item.operations) or 'no range'}: "
                 f"{status}" + (f" ({error})" if error else ""))
        outcomes.append({"resource": item.resource, "name": item.name, "kind": item.kind, "status": status,
                         "error": error})
    return outcomes


def complete(clients, subscription_id: str, exempted_at, resource_group: Optional[str], edition: str,
             execute_plan: bool, no_wait: bool, progress: Callable[[str], None]) -> dict:
    """Check the subscription as of the exemption, plan the follow-up steps and, if asked, carry them out."""
    from .scan import run_check
    result = run_check(clients, [subscription_id], resource_group, edition, exempted_at=exempted_at)
    status = result["subscriptions"][0]["policy"]["status"]
    plan = build_plan(result)
    summary = {"dryRun": not execute_plan, "exemptedAt": exempted_at.isoformat(), "policy": status,
               "plan": [p.to_dict() for p in plan], "results": []}
    if status != "exempted":
        summary["message"] = f"The subscription's policy is '{status}', not exempted: nothing to complete. " \
                             "See `az smtp check`."
    elif not plan:
        summary["message"] = "Nothing to do: every VM and VNet has picked up the exemption."
    elif not execute_plan:
        summary["message"] = f"Dry run: nothing was changed. Run again with --yes to carry out {len(plan)} item(s)."
    else:
        summary["results"] = execute(clients, plan, no_wait, progress)
        failed = sum(r["status"] == "failed" for r in summary["results"])
        summary["message"] = f"{len(plan) - failed} of {len(plan)} item(s) done" + \
            (f"; {failed} failed (see results)." if failed else ".")
    return summary
