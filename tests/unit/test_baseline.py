"""Accepted findings: parsing a baseline (JSON or YAML), matching ids and globs, expiry, unmatched entries, the
exit code --fail-on gives with it, and `diff` between two results for every kind of change."""
from datetime import date

import pytest

from azext_smtp.exit_codes import BLOCKED, UNKNOWN, fail_on_code
from azext_smtp.render.baseline import BaselineError, apply, create, parse
from azext_smtp.render.diff import diff
from tests.reports import check_result, sub_id

TODAY = date(2026, 12, 3)


def by_name(result):
    return {e["name"]: e for key in ("vms", "apps", "others") for e in result[key]}


@pytest.mark.parametrize("text,message", [
    ("accepted: [{resource: x}]", "'reason' is missing"),
    ("accepted: [{resource: x, reason: ''}]", "'reason' is missing"),
    ("accepted: [{reason: why}]", "'resource' is missing"),
    ("accepted: [{resource: x, reason: y, expire: 2027-01-01}]", "unknown key(s) expire"),
    ("accepted: [{resource: x, reason: y, expires: next year}]", "is not a date"),
    ("accepted: {resource: x}", "must be a list"),
    ("suppress: []", "unknown top-level key(s) suppress"),
    ("accepted: [x]", "entry 1 is not a mapping"),
    ("accepted: [\n  - a: b\n", "not valid YAML or JSON"),
])
def test_a_bad_baseline_says_what_and_where(text, message):
    with pytest.raises(BaselineError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


def test_json_yaml_and_a_bare_list_read_the_same():
    as_json = '{"accepted": [{"resource": "/subscriptions/a/*", "reason": "r", "expires": "2027-01-31"}]}'
    as_yaml = "accepted:\n  - resource: /subscriptions/a/*\n    reason: r\n    expires: 2027-01-31\n"
    bare = "- {resource: /subscriptions/a/*, reason: r, expires: 2027-01-31}"
    assert parse(as_json) == parse(as_yaml) == parse(bare)
    assert parse(as_yaml)[0].expires == date(2027, 1, 31)
    assert parse("") == [] and parse("accepted:") == []


def test_ids_and_globs_match_case_insensitively_and_only_findings():
    result = check_result(vms=12, subscriptions=2)
    sub0, sub1 = sub_id(0), sub_id(1)
    vm1 = by_name(result)["vm1"]["id"].upper()  # ids compare case-insensitively, as ARM's do
    accepted = parse(f"""
accepted:
  - {{resource: "{vm1}", reason: one VM}}
  - {{resource: "/subscriptions/{sub1}/*", reason: a whole subscription, acceptedBy: bob}}
  - {{resource: "{sub0}/resourceGroups/rg4/*", reason: short form of a group}}
  - {{resource: "/subscriptions/*/resourceGroups/no-such-rg/*", reason: nothing here}}
  - {{resource: "/subscriptions/{sub0}/resourceGroups/rg0/*", reason: only allowed VMs there}}
""")
    baseline = apply(result, accepted, TODAY, "b.yaml")["baseline"]
    names = by_name(result)
    assert names["vm1"]["suppression"] == {"status": "active", "reason": "one VM", "expires": None,
                                           "acceptedBy": None, "entry": vm1}
    assert {n for n, e in names.items() if "suppression" in e} == {"vm1", "vm3", "vm5", "vm7", "vm9", "vm11", "vm4"}
    assert names["vm3"]["suppression"]["acceptedBy"] == "bob"
    assert "suppression" not in names["vm0"] and "suppression" not in names["vm2"]  # allowed / other group
    assert baseline["suppressed"] == 7 and baseline["expired"] == []
    assert [u["resource"] for u in baseline["unmatched"]] == ["/subscriptions/*/resourceGroups/no-such-rg/*",
                                                             f"/subscriptions/{sub0}/resourceGroups/rg0/*"]


def test_an_entry_counts_until_its_expiry_day_and_then_the_finding_counts_again():
    result = check_result(vms=2, subscriptions=1, apps=0, others=0)
    accepted = parse(f'[{{resource: "{by_name(result)["vm1"]["id"]}", reason: r, expires: 2026-12-03}}]')
    apply(result, accepted, date(2026, 12, 3), "b")  # the expiry day itself still counts
    assert fail_on_code(result, "blocked") == 0
    again = apply(check_result(vms=2, subscriptions=1, apps=0, others=0), accepted, date(2026, 12, 4), "b")
    assert by_name(again)["vm1"]["suppression"]["status"] == "expired"
    assert again["baseline"]["expired"] == [{"resource": accepted[0].resource, "expires": "2026-12-03",
                                             "reason": "r", "findings": 1}]
    assert fail_on_code(again, "blocked") == BLOCKED


def test_fail_on_ignores_suppressed_findings_only():
    result = check_result(vms=6, subscriptions=1, apps=0, others=0)
    assert fail_on_code(result, "any") == BLOCKED
    names = by_name(result)
    blocked = [n for n, e in names.items() if e["verdict"] == "blocked"]
    lines = "\n".join(f'  - {{resource: "{names[n]["id"]}", reason: accepted}}' for n in blocked)
    apply(result, parse("accepted:\n" + lines), TODAY, "b")
    assert fail_on_code(result, "blocked") == 0
    assert fail_on_code(result, "any") == UNKNOWN  # vm5 is unknown and not accepted


def test_create_accepts_todays_findings_and_reads_back():
    result = check_result(vms=6, subscriptions=1)
    text = create(result, "alice@contoso.com", TODAY)
    assert text.startswith("# Accepted port-25 findings")
    entries = parse(text)
    findings = [e for key in ("vms", "apps", "others") for e in result[key] if e["verdict"] != "allowed"]
    assert [e.resource for e in entries] == [e["id"] for e in findings]
    assert all(e.accepted_by == "alice@contoso.com" and e.reason.startswith(("blocked on 2026-12-03: ",
                                                                             "unknown on 2026-12-03: "))
               for e in entries)
    apply(result, entries, TODAY, "b")
    assert fail_on_code(result, "any") == 0 and result["baseline"]["unmatched"] == []


def test_diff_names_every_kind_of_change_regressions_first():
    old = check_result(vms=6, subscriptions=1, apps=0, others=0)
    new = check_result(vms=6, subscriptions=1, apps=0, others=0)
    names = by_name(new)
    names["vm0"].update(verdict="blocked", blockedBy=["nsg"])  # allowed -> blocked
    names["vm1"].update(verdict="allowed", blockedBy=[])  # blocked -> allowed
    names["vm2"].update(blockedBy=["nsg"])  # blocked by route -> by nsg
    names["vm5"].update(verdict="blocked", blockedBy=["nsg"])  # unknown -> blocked
    names["vm3"]["suppression"] = {"status": "active"}  # blocked -> accepted in a baseline
    new["vms"] = [v for v in new["vms"] if v["name"] != "vm4"]  # gone
    new["vms"].append({**names["vm2"], "id": names["vm2"]["id"] + "-new", "name": "vm2-new"})  # new, blocked
    new["vms"].append({**by_name(old)["vm0"], "id": names["vm0"]["id"] + "-ok", "name": "vm0-ok"})  # new, allowed
    changes = {c["name"]: c for c in diff(old, new)}
    assert {n: (c["change"], c["regression"]) for n, c in changes.items()} == {
        "vm0": ("regression", True), "vm5": ("regression", True), "vm2-new": ("new", True),
        "vm0-ok": ("new", False), "vm4": ("gone", False), "vm1": ("improvement", False),
        "vm3": ("improvement", False), "vm2": ("changed", False)}
    assert [c["regression"] for c in diff(old, new)][:3] == [True, True, True]
    assert changes["vm3"]["new"] == "suppressed" and changes["vm4"]["new"] is None
    assert changes["vm2"]["oldBlockedBy"] == ["route"] and changes["vm2"]["newBlockedBy"] == ["nsg"]
    assert diff(old, old) == []
