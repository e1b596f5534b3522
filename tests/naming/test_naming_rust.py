"""AWS SDK for Rust identifiers (generator.naming.rust) and the Rust renderer.

The rules are smithy-rs' own (``Strings.kt``, ``RustReservedWords.kt``); the pinned crates'
tables (``data/rust.json``, tests/data_tools) say what each crate really has, and
:func:`test_rules_match_the_pinned_crates` measures how often the rules alone would be right.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import botocore.session
import pytest
from support import require_tool

from generator.errors import UnsupportedError
from generator.generate.pipeline import example_value
from generator.model.lower import load_service
from generator.naming import rust
from generator.targets.rust import render_rust
from generator.targets.rust_values import byte_string_literal, float_literal, string_literal


@pytest.mark.parametrize(
    ("service_id", "crate"),
    [("Personalize", "aws-sdk-personalize"), ("Personalize Runtime", "aws-sdk-personalizeruntime"),
     ("SSO OIDC", "aws-sdk-ssooidc"), ("Elastic Load Balancing v2", "aws-sdk-elasticloadbalancingv2"),
     ("ApiGatewayManagementApi", "aws-sdk-apigatewaymanagement"),
     ("Resource Groups Tagging API", "aws-sdk-resourcegroupstagging"),
     ("Application Discovery Service", "aws-sdk-applicationdiscovery"),
     ("Directory Service", "aws-sdk-directory"), ("CloudWatch Logs", "aws-sdk-cloudwatchlogs")],
)  # fmt: skip
def test_crate_names(service_id: str, crate: str) -> None:
    """The crate names of aws-sdk-rust's index (awslabs/aws-sdk-rust index.md)."""
    assert rust.crate(service_id) == crate
    assert rust.module(service_id) == crate.replace("-", "_")


@pytest.mark.parametrize(
    ("name", "snake"),
    [("DescribeDBInstances", "describe_db_instances"), ("performHPO", "perform_hpo"),
     ("ListWebACLs", "list_web_acls"), ("IPv6Address", "ipv6_address"), ("SSEKMSKeyId", "ssekms_key_id"),
     ("ChecksumCRC32C", "checksum_crc32_c"), ("DynamoDBv2Action", "dynamo_dbv2_action"),
     ("OtaaV1_1", "otaa_v1_1"), ("LoRaWAN", "lo_ra_wan"), ("s3Key", "s3_key")],
)  # fmt: skip
def test_snake_case_follows_smithy_rs(name: str, snake: str) -> None:
    assert rust.snake(name) == snake


def test_type_names_keywords_and_renames() -> None:
    assert rust.type_name("DBInstance") == "DbInstance"
    assert rust.type_name("AutoMLConfig") == "AutoMlConfig"
    assert rust.member_base("type") == "type" and rust.identifier("type") == "r#type"
    assert rust.identifier(rust.member_base("self")) == "self_"
    assert rust.member_base("build") == "build_value"
    assert rust.variant("NULL") == "Null" and rust.variant("Unknown") == "UnknownValue"


def test_tables_come_from_the_crate() -> None:
    table = rust.operation("Personalize", "CreateSolution")
    assert table is not None and table["setters"]["tags"] == "Vec<Tag>"
    assert table["setters"]["perform_hpo"] == "bool" and not table["paginator"]
    assert rust.operation("Personalize", "ListSolutions")["paginator"]  # type: ignore[index]
    assert rust.error_variant("Personalize", "CreateSolution", "ResourceNotFoundException")
    tag = rust.structure("Personalize", "Tag")
    assert tag is not None and tag["fallible"]
    assert rust.enum_variant("Personalize", "Domain", "VIDEO_ON_DEMAND") == "VideoOnDemand"
    assert rust.union_variants("DynamoDB", "AttributeValue")["Null"] == "bool"  # type: ignore[index]
    assert rust.crate_version("Personalize Runtime") is None  # not pinned here


def test_rules_match_the_pinned_crates() -> None:
    """smithy-rs' rules give the crate's operation and setter names: every miss is a member or
    operation botocore has and the crate does not (a model newer than the crate)."""
    session = botocore.session.get_session()
    operations = missing = total = misses = 0
    for name in session.get_available_services():
        model = session.get_service_model(name)
        sid = model.metadata["serviceId"]
        if rust.crate_data(sid) is None:
            continue
        for op in model.operation_names:
            operations += 1
            table = rust.operation(sid, op)
            if table is None:
                missing += 1
                continue
            shape = model.operation_model(op).input_shape
            members = list(shape.members) if shape is not None else []
            total += len(members)
            misses += sum(rust.member_base(m) not in table["setters"] for m in members)
    print(
        f"rust names by rule: {operations - missing} of {operations} operations, "
        f"{total - misses} of {total} input members found in the pinned crates"
    )
    assert operations > 2500 and missing / operations < 0.05
    assert total > 10000 and misses / total < 0.01


def test_literals() -> None:
    assert string_literal('a"b\\\n\x01\u00e9\U0001f600') == '"a\\"b\\\\\\n\\u{1}\\u{e9}\\u{1f600}"'
    assert byte_string_literal(b'a\x00\xff"') == 'b"a\\0\\xff\\""'
    assert float_literal(1.0, "f64") == "1.0" and float_literal(float("nan"), "f32") == "f32::NAN"
    with pytest.raises(UnsupportedError):
        string_literal("\ud800")


def test_render_shape() -> None:
    service = load_service("personalize")
    op = service.operation("CreateSolution")
    text = render_rust(service, op, example_value(service, op, None, profile="full"), "t").text
    assert "        .create_solution()\n" in text and "        .perform_hpo(true)\n" in text
    assert "Tag::builder()" in text and ".build()?" in text
    assert "aws_config::defaults(BehaviorVersion::latest())" in text
    assert "CreateSolutionError::ResourceNotFoundException(e)" in text
    assert "DisplayErrorContext(&err)" in text
    assert "// snippet-start:[rust.personalize.CreateSolution]" in text
    listing = service.operation("ListSolutions")
    text = render_rust(service, listing, example_value(service, listing, None), "t").text
    assert ".into_paginator()" in text and "pages.next().await" in text


def test_refuses_what_the_crate_lacks() -> None:
    service = load_service("bedrock-runtime")
    op = service.operation("InvokeModelWithBidirectionalStream")
    with pytest.raises(UnsupportedError, match="input event streams"):
        render_rust(service, op, example_value(service, op, None), "t")
    service = load_service("dynamodb")
    op = (
        service.operation("ListBulkOperations")
        if "ListBulkOperations" in service.operations
        else None
    )
    if op is not None:  # botocore newer than the pinned crate
        with pytest.raises(UnsupportedError, match="has no ListBulkOperations"):
            render_rust(service, op, example_value(service, op, None), "t")


def test_rendered_examples_are_rustfmt_clean(tmp_path: Path) -> None:
    """Examples are laid out as rustfmt lays them out."""
    rustfmt = require_tool("rustfmt", "the Rust examples are checked with rustfmt --check")
    files = []
    for service_name in ("personalize", "dynamodb", "s3", "ec2", "bedrock-runtime", "sns"):
        service = load_service(service_name)
        for name in list(service.operations)[:30]:
            op = service.operation(name)
            try:
                text = render_rust(
                    service, op, example_value(service, op, None, profile="full"), name
                ).text
            except UnsupportedError:
                continue
            path = tmp_path / f"{service_name}_{name}.rs"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
    assert len(files) > 120
    result = subprocess.run(
        [rustfmt, "--check", "--edition", "2021", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[:3000] + result.stderr[:2000]
