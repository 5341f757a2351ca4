from datetime import datetime, timezone

import pytest

from azext_smtp.core.checks import exemption_refresh_check, platform_check
from azext_smtp.core.exemption import Refresh
from azext_smtp.core.judge import judge_vm
from azext_smtp.core.model import Inventory, Nic, Subscription, Vm
from azext_smtp.core.offer import Offer
from azext_smtp.core.policy import Policy, subscription_policy
from azext_smtp.core.editions import load_edition

EDITION = load_edition()


def pol(status, actions=()):
    return Policy(status, EDITION, "SMTP25-X", "", list(actions))


@pytest.mark.parametrize("status,flag,result", [
    ("not-blocked", True, "pass"), ("not-blocked", None, "pass"), ("not-blocked", False, "unknown"),
    ("blocked", False, "fail"), ("blocked", None, "fail"), ("blocked", True, "unknown"),
    ("exemptible", False, "fail"), ("exemptible", None, "fail"),
    ("exempted", True, "info"), ("exempted", None, "info"),
    ("unknown", None, "unknown"),
])
def test_rule_and_flag_combine(status, flag, result):
    step = platform_check(pol(status), flag, "/nic")
    assert (step.check, step.result, step.rule_id, step.basis) == ("platform-port25", result, "SMTP25-X", "rule")


def unsettled(*candidates, exempted_at=None):
    offer = Offer(" or ".join(candidates) or "unknown", "inferred" if candidates else "unknown",
                  candidates=list(candidates))
    return subscription_policy(offer, EDITION, {}, exempted_at)


@pytest.mark.parametrize("policy,flag,result", [
    (unsettled("ea", "enterprise-devtest"), True, "pass"), (unsettled("ea", "enterprise-devtest"), False, "fail"),
    (unsettled("ea", "mca-e", "mca"), False, "fail"), (unsettled(), False, "fail"),
    (unsettled("ea", "mca-e", "mca", exempted_at=datetime(2026, 3, 1, tzinfo=timezone.utc)), True, "pass"),
])
def test_observed_flag_decides_when_the_rule_cannot(policy, flag, result):
    step = platform_check(policy, flag, "/nic")
    assert (step.result, step.basis) == (result, "observed") and "observed, not documented" in step.detail


@pytest.mark.parametrize("policy,doubted", [
    (unsettled("ea", "mca-e", "mca"), "the offer may be mca,"),
    (unsettled("enterprise-devtest", "payg-devtest"), "may be payg-devtest,"),
    (unsettled(), "one the documented rules block (it is not read)"),
])
def test_a_true_flag_does_not_pass_alone_while_the_offer_may_be_blocked(policy, doubted):
    """Found by test_properties (monotonicity): with the billing property or quotaId unread, a true flag passed,
    although the same flag on a read, blocked offer is only 'unknown': reading less allowed more. With
    --exempted-at it passes (test above): on a blocked offer the statement and a true flag make it exempted."""
    step = platform_check(policy, True, "/nic")
    assert (step.result, step.basis, step.actions) == ("unknown", "rule", ["confirm-offer"])
    assert doubted in step.detail and "disagree" in step.detail


UNKNOWN_REFRESH = Refresh("unknown", "the exemption date is not known")


@pytest.mark.parametrize("flag,result", [(True, "pass"), (False, "fail"), (None, "unknown")])
def test_after_an_exemption_the_flag_and_the_refresh_decide(flag, result):
    step = exemption_refresh_check(pol("exempted"), flag, UNKNOWN_REFRESH)
    assert (step.check, step.result, step.rule_id) == ("exemption-refresh", result, "SMTP25-AFTER-DEALLOCATE")


def test_exempted_but_stale_nic_asks_for_deallocate_and_start():
    assert exemption_refresh_check(pol("exempted"), False, UNKNOWN_REFRESH).actions == ["deallocate-and-start"]


def inventory(nics, vm_nics):
    inv = Inventory(Subscription("s"))
    inv.nics = {n.id.lower(): n for n in nics}
    inv.vms = [Vm("/vm", "vm", "rg", "s", vm_nics)]
    return inv


def test_verdict_uses_the_primary_nic_flag():
    inv = inventory([Nic("/a", "a", allow_port25_out=False), Nic("/b", "b", primary=True, allow_port25_out=True)],
                    ["/a", "/b"])
    analysis = judge_vm(inv.vms[0], inv, pol("exempted"))
    assert analysis.port25_flag is True and analysis.result_of("exemption-refresh").result == "pass"


def test_unread_nic_makes_an_allowed_rule_unknown():
    inv = inventory([], ["/a"])
    analysis = judge_vm(inv.vms[0], inv, pol("not-blocked"))
    assert analysis.verdict == "unknown"
    assert any("could not be read" in r for r in analysis.reasons)


def test_blocked_wins_over_unknown_and_lists_its_category():
    inv = inventory([], ["/a"])
    analysis = judge_vm(inv.vms[0], inv, pol("blocked", ["use-authenticated-relay"]))
    assert (analysis.verdict, analysis.blocked_by, analysis.actions[0]) == ("blocked", ["platform"],
                                                                              "use-authenticated-relay")
