"""Link check over whole built sites: 0 broken internal links (files and anchors).

The four sites the issue names, built once for the session (``tests/conftest.four_sites``): Personalize
(the seed service, with its values), s3, dynamodb and ec2 (synthesized values; ec2 is the largest
model, about 830 pages). The build checks every link as it writes the pages; here the built
folder is read back and every href and src of every HTML page must name a file of the site, and
every fragment an id on that page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.build import SiteReport, check_links

SITES = ("personalize", "s3", "dynamodb", "ec2")


def test_the_build_found_no_broken_link(four_sites: tuple[Path, SiteReport]) -> None:
    site, report = four_sites
    assert report.broken == []
    assert report.services == len(SITES) and report.processes >= 1


@pytest.mark.parametrize("name", SITES)
def test_site_has_no_broken_internal_links(four_sites: tuple[Path, SiteReport], name: str) -> None:
    site, _ = four_sites
    pages = list((site / name).glob("*.html"))
    assert len(pages) > 20, f"{name}: only {len(pages)} pages"
    if name == SITES[0]:  # one reading of the whole folder (all four services, home, 404)
        broken = check_links(site)
        assert broken == [], f"{len(broken)} broken links, first: {broken[:10]}"


def test_every_operation_page_has_a_tab_per_language(four_sites: tuple[Path, SiteReport]) -> None:
    site, _ = four_sites
    page = (site / "personalize" / "ListDatasets.html").read_text(encoding="utf-8")
    for label in ("AWS CLI", "SDK for Python (Boto3)", "SDK for Java 2.x", "SDK for JavaScript (v3)",
                  "SDK for Go V2", "SDK for Rust", "Typed Python client"):
        assert f">{label}</label>" in page, label
    assert "paginate_list_datasets" in page
