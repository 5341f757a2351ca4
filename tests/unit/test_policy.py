from azext_smtp.core.model import Billing
from .builders import classify
from azext_smtp.core.policy import subscription_policy
from azext_smtp.core.editions import load_edition

EDITION = load_edition()
EA_DEVTEST = Billing("EnterpriseAgreement", "Enterprise", None, "DevTest")


def policy(quota, billing, flags=None, exempted_at=None):
    return subscription_policy(classify(quota, billing), EDITION, flags or {}, exempted_at)


def test_ea_is_not_blocked_with_rule_and_source():
    p = policy("EnterpriseAgreement_2014-09-01", Billing("EnterpriseAgreement", "Enterprise", None, "Production"))
    assert (p.status, p.rule_id) == ("not-blocked", "SMTP25-EA")
    from azext_smtp.report import policy_entry
    d = policy_entry(p)
    assert d["source"] == EDITION.source and d["edition"] == "2023-12"


def test_enterprise_devtest_is_exemptible_until_a_nic_reports_true():
    assert policy("MSDNDevTest_2014-09-01", EA_DEVTEST, {"/nic/a": False}).status == "exemptible"
    p = policy("MSDNDevTest_2014-09-01", EA_DEVTEST, {"/nic/a": False, "/nic/b": True})
    assert p.status == "exempted" and p.exemption_inferred
    assert [e.resource for e in p.evidence if e.kind == "nic-flag"] == ["/nic/b"]


def test_nic_flag_does_not_exempt_a_blocked_offer():
    p = policy("PayAsYouGo_2014-09-01", Billing("MicrosoftOnlineServicesProgram", "Individual"), {"/nic/a": True})
    assert p.status == "blocked"


def test_unreadable_billing_on_ea_quota_is_unknown_never_not_blocked():
    p = policy("EnterpriseAgreement_2014-09-01", None, {"/nic/a": True})
    assert p.status == "unknown" and p.rule_id is None
    assert set(p.candidate_rules) == {"ea", "mca-e", "mca"}
    assert "confirm-offer" in p.actions


def test_unknown_quota_is_unknown():
    assert policy(None, None).status == "unknown"


def test_exempted_at_marks_an_enterprise_devtest_subscription_exempted():
    from datetime import datetime, timezone
    when = datetime(2026, 11, 15, tzinfo=timezone.utc)
    p = subscription_policy(classify("MSDNDevTest_2014-09-01", EA_DEVTEST), EDITION, {}, when)
    assert (p.status, p.exempted_at, p.exemption_inferred) == ("exempted", when, False)
    assert any(e.kind == "exemption" for e in p.evidence)


def test_exempted_at_does_not_change_a_not_blocked_or_unknown_offer():
    from datetime import datetime, timezone
    when = datetime(2026, 11, 15, tzinfo=timezone.utc)
    ea = Billing("EnterpriseAgreement", "Enterprise", None, "Production")
    assert subscription_policy(classify("EnterpriseAgreement_2014-09-01", ea), EDITION, {}, when).status == "not-blocked"
    assert subscription_policy(classify("EnterpriseAgreement_2014-09-01", None), EDITION, {}, when).status == "unknown"


# --- --exempted-at is checked, not trusted ----------------------------------------------------
from datetime import datetime, timezone  # noqa: E402

WHEN = datetime(2026, 11, 1, tzinfo=timezone.utc)
MOSP = Billing("MicrosoftOnlineServicesProgram", "Individual", None, "Production")


def test_exempted_at_on_an_offer_without_exemption_stays_blocked_with_a_warning():
    p = policy("PayAsYouGo_2014-09-01", MOSP, {"/nic/a": False}, exempted_at=WHEN)
    assert (p.status, p.exempted_at) == ("blocked", None)
    assert "not applied" in p.warnings[0] and "SMTP25-OTHER" in p.warnings[0]
    assert any(e.kind == "exemption" and "not applied" in e.detail for e in p.evidence)


def test_exempted_at_applies_where_the_edition_offers_an_exemption_or_a_flag_corroborates():
    assert policy("MSDNDevTest_2014-09-01", EA_DEVTEST, {}, exempted_at=WHEN).status == "exempted"
    corroborated = policy("PayAsYouGo_2014-09-01", MOSP, {"/nic/a": True}, exempted_at=WHEN)
    assert corroborated.status == "exempted" and not corroborated.warnings


def test_exempted_at_waits_for_a_settled_offer():
    p = policy("EnterpriseAgreement_2014-09-01", None, {}, exempted_at=WHEN)
    assert p.status == "unknown" and "not settled" in p.warnings[0]


def test_other_nics_flags_matter_only_where_one_true_flag_changes_the_status():
    from datetime import datetime, timezone
    from azext_smtp.core.policy import flags_may_decide
    devtest, payg = classify("MSDNDevTest_2014-09-01", EA_DEVTEST), \
        classify("PayAsYouGo_2014-09-01", Billing("MicrosoftOnlineServicesProgram", "Individual"))
    ea = classify("EnterpriseAgreement_2014-09-01", Billing("EnterpriseAgreement", "Enterprise", None, "Production"))
    granted = datetime(2026, 11, 1, tzinfo=timezone.utc)
    assert flags_may_decide(devtest, EDITION, {"/nic/a": False})  # exemptible until a NIC shows the exemption
    assert not flags_may_decide(devtest, EDITION, {"/nic/a": True})  # already shown on this NIC
    assert not flags_may_decide(devtest, EDITION, {"/nic/a": False}, granted)  # stated: exempted either way
    assert flags_may_decide(payg, EDITION, {"/nic/a": False}, granted)  # a true NIC lets the stated date apply
    assert not flags_may_decide(payg, EDITION, {"/nic/a": False})
    assert not flags_may_decide(ea, EDITION, {})
