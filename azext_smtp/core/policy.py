"""Subscription verdict: which documented rule applies, and what observed NIC flags add."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional

from .offer import Offer
from .editions import Edition


@dataclass
class Evidence:
    """One observed fact behind a verdict."""
    kind: str
    detail: str
    resource: Optional[str] = None


@dataclass
class Policy:  # pylint: disable=too-many-instance-attributes
    """The subscription's documented rule as applied: one record, shaped for output by report.py."""
    status: str  # not-blocked | blocked | exemptible | exempted | unknown
    edition: Edition
    rule_id: Optional[str] = None
    way_out: str = ""
    actions: List[str] = field(default_factory=list)
    evidence: List[Evidence] = field(default_factory=list)
    candidate_rules: Dict[str, str] = field(default_factory=dict)
    exemption_inferred: bool = False
    exempted_at: Optional[datetime] = None


def _offer_evidence(offer: Offer) -> List[Evidence]:
    found = [Evidence("offer", f"{offer.basis} -> {offer.family} ({offer.confidence})")]
    if offer.billing:
        b = offer.billing
        found.append(Evidence("billing", f"agreement {b.agreement_type}, account type {b.account_type}, "
                                         f"sub-type {b.account_sub_type}, workload {b.workload_type}"))
    return found


def _flag_evidence(nic_flags: Dict[str, Optional[bool]], value: bool) -> List[Evidence]:
    return [Evidence("nic-flag", f"allowPort25Out={str(value).lower()} on this NIC", nic_id)
            for nic_id, flag in sorted(nic_flags.items()) if flag is value]


def subscription_policy(offer: Offer, edition: Edition, nic_flags: Dict[str, Optional[bool]],
                        exempted_at: Optional[datetime] = None) -> Policy:
    """Apply the edition's offer rules; `nic_flags` maps NIC id -> observed allowPort25Out.

    `exempted_at` is the user's statement that an exemption was granted then (--exempted-at).
    """
    evidence = _offer_evidence(offer)
    if offer.family == "unknown":
        return Policy("unknown", edition, way_out="Read the subscription's offer first (see unknowns).",
                      evidence=evidence, actions=["confirm-offer"])
    if offer.family not in offer.candidates and len(offer.candidates) > 1:
        rules = {c: edition.rule_for(c) for c in offer.candidates}
        statuses = {r.status for r in rules.values()}
        candidate_rules = {c: f"{r.id}: {r.status}" for c, r in rules.items()}
        if len(statuses) > 1:
            evidence.append(Evidence("ambiguity", "the candidate offers are treated differently: " +
                                     "; ".join(f"{c} -> {v}" for c, v in candidate_rules.items())))
            return Policy("unknown", edition, way_out="Confirm the offer: read the billing property (see unknowns) "
                          "or check Cost Management + Billing in the portal.", actions=["confirm-offer"],
                          evidence=evidence, candidate_rules=candidate_rules)
        rule = next(iter(rules.values()))
    else:
        rule = edition.rule_for(offer.family)
    policy = Policy(rule.status, edition, rule.id, rule.way_out, list(rule.actions), evidence)
    if exempted_at and rule.status in ("exemptible", "blocked"):
        note = "" if rule.status == "exemptible" else (" (the current edition offers this offer no exemption; "
                                                       "earlier editions granted some by support request)")
        policy.status, policy.actions, policy.exempted_at = "exempted", [], exempted_at
        policy.way_out = "Exempted: VMs that have not been deallocated and started since must be; VNets with " \
                         "delegated subnets need a temporary subnet added and removed."
        policy.evidence.append(Evidence("exemption", f"exemption granted {exempted_at.isoformat()} "
                                                     f"(--exempted-at){note}"))
        return policy
    if rule.status == "exemptible":
        opened = _flag_evidence(nic_flags, True)
        if opened:
            policy.status, policy.exemption_inferred = "exempted", True
            policy.actions = []
            policy.way_out = "The exemption appears granted: VMs whose NIC still reports false must be deallocated " \
                             "and started."
            policy.evidence += opened
    return policy
