"""The built site in a real browser: headless Chromium (Debian's), driven by Playwright.

The seed page: search finds it, every language tab shows its code and its copy button copies
exactly the code shown (for the AWS CLI, Python and typed-client tabs the runnable file byte for
byte), a related-operation link opens its page, no console errors; it also saves
docs/screenshot-seed-page.png. Then the layout: at 1280x800 and 1024x768 nothing of the content
sticks out of the content column sideways - no page scrolls sideways, no element reaches past
the column, no box scrolls sideways, code blocks included, every tab's code measured - over
every page of the personalize, s3, dynamodb and ec2 sites, and over a sample of other services
with the operations whose parameters are hardest to fit (``widest_sample.py``). Skips when
Chromium or Playwright is missing - except under CI=true, where that is a failure.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from browser import CHROMIUM, WIDTHS, overflows, require_browser, served
from widest_sample import WIDEST

from generator.generate.pipeline import (
    DEFAULT_VALUES,
    example_value,
    render_operation,
    values_file_for,
)
from generator.model.lower import get_operation, load_service
from generator.site.build import SiteReport, build_site, check_links
from generator.site.pages import unescape
from generator.targets.docs import TAB_LABELS

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "screenshot-seed-page.png"
SEED = "CreateMetricAttribution"
# other services, a few operations each (their overview pages too): every protocol
OTHERS: list[tuple[str, list[str] | None]] = [
    ("lambda", ["CreateFunction", "Invoke", "ListFunctions"]),
    ("iam", ["CreateRole", "PutRolePolicy", "GetAccountAuthorizationDetails"]),
    ("glue", ["CreateJob", "GetTables"]),
    ("sns", ["Publish", "CreateTopic"]),
    ("sqs", ["SendMessageBatch", "ReceiveMessage"]),
    ("cloudformation", ["CreateStack", "DescribeStackEvents"]),
    ("apigateway", ["PutIntegration", "CreateRestApi"]),
    ("stepfunctions", ["StartExecution"]),
    ("cloudwatch", ["PutMetricAlarm", "GetMetricData"]),
    ("rds", ["CreateDBInstance"]),
    ("route53", ["ChangeResourceRecordSets"]),
    ("kinesis", ["PutRecords"]),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site([("personalize", None)], DEFAULT_VALUES, out)
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    plan: dict[str, list[str]] = {}
    for service, operation, _, _ in WIDEST:
        plan.setdefault(service, []).append(operation)
    for service, operations in OTHERS:
        plan.setdefault(service, []).extend(operations or [])
    out = tmp_path_factory.mktemp("sample") / "site"
    build_site(sorted((s, ops) for s, ops in plan.items()), DEFAULT_VALUES, out)
    pages = ["index.html"] + [f"{s}/index.html" for s in sorted(plan)]
    pages += [f"{s}/{op}.html" for s, ops in sorted(plan.items()) for op in ops]
    return out, pages


def test_every_internal_link_of_the_site_resolves(site: Path) -> None:
    assert (site / "personalize" / f"{SEED}.html").is_file()
    assert check_links(site) == []


def _shown_code() -> dict[str, str]:
    """Tab label -> the code its tab shows (the docs page's code block: the runnable file or
    its marked excerpt)."""
    service = load_service("personalize")
    operation = get_operation(service, SEED)
    value = example_value(service, operation, values_file_for(DEFAULT_VALUES, "personalize", SEED))
    snippets, _ = render_operation(service, operation, value)
    labels = {"cli": "AWS CLI", **{lang: unescape(label) for lang, label in TAB_LABELS.items()}}
    return {labels[lang]: snippet.excerpt for lang, snippet in snippets.items()}


def test_seed_page_in_a_real_browser(site: Path) -> None:
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    shown = _shown_code()
    files = {"AWS CLI": REPO / "output/personalize/cli/create-metric-attribution.sh",
             "SDK for Python (Boto3)": REPO / "output/personalize/python/create_metric_attribution.py",
             "Typed Python client": REPO / "output/personalize/client/create_metric_attribution.py"}
    errors: list[str] = []
    with served(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/index.html")

        # search: type the operation's name, open the hit
        page.locator("input.md-search__input").click()
        page.keyboard.type(SEED)  # key events, as a user types (fill() sets the value silently)
        hit = page.locator(f"a.md-search-result__link[href*='/{SEED}.html']").first
        expect(hit).to_be_visible(timeout=15000)
        hit.click()
        page.wait_for_url(f"**/personalize/{SEED}.html*")
        expect(page.locator("h1")).to_contain_text("Creating a metric attribution")

        # every tab shows its own code, and its copy button copies exactly that code
        assert len(shown) == len(TAB_LABELS) + 1  # the CLI and one tab per SDK of the registry
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            for label, code in shown.items():
                page.locator(".tabbed-labels > label", has_text=label).first.click()
                block = page.locator(".tabbed-block", has=page.locator("pre")).filter(
                    has_text=code.splitlines()[0]).first
                expect(block).to_be_visible()
                block.hover()
                block.locator("button[data-md-type='copy'], button.md-clipboard").first.click()
                copied = page.evaluate("navigator.clipboard.readText()")
                assert copied.rstrip("\n") == code.rstrip("\n"), label
                if label in files:  # these tabs show the whole runnable file
                    assert copied.rstrip("\n") == files[label].read_text(encoding="utf-8").rstrip("\n")

        # the seed page for the README: the page as a reader opens it, at a laptop's width
        page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        page.goto(f"{base}/personalize/{SEED}.html")
        page.locator(".tabbed-labels > label", has_text="SDK for Python (Boto3)").first.click()
        expect(page.locator(".tabbed-block", has_text="personalize.create_metric_attribution(").first).to_be_visible()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOT), full_page=True)

        # a related operation: the returned ARN is taken by DescribeMetricAttribution
        page.locator("#personalize-CreateMetricAttribution-related ~ ul a",
                     has_text="DescribeMetricAttribution").first.click()
        page.wait_for_url("**/personalize/DescribeMetricAttribution.html*")
        expect(page.locator("h1")).to_contain_text("metric attribution")
        browser.close()
    assert errors == []


def _no_overflow(site: Path, pages: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with served(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        found = overflows(browser.new_page(), base, pages)
        browser.close()
    seconds = time.perf_counter() - started
    print(f"\n{len(pages)} pages at {len(WIDTHS)} widths in {seconds:.0f} s")
    assert found == {}, f"{len(found)} page views overflow, first: {dict(list(found.items())[:5])}"


def test_no_page_of_the_sample_overflows(sample: tuple[Path, list[str]]) -> None:
    require_browser()
    site, pages = sample
    assert len(pages) > 40
    _no_overflow(site, pages)


@pytest.mark.slow  # over 1,000 pages (ec2's 830 among them): many CPU-minutes of Chromium, run explicitly
def test_no_page_of_the_four_sites_overflows(four_sites: tuple[Path, SiteReport]) -> None:
    require_browser()
    site, report = four_sites
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob("*/*.html"))
    assert len(pages) == report.pages + 4 > 1000  # the operations and the four overviews
    _no_overflow(site, ["index.html", *pages])


def test_browser_test_fails_rather_than_skips_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import browser

    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(pytest.fail.Exception):
        browser.require_browser()
