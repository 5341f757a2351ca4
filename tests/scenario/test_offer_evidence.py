"""The offer settled for Reader-only users, through the real `az` against the local ARM.

Every subscription of the 'evidence' estate refuses the billing property (403) but one; usage details, the
NICs' own flags, the spending limit and the user's statement settle what they can, and nothing else."""
from datetime import datetime, timedelta, timezone

import pytest

from tests.localarm.shapes import sub_guid

ESTATE = "evidence"


@pytest.fixture(scope="module")
def judged(azure):
    _, az = azure
    result = az.json("smtp", "check", "--all-subscriptions")
    subs = {s["subscriptionId"]: s for s in result["subscriptions"]}
    return subs, {v["name"]: v for v in result["vms"]}


def sub_of(judged, key):
    return judged[0][sub_guid(key)]


@pytest.mark.parametrize("key,family,confidence,settled_by,status", [
    ("ea-usage", "ea", "confirmed", "usageDetails", "not-blocked"),
    ("mca-usage", "mca-e or mca", "inferred", None, "unknown"),
    ("edt-usage", "enterprise-devtest", "confirmed", "usageDetails", "exemptible"),
    ("paygdt-usage", "payg-devtest", "confirmed", "usageDetails", "blocked"),
    ("ea-costoff", "ea", "inferred", "usageDetails", "not-blocked"),
    ("ea-deptoff", "ea", "inferred", "usageDetails", "not-blocked"),
    ("ea-indirect", "ea", "inferred", "usageDetails", "not-blocked"),
    ("ea-plain401", "ea or mca-e or mca", "inferred", None, "unknown"),
    ("ea-nothing", "ea or mca-e or mca", "inferred", None, "unknown"),
    ("trial", "free-trial", "inferred", "quotaId", "blocked"),
])
def test_each_piece_of_evidence_settles_what_it_can(judged, key, family, confidence, settled_by, status):
    sub = sub_of(judged, key)
    offer = sub["offer"]
    assert (offer["family"], offer["confidence"], offer["settledBy"], sub["policy"]["status"]) == \
        (family, confidence, settled_by, status)
    assert offer["evidence"][0]["source"] == "quotaId"
    billing = next(u for u in sub["unknowns"] if u["what"] == "billing property")
    assert billing["status"] == 403


def test_usage_evidence_says_what_it_read(judged):
    usage = next(e for e in sub_of(judged, "ea-usage")["offer"]["evidence"] if e["source"] == "usageDetails")
    assert (usage["says"], usage["strength"]) == (["ea"], "confirmed") and "MS-AZR-0017P" in usage["detail"]
    costoff = next(e for e in sub_of(judged, "ea-costoff")["offer"]["evidence"] if e["source"] == "usageDetails")
    assert costoff["strength"] == "inferred" and "AccountCostDisabled" in costoff["detail"]
    department = next(e for e in sub_of(judged, "ea-deptoff")["offer"]["evidence"] if e["source"] == "usageDetails")
    assert department["says"] == ["ea", "enterprise-devtest"] and "department administrators" in department["detail"]
    indirect = next(e for e in sub_of(judged, "ea-indirect")["offer"]["evidence"] if e["source"] == "usageDetails")
    assert "csp" in indirect["says"] and "Cloud Solution Provider" in indirect["detail"]
    trial = [e["source"] for e in sub_of(judged, "trial")["offer"]["evidence"]]
    assert "spendingLimit" in trial


def test_a_plain_401_on_usage_details_is_no_ea_evidence(judged):
    """A 401 without an EA-only code is EA view charges off or an MCA caller without a cost role: a gap."""
    sub = sub_of(judged, "ea-plain401")
    assert not [e for e in sub["offer"]["evidence"] if e["source"] == "usageDetails"]
    usage = next(u for u in sub["unknowns"] if u["what"] == "usage details")
    assert usage["status"] == 401 and "Unauthorized" in usage["reason"]
    assert judged[1]["ea-plain401-mail1"]["verdict"] == "unknown"


def test_nothing_read_stays_unknown_with_the_commands_that_settle_it(judged):
    sub, vm = sub_of(judged, "ea-nothing"), judged[1]["ea-nothing-mail1"]
    assert vm["verdict"] == "unknown" and vm["platformBasis"] == "rule" and "confirm-offer" in vm["actions"]
    commands = " ".join(u["command"] for u in sub["unknowns"])
    assert "billingProperty/default" in commands
    assert next(e for e in sub["offer"]["evidence"] if e["source"] == "usageDetails")["strength"] == "none"
    assert all(v["verdict"] != "allowed" for v in judged[1].values() if v["subscriptionId"] in
               (sub_guid("ea-nothing"), sub_guid("mca-usage")))


def test_observed_flags_decide_per_vm_when_the_rule_cannot(judged):
    vms = judged[1]
    sub = sub_of(judged, "ea-flags")
    assert sub["policy"]["status"] == "unknown"
    # the flag decides; that MCA's rule would block is said beside it, and in warnings[]
    assert (vms["ea-flags-open"]["verdict"], vms["ea-flags-open"]["platformBasis"]) == ("allowed", "observed")
    assert any("ea-flags-open" in w and "the offer may be mca" in w for w in sub["warnings"])
    assert (vms["ea-flags-closed"]["verdict"], vms["ea-flags-closed"]["platformBasis"]) == ("blocked", "observed")
    assert "observed, not documented" in vms["ea-flags-closed"]["reasons"][0]
    documented = vms["ea-usage-mail1"]
    assert (documented["verdict"], documented["platformBasis"]) == ("allowed", "rule")


def test_explain_vm_shows_the_offer_evidence_in_the_platform_step(az):
    result = az.json("smtp", "explain-vm", "--subscription", sub_guid("ea-usage"), "-g", "mail-rg", "-n",
                     "ea-usage-mail1")
    platform = result["steps"][0]
    assert platform["check"] == "platform-port25" and platform["result"] == "pass"
    assert any("usageDetails (confirmed)" in e and "MS-AZR-0017P" in e for e in platform["evidence"])


def test_a_stated_offer_settles_an_open_one_and_is_recorded_as_stated(az):
    result = az.json("smtp", "check", "--subscription", sub_guid("ea-nothing"), "--offer", "mca-e")
    offer = result["subscriptions"][0]["offer"]
    assert (offer["family"], offer["confidence"], offer["settledBy"]) == ("mca-e", "stated", "statement")
    assert result["vms"][0]["verdict"] == "allowed"
    overridden = az.json("smtp", "check", "--subscription", sub_guid("ea-usage"), "--offer", "mca")
    assert overridden["subscriptions"][0]["offer"]["family"] == "ea"
    assert [c["source"] for c in overridden["subscriptions"][0]["offer"]["conflicts"]] == ["statement"]
    both = az.run("smtp", "check", "--all-subscriptions", "--offer", "ea", check=False)
    assert both.returncode != 0 and "--offer" in both.stderr and "Traceback" not in both.stderr


def _days_ago(days):
    return (datetime.now(timezone.utc) - timedelta(days=days)).date().isoformat()


def test_exempted_at_on_pay_as_you_go_is_checked_not_trusted(az, arm):
    proc = az.run("smtp", "check", "--subscription", sub_guid("payg-claim"), "--exempted-at", _days_ago(5),
                  "-o", "json")
    import json
    result = json.loads(proc.stdout)
    sub = result["subscriptions"][0]
    assert sub["policy"]["status"] == "blocked" and "not applied" in sub["warnings"][0]
    assert "WARNING" in proc.stderr and "not applied" in proc.stderr
    assert result["vms"][0]["verdict"] == "blocked" and "deallocate-and-start" not in result["vms"][0]["actions"]
    plan = az.json("smtp", "complete-exemption", "--subscription", sub_guid("payg-claim"), "--exempted-at",
                   _days_ago(5), "--yes")
    assert plan["plan"] == [] and plan["results"] == [] and "not applied" in plan["message"]
    assert {r["method"] for r in arm.requests} == {"GET"}


def test_usage_is_read_only_when_the_offer_is_open(az, arm):
    az.json("smtp", "check", "--all-subscriptions")
    usage = {r["path"].split("/")[2] for r in arm.requests if "usageDetails" in r["path"]}
    assert sub_guid("payg-claim") not in usage  # billing property confirmed it
    assert sub_guid("ea-nothing") in usage
    assert all(r["query"].get("api-version") == "2023-05-01" for r in arm.requests if "usageDetails" in r["path"])
