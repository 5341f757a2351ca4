"""Benchmark of `az smtp report` for a 10,000-VM tenant: size and wall time of each format through the real az
(--from-json, so no Azure is read), then the HTML page in headless Chromium: time until the table is built, and
the time a filter and a search take. Run with ./scripts/bench-report.sh [VMS] (default 10000)."""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.localarm.azcli import az_executable  # noqa: E402
from tests.localarm.session import installed_extension  # noqa: E402
from tests.reports import check_result  # noqa: E402

VMS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def browse(path):
    """Seconds until the page's table is built, then for a verdict filter and a search over every row."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                   else route.abort())
        start = time.perf_counter()
        page.goto("file://" + path)
        page.wait_for_selector("body[data-ready]", timeout=120_000)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        page.select_option("#f-status", "blocked")
        filtered = time.perf_counter() - start
        start = time.perf_counter()
        page.fill("#q", "vm9999")
        searched = time.perf_counter() - start
        shown = page.text_content("#shown")
        browser.close()
    return loaded, filtered, searched, shown


def main():
    with tempfile.TemporaryDirectory() as work:
        ext = installed_extension(os.path.join(work, "azext"))
        env = dict(os.environ, AZURE_EXTENSION_DIR=ext, AZURE_CONFIG_DIR=os.path.join(work, "azconfig"),
                   AZURE_CORE_COLLECT_TELEMETRY="false")
        saved = os.path.join(work, "check.json")
        result = check_result(vms=VMS, subscriptions=40)
        with open(saved, "w", encoding="utf-8") as f:
            json.dump(result, f)
        print(f"{VMS} VMs in 40 subscriptions; check JSON {os.path.getsize(saved) / 1e6:.1f} MB")
        for fmt in ("html", "markdown", "junit"):
            out = os.path.join(work, f"report.{fmt}")
            start = time.perf_counter()
            subprocess.run([az_executable(), "smtp", "report", "--from-json", saved, "--format", fmt, "--file", out,
                            "-o", "none", "--only-show-errors"], env=env, check=True, cwd=work)
            wall = time.perf_counter() - start
            print(f"{fmt:9} {os.path.getsize(out) / 1e6:6.2f} MB  az smtp report {wall:5.1f} s")
        loaded, filtered, searched, shown = browse(os.path.join(work, "report.html"))
        print(f"Chromium: table of every resource built in {loaded:.1f} s; verdict filter {filtered:.2f} s; "
              f"search {searched:.2f} s ({shown})")


if __name__ == "__main__":
    main()
