"""Stage ``values``: service knowledge no rule can derive, as a reviewed table with sources.

Input: ``generator/data/knowledge/<service>.json``, one document per service::

    {
      "service": "personalize",
      "values": [
        {"member": "datasetType", "value": "Interactions",
         "source": "https://docs.aws.amazon.com/personalize/latest/dg/API_CreateDataset.html"},
        {"member": "schema", "in": "CreateSchemaRequest", "value": "{\"type\": \"record\", ...}",
         "source": "https://docs.aws.amazon.com/personalize/latest/dg/schemas.html"},
        {"member": "manifest", "operations": ["CreateLandingZone"], "include": true,
         "value": {...}, "source": "..."}
      ]
    }

Each entry gives the value of every member called ``member`` (in the structure ``in`` only,
when given; in the ``operations`` listed only, when given) - a scalar, or a whole structure,
list or map in boto3's form - and the page or AWS-authored example it comes from
(``source``). ``include`` makes synthesis set the member even where the model calls it
optional (a member the service needs in practice). Entries are checked against the model when
loaded (:func:`problems`; ``tools/check_knowledge.py`` and ``tests/values/test_knowledge.py``
run it over every table): an entry whose member does not exist, or whose value the model
rejects, is an error there and is never used.

Output: :func:`value_for` (a validated value tree for one member of one operation, or
``None``) and :func:`included` (the optional members an operation's request sets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.caches import per_loaded_service, per_service
from generator.model.ir import Operation, Service
from generator.values.tree import Value
from generator.values.validate import shape_value

DATA = Path(__file__).resolve().parents[1] / "data" / "knowledge"


@dataclass(frozen=True)
class Entry:
    """One fact: the value of a member, where it applies, and its source."""

    member: str
    value: Any
    source: str
    structure: str = ""
    operations: tuple[str, ...] = ()
    include: bool = False

    def applies(self, operation: str, structure: str, member: str) -> bool:
        return (
            member == self.member
            and (not self.structure or structure == self.structure)
            and (not self.operations or operation in self.operations)
        )


def _entry(raw: Any) -> Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("member"), str):
        raise ValueError(f"an entry is not an object with a 'member': {raw!r:.80}")
    if "value" not in raw or not isinstance(raw.get("source"), str) or not raw["source"]:
        raise ValueError(f"entry {raw['member']!r} needs a 'value' and a 'source'")
    unknown = set(raw) - {"member", "value", "source", "in", "operations", "include", "note"}
    if unknown:
        raise ValueError(f"entry {raw['member']!r} has unknown keys {sorted(unknown)}")
    operations = raw.get("operations", [])
    if not isinstance(operations, list) or not all(isinstance(o, str) for o in operations):
        raise ValueError(f"entry {raw['member']!r}: 'operations' is not a list of names")
    return Entry(
        member=raw["member"],
        value=raw["value"],
        source=raw["source"],
        structure=str(raw.get("in", "")),
        operations=tuple(operations),
        include=bool(raw.get("include", False)),
    )


@per_service(maxsize=16)
def entries(service_name: str) -> tuple[Entry, ...]:
    """The table of one service (empty when it has none)."""
    path = DATA / f"{service_name}.json"
    if not path.is_file():
        return ()
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    if not isinstance(document, dict) or document.get("service") != service_name:
        raise ValueError(f"{path.name}: 'service' must be {service_name!r}")
    return tuple(_entry(raw) for raw in document.get("values", []))


def _places(service: Service, entry: Entry) -> list[tuple[str, str]]:
    """(structure, member target) of every structure the entry's member can be in."""
    found = []
    for shape in service.shapes.values():
        if shape.kind not in ("structure", "union"):
            continue
        if entry.structure and shape.name != entry.structure:
            continue
        member = shape.member(entry.member)
        if member is not None:
            found.append((shape.name, member.target))
    return found


def problems(service: Service) -> list[str]:
    """Why entries of the service's table cannot be used (an empty list when all can)."""
    out = []
    for entry in entries(service.name):
        where = f"{service.name}: {entry.member}" + (f" in {entry.structure}" if entry.structure else "")
        places = _places(service, entry)
        if not places:
            out.append(f"{where}: no structure has this member")
        for name in entry.operations:
            if name not in service.operations:
                out.append(f"{where}: unknown operation {name}")
        if not entry.source.startswith(("https://docs.aws.amazon.com/", "https://aws.amazon.com/", "botocore ", "awscli ", "smithy ")):
            out.append(f"{where}: the source must be an AWS documentation page or example")
        for _structure, target in places:
            _value, found = shape_value(service, target, entry.value, entry.member)
            out += [f"{where}: {problem}" for problem in found]
    return out


@per_loaded_service
def _validated(service: Service) -> dict[tuple[int, str], Value | None]:
    """Each entry's value tree per entry index and target shape, ``None`` where invalid."""
    return {}


def lookup(
    service: Service, operation: Operation, structure: str, member: str, target: str
) -> tuple[Value, Entry] | None:
    """The table's value for this member of this operation, validated, and its entry."""
    for index, entry in enumerate(entries(service.name)):
        if not entry.applies(operation.name, structure, member):
            continue
        cache = _validated(service)
        key = (index, target)
        if key not in cache:
            cache[key] = shape_value(service, target, entry.value, member)[0]
        found = cache[key]
        if found is not None:
            return found, entry
    return None


def value_for(service: Service, operation: Operation, structure: str, member: str, target: str) -> Value | None:
    """The table's value for this member of this operation, validated, or ``None``."""
    found = lookup(service, operation, structure, member, target)
    return found[0] if found is not None else None


def included(service: Service, operation: Operation, structure: str) -> frozenset[str]:
    """The optional members the table says this operation's request sets."""
    return frozenset(
        entry.member
        for entry in entries(service.name)
        if entry.include
        and (not entry.structure or entry.structure == structure)
        and (not entry.operations or operation.name in entry.operations)
    )
