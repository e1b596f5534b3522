"""Target ``go``: a ``main`` package for the AWS SDK for Go v2, in the style of AWS's gov2 examples.

Input: the service IR, one operation and its value tree. Output: one ``main.go`` that takes
``-region``/``-profile`` (the default configuration chain without them), calls
``client.<Op>(ctx, &<pkg>.<Op>Input{...})`` - or iterates ``<pkg>.New<Op>Paginator`` for a
paginated operation - matches the operation's modeled errors with ``errors.As`` and logs with
``log.Printf``/``log.Fatalf``. The input is written by :mod:`generator.targets.go_values` with
the Go types the pinned module declares (``data/go/``). A module the Go module proxy refused
(the skip reason quotes its answers), an operation the served module lacks, or a value Go would
send otherwise than botocore raises :class:`UnsupportedError`.
"""

from __future__ import annotations

import re

from generator.capabilities.botocore import glacier_checksum_left_to_botocore, with_implicit_members
from generator.errors import UnsupportedError
from generator.model.ir import Operation, Service
from generator.naming import go as names
from generator.naming import java as jnames
from generator.render.env import render
from generator.targets import Snippet, uses_paginator
from generator.targets.go_values import INDENT, Writer, string_literal
from generator.values.tree import Value

__all__ = ["check_wire_forms", "render_go", "string_literal"]

def _event_streams(service: Service, operation: Operation) -> tuple[bool, bool]:
    """Whether the input and the output have an event-stream member."""
    found = []
    for ref in (operation.input, operation.output):
        found.append(
            ref is not None
            and any(service.shape(m.target).event_stream for m in service.shape(ref).members)
        )
    return found[0], found[1]


def _streaming_output(service: Service, shape: str | None) -> str:
    member = service.payload_blob(shape)
    return member.name if member is not None and service.is_streaming(member) else ""


def _shown_errors(errors: tuple[str, ...]) -> list[str]:
    """The (at most two) modeled errors an example matches: not-found first, then in the
    model's order (errors added later come last, so an older SDK has the ones shown)."""
    return sorted(errors, key=lambda e: "NotFound" not in e)[:2]


def _canonical_header(name: str) -> str:
    """Go's ``textproto.CanonicalMIMEHeaderKey`` for a name of token characters."""
    if not re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", name):
        return name
    return "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))


def check_wire_forms(service: Service, operation: Operation, value: Value) -> None:
    """Refuse values the Go SDK would send differently from botocore."""
    if operation.input is None:
        return
    shape = service.shape(operation.input)
    for name, child in value.fields:
        member = shape.member(name)
        if member is None or member.location != "headers" or child.kind != "map":
            continue
        prefix = member.location_name
        for entry_key, _item in child.entries:
            text = str(entry_key.scalar)
            if _canonical_header(prefix + text)[len(prefix) :] != text:
                raise UnsupportedError(
                    f"Go's net/http sends header names in canonical form: {name} key {text!r} "
                    f"would arrive as {_canonical_header(prefix + text)[len(prefix) :]!r}",
                    path=name,
                )
    for sse in ("SSECustomerKey", "CopySourceSSECustomerKey"):
        if (
            service.name == "s3"
            and value.field(sse) is not None
            and value.field(sse + "MD5") is None
        ):
            raise UnsupportedError(
                f"botocore base64-encodes {sse} and computes {sse}MD5 itself; the AWS SDK for "
                "Go v2 sends both as given (set both)",
                path=sse,
            )


def _paging(service: Service, operation: Operation, value: Value) -> dict[str, str] | None:
    """The Go paginator an example iterates (as Python's and Java's do), with the output field
    whose length each page logs (``items``, when botocore's first result key is a top-level
    list or map of the output); None when the example calls once (no paginator in botocore or
    in Go, or the values set a token themselves)."""
    if not uses_paginator(operation, value) or operation.paginator is None:
        return None
    found = names.paginator(service.service_id, operation.name)
    if found is None:
        return None
    out = dict(found)
    fields = names.output_fields(service.service_id, operation.name) or {}
    keys = operation.paginator.result_keys
    item = names.capitalize(keys[0]) if keys and "." not in keys[0] else ""
    if fields.get(item, "").startswith(("[]", "map[")):
        out["items"] = item
    return out


def _error_var(struct: str) -> str:
    base = re.sub(r"(Exception|Fault|Error)$", "", struct) or struct
    return base[0].lower() + base[1:] + "Err"


def example_path(service: str, operation: str) -> str:
    """Where ``generate`` writes the Go example of an operation (its ``main`` package)."""
    return f"{service}/go/{names.example_dir(operation)}/main.go"


def render_go(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    sid = service.service_id
    value = with_implicit_members(service, operation, value)
    where = f"{service.name}:{operation.name}"
    version = names.module_version(sid)
    if version is None:
        raise UnsupportedError(f"SDK module not available here: {names.refusal(sid)}", path=where)
    if not names.has_operation(sid, operation.name):
        raise UnsupportedError(
            f"the AWS SDK for Go v2 {names.package(sid)} {version} has no {operation.name} "
            f"(the Go module proxy serves {version}: {names.how_chosen(sid)})",
            path=where,
        )
    events_in, events_out = _event_streams(service, operation)
    if events_in:
        raise UnsupportedError(
            "input event streams (sent through the stream's Send) are not rendered for Go yet",
            path=where,
        )
    check_wire_forms(service, operation, value)
    if glacier_checksum_left_to_botocore(service, operation, value):
        raise UnsupportedError(
            "the AWS SDK for Go v2 computes Glacier's tree-hash checksum only from a body it is "
            "given (no body, no checksum header); botocore sends the checksum of the empty body",
            path="body",
        )
    writer = Writer(service)
    writer.encode_base64 = jnames.botocore_base64_members(service.name, operation.name)
    package = names.package(sid)
    input_struct = names.input_struct(operation.name)
    fields = names.struct_fields(sid, input_struct, is_input=True) or {}
    input_expr = (
        writer.struct(value, fields, f"&{package}.{input_struct}", 1, top=True)
        if operation.input
        else f"&{package}.{input_struct}{{}}"
    )
    errors: list[dict[str, str]] = []
    for error in _shown_errors(tuple(dict.fromkeys(operation.errors))):  # glue lists one twice
        struct = names.error_struct(sid, error)
        if struct is not None:
            var = _error_var(struct)
            if any(e["var"] == var for e in errors):  # EntityNotFound{Exception,Error}
                var = struct[0].lower() + struct[1:]
            errors.append({"struct": struct, "var": var})
    if errors:
        writer.imports.update({'"errors"', f'"{names.module(sid)}/types"'})
    stream_out = _streaming_output(service, operation.output)
    paging = _paging(service, operation, value) if not (events_out or stream_out) else None
    if events_out:
        output_var = "output, err :="
        output_lines = [
            "stream := output.GetStream()",
            "defer stream.Close()",
            "for event := range stream.Events() {",
            f'{INDENT}log.Printf("Received %T\\n", event)',
            "}",
            "if err := stream.Err(); err != nil {",
            f"{INDENT}log.Fatalf(\"Couldn't read the event stream. Here's why: %v\\n\", err)",
            "}",
        ]
    elif stream_out:
        writer.imports.add('"io"')
        field = names.capitalize(stream_out)
        output_var = "output, err :="
        output_lines = [
            f"defer output.{field}.Close()",
            f"body, err := io.ReadAll(output.{field})",
            "if err != nil {",
            f"{INDENT}log.Fatalf(\"Couldn't read the {stream_out}. Here's why: %v\\n\", err)",
            "}",
            f'log.Printf("{operation.name} returned %d bytes\\n", len(body))',
        ]
    else:
        output_var = "_, err ="
        output_lines = [f'log.Println("{operation.name} succeeded")']
    std = {'"context"', '"flag"', '"log"', *(i for i in writer.imports if "/" not in i)}
    third = {'"github.com/aws/aws-sdk-go-v2/config"', f'"{names.module(sid)}"',
             *(i for i in writer.imports if "/" in i)}  # fmt: skip
    imports = sorted(std) + [""] + sorted(third)
    text = render(
        "go/main.go.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        module=names.module(sid),
        version=version,
        package=package,
        imports=imports,
        input=input_expr,
        errors=errors,
        paginate=paging is not None,
        paginator=names.paginator_constructor(operation.name),
        items=(paging or {}).get("items", ""),
        page_var="page" if (paging or {}).get("items") else "_",
        output_var=output_var,
        output_lines=output_lines,
        snippet_tag=names.snippet_tag(service.name, operation.name),
    )
    text = re.sub(r"\n[\t]*\n(\t+\})", r"\n\1", text).replace("\t\n", "\n")
    start = text.index("// snippet-start:")
    start = text.index("\n", start) + 1
    end = text.index("// snippet-end:")
    return Snippet("go", example_path(service.name, operation.name), text, text[start:end])
