"""Target ``client``, API: the views behind ``client.py`` (methods) and ``errors.py``.

Input: a :class:`~generator.targets.client.plan.Plan`. Output: template contexts. Each
operation becomes a method with keyword-only typed parameters that builds the request
dataclass and returns the response dataclass; each paginator a ``paginate_*`` method yielding
the items of its result key; each waiter a ``wait_until_*`` method; each modeled error an
exception class whose keyword arguments are the error's fields. Lines are laid out black-stable
by :mod:`client_layout` and :mod:`pyfmt`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model.ir import Operation, Paginator
from generator.naming import python as names
from generator.render.pyformat import literals as pyfmt
from generator.targets.client import docstrings as docs
from generator.targets.client import layout
from generator.targets.client.plan import Plan
from generator.targets.client.types import TypeExpr, member_type, name

RESERVED_METHODS = frozenset({"boto3_client"})
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


@dataclass
class Method:
    signature: list[str]
    doc: list[str]
    body: list[str]


@dataclass
class ErrorClass:
    name: str
    signature: list[str]
    doc: list[str]
    assignments: list[str] = field(default_factory=list)


def _params(
    plan: Plan, shape_name: str | None, skip: frozenset[str] = frozenset()
) -> list[layout.Param]:
    if shape_name is None:
        return []
    shape = plan.shape(shape_name)
    members = [m for m in shape.members if m.name not in skip]
    ordered = [m for m in members if m.required] + [m for m in members if not m.required]
    params: list[layout.Param] = []
    for member in ordered:
        annotation = member_type(plan, shape_name, member.name)
        params.append(
            (plan.field(shape_name, member.name), annotation, None if member.required else "None")
        )
    return params


Arg = tuple[str, pyfmt.Node]


def _request(plan: Plan, shape_name: str | None, skip: frozenset[str] = frozenset()) -> Arg:
    """``CreateSchemaRequest(name=name, ...)`` as a call argument (``None`` without input)."""
    if shape_name is None:
        return ("", pyfmt.Node("None"))
    args: list[Arg] = []
    for member in plan.shape(shape_name).members:
        if member.name not in skip:
            attr = plan.field(shape_name, member.name)
            args.append((f"{attr}=", pyfmt.Node(attr)))
    return (plan.classes[shape_name], pyfmt.Node(children=args, brackets="()"))


def _plain(text: str) -> Arg:
    return ("", pyfmt.Node(text))


def _call(target: str, args: list[Arg], indent: int, keyword: str) -> list[str]:
    return pyfmt.Node(children=args, brackets="()").lines(indent, f"{keyword}{target}", "")


def _signature(method: str, params: list[layout.Param], returns: TypeExpr) -> list[str]:
    every: list[layout.Param] = [("self", None, None)]
    if params:
        every += [("*", None, None), *params]
    flat = f"    def {method}(self) -> {returns.flat()}:"
    if not params and len(flat) <= pyfmt.LINE:
        return [flat]
    return layout.def_lines(1, method, every, returns)


def _raises(plan: Plan, op: Operation) -> str:
    entries: list[str] = []
    for error in op.errors:
        if error in plan.error_classes:
            about = docs.summary(plan.shape(error).documentation) or "A modeled error."
            entries.append(f"{plan.error_classes[error]}: {about}")
    entries.append(f"{plan.base_error}: Any other error the service returns.")
    entries.append("ParamValidationError: The parameters break the model's constraints.")
    return docs.section("Raises:", entries, pyfmt.LINE - 8)


def _method_doc(plan: Plan, op: Operation, lead: str = "") -> list[str]:
    text = docs.markdown(op.documentation) or f"Call {op.name}."
    if op.deprecated:
        text = "Deprecated.\n\n" + text
    body = "\n\n".join(p for p in (lead, text, _raises(plan, op)) if p)
    return docs.docstring(body, 2)


def _output(plan: Plan, op: Operation) -> TypeExpr:
    return name(plan.classes[op.output]) if op.output else name("None")


def operation_method(plan: Plan, op: Operation, method: str) -> Method:
    returns = _output(plan, op)
    args = [_plain(layout.string(op.name)), _request(plan, op.input)]
    if op.output:
        body = _call("self._engine.call", [*args, _plain(returns.flat())], 8, "return ")
    else:
        body = _call("self._engine.send", args, 8, "")
    return Method(_signature(method, _params(plan, op.input), returns), _method_doc(plan, op), body)


def _result_member(plan: Plan, op: Operation, paginator: Paginator) -> str | None:
    """The output member holding a paginator's items, when it is one plain list."""
    if op.output is None or len(paginator.result_keys) != 1:
        return None
    key = paginator.result_keys[0]
    member = plan.shape(op.output).member(key)
    if member is None or plan.shape(member.target).kind != "list":
        return None
    return key


def paginator_method(plan: Plan, op: Operation, method: str) -> Method | None:
    paginator = op.paginator
    if paginator is None or op.output is None or op.input is None:
        return None
    skip = frozenset(paginator.input_token)
    output = plan.shape(op.output)
    key = _result_member(plan, op, paginator)
    if key is not None:
        member = output.member(key)
        assert member is not None
        item = plan.shape(member.target).item
        assert item is not None
        returns = member_type(plan, op.output, key)
        element = returns.options[0] if returns.options else returns
        yielded = element.args[0]
        select = f"lambda page: page.{plan.field(op.output, key)}"
        lead = f"Every item of ``{key}`` across the pages of {op.name} (fetched as needed)."
    else:
        yielded = name(plan.classes[op.output])
        select = "lambda page: [page]"
        lead = f"Every page of {op.name} (fetched as needed)."
    iterator = TypeExpr("Iterator", (yielded,))
    args = [
        _plain(layout.string(op.name)),
        _request(plan, op.input, skip),
        _plain(plan.classes[op.output]),
        _plain(select),
    ]
    body = _call("self._engine.paginate", args, 8, "return ")
    signature = _signature(method, _params(plan, op.input, skip), iterator)
    return Method(signature, _method_doc(plan, op, lead), body)


def waiter_method(plan: Plan, waiter: str, operation: str, method: str) -> Method:
    op = plan.service.operations[operation]
    params = _params(plan, op.input)
    taken = {p[0] for p in params}
    config = names.unique("waiter_config", taken)
    params.append((config, name("WaiterConfig").optional(), "None"))
    args = [
        _plain(layout.string(names.boto3_method(waiter))),
        _plain(layout.string(operation)),
        _request(plan, op.input),
        _plain(config),
    ]
    body = _call("self._engine.wait", args, 8, "")
    lead = (
        f"Wait until the ``{waiter}`` condition holds, polling {operation}.\n\n"
        f"``{config}`` overrides botocore's delay and attempts; a waiter that gives up "
        "raises ``WaiterError``."
    )
    return Method(_signature(method, params, name("None")), docs.docstring(lead, 2), body)


@dataclass(frozen=True)
class MethodNames:
    """The client's method names: per operation, per paginated operation, per waiter."""

    operations: dict[str, str]
    paginators: dict[str, str]
    waiters: dict[str, str]


def method_names(plan: Plan) -> MethodNames:
    """Every method name of the client class, claimed in a fixed order (operations first)."""
    taken: set[str] = set(RESERVED_METHODS)

    def claim(wanted: str) -> str:
        method = names.unique(wanted, taken)
        taken.add(method)
        return method

    operations = {op.name: claim(names.method_name(op.name)) for op in plan.operations}
    paginators = {
        op.name: claim("paginate_" + names.boto3_method(op.name))
        for op in plan.operations
        if op.paginator is not None
    }
    waiters = {waiter: claim(names.waiter_method(waiter)) for waiter, _ in plan.waiters}
    return MethodNames(operations, paginators, waiters)


def client_view(plan: Plan) -> dict[str, object]:
    """The template context of ``client.py``."""
    claimed = method_names(plan)
    methods: list[Method] = []
    used: set[str] = set()
    for op in plan.operations:
        methods.append(operation_method(plan, op, claimed.operations[op.name]))
    for op in plan.operations:
        if op.name in claimed.paginators:
            built = paginator_method(plan, op, claimed.paginators[op.name])
            if built is not None:
                methods.append(built)
    for waiter, operation in plan.waiters:
        methods.append(waiter_method(plan, waiter, operation, claimed.waiters[waiter]))
    for method in methods:
        for line in method.signature + method.body:
            used.update(_identifiers(line))
    models = sorted(used & _model_names(plan))
    imports = ["from collections.abc import Iterator"] if "Iterator" in used else []
    if "datetime" in used:
        imports.append("from datetime import datetime")
    imports += ["from typing import Any", ""]
    imports.append("from . import _schema")
    imports += layout.import_lines(
        "._engine", ["Engine", "make_boto3_client", *({"WaiterConfig"} & used)]
    )
    runtime = sorted({"ByteStream", "JsonValue"} & used)
    if runtime:
        imports += layout.import_lines("._runtime", runtime)
    imports.append(f"from .errors import ERRORS, {plan.base_error}")
    if models:
        imports += layout.import_lines(".models", models)
    service = plan.service
    about = docs.markdown(service.documentation)
    text = (
        f"Typed client for {service.full_name}.\n\n{about}\n\n"
        "Wraps a boto3 client: pass one, or the usual boto3 arguments to create one. Every "
        "method validates its parameters against the model first (``validate=False`` turns "
        f"that off) and raises ``{plan.base_error}`` subclasses for service errors."
    )
    return {
        "docstring": docs.docstring(
            f"Typed client for {service.full_name} (API {service.api_version}).\n\n"
            "Generated by sdk-parity; do not edit.",
            0,
        ),
        "imports": imports,
        "client_class": plan.client_class,
        "class_doc": docs.docstring(text, 1),
        "service_name": layout.string(service.name),
        "base_error": plan.base_error,
        "methods": methods,
    }


def _model_names(plan: Plan) -> set[str]:
    return set(plan.classes.values()) | set(plan.literals.values()) | set(plan.variants.values())


def _identifiers(line: str) -> set[str]:
    return set(_IDENTIFIER.findall(line))


def errors_view(plan: Plan) -> dict[str, object]:
    """The template context of ``errors.py``."""
    classes: list[ErrorClass] = []
    used: set[str] = set()
    for shape_name in plan.errors:
        shape = plan.shape(shape_name)
        cls = plan.error_classes[shape_name]
        params: list[layout.Param] = [("self", None, None), ("*", None, None)]
        assignments: list[str] = []
        for member in shape.members:
            attr = plan.field(shape_name, member.name)
            annotation = member_type(plan, shape_name, member.name)
            used |= annotation.names()
            params.append((attr, annotation, "None"))
            assignments += layout.assign_lines(2, f"self.{attr}", attr)
        params += [
            ("error_code", name("str"), layout.string(shape_name)),
            ("error_message", name("str"), '""'),
            ("operation_name", name("str"), '""'),
            ("response", TypeExpr("Mapping", (name("str"), name("Any"))).optional(), "None"),
        ]
        text = docs.markdown(shape.documentation) or f"The service's ``{shape_name}`` error."
        entries = [
            docs.member_line(plan.service, shape, m.name, plan.field(shape_name, m.name))
            for m in shape.members
        ]
        section = docs.attributes(entries, pyfmt.LINE - 4)
        doc = docs.docstring("\n\n".join(p for p in (text, section) if p), 1)
        signature = layout.def_lines(1, "__init__", params, name("None"))
        classes.append(ErrorClass(cls, signature, doc, assignments))
    models = sorted(used & _model_names(plan))
    imports = ["from collections.abc import Mapping"]
    if "datetime" in used:
        imports.append("from datetime import datetime")
    imports.append("from typing import Any")
    local: list[str] = [n for n in ("ByteStream", "JsonValue") if n in used]
    if local or models:
        imports.append("")
    if local:
        imports += layout.import_lines("._runtime", local)
    if models:
        imports += layout.import_lines(".models", models)
    service = plan.service
    return {
        "docstring": docs.docstring(
            f"Errors of {service.full_name}: the base error and one class per modeled error."
            "\n\nGenerated by sdk-parity; do not edit.",
            0,
        ),
        "imports": imports,
        "base_error": plan.base_error,
        "base_doc": docs.docstring(
            f"An error returned by {service.full_name}; the base of every modeled error.\n\n"
            "Attributes:\n"
            "    error_code: The error code (``Error.Code`` of the response).\n"
            "    error_message: The error message (``Error.Message``).\n"
            "    operation_name: The operation that failed.\n"
            "    response: The parsed error response, as botocore returns it.",
            1,
        ),
        "classes": classes,
        "errors": [(layout.string(s), plan.error_classes[s]) for s in plan.errors],
    }
