"""Stage ``values``: the example value tree every target renders.

A :class:`Value` knows the shape of every node, so each target can render it in its own syntax;
:func:`to_params` gives the boto3 keyword arguments it stands for and :func:`to_json` the values
file form. Trees come from :mod:`.validate` (a user's values document, checked against the
model) or :mod:`.synthesize` (realistic values chosen for the operation).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ACCOUNT = "123456789012"  # the account and Region every example uses (AWS's documentation ones)
REGION = "us-east-1"

# (member path from the input shape down, list/map levels skipped; shape name; member name)
MemberFilter = Callable[[tuple[str, ...], str, str], bool]


@dataclass(frozen=True)
class Value:
    """One node of an example value: its shape, and exactly one payload for its kind."""

    shape: str
    kind: str
    scalar: Any = None
    fields: tuple[tuple[str, Value], ...] = ()
    items: tuple[Value, ...] = ()
    entries: tuple[tuple[Value, Value], ...] = ()
    document: Any = None

    def field(self, name: str) -> Value | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None


# --------------------------------------------------------------------------- conversion


def to_params(value: Value) -> Any:
    """The boto3 keyword-argument form of a value (bytes, aware datetimes, dicts, lists)."""
    kind = value.kind
    if kind in ("structure", "union"):
        return {name: to_params(child) for name, child in value.fields}
    if kind == "list":
        return [to_params(item) for item in value.items]
    if kind == "map":
        return {to_params(k): to_params(v) for k, v in value.entries}
    if kind == "document":
        return value.document
    return value.scalar


def to_json(value: Value) -> Any:
    """The values-file form: like :func:`to_params` with ISO timestamps and text blobs."""
    kind = value.kind
    if kind in ("structure", "union"):
        return {name: to_json(child) for name, child in value.fields}
    if kind == "list":
        return [to_json(item) for item in value.items]
    if kind == "map":
        return {to_json(k): to_json(v) for k, v in value.entries}
    if kind == "document":
        return value.document
    if kind == "timestamp":
        return iso8601(value.scalar)
    if kind == "blob":
        data: bytes = value.scalar
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(data).decode("ascii")
    return value.scalar


def iso8601(moment: dt.datetime) -> str:
    text = moment.astimezone(dt.UTC).isoformat()
    return text.replace("+00:00", "Z")


def member_paths(
    value: Value, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], str, str]]:
    """Every set member as (path from the input down, shape, member); list/map levels skipped."""
    out: list[tuple[tuple[str, ...], str, str]] = []
    if value.kind in ("structure", "union"):
        for name, child in value.fields:
            out.append((path + (name,), value.shape, name))
            out += member_paths(child, path + (name,))
    for item in value.items:
        out += member_paths(item, path)
    for _key, item in value.entries:
        out += member_paths(item, path)
    return out
