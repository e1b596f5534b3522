"""Stage ``lifecycle``: an update step that asks for a real change.

Input: the create's and the update's value trees (identifiers already bound). Output: the
update's value and the members that change, or ``None`` when it would change nothing or
nothing safe.

The changing members are those the update sets that are neither references to the resource
nor identifiers. Left out, because a scenario must be able to clean up after itself and keep
naming the resource the same way: members that turn on deletion or termination protection and
members that rename the resource (``NewUserName``, ``NewPath``). A changing member the create
set to the same value is given another one that passes the model's constraints: a number
doubled (or lowered within its range), a boolean flipped, another enum value, a text with
``updated`` in it, the first such scalar inside a structure.
"""

from __future__ import annotations

import re
from typing import Any

from generator.model.ir import NUMBER_KINDS, Service
from generator.values.tree import REF, Value, refs, to_json
from generator.values.validate import shape_value

_UNSAFE = re.compile(r"[Pp]rotection|^([Nn]ew)([A-Z_]|$)")


def _plain(value: Value) -> bool:
    return value.kind != REF and not refs(value)


def _other_scalar(service: Service, shape_name: str, old: Any, kind: str) -> list[Any]:
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
        return [f"{old} (updated)", f"updated-{old}", f"{old}-updated", "updated"]
    return []


def _variants(service: Service, value: Value) -> list[Any]:
    """Other values of ``value``'s shape, as documents, best first."""
    if value.kind in ("structure", "map", "list"):
        doc = to_json(value)
        out: list[Any] = []
        if value.kind == "structure":
            for name, child in value.fields:
                for other in _variants(service, child)[:3]:
                    out.append({**doc, name: other})
        return out
    old = to_json(value)
    return _other_scalar(service, value.shape, old, value.kind)


def _changed(service: Service, value: Value) -> Value | None:
    for doc in _variants(service, value):
        found, problems = shape_value(service, value.shape, doc)
        if found is not None and not problems and found != value:
            return found
    return None


def real_change(
    service: Service, create: str, create_value: Value, update: str, update_value: Value
) -> tuple[Value, tuple[str, ...]] | None:
    """The update's value and its changing members (see the module doc), or ``None``."""
    op = service.operation(update)
    shape = service.shape(op.input) if op.input else None
    if shape is None:
        return None
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
        if _plain(child) and not re.search(r"(?i)(ids?|arns?|urls?|names?)$", name):
            before = create_value.field(name)
            if before is not None and before == child:
                other = _changed(service, child)
                if other is None:
                    continue
                child = other
            changing.append(name)
        fields.append((name, child))
    if not changing:
        return None
    return Value(update_value.shape, update_value.kind, fields=tuple(fields)), tuple(changing)
