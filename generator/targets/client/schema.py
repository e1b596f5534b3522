"""Target ``client``, schema: the view behind ``_schema.py``, the tables the runtime walks.

Input: a :class:`~generator.targets.client.plan.Plan`. Output: a template context holding one
black-laid-out entry per shape (``"Name": Scalar("string", min=1, max=63, pattern=...)``) and
per operation (boto3 method, input and output shape). Patterns are rewritten for a Python
engine at generation time: the standard ``re`` when it reads the pattern, else ``regex``
(which the package then depends on); a pattern neither engine reads is left unchecked.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from generator.model import patterns
from generator.model.ir import Shape
from generator.naming import python as names
from generator.render.pyformat import literals as pyfmt
from generator.targets.client import docstrings as docs
from generator.targets.client import layout
from generator.targets.client.plan import Plan

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


def _node(head: str, args: list[tuple[str, pyfmt.Node]]) -> tuple[str, pyfmt.Node]:
    return head, pyfmt.Node(children=args, brackets="()")


def _text(value: str) -> pyfmt.Node:
    return pyfmt.Node(value)


def shape_entry(plan: Plan, shape: Shape) -> tuple[str, pyfmt.Node]:
    """``(prefix, node)``: the constructor call describing one shape."""
    c = shape.constraints
    bounds: list[tuple[str, pyfmt.Node]] = []
    if c.min is not None:
        bounds.append(("min=", _text(_number(c.min))))
    if c.max is not None:
        bounds.append(("max=", _text(_number(c.max))))
    kind = shape.kind
    if kind in ("structure", "union") and shape.name in plan.unions:
        variants = [
            (
                "Variant",
                [
                    ("", _text("m." + plan.variants[(shape.name, m.name)])),
                    ("", _text(layout.string(plan.field(shape.name, m.name)))),
                    ("", _text(layout.string(m.name))),
                    ("", _text(layout.string(_target(m.target, plan.json_text(m))))),
                ],
            )
            for m in shape.members
            if (shape.name, m.name) in plan.variants
        ]
        listing = pyfmt.Node(
            children=[(head, pyfmt.Node(children=args, brackets="()")) for head, args in variants],
            brackets="[]",
        )
        unknown = ("unknown=", _text("m." + plan.unknowns[shape.name]))
        stream = [("stream=", _text("True"))] if shape.event_stream else []
        return _node("OneOf", [("", listing), unknown, *stream])
    if kind in ("structure", "union"):
        cls = "m." + plan.classes[shape.name] if shape.name in plan.classes else "None"
        fields = []
        for m in shape.members:
            args = [
                ("", _text(layout.string(plan.field(shape.name, m.name)))),
                ("", _text(layout.string(m.name))),
                ("", _text(layout.string(_target(m.target, plan.json_text(m))))),
            ]
            if m.required and not shape.error:
                args.append(("", _text("True")))
            fields.append(("Field", pyfmt.Node(children=args, brackets="()")))
        listing = pyfmt.Node(children=fields, brackets="[]")
        return _node("Struct", [("", _text(cls)), ("", listing)])
    if kind == "list":
        assert shape.item is not None
        item = ("", _text(layout.string(shape.item.target)))
        return _node("ListOf", [item, *bounds])
    if kind == "map":
        assert shape.key is not None and shape.value is not None
        key = ("", _text(layout.string(shape.key.target)))
        value = ("", _text(layout.string(_target(shape.value.target, plan.json_text(shape.value)))))
        return _node("MapOf", [key, value, *bounds])
    scalar: list[tuple[str, pyfmt.Node]] = [("", _text(layout.string(kind))), *bounds]
    if c.pattern and kind in ("string", "enum"):
        compiled = python_pattern(c.pattern)
        if compiled is not None:
            scalar.append(("pattern=", _text(layout.string(compiled.text))))
            if compiled.engine != "re":
                scalar.append(("engine=", _text(layout.string(compiled.engine))))
    if kind == "enum":
        scalar.append(("enum=", _text("m." + plan.classes[shape.name])))
    return _node("Scalar", scalar)


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
    entries: list[tuple[str, pyfmt.Node]] = []
    used: set[str] = set()
    shape_names = sorted(plan.shapes)
    for shape_name in shape_names:
        head, node = shape_entry(plan, plan.shape(shape_name))
        used.add(head)
        if head in ("Struct", "OneOf"):
            used.add("Field" if head == "Struct" else "Variant")
        entries.append((f"{layout.string(shape_name)}: {head}", node))
    if _needs_json(plan):
        document = pyfmt.Node(children=[("", _text('"document"'))], brackets="()")
        entries.append((f"{layout.string(JSON_SHAPE)}: Scalar", document))
        used.add("Scalar")
    shapes: list[str] = []
    for prefix, node in entries:
        shapes += node.lines(4, prefix, ",")
    operations: list[str] = []
    for op in plan.operations:
        args = [
            ("", _text(layout.string(names.boto3_method(op.name)))),
            ("", _text(layout.string(op.input) if op.input else "None")),
            ("", _text(layout.string(op.output) if op.output else "None")),
        ]
        node = pyfmt.Node(children=args, brackets="()")
        operations += node.lines(4, f"{layout.string(op.name)}: Operation", ",")
    runtime = sorted(used | {"Operation", "Shape", "register"})
    imports: list[str] = []
    if plan.classes or plan.variants:
        imports.append("from . import models as m")
    imports += layout.import_lines("._runtime", runtime)
    text = f"Model tables of {plan.service.full_name} for the runtime: shapes and operations."
    return {
        "docstring": docs.docstring(text + "\n\nGenerated by sdk-parity; do not edit.", 0),
        "imports": imports,
        "shapes": shapes,
        "operations": operations,
    }
