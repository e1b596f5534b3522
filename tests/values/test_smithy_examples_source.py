"""The Smithy models' ``smithy.api#examples`` as a value source: tried after botocore's
examples-1 and before the AWS CLI's pages, validated like every source (dropped with the reason,
never repaired), named in the provenance line.

The Smithy tables committed today hold DynamoDB only (what Maven Central serves here), and its
examples repeat botocore's; the order and the drops are therefore checked with a table written
for SQS GetQueueUrl (an operation with an AWS CLI example and none in botocore) into a
temporary data folder, read by the real reader.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.caches import release_service_caches
from generator.capabilities.members import member_filter
from generator.model import smithy
from generator.model.lower import load_service
from generator.values.aws_examples import (
    AWS_CLI,
    BOTOCORE,
    SMITHY,
    aws_examples,
    awscli_examples,
    botocore_examples,
)
from generator.values.sources import AWS_EXAMPLE, ExampleValues, Provenance, choose
from generator.values.tree import to_params

ORIGIN = "software.amazon.api.models:sqs:9.9.9"
AWS_EXAMPLES = Path(__file__).resolve().parents[2] / "generator" / "data" / "aws_examples"


@pytest.fixture
def smithy_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Write ``examples/sqs.json`` with the given GetQueueUrl examples and read from it."""

    def write(*examples: dict[str, Any]) -> None:
        folder = tmp_path / "examples"
        folder.mkdir(exist_ok=True)
        table = {"examples": {"GetQueueUrl": list(examples)}, "origin": ORIGIN, "smokeTests": {}}
        (folder / "sqs.json").write_text(json.dumps(table), encoding="utf-8")
        release_service_caches()

    monkeypatch.setattr(smithy, "DATA", tmp_path)
    yield write
    release_service_caches()


def _choose(operation: str) -> ExampleValues:
    svc = load_service("sqs")
    op = svc.operation(operation)
    return choose(svc, op, member_filter(svc, op))


def test_get_queue_url_has_a_cli_example_and_none_in_botocore() -> None:
    assert botocore_examples("sqs", "GetQueueUrl") == []
    assert awscli_examples("sqs", "GetQueueUrl")


def test_smithy_example_comes_before_the_aws_cli_pages(smithy_table: Callable[..., None]) -> None:
    smithy_table({"title": "To get a queue URL", "input": {"QueueName": "orders-queue"}})
    assert [e.origin for e in aws_examples("sqs", "GetQueueUrl")] == [SMITHY, AWS_CLI]
    chosen = _choose("GetQueueUrl")
    assert chosen.provenance.kind == AWS_EXAMPLE and chosen.provenance.origin == SMITHY
    assert to_params(chosen.value) == {"QueueName": "orders-queue"}
    assert chosen.provenance.source == f"{ORIGIN} smithy.api#examples: GetQueueUrl"
    assert chosen.provenance.sentence() == (
        "Values from the example in AWS's Smithy model 'To get a queue URL'."
    )


def test_an_example_the_model_rejects_is_dropped_with_its_reason(
    smithy_table: Callable[..., None],
) -> None:
    smithy_table({"title": "Wrong type", "input": {"QueueName": 7}})
    chosen = _choose("GetQueueUrl")
    assert chosen.provenance.origin == AWS_CLI  # the next source, unchanged
    (reason,) = chosen.dropped
    assert reason.startswith(f"{ORIGIN} smithy.api#examples: GetQueueUrl: ")
    assert "QueueName" in reason


def test_an_example_that_shows_a_failing_call_is_never_used(
    smithy_table: Callable[..., None],
) -> None:
    smithy_table({"title": "No such queue", "input": {"QueueName": "orders-queue"},
                  "error": {"shapeId": "QueueDoesNotExist", "content": {}}})  # fmt: skip
    chosen = _choose("GetQueueUrl")
    assert chosen.provenance.origin == AWS_CLI
    assert chosen.dropped == (
        f"{ORIGIN} smithy.api#examples: GetQueueUrl: shows a call that fails with QueueDoesNotExist",
    )


def test_a_smithy_example_botocore_already_has_is_not_tried_twice() -> None:
    botocore = botocore_examples("dynamodb", "Query")
    from_smithy = smithy.examples("dynamodb", "Query")
    assert botocore and from_smithy and dict(from_smithy[0].input) == botocore[0].params
    origins = [e.origin for e in aws_examples("dynamodb", "Query")]
    assert origins.count(SMITHY) == 0 and origins[0] == BOTOCORE


@pytest.mark.parametrize(
    ("origin", "sentence"),
    [(BOTOCORE, "Values from the botocore example 'To query'."),
     (SMITHY, "Values from the example in AWS's Smithy model 'To query'."),
     (AWS_CLI, "Values from the AWS CLI example 'To query'.")],
)  # fmt: skip
def test_provenance_names_each_origin_once(origin: str, sentence: str) -> None:
    assert Provenance(AWS_EXAMPLE, "To query", "x", origin).sentence() == sentence


def test_aws_cli_titles_keep_no_restructuredtext_literal_marker() -> None:
    for path in sorted(AWS_EXAMPLES.glob("*.json")):
        for examples in json.loads(path.read_text(encoding="utf-8")).values():
            for example in examples:
                assert not example["title"].rstrip().endswith(":"), (path.name, example["title"])
