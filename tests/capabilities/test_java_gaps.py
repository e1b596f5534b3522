"""generator/naming/data/java_gaps.json (made by tools/java_sdk_gaps.py by reflection over the
real AWS SDK for Java 2.x jars) and the ``naming.java.sdk_has_*`` functions that read it.

botocore 1.44.8 is newer than the SDK the examples compile against, so its models hold names the
jars lack; these tests pin a few such names found in the tests' own examples, a few old names
that must not be reported, and the file's shape (sorted, deterministic, botocore names only).
"""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest

from generator.capabilities import java as java_caps

DATA = java_caps.GAPS_FILE
VERSIONS = {"2.59.1", "2.40.2"}
# The services the test suite generates examples for (tools/java_sdk_gaps.py PRIORITY).
TESTED = (
    "personalize", "dynamodb", "sqs", "kinesis", "cloudwatch", "codeartifact", "ecs", "lambda",
    "eks", "cloudsearchdomain", "deadline", "bedrock-runtime", "bedrock-agent-runtime",
    "iotwireless", "sso-oidc", "apigateway", "glacier", "s3", "route53", "cloudfront", "rds",
    "sns", "iam", "sts", "cloudformation", "ec2",
)  # fmt: skip
_LOADER = botocore.session.get_session().get_component("data_loader")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


def _model(service: str) -> dict[str, Any]:
    model: dict[str, Any] = _LOADER.load_service_model(service, "service-2")
    return model


def test_file_is_sorted_and_written_deterministically(data: dict[str, Any]) -> None:
    assert list(data) == [
        "_about", "sdk_versions", "unavailable", "operations", "shapes", "members", "types",
    ]  # fmt: skip
    assert DATA.read_text(encoding="utf-8") == json.dumps(data, indent=1) + "\n"
    for table in ("sdk_versions", "operations", "shapes", "members", "types"):
        assert list(data[table]) == sorted(data[table]), table
    assert data["unavailable"] == sorted(set(data["unavailable"]))
    for table in ("operations", "shapes"):
        for service, names in data[table].items():
            assert names and names == sorted(set(names)), (table, service)
    for service, shapes in data["members"].items():
        assert shapes and list(shapes) == sorted(shapes), service
        for shape, members in shapes.items():
            assert members and members == sorted(set(members)), (service, shape)
    for service, types in data["types"].items():
        assert types and list(types) == sorted(types), service
        assert all(found and " " not in found for found in types.values()), service


def test_services_are_probed_or_unavailable(data: dict[str, Any]) -> None:
    versions = data["sdk_versions"]
    assert set(versions.values()) <= VERSIONS
    assert not set(versions) & set(data["unavailable"])
    for table in ("operations", "shapes", "members", "types"):
        assert set(data[table]) <= set(versions), table
    assert set(TESTED) <= set(versions) | set(data["unavailable"])
    assert set(TESTED) <= set(versions)  # every tested service's module is served here
    # No Java client ever existed for these; their module names are None in naming.java.
    assert {"sdb", "importexport"} <= set(data["unavailable"])


@pytest.mark.parametrize("service", TESTED)
def test_recorded_names_are_botocore_names(data: dict[str, Any], service: str) -> None:
    model = _model(service)
    shapes = model["shapes"]
    assert set(data["operations"].get(service, [])) <= set(model["operations"])
    assert set(data["shapes"].get(service, [])) <= set(shapes)
    for shape, members in data["members"].get(service, {}).items():
        assert set(members) <= set(shapes[shape]["members"]), shape
        assert shape not in data["shapes"].get(service, [])  # a missing class implies its members


def test_recorded_types_are_members_of_scalar_shapes(data: dict[str, Any]) -> None:
    kinds = {"string", "integer", "long", "float", "double", "boolean", "timestamp", "blob",
             "list", "map"}  # fmt: skip
    for service, types in data["types"].items():
        shapes = _model(service)["shapes"]
        for name in types:
            shape, member = name.split(".")
            target = shapes[shapes[shape]["members"][member]["shape"]]
            assert target["type"] in kinds, (service, name)
            assert member not in data["members"].get(service, {}).get(shape, [])


@pytest.mark.parametrize(
    ("service", "shape", "member"),
    [
        ("lambda", "CreateFunctionRequest", "AcceleratorConfig"),
        ("ec2", "AcceptVpcEndpointConnectionsRequest", "TransitGatewayAttachmentIds"),
        ("bedrock-runtime", "ConverseRequest", "projectIdentifier"),
        ("iam", "CreateRoleRequest", "MaxSigninSessionDuration"),
        ("deadline", "CreateJobRequest", "nameOverride"),
    ],
)
def test_members_newer_than_the_jars_are_gaps(service: str, shape: str, member: str) -> None:
    assert member in _model(service)["shapes"][shape]["members"]  # botocore has it
    assert not java_caps.sdk_has_member(service, shape, member)
    assert java_caps.sdk_has_shape(service, shape)  # the class itself is there


@pytest.mark.parametrize(
    ("service", "shape"), [("lambda", "AcceleratorConfig"), ("lambda", "PauseDetails")]
)
def test_shapes_newer_than_the_jars_are_gaps(service: str, shape: str) -> None:
    assert shape in _model(service)["shapes"]
    assert not java_caps.sdk_has_shape(service, shape)
    first_member = next(iter(_model(service)["shapes"][shape]["members"]))
    assert not java_caps.sdk_has_member(service, shape, first_member)  # no class, no builder


@pytest.mark.parametrize(
    ("service", "shape", "member"),
    [
        ("personalize", "CreateMetricAttributionRequest", "name"),
        ("personalize", "MetricAttribute", "eventType"),
        ("lambda", "CreateFunctionRequest", "FunctionName"),
        ("lambda", "CreateFunctionRequest", "Architectures"),
        ("ec2", "RunInstancesMonitoringEnabled", "Enabled"),
        ("ec2", "RunInstancesMonitoringEnabled", "MetricCategoryIds"),  # in 2.59.1, not 2.57.8
        ("lambda", "CreateFunctionRequest", "RuntimeConfig"),  # likewise
        ("ec2", "RunInstancesRequest", "ImageId"),
        ("bedrock-runtime", "ConverseRequest", "modelId"),
        ("iam", "CreateRoleRequest", "RoleName"),
        ("iam", "CreateRoleRequest", "AssumeRolePolicyDocument"),
        ("deadline", "CreateJobRequest", "priority"),
        ("dynamodb", "AttributeValue", "NULL"),  # renamed nul(): a naming rule, not a gap
        ("s3", "CopyObjectRequest", "Bucket"),  # renamed destinationBucket()
        ("s3", "PutObjectRequest", "Bucket"),
        ("s3", "PutObjectRequest", "Body"),  # streaming: passed beside the request, not probed
        ("iotwireless", "LoRaWANDevice", "OtaaV1_1"),
        ("sso-oidc", "AuthorizationPendingException", "error_description"),
    ],
)
def test_old_members_are_not_gaps(service: str, shape: str, member: str) -> None:
    assert java_caps.sdk_has_member(service, shape, member)
    assert java_caps.sdk_has_shape(service, shape)


@pytest.mark.parametrize(
    ("service", "operation", "present"),
    [
        ("personalize", "CreateMetricAttribution", True),
        ("dynamodb", "PutItem", True),
        ("ec2", "RunInstances", True),
        ("iam", "CreateRole", True),
        ("lambda", "CreateFunction", True),
        ("s3", "PutObject", True),
        ("kinesis", "SubscribeToShard", False),  # event stream: async client only
        ("bedrock-runtime", "ConverseStream", False),
        ("s3", "SelectObjectContent", False),
        ("lambda", "InvokeAsync", False),  # dropped by the SDK's customization
        ("s3", "GetBucketLifecycle", False),
    ],
)
def test_operations(service: str, operation: str, present: bool) -> None:
    assert java_caps.sdk_has_operation(service, operation) is present


def test_versions_and_unknown_services() -> None:
    assert java_caps.sdk_version("deadline") == "2.40.2"
    assert java_caps.sdk_version("personalize") == "2.40.2"
    assert java_caps.sdk_version("ec2") == "2.59.1"
    assert java_caps.sdk_version("no-such-service") == "2.59.1"
    assert java_caps.sdk_has_operation("no-such-service", "Anything")
    assert java_caps.sdk_has_shape("no-such-service", "Anything")
    assert java_caps.sdk_has_member("no-such-service", "Anything", "Member")
    assert java_caps.sdk_module_served("ec2") and java_caps.sdk_module_served("no-such-service")
    assert not java_caps.sdk_module_served("sdb")
