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


def _members(plan: Plan, shape_name: str | None, skip: frozenset[str] = frozenset()) -> list[str]:
    """The request members that become parameters: required ones first, in model order."""
    if shape_name is None:
        return []
    members = [m for m in plan.shape(shape_name).members if m.name not in skip]
    return [m.name for m in members if m.required] + [m.name for m in members if not m.required]


def _params(
    plan: Plan, shape_name: str | None, skip: frozenset[str] = frozenset()
) -> list[layout.Param]:
    if shape_name is None:
        return []
    shape = plan.shape(shape_name)
    params: list[layout.Param] = []
    for member_name in _members(plan, shape_name, skip):
        member = shape.member(member_name)
        assert member is not None
        annotation = member_type(plan, shape_name, member.name, request=True)
        params.append(
            (plan.field(shape_name, member.name), annotation, None if member.required else "None")
        )
    return params


def _args(plan: Plan, shape_name: str | None, skip: frozenset[str] = frozenset()) -> list[str]:
    """The ``Args:`` entries of the parameters, from the model's documentation."""
    if shape_name is None:
        return []
    shape = plan.shape(shape_name)
    return [
        docs.member_line(plan.service, shape, m, plan.field(shape_name, m))
        for m in _members(plan, shape_name, skip)
    ]


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


def _signature(
    method: str, params: list[layout.Param], returns: TypeExpr, keyword: str = "def"
) -> list[str]:
    every: list[layout.Param] = [("self", None, None)]
    if params:
        every += [("*", None, None), *params]
    flat = f"    {keyword} {method}(self) -> {returns.flat()}:"
    if not params and len(flat) <= pyfmt.LINE:
        return [flat]
    return layout.def_lines(1, method, every, returns, keyword)


def _raises(plan: Plan, op: Operation) -> str:
    entries: list[str] = []
    for error in op.errors:
        if error in plan.error_classes:
            about = docs.summary(plan.shape(error).documentation) or "A modeled error."
            entries.append(f"{plan.error_classes[error]}: {about}")
    entries.append(f"{plan.base_error}: Any other error the service returns.")
    entries.append("ParamValidationError: The parameters break the model's constraints.")
    return docs.section("Raises:", entries, pyfmt.LINE - 8)


def _method_doc(
    plan: Plan, op: Operation, args: list[str], returns: str, lead: str = ""
) -> list[str]:
    text = docs.markdown(op.documentation) or f"Call {op.name}."
    if op.deprecated:
        text = "Deprecated.\n\n" + text
    width = pyfmt.LINE - 8
    sections = (
        docs.section("Args:", args, width),
        docs.section("Returns:", [returns], width) if returns else "",
        _raises(plan, op),
    )
    body = "\n\n".join(p for p in (lead, text, *sections) if p)
    return docs.docstring(body, 2)


def _returns(plan: Plan, op: Operation) -> str:
    if op.output is None:
        return ""
    cls = plan.classes[op.output]
    about = docs.summary(plan.shape(op.output).documentation)
    return f"{cls}: {about or f'The result of {op.name}.'} The raw response is on " + (
        "``boto3_response``, request ID and HTTP status on ``response_metadata``."
    )


def _output(plan: Plan, op: Operation) -> TypeExpr:
    return name(plan.classes[op.output]) if op.output else name("None")


def operation_method(plan: Plan, op: Operation, method: str, asynchronous: bool = False) -> Method:
    """The method of one operation; ``async def`` awaiting the async engine when
    ``asynchronous``."""
    returns = _output(plan, op)
    args = [_plain(layout.string(op.name)), _request(plan, op.input)]
    keyword, wait = ("async def", "await ") if asynchronous else ("def", "")
    if op.output:
        body = _call("self._engine.call", [*args, _plain(returns.flat())], 8, f"return {wait}")
    else:
        body = _call("self._engine.send", args, 8, wait)
    doc = _method_doc(plan, op, _args(plan, op.input), _returns(plan, op))
    return Method(_signature(method, _params(plan, op.input), returns, keyword), doc, body)


def _result_member(plan: Plan, op: Operation, paginator: Paginator) -> str | None:
    """The output member holding a paginator's items, when it is one plain list."""
    if op.output is None or len(paginator.result_keys) != 1:
        return None
    key = paginator.result_keys[0]
    member = plan.shape(op.output).member(key)
    if member is None or plan.shape(member.target).kind != "list":
        return None
    return key


PAGING_ARGS = (
    ("page_size", "int", "How many items to ask for per request."),
    ("max_items", "int", "Stop after this many items; ``resume_token`` then says where."),
    ("starting_token", "str", "Continue from the ``resume_token`` of an earlier iteration."),
)


def _paging(plan: Plan, params: list[layout.Param]) -> tuple[list[layout.Param], Arg, list[str]]:
    """The paging parameters (renamed on a clash), the ``Paging(...)`` argument, their docs."""
    taken = {p[0] for p in params}
    extra: list[layout.Param] = []
    args: list[Arg] = []
    entries: list[str] = []
    for wanted, kind, about in PAGING_ARGS:
        param = names.unique(wanted, taken)
        taken.add(param)
        extra.append((param, name(kind).optional(), "None"))
        args.append((f"{wanted}=", pyfmt.Node(param)))
        entries.append(f"{param}: {about}")
    return extra, ("Paging", pyfmt.Node(children=args, brackets="()")), entries


def _paginator_skip(plan: Plan, op: Operation, paginator: Paginator) -> frozenset[str]:
    """Request members botocore's paginator sets itself: the tokens and the page size (a
    page size the model requires, as cognito-idp ListUserPools does, stays a parameter)."""
    assert op.input is not None
    optional = {m.name for m in plan.shape(op.input).members if not m.required}
    return frozenset(paginator.input_token) | ({paginator.limit_key} & optional)


def paginator_method(
    plan: Plan, op: Operation, method: str, pages: bool, asynchronous: bool = False
) -> Method | None:
    """``paginate_<op>`` (the items of its one result key) or ``paginate_<op>_pages``; with
    ``asynchronous``, the ``Async*`` iterators, for ``async for``."""
    kind = "Async" if asynchronous else ""
    paginator = op.paginator
    if paginator is None or op.output is None or op.input is None:
        return None
    skip = _paginator_skip(plan, op, paginator)
    output = plan.shape(op.output)
    page = name(plan.classes[op.output])
    params = _params(plan, op.input, skip)
    extra, paging, paging_docs = _paging(plan, params)
    request = [_plain(layout.string(op.name)), _request(plan, op.input, skip), _plain(page.flat())]
    if pages:
        returns = TypeExpr(f"{kind}PageIterator", (page,))
        body = _call("self._engine.pages", [*request, paging], 8, "return ")
        lead = f"Every page of {op.name}, fetched as they are read."
        result = f"{returns.flat()}: The typed pages; ``resume_token`` says where to"
        result += " continue after ``max_items``."
    else:
        key = _result_member(plan, op, paginator)
        if key is None:
            return None
        member = output.member(key)
        assert member is not None
        listed = member_type(plan, op.output, key)
        element = listed.options[0] if listed.options else listed
        yielded = element.args[0]
        select = _plain(f"lambda page: page.{plan.field(op.output, key)}")
        returns = TypeExpr(f"{kind}ItemIterator", (page, yielded))
        body = _call("self._engine.paginate", [*request, select, paging], 8, "return ")
        lead = f"Every item of ``{key}`` across the pages of {op.name}, fetched as needed."
        result = f"{returns.flat()}: The items; ``resume_token``"
        result += " says where to continue after ``max_items``."
    signature = _signature(method, params + extra, returns)
    doc = _method_doc(plan, op, _args(plan, op.input, skip) + paging_docs, result, lead)
    return Method(signature, doc, body)


def waiter_method(
    plan: Plan, waiter: str, operation: str, method: str, asynchronous: bool = False
) -> Method:
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
    body = _call("self._engine.wait", args, 8, "await " if asynchronous else "")
    lead = (
        f"Wait until the ``{waiter}`` condition holds, polling {operation}.\n\n"
        f"``{config}`` overrides botocore's delay and attempts; a waiter that gives up "
        "raises ``WaiterError``."
    )
    entries = _args(plan, op.input)
    entries.append(f"{config}: Delay between polls and the most attempts (botocore's otherwise).")
    text = "\n\n".join([lead, docs.section("Args:", entries, pyfmt.LINE - 8)])
    keyword = "async def" if asynchronous else "def"
    signature = _signature(method, params, name("None"), keyword)
    return Method(signature, docs.docstring(text, 2), body)


@dataclass(frozen=True)
class MethodNames:
    """The client's method names: per operation, per paginated operation, per waiter."""

    operations: dict[str, str]
    paginators: dict[str, str]
    pages: dict[str, str]
    waiters: dict[str, str]


def method_names(plan: Plan) -> MethodNames:
    """Every method name of the client class, claimed in a fixed order (operations first)."""
    taken: set[str] = set(RESERVED_METHODS)

    def claim(wanted: str) -> str:
        method = names.unique(wanted, taken)
        taken.add(method)
        return method

    operations = {op.name: claim(names.method_name(op.name)) for op in plan.operations}
    paginated = [op for op in plan.operations if op.paginator is not None]
    paginators = {
        op.name: claim("paginate_" + names.boto3_method(op.name))
        for op in paginated
        if op.paginator is not None and _result_member(plan, op, op.paginator) is not None
    }
    pages = {
        op.name: claim("paginate_" + names.boto3_method(op.name) + "_pages") for op in paginated
    }
    waiters = {waiter: claim(names.waiter_method(waiter)) for waiter, _ in plan.waiters}
    return MethodNames(operations, paginators, pages, waiters)


def client_view(plan: Plan) -> dict[str, object]:
    """The template context of ``client.py``."""
    claimed = method_names(plan)
    methods: list[Method] = []
    used: set[str] = set()
    for op in plan.operations:
        methods.append(operation_method(plan, op, claimed.operations[op.name]))
    for op in plan.operations:
        if op.name in claimed.paginators:
            built = paginator_method(plan, op, claimed.paginators[op.name], pages=False)
            if built is not None:
                methods.append(built)
        if op.name in claimed.pages:
            built = paginator_method(plan, op, claimed.pages[op.name], pages=True)
            if built is not None:
                methods.append(built)
    for waiter, operation in plan.waiters:
        methods.append(waiter_method(plan, waiter, operation, claimed.waiters[waiter]))
    for method in methods:
        for line in method.signature + method.body:
            used.update(identifiers(line))
    models = sorted(used & model_names(plan))
    imports = ["from datetime import datetime"] if "datetime" in used else []
    if imports:
        imports.append("")
    imports.append("from . import _schema")
    engine = {"WaiterConfig", "Paging", "PageIterator", "ItemIterator"} & used
    imports += layout.import_lines(
        "._engine",
        [
            "Boto3Client",
            "Boto3Session",
            "BotocoreConfig",
            "Engine",
            "make_boto3_client",
            *engine,
        ],
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


def model_names(plan: Plan) -> set[str]:
    """Every name ``models.py`` defines."""
    return (
        set(plan.classes.values())
        | set(plan.literals.values())
        | set(plan.variants.values())
        | set(plan.unknowns.values())
    )


def identifiers(line: str) -> set[str]:
    """The identifiers on a generated line (to import only the names the code uses)."""
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
    models = sorted(used & model_names(plan))
    imports = ["from collections.abc import Mapping"]
    if "datetime" in used:
        imports.append("from datetime import datetime")
    imports += ["from typing import Any", "", "from ._engine import ClientErrorBase"]
    local: list[str] = [n for n in ("ByteStream", "JsonValue") if n in used]
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
            "A ``botocore.exceptions.ClientError``, so ``except ClientError`` catches it; "
            "error codes the model does not name (``ThrottlingException``) come as this "
            "class itself. botocore's retries apply before it is raised.\n\n"
            "Attributes:\n"
            "    code: The error code (``Error.Code`` of the response).\n"
            "    message: The error message (``Error.Message``).\n"
            "    error_code: The same as ``code``.\n"
            "    error_message: The same as ``message``.\n"
            "    operation_name: The operation that failed.\n"
            "    response: The parsed error response, as botocore returns it.",
            1,
        ),
        "classes": classes,
        "errors": [(layout.string(s), plan.error_classes[s]) for s in plan.errors],
    }
