"""--language and `az config` smtp.language through the real `az` (the golden snapshots hold whole outputs)."""
import json

import pytest

from azext_smtp.core.i18n import LANGUAGES
from tests.golden.cases import cases
from tests.localarm.session import local_azure


def test_a_language_az_smtp_does_not_speak_is_refused_with_the_ones_it_does(az):
    proc = az.run("smtp", "rules", "--language", "fr", check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "--language" in proc.stderr and "de" in proc.stderr and "tr" in proc.stderr


def test_the_configured_language_is_the_default_and_a_bad_one_is_a_clear_error(az):
    try:
        az.run("config", "set", "smtp.language=de")
        titles = {r["id"]: r["title"] for r in az.json("smtp", "rules", "--kind", "action")}
        assert titles["deallocate-and-start"] == "Die VM freigeben und starten"
        english = {r["id"]: r["title"] for r in az.json("smtp", "rules", "--kind", "action", "--language", "en")}
        assert english["deallocate-and-start"] == "Deallocate and start the VM"
        az.run("config", "set", "smtp.language=fr")
        proc = az.run("smtp", "rules", check=False)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr
        assert "smtp.language is 'fr'" in proc.stderr and "az config unset smtp.language" in proc.stderr
    finally:
        az.run("config", "unset", "smtp.language", check=False)


def test_complete_exemption_says_where_it_stands_in_the_language_and_keeps_its_keys(az):
    german = az.json("smtp", "complete-exemption", "--subscription", "Fabrikam MCA Individual",
                     "--exempted-at", "2026-01-01", "--language", "de")
    english = az.json("smtp", "complete-exemption", "--subscription", "Fabrikam MCA Individual",
                      "--exempted-at", "2026-01-01")
    assert german["message"].startswith("Nichts abzuschließen") and english["message"].startswith("Nothing to")
    assert {k: v for k, v in german.items() if k != "message"} == {k: v for k, v in english.items() if k != "message"}
    table = az.run("smtp", "complete-exemption", "--subscription", "Fabrikam MCA Individual", "--exempted-at",
                   "2026-01-01", "--language", "tr", "-o", "table").stdout
    assert table.split()[:2] == ["Tür", "Ad"] and "Tamamlanacak bir şey yok" in " ".join(table.split())


@pytest.mark.parametrize("estate", [e for e in cases() if e != "demo"] + ["demo"])
def test_every_golden_table_fits_120_columns_in_every_language(ext_dir, estate):
    """Each golden case's `-o table` through the real az in Turkish and German (English: test_golden), on its
    estate: no line is wider than a 120-column terminal, and the headers are the language's."""
    with local_azure(estate, ext_dir) as (_, az):
        for name, args in cases()[estate]:
            if "--language" in args:
                continue
            for language in LANGUAGES[1:]:
                proc = az.run("smtp", *args, "--language", language, "-o", "table", check=False)
                assert "Traceback" not in proc.stderr, (name, proc.stderr)
                wide = [line for line in proc.stdout.splitlines() if len(line) > 120]
                assert not wide, f"{estate}/{name} --language {language}: {wide[0]!r}"


def test_report_diff_and_baseline_speak_the_language_and_keep_the_ids(az, tmp_path):
    page = tmp_path / "report.html"
    az.run("smtp", "report", "--all-subscriptions", "--format", "html", "--file", str(page), "--language", "de")
    text = page.read_text(encoding="utf-8")
    assert '<html lang="de">' in text and "<h2>Nach Abonnement</h2>" in text and 'data-count="blocked"' in text
    assert "https://learn.microsoft.com/de-de/" in text and "https://learn.microsoft.com/troubleshoot" not in text
    saved = tmp_path / "check.json"
    saved.write_text(az.run("smtp", "check", "--all-subscriptions", "--language", "tr", "-o", "json").stdout,
                     encoding="utf-8")
    baseline = tmp_path / "baseline.yaml"
    az.run("smtp", "baseline", "create", "--all-subscriptions", "--file", str(baseline), "--language", "tr")
    assert "Sonraki" not in baseline.read_text(encoding="utf-8") and "engel" in baseline.read_text(encoding="utf-8")
    table = az.run("smtp", "diff", str(saved), str(saved), "--language", "tr", "-o", "table").stdout
    assert table.strip() == ""  # nothing changed: az prints no table, in any language
    edited = json.loads(saved.read_text(encoding="utf-8"))
    edited["vms"] = [vm for vm in edited["vms"] if vm["verdict"] != "blocked"]
    fewer = tmp_path / "fewer.json"
    fewer.write_text(json.dumps(edited), encoding="utf-8")
    table = az.run("smtp", "diff", str(fewer), str(saved), "--language", "tr", "-o", "table").stdout
    assert table.split()[:3] == ["Değişiklik", "Ad", "Tür"] and "new (daha kötü)" in table
    proc = az.run("smtp", "check", "--all-subscriptions", "--baseline", str(baseline), "--language", "de", "-o",
                  "none")
    assert "Baseline-Eintrag" not in proc.stderr  # every entry matches a finding: no warning
