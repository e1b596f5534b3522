"""JavaScript v3 identifiers (generator.naming.js) and the JS renderer's refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.naming import js
from generator.targets.js import render_js, string_literal
from generator.values.tree import Value

PINS = Path(__file__).resolve().parents[2] / "generator" / "verify" / "toolchains" / "js"


@pytest.mark.parametrize(
    ("service_id", "package", "client"),
    [
        ("Personalize", "@aws-sdk/client-personalize", "PersonalizeClient"),
        ("DynamoDB", "@aws-sdk/client-dynamodb", "DynamoDBClient"),
        ("SSO OIDC", "@aws-sdk/client-sso-oidc", "SSOOIDCClient"),
        ("Route 53", "@aws-sdk/client-route-53", "Route53Client"),
        ("API Gateway", "@aws-sdk/client-api-gateway", "APIGatewayClient"),
        ("IoT Wireless", "@aws-sdk/client-iot-wireless", "IoTWirelessClient"),
        ("Elastic Load Balancing v2", "@aws-sdk/client-elastic-load-balancing-v2",
         "ElasticLoadBalancingV2Client"),
        ("ACM PCA", "@aws-sdk/client-acm-pca", "ACMPCAClient"),
    ],
)  # fmt: skip
def test_package_and_client(service_id: str, package: str, client: str) -> None:
    assert js.package(service_id) == package
    assert js.client_class(service_id) == client


def test_commands_members_and_reserved_names() -> None:
    assert js.command_class("CreateSolution") == "CreateSolutionCommand"
    assert js.input_type("CreateSolution") == "CreateSolutionCommandInput"
    assert js.shape_class("Object") == "_Object"
    assert js.shape_class("ResourceNotFoundException") == "ResourceNotFoundException"
    assert js.member_key("datasetGroupArn") == "datasetGroupArn"
    assert js.member_key("x-amz-meta") == '"x-amz-meta"'
    assert js.member_key("__proto__") == '["__proto__"]'
    assert js.file_name("DescribeDBInstances") == "describe-db-instances.js"


def test_versions_are_pinned_in_one_place() -> None:
    manifest = json.loads((PINS / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((PINS / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in manifest.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert js.pinned_version("Personalize") == manifest["@aws-sdk/client-personalize"]


def test_strings_are_ascii_javascript() -> None:
    assert string_literal('a"b\\\n\u00e9\U0001f600') == '"a\\"b\\\\\\n\\u00e9\\ud83d\\ude00"'


def test_render_shape() -> None:
    service = load_service("personalize")
    op = service.operation("CreateSolution")
    text = render_js(service, op, example_value(service, op, None), "Create a solution").text
    assert 'from "@aws-sdk/client-personalize";' in text
    assert "export const main = async ({ region, profile } = {}) => {" in text
    assert "new PersonalizeClient({ region, profile })" in text
    assert "client.send(new CreateSolutionCommand(input))" in text
    assert '/** @type {import("@aws-sdk/client-personalize").CreateSolutionCommandInput} */' in text
    assert "caught instanceof ResourceNotFoundException" in text and "throw caught;" in text
    assert "// snippet-start:[javascript.v3.personalize.CreateSolution]" in text
    assert "process.argv[1] === fileURLToPath(import.meta.url)" in text
    assert 'import { parseArgs } from "node:util";' in text
    assert 'options: { region: { type: "string" }, profile: { type: "string" } },' in text


def _one_member(shape: str, member: str, value: Value) -> Value:
    return Value(shape, "structure", fields=((member, value),))


def test_refuses_what_javascript_cannot_hold() -> None:
    service = load_service("dynamodb")
    op = service.operation("DescribeTable")
    big = _one_member("DescribeTableInput", "TableName", Value("Long", "long", scalar=2**60))
    with pytest.raises(UnsupportedError, match="beyond 2\\^53"):
        render_js(service, op, big, "t")
    fine = dt.datetime(2024, 1, 1, 0, 0, 0, 1, tzinfo=dt.UTC)
    moment = _one_member("DescribeTableInput", "TableName", Value("Date", "timestamp", scalar=fine))
    with pytest.raises(UnsupportedError, match="milliseconds"):
        render_js(service, op, moment, "t")


def test_glacier_upload_without_a_body_is_refused() -> None:
    """botocore sends the tree hash of an empty body; client-glacier only hashes a body."""
    service = load_service("glacier")
    op = service.operation("UploadArchive")
    value = example_value(service, op, None)
    assert value.field("body") is None
    with pytest.raises(UnsupportedError, match="tree-hash checksum"):
        render_js(service, op, value, "t")
