"""Stage ``values``: the publishability checker - values no AWS documentation engineer would print.

Input: a service, one of its operations and the example value tree chosen for it. Output:
:class:`Finding` records, one per offending value, of four kinds:

``placeholder``
    a generic word standing in for a value: ``example``, ``Example``, ``example-id``,
    ``example-<words>``, ``string``, ``value`` (AWS's own conventions that contain the word are
    not findings: ``example.com`` and the other RFC 2606 domains, ``EXAMPLE`` as part of a
    larger token such as ``AKIAIOSFODNN7EXAMPLE`` or ``a1b2c3d4-...-EXAMPLE11111``);
``filler``
    regex filler: a run of one letter (``aaaa``, ``d-aaaaaaaaaa``), values made of one-letter
    parts (``a_a``, ``arn:a:config:a:a:...``), a Region that does not exist (``aa-a-1``);
``arn``
    an ARN whose partition, Region or account does not exist, whose service has no such
    resource type in the IAM definitions (``generator/data/arn_formats.json``), or that leaves
    out the Region or account its resource type's format requires (or sets one it forbids);
``no-change``
    an Update/Modify/Put request that sends only identifiers, so it asks for no change.

The checker knows nothing of how values were chosen: it reads the tree as a reviewer reads the
page. ``generate --all`` prints the share of operations without a finding per value source;
``tests/values/test_lint.py`` holds the catalog to it.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.caches import per_loaded_service
from generator.model.ir import Operation, Service
from generator.model.load import loader
from generator.values.aws_examples import arn_table
from generator.values.tree import Value, iso8601

PLACEHOLDER = "placeholder"
FILLER = "filler"
ARN = "arn"
NO_CHANGE = "no-change"
KINDS = (PLACEHOLDER, FILLER, ARN, NO_CHANGE)


@dataclass(frozen=True)
class Finding:
    """One value a reviewer would reject, with the member path that holds it."""

    kind: str
    path: str
    value: str
    reason: str

    def line(self) -> str:
        return f"{self.kind}: {self.path or '(input)'} = {self.value[:80]!r}: {self.reason}"


# ----------------------------------------------------------------------------- facts


@cache
def partitions() -> tuple[frozenset[str], frozenset[str]]:
    """(partition ids, Region names) from botocore's own ``partitions.json``."""
    data = loader().load_data("partitions")
    names: set[str] = set()
    regions: set[str] = set()
    for partition in data["partitions"]:
        names.add(partition["id"])
        regions.update(r for r in partition["regions"] if not r.endswith("-global"))
    return frozenset(names), frozenset(regions)


def real_region(text: str) -> bool:
    return text in partitions()[1]


@cache
def _format_sources() -> dict[str, tuple[tuple[str, str, bool, bool], ...]]:
    """{service part of an ARN: (resource type, regex source of the resource part, needs a
    Region, needs an account) per format}, over every IAM prefix's formats (STS lists IAM's
    ``root``). Compiled per service part by :func:`_formats`, on first use: compiling all of
    them is most of a second that one service's values never need."""
    found: dict[str, list[tuple[str, str, bool, bool]]] = {}
    for prefix, formats in sorted(arn_table().items()):
        if not isinstance(formats, dict) or prefix == "botocore_services":
            continue
        for resource_type, arn_formats in sorted(formats.items()):
            for arn_format in str(arn_formats).split(", "):  # lex's bot: ".../bot/${BotId}, ...:bot:${BotName}"
                parts = arn_format.split(":", 5)
                if len(parts) < 6:
                    continue
                literal = re.split(r"\$\{[A-Za-z0-9]+\}|\*", parts[5])
                regex = ".+".join(re.escape(piece) for piece in literal)
                entry = (resource_type, regex + r"\Z", bool(parts[3]), bool(parts[4]))
                found.setdefault(parts[2], []).append(entry)
    return {service: tuple(entries) for service, entries in found.items()}


@cache
def _formats(prefix: str) -> tuple[tuple[str, re.Pattern[str], bool, bool], ...]:
    """The formats of ARNs whose service part is ``prefix``, their regexes compiled."""
    return tuple(
        (resource_type, re.compile(regex, re.S), region, account)
        for resource_type, regex, region, account in _format_sources().get(prefix, ())
    )


@cache
def _known_prefixes() -> frozenset[str]:
    """Every service part an ARN can have: the IAM table's, and the endpoint prefixes of
    botocore's ``endpoints.json`` (services the IAM table does not list yet)."""
    names = set(_format_sources()) | {p for p in arn_table() if p != "botocore_services"}
    names.add("dataprotection")  # AWS's managed data identifiers (arn:aws:dataprotection::aws:data-identifier/...)
    names.update(str(v) for v in arn_table().get("botocore_services", {}).values())
    for partition in loader().load_data("endpoints")["partitions"]:
        names.update(partition.get("services", {}))
    return frozenset(names)


# ----------------------------------------------------------------------------- strings

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_GENERIC = re.compile(r"(?i)(example|examples|string|value|placeholder|todo|tbd|x{3,}|foo|bar|baz|foobar)")
# ``example-id``, ``example_resource``: the machine-made placeholder (not ``Example Budget``)
_EXAMPLE_PREFIX = re.compile(r"example[-_][a-z0-9][a-z0-9_-]*")
# a template of a value written into AWS's prose and examples: ``s3://PATH/TO/YOUR/FILE``,
# ``your-media-file-name.file-extension``, ``amzn-s3-demo-bucket.AWS-Region.amazonaws.com``
TEMPLATE = re.compile(r"\b[Yy]our[-_]|\bYOUR\b|PATH/TO|AWS-Region|\bfile-extension\b|\.\.\.")
_SEGMENT = re.compile(r"[/:=@]")
_RUN = re.compile(r"([A-Za-z])\1{3,}")
_RUN_TOKEN = re.compile(r"([A-Za-z])\1{2,}[0-9]*")
_ARN = re.compile(r"(?<![\w.-])arn:[^\s\"',;]+")  # not the "arn:" ending "scikit-learn:1.2"
_NOT_RUNS = frozenset({"www"})
_TYPE_NAMES = frozenset({"String", "string", "Number", "Binary"})


def _placeholder(text: str) -> str:
    """The generic word or machine-made placeholder ``text`` is, or holds as a segment."""
    stripped = text.strip()
    if _GENERIC.fullmatch(stripped) or _EXAMPLE_PREFIX.fullmatch(stripped):
        return stripped
    template = TEMPLATE.search(stripped)
    if template and not stripped.startswith(("{", "[")):  # (a JSON document may say "your")
        return template.group(0)
    if stripped.startswith("arn:") or "/" in stripped:
        for segment in _SEGMENT.split(stripped):
            if _GENERIC.fullmatch(segment) or _EXAMPLE_PREFIX.fullmatch(segment):
                return segment
    return ""


def _string_findings(
    path: str, text: str, in_document: bool = False, trust_arn_types: bool = False
) -> Iterator[Finding]:
    word = _placeholder(text)
    if word and not (in_document and word in _TYPE_NAMES):
        yield Finding(PLACEHOLDER, path, text, f"{word!r} stands in for a value")
    for token in _TOKEN.findall(text):
        if len(token) > 40 or token.lower() in _NOT_RUNS:
            continue  # opaque tokens (base64 iterators, digests) may repeat a letter
        if _RUN.search(token) or _RUN_TOKEN.fullmatch(token):
            yield Finding(FILLER, path, text, f"a run of one letter ({token!r})")
            break
    tokens = _TOKEN.findall(text)
    single = [t for t in tokens if len(t) == 1 and t.isalpha()]
    if (len(single) >= 3 and len(single) * 2 >= len(tokens)) or (
        len(tokens) >= 2 and len(single) == len(tokens)
    ):
        yield Finding(FILLER, path, text, "made of one-letter parts")
    for match in _ARN.finditer(text):
        for finding in _arn_findings(path, match.group(0).rstrip(".)]}")):
            if not (trust_arn_types and " has no resource type " in finding.reason):
                yield finding


def _arn_findings(path: str, arn: str) -> Iterator[Finding]:
    parts = arn.split(":", 5)
    if len(parts) < 6:
        yield Finding(ARN, path, arn, "not an ARN (fewer than six parts)")
        return
    _, partition, prefix, region, account, resource = parts
    names, _regions = partitions()
    if partition not in names:
        yield Finding(ARN, path, arn, f"partition {partition!r} does not exist")
        return
    if region and not real_region(region) and "*" not in region:
        yield Finding(ARN, path, arn, f"Region {region!r} does not exist")
        return
    if account and account != "aws" and "*" not in account and not re.fullmatch(r"\d{12}", account):
        yield Finding(ARN, path, arn, f"account {account!r} is not 12 digits")
        return
    formats = _formats(prefix)
    if not formats:
        if prefix not in _known_prefixes() and "*" not in prefix:
            yield Finding(ARN, path, arn, f"no AWS service has the ARN prefix {prefix!r}")
        return
    if "*" in resource or not resource:
        return  # a wildcard in a policy, or a service-level ARN
    matching = [f for f in formats if f[1].match(resource)]
    if not matching:
        yield Finding(ARN, path, arn, f"{prefix} has no resource type like {resource!r}")
        return
    if region and not any(f[2] for f in matching) and all(not f[2] for f in formats):
        yield Finding(ARN, path, arn, f"{prefix} ARNs have no Region")
    elif not region and all(f[2] for f in matching):
        yield Finding(ARN, path, arn, f"a {matching[0][0]} ARN needs its Region")
    elif not account and all(f[3] for f in matching):
        yield Finding(ARN, path, arn, f"a {matching[0][0]} ARN needs its account")


def publishable(text: str) -> bool:
    """Whether a string alone raises no finding (placeholder, filler, ARN)."""
    return next(_string_findings("", text), None) is None


def _document_strings(doc: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(doc, str):
        yield path, doc
    elif isinstance(doc, dict):
        for key, item in doc.items():
            yield f"{path}.{key}", str(key)
            yield from _document_strings(item, f"{path}.{key}")
    elif isinstance(doc, list):
        for index, item in enumerate(doc):
            yield from _document_strings(item, f"{path}[{index}]")


def strings(value: Value, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of a value tree with its path: strings, map keys, JSON inside strings,
    documents and UTF-8 blobs (enums are the model's own and are left out)."""
    for where, text, _shape in shaped_strings(value, path):
        yield where, text


def shaped_strings(value: Value, path: str = "") -> Iterator[tuple[str, str, str]]:
    """:func:`strings` with the shape of each text (``""`` inside documents)."""
    kind = value.kind
    if kind in ("structure", "union"):
        for name, child in value.fields:
            yield from shaped_strings(child, f"{path}.{name}" if path else name)
    elif kind == "list":
        for index, item in enumerate(value.items):
            yield from shaped_strings(item, f"{path}[{index}]")
    elif kind == "map":
        for key, item in value.entries:
            yield from shaped_strings(key, f"{path}{{key}}")
            yield from shaped_strings(item, f"{path}[{key.scalar!r}]")
    elif kind == "document":
        yield from ((p, t, "") for p, t in _document_strings(value.document, path))
    elif kind == "string":
        yield path, str(value.scalar), value.shape
    elif kind == "blob":
        try:
            yield path, bytes(value.scalar).decode("utf-8"), value.shape
        except UnicodeDecodeError:
            yield path, base64.b64encode(bytes(value.scalar)).decode("ascii"), value.shape
    elif kind == "timestamp":
        yield path, iso8601(value.scalar), value.shape


_DOC_ARN = re.compile(r"arn:(?:aws[\w-]*|\$\{Partition\}|partition):([a-z0-9-]+):[^:\s<>\"]*:[^:\s<>\"]*:([A-Za-z][\w-]*)[/:]")
_PATTERN_TYPE = re.compile(r":([a-z][a-z0-9-]{2,})[/:\\]")


@per_loaded_service
def model_types(service: Service) -> frozenset[tuple[str, str]]:
    """(ARN service, resource type) pairs the service's own model states: in an ARN a member's
    documentation shows (``arn:aws:resiliencehub:region:account:service/...``) or a resource
    type a pattern spells after an ARN's header."""
    found: set[tuple[str, str]] = set()
    for shape in service.shapes.values():
        texts = [shape.documentation] + [m.documentation for m in shape.members]
        for text in texts:
            found.update(_DOC_ARN.findall(text))
        pattern = shape.constraints.pattern or ""
        if "arn:" in pattern:
            head = re.search(r"arn:[^:]*:([a-z][a-z0-9-]*):", pattern)
            if head is not None:
                found.update((head.group(1), kind) for kind in _PATTERN_TYPE.findall(pattern))
    return frozenset(found)


def _arn_type(arn: str) -> tuple[str, str]:
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return ("", "")
    return parts[2], re.split(r"[/:]", parts[5], maxsplit=1)[0]


def _stated_type(pattern: str, finding: Finding) -> bool:
    """Whether the member's own pattern spells the ARN's resource type (``...:service/...``):
    the model states the type, even where the IAM table does not list it yet."""
    resource = finding.value.split(":", 5)[-1]
    kind = re.split(r"[/:]", resource, maxsplit=1)[0]
    return len(kind) > 1 and bool(re.search(rf"[:/]{re.escape(kind)}[/:\\]", pattern))


def _json_strings(text: str, path: str) -> Iterator[tuple[str, str]]:
    if text[:1] not in "{[":
        return
    try:
        doc = json.loads(text)
    except ValueError:
        return
    for inner_path, inner in _document_strings(doc, path):
        if inner != text:
            yield inner_path, inner


# ----------------------------------------------------------------------------- requests

_CHANGING_OPERATION = re.compile(r"^(Update|Modify|Put)[A-Z]")
IDENTIFIER_MEMBER = re.compile(
    r"(?i)(ids?|arns?|names?|identifiers?|keys?|uris?|urls?|accountid|region|owner|version(id)?"
    r"|clienttoken|dryrun|expectedbucketowner|requestpayer|checksum\w*|contentmd5|ifmatch"
    r"|revisionid|etag)$"
)


def _requests_no_change(service: Service, operation: Operation, value: Value) -> bool:
    if not _CHANGING_OPERATION.match(operation.name) or operation.input is None:
        return False
    shape = service.shape(operation.input)
    meaningful = [
        m for m in shape.members if not IDENTIFIER_MEMBER.search(m.name) and m.location != "uri"
    ]
    if not meaningful:
        return False  # the operation takes nothing but identifiers: that is what it sets
    return all(
        IDENTIFIER_MEMBER.search(name) or (shape.member(name) or meaningful[0]).location == "uri"
        for name, _child in value.fields
    )


def lint(
    service: Service, operation: Operation, value: Value, trust_arn_types: bool = False
) -> tuple[Finding, ...]:
    """Every value of the tree a reviewer would reject (see the module docstring).
    ``trust_arn_types`` accepts ARNs of resource types the IAM table lacks (for values AWS
    wrote itself: the table is not complete)."""
    found: list[Finding] = []
    stated = model_types(service)
    for path, text, shape in shaped_strings(value):
        pattern = service.shapes[shape].constraints.pattern if shape in service.shapes else None
        found += [
            f for f in _string_findings(path, text, trust_arn_types=trust_arn_types)
            if not (" has no resource type " in f.reason and (
                (pattern and _stated_type(pattern, f)) or _arn_type(f.value) in stated
            ))
        ]
        for inner_path, inner in _json_strings(text, path):
            found += _string_findings(inner_path, inner, True, trust_arn_types)
        last = path.rsplit(".", 1)[-1]
        member = re.sub(r"\[\d+\]$", "", last)
        if len(text) > 3 and text.lower() == member.lower():  # appmesh's virtualGatewayName="virtualGatewayName"
            found.append(Finding(PLACEHOLDER, path, text, "the member's own name stands in for a value"))
        if last.lower().endswith("region") and text and not real_region(text):
            found.append(Finding(FILLER, path, text, "not a Region that exists"))
    if _requests_no_change(service, operation, value):
        names = ", ".join(name for name, _ in value.fields) or "nothing"
        found.append(Finding(NO_CHANGE, "", names, f"{operation.name} sends only identifiers"))
    unique: dict[tuple[str, str, str], Finding] = {}
    for finding in found:
        unique.setdefault((finding.kind, finding.path, finding.reason), finding)
    return tuple(unique.values())
