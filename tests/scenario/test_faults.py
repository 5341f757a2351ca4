"""Partial permissions, throttling and paging: nothing wrongly claimed, nothing lost."""
from tests.localarm.shapes import sub_guid


def fault(arm, path, status, code, times=None):
    arm.estate.faults.append({"path": path, "status": status, "code": code, "times": times})


def test_nic_list_forbidden_makes_verdicts_unknown_not_allowed(az, arm):
    fault(arm, r"/providers/Microsoft.Network/networkInterfaces$", 403, "AuthorizationFailed")
    result = az.json("smtp", "check", "--subscription", sub_guid("ea"))
    vm = result["vms"][0]
    assert vm["verdict"] == "unknown"
    assert any("az network nic list" in r for r in vm["reasons"])
    gap = next(u for u in result["subscriptions"][0]["unknowns"] if u["what"] == "network interfaces")
    assert gap["status"] == 403


def test_vm_list_forbidden_is_reported_as_unknown(az, arm):
    fault(arm, r"/providers/Microsoft.Compute/virtualMachines$", 403, "AuthorizationFailed")
    result = az.json("smtp", "check", "--subscription", sub_guid("ea"))
    assert result["vms"] == []
    assert any(u["what"] == "virtual machines" and u["status"] == 403 for u in result["subscriptions"][0]["unknowns"])


def test_throttled_request_is_retried(az, arm):
    fault(arm, r"/providers/Microsoft.Compute/virtualMachines$", 429, "TooManyRequests", times=1)
    result = az.json("smtp", "check", "--subscription", sub_guid("ea"))
    assert [v["verdict"] for v in result["vms"]] == ["allowed"]
    vm_lists = [r for r in arm.requests if r["path"].endswith("/virtualMachines")]
    assert len(vm_lists) == 2


def test_throttled_lists_of_many_subscriptions_all_come_back(az, arm):
    """429 with Retry-After on the first 20 NIC lists, read side by side: azure-core retries each request as
    ARM asks; the pool adds no retries of its own and no verdict turns unknown because of throttling."""
    fault(arm, r"/providers/Microsoft.Network/networkInterfaces$", 429, "TooManyRequests", times=20)
    result = az.json("smtp", "check", "--all-subscriptions", "--engine", "arm")
    assert len(result["vms"]) == 8
    assert not [u for s in result["subscriptions"] for u in s["unknowns"] if u["what"] == "network interfaces"]
    assert {v["verdict"] for v in result["vms"] if v["name"] != "ea403-mail1"} <= {"allowed", "blocked"}
    nic_lists = [r for r in arm.requests if r["path"].endswith("/networkInterfaces")]
    assert len(nic_lists) == 8 + 20


def test_a_list_answering_something_other_than_json_is_a_gap_not_a_traceback(az, arm):
    arm.estate.faults.append({"path": r"/providers/Microsoft.Network/networkSecurityGroups$", "status": 200,
                              "raw": "<html>gateway</html>"})
    proc = az.run("smtp", "check", "--subscription", sub_guid("ea"), "-o", "json", check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    import json
    gap = next(u for u in json.loads(proc.stdout)["subscriptions"][0]["unknowns"]
               if u["what"] == "network security groups")
    assert gap["status"] == 200 and "az network nsg list" in gap["command"]


def test_an_answer_cut_off_on_the_way_is_read_again(az, arm):
    """Answers are streamed (each body decoded once, by the reader), yet one whose body stops short is retried by
    azure-core's retry policy, as an unstreamed answer is: no gap, the same verdict."""
    nics = r"/providers/Microsoft.Network/networkInterfaces$"
    arm.estate.faults.append({"path": nics, "cut": 40, "times": 1})
    result = az.json("smtp", "check", "--subscription", sub_guid("ea"))
    assert not result["subscriptions"][0]["unknowns"] and [v["verdict"] for v in result["vms"]] == ["allowed"]
    assert len([r for r in arm.requests if r["path"].endswith("/networkInterfaces")]) == 2


def test_an_answer_always_cut_off_is_a_gap_not_a_traceback(az, arm):
    arm.estate.faults.append({"path": r"/providers/Microsoft.Network/networkInterfaces$", "cut": 40})
    proc = az.run("smtp", "check", "--subscription", sub_guid("ea"), "-o", "json", check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    import json
    result = json.loads(proc.stdout)
    [gap] = [u for u in result["subscriptions"][0]["unknowns"] if u["what"] == "network interfaces"]
    assert "az network nic list" in gap["command"] and [v["verdict"] for v in result["vms"]] == ["unknown"]


def test_every_subscription_of_a_run_shares_one_token(az, arm):
    """The managed identity's token is asked for once, not once per client (MSAL does not cache MI tokens)."""
    result = az.json("smtp", "check", "--all-subscriptions", "--engine", "arm")
    assert len(result["subscriptions"]) > 3
    assert len([r for r in arm.requests if r["path"] == "/msi/token"]) == 1
