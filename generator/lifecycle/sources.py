"""Stage ``lifecycle``: which operations create, read, list, update and delete each resource.

Input: one service's IR. Output: :func:`candidates` - one :class:`Candidate` per resource,
from the first source that knows it:

1. the service's Smithy ``resource`` shapes (:mod:`generator.model.smithy`): their
   ``create``/``put``, ``read``, ``update``, ``delete`` and ``list`` bindings;
2. boto3's ``resources-1.json`` (:mod:`generator.model.boto3_resources`): the service action
   that creates the resource, its ``load``, its ``Delete`` action, its ``SetAttributes`` /
   ``Update`` / ``ModifyAttribute`` action and the ``hasMany`` collection that lists it, with
   the identifiers' response paths;
3. the operations' names: ``Create<Noun>`` (or ``Register<Noun>``) with ``Delete<Noun>``
   (``Deregister<Noun>``, ``Schedule<Noun>Deletion``), then ``Describe<Noun>`` / ``Get<Noun>``
   / ``Get<Noun>Attributes`` / ``Head<Noun>``, ``List<Nouns>`` / ``Describe<Nouns>``, and
   ``Update<Noun>`` / ``Modify<Noun>`` / ``Update<Noun>...`` / ``Set<Noun>Attributes`` /
   ``Put<Noun>Tagging`` / ``Tag<Noun>`` / ``TagResource``.

Whether the operations really share an identifier is decided later, when their members are
bound (:mod:`generator.lifecycle.bind`); a candidate whose steps cannot be bound is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.lifecycle.ir import BOTO3, NAMES, SMITHY
from generator.model import boto3_resources, smithy
from generator.model.ir import Service
from generator.values.identity import kebab

# nouns after Create that are no resource of their own (tags, permissions, tokens, ...)
_NOT_RESOURCES = re.compile(
    r"^(Tags?|Permission|Token|\w*Tokens?|\w*Presigned\w*|\w*Url|\w*Ticket|\w*Login\w*)$"
)


@dataclass(frozen=True)
class Candidate:
    """A resource's lifecycle operations before their members are bound.

    ``identity`` holds what the source says about the identifiers: (identifier name, the create
    operation's side, member path), e.g. ``("Name", "output", ("TableDescription", "TableName"))``
    or boto3's ``requestParameter`` ``("Name", "input", ("Bucket",))``; ``list_path`` where the
    list operation's output holds them (``("Roles", "[]", "RoleName")``); ``aliases`` the input
    member each bound operation takes an identifier as (``(operation, member, identifier)``).
    """

    noun: str
    source: str
    create: str
    delete: str
    read: str = ""
    list: str = ""
    updates: tuple[str, ...] = ()
    identity: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    list_path: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str, str], ...] = ()


def plural(noun: str) -> str:
    """``Table`` -> ``Tables``, ``Policy`` -> ``Policies``, ``Address`` -> ``Addresses``."""
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|x|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


def _first(service: Service, names: list[str]) -> str:
    return next((n for n in names if n in service.operations), "")


def _names(service: Service, noun: str, verb: str) -> Candidate | None:
    """The lifecycle of ``noun`` from the operations' names, or ``None`` without a delete."""
    ops = service.operations
    create = f"{verb}{noun}"
    if verb == "Register":
        delete = _first(service, [f"Deregister{noun}", f"Unregister{noun}", f"Delete{noun}"])
    else:
        delete = _first(service, [f"Delete{noun}", f"Schedule{noun}Deletion", f"Remove{noun}"])
    if not delete:
        return None
    many = plural(noun)
    read = _first(service, [
        f"Describe{noun}", f"Get{noun}", f"Get{noun}Attributes", f"Head{noun}",
        f"Describe{noun}Attributes", f"Get{noun}Configuration", f"Describe{many}",
    ])  # fmt: skip
    listing = _first(service, [f"List{many}", f"Describe{many}", f"List{noun}s", f"ListAll{many}"])
    if listing == read and read.startswith("Describe") and not ops[read].paginator:
        listing = ""  # a plural Describe without pages reads one resource, it does not list
    return Candidate(kebab(noun), NAMES, create, delete, read, listing, updates(service, noun))


_PREFERRED = ("Configuration", "Settings", "Attributes", "Description", "Details")


def _sub_resource(service: Service, noun: str, suffix: str) -> bool:
    """Whether ``<Verb><Noun><Suffix>`` acts on a part of the resource that is created or put
    on its own (``UpdateFunctionCode`` beside ``PutFunctionCodeSigningConfig``)."""
    first = re.match(r"[A-Z][a-z0-9]*", suffix)
    if first is None:
        return False
    return any(
        re.match(rf"^(Create|Delete|Put){noun}{first.group(0)}", name) for name in service.operations
    )


def updates(service: Service, noun: str) -> tuple[str, ...]:
    """The operations that may update ``noun``, best first: ``Update<Noun>``, ``Modify<Noun>``,
    ``Update<Noun>Configuration`` (and other settings of the resource itself, not of a part
    created on its own), ``Set<Noun>Attributes``, ``Put<Noun>Tagging``, ``Tag<Noun>``,
    ``TagResource``."""
    ops = service.operations
    found = [f"Update{noun}", f"Modify{noun}"]
    suffixed = []
    for name in ops:
        match = re.match(rf"^(Update|Modify){noun}([A-Z]\w*)$", name)
        if match is None or re.search(r"(Tags?|Status|Permission)", match.group(2)):
            continue
        if _sub_resource(service, noun, match.group(2)):
            continue
        rank = next((i for i, word in enumerate(_PREFERRED) if match.group(2).startswith(word)), len(_PREFERRED))
        suffixed.append((rank, len(name), name))
    found += [name for _, _, name in sorted(suffixed)]
    found += [f"Set{noun}Attributes", f"Put{noun}Tagging", f"Tag{noun}", "TagResource"]
    return tuple(dict.fromkeys(n for n in found if n in ops))


def _from_names(service: Service) -> list[Candidate]:
    found: list[Candidate] = []
    for name in sorted(service.operations):
        match = re.match(r"^(Create|Register)([A-Z]\w*)$", name)
        if match is None or _NOT_RESOURCES.match(match.group(2)):
            continue
        candidate = _names(service, match.group(2), match.group(1))
        if candidate is not None:
            found.append(candidate)
    return found


def _path(text: str) -> tuple[str, ...]:
    """A boto3/JMESPath member path as parts: ``Roles[].RoleName`` -> ``Roles``, ``[]``,
    ``RoleName``; ``VpcIds[0]`` -> ``VpcIds``, ``[0]``."""
    parts: list[str] = []
    for piece in text.split("."):
        match = re.match(r"^(\w+)((?:\[\d*\])*)$", piece)
        if match is None:
            return ()
        parts.append(match.group(1))
        parts += re.findall(r"\[\d*\]", match.group(2))
    return tuple(parts)


def _from_boto3(service: Service) -> list[Candidate]:
    found: list[Candidate] = []
    for resource in boto3_resources.resources(service.name):
        if not resource.create or not resource.delete:
            continue
        identity = tuple(
            (name, side, _path(path)) for name, side, path in resource.identity if _path(path)
        )
        base = _names(service, resource.name, "Create")
        update = tuple(dict.fromkeys(
            ([resource.update] if resource.update else []) + list(base.updates if base else ())
        ))  # fmt: skip
        found.append(
            Candidate(
                kebab(resource.name), BOTO3, resource.create, resource.delete,
                resource.load or (base.read if base else ""),
                resource.list or (base.list if base else ""), update, identity,
                _path(resource.list_path), resource.params,
            )
        )  # fmt: skip
    return found


def _from_smithy(service: Service) -> list[Candidate]:
    found: list[Candidate] = []
    for resource in smithy.resources(service.name).resources:
        create = resource.operation("create") or resource.operation("put")
        delete = resource.operation("delete")
        if not create or not delete or create not in service.operations:
            continue
        aliases = tuple(
            (operation, member, identifier.name)
            for identifier in resource.identifiers
            for operation, member in identifier.members
        )
        base = _names(service, resource.name, "Create")
        found.append(
            Candidate(
                kebab(resource.name), SMITHY, create, delete,
                resource.operation("read") or (base.read if base else ""),
                resource.operation("list") or (base.list if base else ""),
                tuple(dict.fromkeys(
                    [u for u in (resource.operation("update"),) if u] + list(base.updates if base else ())
                )),
                aliases=aliases,
            )
        )  # fmt: skip
    return found


def candidates(service: Service) -> list[Candidate]:
    """Every resource's lifecycle operations, Smithy's first, then boto3's, then the names'
    (a resource - the same create operation - is taken from the first source that has it)."""
    chosen: dict[str, Candidate] = {}
    for found in (_from_smithy(service), _from_boto3(service), _from_names(service)):
        for candidate in found:
            if candidate.create in service.operations and candidate.delete in service.operations:
                chosen.setdefault(candidate.create, candidate)
    return sorted(chosen.values(), key=lambda c: (c.noun, c.create))
