"""Stage ``values``: values AWS itself wrote for a service, reusable for the same member elsewhere.

Input: a service and its AWS-authored examples (botocore's ``examples-1.json``, inputs and
outputs; the AWS CLI pages' parameters; :mod:`.aws_examples`). Output: for each
(structure, member) and each member name, the strings AWS wrote there, most frequent first.

A GuardDuty detector ID, an AppSync API ID or a CloudFront distribution ID has one shape in
every example AWS wrote, so an operation without an example of its own takes the detector ID
of the examples that have one. Values are only offered: synthesis still checks each against
the member's length, pattern and the publishability checker (:mod:`.lint`), so AWS's own
``us-west-2_aaaaaaaaa`` is passed over. ARNs and Regions are rewritten to the one Region and
account every example uses, so that a page never mixes two.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import DataNotFoundError

from generator.caches import per_loaded_service
from generator.model.ir import Service
from generator.model.load import loader
from generator.values.aws_examples import awscli_examples
from generator.values.tree import ACCOUNT, REGION

_REGION = re.compile(r"(?<![a-z0-9-])(us|eu|ap|sa|ca|me|af|il|mx)-(east|west|north|south|central|northeast|southeast|southwest|northwest)-\d(?![0-9])")
_ACCOUNT_IN_ARN = re.compile(r"^(arn:[^:]+:[^:]*:[^:]*:)\d{12}(:)")
# member names too generic to carry a value from one resource to another
_GENERIC = frozenset(
    {
        "Name", "name", "Id", "id", "Arn", "arn", "Key", "key", "Value", "value", "Description",
        "description", "Type", "type", "Status", "status", "Message", "message", "Identifier",
        "identifier", "ResourceArn", "resourceArn", "ResourceId", "resourceId", "Resource",
        "Tags", "tags", "Text", "text", "Content", "content", "Data", "data", "Body", "body",
    }
)  # fmt: skip


def _specific(member: str) -> bool:
    """A name specific enough to mean the same thing everywhere in the service: two words or
    more (``DetectorId``, ``QueueUrl``), not ``Source`` or ``Mode``."""
    return len(re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", member)) >= 2


def normalize(text: str) -> str:
    """One Region and one account: the ones every generated example uses."""
    text = _REGION.sub(REGION, text)
    return _ACCOUNT_IN_ARN.sub(lambda m: m.group(1) + ACCOUNT + m.group(2), text)


def _walk(service: Service, shape_name: str, doc: Any) -> Iterator[tuple[str, str, str]]:
    """(structure, member, string) for every string of ``doc`` read as ``shape_name``."""
    if shape_name not in service.shapes:
        return
    shape = service.shape(shape_name)
    if shape.kind in ("structure", "union") and isinstance(doc, dict):
        for member in shape.members:
            if member.name not in doc:
                continue
            item = doc[member.name]
            target = service.shape(member.target)
            if target.kind == "string" and isinstance(item, str):
                yield shape.name, member.name, item
            elif target.kind == "list" and target.item is not None and isinstance(item, list):
                item_shape = service.shape(target.item.target)
                for element in item:
                    if item_shape.kind == "string" and isinstance(element, str):
                        yield shape.name, member.name, element
                    else:
                        yield from _walk(service, item_shape.name, element)
            else:
                yield from _walk(service, member.target, item)
    elif shape.kind == "list" and shape.item is not None and isinstance(doc, list):
        for element in doc:
            yield from _walk(service, shape.item.target, element)
    elif shape.kind == "map" and shape.value is not None and isinstance(doc, dict):
        for element in doc.values():
            yield from _walk(service, shape.value.target, element)


def _documents(service: Service) -> Iterator[tuple[str, Any]]:
    """(shape name, document) of every AWS-authored input and output of the service."""
    try:
        examples = loader().load_service_model(service.name, "examples-1").get("examples", {})
    except DataNotFoundError:
        examples = {}
    for name in sorted(service.operations):
        operation = service.operations[name]
        for entry in examples.get(name, []):
            if operation.input and isinstance(entry.get("input"), dict):
                yield operation.input, entry["input"]
            if operation.output and isinstance(entry.get("output"), dict):
                yield operation.output, entry["output"]
        if operation.input:
            for example in awscli_examples(service.name, name):
                yield operation.input, example.params


@per_loaded_service
def _tables(service: Service) -> tuple[dict[tuple[str, str], tuple[str, ...]], dict[str, tuple[str, ...]]]:
    by_place: dict[tuple[str, str], Counter[str]] = {}
    by_member: dict[str, Counter[str]] = {}
    for shape_name, doc in _documents(service):
        for structure, member, text in _walk(service, shape_name, doc):
            if not text.strip() or "<" in text or "${" in text or len(text) > 2048:
                continue
            if any(text.count(a) != text.count(b) for a, b in ("()", "[]", "{}")):
                continue  # a typo in AWS's example ("...EXAMPLE)")
            text = normalize(text)
            by_place.setdefault((structure, member), Counter())[text] += 1
            if member not in _GENERIC and _specific(member):
                by_member.setdefault(member, Counter())[text] += 1

    def ordered(counts: Counter[str]) -> tuple[str, ...]:
        return tuple(text for text, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    return (
        {key: ordered(counts) for key, counts in by_place.items()},
        {key: ordered(counts) for key, counts in by_member.items()},
    )


def authored_values(service: Service, structure: str, member: str) -> tuple[str, ...]:
    """Strings AWS wrote for this member, most frequent first: under the same member name
    anywhere in the service (so every page names the resource alike), then, for names too
    generic to carry across (``Name``, ``Id``), in this structure."""
    by_place, by_member = _tables(service)
    found = by_member.get(member, ())
    more = tuple(text for text in by_place.get((structure, member), ()) if text not in found)
    return found + more


def authored_arns(service: Service) -> tuple[str, ...]:
    """Every ARN AWS wrote anywhere in the service's examples, most frequent first."""
    _by_place, by_member = _tables(service)
    seen: dict[str, None] = {}
    for values in by_member.values():
        for text in values:
            if text.startswith("arn:"):
                seen.setdefault(text)
    return tuple(seen)
