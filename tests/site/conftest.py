"""The sites the site tests share: the four services the issue names, built once per session
(the link check reads them, the browser test opens every page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.generate.pipeline import DEFAULT_VALUES
from generator.site.build import SiteReport, build_site

FOUR = ("personalize", "s3", "dynamodb", "ec2")  # ec2 is the largest model: about 830 pages


@pytest.fixture(scope="session")
def four_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteReport]:
    out = tmp_path_factory.mktemp("four") / "site"
    report = build_site([(name, None) for name in FOUR], DEFAULT_VALUES, out)
    return out, report
