"""Orchestration of each command: collect (I/O) -> judge (pure) -> report (output shaping)."""
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock
from typing import Callable, Iterable, List, Optional

from . import report
from .collect import engine, path, reader
from .collect.path import VmRef
from .collect.reads import SUBSCRIPTION_WORKERS, in_parallel
from .core.apps import judge_paas, old_vnet_followups
from .core.editions import CURRENT_EDITION, load_edition
from .core.i18n import message
from .core.judge import SubscriptionVerdict, judge_subscription, nic_flags
from .core.offer import decide
from .core.plan import PlanItem, build_plan, deallocation_warnings
from .core.policy import flags_may_decide
from .core.vocabulary import RuleStatus
from .errors import AppNotFound, ProbeBlocked, VmNotFound


@dataclass
class Options:
    """What every judging command takes besides its scope."""
    edition: str = CURRENT_EDITION
    destination: Optional[str] = None  # one receiver's public IPv4; None: any internet receiver
    exempted_at: Optional[datetime] = None  # when the exemption was granted (--exempted-at)
    offer: Optional[str] = None  # the offer family the user states (--offer), weighed as evidence
    engine: Optional[str] = None  # what reads the resource lists: arm, graph, or None/auto (engine.choose)


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
          options: Optional[Options], progress: Optional[Callable[[str], None]] = None) -> List[SubscriptionVerdict]:
    """Read the subscriptions side by side (reads.SUBSCRIPTION_WORKERS), then judge each (pure, in order).

    `progress(message)`, when given, hears how many subscriptions and resources have been read; no `options`: the
    defaults."""
    options = options or Options()
    edition = load_edition(options.edition)
    subscription_ids = list(subscription_ids)
    counter = Progress(len(subscription_ids), progress) if progress else None
    inventories = engine.collect(clients, subscription_ids, resource_group, options.exempted_at, options.engine,
                                 progress=counter)
    verdicts = [judge_subscription(inv, edition, options.destination, options.exempted_at, options.offer)
                for inv in inventories]
    judged = {(v.inventory.subscription.id or "").lower(): v for v in verdicts}  # apps follow their VNet's
    verdicts = [judge_paas(v, options.destination, judged) for v in verdicts]
    old_vnet_followups(verdicts)
    return verdicts


def check(clients, subscription_ids: Iterable[str], resource_group: Optional[str] = None,
          options: Optional[Options] = None, progress: Optional[Callable[[str], None]] = None, *,
          group_from: Optional[str] = None) -> dict:
    """`az smtp check`: every VM, app, other PaaS resource and VNet of the subscriptions (or of one resource group;
    `group_from` says whether the group was given or is az's configured default)."""
    subscription_ids, options = list(subscription_ids), options or Options()
    return report.check_output(load_edition(options.edition),
                               judge(clients, subscription_ids, resource_group, options, progress),
                               report.scope_entry(subscription_ids, resource_group, group_from))


def judge_paths(clients, refs: List[VmRef], options: Optional[Options] = None) -> List[SubscriptionVerdict]:
    """Only the VMs `refs` name, each read along its network path (collect/path.py): requests grow with those
    VMs, never with their subscriptions. The judge is `check`'s, so the verdicts are the ones `check` gives."""
    options = options or Options()
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
            for inv, _ in in_parallel(reads, SUBSCRIPTION_WORKERS)]


def check_vms(clients, refs: List[VmRef], options: Optional[Options] = None) -> dict:
    """`az smtp check --ids`: only those VMs (and the VNets they use), each read along its path."""
    verdicts = judge_paths(clients, refs, options)
    return report.check_output(load_edition((options or Options()).edition), verdicts,
                               report.scope_entry([v.inventory.subscription.id for v in verdicts], None, None))


def explain_app(clients, subscription_id: str, wanted: Callable, description: str,
                options: Optional[Options] = None) -> dict:
    """Every check for the one app or slot `wanted(app)` picks, in order, as `check` judges it: integrated with a
    VNet of another subscription, it is judged again with that subscription in scope, as `check` of both would."""
    verdict = judge(clients, [subscription_id], None, options)[0]
    app = next((a for a in verdict.apps if wanted(a.app)), None)
    if app is None:
        raise AppNotFound(description)
    if app.vnet_subscription_id and app.vnet_subscription_id.lower() != subscription_id.lower():
        verdict = judge(clients, [subscription_id, app.vnet_subscription_id], None, options)[0]
        app = next(a for a in verdict.apps if wanted(a.app))
    return report.app_explanation(verdict, app)


def by_id(resource_id: str) -> Callable:
    return lambda res: res.id.lower() == resource_id.lower()


def by_name(resource_group: str, name: str) -> Callable:
    return lambda res: res.name.lower() == name.lower() and \
        (res.resource_group or "").lower() == resource_group.lower()


def explain_vms(clients, refs: List[VmRef], options: Optional[Options] = None) -> List[dict]:
    """Every check for each VM `refs` name, in order, in the order given."""
    verdicts = judge_paths(clients, refs, options)
    return [report.explanation(*_judged(ref, verdicts)) for ref in refs]


def _judged(ref: VmRef, verdicts: List[SubscriptionVerdict]):
    """(the subscription's verdict, the verdict of the VM `ref` names) among `verdicts`."""
    found = next(((sub, vm) for sub in verdicts for vm in sub.vms if ref.matches(vm.vm)), None)
    if found is None:
        raise VmNotFound(ref.description)
    return found


def probe(clients, ref: VmRef, target, *, options: Optional[Options] = None,
          announce: Callable[[str], None] = print) -> dict:
    """`az smtp probe`: the verdict `check` gives one VM, then TCP connections from inside it (Run Command),
    once the VM runs and the caller may run commands on it."""
    from azure.core.exceptions import HttpResponseError
    from .collect import pager
    from .core import access, probe as probing
    from .remediate import run_command
    vm = _judged(ref, judge_paths(clients, [ref], options))[1]
    if vm.vm.power_state not in (None, "running"):
        raise ProbeBlocked(vm.vm, f"it is {vm.vm.power_state}; Run Command needs a running VM")
    permissions = reader.read_permissions(clients.arm(vm.vm.subscription_id), vm.vm.id)
    missing = access.missing_run_command(permissions, vm.vm.kind)
    if missing:
        raise ProbeBlocked(vm.vm, f"you lack {missing} on it", missing)
    command_id, script = probing.script_for(vm.vm.os_type, target)
    announce(message("probe.running", command=command_id, vm=vm.vm.name, host=target.host,
                     ports=[str(p) for p in target.ports]))  # ports as text: no thousands separator
    try:
        output = run_command(clients, vm.vm.id, command_id, script)
    except HttpResponseError as err:  # permissions unread above, or changed since: ARM has the last word
        if err.status_code != 403:
            raise
        action = access.RUN_COMMAND[vm.vm.kind]
        raise ProbeBlocked(vm.vm, f"ARM refused the Run Command (403 {pager.error_code(err)}): you lack {action} "
                                  "on it", action) from err
    results = probing.parse_output(output, target)
    return report.probe_output(vm, command_id, script, results, probing.agreement_for(target, vm.verdict, results))


@dataclass
class Completion:
    dry_run: bool
    exempted_at: datetime
    policy_status: str
    plan: List[PlanItem]
    message: str = ""
    outcomes: list = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)  # what deallocations lose, said before --yes

    @property
    def failed(self):
        return [o for o in self.outcomes if o.status != "succeeded"]


def _summary(done: Completion) -> str:
    """One sentence on where a --yes run stands: done, failed, could not run."""
    counts = {status: sum(o.status == status for o in done.outcomes)
              for status in ("succeeded", "failed", "cannot-run")}
    return message("completion.summary", done=counts["succeeded"], total=len(done.plan), more=[
        message(f"completion.{status}", count=counts[status]) for status in ("failed", "cannot-run") if counts[status]])


def complete_exemption(clients, subscription_id: str, resource_group: Optional[str], options: Options, *,
                       execute_plan: bool = False,
                       progress: Callable[[float, int, str], None] = lambda *_: None) -> Completion:
    """Judge the subscription as of the exemption, plan the follow-up steps and, if asked, carry them out."""
    from .remediate import execute
    verdict = judge(clients, [subscription_id], resource_group, options)[0]
    status = verdict.policy.status
    plan = build_plan(verdict)
    if status != RuleStatus.EXEMPTED:  # only the temporary subnets of VNets that may predate their setting
        plan = [item for item in plan if item.kind == "vnet"]
    done = Completion(not execute_plan, options.exempted_at, status, plan)
    done.warnings = deallocation_warnings(verdict, done.plan) if status == RuleStatus.EXEMPTED else []
    if status != RuleStatus.EXEMPTED and not done.plan:
        done.message = message("completion.not-exempted", status=status,
                               why=verdict.policy.warnings or [message("completion.see-check")])
    elif not done.plan:
        done.message = message("completion.nothing")
    elif not execute_plan:
        runnable = [p for p in done.plan if not p.blocker]
        blocked = len(done.plan) - len(runnable)
        done.message = message("completion.dry-run", count=len(runnable),
                               more=[message("completion.blocked", count=blocked)] if blocked else [])
    else:
        done.outcomes = execute(clients, done.plan, progress)
        done.message = _summary(done)
    return done
