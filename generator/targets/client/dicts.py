"""Target ``client``, dict forms: the ``TypedDict`` s of ``models.pyi``.

Input: a :class:`~generator.targets.client.plan.Plan`. Output: layout items (black-stable
lines) for

* the dict form of each structure and union (``MetricAttributeDict``): boto3's dict, keyed
  by the model's member names, that every parameter and field taking the class also takes,
  so a user can write ``metrics=[{"eventType": "click", ...}]`` as with boto3 and a type
  checker checks every key and value (``Required`` for the model's required members wherever
  a request can carry the structure, ``NotRequired`` otherwise);
* the keyword arguments of each operation's method (``CreateMetricAttributionKwargs``), so
  ``client.create_metric_attribution(**kwargs)`` and ``**kwargs: Unpack[...]`` are checked.

Keys that cannot be written as class attributes (a Python keyword such as ``from``) make
the functional form, ``X = TypedDict("X", {...})``.
"""

from __future__ import annotations

import keyword

from generator.render.pyformat import literals as pyfmt
from generator.targets.client import docstrings as docs
from generator.targets.client import layout
from generator.targets.client.api import method_names
from generator.targets.client.layout import Item
from generator.targets.client.plan import Plan
from generator.targets.client.types import TypeExpr, member_input_type

Key = tuple[str, TypeExpr]


def _key_type(expr: TypeExpr, required: bool) -> TypeExpr:
    return TypeExpr("Required" if required else "NotRequired", (expr,))


def _typed_dict(name: str, text: str, keys: list[Key]) -> Item:
    if all(k.isidentifier() and not keyword.iskeyword(k) for k, _ in keys):
        body: list[str] = []
        for key, expr in keys:
            body += layout.field_lines(1, key, expr, None)
        return Item("class", [f"class {name}(TypedDict):"], docs.docstring(text, 1), body)
    entries = [(f"{layout.string(k)}: ", pyfmt.Node(e.flat())) for k, e in keys]
    table = pyfmt.Node(children=entries, brackets="{}")
    call = pyfmt.Node(children=[("", pyfmt.Node(layout.string(name))), ("", table)], brackets="()")
    return Item("alias", call.lines(0, f"{name} = TypedDict", ""))


def dict_item(plan: Plan, shape_name: str) -> tuple[Item, set[str]]:
    """The dict form of a structure or union, and the type names it uses."""
    shape = plan.shape(shape_name)
    cls = plan.classes[shape_name]
    keys: list[Key] = []
    used = {"TypedDict"}
    union = shape.kind == "union" or shape_name in plan.unions
    for member in shape.members:
        if union and (shape_name, member.name) not in plan.variants:
            continue
        expr, required = member_input_type(plan, shape_name, member.name)
        expr = _key_type(expr, required and not union)
        used |= expr.names()
        keys.append((member.name, expr))
    what = "exactly one of these keys" if union else "the model's member names as keys"
    text = (
        f"``{cls}`` in boto3's dict form: {what}, as boto3 takes it and ``to_boto3()`` "
        "returns it. Accepted wherever the class is."
    )
    return _typed_dict(plan.dicts[shape_name], text, keys), used


def kwargs_items(plan: Plan) -> tuple[list[Item], set[str]]:
    """The keyword arguments of every operation's method, and the type names they use."""
    methods = method_names(plan).operations
    items: list[Item] = []
    used: set[str] = set()
    for op in plan.operations:
        if op.input is None or op.name not in plan.kwargs:
            continue
        shape = plan.shape(op.input)
        keys: list[Key] = []
        for member in shape.members:
            expr, required = member_input_type(plan, op.input, member.name)
            expr = _key_type(expr, required)
            used |= expr.names()
            keys.append((plan.field(op.input, member.name), expr))
        method = methods[op.name]
        text = (
            f"The keyword arguments of ``{method}``: ``client.{method}(**kwargs)`` and "
            f"``**kwargs: Unpack[{plan.kwargs[op.name]}]`` are checked key by key."
        )
        items.append(_typed_dict(plan.kwargs[op.name], text, keys))
    if items:
        used.add("TypedDict")
    return items, used
