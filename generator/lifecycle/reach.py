"""Stage ``lifecycle``: the values of a scenario's calls, and what they refer to outside it.

Input: a service, an operation, its values (from the values stage) and the resource the
scenario makes. Output: :func:`values_of` (the single page's values, or the required members
synthesized), :func:`outside_paths` (the member paths whose values refer to something the
scenario does not make: another resource's ARN or ID, an S3 bucket or object, a Region, an
``s3://`` location) and :func:`self_contained` (the create's values with the least of that).
"""

from __future__ import annotations

import re

from generator.capabilities.members import member_filter
from generator.errors import SdkParityError, UnsupportedError
from generator.lifecycle.bind import facet_of_member, noun_of
from generator.model.ir import Service
from generator.values import identity
from generator.values.lint import real_region
from generator.values.sources import choose
from generator.values.tree import Value


class Dropped(Exception):
    """No scenario for this resource, and why."""


def values_of(service: Service, operation: str, examples: bool) -> Value:
    """The values the single page of ``operation`` has (``examples``), or its required members
    only, synthesized."""
    op = service.operation(operation)
    try:
        return choose(service, op, member_filter(service, op), use_examples=examples).value
    except (UnsupportedError, SdkParityError) as exc:
        raise Dropped(f"{operation}: no values: {exc.message}") from None


_OUTSIDE = re.compile(r"(S3Bucket|S3Key|S3ObjectVersion|S3Uri|S3Path|ImageUri|Bucket|Subnets?|SecurityGroups?)$")


def outside(service: Service, operation: str, value: Value, noun: str, given: frozenset[str]) -> int:
    """How many values of a create refer to something the scenario does not make."""
    return len(outside_paths(service, operation, value, noun, given))


def outside_paths(
    service: Service, operation: str, value: Value, noun: str, given: frozenset[str]
) -> list[str]:
    """The member paths of a create's values that refer to something the scenario does not
    make: an ARN or ID of another resource, an S3 bucket or object, a Region (the program runs
    in the caller's), an ``s3://`` location. Members a prerequisite fills (``given``) and
    references to earlier steps do not count."""
    op = service.operation(operation)
    found: list[str] = []
    stack: list[tuple[tuple[str, ...], Value]] = [
        ((name,), child) for name, child in value.fields if name not in given
    ]
    while stack:
        trail, node = stack.pop()
        if node.kind in ("structure", "union"):
            stack += [(trail + (n,), c) for n, c in node.fields]
        elif node.kind == "list":
            stack += [(trail, item) for item in node.items]
        elif node.kind == "map":
            stack += [(trail, item) for _, item in node.entries]
        elif node.kind in ("string", "enum") and isinstance(node.scalar, str):
            text = node.scalar
            member = trail[-1]
            shape = service.shape(node.shape) if node.shape in service.shapes else None
            facet = facet_of_member(member, shape) if shape is not None else identity.OTHER
            foreign = facet in (identity.ARN, identity.ID) and shape is not None and (
                noun_of(service, op, trail, shape, noun) != noun
            )
            if foreign or _OUTSIDE.search(member) or real_region(text) or text.startswith("s3://"):
                found.append(".".join(trail))
    return sorted(set(found))


def self_contained(service: Service, create: str, noun: str, given: frozenset[str]) -> Value:
    """The create's values with the least reference to what the scenario does not make: its
    page's, without the optional members that refer outside (a KMS key, a Region); or, when a
    required member still does, its required members synthesized, if those refer outside less
    (see :func:`outside`). ``given``: the members a prerequisite fills."""
    page = values_of(service, create, True)
    shape = service.shape(service.operation(create).input or "")
    kept = []
    for name, child in page.fields:
        member = shape.member(name)
        alone = Value(page.shape, page.kind, fields=((name, child),))
        if member is not None and not member.required and outside(service, create, alone, noun, given):
            continue
        kept.append((name, child))
    value = Value(page.shape, page.kind, fields=tuple(kept))
    left = outside(service, create, value, noun, given)
    if not left:
        return value
    try:
        plain = values_of(service, create, False)
    except Dropped:
        return value
    return plain if outside(service, create, plain, noun, given) < left else value
