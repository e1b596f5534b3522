"""generator.values.aws_examples: AWS-authored examples from botocore and the committed awscli table."""

from __future__ import annotations

import re

import pytest

from generator.values.aws_examples import AwsExample, aws_examples, botocore_examples


@pytest.mark.xfail(
    strict=True,
    reason="awscli 1.46 has no personalize pages and botocore's personalize examples-1.json "
    "is empty; this passes (and then fails as strict) once a source has the example",
)
def test_personalize_create_metric_attribution_has_a_real_metric_expression() -> None:
    examples = aws_examples("personalize", "CreateMetricAttribution")
    expressions = [m["expression"] for e in examples for m in e.params.get("metrics", [])]
    assert any(re.fullmatch(r"(SUM|SAMPLECOUNT)\(.*\)", x) for x in expressions)


def test_dynamodb_query_example_has_expression_attribute_values() -> None:
    examples = aws_examples("dynamodb", "Query")
    values = [e.params["ExpressionAttributeValues"] for e in examples
              if "ExpressionAttributeValues" in e.params]  # fmt: skip
    assert values and all(key.startswith(":") for v in values for key in v)
    assert any(e.source == "awscli/examples/dynamodb/query.rst" for e in examples)


def test_botocore_examples_come_first_with_their_id() -> None:
    examples = aws_examples("dynamodb", "PutItem")
    assert examples[0] == botocore_examples("dynamodb", "PutItem")[0]
    assert examples[0].source.startswith("botocore examples-1.json: ")
    assert examples[0].params["TableName"] == "Music"
    assert any(e.source.startswith("awscli/examples/") for e in examples)


def test_examples_are_frozen_and_unknown_names_have_none() -> None:
    example = aws_examples("dynamodb", "Query")[0]
    assert isinstance(example, AwsExample)
    with pytest.raises(AttributeError):
        example.title = "x"  # type: ignore[misc]
    assert aws_examples("no-such-service", "Nothing") == []
    assert aws_examples("sqs", "NoSuchOperation") == []


def test_callers_cannot_change_the_cached_table() -> None:
    first = aws_examples("dynamodb", "Query")[-1]
    first.params.clear()
    assert aws_examples("dynamodb", "Query")[-1].params
