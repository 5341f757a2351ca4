import pytest

from azext_smtp.core.model import Billing
from .builders import classify

EA = Billing("EnterpriseAgreement", "Enterprise", None, "Production")
EA_DEVTEST = Billing("EnterpriseAgreement", "Enterprise", None, "DevTest")
MCA_E = Billing("MicrosoftCustomerAgreement", "Business", "Enterprise", "Production")
MCA_E_LIST_SHAPE = Billing("MicrosoftCustomerAgreement", "Enterprise", None, "Production")
MCA_IND = Billing("MicrosoftCustomerAgreement", "Individual", "Individual", "Production")
MOSP = Billing("MicrosoftOnlineServicesProgram", "Individual", None, "Production")
MOSP_DEVTEST = Billing("MicrosoftOnlineServicesProgram", "Individual", None, "DevTest")


@pytest.mark.parametrize("quota,billing,family", [
    ("EnterpriseAgreement_2014-09-01", EA, "ea"),
    ("EnterpriseAgreement_2014-09-01", EA_DEVTEST, "enterprise-devtest"),
    ("EnterpriseAgreement_2014-09-01", MCA_E, "mca-e"),
    ("EnterpriseAgreement_2014-09-01", MCA_E_LIST_SHAPE, "mca-e"),
    ("EnterpriseAgreement_2014-09-01", MCA_IND, "mca"),
    ("MSDNDevTest_2014-09-01", EA_DEVTEST, "enterprise-devtest"),
    ("MSDNDevTest_2014-09-01", MOSP_DEVTEST, "payg-devtest"),
    ("PayAsYouGo_2014-09-01", MOSP, "payg"),
    ("MSDN_2014-09-01", MOSP, "msdn"),
    ("MPN_2014-09-01", MOSP, "mpn"),
    ("CSP_2015-05-01", Billing("MicrosoftPartnerAgreement", "Partner"), "csp"),
    ("FreeTrial_2014-09-01", MOSP, "free-trial"),
    ("AzurePass_2014-09-01", MOSP, "azure-pass"),
    ("AzureInOpen_2014-09-01", MOSP, "azure-in-open"),
    ("Sponsored_2016-01-01", MOSP, "sponsorship"),
    ("AzureForStudents_2018-01-01", MOSP, "students"),
    ("Internal_2014-09-01", MOSP, "internal"),
])
def test_billing_confirms_family(quota, billing, family):
    offer = classify(quota, billing)
    assert (offer.family, offer.confidence) == (family, "confirmed")


def test_quota_id_is_case_insensitive():
    assert classify("payasyougo_2014-09-01", MOSP).family == "payg"


def test_ea_quota_without_billing_keeps_every_candidate():
    offer = classify("EnterpriseAgreement_2014-09-01", None)
    assert offer.confidence == "inferred"
    assert offer.candidates == ["ea", "mca-e", "mca"]
    assert offer.family == "ea or mca-e or mca"


def test_devtest_quota_without_billing_is_ambiguous():
    offer = classify("MSDNDevTest_2014-09-01", None)
    assert offer.confidence == "inferred" and set(offer.candidates) == {"enterprise-devtest", "payg-devtest"}


def test_unambiguous_quota_without_billing_is_inferred_not_confirmed():
    offer = classify("PayAsYouGo_2014-09-01", None)
    assert (offer.family, offer.confidence) == ("payg", "inferred")


def test_billing_that_matches_no_candidate_stays_ambiguous():
    offer = classify("EnterpriseAgreement_2014-09-01", Billing("MicrosoftPartnerAgreement", "Partner"))
    assert offer.confidence == "inferred" and offer.family == "ea or mca-e or mca"


def test_unlisted_quota_is_other_offer():
    offer = classify("Default_2014-09-01", None)
    assert (offer.family, offer.confidence) == ("other", "inferred")


def test_missing_quota_is_unknown_unless_other_evidence_settles_it():
    assert classify(None, None).confidence == "unknown"
    assert (classify(None, EA).family, classify(None, EA).confidence) == ("ea", "confirmed")


# --- evidence beyond the billing property -----------------------------------------------------
from azext_smtp.core.model import Subscription, Usage  # noqa: E402
from azext_smtp.core.offer import decide  # noqa: E402

EA_QUOTA, DEVTEST_QUOTA = "EnterpriseAgreement_2014-09-01", "MSDNDevTest_2014-09-01"


def sub(quota, billing=None, usage=None, spending_limit=None):
    return Subscription("s", quota_id=quota, billing=billing, usage=usage, spending_limit=spending_limit)


@pytest.mark.parametrize("quota,usage,family,confidence", [
    (EA_QUOTA, Usage("legacy", "MS-AZR-0017P"), "ea", "confirmed"),
    (DEVTEST_QUOTA, Usage("legacy", "MS-AZR-0148P"), "enterprise-devtest", "confirmed"),
    (DEVTEST_QUOTA, Usage("legacy", "ms-azr-0023p"), "payg-devtest", "confirmed"),
    (EA_QUOTA, Usage("error", error_code="AccountCostDisabled"), "ea", "inferred"),
    (EA_QUOTA, Usage("error", error_code="IndirectCostDisabled"), "ea", "inferred"),
    (EA_QUOTA, Usage("error", error_code="DepartmentCostDisabled"), "ea", "inferred"),
    (DEVTEST_QUOTA, Usage("error", error_code="AccountCostDisabled"), "enterprise-devtest", "inferred"),
    (EA_QUOTA, Usage("modern"), "mca-e or mca", "inferred"),
    (EA_QUOTA, Usage("empty"), "ea or mca-e or mca", "inferred"),
    (EA_QUOTA, Usage("legacy", "MS-AZR-9999P"), "ea or mca-e or mca", "inferred"),
])
def test_usage_details_settle_what_the_quota_leaves_open(quota, usage, family, confidence):
    offer = decide(sub(quota, usage=usage))
    assert (offer.family, offer.confidence) == (family, confidence)
    assert [e.source for e in offer.evidence][:2] == ["quotaId", "usageDetails"]
    if offer.settled_by:
        assert offer.settled_by == "usageDetails"


def test_cost_errors_say_only_what_the_error_codes_page_says():
    """IndirectCostDisabled also reaches CSP customers (no conflict with a CSP quotaId); a plain 401 code says
    nothing (EA view charges off, or MCA without a cost role)."""
    csp = decide(sub("CSP_2015-05-01", usage=Usage("error", error_code="IndirectCostDisabled")))
    assert csp.family == "csp" and not csp.conflicts
    assert "Cloud Solution Provider" in next(e.detail for e in csp.evidence if e.source == "usageDetails")
    plain = decide(sub(EA_QUOTA, usage=Usage("error", error_code="Unauthorized")))
    assert plain.family == "ea or mca-e or mca" and all(e.source != "usageDetails" for e in plain.evidence)


def test_the_billing_property_outranks_usage_and_the_conflict_is_kept():
    offer = decide(sub(EA_QUOTA, billing=MCA_IND, usage=Usage("legacy", "MS-AZR-0017P")))
    assert (offer.family, offer.confidence, offer.settled_by) == ("mca", "confirmed", "billingProperty")
    assert [c.source for c in offer.conflicts] == ["usageDetails"]


def test_a_statement_settles_an_open_offer_but_never_overrides_confirmed_evidence():
    stated = decide(sub(EA_QUOTA), stated="mca-e")
    assert (stated.family, stated.confidence, stated.settled_by) == ("mca-e", "stated", "statement")
    overridden = decide(sub(EA_QUOTA, usage=Usage("legacy", "MS-AZR-0017P")), stated="mca")
    assert (overridden.family, overridden.confidence) == ("ea", "confirmed")
    assert [c.source for c in overridden.conflicts] == ["statement"]
    outside = decide(sub("PayAsYouGo_2014-09-01"), stated="ea")
    assert outside.family == "payg" and outside.conflicts[0].source == "statement"


def test_spending_limit_on_marks_a_credit_offer():
    offer = decide(sub("MSDN_2014-09-01", spending_limit="On"))
    assert offer.family == "msdn" and "spendingLimit" in [e.source for e in offer.evidence]
    assert not offer.conflicts
