"""`az smtp report`, `--baseline`, `baseline create` and `diff` through the real az against the tour estate."""
import json
import xml.etree.ElementTree as ET

import pytest

from tests.localarm.demo import DEVTEST, EA, PAYG
from tests.localarm.shapes import sub_guid
from tests.unit.test_render import schema_errors

ESTATE = "tour"


def run(az, *args):
    proc = az.run("smtp", *args, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def saved(az, tmp_path):
    """A saved `check -o json` of three tour subscriptions, and its parsed result."""
    proc = run(az, "check", "--subscriptions", EA, PAYG, DEVTEST, "-o", "json")
    path = tmp_path / "check.json"
    path.write_text(proc.stdout, encoding="utf-8")
    return str(path), json.loads(proc.stdout)


def ids(result):
    return {vm["name"]: vm["id"] for vm in result["vms"]}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_report_writes_each_format_from_azure_or_from_a_saved_check_alike(az, saved, tmp_path):
    path, result = saved
    for fmt in ("html", "markdown", "junit"):
        live, again = str(tmp_path / f"live.{fmt}"), str(tmp_path / f"saved.{fmt}")
        first = run(az, "report", "--subscriptions", EA, PAYG, DEVTEST, "--format", fmt, "--file", live, "-o", "json")
        second = run(az, "report", "--from-json", path, "--format", fmt, "--file", again, "-o", "json")
        assert first.returncode == second.returncode == 0, first.stderr + second.stderr
        summary = json.loads(second.stdout)
        assert summary["resources"] == len(result["vms"]) and summary["blocked"] == 6 and summary["allowed"] == 2
        assert json.loads(first.stdout)["blocked"] == 6
        with open(again, encoding="utf-8") as f:
            text = f.read()
        assert summary["bytes"] == len(text.encode("utf-8"))
        listed = result["vms"] if fmt != "markdown" else [v for v in result["vms"] if v["verdict"] != "allowed"]
        assert all(vm["name"] in text for vm in listed)  # the summary lists the findings only
    with open(tmp_path / "saved.junit", encoding="utf-8") as f:
        junit = f.read()
    assert schema_errors(junit) == []
    suites = {s.get("name"): s for s in ET.fromstring(junit.encode()).iter("testsuite")}
    assert set(suites) == {EA, PAYG, DEVTEST} and suites[EA].get("failures") == "4"
    with open(tmp_path / "saved.markdown", encoding="utf-8") as f:
        assert "### Blocked (6)" in f.read()


def test_report_refuses_a_scope_beside_from_json_and_a_file_that_is_not_a_check(az, saved, tmp_path):
    path, _ = saved
    proc = run(az, "report", "--from-json", path, "-g", "mail-rg", "--format", "html", "--file", str(tmp_path / "r"))
    assert proc.returncode != 0 and "--from-json cannot be combined with --resource-group" in proc.stderr
    other = write(tmp_path, "rules.json", run(az, "rules", "-o", "json").stdout)
    proc = run(az, "report", "--from-json", other, "--format", "html", "--file", str(tmp_path / "r"))
    assert proc.returncode != 0 and "is not the JSON of `az smtp check`" in proc.stderr
    proc = run(az, "report", "--from-json", path, "--format", "html", "--file", str(tmp_path / "no" / "dir" / "r"))
    assert proc.returncode != 0 and "cannot be written" in proc.stderr


def test_baseline_suppresses_matches_and_globs_fail_on_ignores_them_and_says_what_matched_nothing(az, saved,
                                                                                                 tmp_path):
    _, result = saved
    vm = ids(result)
    payg = next(s["subscriptionId"] for s in result["subscriptions"] if s["displayName"] == PAYG)
    devtest = next(s["subscriptionId"] for s in result["subscriptions"] if s["displayName"] == DEVTEST)
    baseline = write(tmp_path, "baseline.yaml", f"""
accepted:
  - resource: {vm['nic-nsg-vm']}
    reason: Legacy relay host, replaced in Q2
    acceptedBy: alice@contoso.com
  - resource: {vm['route-none-vm']}
    reason: Forced tunnel by design
  - resource: {vm['fw-denied-vm']}
    reason: Firewall team owns it
  - resource: {vm['private-vm']}
    reason: Private on purpose
  - resource: /subscriptions/{payg}/*
    reason: Pay-As-You-Go sends through SendGrid on 587
  - resource: /subscriptions/{devtest}/resourceGroups/mail-*/*
    reason: Dev/Test group, relay only
  - resource: /subscriptions/{payg}/resourceGroups/gone-rg/*
    reason: Left over
""")
    scope = ["--subscriptions", EA, PAYG, DEVTEST]
    assert run(az, "check", *scope, "--fail-on", "blocked", "-o", "none").returncode == 4  # without it
    proc = run(az, "check", *scope, "--baseline", baseline, "--fail-on", "any", "-o", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    marked = {v["name"]: v["suppression"] for v in out["vms"] if "suppression" in v}
    assert set(marked) == {"nic-nsg-vm", "route-none-vm", "fw-denied-vm", "private-vm", "payg-mail1",
                           "eadevtest-mail1"}
    assert marked["nic-nsg-vm"] == {"status": "active", "reason": "Legacy relay host, replaced in Q2", "expires": None,
                                    "acceptedBy": "alice@contoso.com", "entry": vm["nic-nsg-vm"]}
    assert {v["name"]: v["verdict"] for v in out["vms"]}["nic-nsg-vm"] == "blocked"  # the verdict stays
    assert out["baseline"]["unmatched"] == [{"resource": f"/subscriptions/{payg}/resourceGroups/gone-rg/*",
                                             "reason": "Left over"}]
    assert "gone-rg/* matches no blocked or unknown finding" in proc.stderr
    table = run(az, "check", *scope, "--baseline", baseline, "-o", "table").stdout
    assert "suppressed" in next(line for line in table.splitlines() if "nic-nsg-vm" in line)


def test_an_expired_entry_counts_again_and_says_so(az, saved, tmp_path):
    _, result = saved
    baseline = write(tmp_path, "b.json", json.dumps({"accepted": [
        {"resource": ids(result)["nic-nsg-vm"], "reason": "until the end of 2025", "expires": "2025-12-31"}]}))
    proc = run(az, "check", "--subscription", EA, "-g", "mail-rg", "--baseline", baseline, "--fail-on", "blocked",
               "-o", "json")
    assert proc.returncode == 4
    out = json.loads(proc.stdout)
    assert {v["name"]: v.get("suppression", {}).get("status") for v in out["vms"]}["nic-nsg-vm"] == "expired"
    assert out["baseline"]["expired"][0]["expires"] == "2025-12-31"
    assert "expired on 2025-12-31: its 1 finding(s) count again" in proc.stderr


def test_explain_vm_takes_the_baseline_for_its_vm(az, saved, tmp_path):
    _, result = saved
    baseline = write(tmp_path, "b.yaml", f"- {{resource: '{ids(result)['nic-nsg-vm']}', reason: accepted}}\n")
    args = ["explain-vm", "--subscription", EA, "-g", "mail-rg", "-n", "nic-nsg-vm", "--fail-on", "any"]
    assert run(az, *args).returncode == 4
    proc = run(az, *args, "--baseline", baseline, "-o", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["suppression"]["status"] == "active"


@pytest.mark.parametrize("text,message", [
    ("accepted: [{resource: x}]", "entry 1: 'reason' is missing or empty"),
    ("accepted: [{resource: x, reason: y, expires: soon}]", "expires 'soon' is not a date"),
    ("accepted: [\n - a", "not valid YAML or JSON"),
])
def test_a_bad_baseline_is_an_error_that_says_what_is_wrong(az, tmp_path, text, message):
    proc = run(az, "check", "--subscription", EA, "--baseline", write(tmp_path, "bad.yaml", text))
    assert proc.returncode == 1 and message in proc.stderr and not proc.stdout.strip()
    proc = run(az, "check", "--subscription", EA, "--baseline", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 1 and "cannot be read" in proc.stderr


def test_baseline_create_accepts_todays_findings_so_the_gate_passes_until_something_new(az, saved, tmp_path):
    path, result = saved
    baseline = str(tmp_path / "smtp-baseline.yaml")
    proc = run(az, "baseline", "create", "--subscriptions", EA, PAYG, DEVTEST, "--file", baseline, "-o", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["entries"] == 6
    with open(baseline, encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("# Accepted port-25 findings") and "acceptedBy:" in text
    assert run(az, "check", "--subscriptions", EA, PAYG, DEVTEST, "--baseline", baseline, "--fail-on", "any",
               "-o", "none").returncode == 0
    again = run(az, "baseline", "create", "--from-json", path, "--file", baseline)
    assert again.returncode != 0 and "is not overwritten" in again.stderr


def test_diff_names_new_gone_worse_and_better_and_fails_on_regression(az, arm, saved, tmp_path):
    old_path, old = saved
    vm = ids(old)
    baseline = write(tmp_path, "b.yaml", f"- {{resource: '{vm['route-none-vm']}', reason: accepted}}\n")
    ea = next(s["subscriptionId"] for s in old["subscriptions"] if s["displayName"] == EA)
    arm.estate.faults.append({"path": rf"^/subscriptions/{ea}/.*/networkInterfaces$", "status": 403,
                              "code": "AuthorizationFailed"})
    new = run(az, "check", "--subscriptions", EA, PAYG, "--baseline", baseline, "-o", "json")  # DEVTEST left out
    new_path = write(tmp_path, "new.json", new.stdout)
    proc = run(az, "diff", old_path, new_path, "--fail-on", "regression", "-o", "json")
    assert proc.returncode == 7, proc.stderr
    changes = {c["name"]: c for c in json.loads(proc.stdout)}
    assert changes["eadevtest-mail1"]["change"] == "gone"
    assert changes["route-none-vm"]["change"] == "improvement" and changes["route-none-vm"]["new"] == "suppressed"
    assert changes["open-vm"]["change"] == "regression" and changes["open-vm"]["new"] == "unknown"
    assert run(az, "diff", new_path, old_path, "-o", "json").returncode == 0  # no --fail-on: 0 whatever changed
    back = {c["name"]: c for c in json.loads(run(az, "diff", new_path, old_path, "-o", "json").stdout)}
    assert back["eadevtest-mail1"]["change"] == "new" and back["eadevtest-mail1"]["regression"]
    table = run(az, "diff", old_path, new_path, "-o", "table").stdout
    assert table.splitlines()[0].split()[:3] == ["Change", "Name", "Kind"]
    assert run(az, "diff", old_path, old_path, "--fail-on", "regression", "-o", "json").returncode == 0
