"""Target ``client``, API: the views behind ``client.pyi`` (methods) and ``errors.py``, and
the method table the runtime builds the methods from.

Input: a :class:`~generator.targets.client.plan.Plan`. Output: template contexts. Each
operation becomes a method with keyword-only typed parameters returning the response
dataclass; each paginator a ``paginate_*`` method yielding the items of its result key; each
waiter a ``wait_until_*`` method; each modeled error an exception class whose keyword
arguments are the error's fields. The methods are declared (typed and documented) in
``client.pyi``; at run time each is built on first use from its :func:`method_table` entry
(``_client.py``). Lines are laid out black-stable by :mod:`client_layout` and :mod:`pyfmt`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.caches import per_loaded_service
from generator.model.ir import Operation, Paginator
from generator.naming import python as names
from generator.render.pyformat import literals as pyfmt
from generator.targets.client import docstrings as docs
from generator.targets.client import layout
from generator.targets.client.plan import Plan
from generator.targets.client.types import TypeExpr, member_input_type, member_type, name

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
    params: list[layout.Param] = []
    for member_name in _members(plan, shape_name, skip):
        annotation, required = member_input_type(plan, shape_name, member_name)
        attr = plan.field(shape_name, member_name)
        if required:
            params.append((attr, annotation, None))
        else:
            params.append((attr, annotation.optional(), "None"))
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
    """The declaration of one operation's method (``async def`` when ``asynchronous``)."""
    returns = _output(plan, op)
    keyword = "async def" if asynchronous else "def"
    doc = list(_operation_doc(plan, op.name))
    return Method(_signature(method, _params(plan, op.input), returns, keyword), doc, [])


@per_loaded_service
def _operation_doc(plan: Plan, operation: str) -> tuple[str, ...]:
    """An operation method's docstring lines, written once for the client and its async twin."""
    op = plan.service.operations[operation]
    return tuple(_method_doc(plan, op, _args(plan, op.input), _returns(plan, op)))


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


def _paging(params: list[layout.Param]) -> tuple[list[layout.Param], list[str]]:
    """The paging parameters (renamed on a clash) and their docs."""
    taken = {p[0] for p in params}
    extra: list[layout.Param] = []
    entries: list[str] = []
    for wanted, kind, about in PAGING_ARGS:
        param = names.unique(wanted, taken)
        taken.add(param)
        extra.append((param, name(kind).optional(), "None"))
        entries.append(f"{param}: {about}")
    return extra, entries


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
    page = name(plan.classes[op.output])
    params = _params(plan, op.input, skip)
    extra, paging_docs = _paging(params)
    if pages:
        returns = TypeExpr(f"{kind}PageIterator", (page,))
        lead = f"Every page of {op.name}, fetched as they are read."
        result = f"{returns.flat()}: The typed pages; ``resume_token`` says where to"
        result += " continue after ``max_items``."
    else:
        key = _result_member(plan, op, paginator)
        if key is None:
            return None
        listed = member_type(plan, op.output, key)
        element = listed.options[0] if listed.options else listed
        yielded = element.args[0]
        returns = TypeExpr(f"{kind}ItemIterator", (page, yielded))
        lead = f"Every item of ``{key}`` across the pages of {op.name}, fetched as needed."
        result = f"{returns.flat()}: The items; ``resume_token``"
        result += " says where to continue after ``max_items``."
    signature = _signature(method, params + extra, returns)
    doc = _method_doc(plan, op, _args(plan, op.input, skip) + paging_docs, result, lead)
    return Method(signature, doc, [])


def _waiter_config(plan: Plan, op: Operation) -> str:
    return names.unique("waiter_config", {p[0] for p in _params(plan, op.input)})


def waiter_method(
    plan: Plan, waiter: str, operation: str, method: str, asynchronous: bool = False
) -> Method:
    op = plan.service.operations[operation]
    params = _params(plan, op.input)
    config = _waiter_config(plan, op)
    params.append((config, name("WaiterConfig").optional(), "None"))
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
    return Method(signature, docs.docstring(text, 2), [])


def method_table(plan: Plan) -> list[tuple[str, tuple[object, ...]]]:
    """The runtime's entry of every method (see ``_client.py``), in the client's order."""
    claimed = method_names(plan)
    table: list[tuple[str, tuple[object, ...]]] = []
    for op in plan.operations:
        table.append((claimed.operations[op.name], ("call", op.name)))
    for op in plan.operations:
        if op.paginator is None or op.input is None:
            continue
        skip = _paginator_skip(plan, op, op.paginator)
        skipped = tuple(plan.field(op.input, m) for m in _members(plan, op.input) if m in skip)
        paging = tuple(p[0] for p in _paging(_params(plan, op.input, skip))[0])
        key = _result_member(plan, op, op.paginator)
        if op.name in claimed.paginators and key is not None and op.output is not None:
            attr = plan.field(op.output, key)
            table.append((claimed.paginators[op.name], ("items", op.name, attr, skipped, paging)))
        if op.name in claimed.pages:
            table.append((claimed.pages[op.name], ("pages", op.name, None, skipped, paging)))
    for waiter, operation in plan.waiters:
        op = plan.service.operations[operation]
        entry = ("wait", operation, names.boto3_method(waiter), _waiter_config(plan, op))
        table.append((claimed.waiters[waiter], entry))
    return table


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


def client_methods(plan: Plan, asynchronous: bool = False) -> list[Method]:
    """The declarations of every method, in the client's order (the async client leaves out
    the operations whose responses stream events)."""
    claimed = method_names(plan)
    operations = [op for op in plan.operations if not (asynchronous and streams_events(plan, op))]
    methods = [
        operation_method(plan, op, claimed.operations[op.name], asynchronous) for op in operations
    ]
    for op in operations:
        for table, pages in ((claimed.paginators, False), (claimed.pages, True)):
            if op.name in table:
                built = paginator_method(plan, op, table[op.name], pages, asynchronous)
                if built is not None:
                    methods.append(built)
    for waiter, operation in plan.waiters:
        if not (asynchronous and streams_events(plan, plan.service.operations[operation])):
            methods.append(
                waiter_method(plan, waiter, operation, claimed.waiters[waiter], asynchronous)
            )
    return methods


def streams_events(plan: Plan, op: Operation) -> bool:
    """Whether the response of ``op`` carries an event stream."""
    if op.output is None:
        return False
    return any(plan.shape(m.target).event_stream for m in plan.shape(op.output).members)


STUB_MODULES = ("._aio", "._client", "._engine", "._runtime", ".models")
"""Where a ``.pyi``'s names come from, in the order their imports are written."""


def stub_imports(plan: Plan, methods: list[Method], base: tuple[str, str]) -> list[str]:
    """The imports of a ``.pyi`` declaring ``methods`` on a class derived from ``base``
    (module, class): every name the signatures use, nothing else."""
    used: set[str] = set()
    for method in methods:
        for line in method.signature:
            used.update(identifiers(line))
    wanted: dict[str, set[str]] = {module: set() for module in STUB_MODULES}
    wanted[base[0]].add(base[1])
    wanted["._aio"] |= {"AsyncPageIterator", "AsyncItemIterator"} & used
    wanted["._engine"] |= {"WaiterConfig", "PageIterator", "ItemIterator"} & used
    wanted["._runtime"] |= {"ByteStream", "JsonValue"} & used
    wanted[".models"] |= used & model_names(plan)
    abc = [n for n in ("Mapping", "Sequence") if n in used]
    imports = [f"from collections.abc import {', '.join(abc)}"] if abc else []
    imports += ["from datetime import datetime"] if "datetime" in used else []
    imports += [""] if imports else []
    for module in STUB_MODULES:
        if wanted[module]:
            imports += layout.import_lines(module, sorted(wanted[module]))
    return imports


def client_view(plan: Plan, base: str = "ClientBase") -> dict[str, object]:
    """The template context of ``client.pyi``: the class, derived from ``base`` (a class of
    the runtime's ``_client``), and its methods."""
    methods = client_methods(plan)
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
            "The methods are built on first use from ``_schema.py``; this stub gives their "
            "types and documentation. Generated by sdk-parity; do not edit.",
            0,
        ),
        "imports": stub_imports(plan, methods, ("._client", base)),
        "base": base,
        "client_class": plan.client_class,
        "class_doc": docs.docstring(text, 1),
        "service_name": layout.string(service.name),
        "methods": methods,
    }


def model_names(plan: Plan) -> set[str]:
    """Every name ``models`` defines."""
    return (
        set(plan.classes.values())
        | set(plan.literals.values())
        | set(plan.variants.values())
        | set(plan.unknowns.values())
        | set(plan.dicts.values())
        | set(plan.kwargs.values())
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
    local: list[str] = [n for n in ("ByteStream", "JsonValue") if n in used]
    typing = ["TYPE_CHECKING", "Any"] if local or models else ["Any"]
    imports += [f"from typing import {', '.join(typing)}", "", "from ._engine import ClientErrorBase"]
    if local or models:  # for the annotations only: the classes are built on first use
        imports += ["", "if TYPE_CHECKING:"]
        if local:
            imports += layout.import_lines("._runtime", local, 1)
        if models:
            imports += layout.import_lines(".models", models, 1)
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
