"""Target ``rust``: a ``main.rs`` for the AWS SDK for Rust, in the style of AWS's rustv1 examples.

Input: the service IR, one operation and its value tree. Output: one ``main.rs`` with a clap
``Opt`` (``--region``, ``--profile``), ``#[tokio::main]``, the configuration loaded with
``aws_config::defaults(BehaviorVersion::latest())``, the fluent call with every value
(``into_paginator().send()`` for a paginated operation), a modeled error matched through
``as_service_error()`` and every other error printed with ``DisplayErrorContext``.

Every value is written as the pinned crate types it (:mod:`generator.naming.rust` reads the
setters and their types from ``data/rust.json``; for a crate not pinned here, from the model by
smithy-rs' rules): list members with one call of the appending setter per item, map members one
call per entry, structures with their builders (``.build()?`` where the builder returns a
``Result``), enums by variant, unions by variant, blobs ``Blob``, streaming bodies ``ByteStream``,
timestamps ``DateTime``, documents ``aws_smithy_types::Document``. The code layout follows rustfmt
(chains and calls past 60 columns one element a line). A member the crate lacks, an input event
stream or a value Rust cannot send as botocore does raises :class:`UnsupportedError`.
"""

from __future__ import annotations

from generator.capabilities.botocore import with_implicit_members
from generator.errors import UnsupportedError
from generator.model.ir import Operation, Service
from generator.naming import java as jnames
from generator.naming import rust as names
from generator.render.env import render
from generator.targets import Snippet, uses_paginator
from generator.targets.rust_layout import WIDTH, Atom, Call, Chain, lay, use_line, use_order
from generator.targets.rust_values import RustWriter
from generator.values.tree import Value


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


def _streaming_output(service: Service, shape: str | None) -> str:
    member = service.payload_blob(shape)
    return member.name if member is not None and service.is_streaming(member) else ""


def _shown_error(service: Service, operation: Operation) -> tuple[str, str] | None:
    """(error enum, variant) of the modeled error the example matches: a not-found error first,
    else the operation's first; only where the pinned crate says the variant exists."""
    for error in sorted(operation.errors, key=lambda e: "NotFound" not in e):
        variant = names.error_variant(service.service_id, operation.name, error)
        if variant is not None:
            table = names.operation(service.service_id, operation.name) or {}
            return f"{table.get('name', names.type_name(operation.name))}Error", variant
    return None


def _dependencies(service: Service, extra: list[str]) -> list[str]:
    """The ``[dependencies]`` lines of the Cargo.toml the example needs."""
    sid = service.service_id
    lines = [
        f'aws-config = {{ version = "{names.config_version()}", '
        'features = ["behavior-version-latest"] }',
        f'{names.crate(sid)} = "{names.crate_version(sid) or "1"}"',
        *extra,
        'clap = { version = "4", features = ["derive"] }',
        'tokio = { version = "1", features = ["full"] }',
    ]
    return lines


def render_rust(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    sid = service.service_id
    where = f"{service.name}:{operation.name}"
    value = with_implicit_members(service, operation, value)
    version = names.crate_version(sid)
    table = names.operation(sid, operation.name)
    if version is not None and table is None:
        raise UnsupportedError(
            f"the AWS SDK for Rust {names.crate(sid)} {version} has no {operation.name}",
            path=where,
        )
    events_in, events_out = _event_streams(service, operation)
    if events_in:
        raise UnsupportedError(
            "input event streams (sent through an EventStreamSender) are not rendered for Rust yet",
            path=where,
        )
    writer = RustWriter(service)
    writer.encode_base64 = jnames.botocore_base64_members(service.name, operation.name)
    paginated = uses_paginator(operation, value) and (
        table["paginator"] if table is not None else True
    )
    chain = writer.call(operation, value, table)
    module = names.module(sid)
    error = _shown_error(service, operation)
    op_module = names.method(operation.name)
    uses = [
        "aws_config::meta::region::RegionProviderChain",
        "aws_config::BehaviorVersion",
        f"{module}::error::DisplayErrorContext",
        f"{module}::{{config::Region, Client}}",
        "clap::Parser",
        *writer.uses(),
    ]
    if error is not None:
        uses.append(f"{module}::operation::{op_module}::{error[0]}")
    stream_out = _streaming_output(service, operation.output)
    if events_out:
        handle = "mut output"
        ok_lines = [
            f"while let Some(event) = output.{names.identifier(names.member_base(events_out))}.recv().await? {{",
            '    println!("{event:?}");',
            "}",
        ]
    elif stream_out:
        handle = "output"
        field = names.identifier(names.member_base(stream_out))
        ok_lines = [
            f"let bytes = output.{field}.collect().await?.into_bytes();",
            f'println!("{operation.name} returned {{}} bytes", bytes.len());',
        ]
    else:
        handle = "output"
        ok_lines = []
    if paginated:
        tail: tuple[tuple[str, tuple[()] | None, str], ...] = (
            ("into_paginator", (), ""),
            ("send", (), ""),
        )
        lead = "    let mut pages = "
    else:
        tail = (("send", (), ""), ("await", None, ""))
        lead = "    let result = "
    call = lay(Chain(chain.root, chain.links + tail), 4, len(lead))
    error_lines = _error_lines(operation.name, error, 16 if paginated else 12)
    text = render(
        "rust/main.rs.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        crate=names.crate(sid),
        version=version or "latest",
        pinned=version is not None,
        dependencies=_dependencies(service, writer.dependencies()),
        uses=[use_line(u) for u in sorted(set(uses), key=use_order)],
        call=call,
        paginated=paginated,
        handle=handle,
        ok_arm="" if ok_lines else 'println!("{output:?}")',
        ok_lines=ok_lines,
        error_lines=error_lines,
        snippet_tag=names.snippet_tag(service.name, operation.name),
    )
    start = text.index("// snippet-start:")
    start = text.index("\n", start) + 1
    end = text.index("// snippet-end:")
    note = (
        "Cargo\\.toml `[dependencies]`: "
        + "; ".join(f"`{line}`" for line in _dependencies(service, writer.dependencies()))
        + "\\."
    )
    return Snippet("rust", f"{service.name}/rust/{op_module}/main.rs", text, text[start:end], note)


def _error_lines(operation: str, error: tuple[str, str] | None, indent: int) -> list[str]:
    """The statements of the ``Err(err)`` arm, as rustfmt lays them out at ``indent``."""
    why = Call(
        "eprintln!",
        (
            Atom(f"\"Couldn't call {operation}. Here's why: {{}}\""),
            Atom("DisplayErrorContext(&err)"),
        ),
        macro=True,
    )
    if error is None:
        return [lay(why, indent, indent) + ";", "std::process::exit(1);"]
    pattern = f"if let Some({error[0]}::{error[1]}(e)) ="
    test = f"{pattern} err.as_service_error()"
    if indent + len(test) + 2 <= WIDTH:
        opening = [test + " {"]
    elif indent + len(test) <= WIDTH:
        opening = [test, "{"]
    else:
        opening = [pattern, "    err.as_service_error()", "{"]
    return [
        *opening,
        f'    eprintln!("Couldn\'t call {operation}: {{e}}");',
        "} else {",
        "    " + lay(why, indent + 4, indent + 4) + ";",
        "}",
        "std::process::exit(1);",
    ]
