"""Stage ``lifecycle``: an update step that asks for a real change.

Input: the create's and the update's value trees (identifiers already bound). Output: the
update's value and the members that change, or ``None`` when it would change nothing or
nothing safe.

The changing members are those the update sets that are neither references to the resource
nor identifiers. Left out, because a scenario must be able to clean up after itself and keep
naming the resource the same way: members that turn on deletion or termination protection and
members that rename the resource (``NewUserName``, ``NewPath``), and what the resource's code
or data depends on (a Lambda function's ``Runtime`` and ``Handler``, an engine). A changing member the create
set to the same value is given another one that passes the model's constraints: a number
doubled (or lowered within its range), a boolean flipped, another enum value, a text with
``updated`` in it, the first such scalar inside a structure.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.model.ir import NUMBER_KINDS, Service
from generator.values.tree import REF, Value, refs, to_json
from generator.values.validate import shape_value

_UNSAFE = re.compile(r"[Pp]rotection|^([Nn]ew)([A-Z_]|$)")
# what the resource's code or data depends on: a Lambda function's runtime is its code's
_FIXED = re.compile(r"(?i)(runtime|engine|engineversion|architectures?|handler|platform|packagetype)$")


def _plain(value: Value) -> bool:
    return value.kind != REF and not refs(value)


_PROSE = re.compile(r"(?i)(description|comment|title|summary|note|message|label|display)")


def _other_scalar(service: Service, shape_name: str, old: Any, kind: str, name: str) -> list[Any]:
    shape = service.shape(shape_name)
    low = shape.constraints.min
    high = shape.constraints.max
    if kind == "boolean":
        return [not old]
    if kind in NUMBER_KINDS and isinstance(old, (int, float)):
        options: list[Any] = [old * 2 if old else 1, old + 1, old - 1]
        return [n for n in options if (low is None or n >= low) and (high is None or n <= high) and n != old]
    if kind == "enum":
        return [e for e in shape.constraints.enum if e != old][:1]
    if kind == "string" and isinstance(old, str):
        if old.lstrip().startswith(("{", "[")):
            return _other_json(old)
        if _PROSE.search(name):  # other strings may name something (a version, a key)
            return [f"{old} (updated)", f"Updated {old}", "updated"]
    return []


def _other_json(text: str) -> list[Any]:
    """A JSON document with its comment or description changed (a state machine's
    ``Comment``), or nothing: any other change could break what the document means."""
    try:
        document = json.loads(text)
    except ValueError:
        return []
    if not isinstance(document, dict):
        return []
    for key, item in document.items():
        if isinstance(item, str) and re.search(r"(?i)comment|description", key):
            changed = {**document, key: f"{item} (updated)"}
            return [json.dumps(changed, separators=(", ", ": ") if ", " in text else (",", ":"))]
    return []


def _variants(service: Service, value: Value, name: str) -> list[Any]:
    """Other values of ``value`` (of the member ``name``), as documents, best first."""
    if value.kind in ("structure", "map", "list"):
        doc = to_json(value)
        out: list[Any] = []
        if value.kind == "structure":
            for field, child in value.fields:
                for other in _variants(service, child, field)[:3]:
                    out.append({**doc, field: other})
        return out
    old = to_json(value)
    return _other_scalar(service, value.shape, old, value.kind, name)


def _changed(service: Service, value: Value, name: str) -> Value | None:
    for doc in _variants(service, value, name):
        found, problems = shape_value(service, value.shape, doc)
        if found is not None and not problems and found != value:
            return found
    return None


def _identifying(name: str) -> bool:
    return bool(re.search(r"(?i)(ids?|arns?|urls?|names?)$", name))


def real_change(
    service: Service, create: str, create_value: Value, update: str, update_value: Value
) -> tuple[Value, tuple[str, ...]] | None:
    """The update's value and its changing members (see the module doc), or ``None``.

    What the create set is changed first: members the update takes under the same name get
    another valid value (the update then sends those, its identifiers and its required members
    only); otherwise the update's own values are the change."""
    op = service.operation(update)
    shape = service.shape(op.input) if op.input else None
    if shape is None:
        return None
    kept: dict[str, Value] = {}
    changed: list[str] = []
    for member in shape.members:
        mine = update_value.field(member.name)
        if mine is not None and (not _plain(mine) or member.required):
            kept[member.name] = mine
        before = create_value.field(member.name)
        if before is None or not _plain(before) or _UNSAFE.search(member.name) or _identifying(member.name):
            continue
        if _FIXED.search(member.name):
            continue  # never a change of runtime: the update must leave the resource working
        retyped, problems = shape_value(service, member.target, to_json(before))
        other = _changed(service, retyped, member.name) if retyped is not None and not problems else None
        if other is None and mine is not None and _plain(mine) and mine != before and (
            before.kind != "string" or _PROSE.search(member.name)
        ):
            other = mine  # a string that is not prose may name something else: not this way
        if other is not None:
            kept[member.name] = other
            changed.append(member.name)
    if changed:
        fields = tuple((m.name, kept[m.name]) for m in shape.members if m.name in kept)
        return Value(update_value.shape, update_value.kind, fields=fields), tuple(changed)
    return _own_change(shape, create_value, update_value, service)


def _own_change(shape: Any, create_value: Value, update_value: Value, service: Service) -> tuple[Value, tuple[str, ...]] | None:
    fields: list[tuple[str, Value]] = []
    changing: list[str] = []
    for name, child in update_value.fields:
        member = shape.member(name)
        if member is None:
            continue
        if _plain(child) and _UNSAFE.search(name):
            if member.required:
                return None
            continue
        if _plain(child) and not _identifying(name):
            before = create_value.field(name)
            if before is not None and before == child:
                other = _changed(service, child, name)
                if other is None:
                    continue
                child = other
            changing.append(name)
        fields.append((name, child))
    if not changing:
        return None
    return Value(update_value.shape, update_value.kind, fields=tuple(fields)), tuple(changing)
