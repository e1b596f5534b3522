"""Stage ``values``: the example value tree every target renders.

A :class:`Value` knows the shape of every node, so each target can render it in its own syntax;
:func:`to_params` gives the boto3 keyword arguments it stands for and :func:`to_json` the values
file form. Trees come from :mod:`.validate` (a user's values document, checked against the
model) or :mod:`.synthesize` (realistic values chosen for the operation).

A scenario's step (:mod:`generator.lifecycle`) may hold nodes of kind :data:`REF`: a value an
earlier step of the program produced (``TableDescription.TableName`` of the create call), whose
``scalar`` is a :class:`Ref`. Every renderer writes such a node as a variable; :func:`resolve`
replaces them with the values a run actually produced, and :func:`to_params` refuses a tree
that still holds one.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REF = "ref"  # the node kind of a value taken from an earlier step of a scenario
ACCOUNT = "123456789012"  # the account and Region every example uses (AWS's documentation ones)
REGION = "us-east-1"

# (member path from the input shape down, list/map levels skipped; shape name; member name)
MemberFilter = Callable[[tuple[str, ...], str, str], bool]


@dataclass(frozen=True)
class Ref:
    """Where a scenario step's value comes from: the ``side`` (``input`` or ``output``) of step
    ``step`` of the same scenario, at the member ``path`` (``("TableDescription", "TableName")``;
    ``"[0]"`` stands for the first item of a list)."""

    step: int
    side: str
    path: tuple[str, ...]

    def __str__(self) -> str:
        return f"step {self.step} {self.side} {'.'.join(self.path)}"


class UnresolvedRefError(ValueError):
    """A value tree still holds a :data:`REF` node where concrete values are needed."""


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
    if kind == REF:
        raise UnresolvedRefError(f"{value.scalar} is not resolved")
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
    if kind == REF:
        raise UnresolvedRefError(f"{value.scalar} is not resolved")
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


def refs(value: Value, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Ref]]:
    """Every :data:`REF` node as (member path from the input down, ``"[i]"`` for list items and
    ``"{key}"`` for map values, its :class:`Ref`), in the tree's order."""
    if value.kind == REF:
        return [(path, value.scalar)]
    out: list[tuple[tuple[str, ...], Ref]] = []
    for name, child in value.fields:
        out += refs(child, path + (name,))
    for index, item in enumerate(value.items):
        out += refs(item, path + (f"[{index}]",))
    for key, item in value.entries:
        out += refs(item, path + (f"{{{key.scalar}}}",))
    return out


def resolve(value: Value, lookup: Callable[[Ref, Value], Value]) -> Value:
    """The tree with every :data:`REF` node replaced by ``lookup(ref, node)``: the concrete value
    (a node of the member's own kind) the earlier step produced."""
    if value.kind == REF:
        return lookup(value.scalar, value)
    if not (value.fields or value.items or value.entries):
        return value
    return Value(
        value.shape,
        value.kind,
        value.scalar,
        tuple((name, resolve(child, lookup)) for name, child in value.fields),
        tuple(resolve(item, lookup) for item in value.items),
        tuple((key, resolve(item, lookup)) for key, item in value.entries),
        value.document,
    )
