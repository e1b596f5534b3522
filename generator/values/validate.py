"""Stage ``values``: a user's values document, validated against the model.

Input: the IR of one operation and the JSON that ``aws ... --generate-cli-skeleton input``
prints (boto3 keyword arguments, timestamps as ISO 8601 strings, blobs as text meaning its UTF-8
bytes). Output: a :class:`~generator.values.tree.Value` tree, or a
:class:`~generator.errors.ValuesError` naming the first problem with its path, and every further
problem (one line per member path) in its ``details``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from generator.errors import ValuesError
from generator.model import patterns
from generator.model.ir import NUMBER_KINDS, Member, Operation, Service, Shape
from generator.model.load import suggest
from generator.values.limits import PATTERN_SECONDS, header_name_problem, header_value_problem
from generator.values.tree import Value


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


_RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
_FLOAT_MAX = {"float": 3.4028234663852886e38}
_FLOAT_MIN = {"float": 1.401298464324817e-45, "double": 5e-324}
_MAX_EPOCH = 253370764800  # 9999-01-01T00:00:00Z
_SURROGATE = re.compile("[\ud800-\udfff]")


def _short(doc: Any) -> str:
    """A value quoted for an error line: control characters escaped, at most 80 characters."""
    if isinstance(doc, int) and not isinstance(doc, bool) and abs(doc) >= 10**30:
        return f"an integer of about {int(doc.bit_length() * 0.30103) + 1} digits"
    text = ascii(doc) if isinstance(doc, str) else repr(doc)
    return text if len(text) <= 80 else text[:77] + "..."


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
            if child is not None and not path and member.location in ("header", "headers"):
                child = self.header(member, child, where)
            if child is None:
                ok = False
            else:
                fields.append((member.name, child))
        if shape.kind == "union" and ok and len(fields) != 1:
            self.fail(path or shape.name, f"a union needs exactly one member, got {len(fields)}")
            ok = False
        return Value(shape.name, shape.kind, fields=tuple(fields)) if ok else None

    def header(self, member: Member, value: Value, path: str) -> Value | None:
        """A header member's strings must be sendable by every SDK alike (ASCII, one line:
        :func:`generator.values.limits.header_value_problem`); a headers map's keys are part of
        header names; S3 metadata (the ``x-amz-meta-`` map) is ASCII too (botocore checks)."""
        if member.jsonvalue:
            return value  # sent base64-encoded: any text goes
        problems: list[tuple[str, str]] = []
        if member.location == "headers":
            for key, item in value.entries:
                at = f"{path}[{str(key.scalar)!r}]"
                problems += [(at, p) for p in (header_name_problem(str(key.scalar)),) if p]
                if item.kind in ("string", "enum"):
                    problems += [(at, p) for p in (header_value_problem(str(item.scalar)),) if p]
        else:
            strings = [value] if value.kind in ("string", "enum") else list(value.items)
            for index, item in enumerate(strings):
                if item.kind in ("string", "enum"):
                    at = path if item is value else f"{path}[{index}]"
                    problems += [(at, p) for p in (header_value_problem(str(item.scalar)),) if p]
        for at, problem in problems:
            self.fail(at, problem)
        return None if problems else value

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
                self.fail(path, f"expected an integer, got {_short(doc)}")
                return None
            if not integral and isinstance(doc, int) and doc.bit_length() > 1000:
                self.fail(path, f"{_short(doc)} is outside the range of a {kind}")
                return None
            if not integral and not math.isfinite(doc):
                self.fail(path, f"expected a finite number, got {doc!r}")
                return None
            low, high = _RANGES.get(kind, (None, None))
            if integral and low is not None and high is not None and not low <= doc <= high:
                self.fail(path, f"{_short(doc)} is outside the range of a {kind} ({low} to {high})")
                return None
            if not integral and (
                abs(float(doc)) > _FLOAT_MAX.get(kind, math.inf)
                or 0 < abs(float(doc)) < _FLOAT_MIN.get(kind, 0)
            ):
                self.fail(path, f"{_short(doc)} is outside the range of a {kind}")
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
                self.fail(path, f"expected an ISO 8601 timestamp (years 1970 to 9998), got {_short(doc)}")
                return None
            return Value(shape.name, kind, scalar=moment)
        if isinstance(doc, str) and _SURROGATE.search(doc):
            self.fail(path, "contains a lone surrogate (not valid Unicode text)")
            return None
        if kind == "blob":
            data = str(doc).encode("utf-8")
            if not self._size(shape, len(data), path, "bytes"):
                return None
            return Value(shape.name, kind, scalar=data)
        text = str(doc)
        if c.enum and text not in c.enum:
            allowed = ", ".join(c.enum[:12]) + (", ..." if len(c.enum) > 12 else "")
            self.fail(path, f"{_short(text)} is not one of: {allowed}{suggest(text, list(c.enum))}")
            return None
        if not self._size(shape, len(text), path, "characters"):
            return None
        try:
            mismatch = c.pattern is not None and patterns.matches(c.pattern, text, PATTERN_SECONDS) is False
        except TimeoutError:
            self.fail(path, f"a value of {len(text)} characters could not be checked against the "
                            f"pattern {c.pattern} within {PATTERN_SECONDS:g} seconds")
            return None
        if mismatch:
            self.fail(path, f"{_short(text)} does not match the pattern {c.pattern}")
            return None
        return Value(shape.name, kind, scalar=text)


def parse_timestamp(doc: Any) -> dt.datetime | None:
    """An aware UTC datetime from epoch seconds or ISO 8601, or None when it is not one.

    Years outside 1970-9998 are refused: every SDK can write those (epoch seconds are not
    negative, and an offset cannot push the year past 9999); epoch milliseconds, NaN and
    infinities are refused too.
    """
    try:
        if isinstance(doc, (int, float)) and not isinstance(doc, bool):
            if not math.isfinite(doc) or not 0 <= doc < _MAX_EPOCH:
                return None
            moment = dt.datetime.fromtimestamp(doc, tz=dt.UTC)
        elif isinstance(doc, str) and len(doc) <= 64:
            moment = dt.datetime.fromisoformat(doc.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            moment = moment.astimezone(dt.UTC)
        else:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    return moment if 1970 <= moment.year <= 9998 else None


def from_document(service: Service, operation: Operation, doc: Any, source: str = "") -> Value:
    """Validate a user values document; raise :class:`ValuesError` naming every problem."""
    if operation.input is None:
        if doc not in ({}, None):
            raise ValuesError(f"{operation.name} takes no input", path=source)
        return Value("", "structure")
    if not isinstance(doc, dict):
        raise ValuesError(f"expected a JSON object, got {_json_type(doc)}", path=source)
    checker = _Validator(service)
    value = checker.value(operation.input, doc, "")
    if checker.problems or value is None:
        grouped: dict[str, list[str]] = {}
        for path, message in checker.problems:
            if message not in grouped.setdefault(path, []):
                grouped[path].append(message)
        lines = [(path, "; ".join(messages)) for path, messages in grouped.items()]
        first_path, first_message = lines[0]
        where = f"{source}: {first_path}" if source and first_path else (source or first_path)
        details = tuple(f"{path}: {message}" if path else message for path, message in lines[1:])
        raise ValuesError(first_message, path=where, details=details)
    return value


def shape_value(service: Service, shape_name: str, doc: Any, path: str = "") -> tuple[Value | None, list[str]]:
    """A document read as one shape of the service: its value tree, or the problems found
    (``path: message`` each)."""
    checker = _Validator(service)
    value = checker.value(shape_name, doc, path)
    problems = [f"{where}: {message}" if where else message for where, message in checker.problems]
    return (value if not problems else None), problems
