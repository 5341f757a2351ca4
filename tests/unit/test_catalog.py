"""The catalog is the vocabulary of every verdict: each id a verdict can carry must be in it."""
import json

import pytest

from azext_smtp.core.catalog import load_catalog
from azext_smtp.core.editions import available_editions, load_edition
from azext_smtp.core.vocabulary import ActionId, CheckId, Result, RuleStatus, Verdict

CATALOG = load_catalog()
BLOCKED_BY = {"platform", "route", "no-outbound", "firewall", "nsg", "no-vnet", "paas", None}


@pytest.mark.parametrize("edition", available_editions())
def test_every_action_an_edition_asks_for_is_in_the_catalog(edition):
    rules = load_edition(edition)
    asked = {a for r in rules.offer_rules for a in r.actions} | {r.action for r in rules.after_exemption if r.action}
    asked |= {r.action for r in rules.service_rules}
    assert asked <= set(CATALOG.actions)
    assert {f for r in rules.offer_rules for f in r.families} - {"*"} <= set(CATALOG.offers.family_names)


def test_the_check_and_action_enums_name_exactly_the_catalog_entries():
    assert [c.value for c in CheckId] == list(CATALOG.checks)
    assert [a.value for a in ActionId] == list(CATALOG.actions)


def test_vocabulary_terms_print_and_serialize_as_their_catalog_text():
    assert json.dumps({CheckId.NSG_NIC: [Result.FAIL, Verdict.BLOCKED]}) == '{"nsg-NIC": ["fail", "blocked"]}'
    assert f"{CheckId.NSG_NIC}|{ActionId.TEST_PORT25:>12}" == "nsg-NIC| test-port25"
    assert str(RuleStatus.NOT_BLOCKED) == "not-blocked" and RuleStatus.EXEMPTED == "exempted"


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
