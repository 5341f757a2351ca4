import json
import os

from azext_smtp.core.editions import EDITIONS_DIR, available_editions, load_edition


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
    assert available_editions() == ["2017-11", "2021-04", "2023-12"]
    first = load_edition("2017-11")
    status = {f: first.rule_for(f).status for f in ("ea", "payg", "mpn", "csp", "msdn", "mca-e", "enterprise-devtest")}
    assert status == {"ea": "not-blocked", "payg": "exemptible", "mpn": "exemptible", "csp": "exemptible",
                      "msdn": "blocked", "mca-e": "unknown", "enterprise-devtest": "unknown"}
    assert load_edition("2021-04").rule_for("payg").status == "exemptible"
    assert load_edition("2021-04").rule_for("sponsorship").status == "exemptible"
