"""Target ``python``: a runnable boto3 script in the style of the AWS developer guides.

Input: the service IR, one operation and its value tree. Output: the script text, formatted by
:mod:`pyfmt` in black's layout (the tests check black leaves it unchanged). Strings are written
from Python's own ``repr`` so any string survives exactly (quotes, backslashes, non-BMP
characters); timestamps become timezone-aware ``datetime`` calls.
"""

from __future__ import annotations

from generator.capabilities import botocore as botocore_caps
from generator.errors import UnsupportedError
from generator.model.ir import Operation, Service
from generator.naming import python as names
from generator.render.env import render
from generator.render.pyformat import literals as pyfmt
from generator.targets import Snippet, uses_paginator
from generator.values.tree import Value


def node(value: Value) -> pyfmt.Node:
    """The layout node for a value."""
    kind = value.kind
    if kind in ("structure", "union"):
        children = [(pyfmt.string(name) + ": ", node(child)) for name, child in value.fields]
        return pyfmt.Node(children=children, brackets="{}")
    if kind == "list":
        return pyfmt.Node(children=[("", node(item)) for item in value.items], brackets="[]")
    if kind == "map":
        pairs = [(pyfmt.scalar(k.scalar) + ": ", node(v)) for k, v in value.entries]
        return pyfmt.Node(children=pairs, brackets="{}")
    if kind == "document":
        return pyfmt.document(value.document)
    return pyfmt.Node(pyfmt.scalar(value.scalar))


def _uses_timestamp(value: Value) -> bool:
    if value.kind == "timestamp":
        return True
    children = [v for _, v in value.fields] + list(value.items)
    children += [v for pair in value.entries for v in pair]
    return any(_uses_timestamp(child) for child in children)


def _arguments(value: Value) -> list[str]:
    plain = [(n, c) for n, c in value.fields if not names.is_identifier_keyword(n)]
    odd = [(n, c) for n, c in value.fields if names.is_identifier_keyword(n)]
    args = [(f"{name}=", node(child)) for name, child in plain]
    if odd:
        extra = [(pyfmt.string(n) + ": ", node(c)) for n, c in odd]
        args.append(("**", pyfmt.Node(children=extra, brackets="{}")))
    return pyfmt.call_arguments(args, 8)


def _streaming_output_member(service: Service, operation: Operation) -> str:
    member = service.payload_blob(operation.output)
    return member.name if member is not None else ""


def _main_call_layout(function: str, client_var: str) -> str:
    """How black lays out ``response = function(client)`` inside ``try:``."""
    if len(f"        response = {function}({client_var})") <= pyfmt.LINE:
        return "flat"
    if len(f"        response = {function}(") <= pyfmt.LINE:
        return "split"
    return "parenthesized"


def _client_call_layout(client_var: str, service_name: str) -> str:
    """How black lays out ``client = session.client("service")`` in ``main``."""
    line = f"    {client_var} = session.client({pyfmt.string(service_name)})"
    return "flat" if len(line) <= pyfmt.LINE else "split"


def example_path(service: str, operation: str) -> str:
    """Where ``generate`` writes the Python example of an operation."""
    return f"{service}/python/{names.function_name(operation)}.py"


def render_python(service: Service, operation: Operation, value: Value, title: str) -> Snippet:
    reason = botocore_caps.missing_python_method(service, operation)
    if reason:
        raise UnsupportedError(reason, path=f"{service.name}:{operation.name}")
    imports = ["import argparse", "import json", "import sys"]
    if _uses_timestamp(value):
        imports.append("from datetime import datetime, timezone")
    imports += ["", "import boto3", "from botocore.exceptions import ClientError"]
    method = names.boto3_method(operation.name)
    client_var = names.client_variable(service.name)
    call = (
        f"{client_var}.{method}"
        if not names.is_identifier_keyword(method)
        else f"getattr({client_var}, {method!r})"
    )
    streaming = _streaming_output_member(service, operation)
    source = render(
        "python/snippet.py.j2",
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        imports=imports,
        function=names.function_name(operation.name),
        main_call_layout=_main_call_layout(names.function_name(operation.name), client_var),
        client_var=client_var,
        client_call_layout=_client_call_layout(client_var, service.name),
        call=call,
        paginate=uses_paginator(operation, value),
        method_literal=pyfmt.string(method),
        arguments=_arguments(value),
        streaming_member=repr(streaming) if streaming else "",
        streaming_member_name=streaming,
        service_literal=pyfmt.string(service.name),
    )
    text = source
    return Snippet("python", example_path(service.name, operation.name), text, text)
