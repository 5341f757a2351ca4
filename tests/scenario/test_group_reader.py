"""A caller with Reader on some resource groups only: every list refused subscription-wide is read group by group
(the groups `GET resourcegroups` shows), groups that fail too are named, and nothing is judged on unread data."""
import pytest

from tests.localarm.shapes import sub_guid

ESTATE = "network"
SUB = sub_guid("net-ea")


@pytest.fixture(scope="module")
def full_reader(azure):
    _, az = azure
    return {v["name"]: v for v in az.json("smtp", "check")["vms"]}


def network_view(vm):
    """What the lists decide: the egress and every check but the platform's (a group Reader cannot read the
    subscription's billing property, so the offer, and with it the platform check, may stay open)."""
    return vm["egress"], {k: v for k, v in vm["checks"].items() if k != "platform-port25"}


def unknowns(result):
    return result["subscriptions"][0]["unknowns"]


def test_reader_on_every_group_gets_the_verdicts_of_a_subscription_reader(az, arm, full_reader):
    arm.estate.reader_groups = {SUB: {"mail-rg", "hub-rg"}}
    result = az.json("smtp", "check")
    assert {v["name"]: network_view(v) for v in result["vms"]} == \
        {name: network_view(v) for name, v in full_reader.items()}
    gaps = {u["what"]: u for u in unknowns(result)}
    assert gaps["virtual machines"]["status"] == 403
    assert "read group by group in the 2 resource group(s) you can see" in gaps["virtual machines"]["reason"]
    assert not [w for w in gaps if " in resource group " in w]
    group_lists = [r["path"] for r in arm.requests if "/resourceGroups/hub-rg/providers/" in r["path"]]
    assert any(p.endswith("/azureFirewalls") for p in group_lists)
    assert len([r for r in arm.requests if r["path"].lower().endswith("/resourcegroups")]) == 1


def test_reader_on_the_mail_group_only_never_allows_what_the_hub_decides(az, arm, full_reader):
    """The firewall and its route table live in hub-rg, which this caller cannot see."""
    arm.estate.reader_groups = {SUB: {"mail-rg"}}
    result = az.json("smtp", "check")
    verdicts = {v["name"]: v["verdict"] for v in result["vms"]}
    assert set(verdicts) == set(full_reader)
    assert verdicts["forced-tunnel-vm"] == "unknown" and verdicts["nic-nsg-vm"] == "blocked"
    assert "in the 1 resource group(s) you can see" in next(u for u in unknowns(result) if u["what"] == "route tables")["reason"]


def test_a_group_refused_too_is_named_in_unknowns(az, arm):
    arm.estate.reader_groups = {SUB: {"mail-rg", "hub-rg"}}
    arm.estate.faults.append({"path": r"/resourceGroups/hub-rg/providers/Microsoft.Network/azureFirewalls$",
                              "status": 403, "code": "AuthorizationFailed"})
    result = az.json("smtp", "check")
    gap = next(u for u in unknowns(result) if u["what"] == "Azure Firewalls in resource group hub-rg")
    assert gap["status"] == 403 and gap["command"].endswith(f"--subscription {SUB} -g hub-rg")
    assert {v["name"]: v["verdict"] for v in result["vms"]}["forced-tunnel-vm"] == "unknown"


def test_resource_groups_that_cannot_be_listed_leave_the_lists_unread(az, arm):
    arm.estate.reader_groups = {SUB: {"mail-rg"}}
    arm.estate.faults.append({"path": r"/resourcegroups$", "status": 403, "code": "AuthorizationFailed"})
    result = az.json("smtp", "check")
    gap = next(u for u in unknowns(result) if u["what"] == "network interfaces")
    assert "resource groups could not be listed (403 AuthorizationFailed)" in gap["reason"]
    assert result["vms"] == []
