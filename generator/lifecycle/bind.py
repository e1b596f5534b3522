"""Stage ``lifecycle``: which earlier value each identifying member of a step takes.

Input: a resource's create operation, its chosen values and the steps that follow. Output:
:class:`Known` values - every string the create call's output holds (``TableDescription.TableName``,
``QueueUrl``, ``Role.Arn``) and the identifying members of its input the user chose
(``Bucket``) - and, for each later step, its value tree with those members replaced by
:data:`~generator.values.tree.REF` nodes (:func:`bind`), or the member that no known value fits.

A member takes a known value when, in order:

1. the source says so: boto3's ``params`` (``DeleteTable.TableName`` is the table's ``Name``)
   or a Smithy identifier's member in each bound operation;
2. the names are equal (``QueueUrl``, ``TableName``; case aside: ``roleArn``/``RoleArn``);
3. both name the same resource in the same way (:func:`generator.values.identity.role_of`:
   ``DeleteRole.RoleName`` and ``CreateRole``'s ``Role.RoleName``; a generic ``Arn`` inside
   the created structure and ``FunctionArn``);
4. the member is an ID or name whose documentation says it also takes the ARN (Secrets
   Manager's ``SecretId``: "The ARN or name of the secret") and the create returned the ARN.

The output side is preferred to the input side and a shallower path to a deeper one; a member
the create's input chose but its output does not return (an S3 bucket's name) is taken from
the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.ir import Operation, Service, Shape
from generator.values import identity
from generator.values.tree import REF, Ref, Value

_STRINGS = ("string", "enum")
_URL = re.compile(r"(Url|URL|Uri|URI)$")
URL = "url"  # a facet besides identity's: an SQS queue's URL identifies it
# the members that name the structure they are in (``Role.Arn``, ``KeyMetadata.KeyId`` is not
# one of them but its own noun matches), unlike ``Vpc.OwnerId``
_OWN = frozenset({"arn", "id", "name", "identifier", "url", "uri"})


@dataclass(frozen=True)
class Known:
    """A value a step produced: where it is (``ref``), its member's name, facet and noun."""

    ref: Ref
    name: str
    facet: str
    noun: str
    shape: str

    @property
    def depth(self) -> int:
        return len(self.ref.path)


def facet_of_member(member: str, shape: Shape) -> str:
    """What a member holds, by its name first (``FunctionName`` is a name even where its
    pattern also takes an ARN), then by an ARN pattern: ARN, ID, name, :data:`URL` or other."""
    if _URL.search(member):
        return URL
    by_name = identity.facet_of(member)
    if by_name != identity.OTHER:
        return by_name
    return identity.facet_of(member, shape.constraints.pattern or "")


def noun_of(
    service: Service, operation: Operation, trail: tuple[str, ...], target: Shape, fallback: str
) -> str:
    """The resource a member names (:func:`generator.values.identity.role_of`; a URL's noun is
    its name without ``Url``: ``QueueUrl`` names the queue), ``fallback`` for a generic one."""
    member = trail[-1]
    if identity.member_noun(member) == fallback:
        return fallback
    if _URL.search(member) and len(member) > 3:
        trail = trail[:-1] + (_URL.sub("", member) + "Name",)
    role = identity.role_of(service, operation, trail, target.constraints.pattern or "")
    return role.noun if role.noun not in identity.GENERIC_NOUNS else fallback


def output_knowns(service: Service, operation: Operation, step: int, noun: str) -> list[Known]:
    """The strings of ``operation``'s output at depth 1 or 2 (through structures, not lists)
    that can identify something: ARNs, IDs, names, URLs."""
    found: list[Known] = []
    if operation.output is None:
        return found

    def visit(shape: Shape, path: tuple[str, ...]) -> None:
        for member in shape.members:
            target = service.shape(member.target)
            where = path + (member.name,)
            if target.kind in _STRINGS:
                facet = facet_of_member(member.name, target)
                if facet == identity.OTHER:
                    continue
                # a generic ``Arn``/``Id``/``Name`` in the structure the create returns
                # (``KeyMetadata.KeyId``, ``Role.Arn``) is the created resource's own
                wrapped = len(where) == 2 and member.name.lower() in _OWN
                named = noun if wrapped else noun_of(service, operation, where, target, noun)
                found.append(Known(Ref(step, "output", where), member.name, facet, named, member.target))
            elif target.kind == "structure" and len(path) < 1 and not target.error:
                visit(target, where)

    visit(service.shape(operation.output), ())
    return found


def input_knowns(
    service: Service, operation: Operation, value: Value, step: int, noun: str, names: frozenset[str]
) -> list[Known]:
    """The top-level strings the create's values set that identify something: the resource's
    own ID or name the user chose (or a member a source calls an identifier: ``names``), and
    the parent or other resource it is made in (later calls name that one the same way)."""
    found: list[Known] = []
    if operation.input is None:
        return found
    shape = service.shape(operation.input)
    for name, child in value.fields:
        member = shape.member(name)
        if member is None or child.kind not in _STRINGS:
            continue
        target = service.shape(member.target)
        facet = facet_of_member(name, target)
        named = noun_of(service, operation, (name,), target, noun)
        if name in names or facet != identity.OTHER:
            found.append(Known(Ref(step, "input", (name,)), name,
                               identity.NAME if facet == identity.OTHER else facet,
                               named, member.target))  # fmt: skip
    return found


def _rank(known: Known) -> tuple[int, int, str]:
    return (int(known.ref.side == "input"), known.depth, ".".join(known.ref.path))


def match(
    service: Service, operation: Operation, member: str, target: Shape, knowns: list[Known],
    noun: str, aliases: dict[str, str], trail: tuple[str, ...] = (),
) -> Known | None:  # fmt: skip
    """The known value ``member`` of ``operation`` takes, or ``None``."""
    ordered = sorted(knowns, key=_rank)
    alias = aliases.get(member)
    if alias is not None:
        for known in ordered:
            if known.name == alias or known.name.lower() == alias.lower():
                return known
    for known in ordered:
        if known.name == member:
            return known
    for known in ordered:
        if known.name.lower() == member.lower():
            return known
    facet = facet_of_member(member, target)
    if facet == identity.OTHER:
        return None
    wanted = noun_of(service, operation, trail + (member,), target, noun)
    for known in ordered:
        if known.facet == facet and known.noun == wanted:
            return known
    documentation = target.documentation + " " + _member_doc(service, operation, member)
    if facet in (identity.ID, identity.NAME) and "ARN" in documentation:
        for known in ordered:
            if known.facet == identity.ARN and known.noun == wanted:
                return known
    return None


def _member_doc(service: Service, operation: Operation, member: str) -> str:
    if operation.input is None:
        return ""
    found = service.shape(operation.input).member(member)
    return found.documentation if found is not None else ""


def identifying(service: Service, operation: Operation, member: str, target: Shape) -> bool:
    """Whether a member names a resource (an ARN, ID, name or URL of one)."""
    if target.kind not in _STRINGS and not (target.kind == "list" and target.item is not None):
        return False
    return facet_of_member(member, target) != identity.OTHER


def ref_node(known: Known) -> Value:
    return Value(known.shape, REF, known.ref)


def bind(
    service: Service, operation: Operation, value: Value, knowns: list[Known], noun: str,
    aliases: dict[str, str], narrow: bool = False, fallback: tuple[Known, ...] = (),
) -> tuple[Value, str]:  # fmt: skip
    """``value`` with every top-level identifying member that a known value fits replaced by
    a reference to it (a list of identifiers gets a one-item list), and every required one
    added; ``(value, member)`` names the first required identifying member nothing fits.

    ``narrow``: when no required member names the resource (``DescribeVpcs``), the first
    optional identifying member that takes the resource's own value (``VpcIds``) is set, so
    the call reads that resource only. ``fallback``: the values of the scenario's other
    resources (its prerequisites), for a member no value of this resource fits."""
    if operation.input is None:
        return value, ""
    bound, missing = _bind(service, operation, value, knowns, noun, aliases, frozenset(), fallback)
    if missing or not narrow or any(v.kind == REF or v.items and v.items[0].kind == REF
                                    for _, v in bound.fields):  # fmt: skip
        return bound, missing
    own = [k for k in knowns if k.noun == noun]
    for member in service.shape(operation.input).members:
        if member.required or member.name in dict(bound.fields):
            continue
        narrowed, _ = _bind(service, operation, bound, own, noun, aliases, frozenset({member.name}), ())
        if narrowed != bound:
            return narrowed, ""
    return bound, missing


def scope(
    service: Service, operation: Operation, value: Value, knowns: list[Known], noun: str, create: int
) -> Value:
    """``value`` with each optional identifying member that names the resource's parent (a
    value the create at step ``create`` was given that is not the resource's own: the user of
    an access key) set to it, so that a list shows the parent's resources (``ListAccessKeys``
    of that user)."""
    if operation.input is None:
        return value
    parents = [k for k in knowns if k.noun != noun and (k.ref.side == "input" or k.ref.step != create)]
    present = {name for name, _ in value.fields}
    optional = frozenset(m.name for m in service.shape(operation.input).members
                         if not m.required and m.name not in present)  # fmt: skip
    scoped, _ = _bind(service, operation, value, parents, noun, {}, optional, ())
    return scoped


def _bind(
    service: Service, operation: Operation, value: Value, knowns: list[Known], noun: str,
    aliases: dict[str, str], extra: frozenset[str], fallback: tuple[Known, ...],
) -> tuple[Value, str]:  # fmt: skip
    shape = service.shape(operation.input or "")
    fields = dict(value.fields)
    for member in shape.members:
        target = service.shape(member.target)
        present = member.name in fields
        if not (member.required or present or member.name in aliases or member.name in extra):
            continue
        if not (identifying(service, operation, member.name, target) or member.name in aliases
                or any(k.name == member.name for k in [*knowns, *fallback])):  # fmt: skip
            continue
        if target.kind == "list":
            assert target.item is not None
            item = service.shape(target.item.target)
            singular = re.sub(r"(s|List)$", "", member.name)
            named = [k for k in knowns if k.name == singular]  # VpcIds: the VpcId
            known = (match(service, operation, singular, item, named, noun, aliases)
                     or match(service, operation, member.name, item, knowns, noun, aliases)
                     or match(service, operation, singular, item, knowns, noun, aliases)
                     or match(service, operation, singular, item, list(fallback), noun, {}))  # fmt: skip
            if known is not None:
                fields[member.name] = Value(target.name, "list", items=(ref_node(known),))
                continue
        else:
            known = match(service, operation, member.name, target, knowns, noun, aliases) or (
                match(service, operation, member.name, target, list(fallback), noun, {})
            )
            if known is not None:
                fields[member.name] = ref_node(known)
                continue
        if member.required and member.location != "header":
            return value, member.name
    ordered = [(m.name, fields[m.name]) for m in shape.members if m.name in fields]
    return Value(value.shape, value.kind, fields=tuple(ordered)), ""
