"""The built Personalize site in a real browser: headless Chromium (Debian's), driven by Playwright.

Search finds the seed operation, every language tab shows its code, the copy button copies the
runnable file, a related-operation link opens its page, no console errors, and every internal
link of the site resolves. Also saves docs/screenshot-seed-page.png. Skips when Chromium or
Playwright is missing - except under CI=true, where that is a failure.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import in_ci

from generator.generate.pipeline import DEFAULT_VALUES, generate
from generator.site.build import build_site, check_links

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = REPO / "docs" / "screenshot-seed-page.png"
SEED = "CreateMetricAttribution"
TABS = {
    "AWS CLI": "aws personalize create-metric-attribution",
    "SDK for Python (Boto3)": "personalize.create_metric_attribution(",
    "SDK for Java 2.x": "personalizeClient.createMetricAttribution(request)",
    "Typed Python client": "client.create_metric_attribution(",
}


def _require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install -e '.[site]')")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if in_ci():
            pytest.fail(message + " (CI=true: missing tools fail instead of skipping)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site([("personalize", None)], DEFAULT_VALUES, out)
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_every_internal_link_of_the_site_resolves(site: Path) -> None:
    assert (site / "personalize" / f"{SEED}.html").is_file()
    assert check_links(site) == []


def test_seed_page_in_a_real_browser(base_url: str) -> None:
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    files = {a.path: a.content for a in generate([("personalize", [SEED])], DEFAULT_VALUES).artifacts}
    python_file = files["personalize/python/create_metric_attribution.py"]
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base_url}/index.html")

        # search: type the operation's name, open the hit
        page.locator("input.md-search__input").click()
        page.keyboard.type(SEED)  # key events, as a user types (fill() sets the value silently)
        hit = page.locator(f"a.md-search-result__link[href*='/{SEED}.html']").first
        expect(hit).to_be_visible(timeout=15000)
        hit.click()
        page.wait_for_url(f"**/personalize/{SEED}.html*")
        expect(page.locator("h1")).to_contain_text("Creating a metric attribution")

        # every language tab shows its own code
        for label, needle in TABS.items():
            page.locator(".tabbed-labels > label", has_text=label).first.click()
            block = page.locator(".tabbed-block pre", has_text=needle).first
            expect(block).to_be_visible()
        # the copy button copies the runnable file (the Python tab is the file, byte for byte)
        page.locator(".tabbed-labels > label", has_text="SDK for Python (Boto3)").first.click()
        python_block = page.locator(".tabbed-block", has_text="personalize.create_metric_attribution(")
        python_block.first.hover()
        python_block.first.locator("button[data-md-type='copy'], button.md-clipboard").first.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.rstrip("\n") == python_file.rstrip("\n")

        # the seed page for the README: the whole page as a reader opens it, Python tab selected
        page.goto(f"{base_url}/personalize/{SEED}.html")
        expect(page.locator(".tabbed-labels > label", has_text="SDK for Python (Boto3)").first
               ).to_be_visible()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOT), full_page=True)

        # a related operation: the returned ARN is taken by DescribeMetricAttribution
        page.locator("#personalize-CreateMetricAttribution-related ~ ul a",
                     has_text="DescribeMetricAttribution").first.click()
        page.wait_for_url("**/personalize/DescribeMetricAttribution.html*")
        expect(page.locator("h1")).to_contain_text("metric attribution")
        browser.close()
    assert errors == []


def test_browser_test_fails_rather_than_skips_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setitem(globals(), "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(pytest.fail.Exception):
        _require_browser()
