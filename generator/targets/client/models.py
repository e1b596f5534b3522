"""Target ``client``, models: the view behind ``models.pyi`` (enums, dataclasses, unions).

Input: a :class:`~generator.targets.client.plan.Plan`. Output: a template context for
``templates/python_client/models.pyi.j2`` - one item per top-level definition, every line
already laid out (black-stable) by :mod:`client_layout` and :mod:`client_docs`, plus the
imports the definitions use, computed from the type expressions.

``models.pyi`` is the typed and documented form of the package's classes; at run time they
are built on first use from ``_schema.py`` (``_lazy.py``), so the stub is the only place
their types are written. Each structure declares its fields as they read (a member a
response can carry reads ``T | None``) and its ``__init__`` as it is built (the model's
required members required wherever a request can carry it; a structure's ``TypedDict``
dict form, a ``Sequence`` or a ``Mapping`` accepted where the field holds a class, ``list``
or ``dict``), so a result read back is accepted as input where the shapes match. The dict
forms and keyword-argument ``TypedDict`` s come from :mod:`.dicts`.
"""

from __future__ import annotations

from generator.model.ir import Shape
from generator.naming import python as names
from generator.render.pyformat import literals as pyfmt
from generator.targets.client import docstrings as docs
from generator.targets.client import layout
from generator.targets.client.dicts import dict_item, kwargs_items
from generator.targets.client.layout import Item
from generator.targets.client.plan import Plan
from generator.targets.client.types import TypeExpr, member_input_type, member_type, name

DATACLASS = "@dataclass(frozen=True, slots=True, kw_only=True)"
RUNTIME_TYPES = ("ByteStream", "EventStream", "JsonValue")


def enum_members(shape: Shape) -> list[tuple[str, str]]:
    """``(member, value)`` of each distinct value of an enum, in model order."""
    taken: set[str] = set()
    members: list[tuple[str, str]] = []
    for value in dict.fromkeys(shape.constraints.enum):
        member = names.unique(names.enum_member(value), taken)
        taken.add(member)
        members.append((member, value))
    return members


def _enum(plan: Plan, shape: Shape) -> list[Item]:
    cls = plan.classes[shape.name]
    text = docs.markdown(shape.documentation) or f"The values of the model's ``{shape.name}``."
    body: list[str] = []
    values: list[str] = []
    for member, value in enum_members(shape):
        values.append(value)
        body += layout.assign_lines(1, member, layout.string(value))
    literal = TypeExpr("Literal", tuple(name(layout.string(v)) for v in values))
    return [
        Item("class", [f"class {cls}(StrEnum):"], docs.docstring(text, 1), body),
        Item("alias", layout.alias_lines(plan.literals[shape.name], literal)),
    ]


def _fields(plan: Plan, shape: Shape) -> tuple[list[str], list[str], set[str]]:
    """Field lines (as the fields read), ``Attributes:`` entries and the type names used."""
    lines: list[str] = []
    entries: list[str] = []
    used: set[str] = set()
    for member in shape.members:
        attr = plan.field(shape.name, member.name)
        annotation = member_type(plan, shape.name, member.name)
        used |= annotation.names()
        lines += layout.field_lines(1, attr, annotation, None)
        entries.append(docs.member_line(plan.service, shape, member.name, attr))
    return lines, entries, used


def init_lines(
    plan: Plan, shape: Shape, members: list[str], extra: list[layout.Param] | None = None
) -> tuple[list[str], set[str]]:
    """``def __init__(self, *, ...) -> None: ...`` taking what each member's field is built
    from (required members without a default), and the type names it uses."""
    params: list[layout.Param] = [("self", None, None), ("*", None, None)]
    used: set[str] = set()
    for member_name in members:
        annotation, required = member_input_type(plan, shape.name, member_name)
        used |= annotation.names()
        attr = plan.field(shape.name, member_name)
        if required:
            params.append((attr, annotation, None))
        else:
            params.append((attr, annotation.optional(), "None"))
    for param in extra or []:
        params.append(param)
        if param[1] is not None:
            used |= param[1].names()
    if len(params) == 2:  # nothing to take: no bare ``*``
        return ["", "    def __init__(self) -> None: ..."], used
    lines = layout.def_lines(1, "__init__", params, name("None"))
    lines[-1] += " ..."  # black's layout of a body that is only ``...``
    return ["", *lines], used


def _no_blank(lines: list[str]) -> list[str]:
    return lines[1:] if lines and lines[0] == "" else lines


def _class_doc(text: str, entries: list[str]) -> list[str]:
    width = pyfmt.LINE - 4
    section = docs.attributes(entries, width)
    return docs.docstring("\n\n".join(p for p in (text, section) if p), 1)


def _default_doc(plan: Plan, shape: Shape) -> str:
    for op in plan.operations:
        if op.input == shape.name:
            return f"Parameters of the ``{op.name}`` operation."
        if op.output == shape.name:
            return f"Result of the ``{op.name}`` operation."
    return f"The model's ``{shape.name}`` structure."


RESPONSE_PARAM: layout.Param = (
    "boto3_response",
    TypeExpr("Mapping", (name("str"), name("Any"))).optional(),
    "None",
)
RESULT_ENTRIES = [
    "boto3_response: The response as boto3 returned it (``ResponseMetadata`` included).",
    "response_metadata: Request ID, HTTP status and headers of the response.",
]


def _structure(plan: Plan, shape: Shape) -> tuple[Item, set[str]]:
    cls = plan.classes[shape.name]
    lines, entries, used = _fields(plan, shape)
    base = "_Structure"
    extra: list[layout.Param] = []
    if shape.name in plan.results:
        base = "_Result"
        extra.append(RESPONSE_PARAM)
        entries += RESULT_ENTRIES
    init, init_used = init_lines(plan, shape, [m.name for m in shape.members], extra)
    text = docs.markdown(shape.documentation) or _default_doc(plan, shape)
    header = [DATACLASS, f"class {cls}({base}):"]
    item = Item("class", header, _class_doc(text, entries), (lines + init) if lines else _no_blank(init))
    return item, used | init_used | {base}


def _union(plan: Plan, shape: Shape) -> tuple[list[Item], set[str]]:
    union_name = plan.classes[shape.name]
    items: list[Item] = []
    used: set[str] = set()
    variants: list[TypeExpr] = []
    about = docs.summary(shape.documentation)
    for member in shape.members:
        if (shape.name, member.name) not in plan.variants:
            continue  # an error event: botocore raises it
        cls = plan.variants[(shape.name, member.name)]
        attr = plan.field(shape.name, member.name)
        annotation = member_type(plan, shape.name, member.name)
        used |= annotation.names()
        kind = "event stream" if shape.event_stream else "union"
        text = f"The ``{member.name}`` member of the ``{shape.name}`` {kind}."
        if about:
            text += f" {about}"
        entry = docs.member_line(plan.service, shape, member.name, attr)
        body = layout.field_lines(1, attr, annotation, None)
        if not shape.event_stream:
            init, init_used = init_lines(plan, shape, [member.name])
            body += init
            used |= init_used
        header = [DATACLASS, f"class {cls}(_Structure):"]
        items.append(Item("class", header, _class_doc(text, [entry]), body))
        variants.append(name(cls))
    unknown = plan.unknowns[shape.name]
    text = (
        f"A member of the ``{shape.name}`` union that this client's model does not know yet."
        "\n\nAttributes:\n    name: The member's name on the wire.\n"
        "    value: Its value as boto3 returned it (``None`` where botocore dropped it)."
    )
    body = ["    name: str", "    value: object"]
    items.append(Item("class", [DATACLASS, f"class {unknown}:"], docs.docstring(text, 1), body))
    variants.append(name(unknown))
    used.add("_Structure")
    alias = TypeExpr(options=tuple(variants)) if len(variants) > 1 else variants[0]
    items.append(Item("alias", layout.alias_lines(union_name, alias)))
    return items, used


def models_view(plan: Plan) -> dict[str, object]:
    """The template context of ``models.pyi``."""
    items: list[Item] = []
    used: set[str] = set()
    for shape_name in plan.enums:
        items += _enum(plan, plan.shape(shape_name))
    definitions: list[tuple[str, list[Item]]] = []
    for shape_name in plan.structures:
        item, names_used = _structure(plan, plan.shape(shape_name))
        form, form_used = dict_item(plan, shape_name)
        used |= names_used | form_used
        definitions.append((plan.classes[shape_name], [item, form]))
    for shape_name in plan.unions:
        union_items, names_used = _union(plan, plan.shape(shape_name))
        used |= names_used
        if shape_name in plan.dicts:
            form, form_used = dict_item(plan, shape_name)
            union_items.append(form)
            used |= form_used
        definitions.append((plan.classes[shape_name], union_items))
    for _, group in sorted(definitions, key=lambda pair: pair[0]):
        items += group
    more, more_used = kwargs_items(plan)
    items += more
    used |= more_used
    return {
        "docstring": docs.docstring(
            f"Data classes and enums of {plan.service.full_name} (API "
            f"{plan.service.api_version}): their types and documentation.\n\nBuilt on "
            "first use from ``_schema.py``. Generated by sdk-parity; do not edit.",
            0,
        ),
        "imports": _imports(plan, used),
        "items": items,
    }


def _imports(plan: Plan, used: set[str]) -> list[str]:
    imports: list[str] = []
    abc = [n for n in ("Mapping", "Sequence") if n in used]
    if abc:
        imports.append(f"from collections.abc import {', '.join(abc)}")
    if plan.structures or plan.unions:
        imports.append("from dataclasses import dataclass")
    if "datetime" in used:
        imports.append("from datetime import datetime")
    if plan.enums:
        imports.append("from enum import StrEnum")
    typing = [n for n in ("Any",) if n in used]
    typing += [n for n in ("Literal",) if plan.enums]
    typing += [n for n in ("NotRequired", "Required") if n in used]
    typing += [n for n in ("TypeAlias",) if plan.enums or plan.unions]
    typing += [n for n in ("TypedDict",) if n in used]
    if typing:
        imports += layout.import_lines("typing", typing)
    local = [n for n in RUNTIME_TYPES if n in used]
    aliases = [f"from ._runtime import {n[1:]} as {n}" for n in ("_Result", "_Structure")]
    if local or plan.structures or plan.unions:
        imports.append("")
    if local:
        imports += layout.import_lines("._runtime", local)
    imports += [line for line in aliases if line.rsplit(" ", 1)[1] in used]
    return imports
