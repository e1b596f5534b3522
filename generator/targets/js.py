"""Target ``js``: an ES module for the AWS SDK for JavaScript v3, in the style of AWS's examples.

Input: the service IR, one operation and its value tree. Output: one ``.js`` file that exports
``main`` (the client built with ``new <Service>Client({})``, the input typed with a JSDoc
``@type`` so ``tsc --checkJs`` catches a misspelled member, ``client.send(new <Op>Command(input))``,
the operation's modeled errors matched with ``instanceof`` and everything else rethrown) and runs
itself only when started directly. Identifiers come from :mod:`generator.naming.js`.

Values are written as the SDK types them: every number a JavaScript number, timestamps
``new Date(...)``, blobs ``Uint8Array`` (``TextEncoder`` for UTF-8 text), unions one-key objects,
documents plain JSON. A value JavaScript cannot hold exactly (an integer beyond 2^53, a
non-finite float, a timestamp finer than a millisecond) raises :class:`UnsupportedError`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import re

from generator.capabilities.botocore import (
    glacier_checksum_left_to_botocore,
    with_implicit_members,
)
from generator.errors import UnsupportedError
from generator.model.ir import Operation, Service
from generator.naming import java as jnames
from generator.naming import js as names
from generator.render.env import render
from generator.targets import Snippet, uses_paginator
from generator.values.tree import Value, iso8601

STEP = 2
MAX_SAFE_INTEGER = 2**53 - 1


def string_literal(text: str) -> str:
    """A double-quoted JavaScript string literal, ASCII only (``\\uXXXX`` escapes)."""
    return json.dumps(text, ensure_ascii=True)


class ValueWriter:
    """Object literals of values as the SDK types them (the scenario renderer extends it)."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.encode_base64: frozenset[str] = frozenset()

    def expr(self, value: Value, indent: int, top: bool = False) -> str:
        kind = value.kind
        if kind in ("structure", "union"):
            shape = self.service.shape(value.shape)
            entries: list[str] = []
            for name, child in value.fields:
                member = shape.member(name)
                assert member is not None
                text = self.expr(child, indent + STEP)
                if top and name in self.encode_base64 and child.kind == "string":
                    # botocore base64-encodes this member itself; the JS SDK sends it as given
                    text = f'Buffer.from({text}, "utf-8").toString("base64")'
                entries.append(f"{names.member_key(name)}: {text}")
            return self.block("{", "}", entries, indent)
        if kind == "list":
            return self.block("[", "]", [self.expr(i, indent + STEP) for i in value.items], indent)
        if kind == "map":
            pairs = []
            for key, item in value.entries:
                pairs.append(f"{names.map_key(str(key.scalar))}: {self.expr(item, indent + STEP)}")
            return self.block("{", "}", pairs, indent)
        if kind == "document":
            return self.document(value.document, indent)
        return self.scalar(value)

    def block(self, open_: str, close: str, entries: list[str], indent: int) -> str:
        if not entries:
            return open_ + close
        flat = (
            f"{open_} {', '.join(entries)} {close}" if open_ == "{" else f"[{', '.join(entries)}]"
        )
        if len(flat) + indent <= 90 and "\n" not in flat:
            return flat
        pad = " " * (indent + STEP)
        return open_ + "\n" + "".join(f"{pad}{e},\n" for e in entries) + " " * indent + close

    def document(self, doc: object, indent: int) -> str:
        if isinstance(doc, dict):
            pairs = [
                f"{names.map_key(str(k))}: {self.document(v, indent + STEP)}"
                for k, v in doc.items()
            ]
            return self.block("{", "}", pairs, indent)
        if isinstance(doc, list):
            return self.block("[", "]", [self.document(v, indent + STEP) for v in doc], indent)
        if isinstance(doc, float) and not math.isfinite(doc):
            raise UnsupportedError("a non-finite number in a document has no JSON form")
        if isinstance(doc, int) and not isinstance(doc, bool) and abs(doc) > MAX_SAFE_INTEGER:
            raise UnsupportedError(f"the integer {doc} is beyond JavaScript's exact range")
        return json.dumps(doc, ensure_ascii=True)

    def scalar(self, value: Value) -> str:
        kind, data = value.kind, value.scalar
        if kind in ("string", "enum"):
            return string_literal(str(data))
        if kind == "boolean":
            return "true" if data else "false"
        if kind in ("integer", "long"):
            if abs(int(data)) > MAX_SAFE_INTEGER:
                raise UnsupportedError(
                    f"the AWS SDK for JavaScript v3 types {value.shape} as a number; "
                    f"{data} is beyond 2^53 and would be sent rounded"
                )
            return str(int(data))
        if kind in ("float", "double"):
            number = float(data)
            if not math.isfinite(number):
                raise UnsupportedError(
                    f"no JavaScript literal sends {number} as the SDK's JSON does"
                )
            text = repr(number)
            return text[:-2] if text.endswith(".0") else text
        if kind == "timestamp":
            moment: dt.datetime = data
            if moment.microsecond % 1000:
                raise UnsupportedError(
                    "a JavaScript Date holds milliseconds; this timestamp has microseconds"
                )
            return f"new Date({string_literal(iso8601(moment))})"
        if kind == "blob":
            raw: bytes = data
            try:
                return f"new TextEncoder().encode({string_literal(raw.decode('utf-8'))})"
            except UnicodeDecodeError:
                return f"Uint8Array.from([{', '.join(str(b) for b in raw)}])"
        raise UnsupportedError(f"no JavaScript form for {kind}")


def _streaming_output(service: Service, operation: Operation) -> str:
    member = service.payload_blob(operation.output)
    return member.name if member is not None and service.is_streaming(member) else ""


def _event_streams(service: Service, operation: Operation) -> tuple[str, str]:
    """The event-stream member of the input and of the output (``""`` where there is none)."""
    found = []
    for ref in (operation.input, operation.output):
        name = ""
        if ref is not None:
            for member in service.shape(ref).members:
                if service.shape(member.target).event_stream:
                    name = member.name
        found.append(name)
    return found[0], found[1]


def _shown_errors(errors: tuple[str, ...]) -> list[str]:
    """The (at most two) modeled errors an example matches: not-found first, then in the
    model's order (errors added later come last, so an older SDK has the ones shown)."""
    return sorted(errors, key=lambda e: "NotFound" not in e)[:2]


_BASE64 = re.compile(r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$")


def _check_ssec(service: Service, value: Value) -> None:
    """client-s3's SSE-C middleware rewrites the key and always computes its MD5; botocore does
    so only when no MD5 is given, and always base64-encodes the key it is given."""
    if service.name != "s3":
        return
    for key in ("SSECustomerKey", "CopySourceSSECustomerKey"):
        given = value.field(key)
        if given is None:
            continue
        if value.field(key + "MD5") is not None:
            raise UnsupportedError(
                f"the AWS SDK for JavaScript v3 computes {key}MD5 itself and ignores the one given",
                path=key + "MD5",
            )
        text = str(given.scalar) if given.kind == "string" else ""
        if _BASE64.match(text):
            try:
                passthrough = len(base64.b64decode(text, validate=True)) == 32
            except ValueError:
                passthrough = False
            if passthrough:
                raise UnsupportedError(
                    f"the AWS SDK for JavaScript v3 sends a 32-byte base64 {key} as it is; "
                    "botocore encodes it again",
                    path=key,
                )


def _check_glacier_body(service: Service, operation: Operation, value: Value) -> None:
    """botocore sends Glacier's tree-hash checksum of the body, an empty one included;
    client-glacier computes it only from a body it is given."""
    if glacier_checksum_left_to_botocore(service, operation, value):
        raise UnsupportedError(
            "the AWS SDK for JavaScript v3 sends Glacier's tree-hash checksum only for a "
            "non-empty body; botocore sends the checksum of the empty body",
            path="body",
        )


def sdk_paginator(service: Service, operation: Operation, value: Value) -> str:
    """The ``paginate<Op>`` function the example iterates, or ``""`` when it calls the operation
    once: botocore's paginator applies (:func:`generator.targets.uses_paginator`) and the
    pinned client exports one with botocore's single input and output token, so each page's
    request is the one botocore's paginator sends."""
    paginator = operation.paginator
    if paginator is None or not uses_paginator(operation, value):
        return ""
    found = names.paginator(service.service_id, operation.name)
    if found is None:
        return ""
    token_in, token_out, _page_size = found
    if paginator.input_token != (token_in,) or paginator.output_token != (token_out,):
        return ""
    return names.paginator_function(operation.name)


def example_path(service: str, operation: str) -> str:
    """Where ``generate`` writes the JavaScript example of an operation."""
    return f"{service}/js/{names.file_name(operation)}"


def render_js(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    sid = service.service_id
    value = with_implicit_members(service, operation, value)
    _check_glacier_body(service, operation, value)
    stream_in, events_out = _event_streams(service, operation)
    if stream_in:
        raise UnsupportedError(
            "input event streams (an async iterable of events) are not rendered for JavaScript yet",
            path=f"{service.name}:{operation.name}",
        )
    _check_ssec(service, value)
    writer = ValueWriter(service)
    writer.encode_base64 = jnames.botocore_base64_members(service.name, operation.name)
    package = names.package(sid)
    client = names.client_class(sid)
    command = names.command_class(operation.name)
    errors = [names.shape_class(e) for e in _shown_errors(operation.errors)]
    input_text = writer.expr(value, 2, top=True) if operation.input else "{}"
    stream_out = _streaming_output(service, operation)
    paginator = "" if stream_out or events_out else sdk_paginator(service, operation, value)
    if events_out:
        key = names.member_key(events_out)
        access = (
            f"response.{key}" if not key.startswith(("[", '"')) else f"response[{key.strip('[]')}]"
        )
        output_lines = [
            f"for await (const event of {access} ?? []) {{",
            "  console.log(event);",
            "}",
        ]
    elif stream_out:
        output_lines = [
            f"const bytes = await response.{stream_out}?.transformToByteArray();",
            "console.log(`Received ${bytes?.length ?? 0} bytes`);",
        ]
    else:
        output_lines = ["console.log(response);"]
    file_name = names.file_name(operation.name)
    text = render(
        "js/example.js.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        package=package,
        version=names.pinned_version(sid) or "latest",
        imports=sorted({client, paginator or command, *errors}),
        client=client,
        command=command,
        input_type=names.input_type(operation.name),
        input=input_text,
        output_lines=output_lines,
        paginator=paginator,
        errors=errors,
        file_name=file_name,
        snippet_tag=names.snippet_tag(service.name, operation.name),
    )
    start = text.index("// snippet-start:")
    start = text.index("\n", start) + 1
    end = text.index("// snippet-end:")
    return Snippet("js", example_path(service.name, operation.name), text, text[start:end])
