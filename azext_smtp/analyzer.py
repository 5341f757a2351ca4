"""Per-VM verdicts as an ordered list of checks; `check` and `explain-vm` share it.

Pure functions over the model: the verdict is derived from the steps, so what
`explain-vm` shows step by step is exactly what `check` reports.
"""
from dataclasses import dataclass, field
from typing import List, Optional

from .model import Inventory, Vm, key
from .policy import Policy

PASS, FAIL, UNKNOWN, INFO = "pass", "fail", "unknown", "info"


@dataclass
class Step:
    check: str
    result: str
    detail: str
    evidence: List[str] = field(default_factory=list)
    source: Optional[str] = None
    blocks_as: Optional[str] = None  # blockedBy category when the step fails
    actions: List[str] = field(default_factory=list)

    def to_dict(self):
        return {"check": self.check, "result": self.result, "detail": self.detail,
                "evidence": list(self.evidence), "source": self.source}


@dataclass
class VmAnalysis:
    vm: Vm
    steps: List[Step]
    port25_flag: Optional[bool]
    egress: Optional[str] = None

    @property
    def verdict(self) -> str:
        results = {s.result for s in self.steps}
        if FAIL in results:
            return "blocked"
        return "unknown" if UNKNOWN in results else "allowed"

    @property
    def blocked_by(self) -> List[str]:
        return _unique(s.blocks_as for s in self.steps if s.result == FAIL)

    @property
    def actions(self) -> List[str]:
        return _unique(a for s in self.steps if s.result in (FAIL, UNKNOWN) for a in s.actions)

    @property
    def reasons(self) -> List[str]:
        return [s.detail for s in self.steps if s.result in (FAIL, UNKNOWN)]


def _unique(items):
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def primary_nic_id(vm: Vm, inv: Inventory) -> Optional[str]:
    """The NIC that carries the VM's default route: the one marked primary, else the first."""
    nics = [inv.nics.get(key(n)) for n in vm.nic_ids]
    marked = [n for n in nics if n is not None and n.primary]
    if marked:
        return marked[0].id
    return vm.nic_ids[0] if vm.nic_ids else None


def platform_step(policy: Policy, flag: Optional[bool], nic_id: Optional[str]) -> Step:
    """The subscription's documented rule, cross-checked with the NIC's observed allowPort25Out."""
    source = f"{policy.edition.source} (edition {policy.edition.edition})"
    rule = policy.rule_id or "no single rule"
    flag_text = "not reported" if flag is None else str(flag).lower()
    evidence = [f"rule {rule}: {policy.status}", f"NIC {nic_id}: allowPort25Out={flag_text}"]

    def step(result, detail, actions=()):
        return Step("platform-port25", result, detail, evidence, source, "platform", list(actions))

    status = policy.status
    if status == "unknown":
        return step(UNKNOWN, "The subscription's offer is not confirmed, so the platform rule is unknown.", policy.actions)
    if status == "not-blocked":
        if flag is False:
            return step(UNKNOWN, "The documented rule says the offer is not blocked, but the platform reports "
                                 "allowPort25Out=false on this NIC; the two disagree (uncertain: a recent offer change "
                                 "may not be picked up until the VM is deallocated and started).", ["test-port25"])
        return step(PASS, f"Rule {rule}: outbound TCP 25 is not blocked for this offer.")
    if status == "blocked":
        if flag is True:
            return step(UNKNOWN, "The documented rule blocks this offer, but the platform reports allowPort25Out=true "
                                 "on this NIC (possibly an exemption granted under an earlier edition; uncertain).",
                        ["test-port25"])
        return step(FAIL, f"Rule {rule}: the platform blocks outbound TCP 25 for this offer.", policy.actions)
    if status == "exemptible":
        return step(FAIL, f"Rule {rule}: blocked by default; a self-service exemption is available.", policy.actions)
    # exempted
    if flag is True:
        return step(PASS, "The subscription is exempted and this NIC reports allowPort25Out=true.")
    if flag is False:
        return step(FAIL, "The subscription is exempted but this NIC still reports allowPort25Out=false: the VM has "
                          "not picked up the new policy; stop, deallocate and start it (a reboot is not enough).",
                    ["deallocate-and-start"])
    return step(UNKNOWN, "The subscription is exempted, but whether this VM picked up the new policy is not known.",
                ["deallocate-and-start"])


def missing_nic_step(nic_id: Optional[str], inv: Inventory) -> Step:
    """A NIC we could not read leaves the network path unknown: say why and how to settle it."""
    gap = inv.gap_for("network interfaces")
    why = f"the NIC list failed ({gap.reason}); settle with: {gap.command}" if gap else "it was not in the scope read"
    return Step("network-interface", UNKNOWN, f"NIC {nic_id or '(none)'} could not be read: {why}.",
                [nic_id] if nic_id else [], blocks_as=None)


def analyze_vm(vm: Vm, inv: Inventory, policy: Policy) -> VmAnalysis:
    """All checks for one VM, in the order a person would follow them."""
    nic_id = primary_nic_id(vm, inv)
    nic = inv.nics.get(key(nic_id)) if nic_id else None
    flag = nic.allow_port25_out if nic else None
    steps = [platform_step(policy, flag, nic_id)]
    if nic is None:
        steps.append(missing_nic_step(nic_id, inv))
    return VmAnalysis(vm, steps, flag)
