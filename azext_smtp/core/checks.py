"""One pure function per check. Each returns a CheckResult naming its catalog id (data/catalog.json).

Titles, doc URLs, remediation and the blockedBy category of a check are catalog data; what a
function decides is the result, the detail sentence, the evidence and the actions it asks for.
"""
from dataclasses import dataclass, field
from typing import List, Optional

from .exemption import Refresh
from .firewall_policy import decide_firewall
from .i18n import Text, message
from .ids import name_of, subscription_of
from .memo import Memo
from .model import Firewall, Inventory, IpConfig, Vm, key
from .nsg import NsgDecision, evaluate_nsg
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


def copied(result: CheckResult) -> CheckResult:
    """A shared result (worked out once for every resource it holds alike) with lists of its own."""
    return CheckResult(result.check, result.result, result.detail, list(result.evidence), list(result.actions),
                       result.rule_id, result.basis)


def _with_caveats(detail: str, caveats: List[str]) -> str:
    """Rules and routes for part of the internet decide for other receivers: say so in the sentence itself."""
    return message("check.caveats", detail=detail, caveats=caveats) if caveats else detail


def _flag_text(flag: Optional[bool]) -> str:
    return "not reported" if flag is None else str(flag).lower()


def platform_check(policy: Policy, flag: Optional[bool], nic_id: Optional[str], memo: Optional[Memo] = None) \
        -> CheckResult:
    """The NIC's observed allowPort25Out where it reports one (`observed`, the documented rule beside it, and
    whether they disagree); else the subscription's documented rule (`rule`), unknown while it cannot decide.
    What it says depends on the policy and the flag only: with a `memo` it is put together once for them."""
    said = (memo or Memo()).once(policy, ("platform", flag), lambda: _platform_said(policy, flag))
    evidence = said.evidence[:1] + [f"NIC {nic_id}: allowPort25Out={_flag_text(flag)}"] + said.evidence[1:]
    return CheckResult(said.check, said.result, said.detail, evidence, list(said.actions), said.rule_id, said.basis)


def _platform_said(policy: Policy, flag: Optional[bool]) -> CheckResult:
    """platform_check's result but for the NIC's line in the evidence."""
    rule = policy.rule_id or message("check.platform.no-rule")
    evidence = [f"rule {rule}: {policy.status}"]
    evidence += [f"offer evidence, {e.source} ({e.strength}): {e.detail}" for e in policy.offer.evidence] \
        if policy.offer else []

    def result(outcome, detail, actions=(), basis="rule"):
        return CheckResult(CheckId.PLATFORM_PORT25, outcome, detail, evidence, list(actions), policy.rule_id, basis)

    if flag is not None:
        return _observed(policy, flag, result)
    if policy.status == RuleStatus.UNKNOWN:
        why = message("check.platform.undocumented", rule=rule) if policy.rule_id else \
            message("check.platform.unsettled")
        return result(UNKNOWN, message("check.platform.unknown-no-flag", why=why), policy.actions)
    outcome = {RuleStatus.NOT_BLOCKED: PASS, RuleStatus.BLOCKED: FAIL, RuleStatus.EXEMPTIBLE: FAIL,
               RuleStatus.EXEMPTED: INFO}[policy.status]
    detail = message(f"check.platform.{policy.status}", rule=rule)
    return result(outcome, detail, policy.actions if outcome == FAIL else ())


def _rule_beside(policy: Policy) -> Text:
    """What the documented rule says, to stand beside an observed flag."""
    if policy.status != RuleStatus.UNKNOWN:
        return message("check.platform.beside", rule=policy.rule_id, status=str(policy.status))
    if policy.rule_id:
        return message("check.platform.beside-undocumented", rule=policy.rule_id)
    return message("check.platform.beside-unsettled")


def flag_disagreement(policy: Policy, flag: Optional[bool]) -> Optional[Text]:
    """Why an observed allowPort25Out and the documented rule disagree, or None when they do not."""
    if flag and policy.status in (RuleStatus.BLOCKED, RuleStatus.EXEMPTIBLE):
        return message("check.platform.why-blocked-open")
    if flag and policy.status == RuleStatus.UNKNOWN and policy.doubting:
        return message("check.platform.why-doubting-open", offers=list(policy.doubting))
    if flag is False and policy.status == RuleStatus.NOT_BLOCKED:
        return message("check.platform.why-open-closed")
    return None


def _observed(policy: Policy, flag: bool, result) -> CheckResult:
    """The flag is what the platform does for this NIC; the rule stands beside it, with what a new NIC would get."""
    beside = _rule_beside(policy)
    why = flag_disagreement(policy, flag)
    said = message("check.platform.said-disagrees", beside=beside, why=why) if why else \
        message("check.platform.said", beside=beside)
    if flag:
        return result(PASS, message("check.platform.observed-open", said=said), basis="observed")
    actions = {RuleStatus.EXEMPTED: [ActionId.DEALLOCATE_AND_START],
               RuleStatus.NOT_BLOCKED: [ActionId.DEALLOCATE_AND_START, ActionId.TEST_PORT25]}.get(
        policy.status, policy.actions)
    return result(FAIL, message("check.platform.observed-closed", said=said), actions, basis="observed")


def exemption_refresh_check(policy: Policy, flag: Optional[bool], refresh: Refresh) -> CheckResult:
    """After an exemption: the NIC flag first, then whether the VM was (re)allocated since."""
    rule = policy.edition.after_exemption_rule("deallocate-and-start").id
    evidence = [f"allowPort25Out={_flag_text(flag)}", f"picked up the new policy: {refresh.status} ({refresh.reason})"]
    redo = message("check.refresh.redo", rule=rule)

    def result(outcome, detail, actions=()):
        return CheckResult(CheckId.EXEMPTION_REFRESH, outcome, detail, evidence, list(actions), rule)

    if flag is True:
        return result(PASS, message("check.refresh.flag-open"))
    if flag is False and refresh.status == "yes":
        return result(UNKNOWN, message("check.refresh.flag-lags", reason=refresh.reason), [ActionId.TEST_PORT25])
    if flag is False:
        return result(FAIL, message("check.refresh.flag-closed", reason=refresh.reason, redo=redo),
                      [ActionId.DEALLOCATE_AND_START])
    if refresh.down:
        return result(INFO, message("check.refresh.down", reason=refresh.reason), [ActionId.START_VM])
    outcome = {"yes": PASS, "no": FAIL, "unknown": UNKNOWN}[refresh.status]
    detail = message(f"check.refresh.{refresh.status}", reason=refresh.reason, redo=redo)
    return result(outcome, detail, [] if outcome == PASS else [ActionId.DEALLOCATE_AND_START])


def missing_nic_check(nic_id: Optional[str], inv: Inventory) -> CheckResult:
    """A NIC we could not read leaves the network path unknown: say why and how to settle it."""
    why = inv.unread_reason("nics")
    return CheckResult(CheckId.NETWORK_INTERFACE, UNKNOWN, message("check.nic.unread", nic=nic_id or "(none)", why=why),
                       [nic_id] if nic_id else [])


def nics_check(vm: Vm, nic_name: str) -> CheckResult:
    return CheckResult(CheckId.NICS, INFO, message("check.nics", count=len(vm.nic_ids), nic=nic_name), list(vm.nic_ids))


def missing_subnet_check(ipc: Optional[IpConfig], inv: Inventory) -> CheckResult:
    why = inv.unread_reason("vnets")
    return CheckResult(CheckId.SUBNET, UNKNOWN,
                       message("check.subnet.unread", subnet=ipc.subnet_id if ipc else "(none)", why=why),
                       [ipc.subnet_id] if ipc else [])


def unread_route_table_check(table_id: str, inv: Inventory) -> CheckResult:
    why = inv.unread_reason("route_tables")
    return CheckResult(CheckId.ROUTE, UNKNOWN, message("check.route.table-unread", table=name_of(table_id), why=why),
                       [table_id])


def scope_note(policy: Policy) -> str:
    """After (or before) an exemption: it covers only traffic routed directly to the internet."""
    if policy.status not in (RuleStatus.EXEMPTIBLE, RuleStatus.EXEMPTED):
        return ""
    rule = policy.edition.after_exemption_rule("direct-routes-only")
    return message("check.scope-note", rule=rule.id)


def route_check(route: RouteChoice, firewall: Optional[Firewall], policy: Policy) -> CheckResult:
    """Where the subnet sends internet traffic; only a direct route is covered by an exemption."""
    evidence = [f"{route.prefix} -> {route.next_hop}" + (f" {route.next_hop_ip}" if route.next_hop_ip else "")
                + f" ({route.origin})"] + route.caveats
    hop = route.next_hop.lower()
    if hop == "internet":
        return CheckResult(CheckId.ROUTE, PASS, _with_caveats(message("check.route.internet", origin=route.origin),
                                                              route.caveats), evidence)
    if hop == "none":
        return CheckResult(CheckId.ROUTE, FAIL, _with_caveats(message("check.route.none", origin=route.origin,
                                                                      prefix=route.prefix), route.caveats),
                           evidence, [ActionId.FIX_ROUTE])
    if hop == "unknown":
        return CheckResult(CheckId.ROUTE, UNKNOWN, message("check.route.service-tag", origin=route.origin), evidence,
                           [ActionId.RESOLVE_SERVICE_TAG])
    if firewall:
        return CheckResult(CheckId.ROUTE, INFO,
                           message("check.route.firewall", origin=route.origin, firewall=firewall.name),
                           evidence + [firewall.id])
    if hop == "virtualappliance":
        return CheckResult(CheckId.ROUTE, UNKNOWN, message("check.route.appliance", origin=route.origin,
                                                           ip=route.next_hop_ip, note=scope_note(policy)),
                           evidence, [ActionId.CHECK_APPLIANCE])
    return CheckResult(CheckId.ROUTE, UNKNOWN, message("check.route.tunnel", origin=route.origin, hop=route.next_hop,
                                                       note=scope_note(policy)), evidence,
                       [ActionId.CHECK_ON_PREMISES_EGRESS])


def outbound_check(egress: Egress) -> CheckResult:
    if egress.method == "none":
        return CheckResult(CheckId.OUTBOUND, FAIL, message("check.outbound.none", detail=egress.detail),
                           [egress.resource], [ActionId.ADD_NAT_GATEWAY])
    if egress.method == "unknown":
        return CheckResult(CheckId.OUTBOUND, UNKNOWN, message("check.outbound.unknown", detail=egress.detail),
                           [egress.resource], [ActionId.ADD_NAT_GATEWAY])
    return CheckResult(CheckId.OUTBOUND, PASS,
                       message("check.outbound.through", method=egress.method, detail=egress.detail), [egress.resource])


def firewall_check(fw: Firewall, ipc: IpConfig, vm: Vm, policy: Policy, *, destination, inv: Inventory) -> CheckResult:
    """The firewall's network rules (classic or its Firewall Policy's) for TCP 25; an allow still leaves through
    the firewall's own egress."""
    decision = decide_firewall(fw, inv, ipc.private_ip, destination)
    evidence = [fw.id] + ([fw.policy_id] if fw.policy_id else []) + [decision.detail] + decision.caveats
    actions = [ActionId.ADD_POLICY_NETWORK_RULE if fw.policy_id else ActionId.CHECK_FIREWALL_NETWORK_RULE]
    said = message("check.firewall.said", firewall=fw.name, detail=decision.detail)
    if decision.access is None:  # a policy, base policy or IP group could not be read
        return CheckResult(CheckId.FIREWALL, UNKNOWN, said, evidence, [ActionId.READ_FIREWALL_POLICY])
    access = decision.access.lower()
    if access not in ("allow", "deny"):
        return CheckResult(CheckId.FIREWALL, UNKNOWN, said, evidence, actions)
    if access == "deny":
        return CheckResult(CheckId.FIREWALL, FAIL, _with_caveats(said, decision.caveats), evidence, actions)
    if (subscription_of(fw.id) or "").lower() != (vm.subscription_id or "").lower():
        return CheckResult(CheckId.FIREWALL, UNKNOWN, message("check.firewall.other-subscription", firewall=fw.name,
                                                              detail=decision.detail), evidence,
                           [ActionId.CONFIRM_OFFER])
    note = scope_note(policy)
    if note:
        return CheckResult(CheckId.FIREWALL, UNKNOWN, message("check.firewall.not-direct", firewall=fw.name,
                                                              detail=decision.detail, note=note),
                           evidence, [ActionId.USE_AUTHENTICATED_RELAY])
    return CheckResult(CheckId.FIREWALL, PASS, _with_caveats(message("check.firewall.allows", firewall=fw.name,
                                                                     detail=decision.detail), decision.caveats),
                       evidence)


def nsg_check(where: str, nsg_id: Optional[str], ipc: IpConfig, inv: Inventory, space: List[str], *,
              destination) -> CheckResult:
    """The NIC's or the subnet's NSG (`where` is NIC | subnet): the first matching outbound rule for TCP 25."""
    check = NSG_CHECKS[where]
    if nsg_id and key(nsg_id) not in inv.nsgs:
        why = inv.unread_reason("nsgs")
        return CheckResult(check, UNKNOWN, message(f"check.nsg-{where}.unread", nsg=name_of(nsg_id), why=why),
                           [nsg_id])
    if not nsg_id:  # the same step for every NIC or subnet without one
        return copied(inv.memo.once(check, "no NSG", lambda: _nsg_said(where, evaluate_nsg(None, ipc, space))))
    decision = evaluate_nsg(inv.nsgs[key(nsg_id)], ipc, space, destination, inv.memo)
    return copied(inv.memo.once(decision, where, lambda: _nsg_said(where, decision)))  # alike for the NICs it decides


def _nsg_said(where: str, decision: NsgDecision) -> CheckResult:
    """What the NSG check says for `decision`: the same for every IP configuration the NSG decides alike."""
    check = NSG_CHECKS[where]
    evidence = ([decision.nsg.id, decision.describe()] if decision.nsg else []) + decision.caveats
    access = (decision.access or "").lower()
    if not access:
        return CheckResult(check, PASS, message(f"check.nsg-{where}.none"), evidence)
    if access == "allow":
        return CheckResult(check, PASS, _with_caveats(message("check.nsg.allow", rule=decision.describe()),
                                                      decision.caveats), evidence)
    if access == "deny":
        return CheckResult(check, FAIL, _with_caveats(message(f"check.nsg-{where}.deny", rule=decision.describe()),
                                                      decision.caveats), evidence, [ActionId.FIX_NSG_RULE])
    return CheckResult(check, UNKNOWN, message("check.nsg.service-tag", rule=decision.describe()), evidence,
                       [ActionId.RESOLVE_SERVICE_TAG])
