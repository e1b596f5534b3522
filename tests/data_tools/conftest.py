"""The refresh tools are imported as the ``tools`` package of the repository root."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.caches import release_service_caches

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture(autouse=True, scope="package")
def _awscli_data_path() -> Iterator[None]:
    """awscli's driver finds its own data (cli.json, its bundled models) through the
    ``AWS_DATA_PATH`` that ``import awscli`` sets; the suite resets that variable after other
    tests, so these tests set it as awscli would, and put back what was there afterwards."""
    import awscli  # the refresh tools' own dependency

    before = os.environ.get("AWS_DATA_PATH")
    data = str(Path(awscli.__file__).resolve().parent / "data")
    parts = [p for p in (before or "").split(os.pathsep) if p]
    if data not in parts:
        parts.append(data)
    os.environ["AWS_DATA_PATH"] = os.pathsep.join(parts)
    yield
    if before is None:
        os.environ.pop("AWS_DATA_PATH", None)
    else:
        os.environ["AWS_DATA_PATH"] = before
    release_service_caches()
