"""The network path of every case, and explain-vm agreeing with check."""
import pytest

ESTATE = "network"


@pytest.fixture(scope="module")
def checked(azure):
    _, az = azure
    result = az.json("smtp", "check")
    return {v["name"]: v for v in result["vms"]}


@pytest.mark.parametrize("vm,verdict,blocked_by,egress,action", [
    ("open-vm", "allowed", [], "default-outbound", None),
    ("nic-nsg-vm", "blocked", ["nsg"], "default-outbound", "fix-nsg-rule"),
    ("subnet-nsg-vm", "blocked", ["nsg"], "default-outbound", "fix-nsg-rule"),
    ("allow-over-deny-vm", "allowed", [], "default-outbound", None),
    ("route-none-vm", "blocked", ["route"], "none", "fix-route"),
    ("forced-tunnel-vm", "allowed", [], "firewall", None),
    ("fw-denied-vm", "blocked", ["firewall"], "firewall", "check-firewall-network-rule"),
    ("private-vm", "blocked", ["no-outbound"], "none", "add-nat-gateway"),
    ("nat-vm", "allowed", [], "nat-gateway", None),
    ("lb-vm", "allowed", [], "load-balancer", None),
    ("public-ip-vm", "allowed", [], "public-ip", None),
    ("two-nic-vm", "allowed", [], "default-outbound", None),
    ("mailss_0", "allowed", [], "default-outbound", None),
    ("partial-deny-vm", "allowed", [], "default-outbound", None),
    ("relay-only-vm", "blocked", ["nsg"], "default-outbound", "fix-nsg-rule"),
    ("internet-source-vm", "allowed", [], "default-outbound", None),  # a Deny from Internet: not the VM's traffic
    ("tag-route-vm", "allowed", [], "default-outbound", None),
])
def test_each_network_case(checked, vm, verdict, blocked_by, egress, action):
    entry = checked[vm]
    assert (entry["verdict"], entry["blockedBy"], entry["egress"]) == (verdict, blocked_by, egress)
    assert (entry["actions"][0] if entry["actions"] else None) == action


def test_check_carries_the_evidence_of_what_blocks(checked):
    entry = checked["nic-nsg-vm"]
    assert entry["checks"] == {"platform-port25": "pass", "route": "pass", "outbound": "pass", "nsg-NIC": "fail",
                               "nsg-subnet": "pass"}
    assert any("Deny-SMTP-Out (priority 100)" in e for e in entry["evidence"])
    assert any("0.0.0.0/0 -> None" in e for e in checked["route-none-vm"]["evidence"])


def test_scale_set_instances_are_judged(checked):
    for name, scale_set in (("mailss_0", "mailss"), ("mailss_1", "mailss"), ("flexss_a1b2c3", "flexss")):
        assert checked[name]["kind"] == "scale-set-instance"
        assert checked[name]["scaleSet"].endswith(f"/virtualMachineScaleSets/{scale_set}")
        assert checked[name]["port25Flag"] is True and checked[name]["verdict"] == "allowed"


def test_deciding_nsg_rule_is_named(az):
    result = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "subnet-nsg-vm")
    step = next(s for s in result["steps"] if s["check"] == "nsg-subnet")
    assert step["result"] == "fail"
    assert "subnet-deny-mail" in step["detail"] and "Deny-Mail-Ports (priority 300) -> Deny" in step["detail"]
    allow = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "allow-over-deny-vm")
    assert "Allow-SMTP-Out (priority 200)" in next(s for s in allow["steps"] if s["check"] == "nsg-subnet")["detail"]


def test_explain_vm_steps_are_ordered_and_end_with_the_next_action(az):
    result = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "nic-nsg-vm")
    assert [s["check"] for s in result["steps"]] == ["platform-port25", "route", "outbound", "nsg-NIC", "nsg-subnet"]
    assert result["steps"][0]["source"].startswith("https://learn.microsoft.com/")
    assert result["verdict"] == "blocked" and result["nextAction"]["id"] == "fix-nsg-rule"
    table = az.run("smtp", "explain-vm", "-g", "mail-rg", "-n", "nic-nsg-vm", "-o", "table").stdout
    rows = [line for line in table.strip().splitlines() if line[:6].strip()]  # wrapped details continue blank
    assert "Deny-SMTP-Out" in table and rows[-1].startswith("=>")


def test_explain_vm_by_id_for_a_scale_set_instance(az, checked):
    result = az.json("smtp", "explain-vm", "--ids", checked["mailss_1"]["id"])
    assert result["name"] == "mailss_1" and result["verdict"] == "allowed"


def test_explain_vm_verdict_equals_check_for_every_vm(az, checked):
    for name, entry in checked.items():
        explained = az.json("smtp", "explain-vm", "--ids", entry["id"])
        assert (explained["verdict"], explained["blockedBy"], explained["actions"]) == \
            (entry["verdict"], entry["blockedBy"], entry["actions"]), name


def test_firewall_rule_is_named(az):
    result = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "forced-tunnel-vm")
    assert [s["check"] for s in result["steps"]][:3] == ["platform-port25", "route", "firewall"]
    step = next(s for s in result["steps"] if s["check"] == "firewall")
    assert step["result"] == "pass" and "smtp-out/allow-smtp-relay-hosts (priority 200) -> Allow" in step["detail"]


def test_two_nic_vm_judges_the_primary_nic(az):
    result = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "two-nic-vm")
    info = next(s for s in result["steps"] if s["check"] == "nics")
    assert "two-nic-vm-nic0" in info["detail"]


def test_request_count_does_not_depend_on_vm_count(az, arm):
    az.json("smtp", "check")
    paths = [r["path"] for r in arm.requests]
    assert not any("/networkInterfaces/" in p or "/virtualMachines/" in p for p in paths), "per-VM reads"
    assert {r["method"] for r in arm.requests} == {"GET"}


def test_unknown_vm_is_a_clear_error(az):
    proc = az.run("smtp", "explain-vm", "-g", "mail-rg", "-n", "nope", check=False)
    assert proc.returncode != 0 and "nope" in proc.stderr and "Traceback" not in proc.stderr
    missing = az.run("smtp", "explain-vm", "-n", "open-vm", check=False)
    assert missing.returncode != 0 and "--resource-group" in missing.stderr


def test_destination_must_be_public(az):
    proc = az.run("smtp", "check", "--destination", "10.1.2.3", check=False)
    assert proc.returncode != 0 and "public" in proc.stderr


def test_public_ipv6_destination_is_said_to_be_not_evaluated_yet(az):
    proc = az.run("smtp", "check", "--destination", "2a01:111:f403:c900::1", check=False)
    assert proc.returncode != 0 and "IPv6 receivers are not evaluated yet" in proc.stderr
    assert "not a public IPv4" not in proc.stderr and "Traceback" not in proc.stderr


def test_resource_group_scope_still_sees_the_hub_in_another_group(az):
    """The firewall and the route table to it live in hub-rg: -g mail-rg must not turn them into unknowns."""
    result = az.json("smtp", "check", "-g", "mail-rg")
    vms = {v["name"]: v for v in result["vms"]}
    assert vms["forced-tunnel-vm"]["egress"] == "firewall" and vms["forced-tunnel-vm"]["verdict"] == "allowed"
    assert vms["fw-denied-vm"]["blockedBy"] == ["firewall"]
    assert {v["resourceGroup"] for v in result["vnets"]} == {"mail-rg"}


def test_resource_group_reader_falls_back_to_the_group(az, arm):
    arm.estate.faults.append({"path": r"^/subscriptions/[^/]+/providers/Microsoft.Network/networkSecurityGroups$",
                              "status": 403, "code": "AuthorizationFailed"})
    result = az.json("smtp", "check", "-g", "mail-rg")
    vms = {v["name"]: v for v in result["vms"]}
    assert vms["nic-nsg-vm"]["blockedBy"] == ["nsg"]
    gap = next(u for u in result["subscriptions"][0]["unknowns"] if u["what"] == "network security groups")
    assert gap["status"] == 403 and "only resource group mail-rg was read" in gap["reason"]


def test_rules_for_part_of_the_internet_name_their_exact_ranges(az, checked):
    """Any receiver: the answer most public receivers get, with the exact ranges of the others."""
    partial = " ".join(checked["partial-deny-vm"]["evidence"] + az.json(
        "smtp", "explain-vm", "-g", "mail-rg", "-n", "partial-deny-vm")["steps"][3]["evidence"])
    assert "Deny-122-32" in partial and "122.32.0.0/11" in partial
    assert "Allow-Relay" in " ".join(checked["relay-only-vm"]["evidence"])
    to_relay = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "relay-only-vm", "--destination", "8.223.38.49")
    assert to_relay["verdict"] == "allowed"


def test_a_deny_from_the_internet_tag_never_holds_the_vms_traffic(az):
    """The VM's address is VNet space, which the Internet tag never holds."""
    result = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "internet-source-vm", "--destination", "52.1.2.3")
    step = next(s for s in result["steps"] if s["check"] == "nsg-NIC")
    assert step["result"] == "pass" and "AllowInternetOutBound" in step["detail"]
    assert "Deny-From-Internet" not in step["detail"] and result["verdict"] == "allowed"


def test_a_service_tag_route_to_the_hop_every_receiver_takes_decides_with_the_tag_kept(az):
    """Storage -> Internet under the system default: for one receiver the route is Internet, not
    unknown, and the tag stays in the evidence."""
    result = az.json("smtp", "explain-vm", "-g", "mail-rg", "-n", "tag-route-vm", "--destination", "52.1.2.3")
    step = next(s for s in result["steps"] if s["check"] == "route")
    assert step["result"] == "pass" and result["verdict"] == "allowed"
    assert "Storage" in step["detail"] and "either way" in step["detail"]
