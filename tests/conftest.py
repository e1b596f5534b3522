"""Suite-wide guard: importing awscli rewrites ``AWS_DATA_PATH`` to put awscli's older bundled
models first (awscli/__init__.py), and every later test in the process would then generate from
them. Each test starts with the environment the session started with, and a test that changed
the variable leaves no cached models behind."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from generator.caches import release_service_caches

_START = os.environ.get("AWS_DATA_PATH")


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
