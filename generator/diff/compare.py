"""Stage ``diff``: what changed in one service's model between two releases, in a docs team's terms.

Input: the two sides of a service (:class:`Side`: the raw documents, the lowered IR, its
waiters; either side absent when the service was added or removed). Output:
:class:`ModelChanges` - operations added, removed and newly deprecated; for every shape an
operation reaches, members added or removed, members that became required or optional, type
changes, enum values added or removed, length, range and pattern changes (each
:class:`Finding` names the operations whose input or output reaches it); documentation
changes as a list of places whose text changed; paginators and waiters added or removed.

Pure: nothing here reads a file. Shapes are compared by name (a renamed shape shows as the
members that refer to it changing type); shapes that no operation reaches are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model.ir import NUMBER_KINDS, Member, Service, Shape
from generator.model.load import RawModel

MEMBER_ADDED = "member added"
MEMBER_REMOVED = "member removed"
NOW_REQUIRED = "now required"
NOW_OPTIONAL = "now optional"
TYPE_CHANGED = "type changed"
ENUM_ADDED = "enum values added"
ENUM_REMOVED = "enum values removed"
LENGTH = "length changed"
RANGE = "range changed"
PATTERN = "pattern changed"
DEPRECATED = "deprecated"
KINDS = (
    MEMBER_ADDED, MEMBER_REMOVED, NOW_REQUIRED, NOW_OPTIONAL, TYPE_CHANGED, ENUM_ADDED,
    ENUM_REMOVED, LENGTH, RANGE, PATTERN, DEPRECATED,
)  # fmt: skip
_SIZED = frozenset({"string", "enum", "blob"})  # min/max bound a length in characters/bytes
_COUNTED = frozenset({"list", "map"})  # min/max bound a number of items


@dataclass(frozen=True)
class Side:
    """One release's view of a service."""

    raw: RawModel
    service: Service
    waiters: dict[str, str]  # waiter name -> the operation it polls
    examples: dict[str, Any]  # the examples-1 document


@dataclass(frozen=True)
class Finding:
    """One change to a member or shape, and the operations whose input or output reaches it."""

    kind: str
    where: str  # "Shape" or "Shape.member"
    detail: str
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()  # outputs and errors


@dataclass
class ModelChanges:
    """Everything that changed in one service's model (lists sorted)."""

    status: str = "changed"  # "added", "removed", "changed"
    service: list[str] = field(default_factory=list)  # protocol, API version, name
    operations_added: list[str] = field(default_factory=list)
    operations_removed: list[str] = field(default_factory=list)
    operations_deprecated: list[str] = field(default_factory=list)
    operation_changes: list[Finding] = field(default_factory=list)  # input, output, errors, request
    findings: list[Finding] = field(default_factory=list)
    operations_text_changed: list[str] = field(default_factory=list)  # their documentation
    text_changed: list[str] = field(default_factory=list)  # "service", "Shape", "Shape.member"
    paginators_added: list[str] = field(default_factory=list)
    paginators_removed: list[str] = field(default_factory=list)
    paginators_changed: list[str] = field(default_factory=list)
    waiters_added: list[str] = field(default_factory=list)
    waiters_removed: list[str] = field(default_factory=list)
    waiters_changed: list[str] = field(default_factory=list)


class _Users:
    """Which operations reach a shape through their input, and through their output or errors."""

    def __init__(self, service: Service) -> None:
        self.parents: dict[str, set[str]] = {}
        for shape in service.shapes.values():
            for target in shape.targets():
                self.parents.setdefault(target, set()).add(shape.name)
        self.input_roots: dict[str, list[str]] = {}
        self.output_roots: dict[str, list[str]] = {}
        for op in service.operations.values():
            if op.input:
                self.input_roots.setdefault(op.input, []).append(op.name)
            for root in (op.output, *op.errors):
                if root:
                    self.output_roots.setdefault(root, []).append(op.name)
        self._memo: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def of(self, shape: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if shape not in self._memo:
            seen = {shape}
            stack = [shape]
            while stack:
                for parent in self.parents.get(stack.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            inputs = {op for s in seen for op in self.input_roots.get(s, ())}
            outputs = {op for s in seen for op in self.output_roots.get(s, ())}
            self._memo[shape] = (tuple(sorted(inputs)), tuple(sorted(outputs)))
        return self._memo[shape]


def _bound(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)


def _constraint_changes(old: Shape, new: Shape) -> list[tuple[str, str]]:
    """(kind, detail) for enum values, length/size/range bounds and pattern of two shapes of
    the same kind."""
    found: list[tuple[str, str]] = []
    a, b = old.constraints, new.constraints
    added = [v for v in b.enum if v not in a.enum]
    removed = [v for v in a.enum if v not in b.enum]
    if added:
        found.append((ENUM_ADDED, ", ".join(added)))
    if removed:
        found.append((ENUM_REMOVED, ", ".join(removed)))
    kind = new.kind
    if kind in _SIZED or kind in _COUNTED or kind in NUMBER_KINDS:
        label, what = (RANGE, "") if kind in NUMBER_KINDS else (LENGTH, " length" if kind in _SIZED else " items")
        parts = [
            f"{end}{what} {_bound(x)} -> {_bound(y)}"
            for end, x, y in (("min", a.min, b.min), ("max", a.max, b.max))
            if x != y
        ]
        if parts:
            found.append((label, "; ".join(parts)))
    if a.pattern != b.pattern:
        found.append((PATTERN, f"{a.pattern or 'none'} -> {b.pattern or 'none'}"))
    return found


class _Comparer:
    def __init__(self, old: Side, new: Side, changes: ModelChanges) -> None:
        self.old, self.new = old.service, new.service
        self.changes = changes
        self.users = _Users(self.new)

    def add(self, kind: str, where: str, detail: str, shape: str) -> None:
        inputs, outputs = self.users.of(shape)
        if inputs or outputs:  # a shape no operation reaches changes no page
            self.changes.findings.append(Finding(kind, where, detail, inputs, outputs))

    def text(self, where: str, old: str, new: str, shape: str) -> None:
        inputs, outputs = self.users.of(shape)
        if old != new and (inputs or outputs):
            self.changes.text_changed.append(where)

    @staticmethod
    def describe(service: Service, target: str) -> str:
        return f"{target} ({service.shapes[target].kind})"

    def retargeted(self, where: str, old_ref: Member, new_ref: Member, owner: str) -> None:
        """A member (or list item, map key or value) that refers to another shape now."""
        a, b = self.old.shapes[old_ref.target], self.new.shapes[new_ref.target]
        if a.kind != b.kind or a.name != b.name:
            detail = f"{self.describe(self.old, a.name)} -> {self.describe(self.new, b.name)}"
            self.add(TYPE_CHANGED, where, detail, owner)
        if a.kind == b.kind and a.name != b.name:
            for kind, detail in _constraint_changes(a, b):
                self.add(kind, where, detail, owner)

    def members(self, old: Shape, new: Shape) -> None:
        name = new.name
        before = {m.name: m for m in old.members}
        after = {m.name: m for m in new.members}
        for member in new.members:
            where = f"{name}.{member.name}"
            was = before.get(member.name)
            if was is None:
                self.add(MEMBER_ADDED, where, "required" if member.required else "optional", name)
                continue
            if member.required != was.required:
                self.add(NOW_REQUIRED if member.required else NOW_OPTIONAL, where, "", name)
            if member.target != was.target:
                self.retargeted(where, was, member, name)
            if member.deprecated and not was.deprecated:
                self.add(DEPRECATED, where, "", name)
            self.text(where, was.documentation, member.documentation, name)
        for member in old.members:
            if member.name not in after:
                self.add(MEMBER_REMOVED, f"{name}.{member.name}", "", name)

    def shape(self, name: str) -> None:
        old, new = self.old.shapes[name], self.new.shapes[name]
        if old.kind != new.kind:
            self.add(TYPE_CHANGED, name, f"{old.kind} -> {new.kind}", name)
        elif new.kind in ("structure", "union"):
            self.members(old, new)
        else:
            for label in ("item", "key", "value"):
                a, b = getattr(old, label), getattr(new, label)
                if a is not None and b is not None and a.target != b.target:
                    self.retargeted(f"{name} ({label})", a, b, name)
        if old.kind == new.kind or {old.kind, new.kind} == {"string", "enum"}:
            for kind, detail in _constraint_changes(old, new):
                self.add(kind, name, detail, name)
        if new.deprecated and not old.deprecated:
            self.add(DEPRECATED, name, "", name)
        self.text(name, old.documentation, new.documentation, name)

    def operations(self, old_side: Side, new_side: Side) -> None:
        old_ops, new_ops = self.old.operations, self.new.operations
        ch = self.changes
        ch.operations_added = sorted(set(new_ops) - set(old_ops))
        ch.operations_removed = sorted(set(old_ops) - set(new_ops))
        for name in sorted(set(old_ops) & set(new_ops)):
            a, b = old_ops[name], new_ops[name]
            if b.deprecated and not a.deprecated:
                ch.operations_deprecated.append(name)
            if a.documentation != b.documentation:
                ch.operations_text_changed.append(name)
            edits = [
                (what, x, y) for what, x, y in (
                    ("input", a.input, b.input), ("output", a.output, b.output),
                    ("request", f"{a.http_method} {a.request_uri}{' host ' + a.host_prefix if a.host_prefix else ''}",
                     f"{b.http_method} {b.request_uri}{' host ' + b.host_prefix if b.host_prefix else ''}"),
                ) if x != y
            ]  # fmt: skip
            for what, x, y in edits:
                ch.operation_changes.append(Finding(f"{what} changed", name, f"{x or 'none'} -> {y or 'none'}"))
            gained = [e for e in b.errors if e not in a.errors]
            lost = [e for e in a.errors if e not in b.errors]
            if gained:
                ch.operation_changes.append(Finding("errors added", name, ", ".join(gained)))
            if lost:
                ch.operation_changes.append(Finding("errors removed", name, ", ".join(lost)))
        pag_old, pag_new = old_side.raw.paginators, new_side.raw.paginators
        ch.paginators_added = sorted(set(pag_new) - set(pag_old))
        ch.paginators_removed = sorted(set(pag_old) - set(pag_new))
        ch.paginators_changed = sorted(n for n in set(pag_old) & set(pag_new) if pag_old[n] != pag_new[n])
        w_old, w_new = old_side.waiters, new_side.waiters
        ch.waiters_added = sorted(set(w_new) - set(w_old))
        ch.waiters_removed = sorted(set(w_old) - set(w_new))
        ch.waiters_changed = sorted(n for n in set(w_old) & set(w_new) if w_old[n] != w_new[n])


def _service_level(old: Service, new: Service) -> list[str]:
    notes = []
    for label, a, b in (
        ("protocol", old.protocol, new.protocol),
        ("protocols", ", ".join(old.protocols), ", ".join(new.protocols)),
        ("API version", old.api_version, new.api_version),
        ("full name", old.full_name, new.full_name),
        ("endpoint prefix", old.endpoint_prefix, new.endpoint_prefix),
        ("signing name", old.signing_name, new.signing_name),
    ):
        if a != b:
            notes.append(f"{label}: {a or 'none'} -> {b or 'none'}")
    return notes


def compare(old: Side | None, new: Side | None) -> ModelChanges:
    """The changes from ``old`` to ``new`` (``None`` for a service one release lacks)."""
    if old is None and new is None:
        return ModelChanges()
    if old is None or new is None:
        present = new or old
        assert present is not None
        ops = sorted(present.service.operations)
        if old is None:
            return ModelChanges(status="added", operations_added=ops,
                                paginators_added=sorted(present.raw.paginators),
                                waiters_added=sorted(present.waiters))  # fmt: skip
        return ModelChanges(status="removed", operations_removed=ops,
                            paginators_removed=sorted(present.raw.paginators),
                            waiters_removed=sorted(present.waiters))  # fmt: skip
    changes = ModelChanges(service=_service_level(old.service, new.service))
    comparer = _Comparer(old, new, changes)
    if old.service.documentation != new.service.documentation:
        changes.text_changed.append("service")
    comparer.operations(old, new)
    for name in sorted(set(old.service.shapes) & set(new.service.shapes)):
        comparer.shape(name)
    changes.text_changed.sort()
    return changes
