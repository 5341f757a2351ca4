"""One pure function per check. Each returns a CheckResult naming its catalog id (data/catalog.json).

Titles, doc URLs, remediation and the blockedBy category of a check are catalog data; what a
function decides is the result, the detail sentence, the evidence and the actions it asks for.
"""
from dataclasses import dataclass, field
from typing import List, Optional

from .exemption import Refresh
from .firewall_policy import decide_firewall
from .ids import name_of, subscription_of
from .model import Firewall, Inventory, IpConfig, Vm, key
from .nsg import evaluate_nsg
from .outbound import Egress
from .policy import Policy
from .routing import RouteChoice
from .vocabulary import ActionId, CheckId, Result, RuleStatus

PASS, FAIL, UNKNOWN, INFO = Result.PASS, Result.FAIL, Result.UNKNOWN, Result.INFO
# The check id of each NSG a packet passes, by where it sits (NIC | subnet, also the text the detail shows).
NSG_CHECKS = {"NIC": CheckId.NSG_NIC, "subnet": CheckId.NSG_SUBNET}


@dataclass
class CheckResult:
    check: CheckId
    result: Result
    detail: str
    evidence: List[str] = field(default_factory=list)
    actions: List[str] = field(default_factory=list)
    rule_id: Optional[str] = None  # the documented rule that decided, when one did
    basis: Optional[str] = None  # platform check: rule (the documented rule decided) | observed (the NIC flag did)


def _with_caveats(detail: str, caveats: List[str]) -> str:
    """Rules and routes for part of the internet decide for other receivers: say so in the sentence itself."""
    return f"{detail} Caveats: {'; '.join(caveats)}." if caveats else detail


def _flag_text(flag: Optional[bool]) -> str:
    return "not reported" if flag is None else str(flag).lower()


def platform_check(policy: Policy, flag: Optional[bool], nic_id: Optional[str]) -> CheckResult:
    """The NIC's observed allowPort25Out where it reports one (`observed`, the documented rule beside it, and
    whether they disagree); else the subscription's documented rule (`rule`), unknown while it cannot decide."""
    rule = policy.rule_id or "no single rule"
    evidence = [f"rule {rule}: {policy.status}", f"NIC {nic_id}: allowPort25Out={_flag_text(flag)}"]
    evidence += [f"offer evidence, {e.source} ({e.strength}): {e.detail}" for e in policy.offer.evidence] \
        if policy.offer else []

    def result(outcome, detail, actions=(), basis="rule"):
        return CheckResult(CheckId.PLATFORM_PORT25, outcome, detail, evidence, list(actions), policy.rule_id, basis)

    if flag is not None:
        return _observed(policy, flag, result)
    if policy.status == RuleStatus.UNKNOWN:
        why = f"Rule {rule}: this edition does not document the offer" if policy.rule_id else \
            "The subscription's offer is not settled (see offer.evidence)"
        return result(UNKNOWN, f"{why}, so the platform rule is unknown, and the NIC reports no allowPort25Out.",
                      policy.actions)
    details = {
        RuleStatus.NOT_BLOCKED: (PASS, f"Rule {rule}: outbound TCP 25 is not blocked for this offer."),
        RuleStatus.BLOCKED: (FAIL, f"Rule {rule}: the platform blocks outbound TCP 25 for this offer."),
        RuleStatus.EXEMPTIBLE: (FAIL, f"Rule {rule}: blocked by default; a self-service exemption is available."),
        RuleStatus.EXEMPTED: (INFO, f"Rule {rule}: the subscription is exempted; whether this VM picked the exemption "
                                    "up is the next check.")}
    outcome, detail = details[policy.status]
    return result(outcome, detail, policy.actions if outcome == FAIL else ())


def _rule_beside(policy: Policy) -> str:
    """What the documented rule says, to stand beside an observed flag."""
    if policy.status != RuleStatus.UNKNOWN:
        return f"rule {policy.rule_id} says {policy.status} for this offer"
    if policy.rule_id:
        return f"rule {policy.rule_id}: this edition does not document the offer"
    return "the subscription's offer is not settled (see offer.evidence)"


def flag_disagreement(policy: Policy, flag: Optional[bool]) -> Optional[str]:
    """Why an observed allowPort25Out and the documented rule disagree, or None when they do not."""
    if flag and policy.status in (RuleStatus.BLOCKED, RuleStatus.EXEMPTIBLE):
        return "the rule blocks TCP 25 while the NIC reports true: the subscription may be older than the block, " \
               "hold an exemption granted under an earlier edition, or have changed its offer"
    if flag and policy.status == RuleStatus.UNKNOWN and policy.doubting:
        return f"the offer may be {' or '.join(policy.doubting)}, whose rule blocks TCP 25, while the NIC reports " \
               "true: such a subscription may be older than the block or hold an exemption"
    if flag is False and policy.status == RuleStatus.NOT_BLOCKED:
        return "the rule does not block TCP 25 while the NIC reports false: an exemption or offer change may not " \
               "be picked up yet (the VM not deallocated and started since)"
    return None


def _observed(policy: Policy, flag: bool, result) -> CheckResult:
    """The flag is what the platform does for this NIC; the rule stands beside it, with what a new NIC would get."""
    beside = _rule_beside(policy)
    why = flag_disagreement(policy, flag)
    said = f"; {beside}, which disagrees: {why}; a new NIC would get the rule's answer" if why else f"; {beside}"
    if flag:
        return result(PASS, f"The platform reports allowPort25Out=true on this NIC: TCP 25 is open (observed, not "
                            f"documented){said}.", basis="observed")
    actions = {RuleStatus.EXEMPTED: [ActionId.DEALLOCATE_AND_START],
               RuleStatus.NOT_BLOCKED: [ActionId.DEALLOCATE_AND_START, ActionId.TEST_PORT25]}.get(
        policy.status, policy.actions)
    return result(FAIL, f"The platform reports allowPort25Out=false on this NIC: TCP 25 is blocked (observed, not "
                        f"documented){said}.", actions, basis="observed")


def exemption_refresh_check(policy: Policy, flag: Optional[bool], refresh: Refresh) -> CheckResult:
    """After an exemption: the NIC flag first, then whether the VM was (re)allocated since."""
    rule = policy.edition.after_exemption_rule("deallocate-and-start").id
    evidence = [f"allowPort25Out={_flag_text(flag)}", f"picked up the new policy: {refresh.status} ({refresh.reason})"]
    redo = f"{rule}: stop, deallocate and start it (a reboot is not enough)."

    def result(outcome, detail, actions=()):
        return CheckResult(CheckId.EXEMPTION_REFRESH, outcome, detail, evidence, list(actions), rule)

    if flag is True:
        return result(PASS, "The subscription is exempted and this NIC reports allowPort25Out=true.")
    if flag is False and refresh.status == "yes":
        return result(UNKNOWN, f"The NIC still reports allowPort25Out=false although {refresh.reason} (uncertain: "
                               "the flag may lag behind).", [ActionId.TEST_PORT25])
    if flag is False:
        return result(FAIL, f"The subscription is exempted but this NIC still reports allowPort25Out=false "
                            f"({refresh.reason}). {redo}", [ActionId.DEALLOCATE_AND_START])
    if refresh.down:
        return result(INFO, f"The subscription is exempted; the VM is deallocated, so it sends nothing until it is "
                            f"started, and it picks up the new policy then: {refresh.reason}.", [ActionId.START_VM])
    outcomes = {"yes": (PASS, f"The subscription is exempted and the VM picked up the new policy: {refresh.reason}."),
                "no": (FAIL, f"The subscription is exempted but the VM has not picked up the new policy: "
                             f"{refresh.reason}. {redo}"),
                "unknown": (UNKNOWN, f"The subscription is exempted, but whether this VM picked up the new policy is "
                                     f"unknown: {refresh.reason}.")}
    outcome, detail = outcomes[refresh.status]
    return result(outcome, detail, [] if outcome == PASS else [ActionId.DEALLOCATE_AND_START])


def missing_nic_check(nic_id: Optional[str], inv: Inventory) -> CheckResult:
    """A NIC we could not read leaves the network path unknown: say why and how to settle it."""
    why = inv.unread_reason("nics")
    return CheckResult(CheckId.NETWORK_INTERFACE, UNKNOWN, f"NIC {nic_id or '(none)'} could not be read: {why}.",
                       [nic_id] if nic_id else [])


def nics_check(vm: Vm, nic_name: str) -> CheckResult:
    return CheckResult(CheckId.NICS, INFO, f"The VM has {len(vm.nic_ids)} NICs; the primary NIC {nic_name} "
                                           "carries the default route, so it is the one judged.", list(vm.nic_ids))


def missing_subnet_check(ipc: Optional[IpConfig], inv: Inventory) -> CheckResult:
    why = inv.unread_reason("vnets")
    return CheckResult(CheckId.SUBNET, UNKNOWN,
                       f"Subnet {ipc.subnet_id if ipc else '(none)'} could not be read: {why}.",
                       [ipc.subnet_id] if ipc else [])


def unread_route_table_check(table_id: str, inv: Inventory) -> CheckResult:
    why = inv.unread_reason("route_tables")
    return CheckResult(CheckId.ROUTE, UNKNOWN,
                       f"The subnet's route table {name_of(table_id)} could not be read: {why}.", [table_id])


def scope_note(policy: Policy) -> str:
    """After (or before) an exemption: it covers only traffic routed directly to the internet."""
    if policy.status not in (RuleStatus.EXEMPTIBLE, RuleStatus.EXEMPTED):
        return ""
    rule = policy.edition.after_exemption_rule("direct-routes-only")
    return f" {rule.id}: an exemption covers only VM traffic routed directly to the internet."


def route_check(route: RouteChoice, firewall: Optional[Firewall], policy: Policy) -> CheckResult:
    """Where the subnet sends internet traffic; only a direct route is covered by an exemption."""
    evidence = [f"{route.prefix} -> {route.next_hop}" + (f" {route.next_hop_ip}" if route.next_hop_ip else "")
                + f" ({route.origin})"] + route.caveats
    hop = route.next_hop.lower()
    if hop == "internet":
        return CheckResult(CheckId.ROUTE, PASS, _with_caveats(f"Internet traffic goes directly to the internet "
                                                              f"({route.origin}).", route.caveats), evidence)
    if hop == "none":
        return CheckResult(CheckId.ROUTE, FAIL, _with_caveats(f"{route.origin} sends {route.prefix} to None: the "
                                                              "traffic is dropped.", route.caveats), evidence,
                           [ActionId.FIX_ROUTE])
    if hop == "unknown":
        return CheckResult(CheckId.ROUTE, UNKNOWN, f"{route.origin} may decide for this receiver, but its service "
                                                   "tag's address ranges are not read, so the route is unknown.",
                           evidence, [ActionId.RESOLVE_SERVICE_TAG])
    if firewall:
        return CheckResult(CheckId.ROUTE, INFO, f"{route.origin} sends internet traffic through Azure Firewall "
                                                f"{firewall.name}.", evidence + [firewall.id])
    if hop == "virtualappliance":
        return CheckResult(CheckId.ROUTE, UNKNOWN, f"{route.origin} forces internet traffic through network virtual "
                                                   f"appliance {route.next_hop_ip}: whether TCP 25 leaves depends on "
                                                   "that device." + scope_note(policy), evidence,
                           [ActionId.CHECK_APPLIANCE])
    return CheckResult(CheckId.ROUTE, UNKNOWN, f"{route.origin} sends internet traffic to {route.next_hop} (forced "
                                               "tunnelling): whether TCP 25 leaves depends on the network at the "
                                               "other end." + scope_note(policy), evidence,
                       [ActionId.CHECK_ON_PREMISES_EGRESS])


def outbound_check(egress: Egress) -> CheckResult:
    if egress.method == "none":
        return CheckResult(CheckId.OUTBOUND, FAIL, f"No outbound path: {egress.detail}.", [egress.resource],
                           [ActionId.ADD_NAT_GATEWAY])
    if egress.method == "unknown":
        return CheckResult(CheckId.OUTBOUND, UNKNOWN, f"Outbound path unknown: {egress.detail}.", [egress.resource],
                           [ActionId.ADD_NAT_GATEWAY])
    return CheckResult(CheckId.OUTBOUND, PASS, f"Outbound through {egress.method}: {egress.detail}.", [egress.resource])


def firewall_check(fw: Firewall, ipc: IpConfig, vm: Vm, policy: Policy, *, destination, inv: Inventory) -> CheckResult:
    """The firewall's network rules (classic or its Firewall Policy's) for TCP 25; an allow still leaves through
    the firewall's own egress."""
    decision = decide_firewall(fw, inv, ipc.private_ip, destination)
    evidence = [fw.id] + ([fw.policy_id] if fw.policy_id else []) + [decision.detail] + decision.caveats
    actions = [ActionId.ADD_POLICY_NETWORK_RULE if fw.policy_id else ActionId.CHECK_FIREWALL_NETWORK_RULE]
    if decision.access is None:  # a policy, base policy or IP group could not be read
        return CheckResult(CheckId.FIREWALL, UNKNOWN, f"Azure Firewall {fw.name}: {decision.detail}.", evidence,
                           [ActionId.READ_FIREWALL_POLICY])
    access = decision.access.lower()
    if access not in ("allow", "deny"):
        return CheckResult(CheckId.FIREWALL, UNKNOWN, f"Azure Firewall {fw.name}: {decision.detail}.", evidence,
                           actions)
    if access == "deny":
        return CheckResult(CheckId.FIREWALL, FAIL, _with_caveats(f"Azure Firewall {fw.name}: {decision.detail}.",
                                                                 decision.caveats), evidence, actions)
    allows = f"Azure Firewall {fw.name} allows TCP 25 ({decision.detail})"
    if (subscription_of(fw.id) or "").lower() != (vm.subscription_id or "").lower():
        return CheckResult(CheckId.FIREWALL, UNKNOWN, f"{allows}, but it is in another subscription, whose offer "
                                                      "decides whether the platform lets it out.", evidence,
                           [ActionId.CONFIRM_OFFER])
    note = scope_note(policy)
    if note:
        return CheckResult(CheckId.FIREWALL, UNKNOWN, f"{allows}, but the traffic is not routed directly to the "
                                                      f"internet.{note}", evidence, [ActionId.USE_AUTHENTICATED_RELAY])
    return CheckResult(CheckId.FIREWALL, PASS, _with_caveats(f"Azure Firewall {fw.name} allows TCP 25: "
                                                             f"{decision.detail}.", decision.caveats), evidence)


def nsg_check(where: str, nsg_id: Optional[str], ipc: IpConfig, inv: Inventory, space: List[str], *,
              destination) -> CheckResult:
    """The NIC's or the subnet's NSG (`where` is NIC | subnet): the first matching outbound rule for TCP 25."""
    check = NSG_CHECKS[where]
    if nsg_id and key(nsg_id) not in inv.nsgs:
        why = inv.unread_reason("nsgs")
        return CheckResult(check, UNKNOWN, f"The {where} NSG {name_of(nsg_id)} could not be read: {why}.", [nsg_id])
    decision = evaluate_nsg(inv.nsgs.get(key(nsg_id)) if nsg_id else None, ipc, space, destination, inv.memo)
    evidence = ([decision.nsg.id, decision.describe()] if decision.nsg else []) + decision.caveats
    access = (decision.access or "").lower()
    if not access:
        return CheckResult(check, PASS, f"No NSG on the {where}.", evidence)
    if access == "allow":
        return CheckResult(check, PASS, _with_caveats(f"{decision.describe()} for TCP 25 to the internet.",
                                                      decision.caveats), evidence)
    if access == "deny":
        return CheckResult(check, FAIL, _with_caveats(f"{decision.describe()}: outbound TCP 25 is denied on the "
                                                      f"{where}.", decision.caveats), evidence, [ActionId.FIX_NSG_RULE])
    return CheckResult(check, UNKNOWN, f"{decision.describe()}: whether it applies to this receiver is unknown "
                                       "(its service tag's address ranges are not read).", evidence,
                       [ActionId.RESOLVE_SERVICE_TAG])
