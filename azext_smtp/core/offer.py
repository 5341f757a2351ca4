"""Offer identification: subscription quotaId plus the billing property -> offer family.

The quotaId alone is ambiguous (EnterpriseAgreement_2014-09-01 is reported by EA and by
every MCA "Microsoft Azure Plan"); the billing property disambiguates. When it cannot be
read the family is inferred and every candidate stays visible.
"""
from dataclasses import dataclass, field
from typing import List, Optional

from .model import Billing

# quotaId -> families it can mean before the billing property is read.
QUOTA_FAMILIES = {
    "enterpriseagreement_2014-09-01": ["ea", "mca-e", "mca"],
    "msdndevtest_2014-09-01": ["enterprise-devtest", "payg-devtest"],
    "payasyougo_2014-09-01": ["payg"],
    "msdn_2014-09-01": ["msdn"],
    "mpn_2014-09-01": ["mpn"],
    "freetrial_2014-09-01": ["free-trial"],
    "lightweighttrial_2016-09-01": ["free-trial"],
    "azurepass_2014-09-01": ["azure-pass"],
    "azureinopen_2014-09-01": ["azure-in-open"],
    "sponsored_2016-01-01": ["sponsorship"],
    "azureforstudents_2018-01-01": ["students"],
    "dreamspark_2015-02-01": ["students"],
    "csp_2015-05-01": ["csp"],
    "csp_mg_2017-12-01": ["csp"],
    "cspdevtest_2018-05-01": ["csp"],
    "internal_2014-09-01": ["internal"],
}

FAMILY_NAMES = {
    "ea": "Enterprise Agreement",
    "mca-e": "Microsoft Customer Agreement for Enterprise",
    "mca": "Microsoft Customer Agreement (non-enterprise)",
    "enterprise-devtest": "Enterprise Dev/Test",
    "payg-devtest": "Pay-As-You-Go Dev/Test",
    "payg": "Pay-As-You-Go",
    "msdn": "Visual Studio / MSDN",
    "mpn": "Microsoft Partner Network",
    "csp": "Cloud Solution Provider",
    "free-trial": "Free Trial",
    "azure-pass": "Azure Pass",
    "azure-in-open": "Azure in Open",
    "sponsorship": "Sponsorship",
    "students": "Azure for Students",
    "internal": "Microsoft internal",
    "other": "Other offer",
    "unknown": "Unknown",
}


@dataclass
class Offer:
    family: str
    confidence: str  # confirmed | inferred | unknown
    quota_id: Optional[str] = None
    billing: Optional[Billing] = None
    candidates: List[str] = field(default_factory=list)
    basis: str = ""

    def to_dict(self):
        billing = self.billing or Billing()
        return {
            "family": self.family,
            "familyName": FAMILY_NAMES.get(self.family, self.family),
            "quotaId": self.quota_id,
            "agreementType": billing.agreement_type,
            "accountType": billing.account_type,
            "accountSubType": billing.account_sub_type,
            "workloadType": billing.workload_type,
            "confidence": self.confidence,
            "candidates": list(self.candidates),
            "basis": self.basis,
        }


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
        if agreement in ("microsoftonlineservicesprogram", "microsoftcustomeragreement") and not _is_enterprise_account(billing):
            return "payg-devtest"
    return None


def classify(quota_id: Optional[str], billing: Optional[Billing]) -> Offer:
    """Classify a subscription's offer; never upgrade an ambiguity into a certainty."""
    if not quota_id:
        return Offer("unknown", "unknown", billing=billing, basis="the subscription's quotaId could not be read")
    candidates = QUOTA_FAMILIES.get(quota_id.lower())
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
                     f"quotaId {quota_id} with billing agreement {billing.agreement_type!r} does not match a known offer")
    return Offer(family, "confirmed", quota_id, billing, list(candidates),
                 f"quotaId {quota_id} and billing agreement {billing.agreement_type}")
