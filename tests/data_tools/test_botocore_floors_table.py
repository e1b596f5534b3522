"""generator/data/client/botocore_floors.json matches its sources: botocore's releases.

The table was made by ``tools.refresh_botocore_floors`` from every botocore release between
the oldest the pinned aiobotocore accepts and the installed one (wheels from PyPI, too many
to fetch in a test). Two of those releases are here without a download: the installed
botocore, and the one pip resolved in the async venv (``.ci/setup-async``). For every service
the table's floor must agree with that second release: at or below it exactly when that
release's model of the service is the installed one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import botocore
import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from generator.model.load import service_names
from generator.targets.client.floors import floor
from tools import refresh_botocore_floors as tool

ROOT = Path(__file__).resolve().parents[2]
TABLE = json.loads(tool.OUTPUT.read_text(encoding="utf-8"))


def test_the_table_is_for_the_installed_botocore() -> None:
    assert TABLE["botocore"] == botocore.__version__, (
        "stale: run python -m tools.refresh_botocore_floors (after bash .ci/setup-async)"
    )


def test_every_service_has_a_floor_among_the_releases_checked() -> None:
    assert set(TABLE["floors"]) >= set(service_names())
    allowed = {*TABLE["checked"], TABLE["botocore"]}
    assert all(found in allowed for found in TABLE["floors"].values())
    assert TABLE["checked"] == sorted(TABLE["checked"], key=Version)
    oldest = TABLE["checked"][0]
    assert Version(oldest) in SpecifierSet(TABLE["aiobotocore"]["botocore"])


def _async_botocore() -> Path | None:
    found = sorted((ROOT / ".cache/async-venv/lib").glob("python*/site-packages/botocore"))
    return found[0] if found else None


def test_floors_agree_with_the_botocore_release_of_the_async_venv() -> None:
    package = _async_botocore()
    if package is None:
        reason = "no async venv: run bash .ci/setup-async"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    text = (package / "__init__.py").read_text(encoding="utf-8")
    release = text.split("__version__ = '", 1)[1].split("'", 1)[0]
    assert release in TABLE["checked"]
    data = package / "data"
    older = tool.models(
        tool.model_files((str(p.relative_to(data)), p) for p in data.glob("*/*/*.json*"))
    )
    current = tool.models(tool.installed_files())
    wrong = []
    for service, found in TABLE["floors"].items():
        same = service in older and tool.same_model(older[service], current[service])
        if (Version(found) <= Version(release)) != same:
            wrong.append((service, found, same))
    assert wrong == []


def test_the_walk_stops_at_the_first_release_whose_model_differs() -> None:
    current = {"a": {"service-2.json": b"{}"}, "b": {"service-2.json": b'{"x": 1}'}}
    older = [
        ("1.0.3", {"a": {"service-2.json": b"{}"}, "b": {"service-2.json": b'{"x": 1}'}}),
        ("1.0.2", {"a": {"service-2.json": b'{"documentation": "d"}'}, "b": {}}),
        ("1.0.1", {"a": {"service-2.json": b"{}"}, "b": {"service-2.json": b'{"x": 1}'}}),
    ]
    assert tool.build(current, older) == {"a": "1.0.1", "b": "1.0.3"}


def test_packages_ask_for_their_floor() -> None:
    assert floor("personalize").botocore == TABLE["floors"]["personalize"]
    assert floor("personalize").aiobotocore == TABLE["aiobotocore"]["version"]
