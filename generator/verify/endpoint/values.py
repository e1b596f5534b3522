"""Shape-driven value normalisation shared by every protocol decoder.

Stage: last step of request decoding (``decode.py`` and ``cbor.py``).
Input: a botocore ``Shape`` and a loosely typed value as produced by a wire
parser (moto's parsers, cbor2, or header/query text).
Output: the value in boto3-kwargs shape, identical for every protocol:

* structure/union -> ``dict`` keyed by *member* names, ``None`` members dropped
  (no empty containers are invented; containers that were on the wire stay);
* document, and ``jsonvalue`` header strings -> the JSON value unchanged;
* blob -> ``bytes``; timestamp -> timezone-aware UTC ``datetime``;
* integer/long/short/byte -> ``int``; float/double -> ``float``;
  boolean -> ``bool``; string -> ``str``.

CBOR sends ``float`` (32-bit) members as IEEE single precision; with
``float32=True`` such values are mapped back to the shortest decimal that
round-trips through float32 (``0.1`` rather than ``0.10000000149011612``),
which is what the caller wrote.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import base64
import binascii
import math
import struct
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.utils import parse_timestamp

__all__ = [
    "FLOAT_TYPES",
    "INT_TYPES",
    "DecodeError",
    "normalise",
    "scalar_from_text",
    "shortest_float32",
    "to_blob",
    "to_datetime",
]

INT_TYPES = frozenset({"integer", "long", "short", "byte"})
FLOAT_TYPES = frozenset({"float", "double"})


class DecodeError(ValueError):
    """The request addresses a known operation but its content does not decode."""


def to_datetime(value: Any) -> datetime:
    """Any wire timestamp (epoch number/text, ISO 8601, RFC 822) -> aware UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromtimestamp(float(text), UTC)
        except ValueError:
            pass
        try:  # fast path for ISO 8601; RFC 822 and oddities go to botocore
            return to_datetime(datetime.fromisoformat(text))
        except ValueError:
            pass
        try:
            parsed: datetime = parse_timestamp(text)
        except (ValueError, OverflowError) as exc:
            raise DecodeError(f"bad timestamp {value!r}") from exc
        return to_datetime(parsed)
    raise DecodeError(f"bad timestamp {value!r}")


def to_blob(value: Any) -> bytes:
    """Raw bytes stay bytes; text is treated as base64 (json/query/xml)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise DecodeError(f"bad base64 blob {value[:40]!r}") from exc
    raise DecodeError(f"bad blob {value!r}")


def shortest_float32(value: float) -> float:
    """Shortest decimal whose float32 rounding equals ``value``'s float32."""
    if math.isnan(value) or math.isinf(value):
        return value
    try:
        target = struct.pack(">f", value)
    except OverflowError:
        return value
    if struct.unpack(">f", target)[0] != value:
        return value  # not a float32 value: it was sent as a double
    for digits in range(1, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.pack(">f", candidate) == target:
            return candidate
    return value


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    if isinstance(value, int):
        return bool(value)
    raise DecodeError(f"bad boolean {value!r}")


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise DecodeError(f"bad integer {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError as exc:
            raise DecodeError(f"bad integer {value!r}") from exc
    raise DecodeError(f"bad integer {value!r}")


def _to_float(value: Any, float32: bool) -> float:
    if isinstance(value, bool):
        raise DecodeError(f"bad number {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError) as exc:
        raise DecodeError(f"bad number {value!r}") from exc
    return shortest_float32(result) if float32 else result


def scalar_from_text(shape: Shape, text: str) -> Any:
    """Type a scalar that arrived as text (URI label, query value, header)."""
    kind = shape.type_name
    if kind == "blob":
        return to_blob(text)
    if kind == "timestamp":
        return to_datetime(text)
    if kind in INT_TYPES:
        return _to_int(text)
    if kind in FLOAT_TYPES:
        return _to_float(text, False)
    if kind == "boolean":
        return _to_bool(text)
    return text


def normalise(shape: Shape, value: Any, *, wire_names: bool = False, float32: bool = False) -> Any:
    """Coerce ``value`` to the boto3-kwargs form of ``shape`` (see module doc).

    ``wire_names``: structure keys are serialised names (``locationName``)
    rather than member names -- true for raw CBOR maps.
    ``float32``: ``float`` members were sent in single precision (CBOR).
    """
    if value is None:
        return None
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        if shape.is_document_type:
            return value
        if not isinstance(value, Mapping):
            raise DecodeError(f"{shape.name}: expected a structure, got {value!r}")
        members = shape.members
        if wire_names:
            by_key = {str(m.serialization.get("name", n)): n for n, m in members.items()}
        else:
            by_key = {n: n for n in members}
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = by_key.get(key)
            if name is None or item is None:
                continue
            result = normalise(members[name], item, wire_names=wire_names, float32=float32)
            if result is not None:
                out[name] = result
        return out
    if kind == "list":
        assert isinstance(shape, ListShape)
        if not isinstance(value, (list, tuple)):
            raise DecodeError(f"{shape.name}: expected a list, got {value!r}")
        return [
            normalise(shape.member, item, wire_names=wire_names, float32=float32) for item in value
        ]
    if kind == "map":
        assert isinstance(shape, MapShape)
        if not isinstance(value, Mapping):
            raise DecodeError(f"{shape.name}: expected a map, got {value!r}")
        return {
            normalise(shape.key, k, wire_names=wire_names, float32=float32): normalise(
                shape.value, v, wire_names=wire_names, float32=float32
            )
            for k, v in value.items()
        }
    if kind == "blob":
        return to_blob(value)
    if kind == "timestamp":
        return to_datetime(value)
    if kind in INT_TYPES:
        return _to_int(value)
    if kind in FLOAT_TYPES:
        return _to_float(value, float32 and kind == "float")
    if kind == "boolean":
        return _to_bool(value)
    if kind == "string":
        if shape.serialization.get("jsonvalue"):
            return value  # a JSON value carried base64-encoded in a header
        if isinstance(value, bytes):
            return value.decode("utf-8")
        if not isinstance(value, str):  # a JSON/CBOR number or boolean: not what botocore sends
            raise DecodeError(f"{type(value).__name__} {value!r} where the model has a string")
        return value
    return value
