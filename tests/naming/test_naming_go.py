"""Go v2 identifiers (generator.naming.go) and the Go renderer (the refresh tool: tests/data_tools)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from support import require_tool

from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.naming import go
from generator.targets.go import render_go, string_literal
from generator.values.synthesize import synthesize


@pytest.mark.parametrize(
    ("service_id", "package"),
    [("Personalize Runtime", "personalizeruntime"), ("SSO OIDC", "ssooidc"),
     ("Elastic Load Balancing v2", "elasticloadbalancingv2"), ("DynamoDB", "dynamodb")],
)  # fmt: skip
def test_package(service_id: str, package: str) -> None:
    assert go.package(service_id) == package
    assert go.module(service_id) == "github.com/aws/aws-sdk-go-v2/service/" + package


def test_fields_pointers_and_enums_come_from_the_module() -> None:
    fields = go.struct_fields("Personalize", "CreateSolutionInput", is_input=True)
    assert fields is not None
    assert go.field_name(fields, "performHPO") == "PerformHPO"
    assert fields["PerformHPO"] == "*bool" and fields["PerformAutoML"] == "bool"
    assert go.field_name(fields, "noSuchMember") is None
    assert go.enum_constant("Personalize", "Domain", "VIDEO_ON_DEMAND") == "DomainVideoOnDemand"
    assert go.union_member("AttributeValue", "S") == "AttributeValueMemberS"
    assert go.struct_fields("DynamoDB", "AttributeValueMemberS", is_input=False) == {
        "Value": "string"
    }
    assert (
        go.error_struct("Personalize", "ResourceNotFoundException") == "ResourceNotFoundException"
    )


def test_string_literal() -> None:
    assert string_literal('a"b\\\n\x01\u00e9\U0001f600') == '"a\\"b\\\\\\n\\x01\\u00e9\\U0001f600"'


def test_render_shape() -> None:
    service = load_service("personalize")
    op = service.operation("CreateSolution")
    value = example_value(service, op, None, profile="full")
    text = render_go(service, op, value, "Create a solution").text
    assert "client.CreateSolution(ctx, &personalize.CreateSolutionInput{" in text
    assert re.search(r"\n\t\tPerformAutoML: +true,\n", text)
    assert re.search(r"\n\t\tPerformHPO: +aws\.Bool\(true\),\n", text)
    assert "Tags: []types.Tag{" in text
    assert "errors.As(err, &resourceNotFoundErr)" in text
    assert "// snippet-start:[gov2.personalize.CreateSolution]" in text


def test_refuses_modules_not_served_here_with_the_proxy_answer() -> None:
    service = load_service("deadline")
    op = service.operation("CreateJob")
    with pytest.raises(UnsupportedError) as raised:
        render_go(service, op, example_value(service, op, None), "t")
    message = raised.value.message
    assert message.startswith("SDK module not available here: the Go module proxy refused ")
    assert "github.com/aws/aws-sdk-go-v2/service/deadline on 20" in message
    assert "version list: 404 Not Found" in message


def test_region_and_profile_flags_fall_back_to_the_default_chain() -> None:
    service = load_service("personalize")
    op = service.operation("DescribeSolution")
    text = render_go(service, op, example_value(service, op, None), "t").text
    assert 'region := flag.String("region", "", ' in text
    assert 'profile := flag.String("profile", "", ' in text
    assert "config.WithRegion(*region)" in text and "config.WithSharedConfigProfile(*profile)" in text
    assert "config.LoadDefaultConfig(ctx, options...)" in text


def test_paginated_operations_iterate_the_sdk_paginator() -> None:
    service = load_service("iam")
    op = service.operation("ListRoles")
    text = render_go(service, op, example_value(service, op, None), "t").text
    assert "paginator := iam.NewListRolesPaginator(client, &iam.ListRolesInput{})" in text
    assert "for pages := 1; paginator.HasMorePages(); pages++ {" in text
    assert 'log.Printf("Page %d: %d Roles\\n", pages, len(page.Roles))' in text
    assert go.paginator("IAM", "ListRoles") == {"in": "Marker", "out": "Marker", "limit": "MaxItems"}


def test_rendered_examples_are_gofmt_clean(tmp_path: Path) -> None:
    """Examples are written as gofmt writes them (aligned values, elided element types)."""
    gofmt = require_tool("gofmt", "the Go examples are checked with gofmt -l")
    count = 0
    for service_name in ("personalize", "dynamodb", "s3", "ec2", "bedrock-runtime", "iam", "glue"):
        service = load_service(service_name)
        for name in list(service.operations)[:40]:
            op = service.operation(name)
            try:
                text = render_go(service, op, example_value(service, op, None), name).text
            except UnsupportedError:
                continue
            (tmp_path / f"{service_name}_{name}.go").write_text(text, encoding="utf-8")
            count += 1
    assert count > 100
    result = subprocess.run(
        [gofmt, "-l", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", "not gofmt-clean:\n" + result.stdout


def test_always_sent_fields_are_refused() -> None:
    """A struct whose non-pointer field the SDK always sends cannot leave it out: refused."""
    assert go.always_sent("SQS", "ChangeMessageVisibilityBatchRequestEntry") == [
        "VisibilityTimeout"
    ]
    service = load_service("sqs")
    op = service.operation("ChangeMessageVisibilityBatch")
    value = synthesize(service, op)  # required members only: VisibilityTimeout left out
    with pytest.raises(UnsupportedError, match="always sends"):
        render_go(service, op, value, "t")


def test_what_the_go_client_would_send_otherwise_is_refused() -> None:
    """A field the Go client's validator requires (botocore's model does not), and a false
    non-pointer boolean, which Go leaves out and botocore sends: refused with the reason."""
    from generator.values.validate import from_document

    service = load_service("connect")
    op = service.operation("ReplicateInstance")
    with pytest.raises(UnsupportedError, match="requires ReplicateInstanceInput.ReplicaAlias"):
        render_go(service, op, example_value(service, op, None), "t")
    op = service.operation("UpdateUserPhoneConfig")
    document = {
        "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": False},
        "UserId": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        "InstanceId": "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222",
    }
    value = from_document(service, op, document, "test")
    with pytest.raises(UnsupportedError, match="only when it is not False"):
        render_go(service, op, value, "t")
    document["PhoneConfig"]["AutoAccept"] = True  # type: ignore[index]
    text = render_go(service, op, from_document(service, op, document, "test"), "t").text
    assert "AutoAccept: true," in text


def test_scenario_names_are_go_identifiers_that_shadow_nothing_the_program_uses() -> None:
    assert go.scenario_variable("table-name") == "tableName"
    assert go.scenario_variable("queue-url") == "queueUrl"
    # a keyword, a predeclared type and a name of the program's own code get a trailing _
    assert [go.scenario_variable(w) for w in ("type", "string", "err", "output")] == [
        "type_", "string_", "err_", "output_"]  # fmt: skip
    assert go.scenario_client("secretsmanager") == "secretsmanagerClient"
    assert go.scenario_routine("wait", "DescribeTable", "TableExists", "table") == "waitForTableExists"
    assert go.scenario_routine("poll", "DescribeDatasetGroup", "ACTIVE", "dataset-group") == (
        "waitUntilDatasetGroupACTIVE")
    assert go.scenario_routine("list", "ListTables", "", "table") == "findTable"
    assert go.scenario_routine("call", "DeleteTable", "", "table") == "deleteTable"
    assert go.waiter_constructor("TableExists") == "NewTableExistsWaiter"
    assert go.scenario_dir("dataset-group") == "dataset_group_basics"
    assert go.scenario_tag("dynamodb", "table") == "gov2.dynamodb.Scenario_TableBasics"
