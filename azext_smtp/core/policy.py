"""Subscription verdict: which documented rule applies, and what observed NIC flags add."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional

from .catalog import load_catalog
from .offer import Offer, describe_billing
from .editions import Edition
from .i18n import message
from .vocabulary import ActionId, RuleStatus


@dataclass
class Evidence:
    """One observed fact behind a verdict."""
    kind: str
    detail: str
    resource: Optional[str] = None


@dataclass
class Policy:  # pylint: disable=too-many-instance-attributes
    """The subscription's documented rule as applied: one record, shaped for output by report.py."""
    status: RuleStatus
    edition: Edition
    rule_id: Optional[str] = None
    way_out: str = ""
    actions: List[str] = field(default_factory=list)
    evidence: List[Evidence] = field(default_factory=list)
    candidate_rules: Dict[str, str] = field(default_factory=dict)
    exemption_inferred: bool = False
    exempted_at: Optional[datetime] = None
    warnings: List[str] = field(default_factory=list)  # what the user said that the evidence did not bear out
    offer: Optional[Offer] = None  # the decision the rule was chosen by
    doubting: List[str] = field(default_factory=list)  # unknown policy: possible offers whose rule doubts a true flag


def _offer_evidence(offer: Offer) -> List[Evidence]:
    found = [Evidence("offer", message("offer.settled", basis=offer.basis, family=offer.family,
                                       confidence=offer.confidence))]
    if offer.billing:
        found.append(Evidence("billing", describe_billing(offer.billing)))
    return found


def _flag_evidence(nic_flags: Dict[str, Optional[bool]], value: bool) -> List[Evidence]:
    return [Evidence("nic-flag", message("policy-evidence.nic-flag", value=str(value).lower()), nic_id)
            for nic_id, flag in sorted(nic_flags.items()) if flag is value]


def subscription_policy(offer: Offer, edition: Edition, nic_flags: Dict[str, Optional[bool]],
                        exempted_at: Optional[datetime] = None) -> Policy:
    """Apply the edition's offer rules; `nic_flags` maps NIC id -> observed allowPort25Out.

    `exempted_at` is the user's statement that an exemption was granted then (--exempted-at).
    """
    policy = _documented(offer, edition, nic_flags, exempted_at)
    policy.offer = offer
    return policy


def flags_may_decide(offer: Offer, edition: Edition, nic_flags: Dict[str, Optional[bool]],
                     exempted_at: Optional[datetime] = None) -> bool:
    """Would one more NIC reporting allowPort25Out=true change the status? Then a reader of only some NICs
    (explain-vm) must look for one among the others to decide as `check` does."""
    status = _documented(offer, edition, nic_flags, exempted_at).status
    return status != _documented(offer, edition, {**nic_flags, "(another NIC)": True}, exempted_at).status


def _documented(offer: Offer, edition: Edition, nic_flags: Dict[str, Optional[bool]],
                exempted_at: Optional[datetime]) -> Policy:
    evidence = _offer_evidence(offer)
    if offer.family == "unknown":
        return _unsettled(Policy(RuleStatus.UNKNOWN, edition, way_out=message("policy.read-offer"),
                                 evidence=evidence, actions=[ActionId.CONFIRM_OFFER]), exempted_at,
                          list(load_catalog().offers.family_names))
    if offer.family not in offer.candidates and len(offer.candidates) > 1:
        rules = {c: edition.rule_for(c) for c in offer.candidates}
        statuses = {r.status for r in rules.values()}
        candidate_rules = {c: f"{r.id}: {r.status}" for c, r in rules.items()}
        if len(statuses) > 1:
            evidence.append(Evidence("ambiguity", message("policy-evidence.ambiguity", rules=[
                f"{c} -> {v}" for c, v in candidate_rules.items()])))
            return _unsettled(Policy(RuleStatus.UNKNOWN, edition, way_out=message("policy.confirm-offer"),
                                     actions=[ActionId.CONFIRM_OFFER], evidence=evidence,
                                     candidate_rules=candidate_rules),
                              exempted_at, offer.candidates)
        rule = next(iter(rules.values()))
    else:
        rule = edition.rule_for(offer.family)
    policy = Policy(rule.status, edition, rule.id, rule.way_out, list(rule.actions), evidence)
    opened = _flag_evidence(nic_flags, True)
    if exempted_at:
        return _stated_exemption(policy, rule, offer, opened, exempted_at)
    if rule.status == RuleStatus.EXEMPTIBLE and opened:
        policy.status, policy.exemption_inferred = RuleStatus.EXEMPTED, True
        policy.actions = []
        policy.way_out = message("policy.exemption-inferred")
        policy.evidence += opened
    return policy


def _unsettled(policy: Policy, exempted_at: Optional[datetime], families: List[str]) -> Policy:
    """While the offer is not settled, an exemption date cannot be checked against its rule: keep it as said.

    A NIC's true allowPort25Out still decides for it unless a possible offer's rule blocks: there the flag is
    doubted (platform_check), unless an exemption is stated, which with a true flag would apply to that offer."""
    if not exempted_at:
        policy.doubting = [f for f in families if policy.edition.rule_for(f).status == RuleStatus.BLOCKED]
    else:
        policy.evidence.append(Evidence("exemption", message("policy-evidence.unsettled", stated=_stated(exempted_at))))
        policy.warnings.append(message("policy.warn-unsettled"))
    return policy


def _stated(exempted_at: datetime):
    """The exemption date --exempted-at states (ISO 8601, as given back in exemptedAt)."""
    return message("policy-evidence.stated", date=exempted_at.isoformat())


def _stated_exemption(policy: Policy, rule, offer: Offer, opened: List[Evidence], exempted_at: datetime) -> Policy:
    """--exempted-at is checked, not trusted: it applies where the edition offers this offer an exemption, or
    where a NIC already reports allowPort25Out=true; otherwise it stays a statement and the rule decides."""
    stated = _stated(exempted_at)
    if rule.status == RuleStatus.EXEMPTIBLE or (rule.status == RuleStatus.BLOCKED and opened):
        flag_only = rule.status != RuleStatus.EXEMPTIBLE  # a NIC's true flag, where the edition gives none
        said = message("policy-evidence.flag-opened", stated=stated) if flag_only else stated
        policy.status, policy.actions, policy.exempted_at = RuleStatus.EXEMPTED, [], exempted_at
        policy.way_out = message("policy.exempted")
        policy.evidence.append(Evidence("exemption", said))
        policy.evidence += opened
        return policy
    if rule.status != RuleStatus.NOT_BLOCKED:
        why = message("policy.no-exemption", rule=rule.id, family=offer.family, status=rule.status)
    else:
        why = message("policy.nothing-to-exempt", rule=rule.id, family=offer.family)
    policy.evidence.append(Evidence("exemption", message("policy-evidence.not-applied", stated=stated, why=why)))
    policy.warnings.append(message("policy.warn-not-applied", why=why))
    return policy
