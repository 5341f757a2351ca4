"""Spoke VMs behind Azure Firewalls whose rules live in Firewall Policies, through the real az."""
import pytest

from tests.localarm.shapes import sub_guid

ESTATE = "policy"
SPOKE = sub_guid("pol-spoke")


@pytest.fixture(scope="module")
def checked(azure):
    _, az = azure
    return {v["name"]: v for v in az.json("smtp", "check", "--subscription", SPOKE)["vms"]}


def firewall_step(az, vm, *extra):
    result = az.json("smtp", "explain-vm", "--subscription", SPOKE, "-g", "mail-rg", "-n", vm, *extra)
    return result, next(s for s in result["steps"] if s["check"] == "firewall")


@pytest.mark.parametrize("vm,verdict,blocked_by", [
    ("policy-allow-vm", "allowed", []),
    ("app-rules-only-vm", "blocked", ["firewall"]),
    ("base-deny-vm", "blocked", ["firewall"]),
    ("ipgroup-vm", "allowed", []),
    ("outside-group-vm", "blocked", ["firewall"]),
    ("locked-policy-vm", "unknown", []),
])
def test_each_policy_case(checked, vm, verdict, blocked_by):
    entry = checked[vm]
    assert (entry["verdict"], entry["blockedBy"], entry["egress"]) == (verdict, blocked_by, "firewall")
    assert entry["checks"]["firewall"] == {"allowed": "pass", "blocked": "fail", "unknown": "unknown"}[verdict]


def test_network_rule_allowing_tcp25_is_named_after_a_lower_priority_deny(az):
    _, step = firewall_step(az, "policy-allow-vm")
    assert step["result"] == "pass" and step["source"] == "https://learn.microsoft.com/azure/firewall/rule-processing"
    assert "allow-smtp/DefaultNetworkRuleCollectionGroup/allow-mail/allow-smtp-out (group priority 200, " \
           "collection priority 200) -> Allow" in step["detail"]
    assert any(e.endswith("/firewallPolicies/allow-smtp") for e in step["evidence"])


def test_application_rules_only_block_tcp25(az):
    result, step = firewall_step(az, "app-rules-only-vm")
    assert step["result"] == "fail" and "only application rules (2)" in step["detail"]
    assert result["nextAction"]["id"] == "add-policy-network-rule"
    assert "add-filter-collection" in result["nextAction"]["command"]


def test_base_policy_deny_comes_before_the_child_allow(az):
    _, step = firewall_step(az, "base-deny-vm")
    assert step["result"] == "fail"
    assert "org-base/org-deny-mail/deny-direct-mail/deny-smtp (group priority 65000" in step["detail"]


def test_ip_group_source_decides_which_vm_may_send(az):
    _, inside = firewall_step(az, "ipgroup-vm")
    assert inside["result"] == "pass" and "senders-smtp" in inside["detail"]
    _, outside = firewall_step(az, "outside-group-vm")
    assert outside["result"] == "fail" and "need the DNS proxy" in outside["detail"]
    assert "fqdn:smtp.contoso.com" in outside["detail"]


def test_one_receiver_through_the_policy(az):
    result, step = firewall_step(az, "policy-allow-vm", "--destination", "52.101.68.3")
    assert result["verdict"] == "allowed" and step["result"] == "pass"
    result, step = firewall_step(az, "outside-group-vm", "--destination", "52.101.68.3")
    assert step["result"] == "unknown" and "fqdn:smtp.contoso.com" in step["detail"]


def test_policy_in_an_unreadable_subscription_is_unknown_naming_it(az):
    result = az.json("smtp", "check", "--subscription", SPOKE)
    entry = next(v for v in result["vms"] if v["name"] == "locked-policy-vm")
    assert any("Firewall Policy locked could not be read (404 SubscriptionNotFound)" in r for r in entry["reasons"])
    assert entry["actions"] == ["read-firewall-policy"]
    gap = next(u for u in result["subscriptions"][0]["unknowns"] if u["what"] == "Firewall Policy locked")
    assert gap["command"] == ("az network firewall policy rule-collection-group list --policy-name locked -g hub-rg "
                              f"--subscription {sub_guid('pol-locked')}")


def test_forbidden_base_policy_is_unknown_naming_it(az, arm):
    arm.estate.faults.append({"path": r"/firewallPolicies/org-base$", "status": 403, "code": "AuthorizationFailed"})
    result, step = firewall_step(az, "base-deny-vm")
    assert result["verdict"] == "unknown" and step["result"] == "unknown"
    assert "base policy of spoke-child, org-base could not be read (403 AuthorizationFailed)" in step["detail"]


def test_rule_collection_groups_page_and_reads_grow_with_policies_not_vms(az, arm):
    az.json("smtp", "check", "--subscription", SPOKE)
    groups = [r for r in arm.requests if r["path"].endswith("/ruleCollectionGroups")]
    assert len({r["path"] for r in groups}) == 5  # four policies read in the spoke, plus the hub's base policy
    assert any("$skiptoken" in r["query"] for r in groups), "the three groups of allow-smtp come in two pages"
    assert len(groups) == 6 and {r["method"] for r in arm.requests} == {"GET"}
    assert not any("/networkInterfaces/" in r["path"] or "/virtualMachines/" in r["path"] for r in arm.requests)


def test_forbidden_rule_collection_groups_leave_the_step_unknown(az, arm):
    arm.estate.faults.append({"path": r"/firewallPolicies/web-only/ruleCollectionGroups$", "status": 403,
                              "code": "AuthorizationFailed"})
    result, step = firewall_step(az, "app-rules-only-vm")
    assert result["verdict"] == "unknown" and result["nextAction"]["id"] == "read-firewall-policy"
    assert "Firewall Policy web-only could not be read (403 AuthorizationFailed)" in step["detail"]
