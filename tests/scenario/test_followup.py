"""After an exemption: who must deallocate-and-start, which VNets need a temporary subnet,
and `az smtp complete-exemption` doing exactly that, through the real `az` against the local ARM."""
from datetime import datetime, timedelta, timezone

import pytest

from tests.localarm.shapes import sub_guid

ESTATE = "followup"
RECENT = sub_guid("edt-recent")
OLD = sub_guid("edt-old")


def days_ago(n):
    return (datetime.now(timezone.utc) - timedelta(days=n)).replace(microsecond=0).isoformat()


def check(az, sub=RECENT, exempted=10):
    return az.json("smtp", "check", "--subscription", sub, "--exempted-at", days_ago(exempted))


def by_name(items):
    return {i["name"]: i for i in items}


@pytest.fixture(scope="module")
def recent(azure):
    return check(azure[1])


@pytest.mark.parametrize("vm,verdict,needs_cycle,why", [
    ("new-vm", "allowed", False, "after the exemption"),
    ("cycled-vm", "allowed", False, "deallocated"),
    ("restarted-vm", "blocked", True, "reboot is not enough"),
    ("stopped-vm", "blocked", True, "still allocated"),
    ("deallocated-vm", "allowed", False, "picks up the new policy when it is started"),
    ("webss_0", "allowed", False, "deallocated"),
    ("webss_1", "blocked", True, "before the exemption"),
])
def test_who_picked_up_the_exemption(recent, vm, verdict, needs_cycle, why):
    entry = by_name(recent["vms"])[vm]
    assert entry["verdict"] == verdict
    assert ("deallocate-and-start" in entry["actions"]) is needs_cycle
    assert why in " ".join(entry["reasons"]) or verdict == "allowed"
    if verdict == "blocked":
        assert entry["blockedBy"] == ["platform"]


def test_policy_is_exempted_with_the_date_as_evidence(recent):
    policy = recent["subscriptions"][0]["policy"]
    assert policy["status"] == "exempted" and policy["exemptedAt"]
    assert any(e["kind"] == "exemption" for e in policy["evidence"])


def test_vm_older_than_the_activity_log_window_is_unknown(az):
    result = check(az, OLD, exempted=120)
    vm = result["vms"][0]
    assert vm["verdict"] == "unknown" and "deallocate-and-start" in vm["actions"]
    assert "90 days" in " ".join(vm["reasons"])


def test_delegated_vnets_need_a_temporary_subnet(recent):
    vnets = by_name(recent["vnets"])
    ase = vnets["ase-vnet"]
    assert ase["actions"] == ["add-remove-temp-subnet"]
    assert ase["delegatedSubnets"][0]["serviceNames"] == ["Microsoft.Web/hostingEnvironments"]
    assert ase["tempSubnetPrefix"] == "10.2.2.0/29"
    full = vnets["full-vnet"]
    assert full["actions"] == ["add-remove-temp-subnet"] and full["tempSubnetPrefix"] is None
    assert "no free /29" in full["reasons"][0]
    assert vnets["apps-vnet"]["actions"] == []


def test_without_a_date_the_activity_log_is_not_read(az, arm):
    result = az.json("smtp", "check", "--subscription", RECENT)
    assert result["subscriptions"][0]["policy"]["status"] == "exemptible"
    assert not any("eventtypes" in r["path"].lower() for r in arm.requests)


def test_activity_log_read_is_bounded_and_single(az, arm):
    check(az)
    reads = [r for r in arm.requests if "eventtypes" in r["path"].lower()]
    assert len(reads) == 1 and "eventTimestamp ge" in reads[0]["query"]["$filter"]


def test_dry_run_writes_nothing_and_prints_the_plan(az, arm):
    plan = az.json("smtp", "complete-exemption", "--subscription", RECENT, "--exempted-at", days_ago(10))
    assert plan["dryRun"] is True and plan["results"] == []
    items = by_name(plan["plan"])
    assert set(items) == {"restarted-vm", "stopped-vm", "webss_1", "ase-vnet", "full-vnet"}
    assert items["stopped-vm"]["operations"] == ["deallocate"]
    assert items["restarted-vm"]["operations"] == ["deallocate", "start"]
    assert items["ase-vnet"]["operations"] == ["add subnet azsmtp-temp 10.2.2.0/29", "remove subnet azsmtp-temp"]
    assert {n: i["status"] for n, i in items.items()} == {"restarted-vm": "planned", "stopped-vm": "planned",
                                                         "webss_1": "planned", "ase-vnet": "planned",
                                                         "full-vnet": "cannot-run"}
    assert "4 item(s); 1 cannot run" in plan["message"]
    assert {r["method"] for r in arm.requests} == {"GET"}
    assert plan["warnings"][-1].startswith("Deallocating 3 VM(s) wipes their temporary disk")  # said before --yes


def test_dry_run_table_says_nothing_changed_and_marks_what_cannot_run(az, arm):
    table = az.run("smtp", "complete-exemption", "--subscription", RECENT, "--exempted-at", days_ago(10),
                   "-o", "table").stdout
    at = table.splitlines()[0].index("Status")
    rows = {line.split()[1]: line[at:].split()[0] for line in table.splitlines() if line.startswith(("vm ", "vnet "))}
    assert rows["full-vnet"] == "cannot-run" and rows["ase-vnet"] == "planned"
    summary = next(line for line in table.splitlines() if line.startswith("=>"))
    assert "dry run" in summary and "Dry run: nothing was changed" in summary


def writes(arm):
    return [(r["method"], r["path"].rsplit("/", 2)[-2:]) for r in arm.requests if r["method"] != "GET"]


def test_yes_carries_out_exactly_the_plan_and_a_second_run_has_nothing_to_do(az, arm):
    proc = az.run("smtp", "complete-exemption", "--subscription", RECENT, "--exempted-at", days_ago(10), "--yes",
                  "-o", "json", check=False)
    import json
    done = json.loads(proc.stdout)
    assert proc.returncode == 6 and "Traceback" not in proc.stderr  # a step failed: exit_codes.STEP_FAILED
    status = {r["name"]: r["status"] for r in done["results"]}
    assert status == {"restarted-vm": "succeeded", "stopped-vm": "succeeded", "webss_1": "succeeded",
                      "ase-vnet": "succeeded", "full-vnet": "cannot-run"}
    assert "no free address range" in next(r for r in done["results"] if r["name"] == "full-vnet")["error"]
    assert done["message"] == "4 of 5 item(s) done; 1 cannot run (see results)."
    assert "WARNING: [" not in proc.stderr and "[5/5]" in proc.stderr  # az's progress bar, not warnings
    assert "ERROR: vnet full-vnet cannot run: no free address range" in proc.stderr
    assert sorted(writes(arm)) == sorted([
        ("POST", ["restarted-vm", "deallocate"]), ("POST", ["restarted-vm", "start"]),
        ("POST", ["stopped-vm", "deallocate"]),
        ("POST", ["1", "deallocate"]), ("POST", ["1", "start"]),
        ("PUT", ["subnets", "azsmtp-temp"]), ("DELETE", ["subnets", "azsmtp-temp"]),
    ])
    after = check(az)  # deallocated VMs are shown for what they are: down until started
    assert {v["name"]: v["actions"] for v in after["vms"] if v["actions"]} == {
        "stopped-vm": ["start-vm"], "deallocated-vm": ["start-vm"]}
    assert [v["name"] for v in after["vnets"] if v["actions"]] == ["full-vnet"]
    arm.reset_log()
    proc = az.run("smtp", "complete-exemption", "--subscription", RECENT, "--exempted-at", days_ago(10), "--yes",
                  "-o", "json", check=False)
    assert proc.returncode == 6 and [p["name"] for p in json.loads(proc.stdout)["plan"]] == ["full-vnet"]
    assert writes(arm) == []


def test_only_show_errors_keeps_the_outcome_summary_and_deallocate_comes_before_start(az, arm):
    proc = az.run("smtp", "complete-exemption", "--subscription", RECENT, "--exempted-at", days_ago(10), "--yes",
                  "-g", "mail-rg", "--only-show-errors", "-o", "table", check=False)
    assert proc.returncode == 6  # full-vnet cannot run: not every step was done (exit_codes.STEP_FAILED)
    summary = next(line for line in proc.stdout.splitlines() if line.startswith("=>"))
    assert summary.split()[1] == "done" and "4 of 5 item(s) done; 1 cannot run" in summary
    assert "[1/5]" not in proc.stderr and "ERROR: vnet full-vnet cannot run" in proc.stderr  # no bar, as az does
    posts = [r["path"].rsplit("/", 2)[-2:] for r in arm.requests if r["method"] == "POST"]
    assert posts.index(["restarted-vm", "deallocate"]) < posts.index(["restarted-vm", "start"])


def test_exempted_at_is_validated(az):
    future = az.run("smtp", "check", "--exempted-at", "2999-01-01", check=False)
    assert future.returncode != 0 and "future" in future.stderr
    garbage = az.run("smtp", "check", "--exempted-at", "last tuesday", check=False)
    assert garbage.returncode != 0 and "ISO 8601" in garbage.stderr
    missing = az.run("smtp", "complete-exemption", check=False)
    assert missing.returncode != 0 and "--exempted-at" in missing.stderr



def test_a_half_done_run_says_what_it_left_and_the_next_run_finishes_it(az, arm):
    """`start` refused (409 allocation) after a successful deallocate, and the temporary subnet's
    DELETE refused: each step's outcome is recorded, the VM is reported down with the command that starts it (exit 6),
    `check` shows it deallocated since the exemption, and the re-run removes the leftover subnet, adding none."""
    arm.estate.faults += [
        {"method": "POST", "path": r"/virtualMachines/restarted-vm/start$", "status": 409, "code": "AllocationFailed",
         "message": "Allocation failed. We do not have sufficient capacity for the requested VM size in this region."},
        {"method": "DELETE", "path": r"/subnets/azsmtp-temp$", "status": 409, "code": "InUseSubnetCannotBeDeleted",
         "message": "Subnet azsmtp-temp is in use and cannot be deleted."}]
    proc = az.run("smtp", "complete-exemption", "--subscription", RECENT, "--exempted-at", days_ago(10), "--yes",
                  "-g", "mail-rg", "-o", "json", check=False)
    import json
    assert proc.returncode == 6 and "Traceback" not in proc.stderr
    results = by_name(json.loads(proc.stdout)["results"])
    vm, vnet = results["restarted-vm"], results["ase-vnet"]
    assert [(st["operation"], st["status"]) for st in vm["steps"]] == [("deallocate", "succeeded"), ("start", "failed")]
    assert vm["status"] == "failed" and vm["leftIn"].startswith("deallocated: down")
    assert vm["finishWith"] == "az vm start -g mail-rg -n restarted-vm" and "AllocationFailed" not in vm["finishWith"]
    assert [st["status"] for st in vnet["steps"]] == ["succeeded", "failed"]
    assert vnet["finishWith"] == "az network vnet subnet delete -g mail-rg --vnet-name ase-vnet -n azsmtp-temp"
    assert "vm restarted-vm failed: start failed: " in proc.stderr and "az vm start -g mail-rg -n restarted-vm" in \
        proc.stderr
    entry = by_name(check(az)["vms"])["restarted-vm"]
    assert entry["actions"] == ["start-vm"] and entry["powerState"] == "deallocated"
    assert entry["verdict"] == "allowed" and entry["checks"]["exemption-refresh"] == "info"  # once started
    arm.reset_log()
    arm.estate.faults.clear()
    plan = by_name(az.json("smtp", "complete-exemption", "--subscription", RECENT, "--exempted-at", days_ago(10),
                           "-g", "mail-rg")["plan"])
    assert plan["ase-vnet"]["operations"] == ["remove subnet azsmtp-temp"] and "still in the VNet" in \
        plan["ase-vnet"]["reason"]
