"""Target ``client``: the example of one operation for the typed client of its service.

Input: the service IR, an operation and its value tree (the same tree every other language
renders). Output: a :class:`~generator.targets.Snippet` - a runnable script in black's layout
that builds the typed client from the environment (``--region`` overrides the Region), calls
the typed method (or iterates its ``paginate_*`` method when the operation has a paginator)
with the values written as the package's own dataclasses, and prints a field of the result. ``generate`` writes it under
``<service>/client/``, the docs page shows it in the "Typed Python client" tab and ``verify``
runs this very file against the package, so the values travel through the package's validation
and conversion exactly as a user's would.

Names (classes, fields, methods) come from the plan of the **whole** service, the plan the
published package is rendered from: a name can depend on other operations of the service (two
shapes whose class names collide get numbered in a fixed order), so a plan of one operation
could name a class differently from the package. The catalog cache therefore keys each
operation by its model slice plus :func:`example_names` - the names this example can use.
"""

from __future__ import annotations

import datetime as dt

from generator.caches import per_service
from generator.errors import SdkParityError, UnsupportedError
from generator.model.ir import Operation, Service
from generator.naming import python as names
from generator.render.env import render
from generator.render.pyformat import literals as pyfmt
from generator.targets import Snippet, uses_paginator
from generator.targets.client import layout
from generator.targets.client.api import MethodNames, method_names, paginator_method
from generator.targets.client.package import load_waiters
from generator.targets.client.plan import Plan, make_plan, unsupported_reason
from generator.values.tree import Value, iso8601

_SCALAR_KINDS = ("string", "enum", "integer", "long", "boolean")
TEMPLATE = "python_client/example.py.j2"


class ValueWriter:
    """Layout nodes for values, in terms of the package's classes (collected for the imports)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.models: set[str] = set()
        self.needs_datetime = False

    def node(self, value: Value) -> pyfmt.Node:
        plan = self.plan
        kind = value.kind
        if kind == "structure":
            cls = plan.classes[value.shape]
            self.models.add(cls)
            return pyfmt.Node(children=self.arguments(value), brackets="()", head=cls)
        if kind == "union":
            name, child = value.fields[0]
            variant = plan.variants[(value.shape, name)]
            self.models.add(variant)
            attr = plan.field(value.shape, name)
            return pyfmt.Node(children=[(f"{attr}=", self.node(child))], brackets="()", head=variant)
        if kind == "list":
            return pyfmt.Node(children=[("", self.node(item)) for item in value.items], brackets="[]")
        if kind == "map":
            pairs = [(self.node(k).flat() + ": ", self.node(v)) for k, v in value.entries]
            return pyfmt.Node(children=pairs, brackets="{}")
        if kind == "document":
            return pyfmt.document(value.document)
        if kind == "timestamp":
            self.needs_datetime = True
            moment: dt.datetime = value.scalar
            return pyfmt.Node(f"datetime.fromisoformat({pyfmt.string(iso8601(moment))})")
        if kind in ("float", "double"):
            return pyfmt.Node(repr(float(value.scalar)))
        if kind == "blob":
            return pyfmt.Node(pyfmt.bytes_literal(bytes(value.scalar)))
        if kind in _SCALAR_KINDS:
            return pyfmt.Node(pyfmt.scalar(value.scalar))
        raise SdkParityError(f"no typed-client form for a {kind} value")

    def arguments(self, value: Value) -> list[tuple[str, pyfmt.Node]]:
        return [(f"{self.plan.field(value.shape, n)}=", self.node(c)) for n, c in value.fields]


@per_service(maxsize=8)
def _plans(service_name: str, api_version: str) -> dict[int, tuple[Service, Plan]]:
    """A holder per service for :func:`service_plan` (released with the other service caches)."""
    return {}


def service_plan(service: Service) -> Plan:
    """The plan of the whole package of ``service`` (cached per loaded service)."""
    holder = _plans(service.name, service.api_version)
    cached = holder.get(id(service))
    if cached is not None and cached[0] is service:
        return cached[1]
    try:
        plan = make_plan(service, None, load_waiters(service.name, service.api_version))
    except UnsupportedError:
        raise
    except SdkParityError as exc:  # the package cannot be made: no example either
        raise UnsupportedError(exc.message or str(exc), path=service.name) from None
    holder[id(service)] = (service, plan)
    return plan


@per_service(maxsize=8)
def _names(service_name: str, api_version: str) -> dict[int, tuple[Plan, MethodNames]]:
    """A holder per service for the client's method names (the same for every operation: each
    example used to claim all of them again, quadratic in a service's operations)."""
    return {}


def _method_names(plan: Plan) -> MethodNames:
    holder = _names(plan.service.name, plan.service.api_version)
    cached = holder.get(id(plan))
    if cached is None or cached[0] is not plan:
        cached = holder[id(plan)] = (plan, method_names(plan))
    return cached[1]


def _paginates(plan: Plan, operation: Operation, value: Value) -> str:
    """The ``paginate_*`` method to iterate (its items where the paginator has one result key,
    else its pages), when the values set no pagination token; an empty string otherwise."""
    if not uses_paginator(operation, value):
        return ""
    names = _method_names(plan)
    items = names.paginators.get(operation.name, "")  # yields the items of one result key
    if items and paginator_method(plan, operation, items, pages=False) is not None:
        return items
    pages = names.pages.get(operation.name, "")  # otherwise every page
    if pages and paginator_method(plan, operation, pages, pages=True) is not None:
        return pages
    return ""


def _printed_field(plan: Plan, operation: Operation) -> str:
    """The output field the example prints: an ARN or id if there is one, else the first
    member that is not a stream; empty when the operation returns nothing to print."""
    if operation.output is None:
        return ""
    members = [
        m for m in plan.shape(operation.output).members
        if not plan.shape(m.target).streaming and not plan.shape(m.target).event_stream
    ]  # fmt: skip
    for member in members:
        if member.name.lower().endswith(("arn", "id")):
            return plan.field(operation.output, member.name)
    return plan.field(operation.output, members[0].name) if members else ""


def render_client_example(
    service: Service, operation: Operation, value: Value, title: str
) -> Snippet:
    """The typed-client script of ``operation`` (raises ``UnsupportedError`` with the reason
    when the package leaves the operation out)."""
    reason = unsupported_reason(service, operation)
    if reason:
        raise UnsupportedError(reason, path=f"{service.name}:{operation.name}")
    plan = service_plan(service)
    package = names.package_name(service.name)
    writer = ValueWriter(plan)
    arguments = writer.arguments(value) if value.kind == "structure" else []
    paginate = _paginates(plan, operation, value)
    if paginate and operation.paginator is not None and operation.paginator.limit_key:
        # paginate_* takes the page size as ``page_size`` unless the model requires the member
        key = operation.paginator.limit_key
        member = next((m for m in plan.shape(value.shape).members if m.name == key), None)
        if member is not None and not member.required:
            limit = f"{plan.field(value.shape, key)}="
            arguments = [("page_size=" if n == limit else n, node) for n, node in arguments]
    method = paginate or _method_names(plan).operations[operation.name]
    imports = ["import argparse", "import sys"]
    if writer.needs_datetime:
        imports.append("from datetime import datetime")
    imports.append("")
    imports += layout.import_lines(package, [plan.client_class, plan.base_error])
    if writer.models:
        imports += layout.import_lines(f"{package}.models", sorted(writer.models))
    function = names.function_name(operation.name)
    text = render(
        TEMPLATE,
        title=title,
        service_title=service.full_name,
        service_name=service.name,
        api_version=service.api_version,
        operation=operation.name,
        distribution=names.distribution_name(service.name),
        imports=imports,
        function=function,
        client_class=plan.client_class,
        base_error=plan.base_error,
        method=method,
        paginate=bool(paginate),
        arguments=pyfmt.call_arguments(arguments, 8),
        printed=_printed_field(plan, operation),
        main_call_layout=_main_call_layout(function),
    )
    return Snippet("client", f"{service.name}/client/{function}.py", text, text)


def _main_call_layout(function: str) -> str:
    """How black lays out ``function(client)`` inside ``try:``."""
    return "flat" if len(f"        {function}(client)") <= pyfmt.LINE else "split"


def example_names(service: Service, operation: Operation) -> str:
    """Every name of the whole-service plan the example of ``operation`` can use, one per line:
    the package's client and error classes, the operation's methods and the classes and fields
    of the shapes its input and output reach. Empty when the package leaves it out."""
    if unsupported_reason(service, operation):
        return ""
    try:
        plan = service_plan(service)
    except SdkParityError as exc:
        return f"unsupported: {exc.message}"
    except Exception as exc:  # noqa: BLE001 - a key must not crash; rendering reports the crash
        return f"crashed: {type(exc).__name__}"
    methods = _method_names(plan)
    lines = [
        plan.client_class,
        plan.base_error,
        methods.operations.get(operation.name, ""),
        methods.paginators.get(operation.name, ""),
    ]
    roots = [r for r in (operation.input, operation.output) if r]
    for shape in sorted(service.reachable(roots)):
        lines.append(f"{shape} {plan.classes.get(shape, '')}")
        for member, field in sorted(plan.fields.get(shape, {}).items()):
            lines.append(f"{shape}.{member} {field}")
        for (union, member), variant in sorted(plan.variants.items()):
            if union == shape:
                lines.append(f"{shape}|{member} {variant}")
    return "\n".join(lines)
