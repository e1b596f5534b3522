"""The JavaScript paginator table (generator/naming/data/js.json) and its refresh tool
(tools/refresh_js_sdk): every pinned client's paginators, as its installed package defines them."""

from __future__ import annotations

import json

from support import require_tool

from generator.naming import js
from generator.verify import jstool
from tools import refresh_js_sdk


def test_parser_reads_create_paginator_calls() -> None:
    bundle = (
        'const paginateListA = core.createPaginator(XClient, ListACommand, "nextToken", '
        '"nextToken", "maxResults");\n'
        'const paginateDescribeB = createPaginator(XClient, DescribeBCommand, "Marker", '
        '"EngineDefaults.Marker");\n'
    )
    assert refresh_js_sdk.paginators(bundle) == {
        "DescribeB": ["Marker", "EngineDefaults.Marker", None],
        "ListA": ["nextToken", "nextToken", "maxResults"],
    }


def test_every_pinned_client_has_its_paginators_recorded() -> None:
    data = json.loads(refresh_js_sdk.OUT.read_text(encoding="utf-8"))["packages"]
    pinned = {p: v for p, v in js.pinned_packages().items() if p.startswith(js.PACKAGE_PREFIX)}
    assert {p: e["version"] for p, e in data.items()} == pinned
    assert js.paginator("Personalize", "ListDatasets") == ("nextToken", "nextToken", "maxResults")
    assert js.paginator("Personalize", "CreateSchema") is None
    assert js.paginator("ACM", "ListCertificates") is None  # not pinned: unknown, not guessed


def test_table_matches_the_installed_packages() -> None:
    require_tool("npm", "the pinned clients are installed by npm ci (.ci/setup-jsgo)")
    cache = jstool.install()
    assert refresh_js_sdk.build(cache)["packages"] == json.loads(
        refresh_js_sdk.OUT.read_text(encoding="utf-8")
    )["packages"]
