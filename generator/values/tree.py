"""Stage ``values``: the example value tree every target renders, validated against the model.

Input: the IR of one operation and either a user values document (the JSON that
``aws ... --generate-cli-skeleton input`` prints: boto3 keyword arguments, timestamps as ISO 8601
strings, blobs as text meaning its UTF-8 bytes) or nothing, in which case realistic values are
synthesized. Output: a :class:`Value` tree that knows the shape of every node, so each target can
render it in its own syntax, plus :func:`to_params`, the boto3 keyword arguments it stands for.

Synthesis never emits a placeholder the API would reject: every string is checked against the
member's length bounds, enum and pattern before it is used. Recursive shapes are cut at a small
depth by leaving out optional members and choosing non-recursive union members.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.errors import UnsupportedError, ValuesError
from generator.model import patterns
from generator.model.ir import NUMBER_KINDS, Member, Operation, Service, Shape
from generator.model.load import suggest
from generator.values.strings import string_candidates

EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18
EXAMPLE_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
MAX_DEPTH = 4
SKIPPED_OPTIONAL = re.compile(
    r"^(ChecksumAlgorithm|Checksum\w*|ContentMD5|ContentSHA256|ContentLength|nextToken|NextToken|Marker"
    r"|StartingToken|ContinuationToken|PaginationToken|ExclusiveStartKey)$"
)


# (member path from the input shape down, list/map levels skipped; shape name; member name)
MemberFilter = Callable[[tuple[str, ...], str, str], bool]


def _any_member(path: tuple[str, ...], shape: str, member: str) -> bool:
    return True


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


# --------------------------------------------------------------------------- validation


def _describe(kind: str) -> str:
    return {
        "structure": "an object",
        "union": "an object with exactly one member",
        "map": "an object",
        "list": "an array",
        "string": "a string",
        "enum": "a string",
        "integer": "an integer",
        "long": "an integer",
        "float": "a number",
        "double": "a number",
        "boolean": "true or false",
        "blob": "a string (its UTF-8 bytes)",
        "timestamp": "an ISO 8601 timestamp string",
        "document": "any JSON value",
    }[kind]


def _json_type(doc: Any) -> str:
    if doc is None:
        return "null"
    if isinstance(doc, bool):
        return "a boolean"
    if isinstance(doc, (int, float)):
        return "a number"
    if isinstance(doc, str):
        return "a string"
    if isinstance(doc, list):
        return "an array"
    return "an object"


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "structure": (dict,),
    "union": (dict,),
    "map": (dict,),
    "list": (list,),
    "string": (str,),
    "enum": (str,),
    "blob": (str,),
    "timestamp": (str, int, float),
}


class _Validator:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.problems: list[tuple[str, str]] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def value(self, shape_name: str, doc: Any, path: str) -> Value | None:
        shape = self.service.shape(shape_name)
        kind = shape.kind
        expected_type = _JSON_TYPES.get(kind)
        if kind in NUMBER_KINDS or kind == "boolean":
            return self.scalar(shape, doc, path)
        if expected_type is not None and (
            not isinstance(doc, expected_type) or isinstance(doc, bool)
        ):
            self.fail(path, f"expected {_describe(kind)}, got {_json_type(doc)}")
            return None
        if kind in ("structure", "union"):
            return self.structure(shape, doc, path)
        if kind == "list":
            return self.list(shape, doc, path)
        if kind == "map":
            return self.map(shape, doc, path)
        if kind == "document":
            return Value(shape.name, kind, document=doc)
        return self.scalar(shape, doc, path)

    def structure(self, shape: Shape, doc: dict[str, Any], path: str) -> Value | None:
        names = [m.name for m in shape.members]
        fields: list[tuple[str, Value]] = []
        ok = True
        for key in doc:
            if key not in names:
                where = f"{path}.{key}" if path else key
                self.fail(where, f"unknown member{suggest(key, names)}")
                ok = False
        for member in shape.members:
            where = f"{path}.{member.name}" if path else member.name
            if member.name not in doc:
                if member.required and shape.kind == "structure":
                    self.fail(where, "missing required member")
                    ok = False
                continue
            child = self.value(member.target, doc[member.name], where)
            if child is None:
                ok = False
            else:
                fields.append((member.name, child))
        if shape.kind == "union" and ok and len(fields) != 1:
            self.fail(path or shape.name, f"a union needs exactly one member, got {len(fields)}")
            ok = False
        return Value(shape.name, shape.kind, fields=tuple(fields)) if ok else None

    def _size(self, shape: Shape, size: int, path: str, unit: str) -> bool:
        low, high = shape.constraints.min, shape.constraints.max
        if low is not None and size < low:
            self.fail(path, f"has {size} {unit}, fewer than the minimum {int(low)}")
            return False
        if high is not None and size > high:
            self.fail(path, f"has {size} {unit}, more than the maximum {int(high)}")
            return False
        return True

    def list(self, shape: Shape, doc: list[Any], path: str) -> Value | None:
        assert shape.item is not None
        items = [self.value(shape.item.target, item, f"{path}[{i}]") for i, item in enumerate(doc)]
        ok = self._size(shape, len(doc), path, "items")
        if not ok or any(item is None for item in items):
            return None
        return Value(shape.name, "list", items=tuple(i for i in items if i is not None))

    def map(self, shape: Shape, doc: dict[str, Any], path: str) -> Value | None:
        assert shape.key is not None and shape.value is not None
        entries: list[tuple[Value, Value]] = []
        ok = self._size(shape, len(doc), path, "entries")
        for key, item in doc.items():
            key_value = self.value(shape.key.target, key, f"{path}[{key!r}]")
            item_value = self.value(shape.value.target, item, f"{path}[{key!r}]")
            if key_value is None or item_value is None:
                ok = False
            else:
                entries.append((key_value, item_value))
        return Value(shape.name, "map", entries=tuple(entries)) if ok else None

    def scalar(self, shape: Shape, doc: Any, path: str) -> Value | None:
        kind = shape.kind
        c = shape.constraints
        if kind == "boolean":
            if not isinstance(doc, bool):
                self.fail(path, f"expected true or false, got {_json_type(doc)}")
                return None
            return Value(shape.name, kind, scalar=doc)
        if kind in NUMBER_KINDS:
            integral = kind in ("integer", "long")
            if isinstance(doc, bool) or not isinstance(doc, (int, float)):
                self.fail(path, f"expected {_describe(kind)}, got {_json_type(doc)}")
                return None
            if integral and not isinstance(doc, int):
                self.fail(path, f"expected an integer, got {doc!r}")
                return None
            if c.min is not None and doc < c.min:
                self.fail(path, f"{doc} is below the minimum {c.min:g}")
                return None
            if c.max is not None and doc > c.max:
                self.fail(path, f"{doc} is above the maximum {c.max:g}")
                return None
            return Value(shape.name, kind, scalar=doc if integral else float(doc))
        if kind == "timestamp":
            moment = parse_timestamp(doc)
            if moment is None:
                self.fail(path, f"expected an ISO 8601 timestamp, got {doc!r}")
                return None
            return Value(shape.name, kind, scalar=moment)
        if kind == "blob":
            data = str(doc).encode("utf-8")
            if not self._size(shape, len(data), path, "bytes"):
                return None
            return Value(shape.name, kind, scalar=data)
        text = str(doc)
        if c.enum and text not in c.enum:
            allowed = ", ".join(c.enum[:12]) + (", ..." if len(c.enum) > 12 else "")
            self.fail(path, f"'{text}' is not one of: {allowed}{suggest(text, list(c.enum))}")
            return None
        if not self._size(shape, len(text), path, "characters"):
            return None
        if c.pattern is not None and patterns.matches(c.pattern, text) is False:
            self.fail(path, f"'{text}' does not match the pattern {c.pattern}")
            return None
        return Value(shape.name, kind, scalar=text)


def parse_timestamp(doc: Any) -> dt.datetime | None:
    if isinstance(doc, (int, float)) and not isinstance(doc, bool):
        return dt.datetime.fromtimestamp(doc, tz=dt.UTC)
    if not isinstance(doc, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(doc.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def from_document(service: Service, operation: Operation, doc: Any, source: str = "") -> Value:
    """Validate a user values document; raise :class:`ValuesError` naming every problem."""
    prefix = f"{source}: " if source else ""
    if operation.input is None:
        if doc not in ({}, None):
            raise ValuesError(f"{prefix}{operation.name} takes no input", path=source)
        return Value("", "structure")
    if not isinstance(doc, dict):
        raise ValuesError(f"{prefix}expected a JSON object, got {_json_type(doc)}", path=source)
    checker = _Validator(service)
    value = checker.value(operation.input, doc, "")
    if checker.problems or value is None:
        first_path, first_message = checker.problems[0]
        more = len(checker.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ValuesError(f"{prefix}{first_path}: {first_message}{tail}", path=first_path)
    return value


# --------------------------------------------------------------------------- synthesis


class _Synth:
    def __init__(
        self, service: Service, operation: Operation, usable: MemberFilter | None = None
    ) -> None:
        self.service = service
        self.operation = operation
        self.usable = usable or _any_member

    def value(self, shape_name: str, member: Member | None, depth: int, trail: tuple[str, ...]) -> Value:
        shape = self.service.shape(shape_name)
        kind = shape.kind
        if kind == "structure":
            return self.structure(shape, depth, trail)
        if kind == "union":
            return self.union(shape, depth, trail)
        if kind == "list":
            assert shape.item is not None
            count = max(1, int(shape.constraints.min or 0))
            if depth >= MAX_DEPTH and not shape.constraints.min:
                count = 0
            items = tuple(
                self.value(shape.item.target, member, depth + 1, trail) for _ in range(count)
            )
            if count > 1 and self.service.shape(shape.item.target).kind in ("string", "enum"):
                items = tuple(self._distinct(shape.item.target, member, i, trail) for i in range(count))
            return Value(shape.name, "list", items=items)
        if kind == "map":
            assert shape.key is not None and shape.value is not None
            if depth >= MAX_DEPTH and not shape.constraints.min:
                return Value(shape.name, "map")
            key_trail = ("tagKey",) if "tag" in "".join(trail).lower() else ("mapKey",)
            key_shape = self.service.shape(shape.key.target)
            keys = [self.string(key_shape, None, key_trail)]
            wanted = max(1, int(shape.constraints.min or 0))
            index = 1
            while len(keys) < wanted:  # as many distinct keys as the map's minimum asks
                if index > wanted + 20:
                    raise UnsupportedError(f"no {wanted} distinct keys for map {shape.name}")
                key = self._distinct(key_shape.name, None, index, key_trail)
                index += 1
                if all(key.scalar != other.scalar for other in keys):
                    keys.append(key)
            item = self.value(shape.value.target, member, depth + 1, trail)
            return Value(shape.name, "map", entries=tuple((key, item) for key in keys))
        if kind == "document":
            return Value(shape.name, kind, document={"key": "value"})
        return self.scalar(shape, member, trail)

    def _distinct(self, shape_name: str, member: Member | None, index: int, trail: tuple[str, ...]) -> Value:
        shape = self.service.shape(shape_name)
        if shape.kind == "enum" and index < len(shape.constraints.enum):
            return Value(shape.name, "enum", scalar=shape.constraints.enum[index])
        base = self.string(shape, member, trail + (str(index),))
        return base

    def include_optional(self, shape: Shape, member: Member, depth: int) -> bool:
        if member.deprecated or member.context_param or SKIPPED_OPTIONAL.match(member.name):
            return False  # optional endpoint context params would re-route the request
        target = self.service.shape(member.target)
        if target.streaming or target.event_stream or target.deprecated:
            return False
        if member.target in self.service.recursive or shape.name in self.service.recursive:
            return False
        return depth <= 1

    def structure(self, shape: Shape, depth: int, trail: tuple[str, ...]) -> Value:
        fields = []
        for member in shape.members:
            if not (member.required or self.include_optional(shape, member, depth)):
                continue
            if not member.required and not self.usable(trail + (member.name,), shape.name, member.name):
                continue  # a target could not express it; leave the optional member out
            if member.idempotency_token and not member.required:
                continue
            try:
                child = self.value(member.target, member, depth + 1, trail + (member.name,))
            except UnsupportedError:
                if member.required:
                    raise
                continue  # an optional member we cannot fill is simply left out
            fields.append((member.name, child))
        if not fields and shape.members:
            # An empty object says little and often is rejected (DynamoDB's AttributeValue is
            # a union in all but name): set the cheapest non-recursive member instead.
            usable = [
                m for m in shape.members if self.usable(trail + (m.name,), shape.name, m.name)
            ]
            chosen = min(usable or shape.members, key=lambda m: self._cost(m, 2))
            if not chosen.deprecated:
                child = self.value(chosen.target, chosen, depth + 1, trail + (chosen.name,))
                fields.append((chosen.name, child))
        return Value(shape.name, "structure", fields=tuple(fields))

    def _cost(self, member: Member, depth: int) -> tuple[int, int, int]:
        target = self.service.shape(member.target)
        recursive = member.target in self.service.recursive
        rank = {"string": 0, "enum": 0, "integer": 1, "long": 1, "boolean": 1}.get(target.kind, 2)
        unsendable = int(target.event_stream or target.streaming or member.deprecated)
        return (unsendable, int(recursive), rank if depth >= 2 else 0)

    def union(self, shape: Shape, depth: int, trail: tuple[str, ...]) -> Value:
        candidates = [m for m in shape.members if not self.service.shape(m.target).event_stream]
        preferred = [m for m in candidates if self.usable(trail + (m.name,), shape.name, m.name)]
        candidates = preferred or candidates
        if not candidates:
            raise UnsupportedError(f"union {shape.name} has no member that can be sent")
        chosen = min(candidates, key=lambda m: self._cost(m, depth))
        child = self.value(chosen.target, chosen, depth + 1, trail + (chosen.name,))
        return Value(shape.name, "union", fields=((chosen.name, child),))

    def scalar(self, shape: Shape, member: Member | None, trail: tuple[str, ...]) -> Value:
        kind = shape.kind
        c = shape.constraints
        if kind == "boolean":
            return Value(shape.name, kind, scalar=True)
        if kind in NUMBER_KINDS:
            name = (member.name if member else "").lower()
            preferred = 10 if ("max" in name or "limit" in name or "size" in name) else 1
            low = c.min if c.min is not None else None
            high = c.max if c.max is not None else None
            number = float(preferred)
            if low is not None and number < low:
                number = float(low)
            if high is not None and number > high:
                number = float(high)
            if kind in ("integer", "long"):
                return Value(shape.name, kind, scalar=int(number))
            return Value(shape.name, kind, scalar=number)
        if kind == "timestamp":
            return Value(shape.name, kind, scalar=EXAMPLE_TIME)
        if kind == "blob":
            size = int(c.min or 0)
            name = member.name if member else ""
            # a zip member gets a real (empty) zip archive: tools such as awscli check it
            data = EMPTY_ZIP if name.lower().endswith("zipfile") else b"example data"
            if len(data) < size:
                data = data + b"." * (size - len(data))
            if c.max is not None and len(data) > c.max:
                data = data[: int(c.max)]
            return Value(shape.name, kind, scalar=data)
        return self.string(shape, member, trail)

    def string(self, shape: Shape, member: Member | None, trail: tuple[str, ...]) -> Value:
        c = shape.constraints
        if c.enum:
            return Value(shape.name, "enum", scalar=c.enum[0])
        low = int(c.min or 0)
        high = int(c.max) if c.max is not None else None
        context = trail + ((member.name,) if member and (not trail or trail[-1] != member.name) else ())
        for text in string_candidates(self.service, self.operation, shape, context):
            if len(text) < low or (high is not None and len(text) > high):
                continue
            if c.pattern is None or patterns.matches(c.pattern, text) is not False:
                return Value(shape.name, shape.kind, scalar=text)
        if c.pattern is not None:
            generated = patterns.generate(c.pattern, low, high)
            if generated is not None:
                return Value(shape.name, shape.kind, scalar=generated)
            raise UnsupportedError(
                f"no value found for pattern {c.pattern} (length {low}..{high})",
                path=f"{self.service.name}:{shape.name}",
            )
        text = "example"
        if len(text) < low:
            text = text + "x" * (low - len(text))
        if high is not None:
            text = text[:high]
        return Value(shape.name, shape.kind, scalar=text)


def synthesize(service: Service, operation: Operation, usable: MemberFilter | None = None) -> Value:
    """Realistic values for an operation's input that pass every model constraint.

    ``usable`` says which optional members every target can express (see
    :mod:`generator.capabilities.members`); the others are left out so one value tree serves all.
    """
    if operation.input is None:
        return Value("", "structure")
    return _Synth(service, operation, usable).value(operation.input, None, 0, ())


def synthesize_shape(service: Service, shape_name: str, depth: int = 0) -> Value:
    """Values for any shape (used for synthesized responses)."""
    dummy = Operation(name="", input=None, output=None)
    return _Synth(service, dummy).value(shape_name, None, depth, ())
