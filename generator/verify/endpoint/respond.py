"""Build and serialise responses for any botocore operation.

Stage: response side of the loopback endpoint.
Input: a botocore ``OperationModel`` (and, for serialisation, the response
value dict a response factory produced).
Output: :func:`synthesize_output` -> a deterministic value dict for the output
shape; :func:`serialize_response` / :func:`error_response` -> a
:class:`WireResponse` (status, headers, body bytes) that botocore parses.

Synthesis rules (deterministic): every required member, every optional
scalar member, and optional lists/maps/structures down to depth 2 (top-level
output members are depth 1); below depth 3 only what is required, with the
optional scalar members of each structure so built.  Strings are the enum's
first value or ``"string"`` repeated/truncated to the length bounds, numbers
are 1 / 1.5 clamped into ``min``..``max``, booleans ``True``, timestamps
``2024-01-01T00:00:00Z`` except expiry times (a timestamp member whose name holds
``expir``: ``Expiration``, ``ExpirationTime``...: :data:`EXPIRY_TIMESTAMP`, in the
future), blobs ``b"blob"``, documents ``{"key": "value"}``, lists hold one item (or
``min`` items), maps one entry, unions one member.

An expiry in the past is one no service sends for what it has just issued, and SDKs act on
it: botocore's S3 Express identity cache refreshes session credentials (``CreateSession``
``Credentials.Expiration``) that expire within 15 minutes and raises ``RuntimeError`` when
the refreshed ones have already expired, so no request to a directory bucket is sent;
expiry times are therefore a fixed date far ahead (fixed, so responses stay deterministic).
Members that would break HTTP framing or botocore's response checksum
validation (``statusCode``, ``Content-Length``, ``x-amz-checksum-*``) are not
synthesised.  Event-stream outputs get one event of the first non-error
variant (moto's event-stream encoder; rpc-v2-cbor event streams are not
supported and answer with an empty body).

Serialisation uses moto's response serialisers
(``moto.core.serialize.get_serializer_class``) for json, query, ec2,
rest-json and rest-xml, and ``cbor.encode_cbor_value`` for rpc-v2-cbor.
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

import cbor2
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape
from moto.core.serialize import HeaderSerializer, get_serializer_class

from generator.model import patterns
from generator.verify.endpoint.cbor import CBOR_CONTENT_TYPE, encode_cbor_value
from generator.verify.endpoint.route import moto_operation_model, resolve_protocol
from generator.verify.endpoint.values import FLOAT_TYPES, INT_TYPES

__all__ = [
    "EXPIRY_TIMESTAMP",
    "FIXED_TIMESTAMP",
    "ResponseFactory",
    "WireResponse",
    "error_response",
    "serialize_response",
    "synthesize_output",
    "synthesize_value",
    "with_own_address",
]

ResponseFactory = Callable[[OperationModel], dict[str, Any]]
FIXED_TIMESTAMP = datetime(2024, 1, 1, tzinfo=UTC)
EXPIRY_TIMESTAMP = datetime(2099, 1, 1, tzinfo=UTC)  # expiry times: later than any run's clock
_EXPIRY_NAME = re.compile(r"expir", re.IGNORECASE)
_DATE_NAME = re.compile(r"Date$")
REQUEST_ID = "00000000-0000-4000-8000-000000000000"
MAX_DEPTH = 3
OPTIONAL_CONTAINER_DEPTH = 2
_SCALARS = frozenset({"string", "boolean", "timestamp", "blob"} | INT_TYPES | FLOAT_TYPES)
_FRAMING_HEADERS = frozenset(
    {"content-length", "transfer-encoding", "connection", "content-encoding"}
)


@dataclass(frozen=True)
class WireResponse:
    """An HTTP response ready to be written."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _bounded_text(shape: Shape, base: str) -> str:
    low = int(shape.metadata.get("min", 0) or 0)
    high = shape.metadata.get("max")
    text = base
    while len(text) < low:
        text += base
    if len(text) > max(low, len(base)):
        text = text[: max(low, len(base))]
    if high is not None and len(text) > int(high):
        text = text[: int(high)]
    return text


@functools.cache
def _matching(pattern: str, low: int, high: int | None) -> str | None:
    return patterns.generate(pattern, low, high)


def _patterned_text(shape: Shape) -> str:
    """``string`` within the length bounds or, where the model gives a pattern that rejects
    it, a short string matching the pattern: an ARN the service returns is a valid ARN, so a
    client can pass it back in its next request as it would against the real service."""
    text = _bounded_text(shape, "string")
    pattern = shape.metadata.get("pattern")
    if not pattern or patterns.matches(pattern, text) is not False:
        return text
    high = shape.metadata.get("max")
    found = _matching(
        pattern, int(shape.metadata.get("min", 0) or 0), None if high is None else int(high)
    )
    return text if found is None else found


def _clamp(shape: Shape, value: float) -> float:
    low = shape.metadata.get("min")
    high = shape.metadata.get("max")
    if low is not None and value < float(low):
        value = float(low)
    if high is not None and value > float(high):
        value = float(high)
    return value


def _skip_member(member: Shape) -> bool:
    ser = member.serialization
    if ser.get("location") == "statusCode" or ser.get("eventstream"):
        return True
    if ser.get("location") == "header":
        wire = str(ser.get("name", "")).lower()
        return wire in _FRAMING_HEADERS or wire.startswith("x-amz-checksum-")
    return False


def _event_stream_value(shape: StructureShape, depth: int) -> list[dict[str, Any]]:
    for name, variant in shape.members.items():
        if variant.metadata.get("exception") or variant.metadata.get("error"):
            continue
        value = synthesize_value(variant, depth + 1)
        return [{name: value if value is not None else {}}]
    return []


def _structure(shape: StructureShape, depth: int) -> dict[str, Any] | None:
    if shape.is_document_type:
        return {"key": "value"}
    if depth > MAX_DEPTH:
        return None
    required = set(shape.required_members)
    is_union = bool(getattr(shape, "is_tagged_union", False))
    out: dict[str, Any] = {}
    members = list(shape.members.items())
    if is_union:
        members = _union_order(shape)
    for name, member in members:
        if _skip_member(member):
            continue
        is_scalar = member.type_name in _SCALARS
        wanted = is_union or name in required or is_scalar or depth + 1 <= OPTIONAL_CONTAINER_DEPTH
        if not wanted:
            continue
        value = _member_value(name, member, depth + 1)
        if value is None and name in required:
            value = _required_only(member, depth + 1)  # past the depth limit, still valid
        if value is None:
            continue
        out[name] = value
        if is_union:
            break
    if is_union and not out:
        return None  # an empty union is invalid; leave it out
    return out


def _union_order(shape: StructureShape) -> list[tuple[str, Shape]]:
    """A union's members in the order tried: scalar ones first (one member is set)."""
    return sorted(shape.members.items(), key=lambda item: item[1].type_name not in _SCALARS)


def _required_only(shape: Shape, depth: int) -> Any:
    """The smallest valid value: required members only, one list item or map entry (``None``
    when even that cannot be built, e.g. a cycle of required members)."""
    kind = shape.type_name
    if depth > MAX_DEPTH + 8:
        return None
    if kind == "list":
        assert isinstance(shape, ListShape)
        item = _required_only(shape.member, depth + 1)
        return [] if item is None else [item]
    if kind == "map":
        assert isinstance(shape, MapShape)
        key, value = synthesize_value(shape.key, depth + 1), _required_only(shape.value, depth + 1)
        return {} if key is None or value is None else {key: value}
    if kind != "structure":
        return synthesize_value(shape, depth)
    assert isinstance(shape, StructureShape)
    if shape.is_document_type:
        return {"key": "value"}
    if getattr(shape, "is_tagged_union", False):
        for name, member in _union_order(shape):
            value = _required_only(member, depth + 1)
            if value is not None and not _skip_member(member):
                return {name: value}
        return None
    out: dict[str, Any] = {}
    for name in shape.required_members:
        member = shape.members[name]
        if _skip_member(member):
            continue
        value = _required_only(member, depth + 1)
        if value is None:
            return None
        out[name] = _member_value(name, member, depth + 1) if _is_expiry(name, member) else value
    # optional scalars too, as at any depth: a structure of required members alone can be one
    # no service sends (datapipeline's Field: a key with neither stringValue nor refValue)
    for name, member in shape.members.items():
        if name not in out and member.type_name in _SCALARS and not _skip_member(member):
            value = _member_value(name, member, depth + 1)
            if value is not None:
                out[name] = value
    return out


def _is_expiry(name: str, member: Shape) -> bool:
    return member.type_name == "timestamp" and bool(_EXPIRY_NAME.search(name))


def _is_date_text(name: str, member: Shape) -> bool:
    """A free string member named as a date (``FocDate``): services put a date in it, and an
    SDK may type it as one (the Java SDK reads chime-sdk-voice's ``FocDate`` as an ``Instant``)."""
    meta = member.metadata
    return (
        member.type_name == "string" and bool(_DATE_NAME.search(name)) and not meta.get("enum")
        and not meta.get("pattern") and int(meta.get("max", 20) or 20) >= 20
        and not member.serialization.get("jsonvalue")
    )  # fmt: skip


def _member_value(name: str, member: Shape, depth: int) -> Any:
    """A structure member's value: :func:`synthesize_value`, with expiry times in the future
    and an ISO 8601 date in a string member named as a date."""
    if _is_expiry(name, member):
        return EXPIRY_TIMESTAMP
    if _is_date_text(name, member):
        return FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    return synthesize_value(member, depth)


def synthesize_value(shape: Shape, depth: int = 0) -> Any:
    """A deterministic example value for ``shape`` (``None`` = leave out)."""
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        return _structure(shape, depth)
    if kind == "list":
        assert isinstance(shape, ListShape)
        if depth > MAX_DEPTH:
            return None
        item = synthesize_value(shape.member, depth + 1)
        if item is None or item == {}:
            return None  # nothing worth showing (and [{}] does not survive XML)
        count = max(1, int(shape.metadata.get("min", 1) or 1))
        return [item] * min(count, 3)
    if kind == "map":
        assert isinstance(shape, MapShape)
        if depth > MAX_DEPTH:
            return None
        key = synthesize_value(shape.key, depth + 1)
        value = synthesize_value(shape.value, depth + 1)
        if key is None or value is None or value == {}:
            return None
        return {key: value}
    if kind == "string":
        enum = shape.metadata.get("enum")
        if enum:
            return str(enum[0])
        if shape.serialization.get("jsonvalue"):
            if shape.serialization.get("location") == "header":
                return {"key": "value"}  # botocore (de)serialises the JSON
            return '{"key": "value"}'  # a body string holding JSON text
        return _patterned_text(shape)
    if kind in INT_TYPES:
        return int(_clamp(shape, 1))
    if kind in FLOAT_TYPES:
        return _clamp(shape, 1.5)
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return FIXED_TIMESTAMP
    if kind == "blob":
        return _bounded_text(shape, "blob").encode("ascii")
    return None


def synthesize_output(operation_model: OperationModel) -> dict[str, Any]:
    """Default response factory: a deterministic value for the output shape."""
    shape = operation_model.output_shape
    if shape is None:
        return {}
    assert isinstance(shape, StructureShape)
    value = _structure(shape, 0) or {}
    for name, member in shape.members.items():
        if member.serialization.get("eventstream"):
            assert isinstance(member, StructureShape)
            value[name] = _event_stream_value(member, 1)
        elif member.serialization.get("location") == "statusCode":
            value[name] = int(operation_model.http.get("responseCode", 200))
    return value


def with_own_address(
    operation_model: OperationModel, value: dict[str, Any], address: str
) -> dict[str, Any]:
    """``value`` with ``address`` as every endpoint an endpoint-discovery operation returns.

    An operation the model marks ``endpointoperation`` (timestream-query/-write, dynamodb
    ``DescribeEndpoints``) tells the SDK where to send the service's requests: botocore's
    ``EndpointDiscoveryHandler`` takes ``Endpoints[0].Address`` and sets it as the whole
    request URL, with ``https://`` in front unless it starts with ``http``. A service answers
    with its own address; the loopback endpoint answers with ``address`` (its own URL with
    its scheme, as it speaks plain HTTP to most services), so discovery leads back to it rather than to a synthesized
    ``string`` host.
    """
    if not operation_model.is_endpoint_discovery_operation:
        return value
    endpoints = value.get("Endpoints")
    if not isinstance(endpoints, list):
        return value
    out = dict(value)
    out["Endpoints"] = [
        {**item, "Address": address} if isinstance(item, dict) else item for item in endpoints
    ]
    return out


def _json_content_type(service_model: ServiceModel) -> str:
    version = service_model.metadata.get("jsonVersion", "1.0")
    return f"application/x-amz-json-{version}"


def _base_headers(protocol: str) -> dict[str, str]:
    headers = {"x-amzn-RequestId": REQUEST_ID, "x-amz-request-id": REQUEST_ID}
    if protocol == "smithy-rpc-v2-cbor":
        headers["smithy-protocol"] = "rpc-v2-cbor"
    return headers


def _status_override(operation_model: OperationModel, value: dict[str, Any]) -> int | None:
    shape = operation_model.output_shape
    if shape is None:
        return None
    assert isinstance(shape, StructureShape)
    for name, member in shape.members.items():
        if member.serialization.get("location") == "statusCode":
            status = value.get(name)
            if isinstance(status, int) and 200 <= status < 300:
                return status
    return None


def serialize_response(
    operation_model: OperationModel, value: dict[str, Any], protocol: str | None = None
) -> WireResponse:
    """Serialise ``value`` (output-shape dict) the way the service would.

    ``protocol`` defaults to the one botocore uses; pass the protocol the
    request was written in when it differs (see ``route.detect_protocol``).
    """
    service_model = operation_model.service_model
    protocol = protocol or resolve_protocol(service_model)
    headers = _base_headers(protocol)
    if protocol == "smithy-rpc-v2-cbor":
        shape = operation_model.output_shape
        assert shape is None or isinstance(shape, StructureShape)
        if operation_model.has_event_stream_output:
            headers["Content-Type"] = "application/vnd.amazon.eventstream"
            return WireResponse(200, headers, b"")
        headers["Content-Type"] = CBOR_CONTENT_TYPE
        return WireResponse(200, headers, encode_cbor_value(shape, value))
    moto_op = moto_operation_model(operation_model)
    serializer_cls = get_serializer_class(service_model.service_name, protocol)
    try:
        result = serializer_cls(moto_op).serialize(value)
    except Exception:  # noqa: BLE001 - moto's own errors vary by shape
        # moto cannot serialise a few shapes (e.g. a nested member literally
        # named "body"); answer with an empty output rather than failing.
        value = {}
        result = serializer_cls(moto_op).serialize(value)
    body = result["body"]
    body_bytes = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
    headers.update({str(k): str(v) for k, v in result["headers"].items()})
    if protocol in ("rest-json", "rest-xml"):
        headers.update(_header_members(moto_op, value))
    document = _document_payload(operation_model)
    if protocol == "rest-json" and document is not None:
        # moto wraps a document payload in an object keyed by "".
        body_bytes = json.dumps(value.get(document)).encode("utf-8")
    if protocol == "json" and not operation_model.has_event_stream_output:
        headers["Content-Type"] = _json_content_type(service_model)
    headers = {k: v for k, v in headers.items() if k.lower() not in _FRAMING_HEADERS}
    status = _status_override(operation_model, value) or int(result["status_code"])
    return WireResponse(status, headers, body_bytes)


def with_xml_root(response: WireResponse, name: str) -> WireResponse:
    """``response`` whose XML body's root element is called ``name`` (an S3 answer's
    ``ListBucketResult``: moto names every root ``<Operation>Response``)."""
    body = response.body.decode("utf-8")
    found = re.search(
        r"<([A-Za-z_][\w.-]*)([\s>/])",
        body[body.find("?>") + 2 :] if body.startswith("<?xml") else body,
    )
    if found is None:
        return response
    old = found.group(1)
    start = body.find(f"<{old}")
    body = body[:start] + f"<{name}" + body[start + 1 + len(old) :]
    end = body.rfind(f"</{old}>")
    if end >= 0:
        body = body[:end] + f"</{name}>" + body[end + 3 + len(old) :]
    return WireResponse(response.status, response.headers, body.encode("utf-8"))


def _document_payload(operation_model: OperationModel) -> str | None:
    shape = operation_model.output_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    if shape is None or not payload:
        return None
    assert isinstance(shape, StructureShape)
    member = shape.members[payload]
    is_document = isinstance(member, StructureShape) and member.is_document_type
    return str(payload) if is_document else None


def _header_members(moto_op: Any, value: dict[str, Any]) -> dict[str, str]:
    """Header-bound output members, serialised with moto's HeaderSerializer.

    moto's REST serialisers overwrite a modeled ``Content-Type`` member with
    their own content type and drop header members of event-stream outputs;
    re-applying the members afterwards restores both.
    """
    shape = moto_op.output_shape
    out: dict[str, Any] = {}
    if shape is None:
        return out
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location in ("header", "headers") and value.get(name) is not None:
            wire = str(member.serialization.get("name", name))
            HeaderSerializer().serialize(out, value[name], member, wire)
    return {str(k): str(v) for k, v in out.items()}


def error_response(
    service_model: ServiceModel,
    status: int,
    code: str,
    message: str,
    protocol: str | None = None,
) -> WireResponse:
    """A protocol-shaped error botocore turns into ``ClientError(code)``."""
    protocol = protocol or resolve_protocol(service_model)
    headers = _base_headers(protocol)
    if protocol == "smithy-rpc-v2-cbor":
        headers["Content-Type"] = CBOR_CONTENT_TYPE
        body = cbor2.dumps({"__type": code, "message": message})
        return WireResponse(status, headers, body)
    if protocol in ("json", "rest-json"):
        headers["x-amzn-ErrorType"] = code
        headers["Content-Type"] = (
            _json_content_type(service_model) if protocol == "json" else "application/json"
        )
        payload = {"__type": code, "message": message}
        return WireResponse(status, headers, json.dumps(payload).encode("utf-8"))
    headers["Content-Type"] = "text/xml"
    inner = f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
    if protocol == "ec2":
        xml = (
            f"<Response><Errors><Error>{inner}</Error></Errors>"
            f"<RequestID>{REQUEST_ID}</RequestID></Response>"
        )
    else:
        xml = (
            f"<ErrorResponse><Error><Type>Sender</Type>{inner}</Error>"
            f"<RequestId>{REQUEST_ID}</RequestId></ErrorResponse>"
        )
    return WireResponse(status, headers, xml.encode("utf-8"))
