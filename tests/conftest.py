"""Suite-wide guard: importing awscli rewrites ``AWS_DATA_PATH`` to put awscli's older bundled
models first (awscli/__init__.py), and every later test in the process would then generate from
them. Each test starts with the environment the session started with, and a test that changed
the variable leaves no cached models behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from generator.caches import release_service_caches

_START = os.environ.get("AWS_DATA_PATH")
FOUR_SITES = ("personalize", "s3", "dynamodb", "ec2")


@pytest.fixture(autouse=True)
def _botocore_data_path(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "data_tools" in request.path.parts:  # those tests drive awscli: their conftest restores it
        return
    if os.environ.get("AWS_DATA_PATH") != _START:
        if _START is None:
            os.environ.pop("AWS_DATA_PATH", None)
        else:
            os.environ["AWS_DATA_PATH"] = _START
        release_service_caches()


@pytest.fixture(scope="session")
def four_sites(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The docs site of the four services issue 27 names - personalize (the seed's values), s3,
    dynamodb and ec2 (the largest model, about 830 pages) - built once for the session: the
    site's link check reads it and its browser test opens every page. (service, report)."""
    # deferred: the site builder loads MkDocs' Markdown stack, which most tests never need
    from generator.generate.pipeline import DEFAULT_VALUES
    from generator.site.build import build_site

    out = tmp_path_factory.mktemp("four") / "site"
    report = build_site([(name, None) for name in FOUR_SITES], DEFAULT_VALUES, out)
    return out, report
