"""The catalog is the vocabulary of every verdict: each id a verdict can carry must be in it."""
import ast
import os

import pytest

from azext_smtp.core.catalog import load_catalog
from azext_smtp.core.editions import available_editions, load_edition

CATALOG = load_catalog()
CORE = os.path.join(os.path.dirname(__file__), "..", "..", "azext_smtp", "core")
BLOCKED_BY = {"platform", "route", "no-outbound", "firewall", "nsg", "no-vnet", "paas", None}


def _string_constants(module):
    with open(os.path.join(CORE, module), encoding="utf-8") as f:
        return {n.value for n in ast.walk(ast.parse(f.read())) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@pytest.mark.parametrize("edition", available_editions())
def test_every_action_an_edition_asks_for_is_in_the_catalog(edition):
    rules = load_edition(edition)
    asked = {a for r in rules.offer_rules for a in r.actions} | {r.action for r in rules.after_exemption if r.action}
    asked |= {r.action for r in rules.service_rules}
    assert asked <= set(CATALOG.actions)
    assert {f for r in rules.offer_rules for f in r.families} - {"*"} <= set(CATALOG.offers.family_names)


@pytest.mark.parametrize("module", ["checks.py", "app_checks.py"])
def test_every_check_and_action_named_in_the_checks_modules_is_in_the_catalog(module):
    constants = _string_constants(module)
    kebab = {c for c in constants if c.replace("-", "").isalnum() and "-" in c.strip("-") and c.islower()}
    roles = {r.role for r in load_edition().after_exemption + load_edition().service_rules}
    statuses = {"not-blocked"}
    assert kebab - roles - statuses <= set(CATALOG.actions) | set(CATALOG.checks)
    named = {"checks.py": {"platform-port25", "exemption-refresh", "route", "outbound", "firewall"},
             "app_checks.py": {"platform-port25", "app-vnet", "app-route-all", "paas-support"}}
    assert named[module] <= constants


def test_the_editions_that_document_app_service_name_both_service_rules():
    documented = [e for e in available_editions() if load_edition(e).service_rules]
    assert documented == ["2022", "2023-12"]
    for edition in documented:
        assert {r.role for r in load_edition(edition).service_rules} == {"app-service", "other-paas"}
    assert load_edition("2021-04").service_rule("app-service") is None


def test_entries_have_titles_urls_and_remediation():
    for check in CATALOG.checks.values():
        assert check.title and check.examines and check.remediation, check.id
        assert check.source.startswith("https://learn.microsoft.com/") and check.blocks_as in BLOCKED_BY
    for action in CATALOG.actions.values():
        assert action.title and action.text and action.source.startswith("https://learn.microsoft.com/"), action.id


def test_every_quota_id_maps_to_named_families():
    offers = CATALOG.offers
    assert all(set(families) <= set(offers.family_names) for families in offers.quota_families.values())
    assert offers.quota_families["enterpriseagreement_2014-09-01"] == ("ea", "mca-e", "mca")


def test_bizspark_quota_ids_map_to_their_own_families():
    offers = CATALOG.offers
    assert offers.quota_families["bizspark_2014-09-01"] == ("bizspark",)
    assert offers.quota_families["bizsparkplus_2014-09-01"] == ("bizspark-plus",)
    assert (offers.family_names["bizspark"], offers.family_names["bizspark-plus"]) == ("BizSpark", "BizSpark Plus")
