"""Orchestration of each command: collect (I/O) -> judge (pure) -> report (output shaping)."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, List, Optional

from . import report
from .collect import reader
from .core.editions import CURRENT_EDITION, load_edition
from .core.judge import SubscriptionVerdict, judge_subscription
from .core.plan import PlanItem, build_plan


class VmNotFound(Exception):
    """The VM asked for is not in the subscription (or not visible to the caller)."""


@dataclass
class Options:
    """What every judging command takes besides its scope."""
    edition: str = CURRENT_EDITION
    destination: Optional[str] = None  # one receiver's public IPv4; None: any internet receiver
    exempted_at: Optional[datetime] = None  # when the exemption was granted (--exempted-at)
    offer: Optional[str] = None  # the offer family the user states (--offer), weighed as evidence


def judge(clients, subscription_ids: Iterable[str], resource_group: Optional[str],
          options: Options) -> List[SubscriptionVerdict]:
    """Read the subscriptions side by side (reader.SUBSCRIPTION_WORKERS), then judge each (pure, in order)."""
    edition = load_edition(options.edition)
    reads = [lambda _gaps, s=sub_id: reader.collect(clients, s, resource_group, options.exempted_at)
             for sub_id in subscription_ids]
    inventories = [inv for inv, _ in reader.in_parallel(reads, reader.SUBSCRIPTION_WORKERS)]
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
    verdict = judge(clients, [subscription_id], None, options)[0]
    vm = next((v for v in verdict.vms if wanted(v.vm)), None)
    if vm is None:
        raise VmNotFound(description)
    return report.explanation(verdict, vm)


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
