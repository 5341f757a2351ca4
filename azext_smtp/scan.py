"""Orchestration of each command: collect (I/O) -> judge (pure) -> report (output shaping)."""
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock
from typing import Callable, Iterable, List, Optional

from . import report
from .collect import path, reader
from .collect.path import VmNotFound, VmRef
from .core.editions import CURRENT_EDITION, load_edition
from .core.judge import SubscriptionVerdict, judge_subscription, nic_flags
from .core.offer import decide
from .core.plan import PlanItem, build_plan
from .core.policy import flags_may_decide


@dataclass
class Options:
    """What every judging command takes besides its scope."""
    edition: str = CURRENT_EDITION
    destination: Optional[str] = None  # one receiver's public IPv4; None: any internet receiver
    exempted_at: Optional[datetime] = None  # when the exemption was granted (--exempted-at)
    offer: Optional[str] = None  # the offer family the user states (--offer), weighed as evidence


class Progress:
    """What a long read has done so far, told to `tell(message)` (az's progress controller in custom.py).

    Lists of several subscriptions finish on several threads: counting and telling take turns."""

    def __init__(self, total: int, tell: Callable[[str], None]):
        self.total, self.tell = total, tell
        self.subscriptions = self.resources = 0
        self.lock = Lock()

    def items(self, count: int):
        with self.lock:
            self.resources += count
            self._say()

    def subscription_read(self):
        with self.lock:
            self.subscriptions += 1
            self._say()

    def _say(self):
        self.tell(f"{self.subscriptions}/{self.total} subscriptions read; resources read: {self.resources:,}")


def judge(clients, subscription_ids: Iterable[str], resource_group: Optional[str],
          options: Options, progress: Optional[Callable[[str], None]] = None) -> List[SubscriptionVerdict]:
    """Read the subscriptions side by side (reader.SUBSCRIPTION_WORKERS), then judge each (pure, in order).

    `progress(message)`, when given, hears how many subscriptions and resources have been read."""
    edition = load_edition(options.edition)
    subscription_ids = list(subscription_ids)
    counter = Progress(len(subscription_ids), progress) if progress else None

    def read(sub_id):
        inv = reader.collect(clients, sub_id, resource_group, options.exempted_at, counter and counter.items)
        if counter:
            counter.subscription_read()
        return inv
    reads = [lambda _gaps, s=sub_id: read(s) for sub_id in subscription_ids]
    inventories = [inv for inv, _ in reader.in_parallel(reads, reader.SUBSCRIPTION_WORKERS)]
    return [judge_subscription(inv, edition, options.destination, options.exempted_at, options.offer)
            for inv in inventories]


def check(clients, subscription_ids: Iterable[str], resource_group: Optional[str] = None,
          options: Options = Options(), progress: Optional[Callable[[str], None]] = None) -> dict:
    """`az smtp check`: every VM and VNet of the subscriptions (or of one resource group)."""
    return report.check_output(load_edition(options.edition),
                               judge(clients, subscription_ids, resource_group, options, progress))


def judge_paths(clients, refs: List[VmRef], options: Options = Options()) -> List[SubscriptionVerdict]:
    """Only the VMs `refs` name, each read along its network path (collect/path.py): requests grow with those
    VMs, never with their subscriptions. The judge is `check`'s, so the verdicts are the ones `check` gives."""
    edition = load_edition(options.edition)
    by_sub = {}
    for ref in dict.fromkeys(refs):
        by_sub.setdefault(ref.subscription_id.lower(), []).append(ref)

    def read(sub_refs):
        inv = path.collect(clients, sub_refs[0].subscription_id, sub_refs, options.exempted_at)
        if flags_may_decide(decide(inv.subscription, options.offer), edition, nic_flags(inv), options.exempted_at):
            path.add_open_nic(clients, inv)
        return inv
    reads = [lambda _gaps, r=r: read(r) for r in by_sub.values()]
    return [judge_subscription(inv, edition, options.destination, options.exempted_at, options.offer)
            for inv, _ in reader.in_parallel(reads, reader.SUBSCRIPTION_WORKERS)]


def check_vms(clients, refs: List[VmRef], options: Options = Options()) -> dict:
    """`az smtp check --ids`: only those VMs (and the VNets they use), each read along its path."""
    return report.check_output(load_edition(options.edition), judge_paths(clients, refs, options))


def explain_vms(clients, refs: List[VmRef], options: Options = Options()) -> List[dict]:
    """Every check for each VM `refs` name, in order, in the order given."""
    verdicts = judge_paths(clients, refs, options)

    def explained(ref):
        found = next(((sub, vm) for sub in verdicts for vm in sub.vms if ref.matches(vm.vm)), None)
        if found is None:
            raise VmNotFound(ref.description)
        return report.explanation(*found)
    return [explained(ref) for ref in refs]


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
