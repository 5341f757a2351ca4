"""The demo's 'tour' estate holds every case the story tells, and every command of the tour runs."""
from datetime import datetime, timedelta, timezone

from tests.localarm.demo import DEVTEST, EA, EXEMPTED, PAYG, tour

ESTATE = "tour"


def test_tour_estate_has_every_offer_case_and_every_blocker(az):
    before = az.json("smtp", "check", "--subscriptions", EA, PAYG, DEVTEST)
    assert sorted(s["policy"]["status"] for s in before["subscriptions"]) == ["blocked", "exemptible", "not-blocked"]
    blockers = {b for vm in before["vms"] for b in vm["blockedBy"]}
    assert {"platform", "nsg", "route", "firewall", "no-outbound"} <= blockers
    exempted_at = (datetime.now(timezone.utc) - timedelta(days=10)).date().isoformat()
    after = az.json("smtp", "check", "--subscription", EXEMPTED, "--exempted-at", exempted_at)
    assert after["subscriptions"][0]["policy"]["status"] == "exempted"
    assert "deallocate-and-start" in {a for vm in after["vms"] for a in vm["actions"]}


def test_every_tour_command_runs_and_only_complete_exemption_yes_writes(az, arm):
    exempted_at = (datetime.now(timezone.utc) - timedelta(days=10)).date().isoformat()
    for sentence, args, *exit_code in tour(exempted_at):
        before = len([r for r in arm.requests if r["method"] != "GET"])
        proc = az.run(*args, check=False)
        assert proc.returncode == (exit_code or [0])[0] and proc.stdout.strip(), (args, proc.stderr)
        wrote = len([r for r in arm.requests if r["method"] != "GET"]) > before
        assert wrote == ("--yes" in args), args
        assert sentence.endswith(".")
