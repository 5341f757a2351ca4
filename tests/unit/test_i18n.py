"""Every human text in every language: no text lacks one, no sentence loses or gains a placeholder."""
import ast
import re
import json
import os
from datetime import datetime, timezone

import pytest

from azext_smtp.core import i18n
from azext_smtp.core.editions import english_table
from azext_smtp.core.i18n import LANGUAGES, Link, Text, message, placeholders, say, table

OTHERS = [lang for lang in LANGUAGES if lang != "en"]
AZEXT = os.path.join(os.path.dirname(__file__), "..", "..", "azext_smtp")


@pytest.mark.parametrize("language", OTHERS)
def test_every_catalog_edition_and_message_text_has_the_language(language):
    english, other = english_table(), table(language)
    assert set(english) - set(other) == set(), "texts without a translation"
    assert set(other) - set(english) == set(), "translations of texts that no longer exist"
    assert all(other[k].strip() for k in other), "empty translations"


@pytest.mark.parametrize("language", OTHERS)
def test_a_formatted_sentence_has_the_same_placeholders_in_every_language(language):
    english, other = i18n.messages("en"), i18n.messages(language)
    differ = {k: (placeholders(english[k]), placeholders(other[k])) for k in english
              if placeholders(english[k]) != placeholders(other.get(k, english[k]))}
    assert differ == {}


def test_list_placeholders_name_a_known_join():
    for language in LANGUAGES:
        for template in i18n.messages(language).values():
            assert {spec for _, spec in placeholders(template)} <= set(i18n.JOINS[language]) | {""}


def test_fields_name_an_argument_plainly():
    """The renderer fills {name} and {name:join} fields only: no attribute, index, conversion or nested field."""
    import string
    for language in LANGUAGES:
        for template in i18n.messages(language).values():
            for _, name, spec, conversion in string.Formatter().parse(template):
                assert name is None or (name.isidentifier() and conversion is None and "{" not in spec), template


class _Reference(__import__("string").Formatter):
    """str.format's own field parsing, each argument said with fmt: what the renderer must equal."""

    def __init__(self, language):
        super().__init__()
        self.language = language

    def format_field(self, value, format_spec):
        return i18n.fmt(value, self.language, format_spec)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_renders_as_str_format_would(language):
    from datetime import datetime
    samples = [["a", "b"], 12345, "x{y}", datetime(2026, 11, 20, 8, 5), message("nsg.none"), Link("https://learn.microsoft.com/azure/x")]
    for number, template in enumerate(i18n.messages(language).values()):
        args = {name: samples[(number + i) % len(samples)]
                for i, (name, _) in enumerate(placeholders(template))}
        assert i18n._render(template, args, language) == _Reference(language).vformat(template, (), args)


def _ids(node):
    """The id expressions `message(node, ...)` can name: a constant, an f-string, or either branch of an `if`."""
    if isinstance(node, ast.IfExp):
        return _ids(node.body) + _ids(node.orelse)
    return [node]


def _message_ids_in_code():
    """The ids `message(...)` calls in the extension name: constants, and patterns for f-string ids."""
    import re
    named, patterns = set(), []
    for root, _, files in os.walk(AZEXT):
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    tree = ast.parse(f.read())
                calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                         and getattr(n.func, "id", None) == "message" and n.args]
                for node in (i for call in calls for i in _ids(call.args[0])):
                    if isinstance(node, ast.JoinedStr):
                        patterns.append(re.compile("".join(re.escape(v.value) if isinstance(v, ast.Constant) else ".+"
                                                           for v in node.values) + "$"))
                    else:
                        named.add(node.value)
    return named, patterns


def test_every_message_the_code_names_is_in_the_english_table_and_every_one_there_is_used():
    named, patterns = _message_ids_in_code()
    table_ids = set(i18n.messages("en"))
    assert named - table_ids == set()
    assert all(any(p.match(k) for k in table_ids) for p in patterns)
    used = named | {k for k in table_ids if any(p.match(k) for p in patterns)}
    assert table_ids - used == set()


def test_a_message_is_english_and_says_itself_in_other_languages():
    text = message("table.next", text=message("table.nothing"))
    assert text == "Next: Nothing to do."
    assert say(text, "de") == "Nächster Schritt: Nichts zu tun."
    assert say(text, "tr") == "Sonraki: Yapılacak bir şey yok."
    assert say({"k": [text], "n": 3, "v": "blocked"}, "tr") == {"k": ["Sonraki: Yapılacak bir şey yok."], "n": 3,
                                                                "v": "blocked"}


def test_lists_numbers_and_moments_are_written_the_languages_way():
    moment = datetime(2026, 11, 20, 14, 30, tzinfo=timezone.utc)
    assert i18n.fmt(["a", "b"], "de", "or") == "a oder b"
    assert i18n.fmt(["a", "b"], "tr", "then") == "a ardından b"
    assert i18n.fmt(12345, "de") == "12.345" and i18n.fmt(12345, "en") == "12345"
    assert i18n.fmt(moment, "tr") == "20.11.2026 14:30 UTC"
    assert i18n.fmt(moment, "en") == "2026-11-20 14:30 UTC"


def test_doc_links_point_to_the_article_in_the_language():
    url = Link("https://learn.microsoft.com/troubleshoot/azure/virtual-network/troubleshoot-outbound-smtp-connectivity")
    assert say(url, "tr") == "https://learn.microsoft.com/tr-tr/troubleshoot/azure/virtual-network/" \
                             "troubleshoot-outbound-smtp-connectivity"
    assert say(url, "de").startswith("https://learn.microsoft.com/de-de/troubleshoot/")
    assert say(url, "en") == url
    assert say(Link("https://learn.microsoft.com/de-de/azure/x"), "tr") == "https://learn.microsoft.com/de-de/azure/x"


def test_a_text_survives_a_copy():
    import copy
    import pickle
    text = message("table.next", text="x")
    for again in (copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert isinstance(again, Text) and say(again, "de") == "Nächster Schritt: x"


def test_the_translation_files_hold_only_known_sections():
    for language in LANGUAGES:
        with open(os.path.join(i18n.I18N_DIR, language + ".json"), encoding="utf-8") as f:
            data = json.load(f)
        assert set(data) <= {"catalog", "editions", "messages"}
        assert language != "en" or set(data) == {"messages"}  # English catalog and editions stay in their files


# --- the demo estate's golden snapshots in every language (tests/golden/cases.py) ---------------------------
SNAPSHOTS = os.path.join(os.path.dirname(__file__), "..", "golden", "snapshots", "demo")
LANGUAGE_CASES = ["check-all-subscriptions", "rules", "explain-vm-blocked"]
# The keys whose values are human text: all that may differ between languages. Everything else (keys, ids, verdicts,
# enum values, names, numbers) must be identical.
TEXT_KEYS = {"title", "text", "examines", "remediation", "detail", "reasons", "wayOut", "scope", "familyName",
             "message", "reason", "warnings", "source", "evidence", "engineNote", "basis", "what"}


def _snapshot(name, ext):
    """A snapshot's stdout (tests/golden/capture.py appends the exit code and stderr after a marker line)."""
    with open(os.path.join(SNAPSHOTS, name + ext), encoding="utf-8") as f:
        return f.read().split("--- exit code ")[0]


def _masked(value):
    if isinstance(value, dict):
        return {k: "<text>" if k in TEXT_KEYS and isinstance(v, (str, list)) else _command(v) if k == "command"
                else _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _command(command):
    """A command to run stays as it is in every language; only a hint after it, in parentheses, is text."""
    return re.sub(r" \([^()]*\)$", " (<hint>)", command) if isinstance(command, str) else _masked(command)


def _texts(value, found=None):
    """(key, text) for every text value, in document order."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for k, v in value.items():
            if k in TEXT_KEYS and isinstance(v, str):
                found.append((k, v))
            elif k in TEXT_KEYS and isinstance(v, list):
                found += [(k, t) for t in v if isinstance(t, str)]
            else:
                _texts(v, found)
    elif isinstance(value, list):
        for v in value:
            _texts(v, found)
    return found


@pytest.mark.parametrize("language", OTHERS)
@pytest.mark.parametrize("case", LANGUAGE_CASES)
def test_the_json_in_another_language_is_the_english_json_but_for_its_texts(case, language):
    english, other = json.loads(_snapshot(case, ".json")), json.loads(_snapshot(f"{case}-{language}", ".json"))
    assert _masked(other) == _masked(english)
    pairs = list(zip(_texts(english), _texts(other)))
    sentences = [(e, o) for (k, e), (_, o) in pairs if k in ("title", "text", "reasons", "wayOut")]
    assert sentences and all(e != o for e, o in sentences)
    unread = [(e, o) for (k, e), (_, o) in pairs if k == "what"]  # unknowns[]: what was not read
    assert all(e != o for e, o in unread) and (unread or case != "check-all-subscriptions")
    english_links = [t for _, t in _texts(english) if t.startswith("https://learn.microsoft.com/")]
    other_links = [t for _, t in _texts(other) if t.startswith("https://learn.microsoft.com/")]
    assert other_links and all(t.startswith(f"https://learn.microsoft.com/{i18n.LOCALES[language]}/")
                               for t in other_links)
    assert len(english_links) == len(other_links)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", LANGUAGE_CASES)
def test_tables_fit_120_columns_in_every_language(case, language):
    table_text = _snapshot(case if language == "en" else f"{case}-{language}", ".txt")
    assert max(map(len, table_text.splitlines())) <= 120
    first = {"check-all-subscriptions": "Subscription", "rules": "Id", "explain-vm-blocked": "Step"}[case]
    assert table_text.split()[0] == say(message(f"table.header.{first}"), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_widest_check_table_fits_120_columns_in_every_language(language):
    """VMs, apps and other PaaS (a Kind column), long names and the action most verdicts ask for (the apps estate's
    table, which a longer German header made 123 columns wide)."""
    from knack.output import format_table
    from azext_smtp import _format

    class Result:  # what knack's format_table reads
        def __init__(self, result):
            self.result, self.is_query_active = result, False
            self.table_transformer = lambda r: _format.check_table(r, language)
    action = "use-authenticated-relay"
    sub = {"subscriptionId": "s", "displayName": "A subscription with a really long display name",
           "offer": {"family": "enterprise-devtest"}, "policy": {"status": "not-blocked", "actions": []}}
    entry = {"subscriptionId": "s", "name": "a-rather-long-vm-name-01", "resourceGroup": "a-long-resource-group",
             "verdict": "unknown", "blockedBy": ["no-outbound", "firewall"], "actions": [action]}
    result = {"subscriptions": [sub], "vms": [dict(entry, kind="vm")], "apps": [dict(entry, kind="functionapp")],
              "others": [dict(entry, service="Container Apps")]}
    lines = format_table(Result(result)).splitlines()
    assert max(map(len, lines)) <= 120
    assert lines[0].split()[0] == say(message("table.header.Subscription"), language)


def test_the_report_pages_words_have_the_same_script_markers_and_no_markup():
    """The HTML page's script fills $1, $2... in its sentences; the page writes the sentences' arguments escaped
    and marked up itself, so no template may hold markup of its own."""
    for language in OTHERS:
        for key, english in i18n.messages("en").items():
            if key.startswith("report."):
                other = i18n.messages(language)[key]
                assert sorted(re.findall(r"\$\d", english)) == sorted(re.findall(r"\$\d", other)), key
                assert not re.search(r"[<>&]", other + english), key


def test_what_could_not_be_read_and_why_are_said_in_the_language_and_the_codes_and_commands_kept():
    """unknowns[]: the read's label (with the one group or resource it names), the hint after a command and the
    sentences of a reason; ARM's error codes, names and the commands themselves stay as they are."""
    from azext_smtp.core.model import label
    what = message("read.in-group", what=label("vms"), group="hub-rg")
    assert what == "virtual machines in resource group hub-rg"
    assert say(what, "tr") == "sanal makineler (hub-rg kaynak grubunda)"
    assert say(what, "de") == "virtuelle Computer in Ressourcengruppe hub-rg"
    command = message("read.billing-command", command='az rest --method get --url "/x"')
    assert command.endswith("(needs a billing reader role on the billing account)")
    for language in OTHERS:
        assert say(command, language).startswith('az rest --method get --url "/x" (')
        assert say(command, language) != command
    reason = message("read.wide-refused", reason="403 AuthorizationFailed",
                     covered=message("read.by-group", count=12000))
    assert reason == "403 AuthorizationFailed on the subscription-wide list; read group by group in the 12000 " \
                     "resource group(s) you can see (others are not covered)"
    assert say(reason, "de").startswith("403 AuthorizationFailed bei der abonnementweiten Liste; Gruppe für Gruppe "
                                        "in den 12.000 Ressourcengruppe(n)")
    note = message("graph.refused", said="429 RateLimiting")  # engineNote: Graph failed, ARM read instead
    assert say(note, "tr").startswith("Resource Graph 429 RateLimiting yanıtını verdi: listeler")


def test_the_offers_evidence_is_said_in_the_language_and_its_values_kept():
    from azext_smtp.core.model import Billing, Subscription, Usage
    from azext_smtp.core.offer import decide
    offer = decide(Subscription("s", quota_id="EnterpriseAgreement_2014-09-01", usage=Usage("empty", period="current"),
                                billing=Billing("MicrosoftCustomerAgreement", "Individual", None, "Production")))
    english = [e.detail for e in offer.evidence]
    assert english == ["quotaId EnterpriseAgreement_2014-09-01 -> ea or mca-e or mca",
                       "agreement MicrosoftCustomerAgreement, account type Individual, sub-type -, workload "
                       "Production -> mca", "no usage recorded in the current or previous billing period: no evidence"]
    assert say(english, "de") == ["quotaId EnterpriseAgreement_2014-09-01 -> ea oder mca-e oder mca",
                                  "Vereinbarung MicrosoftCustomerAgreement, Kontotyp Individual, Untertyp -, Workload "
                                  "Production -> mca", "im aktuellen oder vorherigen Abrechnungszeitraum ist keine "
                                  "Nutzung erfasst: kein Nachweis"]
    unsettled = decide(Subscription("s", quota_id="EnterpriseAgreement_2014-09-01", usage=Usage("modern")))
    assert unsettled.basis.endswith("(current billing period): nothing read settles which")
    assert say(unsettled.basis, "tr") == "quotaId EnterpriseAgreement_2014-09-01 -> ea veya mca-e veya mca; modern " \
        "türünde bir kullanım kaydı: kurumsal olsun ya da olmasın bir Microsoft Müşteri Sözleşmesi faturalama " \
        "hesabı (geçerli faturalama dönemi): okunan hiçbir şey hangisi olduğunu belirlemiyor"


def test_the_probes_own_words_are_said_in_the_language_and_the_sockets_and_servers_kept():
    from azext_smtp.core.probe import Target, parse_output
    results = parse_output(["smtp-probe 25 timed-out no answer within 10 s\nsmtp-probe 587 connected 220 mx ESMTP"],
                           Target("mx.example", 25))
    assert [r.detail for r in results] == ["no answer within 10 s", "220 mx ESMTP"]
    assert [say(r.detail, "de") for r in results] == ["keine Antwort innerhalb von 10 s", "220 mx ESMTP"]
    results = parse_output(["smtp-probe 2525 refused bash: connect: Connection refused\n"
                            "smtp-probe 587 connected no greeting within 5 s"], Target("mx.example", 2525))
    assert [say(r.detail, "tr") for r in results] == ["bash: connect: Connection refused", "5 sn içinde karşılama yok"]


def test_the_policys_evidence_is_said_in_the_language_and_the_date_and_rules_kept():
    stated = message("policy-evidence.stated", date="2026-11-20T00:00:00+00:00")
    why = message("policy.nothing-to-exempt", rule="SMTP25-EA", family="ea")
    evidence = message("policy-evidence.not-applied", stated=stated, why=why)
    assert evidence == "exemption granted 2026-11-20T00:00:00+00:00 (--exempted-at): not applied, because rule " \
                       "SMTP25-EA does not block ea, so there is nothing to exempt"
    german = say(evidence, "de")
    assert german.startswith("Ausnahme gewährt am 2026-11-20T00:00:00+00:00 (--exempted-at): nicht angewendet, weil ")
    assert "SMTP25-EA" in german and say(message("policy-evidence.nic-flag", value="true"), "tr") == \
        "bu ağ arabiriminde allowPort25Out=true"
