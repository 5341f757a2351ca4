"""The offer decision: every piece of evidence about a subscription's offer, weighed.

The quotaId alone is ambiguous (EnterpriseAgreement_2014-09-01 is reported by EA and by every MCA
"Microsoft Azure Plan"). Each further piece of evidence narrows the candidate families, strongest
first: `confirmed` (billing property, a usage record's offerId or kind), the quotaId, `stated` (--offer),
then `inferred` (usage error codes, spendingLimit). Evidence that contradicts what stronger evidence
settled is kept as a conflict; an ambiguity is never upgraded into a certainty.
"""
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from .catalog import load_catalog
from .i18n import message
from .model import Billing, Subscription, Usage


def _rank(evidence) -> int:
    """Confirmed evidence first; then the quotaId, which a statement cannot contradict (ARM reports it for the
    subscription itself); then the statement; then what is only inferred."""
    if evidence.source == "quotaId":
        return 1
    return {"confirmed": 0, "stated": 2}.get(evidence.strength, 3)


@dataclass
class OfferEvidence:
    source: str  # quotaId | billingProperty | usageDetails | spendingLimit | statement
    families: Tuple[str, ...]  # what it says the offer is (empty: it says nothing)
    strength: str  # confirmed | stated | inferred | none
    detail: str


@dataclass
class Offer:  # pylint: disable=too-many-instance-attributes
    family: str  # one family, "a or b" while ambiguous, or unknown
    confidence: str  # confirmed | stated | inferred | unknown
    quota_id: Optional[str] = None
    billing: Optional[Billing] = None
    candidates: List[str] = field(default_factory=list)
    basis: str = ""
    evidence: List[OfferEvidence] = field(default_factory=list)
    conflicts: List[OfferEvidence] = field(default_factory=list)
    settled_by: Optional[str] = None  # the source that left one family


def _is_enterprise_account(billing: Billing) -> bool:
    return "enterprise" in {(billing.account_type or "").lower(), (billing.account_sub_type or "").lower()}


def _family_from_billing(candidates: Tuple[str, ...], billing: Billing) -> Optional[str]:
    """Pick the one candidate the billing property proves, or None if it proves none."""
    agreement = (billing.agreement_type or "").lower()
    devtest = (billing.workload_type or "").lower() == "devtest"
    if len(candidates) == 1:
        return candidates[0]
    if "ea" in candidates:
        if agreement == "enterpriseagreement":
            return "enterprise-devtest" if devtest else "ea"
        if agreement == "microsoftcustomeragreement":
            return "mca-e" if _is_enterprise_account(billing) else "mca"
    if "enterprise-devtest" in candidates:
        if agreement == "enterpriseagreement":
            return "enterprise-devtest"
        individual = agreement in ("microsoftonlineservicesprogram", "microsoftcustomeragreement")
        if individual and not _is_enterprise_account(billing):
            return "payg-devtest"
    return None


def describe_billing(billing: Billing) -> str:
    return message("offer.billing", agreement=str(billing.agreement_type), account=str(billing.account_type),
                   sub_type=billing.account_sub_type or "-", workload=str(billing.workload_type))


def _billing_evidence(candidates, billing: Optional[Billing]) -> List[OfferEvidence]:
    if billing is None:
        return []
    family = _family_from_billing(candidates, billing)
    described = describe_billing(billing)
    if family is None:
        return [OfferEvidence("billingProperty", (), "none", message("offer.billing-none", billing=described))]
    return [OfferEvidence("billingProperty", (family,), "confirmed",
                          message("offer.billing-says", billing=described, family=family))]


def _usage_evidence(usage: Optional[Usage]) -> List[OfferEvidence]:
    if usage is None:
        return []
    catalog = load_catalog()
    period = message(f"offer.period.{usage.period}")
    if usage.kind == "legacy":
        return [_offer_id_evidence(usage.offer_id, period)]
    if usage.kind == "modern":
        families = catalog.offers.modern_usage_families
        return [OfferEvidence("usageDetails", families, "confirmed", message("offer.modern", period=period))]
    if usage.kind == "error" and usage.error_code in catalog.offers.usage_errors:
        code = usage.error_code
        return [OfferEvidence("usageDetails", catalog.offers.usage_errors[code], "inferred",
                              message("offer.usage-error", code=code,
                                      meaning=catalog.offers.usage_error_meanings[code]))]
    if usage.kind == "empty":
        return [OfferEvidence("usageDetails", (), "none", message("offer.no-usage"))]
    return []


def _offer_id_evidence(offer_id: Optional[str], period) -> OfferEvidence:
    family = load_catalog().offers.offer_ids.get((offer_id or "").upper())
    if family is None:
        return OfferEvidence("usageDetails", (), "none", message("offer.offer-id-unmapped", offer_id=str(offer_id),
                                                                 period=period))
    return OfferEvidence("usageDetails", (family,), "confirmed", message("offer.offer-id", offer_id=offer_id,
                                                                         family=family, period=period))


def _spending_limit_evidence(spending_limit: Optional[str]) -> List[OfferEvidence]:
    if (spending_limit or "").lower() != "on":
        return []
    return [OfferEvidence("spendingLimit", load_catalog().offers.credit_families, "inferred",
                          message("offer.spending-limit"))]


def _quota_evidence(quota_id: Optional[str]) -> OfferEvidence:
    if not quota_id:
        return OfferEvidence("quotaId", (), "none", message("offer.quota-unread"))
    families = load_catalog().offers.quota_families.get(quota_id.lower())
    if families is None:
        return OfferEvidence("quotaId", ("other",), "inferred",
                             message("offer.quota-other", quota_id=quota_id))
    return OfferEvidence("quotaId", families, "inferred", message("offer.quota", quota_id=quota_id,
                                                                  families=list(families)))


def decide(sub: Subscription, stated: Optional[str] = None) -> Offer:
    """Weigh quotaId, billing property, usage details, spendingLimit and the user's statement."""
    universe = tuple(load_catalog().offers.family_names)
    quota = _quota_evidence(sub.quota_id)
    evidence = [quota] + _billing_evidence(quota.families or universe, sub.billing) + \
        _usage_evidence(sub.usage) + _spending_limit_evidence(sub.spending_limit)
    if stated:
        evidence.append(OfferEvidence("statement", (stated,), "stated", f"--offer {stated}"))
    remaining, conflicts, settled = list(universe), [], None
    for item in sorted((e for e in evidence if e.families), key=_rank):
        narrowed = [c for c in item.families if c in remaining]
        if not narrowed:
            conflicts.append(item)
            continue
        if len(narrowed) == 1 and len(remaining) > 1:
            settled = item
        remaining = narrowed
    return _offer(sub, remaining, evidence, conflicts, settled)


def _offer(sub: Subscription, remaining, evidence, conflicts, settled) -> Offer:
    if len(remaining) == 1:
        return Offer(remaining[0], settled.strength, sub.quota_id, sub.billing, remaining, settled.detail, evidence,
                     conflicts, settled.source)
    if not sub.quota_id and len(remaining) == len(load_catalog().offers.family_names):
        return Offer("unknown", "unknown", None, sub.billing, [], message("offer.quota-unread"),
                     evidence, conflicts)
    return Offer(" or ".join(remaining), "inferred", sub.quota_id, sub.billing, remaining,
                 message("offer.unsettled", details=[e.detail for e in evidence if e.families]),
                 evidence, conflicts)
