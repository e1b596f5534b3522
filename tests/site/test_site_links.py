"""Link check over whole built sites: 0 broken internal links (files and anchors).

One module, each site built once: Personalize (the seed service, with its values), and s3,
dynamodb and ec2 (synthesized values; ec2 is the largest model, about 750 pages, and takes the
longest). Every href and src of every HTML page must name a file of the site, and every
fragment an id on that page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.generate.pipeline import DEFAULT_VALUES
from generator.site.build import build_site, check_links

SITES = ("personalize", "s3", "dynamodb", "ec2")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sites: dict[str, Path] = {}
    for name in SITES:
        out = tmp_path_factory.mktemp(name) / "site"
        build_site([(name, None)], DEFAULT_VALUES, out)
        sites[name] = out
    return sites


@pytest.mark.parametrize("name", SITES)
def test_site_has_no_broken_internal_links(built: dict[str, Path], name: str) -> None:
    site = built[name]
    pages = list((site / name).glob("*.html"))
    assert len(pages) > 20, f"{name}: only {len(pages)} pages"
    broken = check_links(site)
    assert broken == [], f"{len(broken)} broken links, first: {broken[:10]}"


def test_every_operation_page_has_the_four_language_tabs(built: dict[str, Path]) -> None:
    page = (built["personalize"] / "personalize" / "ListDatasets.html").read_text(encoding="utf-8")
    for label in ("AWS CLI", "SDK for Python (Boto3)", "SDK for Java 2.x", "Typed Python client"):
        assert f">{label}</label>" in page, label
    assert "paginate_list_datasets" in page
