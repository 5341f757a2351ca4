"""`az smtp check` end to end: offer -> documented rule -> verdict, through the real CLI."""
import pytest

from tests.localarm.shapes import sub_guid


def check(az, *args):
    return az.json("smtp", "check", *args)


def sub_of(result, key):
    return next(s for s in result["subscriptions"] if s["subscriptionId"] == sub_guid(key))


@pytest.fixture(scope="module")
def all_subs(azure):
    _, az = azure
    return check(az, "--all-subscriptions")


@pytest.mark.parametrize("key,family,confidence,status,rule", [
    ("ea", "ea", "confirmed", "not-blocked", "SMTP25-EA"),
    ("mcae", "mca-e", "confirmed", "not-blocked", "SMTP25-MCAE"),
    ("mca", "mca", "confirmed", "blocked", "SMTP25-OTHER"),
    ("eadevtest", "enterprise-devtest", "confirmed", "exemptible", "SMTP25-EADEVTEST"),
    ("paygdevtest", "payg-devtest", "confirmed", "blocked", "SMTP25-OTHER"),
    ("payg", "payg", "confirmed", "blocked", "SMTP25-OTHER"),
    ("msdn", "msdn", "confirmed", "blocked", "SMTP25-OTHER"),
])
def test_each_offer_family_gets_its_documented_status(all_subs, key, family, confidence, status, rule):
    sub = sub_of(all_subs, key)
    assert (sub["offer"]["family"], sub["offer"]["confidence"]) == (family, confidence)
    assert (sub["policy"]["status"], sub["policy"]["ruleId"]) == (status, rule)
    assert sub["policy"]["source"].startswith("https://learn.microsoft.com/")
    assert sub["policy"]["edition"] == "2023-12"


@pytest.mark.parametrize("key,verdict,blocked_by,action", [
    ("ea", "allowed", [], None),
    ("mcae", "allowed", [], None),
    ("payg", "blocked", ["platform"], "use-authenticated-relay"),
    ("eadevtest", "blocked", ["platform"], "request-exemption"),
    # offer not settled (EA or MCA), but its NIC reports allowPort25Out=true: the platform's own answer decides
    ("ea403", "allowed", [], None),
])
def test_vm_verdicts_follow_the_subscription_rule(all_subs, key, verdict, blocked_by, action):
    vm = next(v for v in all_subs["vms"] if v["subscriptionId"] == sub_guid(key))
    assert (vm["verdict"], vm["blockedBy"]) == (verdict, blocked_by)
    assert (vm["actions"][0] if vm["actions"] else None) == action
    assert vm["kind"] == "vm" and vm["resourceGroup"] == "mail-rg"
    if verdict != "allowed":
        assert vm["reasons"]
    assert vm["platformBasis"] == "observed"  # every NIC of the demo estate reports allowPort25Out


def test_a_flag_the_possible_rules_disagree_with_is_a_warning(all_subs):
    """EA or MCA unsettled, the NIC says true: allowed on the flag, and a warning says that
    MCA's rule would block, why the two can disagree, and that a new NIC would get the rule's answer."""
    sub = sub_of(all_subs, "ea403")
    [warning] = sub["warnings"]
    assert "1 VM(s) (ea403-mail1)" in warning and "the offer may be mca" in warning
    assert "older than the block" in warning and "A new NIC would get the rule's answer" in warning
    assert not sub_of(all_subs, "ea")["warnings"]


def test_billing_403_is_unknown_and_inferred_with_the_settling_command(all_subs):
    sub = sub_of(all_subs, "ea403")
    assert sub["offer"]["confidence"] == "inferred"
    assert sub["offer"]["candidates"] == ["ea", "mca-e", "mca"]
    assert sub["policy"]["status"] == "unknown"
    gap = next(u for u in sub["unknowns"] if u["what"] == "billing property")
    assert gap["status"] == 403 and "AuthorizationFailed" in gap["reason"]
    assert "billingProperty/default" in gap["command"]


def test_no_subscription_is_called_not_blocked_without_confirmation(all_subs):
    for sub in all_subs["subscriptions"]:
        if sub["policy"]["status"] == "not-blocked":
            assert sub["offer"]["confidence"] == "confirmed"


def test_check_only_reads(az, arm):
    """GETs, and with the Graph engine (auto picks it for this estate's subscriptions) Graph queries: POSTs that read."""
    check(az, "--all-subscriptions")
    assert arm.requests, "the command made no ARM request"
    writes = [r for r in arm.requests if r["method"] != "GET"]
    assert {r["path"].lower() for r in writes} <= {"/providers/microsoft.resourcegraph/resources"}
    assert all("api-version" in r["query"] for r in arm.requests)


def test_current_subscription_and_resource_group_scope(az, arm):
    result = check(az, "--subscription", "Fabrikam Pay-As-You-Go", "-g", "mail-rg")
    assert [s["subscriptionId"] for s in result["subscriptions"]] == [sub_guid("payg")]
    assert [v["name"] for v in result["vms"]] == ["payg-mail1"]
    assert all("/resourceGroups/mail-rg/" in r["path"] for r in arm.requests if "Microsoft.Compute" in r["path"])


def test_table_output_has_one_row_per_vm(az):
    out = az.run("smtp", "check", "--all-subscriptions", "-o", "table").stdout
    lines = out.strip().splitlines()
    assert lines[0].split()[:4] == ["Subscription", "Offer", "Policy", "VM"]
    assert len(lines) == 2 + 8
    assert any("payg-mail1" in line and "blocked" in line and "use-authenticated-relay" in line for line in lines)


def test_earlier_editions_judge_by_their_own_rules(az):
    result = check(az, "--all-subscriptions", "--rules-edition", "2017-11")
    assert result["rulesEdition"] == "2017-11"
    status = {s["subscriptionId"]: (s["policy"]["status"], s["policy"]["ruleId"]) for s in result["subscriptions"]}
    assert status[sub_guid("payg")] == ("exemptible", "SMTP25-2017-PAYG-MPN")
    assert status[sub_guid("msdn")] == ("blocked", "SMTP25-2017-NOEXEMPTION")
    assert status[sub_guid("ea")] == ("not-blocked", "SMTP25-2017-EA")
    assert status[sub_guid("mcae")] == ("unknown", "SMTP25-2017-UNNAMED")
    vm = next(v for v in result["vms"] if v["subscriptionId"] == sub_guid("mcae"))
    # the edition does not document MCA-E, so the NIC's observed allowPort25Out=true decides
    assert (vm["verdict"], vm["platformBasis"]) == ("allowed", "observed")
    rules = az.json("smtp", "rules", "--rules-edition", "2021-04", "--kind", "rule")
    assert {r["edition"] for r in rules} == {"2021-04"} and "SMTP25-2021-PAYG" in [r["id"] for r in rules]
