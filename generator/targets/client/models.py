"""Target ``client``, models: the view behind ``models.py`` (enums, dataclasses, unions).

Input: a :class:`~generator.targets.client.plan.Plan`. Output: a template context for
``templates/python_client/models.py.j2`` - one item per top-level definition, every line
already laid out (black-stable) by :mod:`client_layout` and :mod:`client_docs`, plus the
imports the definitions use, computed from the type expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.ir import Shape
from generator.naming import python as names
from generator.render.pyformat import literals as pyfmt
from generator.targets.client import docstrings as docs
from generator.targets.client import layout
from generator.targets.client.plan import Plan
from generator.targets.client.types import TypeExpr, member_type, name

DATACLASS = "@dataclass(frozen=True, slots=True, kw_only=True)"
RUNTIME_TYPES = ("ByteStream", "EventStream", "JsonValue")


@dataclass
class Item:
    """One top-level definition: a class (header, docstring, body) or an alias (lines)."""

    kind: str
    header: list[str] = field(default_factory=list)
    doc: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def _enum(plan: Plan, shape: Shape) -> list[Item]:
    cls = plan.classes[shape.name]
    text = docs.markdown(shape.documentation) or f"The values of the model's ``{shape.name}``."
    taken: set[str] = set()
    body: list[str] = []
    values: list[str] = []
    for value in shape.constraints.enum:
        if value in values:
            continue
        values.append(value)
        member = names.unique(names.enum_member(value), taken)
        taken.add(member)
        body += layout.assign_lines(1, member, layout.string(value))
    literal = TypeExpr("Literal", tuple(name(layout.string(v)) for v in values))
    return [
        Item("class", [f"class {cls}(StrEnum):"], docs.docstring(text, 1), body),
        Item("alias", layout.alias_lines(plan.literals[shape.name], literal)),
    ]


def _fields(plan: Plan, shape: Shape) -> tuple[list[str], list[str], set[str]]:
    """Field lines, ``Attributes:`` entries and the type names the fields use."""
    lines: list[str] = []
    entries: list[str] = []
    used: set[str] = set()
    for member in shape.members:
        attr = plan.field(shape.name, member.name)
        annotation = member_type(plan, shape.name, member.name)
        used |= annotation.names()
        optional = bool(annotation.options) and annotation.options[-1].head == "None"
        lines += layout.field_lines(1, attr, annotation, "None" if optional else None)
        entries.append(docs.member_line(plan.service, shape, member.name, attr))
    return lines, entries, used


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


RESULT_FIELD = [
    "    boto3_response: Mapping[str, Any] = _field(",
    "        default_factory=dict[str, Any], repr=False, compare=False",
    "    )",
]
RESULT_ENTRIES = [
    "boto3_response: The response as boto3 returned it (``ResponseMetadata`` included).",
    "response_metadata: Request ID, HTTP status and headers of the response.",
]


def _structure(plan: Plan, shape: Shape) -> tuple[Item, set[str]]:
    cls = plan.classes[shape.name]
    lines, entries, used = _fields(plan, shape)
    base = "_Structure"
    if shape.name in plan.results:
        base = "_Result"
        lines += RESULT_FIELD
        entries += RESULT_ENTRIES
        used |= {"Mapping", "Any", "_field"}
    text = docs.markdown(shape.documentation) or _default_doc(plan, shape)
    header = [DATACLASS, f"class {cls}({base}):"]
    item = Item("class", header, _class_doc(text, entries), lines)
    return item, used | {base}


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
    """The template context of ``models.py``."""
    items: list[Item] = []
    used: set[str] = set()
    for shape_name in plan.enums:
        items += _enum(plan, plan.shape(shape_name))
    definitions: list[tuple[str, list[Item]]] = []
    for shape_name in plan.structures:
        item, names_used = _structure(plan, plan.shape(shape_name))
        used |= names_used
        definitions.append((plan.classes[shape_name], [item]))
    for shape_name in plan.unions:
        union_items, names_used = _union(plan, plan.shape(shape_name))
        used |= names_used
        definitions.append((plan.classes[shape_name], union_items))
    for _, group in sorted(definitions, key=lambda pair: pair[0]):
        items += group
    imports: list[str] = []
    if "Mapping" in used:
        imports.append("from collections.abc import Mapping")
    if plan.structures or plan.unions:
        imports.append("from dataclasses import dataclass")
        if "_field" in used:
            imports.append("from dataclasses import field as _field")
    if "datetime" in used:
        imports.append("from datetime import datetime")
    if plan.enums:
        imports.append("from enum import StrEnum")
    typing = [n for n in ("Any",) if n in used]
    typing += [
        n for n in ("Literal", "TypeAlias") if plan.enums or (n == "TypeAlias" and plan.unions)
    ]
    if typing:
        imports.append(f"from typing import {', '.join(typing)}")
    local = [n for n in RUNTIME_TYPES if n in used]
    aliases = [f"from ._runtime import {n[1:]} as {n}" for n in ("_Result", "_Structure")]
    if local or plan.structures or plan.unions:
        imports.append("")
    if local:
        imports += layout.import_lines("._runtime", local)
    imports += [line for line in aliases if line.rsplit(" ", 1)[1] in used]
    title = f"Data classes and enums of {plan.service.full_name} (API {plan.service.api_version})."
    return {
        "docstring": docs.docstring(f"{title}\n\nGenerated by sdk-parity; do not edit.", 0),
        "imports": imports,
        "items": items,
    }
