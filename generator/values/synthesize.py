"""Stage ``values``: realistic example values for an operation, synthesized from the model.

Input: the IR of one operation and a filter of the members every target can express. Output: a
:class:`~generator.values.tree.Value` tree. Synthesis never emits a placeholder the API would
reject: every string is checked against the member's length bounds, enum and pattern before it
is used. Recursive shapes are cut at a small depth by leaving out optional members and choosing
non-recursive union members.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from generator.errors import UnsupportedError
from generator.model import patterns
from generator.model.ir import NUMBER_KINDS, Member, Operation, Service, Shape
from generator.values import identity, knowledge, scalars
from generator.values.documented import documented_candidates
from generator.values.lint import IDENTIFIER_MEMBER
from generator.values.strings import pick
from generator.values.tree import MemberFilter, Value

EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18
EXAMPLE_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
END_TIME = EXAMPLE_TIME + dt.timedelta(days=1)
MAX_DEPTH = 4
PROFILES = ("minimal", "full")
# Optional members no published example sets, in either profile: the SDKs fill idempotency
# tokens and checksums, pagination tokens and version IDs come from earlier responses, DryRun
# makes the call do nothing, SSE-C keys and byte ranges change what the call means.
SKIPPED_OPTIONAL = re.compile(
    r"^(ChecksumAlgorithm|Checksum\w*|ContentMD5|ContentSHA256|ContentLength|nextToken|NextToken|Marker"
    r"|StartingToken|ContinuationToken|PaginationToken|ExclusiveStartKey|DryRun|dryRun"
    r"|SSECustomer\w*|CopySourceSSECustomer\w*|VersionId|versionId|Range|IfMatch|IfNoneMatch"
    r"|IfModifiedSince|IfUnmodifiedSince|ExpectedBucketOwner|RequestPayer)$"
)
_GUARD = re.compile(r"(?i)(last(modified|updated)\w*|catalog|scope)$")
_CHANGING = re.compile(r"^(Update|Modify|Put)[A-Z]")
# "You must specify at least one of the <code>description</code> or ..." (operation docs)
_AT_LEAST_ONE = re.compile(
    r"(?:must|need to|have to) (?:specify|provide|include|set) (?:at least one of|either|one of)"
    r" (?:the )?<code>(\w+)</code>",
    re.I,
)
# "Either this or the SchemaId wrapper has to be provided." (a member's own docs)
_THIS_OR = re.compile(r"\beither this\b[^.]*\b(has to|must) be (provided|specified)", re.I)
# "It must be included in your request if <code>MountTargetId</code> is not included" (efs),
# "Required if restoring from a provisioned cluster" (redshift-serverless): one of a group of
# alternatives the request needs; the first such member is set, never two that may conflict
_REQUIRED_IF = re.compile(
    r"\b(?:Required|must be (?:included|specified|provided)(?: in (?:your|the) request)?) (?:if|when)\b"
    r"(?! (?:making|you make|calling|you call|sending))"  # geo's "... when making a request": any request
    # "You must specify the ARN or the name, and you can specify both." (network-firewall)
    r"|\bYou must (?:specify|provide) (?:either )?the \w+ or the \w+"
)


_SAYS_REQUIRED = re.compile(r"(?:^|<p>|\.\s+)(?:This|The) (?:parameter|field|member|value) is required\.")


_TAG_KEY = re.compile(r"^(key|Key|TagKey|tagKey)$")
_TAG_VALUE = re.compile(r"^(value|Value|TagValue|tagValue)$")


def tag_value(shape: Shape) -> frozenset[str]:
    """A tag's optional key and value members (``{"key": "Environment"}`` alone is a tag no
    reader would write, and some services reject it): the structure has just those two."""
    keys = [m for m in shape.members if _TAG_KEY.match(m.name)]
    values = [m for m in shape.members if _TAG_VALUE.match(m.name)]
    if not keys or not values or len(shape.members) != 2:
        return frozenset()
    return frozenset(m.name for m in (*keys, *values) if not m.required)


def demanded_members(operation: Operation, shape: Shape) -> frozenset[str]:
    """Optional members of the input that the documentation says a request needs after all:
    the first of an "at least one of" list in the operation's documentation, members
    whose own documentation says "either this or ... has to be provided", else the first
    member required only "if" something else is absent or chosen."""
    names = {m.name for m in shape.members}
    found = {m.group(1) for m in _AT_LEAST_ONE.finditer(operation.documentation)} & names
    found |= {m.name for m in shape.members if _THIS_OR.search(m.documentation)}
    # "The name of the policy to be revoked. This parameter is required." (logs)
    found |= {m.name for m in shape.members if not m.required and _SAYS_REQUIRED.search(m.documentation)}
    if not found:
        conditional = [m.name for m in shape.members if not m.required and _REQUIRED_IF.search(m.documentation)]
        found |= set(conditional[:1])
    return frozenset(found)


def _any_member(path: tuple[str, ...], shape: str, member: str) -> bool:
    return True




class _Synth:
    """One synthesis: the operation, the member filter, the profile, and whether any value came
    from the model's documentation."""

    def __init__(
        self,
        service: Service,
        operation: Operation,
        usable: MemberFilter | None = None,
        profile: str = "minimal",
    ) -> None:
        self.service = service
        self.operation = operation
        self.usable = usable or _any_member
        self.profile = profile
        self.documented = False
        self.references: dict[str, str] = {}  # member -> the source of a knowledge-table value
        self.structures: list[str] = []  # the structures enclosing the member being filled
        self.taken: dict[str, str] = {}  # string -> the resource noun of the member holding it
        self.siblings: frozenset[str] = frozenset()  # the list's items so far (each item differs)
        self.positions: list[tuple[float, float]] = []  # the places already given, in order

    def value(self, shape_name: str, member: Member | None, depth: int, trail: tuple[str, ...]) -> Value:
        shape = self.service.shape(shape_name)
        kind = shape.kind
        if kind == "structure":
            return self.structure(shape, depth, trail)
        if kind == "union":
            return self.union(shape, depth, trail)
        if kind == "list":
            assert shape.item is not None
            count = max(1, int(shape.constraints.min or 0))
            if depth >= MAX_DEPTH and not shape.constraints.min:
                count = 0
            item_shape = self.service.shape(shape.item.target)
            if item_shape.kind in ("double", "float") and count in (1, 2) and scalars.POSITION.search(
                trail[-1] if trail else ""
            ):  # [longitude, latitude] (WGS 84): Seattle, then Bellevue
                where = scalars.PLACES[len(self.positions) % len(scalars.PLACES)]
                self.positions.append(where)
                return Value(
                    shape.name, "list", items=tuple(Value(item_shape.name, item_shape.kind, scalar=c) for c in where)
                )
            ring = scalars.polygon(self.service, shape, trail)
            if ring is not None:
                return ring
            items = tuple(
                self.value(shape.item.target, member, depth + 1, trail) for _ in range(count)
            )
            if count > 1 and self.service.shape(shape.item.target).kind in ("string", "enum"):
                built: list[Value] = []
                for i in range(count):  # two subnets are two subnets, not one named twice
                    self.siblings = frozenset(str(v.scalar) for v in built)
                    built.append(self._distinct(shape.item.target, member, i, trail))
                self.siblings = frozenset()
                items = tuple(built)
            return Value(shape.name, "list", items=items)
        if kind == "map":
            assert shape.key is not None and shape.value is not None
            if depth >= MAX_DEPTH and not shape.constraints.min:
                return Value(shape.name, "map")
            key_trail = trail + ("key",)
            key_shape = self.service.shape(shape.key.target)
            keys = [self.string(key_shape, None, key_trail)]
            wanted = max(1, int(shape.constraints.min or 0))
            index = 1
            while len(keys) < wanted:  # as many distinct keys as the map's minimum asks
                if index > wanted + 20:
                    raise UnsupportedError(f"no {wanted} distinct keys for map {shape.name}")
                key = self._distinct(key_shape.name, None, index, key_trail)
                index += 1
                if all(key.scalar != other.scalar for other in keys):
                    keys.append(key)
            value_trail = trail + ("value",) if self.service.shape(shape.value.target).kind == "string" else trail
            item = self.value(shape.value.target, shape.value, depth + 1, value_trail)
            return Value(shape.name, "map", entries=tuple((key, item) for key in keys))
        if kind == "document":
            noun = identity.role_of(self.service, self.operation, trail).noun
            return Value(shape.name, kind, document={"name": identity.name_for(noun), "enabled": True})
        return self.scalar(shape, member, trail)

    def _distinct(self, shape_name: str, member: Member | None, index: int, trail: tuple[str, ...]) -> Value:
        shape = self.service.shape(shape_name)
        if shape.kind == "enum" and index < len(shape.constraints.enum):
            return Value(shape.name, "enum", scalar=shape.constraints.enum[index])
        base = self.string(shape, member, trail + (str(index),))
        return base

    def include_optional(self, shape: Shape, member: Member, depth: int) -> bool:
        if member.deprecated or member.context_param or SKIPPED_OPTIONAL.match(member.name):
            return False  # optional endpoint context params would re-route the request
        target = self.service.shape(member.target)
        if target.streaming or target.event_stream or target.deprecated:
            return False
        if member.target in self.service.recursive or shape.name in self.service.recursive:
            return False
        return self.profile == "full" and depth <= 1

    def structure(self, shape: Shape, depth: int, trail: tuple[str, ...]) -> Value:
        self.structures.append(shape.name)
        try:
            return self._structure(shape, depth, trail)
        finally:
            self.structures.pop()

    def _structure(self, shape: Shape, depth: int, trail: tuple[str, ...]) -> Value:
        fields = []
        demanded = demanded_members(self.operation, shape) if not trail else frozenset()
        if not trail and self.profile == "minimal":
            demanded |= self.change(shape)
        demanded |= tag_value(shape)
        known = knowledge.included(self.service, self.operation, shape.name)  # even an If-Match
        for member in shape.members:
            wanted = (member.name in demanded and not SKIPPED_OPTIONAL.match(member.name)) or member.name in known
            if not (member.required or wanted or self.include_optional(shape, member, depth)):
                continue
            if not member.required and not self.usable(trail + (member.name,), shape.name, member.name):
                continue  # a target could not express it; leave the optional member out
            if member.idempotency_token and not member.required:
                continue
            try:
                child = self.member_value(shape, member, depth, trail)
            except UnsupportedError:
                if member.required:
                    raise
                continue  # an optional member we cannot fill is simply left out
            fields.append((member.name, child))
        if not fields and shape.members and trail:
            # An empty object says little and often is rejected (DynamoDB's AttributeValue is
            # a union in all but name): set the cheapest non-recursive member instead.
            usable = [
                m for m in shape.members if self.usable(trail + (m.name,), shape.name, m.name)
            ]
            chosen = min(usable or shape.members, key=lambda m: self._cost(m, 2))
            if not chosen.deprecated:
                fields.append((chosen.name, self.member_value(shape, chosen, depth, trail)))
        return Value(shape.name, "structure", fields=tuple(_agree(self.service, shape, fields)))

    def member_value(self, shape: Shape, member: Member, depth: int, trail: tuple[str, ...]) -> Value:
        """A member's value: the service knowledge table's, else synthesized."""
        known = knowledge.lookup(self.service, self.operation, shape.name, member.name, member.target)
        if known is not None:
            self.references.setdefault(member.name, known[1].source)
            return known[0]
        return self.value(member.target, member, depth + 1, trail + (member.name,))

    def change(self, shape: Shape) -> frozenset[str]:
        """For an Update, Modify or Put request whose required members only identify the
        resource: the one optional member that makes it ask for a change (a description
        first, then a setting, then a configuration structure)."""
        if not _CHANGING.match(self.operation.name):
            return frozenset()
        required = [m for m in shape.members if m.required]
        # a required last-modified time (a guard against concurrent writes) or catalog changes nothing
        if any(
            not IDENTIFIER_MEMBER.search(m.name) and m.location != "uri" and not _GUARD.match(m.name)
            for m in required
        ):
            return frozenset()
        options = []
        for member in shape.members:
            target = self.service.shape(member.target)
            if member.required or member.deprecated or member.idempotency_token:
                continue
            if member.context_param or SKIPPED_OPTIONAL.match(member.name):
                continue
            if re.match(r"(?i)(expected)?revision", member.name):
                continue  # a revision guards against concurrent writes; it changes nothing
            named = self.operation.name.lower().endswith(member.name.lower()) and (
                target.kind != "string" or bool(re.search(r"(?i)(name|description|title)$", member.name))
            )
            if (IDENTIFIER_MEMBER.search(member.name) and not named) or member.location == "uri":
                continue  # connect's UpdateQueueName changes the (optional) Name, though
            if target.streaming or target.event_stream or target.deprecated:
                continue
            if not self.usable((member.name,), shape.name, member.name):
                continue
            options.append((self._change_rank(member, target), member.name))
        return frozenset({min(options)[1]}) if options else frozenset()

    def _change_rank(self, member: Member, target: Shape) -> int:
        lowered = member.name.lower()
        if self.operation.name.lower().endswith(lowered):
            return -1  # what the operation's name says it updates (UpdateQueueName: Name)
        if "tag" in lowered:
            return 9
        if re.match(r"(remove|delete|force|skip|disable|clear|reset|purge)", lowered):
            return 8  # a flag that throws something away is no example of an update
        if "description" in lowered:
            return 0
        if target.kind in ("enum", "boolean", "integer", "long", "string"):
            return 1 if target.kind != "string" else 2
        if target.kind == "structure" and member.target not in self.service.recursive:
            return 3
        return 5

    def _cost(self, member: Member, depth: int) -> tuple[int, int, int]:
        target = self.service.shape(member.target)
        recursive = member.target in self.service.recursive
        rank = {"string": 0, "enum": 0, "integer": 1, "long": 1, "boolean": 1}.get(target.kind, 2)
        unsendable = int(target.event_stream or target.streaming or member.deprecated)
        return (unsendable, int(recursive), rank if depth >= 2 else 0)

    def union(self, shape: Shape, depth: int, trail: tuple[str, ...]) -> Value:
        candidates = [m for m in shape.members if not self.service.shape(m.target).event_stream]
        preferred = [m for m in candidates if self.usable(trail + (m.name,), shape.name, m.name)]
        candidates = preferred or candidates
        if not candidates:
            raise UnsupportedError(f"union {shape.name} has no member that can be sent")
        chosen = min(candidates, key=lambda m: self._cost(m, depth))
        child = self.member_value(shape, chosen, depth, trail)  # the knowledge table's first
        return Value(shape.name, "union", fields=((chosen.name, child),))

    def scalar(self, shape: Shape, member: Member | None, trail: tuple[str, ...]) -> Value:
        kind = shape.kind
        c = shape.constraints
        if kind == "boolean":
            return Value(shape.name, kind, scalar=True)
        if kind in NUMBER_KINDS:
            preferred = scalars.preferred_number(
                member.name if member else "", member.documentation if member else "", trail[-2:]
            )
            low = c.min if c.min is not None else None
            high = c.max if c.max is not None else None
            number = float(preferred)
            if low is not None and number < low:
                number = float(low)
            if high is not None and number > high:
                number = float(high)
            if kind in ("integer", "long"):
                return Value(shape.name, kind, scalar=int(number))
            return Value(shape.name, kind, scalar=number)
        if kind == "timestamp":  # a range starts before it ends
            ends = member is not None and scalars.ends(member.name)
            return Value(shape.name, kind, scalar=END_TIME if ends else EXAMPLE_TIME)
        if kind == "blob":
            size = int(c.min or 0)
            name = member.name if member else ""
            # a zip member gets a real (empty) zip archive: tools such as awscli check it
            data = EMPTY_ZIP if name.lower().endswith("zipfile") else b"Hello, World!"
            if len(data) < size:
                data = data + b"." * (size - len(data))
            if c.max is not None and len(data) > c.max:
                data = data[: int(c.max)]
            return Value(shape.name, kind, scalar=data)
        return self.string(shape, member, trail)

    def string(self, shape: Shape, member: Member | None, trail: tuple[str, ...]) -> Value:
        c = shape.constraints
        if c.enum:
            name = (member.name if member else shape.name).lower()
            if re.search(r"(language|locale)(code)?s?$", name):  # en-US over af-ZA, the first listed
                english = [e for e in ("en-US", "en_US", "en", "EN", "ENGLISH") if e in c.enum]
                if english:
                    return Value(shape.name, "enum", scalar=english[0])
            stated = scalars.stated_enum(member.documentation if member else "", c.enum)
            return Value(shape.name, "enum", scalar=stated or c.enum[0])
        low = int(c.min or 0)
        high = int(c.max) if c.max is not None else None
        context = trail + ((member.name,) if member and (not trail or trail[-1] != member.name) else ())
        documentation = member.documentation if member else ""
        structure = self.structures[-1] if self.structures else ""
        noun = identity.role_of(self.service, self.operation, context, c.pattern or "").noun
        avoid = frozenset(text for text, owner in self.taken.items() if owner != noun) | self.siblings
        text = pick(self.service, self.operation, shape, context, documentation, structure, avoid)
        if text is None and c.pattern is not None:
            text = patterns.generate(c.pattern, low, high)  # readable failed: anything valid
            if text is None:
                raise UnsupportedError(
                    f"no value found for pattern {c.pattern} (length {low}..{high})",
                    path=f"{self.service.name}:{shape.name}",
                )
        if text is None:
            text = identity.name_for(noun)
            text = (text + "-" + "1234567890" * (low // 10 + 1))[: max(low, len(text))]
            text = text[:high] if high is not None else text
        if documentation and text in documented_candidates(documentation):
            self.documented = True
        self.taken.setdefault(text, noun)
        return Value(shape.name, shape.kind, scalar=text)


@dataclass(frozen=True)
class Synthesized:
    """A synthesized value tree, whether a value came from the model's documentation, and the
    sources of values taken from the service knowledge tables ((member, source) pairs)."""

    value: Value
    documented: bool
    references: tuple[tuple[str, str], ...] = ()


def synthesize_sourced(
    service: Service, operation: Operation, usable: MemberFilter | None = None, profile: str = "minimal"
) -> Synthesized:
    """:func:`synthesize`, with where its values came from."""
    if operation.input is None:
        return Synthesized(Value("", "structure"), False)
    synth = _Synth(service, operation, usable, profile)
    value = synth.value(operation.input, None, 0, ())
    return Synthesized(value, synth.documented, tuple(sorted(synth.references.items())))


_LENGTH = re.compile(r"(?i)^(data|content|body|payload|message)?(length|size)(inbytes)?$")
_DIGEST = re.compile(r"(?i)(checksum|sha256|sha-256|md5|digest)$")


def _agree(service: Service, shape: Shape, fields: list[tuple[str, Value]]) -> list[tuple[str, Value]]:
    """Members that must agree with a blob beside them: its length, and its SHA-256 or MD5
    digest (hex where the pattern asks for hex, else base64), as the service checks them
    (EBS PutSnapshotBlock: DataLength and Checksum of BlockData)."""
    blobs = [value for _, value in fields if value.kind == "blob" and isinstance(value.scalar, bytes)]
    if len(blobs) != 1:
        return fields
    data: bytes = blobs[0].scalar
    out = []
    for name, value in fields:
        member = shape.member(name)
        target = service.shape(member.target) if member is not None else None
        if target is not None and value.kind in ("integer", "long") and _LENGTH.match(name):
            value = Value(value.shape, value.kind, scalar=len(data))
        elif target is not None and value.kind == "string" and _DIGEST.search(name) and not target.constraints.enum:
            digest = hashlib.md5(data) if "md5" in name.lower() else hashlib.sha256(data)  # noqa: S324 - a checksum
            hexed, encoded = digest.hexdigest(), base64.b64encode(digest.digest()).decode()
            pattern = target.constraints.pattern
            docs = member.documentation if member is not None else ""
            hex_fits = pattern is not None and patterns.matches(pattern, hexed) is True
            text = encoded if "base64" in docs.lower() or not hex_fits else hexed
            if pattern is None or patterns.matches(pattern, text) is not False:
                value = Value(value.shape, value.kind, scalar=text)
        out.append((name, value))
    return out


def synthesize_traced(
    service: Service, operation: Operation, usable: MemberFilter | None = None, profile: str = "minimal"
) -> tuple[Value, bool]:
    """:func:`synthesize`, and whether a value was taken from the model's documentation."""
    found = synthesize_sourced(service, operation, usable, profile)
    return found.value, found.documented


def synthesize(
    service: Service, operation: Operation, usable: MemberFilter | None = None, profile: str = "minimal"
) -> Value:
    """Realistic values for an operation's input that pass every model constraint.

    ``usable`` says which optional members every target can express (see
    :mod:`generator.capabilities.members`); the others are left out so one value tree serves all.
    ``profile`` ``minimal`` (the default) sets the required members only; ``full`` also sets
    the optional members of the top two levels, for people who want every member shown.
    """
    return synthesize_traced(service, operation, usable, profile)[0]


def synthesize_shape(service: Service, shape_name: str, depth: int = 0) -> Value:
    """Values for any shape (used for synthesized responses)."""
    dummy = Operation(name="", input=None, output=None)
    return _Synth(service, dummy).value(shape_name, None, depth, ())
