"""The HTML report in a real browser (Debian's headless Chromium driven by Playwright) with the network cut: the
page makes no request, every resource of the estate is in the table, the filters and the search narrow it, and a
blocked VM's picture marks what blocks it. `scripts/setup-browser.sh` installs both."""
import json
import os

import pytest

from tests.localarm.demo import DEVTEST, EA, PAYG

ESTATE = "tour"
CHROMIUM = os.environ.get("SMTP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def report(azure, tmp_path_factory):
    """The tour's check result and the HTML report of it, written by the real az."""
    _, az = azure
    directory = tmp_path_factory.mktemp("report")
    result = az.json("smtp", "check", "--all-subscriptions")
    path = str(directory / "report.html")
    az.run("smtp", "report", "--all-subscriptions", "--format", "html", "--file", path)
    return result, path


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="run scripts/setup-browser.sh")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: run scripts/setup-browser.sh")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, report):
    """The report opened with every request but the file itself aborted; `page.requests` lists what was asked."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.requests = []
    errors = []

    def handle(route):
        page.requests.append(route.request.url)
        return route.continue_() if route.request.url.startswith("file://") else route.abort()
    page.route("**/*", handle)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto("file://" + report[1])
    page.wait_for_selector("body[data-ready]")
    yield page
    assert errors == []
    page.close()


def visible_ids(page):
    return page.eval_on_selector_all("#resources tbody tr[data-id]:not([hidden])", "rows => rows.map(r => r.dataset.id)")


def test_the_page_asks_for_nothing_but_itself(page, report):
    assert page.requests == ["file://" + report[1]]


def test_every_resource_of_the_estate_is_in_the_table(page, report):
    result, _ = report
    expected = [e["id"] for key in ("vms", "apps", "others") for e in result[key]]
    assert len(expected) == 15
    assert sorted(visible_ids(page)) == sorted(expected)
    assert page.text_content("#shown") == f"Showing {len(expected)} of {len(expected)} resources"


def test_filters_and_search_narrow_the_table(page, report):
    result, _ = report
    blocked = [v["id"] for v in result["vms"] if v["verdict"] == "blocked"]
    page.select_option("#f-status", "blocked")
    assert sorted(visible_ids(page)) == sorted(blocked)
    page.select_option("#f-blocked", "nsg")
    assert [i.rsplit("/", 1)[-1] for i in visible_ids(page)] == ["nic-nsg-vm"]
    page.select_option("#f-blocked", "")
    page.select_option("#f-status", "")
    payg = next(s["subscriptionId"] for s in result["subscriptions"] if s["displayName"] == PAYG)
    page.select_option("#f-sub", payg)
    assert [i.rsplit("/", 1)[-1] for i in visible_ids(page)] == ["payg-mail1"]
    page.select_option("#f-sub", "")
    page.fill("#q", "route-none")
    assert [i.rsplit("/", 1)[-1] for i in visible_ids(page)] == ["route-none-vm"]
    page.fill("#q", "webss exempted")  # every word, over name, group, subscription and reason
    names = {v["id"]: v["name"] for v in result["vms"]}
    assert sorted(names[i] for i in visible_ids(page)) == ["webss_0", "webss_1"]
    page.fill("#q", "")
    assert len(visible_ids(page)) == 15


@pytest.mark.parametrize("vm,hop,names", [
    ("nic-nsg-vm", "NIC NSG", "nic-deny25"),
    ("route-none-vm", "Route", ""),
    ("fw-denied-vm", "Azure Firewall", "hub-fw"),
    ("private-vm", "Outbound", "private"),
    ("payg-mail1", "Internet :25", ""),
])
def test_a_blocked_vms_picture_marks_what_blocks_it(page, vm, hop, names):
    page.get_by_role("button", name=vm, exact=True).click()
    detail = page.locator(f'tr[data-id$="/{vm}"] + tr.detail')
    deciding = detail.locator("svg g[data-deciding]")
    assert deciding.count() == 1
    assert deciding.get_attribute("data-hop") == hop and deciding.get_attribute("data-result") == "fail"
    assert f"blocks here{': ' + names if names else ''}" in deciding.text_content()
    results = detail.locator("svg g.hop").evaluate_all("gs => gs.map(g => g.dataset.result)")
    assert results.count("fail") == 1  # one hop fails; the others pass, inform or were not reached
    assert "Next action" in detail.text_content()


def test_an_allowed_vm_has_no_deciding_hop_and_the_keyboard_opens_it(page):
    button = page.get_by_role("button", name="open-vm", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    detail = page.locator('tr[data-id$="/open-vm"] + tr.detail')
    assert detail.locator("svg g[data-deciding]").count() == 0
    assert detail.locator("svg g.hop").evaluate_all("gs => gs.map(g => g.dataset.result)") == \
        ["info", "pass", "pass", "pass", "pass", "pass"]
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "false" and not detail.is_visible()


def test_printed_the_filters_go_and_the_summary_stays(page, report):
    page.emulate_media(media="print")
    assert not page.is_visible("#filters")
    summary = page.text_content("header")
    for name in (EA, PAYG, DEVTEST):
        assert name in summary
    counts = json.loads(page.eval_on_selector_all(".card", "cs => JSON.stringify(cs.map(c => c.dataset.count))"))
    assert counts == ["blocked", "unknown", "suppressed", "allowed"]


def test_a_large_tenant_shows_500_rows_at_a_time_and_filters_over_all_of_them(browser, tmp_path):
    from azext_smtp.render import html
    from tests.reports import META, check_result
    path = tmp_path / "large.html"
    path.write_text(html.render(check_result(vms=1200, subscriptions=3), META), encoding="utf-8")
    page = browser.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page.goto(f"file://{path}")
    page.wait_for_selector("body[data-ready]")
    assert len(visible_ids(page)) == 500
    assert page.text_content("#shown") == "Showing 500 of 1202 resources"
    page.click("#more")
    assert len(visible_ids(page)) == 1000 and page.text_content("#more") == "Show 202 more (202 not shown)"
    page.fill("#q", "vm1199")
    assert [i.rsplit("/", 1)[-1] for i in visible_ids(page)] == ["vm1199"] and not page.is_visible("#more")
    page.close()
