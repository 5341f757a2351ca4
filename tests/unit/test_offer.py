import pytest

from azext_smtp.core.model import Billing
from azext_smtp.core.offer import classify

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
    offer = classify("BizSpark_2014-09-01", None)
    assert (offer.family, offer.confidence) == ("other", "inferred")


def test_missing_quota_is_unknown():
    assert classify(None, None).confidence == "unknown"
    assert classify(None, EA).family == "unknown"
