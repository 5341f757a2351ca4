"""Orchestration of each command: collect (I/O) -> judge (pure) -> report (output shaping)."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, List, Optional

from . import report
from .collect import graph
from .core.editions import CURRENT_EDITION, load_edition
from .core.judge import SubscriptionVerdict, judge_subscription
from .core.plan import PlanItem, build_plan


class VmNotFound(Exception):
    """The VM asked for is not in the subscription (or not visible to the caller)."""


class ProbeBlocked(Exception):
    """`probe` stopped before writing: the VM is not running, or the caller may not run commands on it."""

    def __init__(self, vm, why: str, missing_action: Optional[str] = None):
        super().__init__(why)
        self.vm, self.missing_action = vm, missing_action


@dataclass
class Options:
    """What every judging command takes besides its scope."""
    edition: str = CURRENT_EDITION
    destination: Optional[str] = None  # one receiver's public IPv4; None: any internet receiver
    exempted_at: Optional[datetime] = None  # when the exemption was granted (--exempted-at)
    offer: Optional[str] = None  # the offer family the user states (--offer), weighed as evidence
    engine: Optional[str] = None  # what reads the resource lists: arm, graph, or None/auto (graph.choose)


def judge(clients, subscription_ids: Iterable[str], resource_group: Optional[str],
          options: Options) -> List[SubscriptionVerdict]:
    """Read the subscriptions side by side (reader.SUBSCRIPTION_WORKERS), then judge each (pure, in order)."""
    edition = load_edition(options.edition)
    inventories = graph.collect(clients, list(subscription_ids), resource_group, options.exempted_at, options.engine)
    return [judge_subscription(inv, edition, options.destination, options.exempted_at, options.offer)
            for inv in inventories]


def check(clients, subscription_ids: Iterable[str], resource_group: Optional[str] = None,
          options: Options = Options(), group_from: Optional[str] = None) -> dict:
    """`az smtp check`: every VM and VNet of the subscriptions (or of one resource group; `group_from` says
    whether the group was given or is az's configured default)."""
    subscription_ids = list(subscription_ids)
    return report.check_output(load_edition(options.edition), judge(clients, subscription_ids, resource_group, options),
                               report.scope_entry(subscription_ids, resource_group, group_from))


def explain_vm(clients, subscription_id: str, wanted: Callable, description: str,
               options: Options = Options()) -> dict:
    """Every check for the one VM `wanted(vm)` picks, in order.

    It reads the whole subscription like `check`, so its verdict is the one `check` gives.
    """
    return report.explanation(*_judged_vm(clients, subscription_id, wanted, description, options))


def _judged_vm(clients, subscription_id: str, wanted: Callable, description: str, options: Options):
    """(the subscription's verdict, the verdict `check` gives the one VM `wanted(vm)` picks)."""
    verdict = judge(clients, [subscription_id], None, options)[0]
    vm = next((v for v in verdict.vms if wanted(v.vm)), None)
    if vm is None:
        raise VmNotFound(description)
    return verdict, vm


def probe(clients, subscription_id: str, wanted: Callable, description: str, target, *,
          options: Options = Options(), announce: Callable[[str], None] = print) -> dict:
    """`az smtp probe`: the verdict `check` gives one VM, then TCP connections from inside it (Run Command),
    once the VM runs and the caller may run commands on it."""
    from azure.core.exceptions import HttpResponseError
    from .collect import pager, reader
    from .core import access, probe as probing
    from .remediate import run_command
    vm = _judged_vm(clients, subscription_id, wanted, description, options)[1]
    if vm.vm.power_state not in (None, "running"):
        raise ProbeBlocked(vm.vm, f"it is {vm.vm.power_state}; Run Command needs a running VM")
    permissions = reader.read_permissions(clients.network(vm.vm.subscription_id), vm.vm.id)
    missing = access.missing_run_command(permissions, vm.vm.kind)
    if missing:
        raise ProbeBlocked(vm.vm, f"you lack {missing} on it", missing)
    command_id, script = probing.script_for(vm.vm.os_type, target)
    announce(f"Running {command_id} on {vm.vm.name} (Run Command): TCP connections to {target.host} on ports "
             f"{' and '.join(map(str, target.ports))}, nothing else.")
    try:
        output = run_command(clients, vm.vm.id, command_id, script)
    except HttpResponseError as err:  # permissions unread above, or changed since: ARM has the last word
        if err.status_code != 403:
            raise
        action = access.RUN_COMMAND[vm.vm.kind]
        raise ProbeBlocked(vm.vm, f"ARM refused the Run Command (403 {pager.error_code(err)}): you lack {action} "
                                  "on it", action) from err
    results = probing.parse_output(output, target)
    return report.probe_output(vm, command_id, script, results, probing.agreement(vm.verdict, results))


def by_id(vm_id: str) -> Callable:
    return lambda vm: vm.id.lower() == vm_id.lower()


def by_name(resource_group: str, name: str) -> Callable:
    return lambda vm: vm.name.lower() == name.lower() and (vm.resource_group or "").lower() == resource_group.lower()


@dataclass
class Completion:
    dry_run: bool
    exempted_at: datetime
    policy_status: str
    plan: List[PlanItem]
    message: str = ""
    outcomes: list = field(default_factory=list)

    @property
    def failed(self):
        return [o for o in self.outcomes if o.status == "failed"]


def complete_exemption(clients, subscription_id: str, resource_group: Optional[str], options: Options, *,
                       execute_plan: bool = False, no_wait: bool = False,
                       progress: Callable[[str], None] = print) -> Completion:
    """Judge the subscription as of the exemption, plan the follow-up steps and, if asked, carry them out."""
    from .remediate import execute
    verdict = judge(clients, [subscription_id], resource_group, options)[0]
    status = verdict.policy.status
    done = Completion(not execute_plan, options.exempted_at, status, build_plan(verdict))
    if status != "exempted":
        why = " ".join(verdict.policy.warnings) or "See `az smtp check`."
        done.message = f"Nothing to complete: the subscription's policy is '{status}', not exempted. {why}"
    elif not done.plan:
        done.message = "Nothing to do: every VM and VNet has picked up the exemption."
    elif not execute_plan:
        done.message = f"Dry run: nothing was changed. Run again with --yes to carry out {len(done.plan)} item(s)."
    else:
        done.outcomes = execute(clients, done.plan, no_wait, progress)
        failed = len(done.failed)
        done.message = f"{len(done.plan) - failed} of {len(done.plan)} item(s) done" + \
            (f"; {failed} failed (see results)." if failed else ".")
    return done
