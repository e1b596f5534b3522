"""Decode one raw HTTP request into (operation name, boto3 params) with the model.

Stage: request decoding, a pure function usable without the server.
Input: a botocore ``ServiceModel`` and the raw method, path-with-query,
headers and body of a request an SDK sent.
Output: the operation name and its params in boto3-kwargs shape (see
``values.normalise``): member names as in the model, blobs as ``bytes``,
timestamps as aware UTC ``datetime``, numbers typed per shape, documents as
JSON values.  Members an SDK fills in by itself (idempotency tokens, checksum
and content headers) do appear; :func:`without_auto_filled` strips them for
comparisons with what a caller passed.

How: the operation is identified by ``route.identify_operation``.  The body is
unwrapped first (``aws-chunked`` content encoding with its trailers, gzip
request compression).  Bodies of the json, query, ec2, rest-json and rest-xml
protocols are parsed by moto's model-driven parsers (``moto.core.parse``);
CBOR bodies by ``cbor.decode_cbor_body``.  For the REST protocols the members
bound to the URI, query string and headers are then decoded here rather than
by moto (moto invents an empty dict for absent prefix-header maps, lets a
query-string map swallow every parameter and does not unquote header lists).
Finally everything is run through ``values.normalise``.

Event-stream *input* payloads are not decoded (the member is left out).
"""

# mypy: disable-error-code="import-untyped"
from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from botocore.model import OperationModel, ServiceModel, Shape, StructureShape
from moto.core.parse import PROTOCOL_PARSERS, RequestDict
from werkzeug.datastructures import Headers, MultiDict

from generator.verify.endpoint.cbor import decode_cbor_body
from generator.verify.endpoint.route import (
    RouteMatch,
    UnknownOperationError,
    identify_operation,
    moto_operation_model,
)
from generator.verify.endpoint.values import (
    DecodeError,
    normalise,
    scalar_from_text,
    to_blob,
    to_datetime,
)

__all__ = [
    "DecodeError",
    "auto_filled_members",
    "decode_operation",
    "decode_request",
    "without_auto_filled",
]

_AUTO_HEADERS = frozenset(
    {"content-length", "content-md5", "content-type", "x-amz-sdk-checksum-algorithm"}
)
_RFC822 = re.compile(r"[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT")


def _get(headers: Mapping[str, str], name: str) -> str | None:
    lname = name.lower()
    for key, value in headers.items():
        if key.lower() == lname:
            return value
    return None


def _without(headers: Mapping[str, str], name: str) -> dict[str, str]:
    lname = name.lower()
    return {k: v for k, v in headers.items() if k.lower() != lname}


def _decode_aws_chunked(body: bytes) -> tuple[bytes, dict[str, str]]:
    """Decode an ``aws-chunked`` body; returns (payload, trailer headers)."""
    out = bytearray()
    trailers: dict[str, str] = {}
    pos = 0
    while True:
        end = body.find(b"\r\n", pos)
        if end < 0:
            raise DecodeError("truncated aws-chunked body")
        size_text = body[pos:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as exc:
            raise DecodeError(f"bad aws-chunked size {size_text!r}") from exc
        pos = end + 2
        if size == 0:
            break
        out += body[pos : pos + size]
        pos += size + 2
    for line in body[pos:].split(b"\r\n"):
        if b":" in line:
            key, _, value = line.decode("latin-1").partition(":")
            if not key.lower().startswith("x-amz-trailer-signature"):
                trailers[key.strip()] = value.strip()
    return bytes(out), trailers


def _unwrap_body(
    op: OperationModel, headers: Mapping[str, str], body: bytes
) -> tuple[dict[str, str], bytes]:
    """Undo transfer-level encodings so the body is what the model describes."""
    hdrs = dict(headers)
    encoding = _get(hdrs, "Content-Encoding") or ""
    tokens = [t.strip() for t in encoding.split(",") if t.strip()]
    sha = _get(hdrs, "x-amz-content-sha256") or ""
    if "aws-chunked" in tokens or sha.startswith("STREAMING-"):
        body, trailers = _decode_aws_chunked(body)
        tokens = [t for t in tokens if t != "aws-chunked"]
        hdrs = _without(hdrs, "Content-Length")
        decoded_length = _get(hdrs, "x-amz-decoded-content-length")
        hdrs["Content-Length"] = decoded_length or str(len(body))
        hdrs.update(trailers)
    if tokens and tokens[-1] == "gzip" and op.request_compression and body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error) as exc:
            raise DecodeError(f"bad gzip body: {exc}") from exc
        tokens.pop()
    if tokens != [t.strip() for t in encoding.split(",") if t.strip()]:
        hdrs = _without(hdrs, "Content-Encoding")
        if tokens:
            hdrs["Content-Encoding"] = ",".join(tokens)
    return hdrs, body


def _split_header_list(shape: Shape, text: str) -> list[str]:
    member = getattr(shape, "member", None)
    if member is not None and member.type_name == "timestamp" and _RFC822.search(text):
        return _RFC822.findall(text)
    items: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    had_quotes = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif quoted and ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
            had_quotes = True
        elif ch == "," and not quoted:
            items.append("".join(current) if had_quotes else "".join(current).strip())
            current, had_quotes = [], False
        elif not quoted and not current and ch in " \t":
            continue
        else:
            current.append(ch)
    items.append("".join(current) if had_quotes else "".join(current).strip())
    return items


def _header_value(shape: Shape, text: str) -> Any:
    if shape.type_name == "list":
        member: Shape = shape.member
        return [scalar_from_text(member, item) for item in _split_header_list(shape, text)]
    if shape.type_name == "string" and shape.serialization.get("jsonvalue"):
        try:
            return json.loads(to_blob(text).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise DecodeError(f"bad jsonvalue header {text[:40]!r}") from exc
    if shape.type_name == "timestamp":
        return to_datetime(text)
    return scalar_from_text(shape, text)


def _decode_locations(
    shape: StructureShape,
    headers: Mapping[str, str],
    query: list[tuple[str, str]],
    match: RouteMatch,
) -> dict[str, Any]:
    """Members bound to uri / querystring / header / headers."""
    out: dict[str, Any] = {}
    claimed = set(match.literal_query)
    query_map_members: list[tuple[str, Shape]] = []
    lower_headers = {k.lower(): (k, v) for k, v in headers.items()}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = str(member.serialization.get("name", name))
        if location == "uri":
            if wire in match.uri_params:
                out[name] = scalar_from_text(member, match.uri_params[wire])
        elif location == "querystring":
            if member.type_name == "map":
                query_map_members.append((name, member))
                continue
            claimed.add(wire)
            values = [v for k, v in query if k == wire]
            if not values:
                continue
            if member.type_name == "list":
                item_shape: Shape = member.member
                out[name] = [scalar_from_text(item_shape, v) for v in values]
            else:
                out[name] = scalar_from_text(member, values[0])
        elif location == "header":
            found = lower_headers.get(wire.lower())
            if found is not None:
                out[name] = _header_value(member, found[1])
        elif location == "headers":
            prefix = wire.lower()
            value_shape: Shape = member.value
            prefixed = {
                original[len(prefix) :]: scalar_from_text(value_shape, value)
                for lowered, (original, value) in lower_headers.items()
                if prefix and lowered.startswith(prefix)
            }
            if prefixed:
                out[name] = prefixed
    for name, member in query_map_members:
        value_shape = member.value
        collected: dict[str, Any] = {}
        for key, value in query:
            if key in claimed:
                continue
            if value_shape.type_name == "list":
                collected.setdefault(key, []).append(value)
            else:
                collected.setdefault(key, value)
        if collected:
            out[name] = collected
    return out


def _event_stream_payload(shape: StructureShape) -> str | None:
    payload = shape.serialization.get("payload")
    if payload and shape.members[payload].serialization.get("eventstream"):
        return str(payload)
    return None


def _moto_parse(
    op: OperationModel,
    protocol: str,
    method: str,
    path: str,
    query: list[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes,
    uri_params: Mapping[str, str],
) -> dict[str, Any]:
    values: MultiDict[str, str] = MultiDict(query)
    if protocol in ("query", "ec2") and body:
        values = MultiDict(query + parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    request_dict: RequestDict = {
        "body": body,
        "headers": Headers(list(headers.items())),
        "method": method,
        "url_params": dict(uri_params),
        "url_path": path,
        "values": values,
    }
    parser = PROTOCOL_PARSERS[protocol](moto_operation_model(op), timestamp_parser=to_datetime)
    parsed = parser.parse(request_dict)
    return dict(parsed) if isinstance(parsed, Mapping) else {}


def decode_operation(
    op: OperationModel,
    match: RouteMatch,
    method: str,
    path_with_query: str,
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    """Decode the params of a request already identified as ``op``."""
    shape = op.input_shape
    if shape is None:
        return {}
    protocol = match.protocol
    hdrs, body = _unwrap_body(op, headers, body)
    path, _, raw_query = path_with_query.partition("?")
    query = parse_qsl(raw_query, keep_blank_values=True)
    try:
        if protocol == "smithy-rpc-v2-cbor":
            return decode_cbor_body(shape, body)
        stream_member = _event_stream_payload(shape)
        parse_body = b"" if stream_member else body
        raw = _moto_parse(op, protocol, method, path, query, hdrs, parse_body, match.uri_params)
        if protocol in ("rest-json", "rest-xml"):
            for name, member in shape.members.items():
                if "location" in member.serialization or name == stream_member:
                    raw.pop(name, None)
            raw.update(_decode_locations(shape, hdrs, query, match))
        params = normalise(shape, raw)
    except DecodeError:
        raise
    except Exception as exc:  # moto parser failures, bad UTF-8, bad JSON ...
        raise DecodeError(f"{op.name}: cannot decode request: {exc!r}") from exc
    assert isinstance(params, dict)
    return params


def identify(
    service_model: ServiceModel,
    method: str,
    path_with_query: str,
    headers: Mapping[str, str],
    body: bytes,
) -> tuple[RouteMatch, str, str, Mapping[str, str], bytes]:
    """:func:`identify_operation`, undoing botocore's ``change_get_to_post`` first if needed.

    botocore sends cloudsearchdomain Search (a GET) as a POST whose form body holds the query
    string; such a request is decoded as the GET it stands for. Returns the match and the
    request as decoded (method, path, headers, body).
    """
    try:
        match = identify_operation(service_model, method, path_with_query, headers, body)
        return match, method, path_with_query, headers, body
    except UnknownOperationError:
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        if method != "POST" or "x-www-form-urlencoded" not in content_type or not body:
            raise
    joiner = "&" if "?" in path_with_query else "?"
    path_with_query = path_with_query + joiner + body.decode("ascii", "replace")
    headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    match = identify_operation(service_model, "GET", path_with_query, headers, b"")
    return match, "GET", path_with_query, headers, b""


def decode_request(
    service_model: ServiceModel,
    method: str,
    path_with_query: str,
    headers: Mapping[str, str],
    body: bytes,
) -> tuple[str, dict[str, Any]]:
    """Identify and decode one raw request: ``(operation_name, params)``.

    Raises ``route.UnknownOperationError`` when no operation matches and
    ``DecodeError`` when the operation is known but the content is malformed.
    """
    match, method, path_with_query, headers, body = identify(
        service_model, method, path_with_query, headers, body
    )
    op = service_model.operation_model(match.operation)
    params = decode_operation(op, match, method, path_with_query, headers, body)
    return match.operation, params


def auto_filled_members(op: OperationModel) -> frozenset[str]:
    """Top-level input members an SDK may fill without being asked.

    Idempotency tokens, the flexible-checksum algorithm member and checksum
    value headers (``x-amz-checksum-*``), ``Content-MD5``, ``Content-Length``
    and ``Content-Type`` header members.
    """
    shape = op.input_shape
    if shape is None:
        return frozenset()
    names: set[str] = set(getattr(op, "idempotent_members", []) or [])
    algorithm_member = (op.http_checksum or {}).get("requestAlgorithmMember")
    if algorithm_member:
        names.add(str(algorithm_member))
    for name, member in shape.members.items():
        if member.metadata.get("idempotencyToken"):
            names.add(name)
        if member.serialization.get("location") == "header":
            wire = str(member.serialization.get("name", name)).lower()
            if wire in _AUTO_HEADERS or wire.startswith("x-amz-checksum-"):
                names.add(name)
    return frozenset(names)


def without_auto_filled(
    op: OperationModel, decoded: Mapping[str, Any], passed: Mapping[str, Any]
) -> dict[str, Any]:
    """``decoded`` minus auto-filled members the caller did not pass."""
    auto = auto_filled_members(op)
    return {k: v for k, v in decoded.items() if k in passed or k not in auto}
