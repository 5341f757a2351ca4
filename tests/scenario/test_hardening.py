"""Through the real `az`: ids of the wrong type, hostile bytes from remote text, dates and offers nobody
means, a probe to a private receiver, a definite deny behind an unread VNet, and malformed ARM answers."""
import json

from tests.localarm.shapes import sub_guid

ESTATE = "probe"
EA, PAYG = sub_guid("probe-ea"), sub_guid("probe-payg")
COMPUTE = f"/subscriptions/{EA}/resourceGroups/mail-rg/providers/Microsoft.Compute"
SCALE_SET = f"{COMPUTE}/virtualMachineScaleSets/mailss"
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x1b[31mFAKE\x1b[0m\r\nsmtp-probe 99 connected\x9b1m"


def vm_id(name, sub=EA):
    return f"/subscriptions/{sub}/resourceGroups/mail-rg/providers/Microsoft.Compute/virtualMachines/{name}"


def refused(az, arm, *args):
    """Run az, expecting an az error (no traceback) before any request to ARM; returns stderr."""
    arm.reset_log()
    proc = az.run(*args, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and proc.stdout == "", proc.stderr
    assert not [r for r in arm.requests if "/subscriptions/" in r["path"]], "refused before any request"
    return proc.stderr


def posts(arm):
    return [r for r in arm.requests if r["method"] != "GET"]


def test_probe_on_a_scale_set_names_its_instances_and_runs_nothing(az, arm):
    """Item 1: the scale set's id never reaches .../virtualMachines/mailss/runCommand (a same-named VM's)."""
    proc = az.run("smtp", "probe", "--ids", SCALE_SET, "--yes", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "is a scale set" in proc.stderr and f"{SCALE_SET}/virtualMachines/0" in proc.stderr
    assert posts(arm) == [] and not [r for r in arm.requests if "/virtualMachines/mailss" in r["path"]]


def test_ids_that_are_not_vms_are_refused_before_any_request(az, arm):
    """Items 1 and 5: a scale set, a collection, a provider id, `{x}` and `#` are az errors naming what is
    accepted; nothing is read and no VM row is invented."""
    said = refused(az, arm, "smtp", "check", "--ids", vm_id("linux-mail"), SCALE_SET)
    assert "is a scale set" in said and "az vmss list-instances -g mail-rg -n mailss" in said
    said = refused(az, arm, "smtp", "explain-vm", "--ids", f"{COMPUTE}/virtualMachines")  # the other shapes
    assert "not a well-formed resource id" in said and "expected a VM" in said  # in tests/unit/test_hardening.py
    said = refused(az, arm, "smtp", "explain-app", "--ids", vm_id("linux-mail"))
    assert "is a VM: expected a web app or function app" in said


def test_an_offer_for_ids_in_two_subscriptions_and_dates_nobody_means_are_refused(az, arm):
    """Items 6 and 7."""
    said = refused(az, arm, "smtp", "check", "--ids", vm_id("linux-mail"), vm_id("payg-mail", PAYG),
                   "--offer", "mca-e")
    assert "--offer states the offer of one subscription, but --ids name 2" in said
    said = refused(az, arm, "smtp", "check", "--exempted-at", "0001-01-01")
    assert "before Azure began blocking TCP 25 (2017-11-15)" in said


def test_hostile_bytes_never_reach_the_terminal_and_json_keeps_them(az, arm):
    """Item 2: a VM name and a receiver's banner holding escape sequences (clear screen, window title, colour, a
    fake line): table and stderr show them stripped, JSON keeps the exact text escaped."""
    linux = vm_id("linux-mail")
    arm.estate.get(linux)["name"] = "linux-mail\x1b]0;owned\x07"
    said = arm.estate.run_command

    def run_command(vm, command_id, script):
        answer = said(vm, command_id, script)
        answer["value"][0]["message"] = answer["value"][0]["message"].replace("ESMTP ready", "ESMTP " + HOSTILE)
        return answer
    arm.estate.run_command = run_command
    table = az.run("smtp", "probe", "--ids", linux, "--yes", "-o", "table")
    for text in (table.stdout, table.stderr):
        assert not any(ch in text for ch in "\x1b\x07\x9b\r"), repr(text)
    assert "ESMTP FAKE" in table.stdout and "Running RunShellScript on linux-mail (Run Command)" in table.stderr
    tsv = az.run("smtp", "probe", "--ids", linux, "--yes", "-o", "tsv", "--query", "[vm.name, probes[0].detail]")
    assert tsv.stdout == "linux-mail\n220 gmail-smtp-in.l.google.com ESMTP FAKE\n", repr(tsv.stdout)
    out = json.loads(az.run("smtp", "probe", "--ids", linux, "--yes", "-o", "json").stdout)
    assert out["probes"][0]["detail"] == "220 gmail-smtp-in.l.google.com ESMTP " + HOSTILE.split("\r")[0]
    assert out["vm"]["name"] == "linux-mail\x1b]0;owned\x07"


def test_a_probe_to_a_private_receiver_says_nothing_either_way(az):
    """Item 8: private receivers are outside the port-25 rule: connecting there is inconclusive, never
    `contradicted`; a multicast or broadcast target is refused."""
    out = az.json("smtp", "probe", "--ids", vm_id("quiet-mail"), "--target", "10.1.0.4", "--yes")
    assert out["agreement"]["status"] == "inconclusive" and "not an internet address" in out["agreement"]["detail"]
    proc = az.run("smtp", "probe", "--ids", vm_id("quiet-mail"), "--target", "224.0.0.5", "--yes", check=False)
    assert proc.returncode != 0 and "multicast" in proc.stderr and "Traceback" not in proc.stderr


def test_an_unread_vnet_never_hides_a_definite_nic_nsg_deny(az, arm):
    """Item 4: the VNets are refused, the NIC's NSG (readable) denies TCP 25 to this receiver: blocked, and
    --fail-on blocked exits 4."""
    arm.estate.faults.append({"path": r"/virtualNetworks/[^/]+$"})
    proc = az.run("smtp", "check", "--ids", vm_id("partial-mail"), "--destination", "52.101.0.1",
                  "--fail-on", "blocked", "-o", "json", check=False)
    assert proc.returncode == 4 and "Traceback" not in proc.stderr, proc.stderr
    [vm] = json.loads(proc.stdout)["vms"]
    assert vm["verdict"] == "blocked" and vm["checks"]["subnet"] == "unknown" and vm["checks"]["nsg-NIC"] == "fail"


def test_malformed_arm_answers_never_crash(az, arm):
    """Item 9: a NIC GET answering `200 {}` and a VM GET answering `200 []` are gaps, never `KeyError: 'id'`; a
    bad smtp.read_timeout is an az error."""
    arm.estate.faults.append({"path": r"/networkInterfaces/quiet-mail-nic0$", "status": 200, "raw": "{}"})
    arm.estate.faults.append({"path": r"/virtualMachines/dark-mail$", "status": 200, "raw": "[]"})
    proc = az.run("smtp", "explain-vm", "--ids", vm_id("quiet-mail"), vm_id("dark-mail"), "-o", "json", check=False)
    assert "Traceback" not in proc.stderr and proc.returncode == 0, proc.stderr
    quiet, dark = json.loads(proc.stdout)
    assert quiet["verdict"] == "unknown" and dark["verdict"] == "unknown"
    gaps = {u["what"]: u for u in quiet["subscription"]["unknowns"]}
    assert "malformed" in gaps["network interfaces"]["reason"]
    proc = az.run("smtp", "check", check=False, env=dict(az.env, AZURE_SMTP_READ_TIMEOUT="soon"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and "smtp.read_timeout" in proc.stderr
