"""Stage ``values``: string candidates for one member, best first.

Input: the service, operation, string shape, the member trail leading to it, the member's
documentation and the structure that holds it. Output: candidate strings, lazily, in this order:

1. documents the member holds (IAM policies, JSON the documentation asks for);
2. values the member's documentation states ("For example ...", the listed valid values);
3. values AWS wrote for the same member in its own examples (:mod:`.harvest`);
4. the member's role (:mod:`.identity`): an ARN of the right service and resource type
   (:mod:`.formats`), an ID of the service's shape, or the resource's name (``my-dataset-group``);
5. conventions by member name (Regions, e-mail addresses, S3 URIs, CIDRs, tags, ...);
6. strings generated from the pattern that read like the service's own (:mod:`.readable`).

Candidates are only suggestions: the caller keeps the first that passes the member's length,
enum and pattern and the publishability checker (:mod:`.lint`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.caches import per_loaded_service
from generator.model import patterns
from generator.model.ir import Operation, Service, Shape
from generator.values import identity, knowledge
from generator.values.conventions import (
    BY_NAME,
    CONVENTIONS,
    ENGINES,
    HEX_UUID,
    INSTANCE_TYPES,
    QUERIES,
    TAG_KEYS,
    TAG_VALUES,
    UUIDS,
)
from generator.values.documented import documented_candidates
from generator.values.formats import (
    IdFor,
    arn_candidates,
    json_candidates,
    policy_candidates,
    resource_id_candidates,
)
from generator.values.harvest import authored_arns, authored_values, normalize
from generator.values.lint import publishable
from generator.values.readable import Context
from generator.values.readable import candidates as pattern_candidates
from generator.values.tree import ACCOUNT, REGION

_S3_DOCS = re.compile(r"\b(S3|s3://|[Bb]ucket)\b")
_POLICY = re.compile(r"(^|[a-z])(policy|policydocument|policytext)$")
_JSON_MEMBER = re.compile(r"(body|document|definition|json|template|configuration|content)$")
# an ID that is a name the user chose followed by a generated suffix: ``[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}``
_NAMED_ID = re.compile(r"(\{[01],\d+\}|\*)-\[[^\]]+\]\{\d+\}\$?$")
_OPEN_ARN = re.compile(r"\^?arn:(aws)?\.\*\$?")  # ``arn:.*``: any ARN at all
_FREE_TEXT = re.compile(r"(description|comment|message|reason|summary|note|title)$")


def name_forms(words: str) -> list[str]:
    """``my-dataset-group`` as the spellings name patterns accept."""
    parts = [p for p in re.split(r"[-_ ]", words) if p]
    camel = "".join(p[:1].upper() + p[1:] for p in parts)
    return [words, camel, "_".join(parts), "".join(parts), "_".join(parts).upper()]


def _place(operation: Operation, trail: tuple[str, ...]) -> str:
    """An S3 folder for what the member holds: the operation's resource, then ``input`` or
    ``output`` when the member's path says which (``jobOutput.s3DataDestination.path``)."""
    noun = identity.operation_noun(operation) or "data"
    path = " ".join(trail).lower()
    if re.search(r"error|failure|reject", path):
        return f"{noun}/errors"
    if re.search(r"output|destination|export|result|report|log", path):
        return f"{noun}/output"
    if re.search(r"input|source|import|data|training", path):
        return f"{noun}/input"
    return noun


def _fill(template: str, service: Service, role: identity.Role, place: str = "", s3: bool = True) -> str:
    words = role.words
    if template == "{s3}":  # an S3 location only where the member is one
        template = "s3://amzn-s3-demo-bucket/{place}/" if s3 else "/{place}"
    parts = [p for p in words.split("-") if p]
    title = " ".join(parts)
    return (
        template.replace("{words}", words)
        .replace("{noun}", role.noun)
        .replace("{place}", place or role.noun)
        .replace("{Words}", title[:1].upper() + title[1:])
        .replace("{Camel}", "".join(p.title() for p in parts))
        .replace("{snake}", "_".join(parts))
        .replace("{flat}", "".join(parts))
        .replace("{host}", f"{service.endpoint_prefix}.{REGION}.amazonaws.com")
        .replace("{instance_type}", INSTANCE_TYPES.get(service.name, "t3.micro"))
        .replace("{engine}", ENGINES.get(service.name, ("mysql", ""))[0])
        .replace("{family}", ENGINES.get(service.name, ("", "mysql8.0"))[1])
        .replace("{query}", QUERIES.get(service.name, "SELECT * FROM my_table LIMIT 10"))
    )


def _in_tags(trail: tuple[str, ...], operation: str = "") -> int:
    """0 for a tag's key, 1 for its value, -1 outside tags (a tag option's ``Key`` too)."""
    if "Tag" in operation and trail in (("Key",), ("Value",), ("key",), ("value",)):
        return 0 if trail[0].lower() == "key" else 1
    if trail and re.search(r"(?i)(tag_?keys?|tagkeylist|^keys)$", trail[-1]) and (
        "tag" in trail[-1].lower() or any("tag" in part.lower() for part in trail)
    ):
        return 0
    if not any("tag" in part.lower() for part in trail[:-1]) and trail[-1:] not in (("tagKey",), ("tagValue",)):
        return -1
    last = trail[-1].lower() if trail else ""
    if last in ("key", "tagkey", "mapkey") or last.endswith("key"):
        return 0
    if last in ("value", "tagvalue") or last.endswith("value"):
        return 1
    return -1


def string_candidates(
    service: Service,
    operation: Operation,
    shape: Shape,
    trail: tuple[str, ...],
    documentation: str = "",
    structure: str = "",
) -> Iterator[str]:
    """Candidates in the order of the module docstring."""
    member = trail[-1] if trail else shape.name
    lowered = member.lower()
    pattern = shape.constraints.pattern or ""
    role = identity.role_of(service, operation, trail, pattern, documentation)
    tag = _in_tags(trail, operation.name)
    if tag == 0:
        yield from TAG_KEYS
    elif tag == 1:
        yield from TAG_VALUES
    if _POLICY.search(lowered) and not shape.constraints.enum:
        yield from policy_candidates(service, member)
    elif (documentation and "JSON" in documentation and _JSON_MEMBER.search(lowered)) or (
        service.name == "ssm" and lowered == "content"
    ):
        yield from json_candidates(service, member)
    if documentation and not _FREE_TEXT.search(lowered):
        documented = documented_candidates(documentation)
        names = _identifier_members(service)
        # an ARN member takes only documented ARNs ("stateMachineARN:1" describes a form); a
        # member's name is no value ("such as PhoneNumberId, PhoneNumberArn", "If Name is ...")
        # a documented ARN in the one Region and account of every example (botocore refuses an
        # s3control Outposts ARN of another Region than the client's)
        yield from (
            normalize(t) if t.startswith("arn:") else t for t in documented
            if (role.facet != identity.ARN or t.startswith("arn:")) and t != member and t not in names
        )
    yield from authored_values(service, structure, member) if structure else ()
    for regex_text, candidates in CONVENTIONS:
        if re.search(regex_text, lowered):
            yield from candidates
    if re.search(r"(^|_)owner(id)?$", lowered):
        if "account" in documentation.lower() or r"\d{12}" in pattern or "[0-9]{12}" in pattern:
            yield ACCOUNT
        else:  # a repository's owner (a GitHub organization)
            yield "my-organization"
    if role.facet == identity.ARN:
        if len(trail) > 1 and re.fullmatch(r"(?i)(resource)?arn", member):
            # InputLambdaProcessor.ResourceARN: the structure says whose ARN (a Lambda function)
            yield from arn_candidates(service, trail[-2] + member, pattern, documentation, role.noun, id_for(service))
        yield from arn_candidates(service, member, pattern, documentation, role.noun, id_for(service))
        if not pattern or _OPEN_ARN.fullmatch(pattern):  # nothing to read the resource type from: the one its name says
            yield f"arn:aws:{identity.arn_prefix(service)}:{REGION}:{ACCOUNT}:{role.noun}/{role.words}"
    elif role.facet == identity.ID or (role.facet == identity.OTHER and shape.name != "String"):
        yield from resource_id_candidates(member, role.noun, service.name, documentation)
    if role.facet == identity.ID:
        if identity.user_chooses(service, role.noun, member):
            yield from name_forms(role.words)
    elif role.facet == identity.NAME:
        yield from name_forms(role.words)
    if "@" in re.sub(r"\[[^\]]*\]", "", pattern) and not lowered.endswith("arn"):
        yield "jane@example.com"  # an e-mail pattern (an ``@`` outside a character class)
    if lowered == "domain" and re.search(r"(?i)\b(DNS|domain name|hostname|web ?site)\b", documentation):
        yield from ("www.example.com", "example.com")  # a domain on the internet, not a resource
    if r"\d{4}-\d{2}-\d{2}" in pattern or "[0-9]{4}-[0-9]{2}-[0-9]{2}" in pattern:
        yield "2024-12-31" if re.search(r"(end|until|to|stop)", lowered) else "2024-01-01"
    if lowered == "text" and len(trail) > 1 and trail[-2].lower() in ("input", "query", "retrievalquery", "question"):
        yield "What is the refund policy for annual subscriptions?"  # what a user asks (bedrock)
    if lowered in ("text", "sampletext", "inputtext") and (
        "pii" in operation.name.lower() or service.name == "macie2"
    ):  # text that holds what the operation looks for
        yield "Hello, my name is Jane Doe. My phone number is 206-555-0100 and my email is jane@example.com."
    if lowered == "text" and service.name in ("comprehendmedical", "connecthealth"):
        yield "Patient reports a headache and was given 200 mg of ibuprofen twice daily for three days."
    if lowered == "text" and operation.name == "RecognizeText":
        yield "I would like to order some flowers"  # what a user says to a Lex bot
    map_key = lowered == "key" and not documentation and len(trail) > 1  # a map's key
    for regex_text, candidates in BY_NAME:
        if map_key and regex_text.startswith("^(object)?key"):
            continue  # an S3 object key only where the member is one, not any map's key
        if regex_text == "^query$" and service.name not in QUERIES:
            continue  # a bare "query" only where the service's query language is known
        if re.search(regex_text, lowered):
            place = _place(operation, trail)
            s3 = bool(_S3_DOCS.search(documentation)) or not documentation
            yield from (_fill(c, service, role, place, s3) for c in candidates)
    if role.facet != identity.ARN and "arn:" in pattern:
        yield from arn_candidates(service, member, pattern, documentation, role.noun, id_for(service))
    if pattern and role.facet == identity.OTHER:
        yield from name_forms(role.words)  # the resource's own words, where the pattern takes them
    if role.facet == identity.ID and int(shape.constraints.min or 0) == 36:
        yield from UUIDS  # an ID of exactly 36 characters is a UUID (kendra's IndexId)
    if pattern:
        words = {identity.ID: "", identity.ARN: f"{role.noun}/{role.words}"}.get(role.facet, role.words)
        low = int(shape.constraints.min or 0)
        high = int(shape.constraints.max) if shape.constraints.max is not None else None
        arn_service = identity.arn_prefix(service)
        if role.facet == identity.ID and _NAMED_ID.search(pattern):
            # bedrock-agentcore's ``my-memory-a1b2c3d4e5``: the name, whole, then a suffix
            forms = name_forms(role.words)[:3]
            named = pattern_candidates(pattern, low, high, Context(role.words, arn_service))
            yield from (text for text in named if any(text.startswith(form + "-") for form in forms))
        yield from pattern_candidates(pattern, low, high, Context(words, arn_service))
        if role.facet == identity.ARN:
            yield f"arn:aws:{arn_service}:{REGION}:{ACCOUNT}:{role.noun}/{role.words}"
        if words == "" and role.facet == identity.ID:
            yield from pattern_candidates(pattern, low, high, Context(role.words, arn_service))
    if role.facet == identity.ID:
        if re.search(r"(?i)\b(uuid|guid)\b", documentation) or not (shape.constraints.max or 0) < 36:
            yield from UUIDS
            yield HEX_UUID
        yield "a1b2c3d4e5"
    if role.facet != identity.ARN:
        yield from name_forms(role.words)


def _valid(shape: Shape, text: str) -> bool:
    """Whether ``text`` passes the shape's length and pattern."""
    c = shape.constraints
    if len(text) < int(c.min or 0) or (c.max is not None and len(text) > c.max):
        return False
    return c.pattern is None or patterns.matches(c.pattern, text) is not False


def pick(
    service: Service,
    operation: Operation,
    shape: Shape,
    trail: tuple[str, ...],
    documentation: str = "",
    structure: str = "",
    avoid: frozenset[str] = frozenset(),
) -> str | None:
    """The first candidate that is acceptable and not in ``avoid`` (values other members of
    the request already hold); failing that, the first that the model accepts; else ``None``."""
    valid: str | None = None
    member = trail[-1] if trail else ""
    facet = identity.facet_of(member, shape.constraints.pattern or "", documentation)
    wants_arn = facet == identity.ARN
    # an ``...Id`` member whose pattern also takes the ARN: the ID, as the member's name says
    wants_plain = facet == identity.ID and bool(re.search(r"I[dD]s?$", member))
    fallback: str | None = None  # a value of the other kind, used only when none of the right one fits
    for tried, text in enumerate(
        string_candidates(service, operation, shape, trail, documentation, structure)
    ):
        if tried > 400:
            break
        if text in avoid or not _valid(shape, text) or (len(text) > 3 and text.lower() == member.lower()):
            continue  # (the member's own name is no value: "virtualGatewayName")
        if (wants_arn and not text.startswith("arn:")) or (wants_plain and text.startswith("arn:")):
            fallback = fallback if fallback is not None else text
            continue
        if text and publishable(text):  # an empty string says nothing (and empties a URI label)
            return text
        valid = valid if valid is not None else text
    return valid if valid is not None else fallback


_RESOLVING: set[tuple[int, str]] = set()


@per_loaded_service
def _identifier_members(service: Service) -> frozenset[str]:
    """The service's members that name a resource (``PhoneNumberId``, ``SenderIdArn``): when
    the documentation says "such as PhoneNumberId", it names a member, not a value."""
    return frozenset(
        member.name
        for shape in service.shapes.values()
        for member in shape.members
        if re.search(r"[a-z](Id|Arn|ARN|Name)$", member.name)
    )


@per_loaded_service
def _id_members(service: Service) -> dict[str, tuple[str, str, str]]:
    """{resource noun: (operation, structure, member)} of the member each resource's read,
    update or delete operation names it by (an ID or name, not its ARN)."""
    found: dict[str, tuple[str, str, str]] = {}
    for name in sorted(service.operations):
        operation = service.operations[name]
        if operation.input is None or not re.match(r"(Describe|Get|Delete|Update)[A-Z]", name):
            continue
        shape = service.shape(operation.input)
        for member in shape.members:
            facet = identity.facet_of(member.name)
            if facet not in (identity.ID, identity.NAME) or not member.required:
                continue
            if service.shape(member.target).kind != "string":
                continue
            noun = identity.role_of(service, operation, (member.name,)).noun
            found.setdefault(noun, (name, shape.name, member.name))
    return found


@per_loaded_service
def resource_value(service: Service, noun: str) -> str:
    """The name or ID that stands for this resource of the service in every example: what its
    read, update or delete operation's identifying member gets, else its name."""
    place = _id_members(service).get(noun)
    key = (id(service), noun)
    if place is None or key in _RESOLVING:
        return _known_ids(service).get(noun) or identity.name_for(noun)
    _RESOLVING.add(key)
    try:
        operation = service.operations[place[0]]
        structure = service.shape(place[1])
        member = structure.member(place[2])
        assert member is not None
        shape = service.shape(member.target)
        text = pick(service, operation, shape, (member.name,), member.documentation, structure.name)
    finally:
        _RESOLVING.discard(key)
    if text and text.startswith("arn:"):  # an identifier that may also be the ARN: its last part
        text = re.split(r"[/:]", text)[-1]
    return text or identity.name_for(noun)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@per_loaded_service
def _known_ids(service: Service) -> dict[str, str]:
    """{resource type: ID} read from the ARNs AWS wrote for the service (its examples, then
    its knowledge table), for the resources no operation of the service reads by ID: chime's
    ``AppInstanceArn`` takes the app instance of the documented ``ChimeBearer``
    (``app-instance/<UUID>/user/jdoe``), so two members of one page name one app instance."""
    known = list(authored_arns(service))
    known += [text for entry in knowledge.entries(service.name) for text in _strings(entry.value)]
    prefix = f"arn:aws:{identity.arn_prefix(service)}:"
    found: dict[str, str] = {}
    for text in known:
        parts = text.split(":", 5)
        if not text.startswith(prefix) or len(parts) < 6:
            continue
        # type/ID pairs (``app-instance/<ID>/user/jdoe``); of an odd count only the first, and
        # only when it reads as an ID (``directory/AXQXDXvdgkOWktRXV4HnRa8/schema/...``):
        # ``daemon/my-cluster/my-daemon`` does not say which part is the daemon's
        segments = parts[5].split("/")
        if len(segments) % 2:
            if len(segments) < 3 or not re.search(r"\d", segments[1]) or segments[1].startswith("my-"):
                continue
            segments = segments[:2]
        kinds = segments[0::2]
        if not all(re.fullmatch(r"[a-z][a-z-]*[a-z]", k) for k in kinds):
            continue
        for kind, ident in zip(kinds, segments[1::2], strict=True):
            if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", ident):
                found.setdefault(kind, ident)
    return found


def id_for(service: Service) -> IdFor:
    return lambda noun: resource_value(service, noun)
