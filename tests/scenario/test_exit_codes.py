"""`--fail-on` and the other exit codes through the real az: the result is printed in full, then the process
ends with the documented code; no login and no enabled subscription are errors that say the fix; a default
resource group from `az configure --defaults` is stated, by name."""
import json
import os
import shutil

import pytest

from tests.localarm.shapes import sub_guid

EA, PAYG = sub_guid("ea"), sub_guid("payg")


def run(az, *args, env=None):
    proc = az.run("smtp", *args, check=False, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.mark.parametrize("args,fail_on,code", [
    (["--all-subscriptions"], "blocked", 4),
    (["--all-subscriptions"], "any", 4),
    (["--subscription", PAYG], "unknown", 0),
    (["--subscription", EA], "unknown", 0),
    (["--subscription", EA], "any", 0),
    (["--subscription", PAYG], None, 0),
])
def test_check_prints_the_json_then_exits_with_the_code_fail_on_asks_for(az, args, fail_on, code):
    proc = run(az, "check", *args, *(["--fail-on", fail_on] if fail_on else []), "-o", "json")
    assert proc.returncode == code
    assert json.loads(proc.stdout)["vms"]  # the full result came out first


def test_an_unknown_verdict_or_an_unread_vm_list_exits_5(az, arm):
    arm.estate.faults.append({"path": rf"^/subscriptions/{EA}/.*/networkInterfaces$",
                              "status": 403, "code": "AuthorizationFailed"})
    assert run(az, "check", "--subscription", EA, "--fail-on", "unknown").returncode == 5
    arm.estate.faults.append({"path": rf"^/subscriptions/{EA}/.*/virtualMachines$",
                              "status": 403, "code": "AuthorizationFailed"})
    proc = run(az, "check", "--subscription", EA, "--fail-on", "any", "-o", "table")
    assert proc.returncode == 5 and "ea-mail1" not in proc.stdout


def test_explain_vm_fails_on_its_own_verdict(az):
    blocked = run(az, "explain-vm", "--subscription", PAYG, "-g", "mail-rg", "-n", "payg-mail1", "--fail-on", "any",
                  "-o", "table")
    assert blocked.returncode == 4 and "verdict" in blocked.stdout
    allowed = run(az, "explain-vm", "--subscription", EA, "-g", "mail-rg", "-n", "ea-mail1", "--fail-on", "any")
    assert allowed.returncode == 0


def test_fail_on_takes_only_the_documented_values(az):
    proc = run(az, "check", "--fail-on", "sometimes")
    assert proc.returncode == 2 and "blocked" in proc.stderr


@pytest.fixture
def config(az, tmp_path):
    """A copy of the logged-in az configuration, to change without touching the shared one."""
    directory = str(tmp_path / "azconfig")
    shutil.copytree(az.env["AZURE_CONFIG_DIR"], directory)
    return directory, dict(az.env, AZURE_CONFIG_DIR=directory)


def test_no_login_is_an_error_that_says_az_login(az, tmp_path):
    env = dict(az.env, AZURE_CONFIG_DIR=str(tmp_path / "empty"))
    for args in (["--all-subscriptions"], ["--subscriptions", EA], []):
        proc = run(az, "check", *args, env=env)
        assert proc.returncode == 1 and "az login" in proc.stderr and not proc.stdout.strip()


def test_no_enabled_subscription_is_an_error_that_says_az_account_list(az, config):
    directory, env = config
    path = os.path.join(directory, "azureProfile.json")
    with open(path, encoding="utf-8-sig") as f:
        profile = json.load(f)
    for sub in profile["subscriptions"]:
        sub["state"] = "Disabled"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(profile, f)
    proc = run(az, "check", "--all-subscriptions", env=env)
    assert proc.returncode == 3 and "az account list" in proc.stderr and not proc.stdout.strip()


def test_a_default_resource_group_is_named_in_the_scope_and_on_stderr(az, config):
    _, env = config
    az.run("configure", "--defaults", "group=mail-rg", env=env)
    proc = run(az, "check", "--subscription", EA, "-o", "json", env=env)
    result = json.loads(proc.stdout)
    assert result["scope"] == {"subscriptions": [EA], "resourceGroup": "mail-rg", "resourceGroupFrom": "default"}
    assert result["subscriptions"][0]["resourceGroup"] == "mail-rg"
    assert "Scope: resource group mail-rg only" in proc.stderr
    german = run(az, "check", "--subscription", EA, "-o", "none", "--language", "de", env=env)
    assert "Bereich: nur Ressourcengruppe mail-rg, die mit `az configure --defaults group=mail-rg`" in german.stderr
    several = run(az, "check", "--all-subscriptions", "-o", "json", env=env)  # the default does not narrow these
    assert several.returncode == 0 and json.loads(several.stdout)["scope"]["resourceGroup"] is None
    given = json.loads(run(az, "check", "--subscription", EA, "-g", "mail-rg", "-o", "json").stdout)
    assert given["scope"]["resourceGroupFrom"] == "argument" and "Scope:" not in proc.stdout
