"""Target ``client``, schema: the view behind ``_schema.py``, the tables the runtime walks.

Input: a :class:`~generator.targets.client.plan.Plan`. Output: a template context holding
black-laid-out entries of three tables of constants: ``RAW``, one tuple per shape (its kind,
constraints, and the names of the class, dict form and fields the runtime builds for it:
the layouts are documented on ``_lazy.Shapes``), ``OPERATIONS`` (boto3 method, input and
output shape, keyword-arguments ``TypedDict``, whether botocore can presign it, whether its
response streams events) and ``METHODS`` (the client's methods, ``api.method_table``).
Tuples of constants cost almost nothing to import: the runtime decodes a shape, and builds
its class, when it is first used. Patterns are rewritten for a Python engine at generation
time: the standard ``re`` when it reads the pattern, else ``regex`` (which the package then
depends on); a pattern neither engine reads is left unchecked.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from generator.capabilities.botocore import presignable
from generator.model import patterns
from generator.model.ir import Shape
from generator.naming import python as names
from generator.render.pyformat import literals as pyfmt
from generator.targets.client import docstrings as docs
from generator.targets.client import layout
from generator.targets.client.api import method_table, streams_events
from generator.targets.client.models import enum_members
from generator.targets.client.plan import Plan

RESULT = 1
"""Flag of a structure tuple: the class is an operation's result (as ``_lazy.RESULT``)."""
REQUEST = 2
"""Flag of a structure tuple: a request can carry it (as ``_lazy.REQUEST``)."""

JSON_SHAPE = "@json"


@dataclass(frozen=True)
class Pattern:
    text: str
    engine: str


def python_pattern(pattern: str) -> Pattern | None:
    """The pattern in a syntax ``re`` (preferred) or ``regex`` compiles, or ``None``."""
    text = patterns.to_engine_syntax(pattern)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            re.compile(text)
            return Pattern(text, "re")
        except (re.error, FutureWarning, DeprecationWarning, ValueError, OverflowError):
            pass
    return Pattern(text, "regex") if patterns.checker(pattern) is not None else None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _atom(value: object) -> pyfmt.Node:
    if value is None or isinstance(value, bool):
        return pyfmt.Node(repr(value))
    if isinstance(value, (int, float)):
        return pyfmt.Node(_number(value))
    if isinstance(value, str):
        return pyfmt.Node(layout.string(value))
    assert isinstance(value, tuple)
    return _tuple(value)


class _OneTuple(pyfmt.Node):
    """A one-item tuple: its comma stays when it is written on one line."""

    def flat(self) -> str:
        return f"({self.children[0][1].flat()},)"


def _tuple(values: tuple[object, ...]) -> pyfmt.Node:
    """A tuple literal as black writes it (a one-item tuple keeps its comma)."""
    kind = _OneTuple if len(values) == 1 else pyfmt.Node
    return kind(children=[("", _atom(v)) for v in values], brackets="()")


def _trimmed(values: tuple[object, ...], keep: int) -> tuple[object, ...]:
    """``values`` without trailing ``None``s beyond the first ``keep``."""
    end = len(values)
    while end > keep and values[end - 1] is None:
        end -= 1
    return values[:end]


def shape_entry(plan: Plan, shape: Shape) -> tuple[object, ...]:
    """The tuple describing one shape (see ``_lazy.Shapes`` for the layouts)."""
    c = shape.constraints
    low = None if c.min is None else c.min
    high = None if c.max is None else c.max
    kind = shape.kind
    if shape.name in plan.unions:
        variants = tuple(
            (
                plan.variants[(shape.name, m.name)],
                plan.field(shape.name, m.name),
                m.name,
                _target(m.target, plan.json_text(m)),
            )
            for m in shape.members
            if (shape.name, m.name) in plan.variants
        )
        return (
            "union",
            plan.classes[shape.name],
            plan.dicts.get(shape.name),
            plan.unknowns[shape.name],
            shape.event_stream,
            variants,
        )
    if kind in ("structure", "union"):
        fields: list[tuple[object, ...]] = []
        for m in shape.members:
            field: tuple[object, ...] = (
                plan.field(shape.name, m.name),
                m.name,
                _target(m.target, plan.json_text(m)),
            )
            if m.required and not shape.error:
                field += (True,)
            fields.append(field)
        flags = (RESULT if shape.name in plan.results else 0) | (
            REQUEST if plan.requested(shape.name) else 0
        )
        return (
            "structure",
            plan.classes.get(shape.name),
            plan.dicts.get(shape.name),
            flags,
            tuple(fields),
        )
    if kind == "list":
        assert shape.item is not None
        return _trimmed(("list", shape.item.target, low, high), 2)
    if kind == "map":
        assert shape.key is not None and shape.value is not None
        value = _target(shape.value.target, plan.json_text(shape.value))
        return _trimmed(("map", shape.key.target, value, low, high), 3)
    pattern: str | None = None
    engine = "re"
    if c.pattern and kind in ("string", "enum"):
        compiled = python_pattern(c.pattern)
        if compiled is not None:
            pattern, engine = compiled.text, compiled.engine
    if kind == "enum":
        members = tuple(enum_members(shape))
        head = (kind, low, high, pattern, engine, plan.classes[shape.name])
        return (*head, plan.literals[shape.name], members)
    return _trimmed((kind, low, high, pattern, None if engine == "re" else engine), 1)


def _target(target: str, jsonvalue: bool) -> str:
    return JSON_SHAPE if jsonvalue else target


def uses_regex(plan: Plan) -> bool:
    for shape_name in plan.shapes:
        pattern = plan.shape(shape_name).constraints.pattern
        if pattern and plan.shape(shape_name).kind in ("string", "enum"):
            compiled = python_pattern(pattern)
            if compiled is not None and compiled.engine == "regex":
                return True
    return False


def _needs_json(plan: Plan) -> bool:
    for shape_name in plan.shapes:
        shape = plan.shape(shape_name)
        refs = [*shape.members, *(r for r in (shape.item, shape.key, shape.value) if r)]
        if any(plan.json_text(ref) for ref in refs):
            return True
    return False


def schema_view(plan: Plan) -> dict[str, object]:
    """The template context of ``_schema.py``."""
    shapes: list[str] = []
    for shape_name in sorted(plan.shapes):
        entry = shape_entry(plan, plan.shape(shape_name))
        shapes += _tuple(entry).lines(4, f"{layout.string(shape_name)}: ", ",")
    if _needs_json(plan):
        shapes.append(f'    {layout.string(JSON_SHAPE)}: ("document",),')
    operations: list[str] = []
    service = plan.service
    for op in plan.operations:
        args: list[tuple[str, pyfmt.Node]] = [
            ("", _atom(names.boto3_method(op.name))),
            ("", _atom(op.input)),
            ("", _atom(op.output)),
            ("", _atom(plan.kwargs.get(op.name))),
        ]
        if presignable(service, op):
            args.append(("presign=", pyfmt.Node("True")))
        if streams_events(plan, op):
            args.append(("events=", pyfmt.Node("True")))
        node = pyfmt.Node(children=args, brackets="()", head="Operation")
        operations += node.lines(4, f"{layout.string(op.name)}: ", ",")
    methods: list[str] = []
    for method, entry in method_table(plan):
        methods += _tuple(entry).lines(4, f"{layout.string(method)}: ", ",")
    text = f"Model tables of {service.full_name} for the runtime: shapes, operations, methods."
    return {
        "docstring": docs.docstring(
            text + "\n\nDecoded on first use (``_lazy.py``). Generated by sdk-parity; do not "
            "edit.",
            0,
        ),
        "package": layout.string(names.package_name(service.name)),
        "shapes": shapes,
        "operations": operations,
        "methods": methods,
    }
