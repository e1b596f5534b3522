"""Value sources written by AWS: example parameters and ARN formats (stage: values input).

Input: botocore's ``examples-1.json`` of a service (read with botocore's loader), the
``smithy.api#examples`` of AWS's Smithy models (:mod:`generator.model.smithy`), the awscli
example table ``data/aws_examples/<service>.json`` and the IAM ARN format table
``data/arn_formats.json`` (all refreshed by ``tools/``). Output: ``AwsExample`` records with
boto3 parameters as JSON values, and ARN formats such as
``arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}``.

Nothing here is validated against the model; callers check each ``params`` before use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from botocore.exceptions import DataNotFoundError

from generator.caches import per_service
from generator.model import smithy
from generator.model.load import loader

_DATA = Path(__file__).resolve().parents[1] / "data"
_AWS_EXAMPLES = _DATA / "aws_examples"
_ARN_FORMATS = _DATA / "arn_formats.json"
_BOTOCORE_SERVICES = "botocore_services"
BOTOCORE = "botocore"
SMITHY = "smithy"
AWS_CLI = "awscli"


@dataclass(frozen=True)
class AwsExample:
    """One AWS-authored call: its title, where it comes from, and boto3's keyword arguments.

    ``origin`` is :data:`BOTOCORE`, :data:`SMITHY` or :data:`AWS_CLI`; ``failure`` names the
    error an example shows instead of a successful call (such an example is never used)."""

    title: str
    source: str
    params: dict[str, Any]
    origin: str = BOTOCORE
    failure: str = ""


def botocore_examples(service_name: str, operation_name: str) -> list[AwsExample]:
    """The examples in botocore's own ``examples-1.json`` for one operation."""
    try:
        document = loader().load_service_model(service_name, "examples-1")
    except DataNotFoundError:
        return []
    entries = document.get("examples", {}).get(operation_name, [])
    return [
        AwsExample(
            title=str(entry.get("title") or entry.get("description") or ""),
            source=f"botocore examples-1.json: {entry.get('id', operation_name)}",
            params=dict(entry.get("input") or {}),
            origin=BOTOCORE,
        )
        for entry in entries
    ]


def smithy_examples(service_name: str, operation_name: str) -> list[AwsExample]:
    """The ``smithy.api#examples`` of one operation in AWS's Smithy model of the service."""
    return [
        AwsExample(
            title=example.title,
            source=f"{example.origin} smithy.api#examples: {operation_name}",
            params=json.loads(json.dumps(example.input)),
            origin=SMITHY,
            failure=example.error_shape or "",
        )
        for example in smithy.examples(service_name, operation_name)
    ]


@per_service(maxsize=8)
def _awscli_table(service_name: str) -> dict[str, list[dict[str, Any]]]:
    path = _AWS_EXAMPLES / f"{service_name}.json"
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as f:
        table: dict[str, list[dict[str, Any]]] = json.load(f)
    return table


def awscli_examples(service_name: str, operation_name: str) -> list[AwsExample]:
    """The examples of the AWS CLI's documentation pages for one operation."""
    return [
        AwsExample(
            title=e["title"],
            source=e["source"],
            params=json.loads(json.dumps(e["params"])),
            origin=AWS_CLI,
        )
        for e in _awscli_table(service_name).get(operation_name, [])
    ]


def aws_examples(service_name: str, operation_name: str) -> list[AwsExample]:
    """Every AWS-authored example of an operation, in the order they are tried.

    1. botocore's ``examples-1.json``: the examples AWS ships with the model botocore reads;
    2. the Smithy model's ``smithy.api#examples``: the same kind of record (input and output of
       one call, written with the service model), so an example already in botocore is not
       repeated; they come before the CLI's because AWS's model build checks them against the
       model, while the CLI's are parsed out of shell commands on documentation pages;
    3. the AWS CLI's example pages.
    """
    botocore = botocore_examples(service_name, operation_name)
    seen = [e.params for e in botocore]
    from_smithy = [
        e for e in smithy_examples(service_name, operation_name) if e.params not in seen
    ]
    return botocore + from_smithy + awscli_examples(service_name, operation_name)


@cache
def arn_table() -> dict[str, Any]:
    """The IAM ARN format table: {IAM prefix: {resource type: format}} and the service map."""
    with open(_ARN_FORMATS, encoding="utf-8") as f:
        table: dict[str, Any] = json.load(f)
    return table


def botocore_services() -> dict[str, str]:
    """{botocore service: IAM prefix} for every service the table maps."""
    return dict(arn_table()[_BOTOCORE_SERVICES])


def iam_prefix(botocore_service: str) -> str | None:
    """The IAM service prefix (the service part of its ARNs) of a botocore service."""
    prefix = arn_table()[_BOTOCORE_SERVICES].get(botocore_service)
    return str(prefix) if prefix is not None else None


def arn_format(service_prefix: str, resource_type: str) -> str | None:
    """The ARN format of an IAM resource type; the resource type matches case-insensitively."""
    if service_prefix == _BOTOCORE_SERVICES:
        return None
    resources: dict[str, str] = arn_table().get(service_prefix, {})
    if resource_type in resources:
        return resources[resource_type]
    wanted = resource_type.lower()
    for name, arn in resources.items():
        if name.lower() == wanted:
            return arn
    return None


def arn_formats_for(botocore_service: str) -> dict[str, str]:
    """{resource type: ARN format} of the IAM prefix a botocore service maps to."""
    prefix = iam_prefix(botocore_service)
    if prefix is None:
        return {}
    return dict(arn_table().get(prefix, {}))
