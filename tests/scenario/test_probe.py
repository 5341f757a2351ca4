"""`az smtp probe` through the real `az`: the Run Command it sends, what the VM saw beside
check's verdict, and the cases where it must stop before writing."""
import json

import pytest

from tests.localarm.shapes import sub_guid

ESTATE = "probe"
EA, PAYG = sub_guid("probe-ea"), sub_guid("probe-payg")
TARGET = "gmail-smtp-in.l.google.com"


def vm_id(name, sub=EA):
    return f"/subscriptions/{sub}/resourceGroups/mail-rg/providers/Microsoft.Compute/virtualMachines/{name}"


def probe(az, name, *extra):
    return az.json("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", name, "--yes", *extra)


def run_commands(arm):
    return [r for r in arm.requests if r["method"] == "POST" and r["path"].lower().endswith("/runcommand")]


def results(out):
    return {p["port"]: p["result"] for p in out["probes"]}


def test_allowed_vm_connects_and_the_probe_confirms_it(arm, az):
    out = probe(az, "linux-mail")
    assert out["verdict"] == "allowed" and out["vm"]["osType"] == "Linux"
    assert results(out) == {25: "connected", 587: "connected"}
    assert out["probes"][0]["target"] == TARGET and TARGET in out["probes"][0]["detail"]
    assert out["agreement"]["status"] == "confirmed"
    [sent] = run_commands(arm)
    assert sent["path"].endswith("/virtualMachines/linux-mail/runCommand")
    assert sent["body"]["commandId"] == "RunShellScript" and sent["body"]["script"] == out["runCommand"]["script"]
    assert f"probe {TARGET} 25" in sent["body"]["script"]
    checked = [r for r in arm.requests if r["path"].endswith("/providers/Microsoft.Authorization/permissions")]
    assert checked and arm.requests.index(checked[0]) < arm.requests.index(sent), "permissions are read first"


def test_blocked_vm_times_out_on_25_and_connects_on_587(arm, az):
    out = az.json("smtp", "probe", "--ids", vm_id("payg-mail", PAYG), "--yes")
    assert (out["verdict"], out["blockedBy"]) == ("blocked", ["platform"])
    assert results(out) == {25: "timed-out", 587: "connected"}
    assert out["agreement"]["status"] == "confirmed" and "only port 25" in out["agreement"]["detail"]


def test_in_german_the_probes_own_words_change_and_what_the_vm_and_server_said_does_not(az):
    proc = az.run("smtp", "probe", "--ids", vm_id("payg-mail", PAYG), "--yes", "--language", "de", "-o", "json")
    out = json.loads(proc.stdout)
    assert results(out) == {25: "timed-out", 587: "connected"}  # enum values stay
    assert [p["detail"] for p in out["probes"]] == ["keine Antwort innerhalb von 15 s", f"220 {TARGET} ESMTP ready"]
    assert "RunShellScript wird auf payg-mail ausgeführt (Run Command): TCP-Verbindungen zu " \
           f"{TARGET} an den Ports 25 und 587, sonst nichts." in " ".join(proc.stderr.split())


def test_windows_vm_runs_powershell(arm, az):
    out = probe(az, "win-mail", "--target", "mx.contoso.com:2525")
    assert out["runCommand"]["commandId"] == "RunPowerShellScript"
    assert [p["port"] for p in out["probes"]] == [2525, 587]
    assert {p["target"] for p in out["probes"]} == {"mx.contoso.com"}
    assert run_commands(arm)[0]["body"]["commandId"] == "RunPowerShellScript"


def test_scale_set_instance_uses_its_own_run_command(arm, az):
    out = probe(az, "mailss_0")
    assert out["vm"]["kind"] == "scale-set-instance" and out["agreement"]["status"] == "confirmed"
    assert run_commands(arm)[0]["path"].lower().endswith("/virtualmachinescalesets/mailss/virtualmachines/0/runcommand")


@pytest.mark.parametrize("name,status,words", [
    ("quiet-mail", "contradicted", "something check cannot see"),
    ("dark-mail", "inconclusive", "so did the control"),
])
def test_probe_that_disagrees_or_cannot_tell(az, name, status, words):
    out = probe(az, name)
    assert out["verdict"] == "allowed" and out["agreement"]["status"] == status
    assert words in out["agreement"]["detail"]


def test_table_fits_120_columns(az):
    proc = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", "quiet-mail", "--yes", "-o", "table")
    lines = proc.stdout.splitlines()
    assert max(map(len, lines)) <= 120
    assert lines[0].split() == ["Target", "Port", "Result", "Detail"] and "=> verdict" in proc.stdout
    assert "Running RunShellScript on quiet-mail" in proc.stderr


@pytest.mark.parametrize("permissions", [
    [{"actions": ["*/read"], "notActions": []}],
    [{"actions": ["*"], "notActions": ["Microsoft.Compute/virtualMachines/runCommand/*"]}],
])
def test_without_run_command_permission_it_stops_before_writing(arm, az, permissions):
    arm.estate.permissions = permissions
    proc = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", "linux-mail", "--yes", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "Microsoft.Compute/virtualMachines/runCommand/action" in proc.stderr
    assert "Virtual Machine Contributor" in proc.stderr
    assert not run_commands(arm)


def test_confirmation_is_required_without_yes(arm, az):
    proc = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", "linux-mail", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "--yes" in proc.stderr and f"TCP connections to {TARGET} on ports 25 and 587" in proc.stderr
    assert not run_commands(arm)


def test_deallocated_vm_is_an_error_with_the_fix(arm, az):
    proc = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", "parked-mail", "--yes", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "deallocated" in proc.stderr and "az vm start -g mail-rg -n parked-mail" in proc.stderr
    assert not run_commands(arm)


def test_bad_target_is_refused_before_anything_runs(arm, az):
    proc = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", "linux-mail", "--yes",
                  "--target", "mx.contoso.com;reboot", check=False)
    assert proc.returncode != 0 and "--target" in proc.stderr and not arm.requests


def test_help_has_examples_and_says_it_writes(az):
    text = az.run("smtp", "probe", "-h").stdout
    assert "Examples" in text and "az smtp probe" in text and "--yes" in text and "runCommand/action" in text


def test_unreadable_permissions_leave_the_last_word_to_arm(arm, az):
    arm.estate.faults = [{"path": "/providers/Microsoft.Authorization/permissions$", "status": 403}]
    arm.estate.permissions = [{"actions": ["*/read"], "notActions": []}]
    proc = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", "linux-mail", "--yes", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "403 AuthorizationFailed" in proc.stderr and "Virtual Machine Contributor" in proc.stderr
    assert len(run_commands(arm)) == 1, "tried once: the permissions could not be read"


def test_arguments_are_validated_before_confirmation_is_asked(arm, az):
    proc = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", "-n", "linux-mail", "--target", "a b",
                  check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "--target 'a b'" in proc.stderr and "confirmation" not in proc.stderr
    missing = az.run("smtp", "probe", "--subscription", EA, "-g", "mail-rg", check=False)
    assert missing.returncode != 0 and "--name" in missing.stderr and "confirmation" not in missing.stderr


def test_an_address_target_gets_check_s_verdict_for_that_receiver(az):
    anywhere = probe(az, "partial-mail")  # the NSG denies 52.101.0.0/16 only: most receivers are allowed
    assert anywhere["verdict"] == "allowed" and anywhere["agreement"]["status"] == "contradicted"
    there = probe(az, "partial-mail", "--target", "52.101.68.3")
    assert (there["verdict"], there["blockedBy"]) == ("blocked", ["nsg"])
    assert there["agreement"]["status"] == "confirmed" and there["probes"][0]["target"] == "52.101.68.3"
