"""The `az smtp` calls whose output is the contract, per sample estate (the demo estate also in every language).

Built by a function because the followup cases pass `--exempted-at` relative to today
(the followup estate's times are relative to when it is loaded)."""
from datetime import datetime, timedelta, timezone

from azext_smtp.core.i18n import LANGUAGES
from tests.localarm.shapes import sub_guid

FORMATS = {"json": ".json", "table": ".txt"}


def days_ago(n):
    return (datetime.now(timezone.utc) - timedelta(days=n)).replace(microsecond=0).isoformat()


def cases():
    """{estate: [(case name, az args after `az smtp`)]}; every case is captured in every FORMAT."""
    recent, old = sub_guid("edt-recent"), sub_guid("edt-old")
    every = [("check-all-subscriptions", ["check", "--all-subscriptions"])]
    return {
        "demo": every + [
            ("rules", ["rules"]),
            ("rules-2017-11", ["rules", "--rules-edition", "2017-11"]),
            ("explain-vm-allowed", ["explain-vm", "--subscription", "Contoso EA Production", "-g", "mail-rg",
                                    "-n", "ea-mail1"]),
            ("explain-vm-blocked", ["explain-vm", "--subscription", "Fabrikam MCA Individual", "-g", "mail-rg",
                                    "-n", "mca-mail1"]),
        ] + [(f"{name}-{language}", args + ["--language", language])
             for language in LANGUAGES[1:] for name, args in (
                 ("check-all-subscriptions", ["check", "--all-subscriptions"]),
                 ("rules", ["rules"]),
                 ("explain-vm-blocked", ["explain-vm", "--subscription", "Fabrikam MCA Individual", "-g", "mail-rg",
                                         "-n", "mca-mail1"]))],
        "network": every + [
            (f"explain-{vm}", ["explain-vm", "-g", "mail-rg", "-n", vm])
            for vm in ("nic-nsg-vm", "route-none-vm", "forced-tunnel-vm", "private-vm", "partial-deny-vm",
                       "relay-only-vm")
        ] + [("check-destination", ["check", "--destination", "52.101.68.3"]),
             ("explain-relay-only-vm-to-the-relay", ["explain-vm", "-g", "mail-rg", "-n", "relay-only-vm",
                                                     "--destination", "8.223.38.49"])],
        "exemption": every + [("check", ["check"])],
        "evidence": every + [("explain-observed-flag", ["explain-vm", "--subscription", sub_guid("ea-flags"), "-g",
                                                        "mail-rg", "-n", "ea-flags-closed"])],
        "apps": every + [
            (f"explain-app-{name}", ["explain-app", "-g", "web-rg", "-n", name])
            for name in ("mail-web", "no-routeall-web", "consumption-func", "ea-into-payg-web", "old-vnet-web")
        ] + [("explain-app-slot", ["explain-app", "-g", "web-rg", "-n", "mail-web", "--slot", "staging"])],
        "policy": [("check-spoke", ["check", "--subscription", sub_guid("pol-spoke")])] + [
            (f"explain-{vm}", ["explain-vm", "--subscription", sub_guid("pol-spoke"), "-g", "mail-rg", "-n", vm])
            for vm in ("app-rules-only-vm", "base-deny-vm", "outside-group-vm", "locked-policy-vm")
        ],
        "followup": every + [
            ("check-recent", ["check", "--subscription", recent, "--exempted-at", days_ago(10)]),
            ("complete-exemption-dry-run", ["complete-exemption", "--subscription", recent,
                                            "--exempted-at", days_ago(10)]),
            ("check-old", ["check", "--subscription", old, "--exempted-at", days_ago(120)]),
        ],
        "aks": [
            ("check", ["check", "--exempted-at", days_ago(10)]),
            ("explain-node", ["explain-vm", "-g", "MC_shop-rg_shop-aks_westeurope", "-n", "aks-mail-31415926-vmss_1",
                              "--exempted-at", days_ago(10)]),
            ("complete-exemption-dry-run", ["complete-exemption", "--exempted-at", days_ago(10)]),
        ],
    }


# The reports `az smtp report` writes to --file, captured as the file's text: the demo estate's Markdown summary in
# every language (the HTML page holds the same words; tests/unit/test_render.py and test_report_browser.py read it).
REPORTS = {"demo": [(f"report-markdown-{language}", ["report", "--all-subscriptions", "--format", "markdown",
                                                     "--language", language]) for language in LANGUAGES]}
REPORT_EXT = ".md"


def snapshot_paths():
    """Every snapshot path (relative to snapshots/) the cases produce, in case order."""
    return [f"{estate}/{name}{ext}" for estate, items in cases().items() for name, _ in items
            for ext in FORMATS.values()] + [f"{estate}/{name}{REPORT_EXT}" for estate, items in REPORTS.items()
                                            for name, _ in items]
