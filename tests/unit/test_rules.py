import json
import os

import pytest

from azext_smtp.core.catalog import load_catalog
from azext_smtp.core.editions import CURRENT_EDITION, EDITIONS_DIR, available_editions, load_edition
from azext_smtp.report import rules_output

AZURE_DOCS = "https://github.com/MicrosoftDocs/azure-docs/blob/{}/articles/virtual-network/troubleshoot-outbound-smtp-connectivity.md"
LEARN = "https://learn.microsoft.com/troubleshoot/azure/virtual-network/troubleshoot-outbound-smtp-connectivity"

# edition id -> (published, reviewed, source, commit): the article's ms.date (and review date) and the text read.
EDITIONS = {
    "2017-11": ("2017-11-15", "2018-11-20", LEARN, None),
    "2021-01": ("2021-01-04", "2021-01-04",
                "https://github.com/Microsoft/azure-docs.cs-cz/blob/051bef9d9d2bf061cea745bddafd94fe25c2fd2a/"
                "articles/virtual-network/troubleshoot-outbound-smtp-connectivity.md",
                "Microsoft/azure-docs.cs-cz@051bef9d9d2bf061cea745bddafd94fe25c2fd2a"),
    "2021-04": ("2021-04-28", "2021-04-28", AZURE_DOCS.format("0062e91db737bd9667e880ea2d7921942b731d29"),
                "MicrosoftDocs/azure-docs@0062e91db737bd9667e880ea2d7921942b731d29"),
    "2022": ("2021-04-28", "2021-04-28", AZURE_DOCS.format("b6fa01aedeacf2930c493825bf52bbb48abc04e9"),
             "MicrosoftDocs/azure-docs@b6fa01aedeacf2930c493825bf52bbb48abc04e9"),
    "2023-12": ("2023-12-20", "2025-07-28", LEARN,
                "MicrosoftDocs/SupportArticles-docs@ec1d38400c185a3915ae24373df3ea311d26d1b6"),
}


def test_every_edition_has_unique_ids_and_a_catch_all_last():
    for name in available_editions():
        edition = load_edition(name)
        ids = [r.id for r in edition.offer_rules] + [r.id for r in edition.after_exemption]
        assert len(ids) == len(set(ids)), name
        assert edition.offer_rules[-1].families == ("*",)
        assert edition.source.startswith("https://")
        assert edition.after_exemption_rule("deallocate-and-start") and edition.after_exemption_rule("direct-routes-only")
        assert {r.status for r in edition.offer_rules} <= {"not-blocked", "blocked", "exemptible", "unknown"}


def test_current_edition_matches_the_documented_table():
    edition = load_edition()
    status = {f: edition.rule_for(f).status for f in ("ea", "mca-e", "enterprise-devtest", "payg", "msdn", "csp")}
    assert status == {"ea": "not-blocked", "mca-e": "not-blocked", "enterprise-devtest": "exemptible",
                      "payg": "blocked", "msdn": "blocked", "csp": "blocked"}


def test_rule_files_are_valid_json_with_the_edition_as_name():
    for name in os.listdir(EDITIONS_DIR):
        with open(os.path.join(EDITIONS_DIR, name), encoding="utf-8") as f:
            assert json.load(f)["edition"] + ".json" == name


def test_editions_since_2017():
    assert available_editions() == ["2017-11", "2021-01", "2021-04", "2022", "2023-12"]
    assert CURRENT_EDITION == "2023-12" and available_editions()[-1] == CURRENT_EDITION
    first = load_edition("2017-11")
    status = {f: first.rule_for(f).status for f in ("ea", "payg", "mpn", "csp", "msdn", "mca-e", "enterprise-devtest")}
    assert status == {"ea": "not-blocked", "payg": "exemptible", "mpn": "exemptible", "csp": "exemptible",
                      "msdn": "blocked", "mca-e": "unknown", "enterprise-devtest": "unknown"}
    assert load_edition("2021-04").rule_for("payg").status == "exemptible"
    assert load_edition("2021-04").rule_for("sponsorship").status == "exemptible"


@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_each_edition_pins_its_dates_and_source(name):
    edition = load_edition(name)
    assert edition.edition == name
    assert (edition.published, edition.reviewed, edition.source, edition.commit) == EDITIONS[name]
    with open(os.path.join(EDITIONS_DIR, name + ".json"), encoding="utf-8") as f:
        assert json.load(f)["notes"]
    if edition.commit:
        repo, sha = edition.commit.split("@")
        assert len(sha) == 40 and int(sha, 16) >= 0 and "/" in repo
        assert edition.source.startswith("https://learn.microsoft.com/") or sha in edition.source


def test_every_edition_is_pinned():
    assert sorted(EDITIONS) == available_editions()


@pytest.mark.parametrize("name", available_editions())
def test_every_edition_loads_with_both_roles_and_catalog_vocabulary(name):
    edition = load_edition(name)
    catalog = load_catalog()
    assert edition.after_exemption_rule("deallocate-and-start").action == "deallocate-and-start"
    assert edition.after_exemption_rule("direct-routes-only").id == "SMTP25-SCOPE-DIRECT"
    assert {a for r in edition.offer_rules for a in r.actions} <= set(catalog.actions)
    assert {f for r in edition.offer_rules for f in r.families} - {"*"} <= set(catalog.offers.family_names)
    named = [f for r in edition.offer_rules[:-1] for f in r.families]
    assert "*" not in named and len(named) == len(set(named)), "a family is named by one rule only"
    for rule in edition.offer_rules:
        assert rule.status != "exemptible" or rule.actions == ("request-exemption",), rule.id
        assert rule.status != "blocked" or "use-authenticated-relay" in rule.actions, rule.id


@pytest.mark.parametrize("name", available_editions())
def test_rules_output_carries_the_source_commit(name):
    entries = rules_output(load_edition(name), "rule")
    assert entries and {(e["edition"], e["sourceCommit"]) for e in entries} == {(name, EDITIONS[name][3])}


# (edition, family, documented status): what each edition says about the main offers.
DOCUMENTED = [
    # 11/20/2018 text: EA unaffected; PAYG/MPN support request; CSP through the partner; the rest never.
    ("2017-11", "ea", "not-blocked"), ("2017-11", "payg", "exemptible"), ("2017-11", "mpn", "exemptible"),
    ("2017-11", "csp", "exemptible"), ("2017-11", "msdn", "blocked"), ("2017-11", "bizspark", "blocked"),
    ("2017-11", "sponsorship", "blocked"), ("2017-11", "free-trial", "blocked"), ("2017-11", "bizspark-plus", "unknown"),
    ("2017-11", "mca-e", "unknown"), ("2017-11", "enterprise-devtest", "unknown"), ("2017-11", "other", "unknown"),
    # 01/04/2021: PAYG and CSP self-service, MPN/BizSpark Plus/Sponsorship support request.
    ("2021-01", "ea", "not-blocked"), ("2021-01", "payg", "exemptible"), ("2021-01", "csp", "exemptible"),
    ("2021-01", "mpn", "exemptible"), ("2021-01", "bizspark-plus", "exemptible"), ("2021-01", "sponsorship", "exemptible"),
    ("2021-01", "msdn", "blocked"), ("2021-01", "students", "blocked"), ("2021-01", "free-trial", "blocked"),
    ("2021-01", "azure-pass", "blocked"), ("2021-01", "azure-in-open", "blocked"), ("2021-01", "bizspark", "unknown"),
    ("2021-01", "mca-e", "unknown"), ("2021-01", "enterprise-devtest", "unknown"), ("2021-01", "other", "unknown"),
    # first 04/28/2021 text: grandfathering gone, same exemptions (CSP now plus a support request).
    ("2021-04", "ea", "not-blocked"), ("2021-04", "payg", "exemptible"), ("2021-04", "csp", "exemptible"),
    ("2021-04", "mpn", "exemptible"), ("2021-04", "bizspark-plus", "exemptible"), ("2021-04", "sponsorship", "exemptible"),
    ("2021-04", "msdn", "blocked"), ("2021-04", "free-trial", "blocked"), ("2021-04", "bizspark", "unknown"),
    ("2021-04", "mca-e", "unknown"), ("2021-04", "enterprise-devtest", "unknown"),
    # 2022 rewrite: EA not blocked, Enterprise Dev/Test self-service, every other type blocked.
    ("2022", "ea", "not-blocked"), ("2022", "enterprise-devtest", "exemptible"), ("2022", "payg", "blocked"),
    ("2022", "csp", "blocked"), ("2022", "mpn", "blocked"), ("2022", "bizspark-plus", "blocked"),
    ("2022", "msdn", "blocked"), ("2022", "mca-e", "blocked"), ("2022", "mca", "blocked"), ("2022", "other", "blocked"),
    # current: adds MCA-E.
    ("2023-12", "ea", "not-blocked"), ("2023-12", "mca-e", "not-blocked"), ("2023-12", "enterprise-devtest", "exemptible"),
    ("2023-12", "payg", "blocked"), ("2023-12", "csp", "blocked"), ("2023-12", "bizspark", "blocked"),
    ("2023-12", "bizspark-plus", "blocked"), ("2023-12", "mca", "blocked"), ("2023-12", "payg-devtest", "blocked"),
]


@pytest.mark.parametrize("name,family,status", DOCUMENTED)
def test_each_edition_gives_the_documented_status(name, family, status):
    assert load_edition(name).rule_for(family).status == status


@pytest.mark.parametrize("name", available_editions())
def test_ea_is_never_blocked(name):
    assert load_edition(name).rule_for("ea").status == "not-blocked"


def test_rule_ids_the_scenarios_rely_on_are_kept():
    ids = {name: {r.id for r in load_edition(name).offer_rules} for name in available_editions()}
    assert {"SMTP25-2017-PAYG-MPN", "SMTP25-2017-NOEXEMPTION", "SMTP25-2017-EA", "SMTP25-2017-UNNAMED"} <= ids["2017-11"]
    assert "SMTP25-2021-PAYG" in ids["2021-04"]
    assert {"SMTP25-EA", "SMTP25-MCAE", "SMTP25-EADEVTEST", "SMTP25-OTHER"} <= ids["2023-12"]


def test_current_edition_offers_no_unsourced_way_out():
    assert all("move the workload" not in r.way_out for r in load_edition().offer_rules)
