from datetime import datetime, timezone

import pytest

from azext_smtp.core.checks import exemption_refresh_check, flag_disagreement, platform_check
from azext_smtp.core.exemption import Refresh
from azext_smtp.core.judge import judge_vm
from azext_smtp.core.model import Inventory, Nic, Subscription, Vm
from azext_smtp.core.offer import Offer
from azext_smtp.core.policy import Policy, subscription_policy
from azext_smtp.core.editions import load_edition

EDITION = load_edition()


def pol(status, actions=()):
    return Policy(status, EDITION, "SMTP25-X", "", list(actions))


@pytest.mark.parametrize("status,result", [("not-blocked", "pass"), ("blocked", "fail"), ("exemptible", "fail"),
                                           ("exempted", "info"), ("unknown", "unknown")])
def test_without_a_flag_the_rule_decides(status, result):
    step = platform_check(pol(status), None, "/nic")
    assert (step.check, step.result, step.rule_id, step.basis) == ("platform-port25", result, "SMTP25-X", "rule")


def unsettled(*candidates, exempted_at=None):
    offer = Offer(" or ".join(candidates) or "unknown", "inferred" if candidates else "unknown",
                  candidates=list(candidates))
    return subscription_policy(offer, EDITION, {}, exempted_at)


RULES = [pol("not-blocked"), pol("blocked"), pol("exemptible"), pol("exempted"), unsettled("ea", "enterprise-devtest"),
         unsettled("ea", "mca-e", "mca"), unsettled("enterprise-devtest", "payg-devtest"), unsettled()]


@pytest.mark.parametrize("policy", RULES, ids=lambda p: p.status + "/" + ",".join(p.offer.candidates if p.offer else []))
@pytest.mark.parametrize("flag,result", [(True, "pass"), (False, "fail")])
def test_a_reported_flag_decides_whatever_the_rule_says(policy, flag, result):
    """The NIC's allowPort25Out is what the platform does for it; the rule stands beside it."""
    step = platform_check(policy, flag, "/nic")
    assert (step.result, step.basis) == (result, "observed") and "observed, not documented" in step.detail
    assert ("rule " in step.detail) or "offer is not settled" in step.detail


@pytest.mark.parametrize("policy,flag,said", [
    (pol("blocked"), True, "older than the block"), (pol("exemptible"), True, "earlier edition"),
    (pol("not-blocked"), False, "not be picked up yet"),
    (unsettled("ea", "mca-e", "mca"), True, "the offer may be mca,"),
    (unsettled("enterprise-devtest", "payg-devtest"), True, "may be payg-devtest,"),
    (unsettled(), True, "whose rule blocks TCP 25"),
])
def test_a_flag_the_rule_disagrees_with_says_why_and_what_a_new_nic_gets(policy, flag, said):
    step = platform_check(policy, flag, "/nic")
    assert said in step.detail and "which disagrees" in step.detail
    assert "a new NIC would get the rule's answer" in step.detail
    assert flag_disagreement(policy, flag) and said in flag_disagreement(policy, flag)


@pytest.mark.parametrize("policy,flag", [(pol("not-blocked"), True), (pol("blocked"), False), (pol("exempted"), True),
                                         (pol("exempted"), False), (unsettled("ea", "enterprise-devtest"), True)])
def test_a_flag_the_rule_agrees_with_or_that_awaits_a_refresh_is_no_disagreement(policy, flag):
    assert flag_disagreement(policy, flag) is None
    assert "disagrees" not in platform_check(policy, flag, "/nic").detail


def test_a_false_flag_under_an_exemption_or_an_open_rule_asks_for_a_refresh():
    assert platform_check(pol("exempted"), False, "/nic").actions == ["deallocate-and-start"]
    assert platform_check(pol("not-blocked"), False, "/nic").actions == ["deallocate-and-start", "test-port25"]
    assert platform_check(unsettled("ea", "mca-e", "mca"), False, "/nic").actions == ["confirm-offer"]


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
