"""Help, rules listing and bad input through the real `az`."""
import yaml

from azext_smtp._help import HELP


def test_group_and_command_help_have_examples(az):
    group = az.run("smtp", "-h").stdout
    assert "check" in group and "rules" in group
    listed = " ".join(group.split())  # the listing shows each command's short summary, read from its summary
    for key in (k for k in HELP if len(k.split()) == 2):
        assert " ".join(yaml.safe_load(HELP[key])["short-summary"].split()[:6]) in listed, key
    for cmd in ("check", "explain-vm", "explain-app", "complete-exemption", "rules", "report", "diff",
                "baseline create"):
        text = az.run("smtp", *cmd.split(), "-h").stdout
        assert "Examples" in text and f"az smtp {cmd}" in text


def test_smtp_group_carries_the_preview_tag(az):
    listing = az.run("-h").stdout
    line = next(line for line in listing.splitlines() if line.strip().startswith("smtp "))
    assert "[Preview]" in line
    assert "is in preview" in az.run("smtp", "check", "-h").stdout


def test_help_text_is_rewrapped_by_az_not_broken_by_hand(az):
    """Folded YAML: az wraps long summaries to the terminal, so no line of the source text survives alone."""
    text = az.run("smtp", "complete-exemption", "-h", env={**az.env, "COLUMNS": "200"}).stdout
    assert "(a reboot is not enough), and a VNet with a delegated subnet" in " ".join(text.split())
    assert not any(line.strip().startswith("new network policy (a reboot") for line in text.splitlines())


def test_rules_lists_ids_editions_and_sources(az):
    rules = az.json("smtp", "rules", "--kind", "rule")
    ids = [r["id"] for r in rules]
    assert ids[:4] == ["SMTP25-EA", "SMTP25-MCAE", "SMTP25-EADEVTEST", "SMTP25-OTHER"]
    assert all(r["edition"] == "2023-12" and r["source"].startswith("https://learn.microsoft.com/") for r in rules)
    table = az.run("smtp", "rules", "-o", "table").stdout
    assert "SMTP25-EADEVTEST" in table and "exemptible" in table


def test_rules_lists_every_check_and_action_with_id_title_and_url(az):
    everything = az.json("smtp", "rules")
    kinds = {r["kind"] for r in everything}
    assert {"offer", "after-exemption", "check", "action"} <= kinds
    checks = [r for r in everything if r["kind"] == "check"]
    actions = az.json("smtp", "rules", "--kind", "action")
    assert {"platform-port25", "route", "outbound", "firewall", "nsg-NIC", "nsg-subnet", "exemption-refresh"} <= \
        {c["id"] for c in checks}
    assert {"fix-nsg-rule", "deallocate-and-start", "use-authenticated-relay"} <= {a["id"] for a in actions}
    assert {a["kind"] for a in actions} == {"action"}
    for entry in checks + actions:
        assert entry["title"] and entry["source"].startswith("https://learn.microsoft.com/"), entry["id"]


def test_unknown_resource_group_is_a_clear_error(az):
    proc = az.run("smtp", "check", "-g", "no-such-rg", check=False)
    assert proc.returncode != 0
    assert "no-such-rg" in proc.stderr and "az group list" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_all_subscriptions_conflicts_with_resource_group(az):
    proc = az.run("smtp", "check", "--all-subscriptions", "-g", "mail-rg", check=False)
    assert proc.returncode != 0 and "cannot be combined" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_rules_edition_is_rejected(az):
    proc = az.run("smtp", "rules", "--rules-edition", "1999-01", check=False)
    assert proc.returncode != 0 and "1999-01" in proc.stderr and "2023-12" in proc.stderr and "2017-11" in proc.stderr


def test_rules_works_for_every_edition(az):
    from azext_smtp.core.editions import available_editions
    editions = available_editions()
    assert {"2017-11", "2021-01", "2021-04", "2022", "2023-12"} <= set(editions)
    for edition in editions:
        rules = az.json("smtp", "rules", "--rules-edition", edition, "--kind", "rule")
        assert {r["edition"] for r in rules} == {edition}, edition
        assert all(r["source"].startswith("https://") and "sourceCommit" in r for r in rules), edition
        assert rules[0]["published"] and any("*" in r["families"] for r in rules), edition


def test_several_subscriptions_by_name_or_id(az):
    from tests.localarm.shapes import sub_guid
    result = az.json("smtp", "check", "--subscriptions", sub_guid("payg"), "Contoso MCA-E")
    assert [s["subscriptionId"] for s in result["subscriptions"]] == [sub_guid("payg"), sub_guid("mcae")]
    assert {v["name"] for v in result["vms"]} == {"payg-mail1", "mcae-mail1"}
    missing = az.run("smtp", "check", "--subscriptions", "No Such Sub", check=False)
    assert missing.returncode != 0 and "No Such Sub" in missing.stderr and "Traceback" not in missing.stderr
    both = az.run("smtp", "check", "--subscriptions", "Contoso MCA-E", "--all-subscriptions", check=False)
    assert both.returncode != 0 and "cannot be combined" in both.stderr
