"""Verify, responses: synthesized answers that also pass the checks an SDK makes on them.

Stage: verify (the endpoint's answers, harness-side). Input: the operation being answered and
the request just captured for it. Output: the response value of
:func:`generator.verify.scripts.response_factory` (no pagination token, so paginators stop after one
page), with the members an SDK verifies against its own request made consistent: the AWS SDK
for Java 2.x checks the MD5 digests SQS returns (``SendMessage``, ``SendMessageBatch``,
``ReceiveMessage``) and throws when they differ, so they are computed from the request here
with SQS's algorithm. The request and the example are never changed.

Second pages (``consistent_factory(..., pages=True)``): a request of an operation with a
botocore paginator that carries none of its input tokens is answered with a next token
(:func:`next_page`: each output token set, ``more_results`` true); the request that carries a
token gets the last page (no token). So a paginating example sends exactly two requests, and
the runner compares the second with botocore's request for the same values plus that token.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.exceptions
import botocore.session
from botocore.model import OperationModel

from generator.verify import scripts
from generator.verify.endpoint import Endpoint
from generator.verify.endpoint.respond import synthesize_value

Factory = Callable[[Any], dict[str, Any]]


def _with_length(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _utf8(text: Any) -> bytes:
    return str(text).encode("utf-8")


def _java_order(name: str) -> bytes:
    return name.encode("utf-16-be")  # Java's TreeMap orders by UTF-16 code units


def attributes_md5(attributes: Mapping[str, Mapping[str, Any]]) -> str:
    """SQS's digest of message (or message system) attributes, as the SDKs compute it."""
    digest = hashlib.md5(usedforsecurity=False)
    for name in sorted(attributes, key=_java_order):
        value = attributes[name]
        digest.update(_with_length(_utf8(name)))
        digest.update(_with_length(_utf8(value.get("DataType", ""))))
        if value.get("StringValue") is not None:
            digest.update(b"\x01" + _with_length(_utf8(value["StringValue"])))
        elif value.get("BinaryValue") is not None:
            digest.update(b"\x02" + _with_length(bytes(value["BinaryValue"])))
        elif value.get("StringListValues"):
            digest.update(b"\x03")
            for item in value["StringListValues"]:
                digest.update(_with_length(_utf8(item)))
        elif value.get("BinaryListValues"):
            digest.update(b"\x04")
            for item in value["BinaryListValues"]:
                digest.update(_with_length(bytes(item)))
    return digest.hexdigest()


def body_md5(body: Any) -> str:
    return hashlib.md5(_utf8(body), usedforsecurity=False).hexdigest()


def _digests(message: Mapping[str, Any], body_key: str, out: dict[str, Any]) -> dict[str, Any]:
    out[body_key] = body_md5(message.get("MessageBody", message.get("Body", "")))
    for member, md5_member in (
        ("MessageAttributes", "MD5OfMessageAttributes"),
        ("MessageSystemAttributes", "MD5OfMessageSystemAttributes"),
    ):
        if message.get(member):
            out[md5_member] = attributes_md5(message[member])
        else:
            out.pop(md5_member, None)
    return out


def _sqs(operation: str, request: Mapping[str, Any], out: dict[str, Any]) -> dict[str, Any]:
    if operation == "SendMessage":
        return _digests(request, "MD5OfMessageBody", out)
    if operation == "SendMessageBatch":
        entries = request.get("Entries", [])
        out["Successful"] = [
            _digests(e, "MD5OfMessageBody", {"Id": e.get("Id", ""), "MessageId": f"m-{i}"})
            for i, e in enumerate(entries)
        ]
        out["Failed"] = []
        return out
    if operation == "ReceiveMessage":
        for message in out.get("Messages", []) or []:
            message.pop("MD5OfMessageSystemAttributes", None)
            _digests(message, "MD5OfBody", message)
    return out


@dataclass(frozen=True)
class NextPage:
    """How the endpoint makes a second page: ``request`` - the input tokens (member -> value)
    the second page's request carries; ``response`` - the output token paths
    (``("EngineDefaults", "Marker")``) and their values in the first page's response;
    ``more_results`` - the path of the member set true on the first page (``()``: none)."""

    request: dict[str, Any]
    response: tuple[tuple[tuple[str, ...], Any], ...]
    more_results: tuple[str, ...]


@cache
def _paginators(service: str) -> Any:
    """botocore's paginator model of the service (None: it has none)."""
    try:
        return botocore.session.get_session().get_paginator_model(service)
    except botocore.exceptions.UnknownServiceError:
        return None
    except botocore.exceptions.DataNotFoundError:
        return None


def _token_path(expression: str) -> tuple[str, ...] | None:
    """``EngineDefaults.Marker`` -> its path; None for what is no plain path (``a || b``,
    ``Contents[-1].Key``)."""
    parts = tuple(expression.strip().split("."))
    return parts if all(p.isidentifier() for p in parts) else None


def _listed(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def next_page(operation_model: OperationModel) -> NextPage | None:
    """The second page of the operation's botocore paginator, or None (no paginator, or a token
    that is no plain member path)."""
    model = _paginators(operation_model.service_model.service_name)
    input_shape = operation_model.input_shape
    if model is None or input_shape is None:
        return None
    try:
        config = model.get_paginator(operation_model.name)
    except ValueError:  # the operation has no paginator
        return None
    ins, outs = _listed(config["input_token"]), _listed(config["output_token"])
    paths = [_token_path(o) for o in outs]
    if len(ins) != len(outs) or any(i not in input_shape.members for i in ins):
        return None
    request = {i: synthesize_value(input_shape.members[i]) for i in ins}
    if any(v is None for v in request.values()):
        return None
    response: list[tuple[tuple[str, ...], Any]] = []
    for path, token in zip(paths, ins, strict=True):
        if path is None:
            return None
        response.append((path, request[token]))
    more = _token_path(str(config.get("more_results", "") or ""))
    return NextPage(request, tuple(response), more or ())


def _put(out: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    holder = out
    for part in path[:-1]:
        holder = holder.setdefault(part, {})
        if not isinstance(holder, dict):
            return
    holder[path[-1]] = value


def _first_page(page: NextPage, out: dict[str, Any]) -> dict[str, Any]:
    for path, value in page.response:
        _put(out, path, value)
    if page.more_results:
        _put(out, page.more_results, True)
    return out


def consistent_factory(endpoint_ref: list[Endpoint], pages: bool = False) -> Factory:
    """A response factory for an endpoint (given later in ``endpoint_ref``) whose SQS digests
    match the request being answered, and with ``pages`` a second page for a paginated
    operation's first request (:func:`next_page`); everything else as
    :func:`scripts.response_factory`."""
    base = scripts.response_factory()

    def factory(operation_model: Any) -> dict[str, Any]:
        out = base(operation_model)
        service = operation_model.service_model.service_name
        if not endpoint_ref or (service != "sqs" and not pages):
            return out
        captured = endpoint_ref[0].captured(service)
        request = captured[-1].params if captured else {}
        page = next_page(operation_model) if pages else None
        if page is not None and all(request.get(token) is None for token in page.request):
            out = _first_page(page, out)
        return _sqs(operation_model.name, request, out) if service == "sqs" else out

    return factory


def new_endpoint() -> Endpoint:
    """An endpoint answering with :func:`consistent_factory` (requests must come one at a
    time, as from the single JVM of a Java batch: the last capture is the one answered)."""
    ref: list[Endpoint] = []
    endpoint = Endpoint(response_factory=consistent_factory(ref))
    ref.append(endpoint)
    return endpoint
