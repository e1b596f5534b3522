"""The publishability checker: each kind of value a reviewer rejects is found, AWS's own
conventions are not, and the whole catalog's default values pass it (the issue's bar: 98%)."""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import pytest

from generator.capabilities.members import member_filter
from generator.model.load import service_names
from generator.model.lower import load_service
from generator.values.lint import lint, publishable
from generator.values.sources import choose
from generator.values.tree import Value
from generator.values.validate import from_document

FLAGGED = [
    "example",
    "Example",
    "EXAMPLE",
    "example-id",
    "example_resource",
    "string",
    "value",
    "aaaaaaaa-aaaa-4aaa-aaaa-aaaaaaaaaaaa",
    "d-aaaaaaaaaa",
    "us-west-2_aaaaaaaaa",
    "a_a",
    "arn:a:config:a:a:connector/a/a/a",
    "arn:aws:ivs:a:1:a/a",
    "arn:aws:acm:us-east-1:123456789012:resource/my-resource",
    "arn:aws:sqs:aa-a-1:123456789012:my-queue",
    "arn:aws:sqs:us-east-1:1234567890123:my-queue",
    "arn:aws:sqs::123456789012:my-queue",
    "arn:aws:iam:us-east-1:123456789012:role/MyRole",
    "arn:aws:personalize:us-east-1:123456789012:dataset-group/example-group",
    "arn:aws:nosuchservice:us-east-1:123456789012:thing/my-thing",
]
CLEAN = [
    "AKIAIOSFODNN7EXAMPLE",
    "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
    "us-east-1_EXAMPLE",
    "jane@example.com",
    "https://www.example.com/orders",
    "Example Budget",
    "my-dataset-group",
    "d-1234567890",
    "i-1234567890abcdef0",
    "arn:aws:iam::123456789012:role/PersonalizeMetricsRole",
    "arn:aws:iam::123456789012:root",
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:s3:::amzn-s3-demo-bucket/*",
    "arn:aws:sqs:us-east-1:123456789012:my-queue",
    "arn:aws:personalize:us-east-1:123456789012:dataset-group/my-dataset-group",
    "AQoDYXdzEJr1K6L4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEXAMPLE",  # an opaque token
    "www.example.com",
]


@pytest.mark.parametrize("text", FLAGGED)
def test_reviewers_rejections_are_found(text: str) -> None:
    assert not publishable(text), text


@pytest.mark.parametrize("text", CLEAN)
def test_aws_conventions_pass(text: str) -> None:
    assert publishable(text), text


def _value(service: str, operation: str, doc: dict[str, object]) -> tuple[object, object, Value]:
    svc = load_service(service)
    op = svc.operation(operation)
    return svc, op, from_document(svc, op, doc)


def test_an_update_that_sends_only_identifiers_asks_for_no_change() -> None:
    campaign = "arn:aws:personalize:us-east-1:123456789012:campaign/my-campaign"
    svc, op, value = _value("personalize", "UpdateCampaign", {"campaignArn": campaign})
    assert [f.kind for f in lint(svc, op, value)] == ["no-change"]  # type: ignore[arg-type]
    svc, op, value = _value(
        "personalize", "UpdateCampaign", {"campaignArn": campaign, "minProvisionedTPS": 2}
    )
    assert not lint(svc, op, value)  # type: ignore[arg-type]


def test_findings_name_the_member_path() -> None:
    svc, op, value = _value(
        "personalize",
        "CreateMetricAttribution",
        {
            "name": "example-id",
            "datasetGroupArn": "arn:aws:personalize:us-east-1:123456789012:dataset-group/a",
            "metrics": [{"eventType": "click", "metricName": "ClickCount", "expression": "SAMPLECOUNT()"}],
            "metricsOutputConfig": {"roleArn": "arn:aws:iam::123456789012:role/aaaa"},
        },
    )
    found = {(f.kind, f.path) for f in lint(svc, op, value)}  # type: ignore[arg-type]
    assert found == {("placeholder", "name"), ("filler", "metricsOutputConfig.roleArn")}


def _scan(name: str) -> list[tuple[str, str, tuple[str, ...]]]:
    service = load_service(name)
    out = []
    for operation in service.operations.values():
        try:
            chosen = choose(service, operation, member_filter(service, operation))
        except Exception:  # noqa: BLE001 - an operation without values is not this test's concern
            continue
        trusted = chosen.provenance.kind == "aws-example"  # as generate --all counts them
        kinds = tuple(sorted({f.kind for f in lint(service, operation, chosen.value, trusted)}))
        out.append((operation.name, chosen.provenance.kind, kinds))
    return out


# The bar the catalog's default values are held to; `sdk-parity generate --all` prints the share.
CATALOG_SHARE = 0.98


def test_the_catalogs_default_values_pass_the_checker() -> None:
    names = list(service_names())
    workers = max(1, min(4, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers) as pool:
        rows = [row for rows in pool.map(_scan, names, chunksize=4) for row in rows]
    flagged = Counter(kind for _, _, kinds in rows for kind in kinds)
    clean = sum(1 for _, _, kinds in rows if not kinds)
    share = clean / len(rows)
    assert len(rows) > 19000
    assert share >= CATALOG_SHARE, f"{share:.1%} of {len(rows)} operations pass; findings {dict(flagged)}"
