"""Several --ids on explain-vm and check, and check's progress on stderr, through the real az."""
import json
import os
import re
import subprocess

from tests.localarm.azcli import az_executable
from tests.localarm.demo import PREVIEW_NOTICE
from tests.localarm.shapes import sub_guid


def ids_of(az, *names):
    vms = {v["name"]: v for v in az.json("smtp", "check", "--all-subscriptions")["vms"]}
    return [vms[n]["id"] for n in names], vms


def test_explain_vm_with_several_ids_gives_a_list_in_the_order_given(az):
    ids, checked = ids_of(az, "payg-mail1", "ea-mail1")
    result = az.json("smtp", "explain-vm", "--ids", *ids)
    assert [r["name"] for r in result] == ["payg-mail1", "ea-mail1"]
    assert [r["verdict"] for r in result] == [checked["payg-mail1"]["verdict"], checked["ea-mail1"]["verdict"]]
    table = az.run("smtp", "explain-vm", "--ids", *ids, "-o", "table").stdout
    assert table.splitlines()[0].split()[:2] == ["VM", "Step"]
    assert table.count("=>") == 2 and "payg-mail1" in table and "ea-mail1" in table
    assert isinstance(az.json("smtp", "explain-vm", "--ids", ids[0]), dict)


def test_check_ids_judges_only_those_vms(az, arm):
    ids, _ = ids_of(az, "msdn-mail1", "ea-mail1")
    arm.reset_log()
    result = az.json("smtp", "check", "--ids", *ids)
    assert sorted(v["name"] for v in result["vms"]) == ["ea-mail1", "msdn-mail1"]
    assert sorted(s["subscriptionId"] for s in result["subscriptions"]) == sorted([sub_guid("ea"), sub_guid("msdn")])
    assert not [r for r in arm.requests if r["path"].lower().endswith("/virtualmachines")]


def test_check_ids_with_another_scope_is_refused_without_a_traceback(az):
    ids, _ = ids_of(az, "ea-mail1")
    proc = az.run("smtp", "check", "--ids", *ids, "-g", "mail-rg", check=False)
    assert proc.returncode != 0 and "--ids cannot be combined with --resource-group" in proc.stderr
    assert "Traceback" not in proc.stderr


def with_tty_stderr(az, *args):
    """Run az with stderr on a pseudo-terminal (as in a person's shell); returns what it wrote there."""
    controller, terminal = os.openpty()
    try:
        proc = subprocess.run([az_executable(), *args], env=az.env, cwd=az.workdir, stdout=subprocess.PIPE,
                              stderr=terminal, timeout=300, check=True)
        os.close(terminal)
        terminal = None
        written = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal side is closed: everything has been read
                break
            if not chunk:
                break
            written += chunk
        return proc.stdout, written.decode(errors="replace")
    finally:
        os.close(controller)
        if terminal is not None:
            os.close(terminal)


def test_check_shows_progress_on_a_terminal_only(az, arm):
    # az's spinner redraws at most every 0.2 s: a billing property slow to answer keeps the run going long enough
    # for a redraw after the resources came back (on loopback the whole run can take less than that)
    arm.estate.faults.append({"path": r"/providers/Microsoft\.Billing/billingProperty/default$", "delay": 0.6})
    proc = az.run("smtp", "check", "--all-subscriptions", "-o", "json")
    warned = [f"WARNING: {sub['displayName']}: {warning}" for sub in json.loads(proc.stdout)["subscriptions"]
              for warning in sub.get("warnings") or []]
    said = " ".join(PREVIEW_NOTICE.sub("", proc.stderr).split())  # warnings are wrapped to 120 columns on stderr
    assert said == " ".join(" ".join(warned).split()), "stderr into a pipe holds the warnings and az's preview notice"
    _, shown = with_tty_stderr(az, "smtp", "check", "--all-subscriptions", "-o", "none")
    assert re.search(r"[0-8]/8 subscriptions read; resources read: [1-9]", shown), shown
    _, quiet = with_tty_stderr(az, "smtp", "check", "--all-subscriptions", "-o", "none", "--only-show-errors")
    assert "subscriptions read" not in quiet


def test_a_subscription_warning_is_said_once_for_several_of_its_vms(az):
    ids, _ = ids_of(az, "ea-mail1")
    proc = az.run("smtp", "explain-vm", "--ids", ids[0], ids[0], "--exempted-at", "2026-11-01", "-o", "json")
    assert proc.stderr.count("--exempted-at was not applied") == 1
