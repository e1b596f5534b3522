"""Values a real service accepts: sources in order, minimal requests, semantic formats.

Each test names the operation a naive generator got wrong (see the realistic-values issue): the
expected values are properties a real service checks, not hard-coded example text.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.capabilities.members import member_filter
from generator.generate.pipeline import DEFAULT_VALUES, example_values, values_file_for
from generator.model.lower import load_service
from generator.targets.docs import prerequisites
from generator.values.documented import documented_candidates
from generator.values.sources import AWS_EXAMPLE, DOCUMENTATION, SYNTHESIZED, VALUES_FILE, choose
from generator.values.synthesize import synthesize
from generator.values.tree import member_paths, to_params


def _params(service: str, operation: str, profile: str = "minimal") -> dict[str, Any]:
    svc = load_service(service)
    op = svc.operation(operation)
    return to_params(example_values(svc, op, None, profile).value)  # type: ignore[no-any-return]


def test_seed_operation_keeps_the_values_file() -> None:
    svc = load_service("personalize")
    op = svc.operation("CreateMetricAttribution")
    chosen = example_values(svc, op, values_file_for(DEFAULT_VALUES, "personalize", op.name))
    assert chosen.provenance.kind == VALUES_FILE
    seed = json.loads((DEFAULT_VALUES / "personalize/CreateMetricAttribution.json").read_text())
    assert to_params(chosen.value) == seed


def test_documented_example_is_used_for_personalize_metric_expressions() -> None:
    params = _params("personalize", "CreateMetricAttribution")
    assert params["metrics"][0]["expression"] == "SUM(Items.PRICE)"
    svc = load_service("personalize")
    chosen = choose(svc, svc.operation("CreateMetricAttribution"), member_filter(svc, svc.operation("CreateMetricAttribution")))
    assert chosen.provenance.kind == DOCUMENTATION


def test_documented_candidates_read_examples_then_listed_values() -> None:
    doc = (
        "<p>Supports the following types: <code>String</code>, <code>Number</code>.</p>"
        "<p>For example SUM(Items.PRICE).</p><p>Such as <code>alias/ExampleAlias</code>.</p>"
    )
    assert documented_candidates(doc) == ("SUM(Items.PRICE)", "alias/ExampleAlias", "String", "Number")
    assert documented_candidates("<p>The name of the thing.</p>") == ()


def test_aws_authored_example_is_preferred_for_dynamodb_query() -> None:
    svc = load_service("dynamodb")
    op = svc.operation("Query")
    chosen = example_values(svc, op, None)
    assert chosen.provenance.kind == AWS_EXAMPLE
    assert chosen.provenance.title
    params = to_params(chosen.value)
    for key in params.get("ExpressionAttributeValues", {}):
        assert key.startswith(":")


def test_kms_alias_names_start_with_alias() -> None:
    assert _params("kms", "CreateAlias")["AliasName"].startswith("alias/")


def test_step_functions_arns_have_the_real_resource_form() -> None:
    arn = _params("stepfunctions", "DescribeStateMachine")["stateMachineArn"]
    assert arn.startswith("arn:aws:states:us-east-1:123456789012:stateMachine:")


def test_ecr_resource_arn_is_a_repository() -> None:
    arn = _params("ecr", "ListTagsForResource")["resourceArn"]
    assert ":repository/" in arn


def test_no_example_sets_dry_run_or_pagination_tokens() -> None:
    svc = load_service("ec2")
    names = sorted(svc.operations)[:120]
    for profile in ("minimal", "full"):
        for name in names:
            op = svc.operation(name)
            value = synthesize(svc, op, member_filter(svc, op), profile)
            members = {path[-1] for path, _, _ in member_paths(value)}
            assert "DryRun" not in members, (name, profile)
            assert "NextToken" not in members, (name, profile)


def test_minimal_profile_sets_only_required_members_and_full_sets_more() -> None:
    svc = load_service("personalize")
    op = svc.operation("CreateDatasetGroup")
    minimal = synthesize(svc, op, member_filter(svc, op), "minimal")
    full = synthesize(svc, op, member_filter(svc, op), "full")
    required = {m.name for m in svc.shape(op.input or "").members if m.required}
    assert {name for name, _ in minimal.fields} == required
    assert len(full.fields) > len(minimal.fields)


def test_minimal_profile_also_sets_what_the_service_needs_in_practice() -> None:
    # CreateSolution without a recipe trains nothing useful: the knowledge table includes it
    svc = load_service("personalize")
    op = svc.operation("CreateSolution")
    minimal = synthesize(svc, op, member_filter(svc, op), "minimal")
    required = {m.name for m in svc.shape(op.input or "").members if m.required}
    assert {name for name, _ in minimal.fields} == required | {"recipeArn"}


def test_time_ranges_start_before_they_end() -> None:
    params = _params("cloudwatch", "GetMetricStatistics")
    assert params["StartTime"] < params["EndTime"]


def test_policy_documents_are_json_policies() -> None:
    params = _params("iam", "CreatePolicy")
    policy = json.loads(params["PolicyDocument"])
    assert policy["Version"] == "2012-10-17"
    assert policy["Statement"][0]["Effect"] == "Allow"
    trust = json.loads(_params("iam", "CreateRole")["AssumeRolePolicyDocument"])
    assert trust["Statement"][0]["Action"] == "sts:AssumeRole"


def test_message_attribute_data_type_comes_from_the_documentation() -> None:
    params = _params("sqs", "SendMessage", "full")
    for attribute in params.get("MessageAttributes", {}).values():
        assert attribute["DataType"] in ("String", "Number", "Binary")


def test_ec2_resource_ids_have_their_prefix() -> None:
    assert _params("ec2", "DeleteDhcpOptions")["DhcpOptionsId"].startswith("dopt-")
    assert _params("ec2", "DeleteVpc")["VpcId"].startswith("vpc-")


@pytest.mark.parametrize(
    ("operation", "creator"),
    [("DescribeMetricAttribution", "CreateMetricAttribution"), ("CreateSolution", "CreateDatasetGroup")],
)
def test_prerequisites_name_the_creating_operation(operation: str, creator: str) -> None:
    svc = load_service("personalize")
    found = prerequisites(svc, svc.operation(operation))
    assert creator in [p.operation for p in found]


def test_an_invalid_aws_example_is_dropped_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.values import sources
    from generator.values.aws_examples import AwsExample

    bad = AwsExample("To break it", "test: bad", {"QueueName": 5})
    monkeypatch.setattr(sources, "aws_examples", lambda service, operation: [bad])
    svc = load_service("sqs")
    op = svc.operation("CreateQueue")
    chosen = choose(svc, op, member_filter(svc, op))
    assert chosen.provenance.kind in (SYNTHESIZED, DOCUMENTATION)
    assert chosen.dropped and chosen.dropped[0].startswith("test: bad")
