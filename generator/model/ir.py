"""Intermediate representation: frozen, language-neutral dataclasses.

Stage ``lower`` builds these from a botocore model; every later stage reads them. Nothing here
holds target-language syntax: names are the model's own, types are the model's type names.
Shapes refer to each other by name, so recursion is a cycle in the name graph; the set of
shapes that can reach themselves is computed once and kept in :attr:`Service.recursive`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "structure",
    "union",
    "list",
    "map",
    "string",
    "enum",
    "integer",
    "long",
    "float",
    "double",
    "boolean",
    "blob",
    "timestamp",
    "document",
]

SCALAR_KINDS = frozenset(
    {"string", "enum", "integer", "long", "float", "double", "boolean", "blob", "timestamp"}
)
NUMBER_KINDS = frozenset({"integer", "long", "float", "double"})


@dataclass(frozen=True)
class Constraints:
    """Model constraints: ``min``/``max`` bound lengths, sizes or numeric ranges."""

    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Member:
    """A member of a structure (or the item/key/value of a list or map)."""

    name: str
    target: str
    required: bool = False
    documentation: str = ""
    location: str = ""
    location_name: str = ""
    idempotency_token: bool = False
    host_label: bool = False
    deprecated: bool = False
    jsonvalue: bool = False
    event_payload: bool = False
    context_param: bool = False
    streaming: bool = False


@dataclass(frozen=True)
class Shape:
    """One named shape of the model."""

    name: str
    kind: Kind
    members: tuple[Member, ...] = ()
    item: Member | None = None
    key: Member | None = None
    value: Member | None = None
    constraints: Constraints = Constraints()
    documentation: str = ""
    streaming: bool = False
    event_stream: bool = False
    error: bool = False
    sensitive: bool = False
    timestamp_format: str = ""
    deprecated: bool = False
    payload: str = ""

    def targets(self) -> list[str]:
        """The shapes this one refers to: its members' targets, list item, map key and value."""
        refs = list(self.members) + [r for r in (self.item, self.key, self.value) if r]
        return [r.target for r in refs]

    def member(self, name: str) -> Member | None:
        for m in self.members:
            if m.name == name:
                return m
        return None


@dataclass(frozen=True)
class Paginator:
    input_token: tuple[str, ...]
    output_token: tuple[str, ...]
    limit_key: str = ""
    result_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    name: str
    input: str | None
    output: str | None
    errors: tuple[str, ...] = ()
    documentation: str = ""
    http_method: str = "POST"
    request_uri: str = "/"
    host_prefix: str = ""
    deprecated: bool = False
    paginator: Paginator | None = None
    auth_type: str = ""


@dataclass(frozen=True)
class Service:
    """A service: its identity, protocol and the shapes and operations of its model."""

    name: str
    service_id: str
    full_name: str
    api_version: str
    protocol: str
    protocols: tuple[str, ...]
    endpoint_prefix: str
    signing_name: str
    target_prefix: str
    documentation: str
    shapes: dict[str, Shape] = field(repr=False)
    operations: dict[str, Operation] = field(repr=False)
    recursive: frozenset[str] = frozenset()

    def shape(self, name: str) -> Shape:
        return self.shapes[name]

    def operation(self, name: str) -> Operation:
        return self.operations[name]

    def payload_blob(self, shape_name: str | None) -> Member | None:
        """The blob payload member of an input or output (botocore treats it as a stream)."""
        if shape_name is None:
            return None
        shape = self.shapes[shape_name]
        member = shape.member(shape.payload) if shape.payload else None
        if member is not None and self.shapes[member.target].kind == "blob":
            return member
        return None

    def is_streaming(self, member: Member) -> bool:
        """A member with the ``streaming`` trait (on the member or its shape)."""
        return member.streaming or self.shapes[member.target].streaming

    def reachable(self, roots: Iterable[str]) -> frozenset[str]:
        """Every shape reachable from ``roots`` (the roots included)."""
        seen: set[str] = set()
        stack = [r for r in roots if r in self.shapes]
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(t for t in self.shapes[name].targets() if t not in seen)
        return frozenset(seen)
