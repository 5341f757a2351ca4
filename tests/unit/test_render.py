"""The renderers of a check result: JUnit valid for the Ant JUnit schema Azure Pipelines reads, Markdown for
$GITHUB_STEP_SUMMARY (plain, capped, under 1 MiB for 10,000 VMs), HTML with every remote string escaped."""
import json
import re
import xml.etree.ElementTree as ET

from azext_smtp.render import html, junit, markdown
from azext_smtp.render.baseline import apply, parse
from tests.reports import META, check_result

HOSTILE = "evil</script><img src=x onerror=alert(1)>|[x](https://evil.example)\x1b[31m\x07"

# The Ant JUnit schema (windyroad/JUnit-Schema JUnit.xsd), which Azure Pipelines' JUnit reader follows: the
# required attributes, the children in their order, and what a test case may hold.
SUITE_ATTRIBUTES = {"name", "package", "id", "timestamp", "hostname", "tests", "failures", "errors", "time"}
SUITE_OPTIONAL = {"skipped"}
CASE_ATTRIBUTES = {"name", "classname", "time"}
TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$")


def schema_errors(text):
    """What in a JUnit document breaks the Ant JUnit schema (empty when it is valid)."""
    errors = []
    root = ET.fromstring(text.encode("utf-8"))
    if root.tag != "testsuites" or root.attrib:
        errors.append("root must be <testsuites> without attributes")
    for index, suite in enumerate(root):
        where = f"testsuite {index}"
        if suite.tag != "testsuite":
            errors.append(f"{where}: <{suite.tag}> in <testsuites>")
        missing = SUITE_ATTRIBUTES - set(suite.attrib)
        extra = set(suite.attrib) - SUITE_ATTRIBUTES - SUITE_OPTIONAL
        errors += [f"{where}: missing {sorted(missing)}"] if missing else []
        errors += [f"{where}: unknown {sorted(extra)}"] if extra else []
        if suite.get("id") != str(index):
            errors.append(f"{where}: id {suite.get('id')} is not {index}")
        if not TIMESTAMP.match(suite.get("timestamp", "")):
            errors.append(f"{where}: timestamp {suite.get('timestamp')} has a zone or is not ISO 8601")
        for key in ("tests", "failures", "errors", "skipped"):
            if key in suite.attrib and not suite.get(key).isdigit():
                errors.append(f"{where}: {key} is not an int")
        if not (suite.get("name") or "").strip() or not (suite.get("hostname") or "").strip():
            errors.append(f"{where}: empty name or hostname")
        tags = [child.tag for child in suite]
        order = ["properties"] + ["testcase"] * tags.count("testcase") + ["system-out", "system-err"]
        if tags != order:
            errors.append(f"{where}: children {tags} are not properties, testcase*, system-out, system-err")
        for prop in suite.iter("property"):
            if set(prop.attrib) != {"name", "value"} or not prop.get("name").strip():
                errors.append(f"{where}: property {prop.attrib}")
        cases = suite.findall("testcase")
        if int(suite.get("tests", -1)) != len(cases):
            errors.append(f"{where}: tests={suite.get('tests')} but {len(cases)} test cases")
        for case in cases:
            if set(case.attrib) != CASE_ATTRIBUTES:
                errors.append(f"{where}: testcase attributes {sorted(case.attrib)}")
            if len(case) > 1 or any(c.tag not in ("skipped", "error", "failure") for c in case):
                errors.append(f"{where}: testcase holds {[c.tag for c in case]}")
            if any(c.tag in ("failure", "error") and "type" not in c.attrib for c in case):
                errors.append(f"{where}: failure or error without type")
        for key, tag in (("failures", "failure"), ("skipped", "skipped")):
            if int(suite.get(key, 0)) != sum(1 for c in cases if c.find(tag) is not None):
                errors.append(f"{where}: {key} count is wrong")
    return errors


def cases_by_name(text):
    return {c.get("name"): c for c in ET.fromstring(text.encode("utf-8")).iter("testcase")}


def test_junit_is_valid_for_the_ant_schema_with_one_case_per_resource():
    result = check_result(vms=12, subscriptions=2)
    text = junit.render(result, META)
    assert schema_errors(text) == []
    cases = cases_by_name(text)
    assert len(cases) == 12 + 1 + 1
    nsg = cases["rg1/vm1"]
    assert nsg.get("classname") == "Sub 1"
    failure = nsg.find("failure")
    assert failure.get("type") == "nsg" and "Deny-SMTP-Out" in failure.get("message")
    assert "Next action: Allow outbound TCP 25" in failure.text and "az network nsg rule create" in failure.text
    assert cases["rg5/vm5"].find("skipped") is not None  # unknown: skipped, saying what is unknown
    assert "could not be read" in cases["rg5/vm5"].find("skipped").get("message")
    assert len(cases["rg0/vm0"]) == 0  # allowed passes


def test_the_schema_check_catches_what_azure_pipelines_would_reject():
    broken = junit.render(check_result(vms=2, subscriptions=1), META).replace(' id="0"', "", 1)
    assert any("missing" in e for e in schema_errors(broken))
    assert schema_errors(broken.replace("<system-err />", "")) != []


def test_a_suppressed_finding_passes_with_its_reason_and_an_expired_one_fails_again():
    result = check_result(vms=6, subscriptions=1)
    ids = {vm["name"]: vm["id"] for vm in result["vms"]}
    accepted = parse(json.dumps({"accepted": [
        {"resource": ids["vm1"], "reason": "legacy relay host", "acceptedBy": "alice"},
        {"resource": ids["vm2"], "reason": "old exception", "expires": "2026-01-31"}]}))
    from datetime import date
    apply(result, accepted, date(2026, 12, 3), "baseline.yaml")
    text = junit.render(result, META)
    assert schema_errors(text) == []
    cases = cases_by_name(text)
    assert len(cases["rg1/vm1"]) == 0
    suite = ET.fromstring(text.encode()).find("testsuite")
    assert "SUPPRESSED rg1/vm1 (blocked): legacy relay host (accepted by alice, expires never)" in \
        suite.find("system-out").text
    expired = cases["rg2/vm2"].find("failure")
    assert expired is not None and "2026-01-31" in expired.text and "counts again" in expired.text
    assert suite.get("failures") == "5"  # vm2 (expired), vm3, vm4, the app and the container app; not vm1


def test_remote_strings_lose_control_characters_and_stay_escaped_in_junit():
    result = check_result(vms=2, subscriptions=1)
    result["vms"][1]["name"] = HOSTILE
    text = junit.render(result, META)
    assert "\x1b" not in text and "\x07" not in text
    assert schema_errors(text) == []
    assert any(name.startswith("rg1/evil</script>") for name in cases_by_name(text))


def test_markdown_is_a_plain_table_without_links_tags_or_broken_rows():
    result = check_result(vms=6, subscriptions=1)
    result["vms"][1]["name"] = HOSTILE
    text = markdown.render(result, META)
    row = next(line for line in text.splitlines() if "evil" in line)
    assert "<img" not in text and "://" not in text and "\x1b" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no [text](url) left unescaped
    assert "&lt;img" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 9  # 8 columns: the escaped | in the name adds none
    assert "\\|\\[x\\]" in row
    assert "### Blocked (6)" in text and "### Unknown (1)" in text  # 4 VMs, the app and the container app


def test_markdown_of_a_10000_vm_tenant_stays_under_1_mib_and_says_what_it_left_out():
    result = check_result(vms=10_000, subscriptions=40)
    text = markdown.render(result, META)
    assert len(text.encode("utf-8")) < 1024 * 1024
    assert "... and" in text and "more not listed here" in text
    blocked = sum(1 for vm in result["vms"] if vm["verdict"] == "blocked") + 2  # the app and the container app
    assert f"### Blocked ({blocked})" in text


def test_html_escapes_every_remote_string_and_loads_nothing():
    result = check_result(vms=3, subscriptions=1)
    result["vms"][1]["name"] = HOSTILE
    result["subscriptions"][0]["displayName"] = HOSTILE
    page = html.render(result, META)
    assert "<img src=x" not in page and "evil</script>" not in page and "\x1b" not in page
    assert "evil&lt;/script&gt;&lt;img" in page  # the summary, HTML-escaped
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data)["rows"][1]["n"] == "evil</script><img src=x onerror=alert(1)>|[x](https://evil.example)[31m"
    assert "default-src 'none'" in page
    assert not re.search(r'<(?:link|img|iframe)\b[^>]*(?:src|href)=', page)
    assert not re.search(r'<script\b[^>]*\bsrc=', page)


def test_a_marker_in_a_remote_string_is_not_replaced_by_the_template():
    result = check_result(vms=1, subscriptions=1)
    result["subscriptions"][0]["displayName"] = "@@DATA@@ @@AFTER@@"
    page = html.render(result, META)
    assert "@@DATA@@ @@AFTER@@" in page and page.count('id="report-data"') == 1


def _page_words(page):
    return json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
                      .group(1))["words"]


def test_the_html_page_speaks_the_language_and_keeps_the_ids():
    result = check_result(vms=12, subscriptions=2)
    for sub in result["subscriptions"]:
        sub["policy"]["source"] = "https://learn.microsoft.com/troubleshoot/azure/virtual-network/x"
    english, turkish, german = (html.render(result, META, language) for language in ("en", "tr", "de"))
    assert '<html lang="tr">' in turkish and '<html lang="de">' in german and '<html lang="en">' in english
    assert "@@" not in turkish + german + english  # every word of the template was filled in
    assert "<h2>Aboneliğe göre</h2>" in turkish and "<h2>Nach Abonnement</h2>" in german
    assert 'data-count="blocked"><b>' in turkish and ">engellendi</div>" in turkish  # the id stays, the word moves
    assert "https://learn.microsoft.com/tr-tr/troubleshoot/" in turkish
    assert "https://learn.microsoft.com/de-de/troubleshoot/" in german
    assert "03.12.2026 10:00 UTC" in german and "2026-12-03 10:00 UTC" in english
    words = _page_words(turkish)
    assert words["status.allowed"] == "izin verildi" and words["hop.Subnet NSG"] == "Alt ağ NSG"
    assert set(words) == set(_page_words(english))


def test_the_markdown_summary_speaks_the_language_with_its_numbers():
    result = check_result(vms=3, subscriptions=1)
    result["vms"] = result["vms"] * 4000  # 12,000 rows: the count is written the language's way
    german = markdown.render(result, META, "de")
    assert german.startswith("## az smtp: ausgehender TCP-Port 25\n")
    assert "| Abonnement | Angebot | Richtlinie | Gesperrt |" in german and "### Gesperrt (" in german
    assert re.search(r"\d{2}\.\d{3} Ressource\(n\)", german)
    assert "... und " in german and "weitere" in german  # the cap's note, over 500 rows
    english = markdown.render(result, META, "en")
    assert re.search(r"\d{5} resource\(s\)", english) and "more not listed here" in english


def test_a_subscription_without_a_rule_source_lists_no_source_in_any_language():
    result = check_result(vms=2, subscriptions=2)
    result["subscriptions"][0]["policy"]["source"] = None
    result["subscriptions"][1]["policy"]["source"] = "https://learn.microsoft.com/troubleshoot/x"
    for language in ("en", "tr", "de"):
        page = html.render(result, META, language)
        sources = page[page.index("<ul>", page.index("az smtp rules</code>")):]
        sources = sources[:sources.index("</ul>")]
        assert "None" not in sources and sources.count("<li>") == 1
