"""Offer identification: subscription quotaId plus the billing property -> offer family.

The quotaId alone is ambiguous (EnterpriseAgreement_2014-09-01 is reported by EA and by
every MCA "Microsoft Azure Plan"); the billing property disambiguates. When it cannot be
read the family is inferred and every candidate stays visible.
"""
from dataclasses import dataclass, field
from typing import List, Optional

from .catalog import load_catalog
from .model import Billing


@dataclass
class Offer:
    family: str
    confidence: str  # confirmed | inferred | unknown
    quota_id: Optional[str] = None
    billing: Optional[Billing] = None
    candidates: List[str] = field(default_factory=list)
    basis: str = ""


def _is_enterprise_account(billing: Billing) -> bool:
    return "enterprise" in {(billing.account_type or "").lower(), (billing.account_sub_type or "").lower()}


def _family_from_billing(candidates: List[str], billing: Billing) -> Optional[str]:
    """Pick the one candidate the billing property proves, or None if it proves none."""
    agreement = (billing.agreement_type or "").lower()
    devtest = (billing.workload_type or "").lower() == "devtest"
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


def classify(quota_id: Optional[str], billing: Optional[Billing]) -> Offer:
    """Classify a subscription's offer; never upgrade an ambiguity into a certainty."""
    if not quota_id:
        return Offer("unknown", "unknown", billing=billing, basis="the subscription's quotaId could not be read")
    candidates = load_catalog().quota_families.get(quota_id.lower())
    if candidates is None:
        return Offer("other", "inferred", quota_id, billing, ["other"],
                     f"quotaId {quota_id} is not one of the offers the article names")
    if len(candidates) == 1:
        confidence = "confirmed" if billing else "inferred"
        return Offer(candidates[0], confidence, quota_id, billing, list(candidates), f"quotaId {quota_id}")
    if billing is None:
        family = " or ".join(candidates)
        return Offer(family, "inferred", quota_id, None, list(candidates),
                     f"quotaId {quota_id} is reported by several offers and the billing property could not be read")
    family = _family_from_billing(candidates, billing)
    if family is None:
        return Offer(" or ".join(candidates), "inferred", quota_id, billing, list(candidates),
                     f"quotaId {quota_id} with billing agreement {billing.agreement_type!r} does not match a known "
                     "offer")
    return Offer(family, "confirmed", quota_id, billing, list(candidates),
                 f"quotaId {quota_id} and billing agreement {billing.agreement_type}")
