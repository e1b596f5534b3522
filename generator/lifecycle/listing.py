"""Stage ``lifecycle``: where a list operation's pages hold the resource a scenario created.

Input: the list operation, the values the create produced (:class:`~generator.lifecycle.bind.Known`)
and, from boto3's ``hasMany``, the identifiers' path when it gives one. Output: the known value
the list step looks for and its path in each page: ``("TableNames", "[]")`` (each string of
the list), ``("Roles", "[]", "RoleName")`` (that member of each item).

Without a path from boto3, the list members of the output are tried - the paginator's result
keys first - and in each the item itself (a list of strings: ``TableNames`` holds table names,
``QueueUrls`` queue URLs) or an item member that has the known value's name, or names the same
resource in the same way (a ``Name`` in an S3 bucket's listing).
"""

from __future__ import annotations

from generator.lifecycle.bind import Known, facet_of_member
from generator.model.ir import Service, Shape
from generator.values import identity


def _ordered(knowns: list[Known], noun: str) -> list[Known]:
    return sorted(knowns, key=lambda k: (k.noun != noun, k.ref.side == "input", len(k.ref.path)))


def _by_hint(knowns: list[Known], noun: str, path: tuple[str, ...]) -> Known | None:
    name = path[-1]
    for known in _ordered(knowns, noun):
        if known.name == name:
            return known
    for known in _ordered(knowns, noun):
        if known.noun == noun and known.facet == facet_of_member(name, Shape(name, "string")):
            return known
    return None


def _lists(service: Service, operation: str) -> list[tuple[str, Shape]]:
    op = service.operation(operation)
    if op.output is None:
        return []
    shape = service.shape(op.output)
    keys = list(op.paginator.result_keys) if op.paginator else []
    found: list[tuple[str, Shape]] = []
    for member in sorted(shape.members, key=lambda m: (m.name not in keys, keys.index(m.name) if m.name in keys else 0)):
        target = service.shape(member.target)
        if target.kind == "list" and target.item is not None:
            found.append((member.name, service.shape(target.item.target)))
    return found


def find_path(
    service: Service, operation: str, knowns: list[Known], noun: str, hint: tuple[str, ...] = ()
) -> tuple[Known, tuple[str, ...]] | None:
    """The known value a list step must find and its path in each page (see the module doc)."""
    if hint and hint[-1] != "[]":
        known = _by_hint(knowns, noun, hint)
        if known is not None:
            return known, hint
    own = [k for k in _ordered(knowns, noun) if k.noun == noun]
    op = service.operation(operation)
    for name, item in _lists(service, operation):
        if item.kind in ("string", "enum"):
            singular = identity.singular(identity.kebab(name))
            facet = facet_of_member(name.rstrip("s") if name.endswith("s") else name, item)
            for known in own:
                if identity.kebab(known.name) == singular:
                    return known, (name, "[]")
            if identity.member_noun(name) == noun or hint == (name, "[]"):
                for known in own:
                    if known.facet == facet:
                        return known, (name, "[]")
            continue
        if item.kind != "structure":
            continue
        for known in own:
            if item.member(known.name) is not None:
                return known, (name, "[]", known.name)
        for member in item.members:
            target = service.shape(member.target)
            if target.kind not in ("string", "enum"):
                continue
            facet = facet_of_member(member.name, target)
            if facet == identity.OTHER:
                continue
            role = identity.role_of(service, op, (name, member.name), target.constraints.pattern or "")
            subject = role.noun if role.noun not in identity.GENERIC_NOUNS else identity.member_noun(name)
            if subject not in (noun, "resource") and identity.singular(identity.kebab(item.name)) != noun:
                continue
            for known in own:
                if known.facet == facet:
                    return known, (name, "[]", member.name)
    return None
