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

PASS, FAIL, UNKNOWN, INFO = "pass", "fail", "unknown", "info"


@dataclass
class CheckResult:
    check: str  # catalog id
    result: str  # pass | fail | unknown | info
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
    """The subscription's documented rule, cross-checked with the NIC's observed allowPort25Out.

    When the rule cannot decide (offer not settled, or not named by the edition), the flag decides as
    `observed`; without a flag the result stays unknown."""
    rule = policy.rule_id or "no single rule"
    evidence = [f"rule {rule}: {policy.status}", f"NIC {nic_id}: allowPort25Out={_flag_text(flag)}"]
    evidence += [f"offer evidence, {e.source} ({e.strength}): {e.detail}" for e in policy.offer.evidence] \
        if policy.offer else []

    def result(outcome, detail, actions=(), basis="rule"):
        return CheckResult("platform-port25", outcome, detail, evidence, list(actions), policy.rule_id, basis)

    if policy.status == "unknown":
        return _unknown_rule(policy, flag, result)
    disagreement = {"not-blocked": (False, "The documented rule says the offer is not blocked, but the platform "
                                           "reports allowPort25Out=false on this NIC; the two disagree (uncertain: "
                                           "a recent offer change may not be picked up until the VM is deallocated "
                                           "and started)."),
                    "blocked": (True, "The documented rule blocks this offer, but the platform reports "
                                      "allowPort25Out=true on this NIC (possibly an exemption granted under an "
                                      "earlier edition; uncertain).")}
    if policy.status in disagreement and flag is disagreement[policy.status][0]:
        return result(UNKNOWN, disagreement[policy.status][1], ["test-port25"])
    details = {"not-blocked": (PASS, f"Rule {rule}: outbound TCP 25 is not blocked for this offer."),
               "blocked": (FAIL, f"Rule {rule}: the platform blocks outbound TCP 25 for this offer."),
               "exemptible": (FAIL, f"Rule {rule}: blocked by default; a self-service exemption is available."),
               "exempted": (INFO, f"Rule {rule}: the subscription is exempted; whether this VM picked the exemption "
                                  "up is the next check.")}
    outcome, detail = details[policy.status]
    return result(outcome, detail, policy.actions if outcome == FAIL else ())


def _unknown_rule(policy: Policy, flag: Optional[bool], result) -> CheckResult:
    rule = policy.rule_id
    why = f"Rule {rule}: this edition does not document the offer" if rule else \
        "The subscription's offer is not settled (see offer.evidence)"
    if flag is None:
        return result(UNKNOWN, f"{why}, so the platform rule is unknown, and the NIC reports no allowPort25Out.",
                      policy.actions)
    if flag and policy.doubting:
        # a true flag on a blocked offer is only 'unknown' (see above): while the offer may be one, so is this
        blocking = " or ".join(policy.doubting) if policy.offer and policy.offer.candidates else \
            "one the documented rules block (it is not read)"
        return result(UNKNOWN, f"{why}, and the platform reports allowPort25Out=true on this NIC, but the offer may be "
                               f"{blocking}, whose rule blocks TCP 25: there the flag and the rule disagree "
                               "(uncertain).", policy.actions)
    if flag:
        return result(PASS, f"{why}, but the platform reports allowPort25Out=true on this NIC: TCP 25 is open "
                            "(observed, not documented).", basis="observed")
    return result(FAIL, f"{why}, but the platform reports allowPort25Out=false on this NIC: TCP 25 is blocked "
                        "(observed, not documented).", policy.actions, basis="observed")


def exemption_refresh_check(policy: Policy, flag: Optional[bool], refresh: Refresh) -> CheckResult:
    """After an exemption: the NIC flag first, then whether the VM was (re)allocated since."""
    rule = policy.edition.after_exemption_rule("deallocate-and-start").id
    evidence = [f"allowPort25Out={_flag_text(flag)}", f"picked up the new policy: {refresh.status} ({refresh.reason})"]
    redo = f"{rule}: stop, deallocate and start it (a reboot is not enough)."

    def result(outcome, detail, actions=()):
        return CheckResult("exemption-refresh", outcome, detail, evidence, list(actions), rule)

    if flag is True:
        return result(PASS, "The subscription is exempted and this NIC reports allowPort25Out=true.")
    if flag is False and refresh.status == "yes":
        return result(UNKNOWN, f"The NIC still reports allowPort25Out=false although {refresh.reason} (uncertain: "
                               "the flag may lag behind).", ["test-port25"])
    if flag is False:
        return result(FAIL, f"The subscription is exempted but this NIC still reports allowPort25Out=false "
                            f"({refresh.reason}). {redo}", ["deallocate-and-start"])
    if refresh.down:
        return result(INFO, f"The subscription is exempted; the VM is deallocated, so it sends nothing until it is "
                            f"started, and it picks up the new policy then: {refresh.reason}.", ["start-vm"])
    outcomes = {"yes": (PASS, f"The subscription is exempted and the VM picked up the new policy: {refresh.reason}."),
                "no": (FAIL, f"The subscription is exempted but the VM has not picked up the new policy: "
                             f"{refresh.reason}. {redo}"),
                "unknown": (UNKNOWN, f"The subscription is exempted, but whether this VM picked up the new policy is "
                                     f"unknown: {refresh.reason}.")}
    outcome, detail = outcomes[refresh.status]
    return result(outcome, detail, [] if outcome == PASS else ["deallocate-and-start"])


def missing_nic_check(nic_id: Optional[str], inv: Inventory) -> CheckResult:
    """A NIC we could not read leaves the network path unknown: say why and how to settle it."""
    why = inv.unread_reason("network interfaces")
    return CheckResult("network-interface", UNKNOWN, f"NIC {nic_id or '(none)'} could not be read: {why}.",
                       [nic_id] if nic_id else [])


def nics_check(vm: Vm, nic_name: str) -> CheckResult:
    return CheckResult("nics", INFO, f"The VM has {len(vm.nic_ids)} NICs; the primary NIC {nic_name} carries the "
                                     "default route, so it is the one judged.", list(vm.nic_ids))


def missing_subnet_check(ipc: Optional[IpConfig], inv: Inventory) -> CheckResult:
    why = inv.unread_reason("virtual networks")
    return CheckResult("subnet", UNKNOWN, f"Subnet {ipc.subnet_id if ipc else '(none)'} could not be read: {why}.",
                       [ipc.subnet_id] if ipc else [])


def unread_route_table_check(table_id: str, inv: Inventory) -> CheckResult:
    why = inv.unread_reason("route tables")
    return CheckResult("route", UNKNOWN, f"The subnet's route table {name_of(table_id)} could not be read: {why}.",
                       [table_id])


def scope_note(policy: Policy) -> str:
    """After (or before) an exemption: it covers only traffic routed directly to the internet."""
    if policy.status not in ("exemptible", "exempted"):
        return ""
    rule = policy.edition.after_exemption_rule("direct-routes-only")
    return f" {rule.id}: an exemption covers only VM traffic routed directly to the internet."


def route_check(route: RouteChoice, firewall: Optional[Firewall], policy: Policy) -> CheckResult:
    """Where the subnet sends internet traffic; only a direct route is covered by an exemption."""
    evidence = [f"{route.prefix} -> {route.next_hop}" + (f" {route.next_hop_ip}" if route.next_hop_ip else "")
                + f" ({route.origin})"] + route.caveats
    hop = route.next_hop.lower()
    if hop == "internet":
        return CheckResult("route", PASS, _with_caveats(f"Internet traffic goes directly to the internet "
                                                        f"({route.origin}).", route.caveats), evidence)
    if hop == "none":
        return CheckResult("route", FAIL, _with_caveats(f"{route.origin} sends {route.prefix} to None: the traffic "
                                                        "is dropped.", route.caveats), evidence, ["fix-route"])
    if hop == "unknown":
        return CheckResult("route", UNKNOWN, f"{route.origin} may decide for this receiver, but its service tag's "
                                             "address ranges are not read, so the route is unknown.", evidence,
                           ["resolve-service-tag"])
    if firewall:
        return CheckResult("route", INFO, f"{route.origin} sends internet traffic through Azure Firewall "
                                          f"{firewall.name}.", evidence + [firewall.id])
    if hop == "virtualappliance":
        return CheckResult("route", UNKNOWN, f"{route.origin} forces internet traffic through network virtual "
                                             f"appliance {route.next_hop_ip}: whether TCP 25 leaves depends on that "
                                             "device." + scope_note(policy), evidence, ["check-appliance"])
    return CheckResult("route", UNKNOWN, f"{route.origin} sends internet traffic to {route.next_hop} (forced "
                                         "tunnelling): whether TCP 25 leaves depends on the network at the other end."
                       + scope_note(policy), evidence, ["check-on-premises-egress"])


def outbound_check(egress: Egress) -> CheckResult:
    if egress.method == "none":
        return CheckResult("outbound", FAIL, f"No outbound path: {egress.detail}.", [egress.resource],
                           ["add-nat-gateway"])
    if egress.method == "unknown":
        return CheckResult("outbound", UNKNOWN, f"Outbound path unknown: {egress.detail}.", [egress.resource],
                           ["add-nat-gateway"])
    return CheckResult("outbound", PASS, f"Outbound through {egress.method}: {egress.detail}.", [egress.resource])


def firewall_check(fw: Firewall, ipc: IpConfig, vm: Vm, policy: Policy, *, destination, inv: Inventory) -> CheckResult:
    """The firewall's network rules (classic or its Firewall Policy's) for TCP 25; an allow still leaves through
    the firewall's own egress."""
    decision = decide_firewall(fw, inv, ipc.private_ip, destination)
    evidence = [fw.id] + ([fw.policy_id] if fw.policy_id else []) + [decision.detail] + decision.caveats
    actions = ["add-policy-network-rule" if fw.policy_id else "check-firewall-network-rule"]
    if decision.access is None:  # a policy, base policy or IP group could not be read
        return CheckResult("firewall", UNKNOWN, f"Azure Firewall {fw.name}: {decision.detail}.", evidence,
                           ["read-firewall-policy"])
    access = decision.access.lower()
    if access not in ("allow", "deny"):
        return CheckResult("firewall", UNKNOWN, f"Azure Firewall {fw.name}: {decision.detail}.", evidence, actions)
    if access == "deny":
        return CheckResult("firewall", FAIL, _with_caveats(f"Azure Firewall {fw.name}: {decision.detail}.",
                                                           decision.caveats), evidence, actions)
    allows = f"Azure Firewall {fw.name} allows TCP 25 ({decision.detail})"
    if (subscription_of(fw.id) or "").lower() != (vm.subscription_id or "").lower():
        return CheckResult("firewall", UNKNOWN, f"{allows}, but it is in another subscription, whose offer decides "
                                                "whether the platform lets it out.", evidence, ["confirm-offer"])
    note = scope_note(policy)
    if note:
        return CheckResult("firewall", UNKNOWN, f"{allows}, but the traffic is not routed directly to the internet."
                                                f"{note}", evidence, ["use-authenticated-relay"])
    return CheckResult("firewall", PASS, _with_caveats(f"Azure Firewall {fw.name} allows TCP 25: {decision.detail}.",
                                                       decision.caveats), evidence)


def nsg_check(where: str, nsg_id: Optional[str], ipc: IpConfig, inv: Inventory, space: List[str], *,
              destination) -> CheckResult:
    """The NIC's or the subnet's NSG (`where` is NIC | subnet): the first matching outbound rule for TCP 25."""
    check = f"nsg-{where}"
    if nsg_id and key(nsg_id) not in inv.nsgs:
        why = inv.unread_reason("network security groups")
        return CheckResult(check, UNKNOWN, f"The {where} NSG {name_of(nsg_id)} could not be read: {why}.", [nsg_id])
    decision = evaluate_nsg(inv.nsgs.get(key(nsg_id)) if nsg_id else None, ipc, space, destination)
    evidence = ([decision.nsg.id, decision.describe()] if decision.nsg else []) + decision.caveats
    access = (decision.access or "").lower()
    if not access:
        return CheckResult(check, PASS, f"No NSG on the {where}.", evidence)
    if access == "allow":
        return CheckResult(check, PASS, _with_caveats(f"{decision.describe()} for TCP 25 to the internet.",
                                                      decision.caveats), evidence)
    if access == "deny":
        return CheckResult(check, FAIL, _with_caveats(f"{decision.describe()}: outbound TCP 25 is denied on the "
                                                      f"{where}.", decision.caveats), evidence, ["fix-nsg-rule"])
    return CheckResult(check, UNKNOWN, f"{decision.describe()}: whether it applies to this receiver is unknown "
                                       "(its service tag's address ranges are not read).", evidence,
                       ["resolve-service-tag"])
