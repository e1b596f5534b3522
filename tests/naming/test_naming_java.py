"""Unit tests of generator.naming.java on tricky names.

Every expected value here was checked against the real AWS SDK for Java 2.x jars (2.57.8 or
2.40.2) by reflection; tests/verify/test_javatool.py re-checks a selection against the jars.
"""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest

from generator.naming import java


def _model(service: str) -> dict[str, Any]:
    loader = botocore.session.get_session().get_component("data_loader")
    model: dict[str, Any] = loader.load_service_model(service, "service-2")
    return model


@pytest.mark.parametrize(
    ("service_id", "name", "client", "package"),
    [
        ("Personalize", "Personalize", "PersonalizeClient", "personalize"),
        ("DynamoDB", "DynamoDb", "DynamoDbClient", "dynamodb"),
        ("EC2", "Ec2", "Ec2Client", "ec2"),
        ("SSO OIDC", "SsoOidc", "SsoOidcClient", "ssooidc"),
        ("RDS", "Rds", "RdsClient", "rds"),
        ("API Gateway", "ApiGateway", "ApiGatewayClient", "apigateway"),
        ("Lex Runtime V2", "LexRuntimeV2", "LexRuntimeV2Client", "lexruntimev2"),
        ("Elastic Load Balancing v2", "ElasticLoadBalancingV2", "ElasticLoadBalancingV2Client",
         "elasticloadbalancingv2"),
        ("Database Migration Service", "DatabaseMigration", "DatabaseMigrationClient",
         "databasemigration"),
        ("CloudSearch Domain", "CloudSearchDomain", "CloudSearchDomainClient",
         "cloudsearchdomain"),
        ("DynamoDB Streams", "DynamoDbStreams", "DynamoDbStreamsClient", "dynamodb.streams"),
        ("WAF Regional", "WafRegional", "WafRegionalClient", "waf.regional"),
    ],
)  # fmt: skip
def test_service_level_names_follow_pascal_case_of_service_id(
    service_id: str, name: str, client: str, package: str
) -> None:
    assert java.service_name(service_id) == name
    assert java.client_class(service_id) == client
    assert java.package(service_id) == f"software.amazon.awssdk.services.{package}"


@pytest.mark.parametrize(
    ("service_id", "base", "model_package"),
    [
        ("Personalize", "PersonalizeException", "personalize"),
        ("DynamoDB Streams", "DynamoDbException", "dynamodb"),
        ("WAF Regional", "WafException", "waf"),
    ],
)
def test_base_exception_and_model_package(service_id: str, base: str, model_package: str) -> None:
    assert java.base_exception(service_id) == base
    assert (
        java.model_package(service_id) == f"software.amazon.awssdk.services.{model_package}.model"
    )


@pytest.mark.parametrize(
    ("botocore_name", "module"),
    [
        ("personalize", "personalize"),
        ("dynamodb", "dynamodb"),
        ("dynamodbstreams", "dynamodb"),
        ("sso-oidc", "ssooidc"),
        ("waf-regional", "waf"),
        ("events", "eventbridge"),
        ("sms-voice", "pinpointsmsvoice"),
        ("sdb", None),
    ],
)
def test_maven_module_uses_the_exception_table(botocore_name: str, module: str | None) -> None:
    service_id = _model(botocore_name)["metadata"]["serviceId"]
    assert java.maven_module(botocore_name, service_id) == module


@pytest.mark.slow
def test_every_botocore_service_maps_to_a_bom_module_or_is_newer_than_the_bom() -> None:
    session = botocore.session.get_session()
    known = (java.bom_modules("2.59.1") or frozenset()) | (
        java.bom_modules("2.40.2") or frozenset()
    )
    unknown = []
    for name in session.get_available_services():
        module = java.maven_module(name, _model(name)["metadata"]["serviceId"])
        if module is not None and module not in known:
            unknown.append(module)
    # services launched after SDK 2.59.1: each is one the newest BOM lists (the rule's name
    # is the SDK's) and Maven Central here serves no version of (data/java_bom.json)
    assert unknown and all(java.newer_bom_module(m) is not None for m in unknown), unknown


@pytest.mark.parametrize(
    ("operation", "method", "request_cls", "response_cls"),
    [
        ("DescribeDBInstances", "describeDBInstances", "DescribeDbInstancesRequest",
         "DescribeDbInstancesResponse"),
        ("Invoke", "invoke", "InvokeRequest", "InvokeResponse"),
        ("CreateMetricAttribution", "createMetricAttribution", "CreateMetricAttributionRequest",
         "CreateMetricAttributionResponse"),
        ("ExecutePartiQLStatement", "executePartiQLStatement", "ExecutePartiQlStatementRequest",
         "ExecutePartiQlStatementResponse"),
        ("CreateCIMDPolicy", "createCIMDPolicy", "CreateCimdPolicyRequest",
         "CreateCimdPolicyResponse"),
    ],
)  # fmt: skip
def test_operation_names_come_from_the_operation(
    operation: str, method: str, request_cls: str, response_cls: str
) -> None:
    assert java.method_name(operation) == method
    assert java.request_class(operation) == request_cls
    assert java.response_class(operation) == response_cls


def test_operation_named_like_the_service_gets_default_prefix() -> None:
    assert java.request_class("Personalize", "Personalize") == "DefaultPersonalizeRequest"
    assert java.exception_class("PersonalizeException", "Personalize") == (
        "DefaultPersonalizeException"
    )


@pytest.mark.parametrize(
    ("service_id", "shape", "cls"),
    [
        ("Personalize", "S3DataConfig", "S3DataConfig"),
        ("RDS", "DBInstance", "DBInstance"),
        ("S3", "Object", "S3Object"),
        ("S3", "Error", "S3Error"),
        ("Elastic Beanstalk", "Builder", "PlatformBuilder"),
        ("IoT Wireless", "OtaaV1_1", "OtaaV1_1"),
        ("IoT Wireless", "LoRaWANDevice", "LoRaWANDevice"),
        ("MediaPackage", "__AdTriggersElement", "AdTriggersElement"),
        ("Pinpoint", "__TimezoneEstimationMethodsElement", "__TimezoneEstimationMethodsElement"),
        ("STS", "webIdentityTokenSubjectModeType", "WebIdentityTokenSubjectModeType"),
    ],
)
def test_shape_class_capitalizes_without_folding(service_id: str, shape: str, cls: str) -> None:
    assert java.shape_class(service_id, shape) == cls


@pytest.mark.parametrize(
    ("shape", "cls"),
    [
        ("ResourceNotFoundException", "ResourceNotFoundException"),
        ("DBInstanceNotFoundFault", "DbInstanceNotFoundException"),
        ("InternalServerError", "InternalServerErrorException"),
        ("KMSAccessDeniedException", "KmsAccessDeniedException"),
        ("AccessDenied", "AccessDeniedException"),
    ],
)
def test_exception_class_pascal_cases_and_suffixes(shape: str, cls: str) -> None:
    assert java.exception_class(shape) == cls


@pytest.mark.parametrize(
    ("service_id", "shape", "member", "method"),
    [
        ("RDS", "DescribeDBInstancesMessage", "DBInstanceIdentifier", "dbInstanceIdentifier"),
        ("Lambda", "CreateFunctionRequest", "KMSKeyArn", "kmsKeyArn"),
        ("DynamoDB", "ReplicaDescription", "KMSMasterKeyId", "kmsMasterKeyId"),
        ("S3", "PutObjectRequest", "SSEKMSKeyId", "ssekmsKeyId"),
        ("EC2", "S3Storage", "AWSAccessKeyId", "awsAccessKeyId"),
        ("EC2", "AttachClassicLinkVpcResult", "Return", "returnValue"),
        ("CloudSearch Domain", "SearchRequest", "return", "returnValues"),
        ("codeartifact", "DescribePackageRequest", "package", "packageValue"),
        ("deadline", "JobParameter", "int", "intValue"),
        ("Bedrock Agent Runtime", "RetrievalFilter", "equals", "equalsValue"),
        ("Bedrock Data Automation", "DataAutomationProject", "overrideConfiguration",
         "overrideConfigurationValue"),
        ("DynamoDB", "AttributeValue", "NULL", "nul"),
        ("DynamoDB Streams", "AttributeValue", "NULL", "nul"),
        ("IoT Wireless", "LoRaWANDevice", "OtaaV1_1", "otaaV1_1"),
        ("IoT Wireless", "LoRaWANDevice", "FPorts", "fPorts"),
        ("IoT Wireless", "CreateWirelessDeviceRequest", "LoRaWAN", "loRaWAN"),
        ("S3", "CopyObjectRequest", "Bucket", "destinationBucket"),
        ("EC2", "Image", "Public", "publicLaunchPermissions"),
        ("EC2", "FpgaImage", "Public", "isPublic"),
        ("Cognito Identity Provider", "AccountTakeoverActionType", "Notify", "sendNotification"),
        ("Elastic Beanstalk", "CreatePlatformVersionResult", "Builder", "platformBuilder"),
    ],
)  # fmt: skip
def test_member_method_names(service_id: str, shape: str, member: str, method: str) -> None:
    assert java.member_method(service_id, shape, member) == method


@pytest.mark.parametrize(
    ("service_id", "shape", "member", "method"),
    [
        ("SSO OIDC", "AuthorizationPendingException", "error_description", "error_description"),
        ("Chime SDK Meetings", "BadRequestException", "RequestId", "requestIdValue"),
        ("QuickSight", "AccessDeniedException", "RequestId", "quicksightRequestId"),
        ("QuickSight", "ConflictException", "RequestId", "requestIdValue"),
        ("Directory Service", "ClientException", "RequestId", "directoryRequestId"),
    ],
)
def test_exception_members_have_their_own_reserved_names(
    service_id: str, shape: str, member: str, method: str
) -> None:
    assert java.member_method(service_id, shape, member, is_exception=True) == method


def test_structure_reserved_names_do_not_apply_to_exceptions() -> None:
    assert java.member_method("X", "S", "RequestId") == "requestId"
    assert java.member_method("X", "E", "OverrideConfiguration", is_exception=True) == (
        "overrideConfiguration"
    )


def test_list_and_map_of_enums_take_strings() -> None:
    lam = _model("lambda")["shapes"]
    assert java.is_or_contains_enum("ArchitecturesList", lam)
    assert java.enum_setter_for_list("Lambda", "CreateFunctionRequest", "Architectures") == (
        "architecturesWithStrings"
    )
    personalize = _model("personalize")["shapes"]
    influence = personalize["CampaignConfig"]["members"]["rankingInfluence"]["shape"]
    assert java.is_or_contains_enum(influence, personalize)  # map keyed by an enum
    assert not java.is_or_contains_enum("MetricAttributes", personalize)
    assert java.enum_getter_as_string("Lambda", "X", "Architectures", container=True) == (
        "architecturesAsStrings"
    )


def test_generated_or_not_tables() -> None:
    assert not java.is_operation_generated("Lambda", "InvokeAsync")
    assert not java.is_operation_generated("S3", "PutBucketLifecycle")
    assert java.is_operation_generated("S3", "PutBucketLifecycleConfiguration")
    assert not java.is_shape_generated("RDS", "BackupPolicyNotFoundFault")
    assert not java.is_member_generated("CloudHSM", "CloudHsmServiceException", "retryable")
    assert java.is_member_generated("EC2", "DescribeInstancesRequest", "DryRun")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("SSO OIDC", ["SSO", "OIDC"]),
        ("DynamoDB", ["Dynamo", "DB"]),
        ("ACMSuccess", ["ACM", "Success"]),
        ("s3ec2", ["s3", "ec2"]),
        ("TestV4", ["Test", "V4"]),
        ("acm-success", ["acm", "success"]),
    ],
)
def test_split_words_matches_the_codegen(name: str, words: list[str]) -> None:
    assert java.split_words(name) == words


def test_un_capitalize_rejects_empty_names() -> None:
    with pytest.raises(ValueError):
        java.un_capitalize(" ")


def test_java_lang_clashes_are_flagged() -> None:
    assert java.needs_qualified_name("Record")
    assert java.needs_qualified_name("System")
    assert not java.needs_qualified_name("S3Object")
