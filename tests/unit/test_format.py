"""Tables fit 120 columns however long the names and sentences are, and keep what users copy."""
import pytest
from knack.output import format_table

from azext_smtp import _format
from azext_smtp.core.i18n import LANGUAGES, message, say


class _Result:  # what knack's format_table reads
    def __init__(self, result, transformer):
        self.result, self.table_transformer, self.is_query_active = result, transformer, False


def lines(result, transformer):
    return format_table(_Result(result, transformer)).splitlines()


LONG = "a very long sentence that explains everything in detail " * 6


def test_explain_wraps_the_detail_and_keeps_every_word():
    result = {"verdict": "blocked", "nextAction": {"text": LONG},
              "steps": [{"check": "exemption-refresh", "result": "fail", "detail": LONG}]}
    out = lines(result, _format.explain_table)
    assert max(map(len, out)) <= 120
    assert " ".join(" ".join(out).split()).count("explains everything") == 12


def test_check_cuts_subscription_and_offer_before_vm_names():
    vm = {"subscriptionId": "s", "name": "paygdevtest-mail1", "resourceGroup": "mail-rg", "verdict": "unknown",
          "blockedBy": [], "actions": ["use-authenticated-relay"]}
    sub = {"subscriptionId": "s", "displayName": "A subscription with a really long display name",
           "offer": {"family": "ea or mca-e or mca"}, "policy": {"status": "not-blocked", "actions": []}}
    out = lines({"subscriptions": [sub], "vms": [vm]}, _format.check_table)
    assert max(map(len, out)) <= 120
    assert "paygdevtest-mail1" in out[2] and "A subscription with..." not in out[2] and "..." in out[2]


def test_completion_wraps_operations_and_reason_keeping_every_word():
    ops = ["add subnet azsmtp-temp 10.2.2.0/29", "remove subnet azsmtp-temp"]
    plan = [{"resource": "/v", "kind": "vnet", "name": "ase-vnet", "operations": ops, "reason": LONG}]
    out = lines({"plan": plan, "results": []}, _format.completion_table)
    assert max(map(len, out)) <= 120
    text = " ".join(" ".join(out).split())
    assert "10.2.2.0/29" in text and text.count("explains everything") == 6


def test_rules_fit():
    rules = [{"id": "SMTP25-AFTER-DELEGATED-SUBNET", "kind": "after-exemption", "families": ["a" * 70],
              "status": None, "title": LONG}]
    assert max(map(len, lines(rules, _format.rules_table))) <= 120


def test_explain_of_several_vms_names_each_on_its_first_row_and_fits():
    one = {"name": "a-vm-with-a-name-longer-than-the-column-allows", "verdict": "allowed", "nextAction": None,
           "steps": [{"check": "platform-port25", "result": "pass", "detail": LONG}]}
    two = dict(one, name="vm2", verdict="blocked")
    out = lines([one, two], _format.explain_table)
    assert max(map(len, out)) <= 120
    named = [line.split()[0] for line in out[2:] if line[:1].strip()]
    assert named == ["a-vm-with-a-n...", "vm2"]
    assert sum(1 for line in out if "=>" in line) == 2


def test_check_with_apps_and_other_paas_adds_a_kind_column_and_still_fits():
    sub = {"subscriptionId": "s", "displayName": "A subscription with a really long display name",
           "offer": {"family": "ea or mca-e or mca"}, "policy": {"status": "not-blocked", "actions": []}}
    common = {"subscriptionId": "s", "resourceGroup": "a-rather-long-group-name", "verdict": "blocked",
              "blockedBy": ["platform", "no-vnet"], "actions": ["use-authenticated-relay"]}
    result = {"subscriptions": [sub], "vms": [dict(common, name="vm1", kind="vm")],
              "apps": [dict(common, name="a-function-app-with-a-long-name/staging", kind="functionapp")],
              "others": [dict(common, name="worker", service="Container Instances")]}
    out = lines(result, _format.check_table)
    assert max(map(len, out)) <= 120
    assert out[0].split()[3:5] == ["Name", "Kind"] and "functio" in out[3] and "Contai" in out[4]
    assert "Kind" not in lines({"subscriptions": [sub], "vms": [dict(common, name="vm1", kind="vm")]},
                               _format.check_table)[0]


def test_completion_ends_with_where_the_run_stands():
    plan = [{"resource": "/v", "kind": "vnet", "name": "full-vnet", "operations": [], "reason": "no room",
             "status": "cannot-run"}]
    dry = lines({"plan": plan, "results": [], "dryRun": True, "message": "Dry run: nothing was changed."},
                _format.completion_table)
    assert "cannot-run" in dry[2] and dry[-1].split()[:3] == ["=>", "dry", "run"] and "nothing was changed" in dry[-1]
    done = lines({"plan": plan, "dryRun": False, "message": "0 of 1 item(s) done; 1 cannot run.",
                  "results": [{"resource": "/v", "status": "cannot-run"}]}, _format.completion_table)
    assert done[-1].split()[:2] == ["=>", "done"] and "1 cannot run" in done[-1]


WIDEST = {"subscriptions": [{"subscriptionId": "s", "displayName": "Abonnement mit einem sehr langen Anzeigenamen",
                             "offer": {"family": "ea or mca-e or mca"},
                             "policy": {"status": "not-blocked", "actions": ["check-firewall-network-rule"]}}],
          "vms": [{"subscriptionId": "s", "resourceGroup": "a-rather-long-group-name", "name": "vm-mail-01",
                   "kind": "vm", "verdict": "suppressed", "blockedBy": ["firewall", "nsg-subnet"],
                   "actions": ["check-firewall-network-rule"], "suppression": {"status": "active"}}],
          "apps": [{"subscriptionId": "s", "resourceGroup": "web-rg", "name": "mail-web/staging", "kind": "functionapp",
                    "verdict": "unknown", "blockedBy": [], "actions": ["check-firewall-network-rule"]}]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_27_character_action_id_beside_the_kind_column_fits_and_stays_whole(language):
    """English and German drop the Policy column to fit; Turkish headers are short enough to keep it."""
    _format.use_language(language)
    try:
        out = lines(WIDEST, _format.check_table)
    finally:
        _format.use_language(None)
    assert max(map(len, out)) <= 120
    assert all("check-firewall-network-rule" in line for line in out[2:])
    header = out[0].split()
    assert (say(message("table.header.Policy"), language) in header) == (language == "tr")
    assert say(message("table.header.Kind"), language) in header


def test_policy_stays_while_the_table_fits_with_it():
    out = lines(dict(WIDEST, apps=[]), _format.check_table)
    assert "Policy" in out[0].split() and max(map(len, out)) <= 120


@pytest.mark.parametrize("language", LANGUAGES)
def test_diff_table_speaks_the_language_and_fits(language):
    change = {"change": "new", "regression": True, "name": "x" * 60, "kind": "functionapp", "resourceGroup": "g" * 40,
              "old": None, "new": "blocked", "newBlockedBy": ["platform", "nsg-subnet"]}
    _format.use_language(language)
    try:
        out = lines([change], _format.diff_table)
    finally:
        _format.use_language(None)
    assert max(map(len, out)) <= 120
    assert out[0].split()[0] == say(message("table.header.Change"), language)
    assert say(message("table.worse", change="new"), language) in out[2]
