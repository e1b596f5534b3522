"""Stage ``lifecycle``: every scenario of a service, and why a resource has none.

Input: a service's IR. Output: :func:`derivation` - the service's
:class:`~generator.lifecycle.ir.Lifecycle` s, one per resource, sorted by resource, and the
resources left out with their reason; :func:`lifecycle` finds one by its resource's name.

Each candidate (:mod:`generator.lifecycle.sources`) gets its prerequisites
(:mod:`generator.lifecycle.prerequisites`) and its steps (:mod:`generator.lifecycle.derive`); a
scenario must use the resource between its create and its delete (a read, a list or an
update). The variables are named here, once for every language: after the member they hold
(``table-name``, ``queue-url``), with the resource's noun in front of a generic one
(``role-arn`` for ``Role.Arn``) or of one two resources would share.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.caches import per_service
from generator.errors import SdkParityError
from generator.lifecycle.derive import build
from generator.lifecycle.ir import (
    LIST,
    PREREQUISITE_CREATE,
    READ,
    UPDATE,
    Lifecycle,
    Prerequisite,
    Step,
    Variable,
)
from generator.lifecycle.prerequisites import needed
from generator.lifecycle.reach import Dropped
from generator.lifecycle.sources import candidates
from generator.model.lower import load_service
from generator.values.identity import GENERIC_NOUNS, kebab, member_noun
from generator.values.tree import Ref, Value, refs, resolve


@dataclass(frozen=True)
class Derivation:
    """A service's scenarios and the resources without one (noun, create operation, reason)."""

    service: str
    lifecycles: tuple[Lifecycle, ...]
    dropped: tuple[tuple[str, str, str], ...]


def _used(steps: list[Step]) -> list[Ref]:
    found: list[Ref] = []
    for step in steps:
        for _, ref in refs(step.value):
            found.append(ref)
        for extra in (step.subject, step.finds.ref if step.finds else None):
            if extra is not None:
                found.append(extra)
    return list(dict.fromkeys(found))


def inline_unused(steps: list[Step], literals: dict[Ref, Value]) -> list[Step]:
    """Each create with its own input values back in place where no other step, message or
    list search refers to them (only values passed on become variables)."""
    used: set[Ref] = set()
    for index, step in enumerate(steps):
        used |= {ref for _, ref in refs(step.value) if ref.step != index}
        used |= {r for r in (step.subject, step.finds.ref if step.finds else None) if r is not None}

    def back(ref: Ref, node: Value) -> Value:
        return node if ref in used or ref not in literals else literals[ref]

    return [replace(s, value=resolve(s.value, back)) for s in steps]


def variables(steps: list[Step], literals: dict[Ref, Value]) -> tuple[Variable, ...]:
    """One variable per value the steps pass on (see the module doc)."""
    chosen: dict[Ref, str] = {}
    taken: set[str] = set()
    for ref in sorted(_used(steps), key=lambda r: (r.step, r.side != "output", r.path)):
        noun = steps[ref.step].resource
        last = kebab(ref.path[-1])
        generic = member_noun(ref.path[-1]) in GENERIC_NOUNS or last in ("url", "uri")
        words = f"{noun}-{last}" if generic and not last.startswith(noun) else last
        if words in taken:
            words = f"{noun}-{last}" if not last.startswith(noun) else words
        base, number = words, 2
        while words in taken:
            words, number = f"{base}-{number}", number + 1
        taken.add(words)
        chosen[ref] = words
    return tuple(Variable(ref, words, literals.get(ref)) for ref, words in sorted(chosen.items(), key=lambda p: (p[0].step, p[0].side, p[0].path)))


def title(service_title: str, noun: str) -> str:
    return f"{service_title} {noun.replace('-', ' ')} basics"


@per_service(maxsize=4)
def derivation(service_name: str) -> Derivation:
    """Every scenario of the service (see the module doc)."""
    service = load_service(service_name)
    found: dict[str, Lifecycle] = {}
    dropped: list[tuple[str, str, str]] = []
    everything = candidates(service)
    for candidate in everything:
        if candidate.noun in found:
            dropped.append((candidate.noun, candidate.create, f"{found[candidate.noun].steps[0].operation} makes it too"))
            continue
        try:
            prerequisites = needed(service, candidate, everything)
            steps, literals, needs = build(service, candidate, prerequisites)
            steps = inline_unused(steps, literals)
        except Dropped as exc:
            dropped.append((candidate.noun, candidate.create, str(exc)))
            continue
        except SdkParityError as exc:
            dropped.append((candidate.noun, candidate.create, exc.message))
            continue
        if not any(step.role in (READ, LIST, UPDATE) for step in steps):
            dropped.append((candidate.noun, candidate.create, "no read, list or update takes its identifier"))
            continue
        found[candidate.noun] = Lifecycle(
            service=service.name,
            resource=candidate.noun,
            title=title(service.full_name, candidate.noun),
            source=candidate.source,
            steps=tuple(steps),
            variables=variables(steps, literals),
            prerequisites=tuple(
                _prerequisite(steps, index) for index, step in enumerate(steps)
                if step.role == PREREQUISITE_CREATE
            ),
            needs=tuple(needs),
        )  # fmt: skip
    return Derivation(service.name, tuple(found[n] for n in sorted(found)), tuple(sorted(dropped)))


def _prerequisite(steps: list[Step], index: int) -> Prerequisite:
    step = steps[index]
    takers = [(path, ref) for s in steps for path, ref in refs(s.value)
              if ref.step == index and s.role.endswith("create")]  # fmt: skip
    return Prerequisite(step.service, step.resource, ".".join(takers[0][0]) if takers else "")


def lifecycles(service_name: str) -> tuple[Lifecycle, ...]:
    return derivation(service_name).lifecycles


def lifecycle(service_name: str, resource: str) -> Lifecycle:
    """The scenario of ``resource`` (its kebab-case noun, as ``scenario SERVICE`` lists it)."""
    for found in lifecycles(service_name):
        if found.resource == resource:
            return found
    known = ", ".join(f.resource for f in lifecycles(service_name)) or "none"
    raise SdkParityError(f"no scenario for resource {resource!r} (the service has: {known})",
                         path=service_name)  # fmt: skip
