"""Stage ``model``: what AWS's Smithy models add to botocore's, read from the committed tables.

Input: ``generator/data/smithy/examples/<service>.json`` and ``resources/<service>.json``,
written by ``tools/refresh_smithy_models.py`` from ``software.amazon.api.models:<artifact>``
on Maven Central (``index.json`` beside them says which artifact and version, or what the
repository answered). Output: frozen records, read lazily, one service at a time:

- :func:`examples` / :func:`smoke_tests`: an operation's ``smithy.api#examples`` (title,
  documentation, input, output, error) and ``smithy.test#smokeTests`` (params, Region,
  expected success or error);
- :func:`resources`: the service's Smithy ``resource`` shapes (:class:`Resource`: identifiers
  and the input member of each operation that carries them, lifecycle operations, other and
  collection operations, children, properties, ARN template) and the string shapes that
  ``aws.api#arnReference`` marks as ARNs of a resource type (:class:`ArnReference`).

Operation, member and shape names are botocore's (the refresh tool checks them against
botocore's model and records any drift in ``index.json``). A service without a Smithy table
has no examples, smoke tests or resources. JSON values (``input``, ``params``) are shared
between callers: copy before changing them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.caches import per_service

DATA = Path(__file__).resolve().parents[1] / "data" / "smithy"
LIFECYCLE = ("create", "put", "read", "update", "delete", "list")


@dataclass(frozen=True)
class SmithyExample:
    """One ``smithy.api#examples`` entry of an operation, as the model states it."""

    title: str
    documentation: str
    input: Mapping[str, Any]
    output: Mapping[str, Any] | None
    error_shape: str | None  # the error's shape name when the example shows a failure
    error_content: Mapping[str, Any] | None
    origin: str  # the Maven coordinates the table came from


@dataclass(frozen=True)
class SmokeTest:
    """One ``smithy.test#smokeTests`` case: a call AWS runs against the live service."""

    id: str
    params: Mapping[str, Any]
    region: str | None
    succeeds: bool
    error_id: str | None  # the error shape expected, when the case expects a named failure


@dataclass(frozen=True)
class Identifier:
    """A resource identifier, the shape it targets, and the input member that carries it in
    each operation bound to the resource (``resourceIdentifier`` renames included)."""

    name: str
    target: str
    members: tuple[tuple[str, str], ...]  # (operation, input member), sorted by operation

    def member(self, operation: str) -> str | None:
        """The input member of ``operation`` that carries this identifier, if any."""
        return dict(self.members).get(operation)


@dataclass(frozen=True)
class Arn:
    """The ``aws.api#arn`` trait: a template such as ``table/{TableName}`` and its flags."""

    template: str
    absolute: bool  # the template is a whole ARN, not the part after the account
    no_region: bool
    no_account: bool
    resource_delimiter: str | None = None
    reusable: bool = False


@dataclass(frozen=True)
class Resource:
    """One Smithy ``resource`` shape of a service."""

    name: str
    identifiers: tuple[Identifier, ...]
    lifecycle: tuple[tuple[str, str], ...]  # (create|put|read|update|delete|list, operation)
    operations: tuple[str, ...]
    collection_operations: tuple[str, ...]
    children: tuple[str, ...]
    properties: tuple[tuple[str, str], ...]  # (property, target shape)
    arn: Arn | None
    iam_resource: str | None  # the IAM resource type name, when the model gives one

    def operation(self, kind: str) -> str | None:
        """The operation bound as ``kind``: create, put, read, update, delete or list."""
        return dict(self.lifecycle).get(kind)

    def bound_operations(self) -> tuple[str, ...]:
        """Every operation bound to this resource: lifecycle first (in Smithy's order), then
        the others, then collection operations."""
        names = [op for _, op in self.lifecycle]
        return tuple(dict.fromkeys([*names, *self.operations, *self.collection_operations]))


@dataclass(frozen=True)
class ArnReference:
    """A string shape that ``aws.api#arnReference`` marks as the ARN of a resource."""

    shape: str
    type: str | None  # the CloudFormation type name, e.g. ``AWS::IAM::Role``
    service: str | None  # the Smithy service shape id, when it is another service
    resource: str | None  # the resource shape (a name in this service, else a shape id)


@dataclass(frozen=True)
class ServiceResources:
    """The Smithy resources and ARN references of one botocore service."""

    service: str
    origin: str
    resources: tuple[Resource, ...]
    arn_references: tuple[ArnReference, ...]

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.resources if r.name == name), None)

    def resources_of(self, operation: str) -> tuple[Resource, ...]:
        """The resources an operation is bound to (lifecycle, other or collection operation)."""
        return tuple(r for r in self.resources if operation in r.bound_operations())

    def arn_reference(self, shape: str) -> ArnReference | None:
        return next((a for a in self.arn_references if a.shape == shape), None)


def _read(folder: str, service: str) -> dict[str, Any]:
    path = DATA / folder / f"{service}.json"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as f:
        table: dict[str, Any] = json.load(f)
    return table


@per_service(maxsize=8)
def _examples_table(service: str) -> dict[str, Any]:
    return _read("examples", service)


def examples(service: str, operation: str) -> tuple[SmithyExample, ...]:
    """The ``smithy.api#examples`` of one operation, in the model's order."""
    table = _examples_table(service)
    return tuple(
        SmithyExample(
            title=str(e.get("title", "")),
            documentation=str(e.get("documentation", "")),
            input=e.get("input") or {},
            output=e.get("output"),
            error_shape=(e.get("error") or {}).get("shapeId"),
            error_content=(e.get("error") or {}).get("content"),
            origin=str(table["origin"]),
        )
        for e in table.get("examples", {}).get(operation, [])
    )


def smoke_tests(service: str, operation: str) -> tuple[SmokeTest, ...]:
    """The ``smithy.test#smokeTests`` of one operation, sorted by id."""
    found = []
    for t in _examples_table(service).get("smokeTests", {}).get(operation, []):
        expect = t.get("expect")
        failure = expect.get("failure", {}) if isinstance(expect, dict) else {}
        found.append(
            SmokeTest(
                id=str(t["id"]),
                params=t.get("params") or {},
                region=(t.get("vendorParams") or {}).get("region"),
                succeeds=expect == "success",
                error_id=failure.get("errorId"),
            )
        )
    return tuple(found)


def _resource(name: str, entry: Mapping[str, Any]) -> Resource:
    arn = entry.get("arn")
    return Resource(
        name=name,
        identifiers=tuple(
            Identifier(n, str(i["target"]), tuple(sorted(i.get("members", {}).items())))
            for n, i in sorted(entry.get("identifiers", {}).items())
        ),
        lifecycle=tuple((kind, str(entry[kind])) for kind in LIFECYCLE if kind in entry),
        operations=tuple(entry.get("operations", ())),
        collection_operations=tuple(entry.get("collectionOperations", ())),
        children=tuple(entry.get("resources", ())),
        properties=tuple(sorted(entry.get("properties", {}).items())),
        arn=None
        if arn is None
        else Arn(
            template=str(arn["template"]),
            absolute=bool(arn.get("absolute")),
            no_region=bool(arn.get("noRegion")),
            no_account=bool(arn.get("noAccount")),
            resource_delimiter=arn.get("resourceDelimiter"),
            reusable=bool(arn.get("reusable")),
        ),
        iam_resource=entry.get("iamResource"),
    )


@per_service(maxsize=8)
def resources(service: str) -> ServiceResources:
    """The Smithy resources and ARN references of a service (none without a table)."""
    table = _read("resources", service)
    return ServiceResources(
        service=service,
        origin=str(table.get("origin", "")),
        resources=tuple(_resource(n, e) for n, e in sorted(table.get("resources", {}).items())),
        arn_references=tuple(
            ArnReference(s, r.get("type"), r.get("service"), r.get("resource"))
            for s, r in sorted(table.get("arnReferences", {}).items())
        ),
    )
