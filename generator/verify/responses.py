"""Verify, responses: synthesized answers that also pass the checks an SDK makes on them.

Stage: verify (the endpoint's answers, harness-side). Input: the operation being answered and
the request just captured for it. Output: the response value of
:func:`generator.verify.scripts.response_factory` (no pagination token, so paginators stop after one
page), with the members an SDK verifies against its own request made consistent: the AWS SDK
for Java 2.x checks the MD5 digests SQS returns (``SendMessage``, ``SendMessageBatch``,
``ReceiveMessage``) and throws when they differ, so they are computed from the request here
with SQS's algorithm. The request and the example are never changed.

With ``consistent_factory(..., pages=True)`` a paginated operation's request that carries no
token gets a first page (:mod:`generator.verify.paging`), so a paginating example asks for a
second page.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Mapping
from typing import Any

from generator.verify import scripts
from generator.verify.endpoint import Endpoint
from generator.verify.paging import first_page, next_page

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


def consistent_factory(endpoint_ref: list[Endpoint], pages: bool = False) -> Factory:
    """A response factory for an endpoint (given later in ``endpoint_ref``) whose SQS digests
    match the request being answered, and with ``pages`` a first page (a next token) for a
    paginated operation's request that carries no token (:mod:`generator.verify.paging`);
    everything else as :func:`scripts.response_factory` (no token: the last page)."""
    base = scripts.response_factory()

    def factory(operation_model: Any) -> dict[str, Any]:
        out = base(operation_model)
        service = operation_model.service_model.service_name
        if not endpoint_ref or (service != "sqs" and not pages):
            return out
        captured = endpoint_ref[0].captured(service)
        request = captured[-1].params if captured else {}
        page = next_page(operation_model) if pages else None
        if page is not None and page.is_first(request):
            out = first_page(page, out)
        return _sqs(operation_model.name, request, out) if service == "sqs" else out

    return factory


def new_endpoint() -> Endpoint:
    """An endpoint answering with :func:`consistent_factory` (requests must come one at a
    time, as from the single JVM of a Java batch: the last capture is the one answered)."""
    ref: list[Endpoint] = []
    endpoint = Endpoint(response_factory=consistent_factory(ref))
    ref.append(endpoint)
    return endpoint
