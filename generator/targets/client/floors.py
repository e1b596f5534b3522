"""Target ``client``, dependencies: the botocore (and boto3) a package asks for, and whether its
``[async]`` extra resolves.

Input: a service name. Output: the package's botocore floor - the lowest botocore release
whose model of the service is the one the package is generated from, read from
``generator/data/client/botocore_floors.json`` (``tools/refresh_botocore_floors.py`` makes
it from botocore's releases on PyPI) when that table was made for the installed botocore,
else the installed version itself - and whether the aiobotocore release the table names
accepts a botocore at or above it, so that ``pip install '<package>[async]'`` resolves.

boto3 and botocore versions move together (boto3 1.43.115 needs botocore 1.43.115 to 1.44),
so the boto3 floor is the same number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import botocore
from packaging.specifiers import SpecifierSet
from packaging.version import Version

TABLE = Path(__file__).resolve().parents[2] / "data" / "client" / "botocore_floors.json"
AIOBOTOCORE_FLOOR = "3.10"
"""The oldest aiobotocore the async client is written for (the ``[async]`` extra)."""


@dataclass(frozen=True)
class Floor:
    """A package's botocore floor and what the pinned aiobotocore accepts."""

    botocore: str
    aiobotocore: str  # the aiobotocore release the table was made with ("" without a table)
    accepted: str  # the botocore versions that release accepts, as a specifier

    @property
    def async_resolves(self) -> bool:
        """Whether that aiobotocore release accepts the floor itself (floors are never below
        the oldest botocore it accepts, so this is whether it accepts any botocore the
        package works with)."""
        return bool(self.accepted) and Version(self.botocore) in SpecifierSet(self.accepted)


@cache
def _table() -> dict[str, Any]:
    if not TABLE.exists():
        return {}
    table: dict[str, Any] = json.loads(TABLE.read_text(encoding="utf-8"))
    return table


def floor(service: str) -> Floor:
    """The floor of ``service``'s package (the installed botocore when the table is stale)."""
    table = _table()
    installed = botocore.__version__
    if table.get("botocore") != installed:
        return Floor(installed, "", "")
    pin = table.get("aiobotocore", {})
    found = str(table.get("floors", {}).get(service, installed))
    return Floor(found, str(pin.get("version", "")), str(pin.get("botocore", "")))
