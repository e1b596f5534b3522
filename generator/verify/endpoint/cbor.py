"""Smithy RPC v2 CBOR bodies: request decoding and response encoding.

moto has no CBOR support, so this module walks the shapes itself on top of
``cbor2``.

Stage: request decoding (``decode.py``) and response serialisation
(``respond.py``) for services whose resolved protocol is
``smithy-rpc-v2-cbor``.
Input: the raw CBOR body plus the operation's input shape (decode), or a
response value dict plus the output shape (encode).
Output: boto3-kwargs params (decode) or CBOR bytes (encode).

Wire conventions (as botocore writes and reads them): structures are CBOR
maps keyed by serialised member names with ``null`` members omitted,
timestamps are tag 1 (epoch seconds, integer or float), blobs are byte
strings, ``float`` members are single precision and ``double`` members
double precision.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import struct
from datetime import datetime
from typing import Any

import cbor2
from botocore.model import ListShape, MapShape, Shape, StructureShape

from generator.verify.endpoint.values import (
    FLOAT_TYPES,
    INT_TYPES,
    DecodeError,
    normalise,
    to_datetime,
)

__all__ = ["CBOR_CONTENT_TYPE", "decode_cbor_body", "encode_cbor_value"]

CBOR_CONTENT_TYPE = "application/cbor"


def decode_cbor_body(shape: StructureShape | None, body: bytes) -> dict[str, Any]:
    """Decode a CBOR request body into boto3 params for ``shape``."""
    if shape is None or not body:
        return {}
    try:
        raw = cbor2.loads(body)
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise DecodeError(f"invalid CBOR body: {exc}") from exc
    result = normalise(shape, raw, wire_names=True, float32=True)
    if not isinstance(result, dict):
        raise DecodeError("CBOR body is not a map")
    return result


def _epoch(value: Any) -> int | float:
    when: datetime = to_datetime(value)
    seconds = when.timestamp()
    return int(seconds) if seconds.is_integer() else seconds


class _Float32:
    """A ``float`` (single precision) member's value, written as a CBOR float32: a strict
    decoder refuses a float64 there (smithy-go's ``AsFloat32`` takes float32, float16 and
    integers only)."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value


def _default(encoder: Any, value: Any) -> None:
    if not isinstance(value, _Float32):
        raise cbor2.CBOREncodeTypeError(f"cannot encode {type(value).__name__}")
    encoder.write(struct.pack(">Bf", 0xFA, value.value))  # major type 7, additional 26


def _encode(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        if shape.is_document_type:
            return value
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            item = value.get(name) if isinstance(value, dict) else None
            if item is None or member.serialization.get("eventstream"):
                continue
            out[str(member.serialization.get("name", name))] = _encode(member, item)
        return out
    if kind == "list":
        assert isinstance(shape, ListShape)
        return [_encode(shape.member, item) for item in value]
    if kind == "map":
        assert isinstance(shape, MapShape)
        return {str(k): _encode(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return cbor2.CBORTag(1, _epoch(value))
    if kind == "blob":
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if kind in INT_TYPES:
        return int(value)
    if kind == "float":
        return _Float32(float(value))
    if kind in FLOAT_TYPES:
        return float(value)
    if kind == "boolean":
        return bool(value)
    return value


def encode_cbor_value(shape: StructureShape | None, value: dict[str, Any]) -> bytes:
    """Encode a response value dict for ``shape`` as a CBOR map."""
    if shape is None:
        return cbor2.dumps({})
    return cbor2.dumps(_encode(shape, value), default=_default)
