"""Wire tests of ``generator.verify.endpoint``: the loopback endpoint decodes what botocore sends.

For a sample covering all six protocols, real botocore clients call the endpoint and the
decoded params must equal the params passed (minus members botocore fills by itself, e.g.
idempotency tokens and flexible checksums); the call must succeed, i.e. botocore parses the
synthesised response.  Further: a pure ``decode_request`` unit test, unknown operations,
concurrency, response synthesis, and (marked slow) whole-catalog round trips.
"""

from __future__ import annotations

import functools
import http.client
import io
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import botocore.parsers
import botocore.response
import botocore.serialize
import botocore.session
import pytest
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.exceptions import ClientError, ParamValidationError
from botocore.model import OperationModel, ServiceModel
from hypothesis import given, settings
from hypothesis import strategies as st
from urllib3 import HTTPHeaderDict

from generator.verify.endpoint import (
    Endpoint,
    UnknownOperationError,
    decode_request,
    reference_call,
    reference_params,
    resolve_protocol,
    serialize_response,
    synthesize_output,
    without_auto_filled,
)
from generator.verify.endpoint.respond import FIXED_TIMESTAMP, synthesize_value

T0 = datetime(2024, 3, 1, 12, 30, 0, tzinfo=UTC)
T1 = datetime(2024, 3, 2, 8, 0, 0, tzinfo=UTC)

CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # ---- json ----
    (
        "json",
        "personalize",
        "CreateMetricAttribution",
        {
            "name": "clicks",
            "datasetGroupArn": "arn:aws:personalize:us-east-1:123456789012:dataset-group/dg",
            "metrics": [
                {
                    "eventType": "click",
                    "expression": "SUM(DatasetType.INTERACTIONS.EVENT_VALUE)",
                    "metricName": "click_sum",
                }
            ],
            "metricsOutputConfig": {
                "s3DataDestination": {"path": "s3://bucket/metrics/"},
                "roleArn": "arn:aws:iam::123456789012:role/personalize",
            },
        },
    ),
    (
        "json",
        "dynamodb",
        "PutItem",
        {
            "TableName": "Music",
            "Item": {
                "Artist": {"S": "No One You Know"},
                "Cover": {"B": b"\x89PNG\x00\xff"},
                "Missing": {"NULL": True},
                "Plays": {"N": "42"},
                "Tags": {"L": [{"S": "rock"}, {"BS": [b"\x01", b"\x02"]}]},
                "Meta": {"M": {"ok": {"BOOL": False}}},
            },
            "ConditionExpression": "attribute_not_exists(Artist)",
            "ReturnValues": "NONE",
        },
    ),
    (
        "json",
        "sqs",
        "SendMessage",
        {
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
            "MessageBody": "hello",
            "DelaySeconds": 5,
            "MessageAttributes": {
                "bin": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
                "txt": {"DataType": "String", "StringValue": "v"},
            },
        },
    ),
    (
        "json",
        "cloudwatch",
        "GetMetricStatistics",
        {
            "Namespace": "AWS/EC2",
            "MetricName": "CPUUtilization",
            "Dimensions": [{"Name": "InstanceId", "Value": "i-0123456789abcdef0"}],
            "StartTime": T0,
            "EndTime": T1,
            "Period": 300,
            "Statistics": ["Average", "Maximum"],
            "Unit": "Percent",
        },
    ),
    # ---- rest-json ----
    (
        "rest-json",
        "lambda",
        "Invoke",
        {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
            "InvocationType": "RequestResponse",
            "LogType": "Tail",
            "Payload": b'{"key": "value", "n": 1}',
            "Qualifier": "prod",
        },
    ),
    (
        "rest-json",
        "lambda",
        "CreateFunction",
        {
            "FunctionName": "my-fn",
            "Runtime": "python3.12",
            "Role": "arn:aws:iam::123456789012:role/lambda-role",
            "Handler": "app.handler",
            "Code": {"ZipFile": b"PK\x03\x04 zip bytes"},
            "Timeout": 30,
            "MemorySize": 256,
            "Publish": True,
            "Environment": {"Variables": {"STAGE": "prod"}},
            "Architectures": ["arm64"],
            "Tags": {"team": "core"},
        },
    ),
    (
        "rest-json",
        "eks",
        "CreateCluster",
        {
            "name": "prod",
            "version": "1.30",
            "roleArn": "arn:aws:iam::123456789012:role/eks",
            "resourcesVpcConfig": {
                "subnetIds": ["subnet-1", "subnet-2"],
                "securityGroupIds": ["sg-1"],
                "endpointPublicAccess": True,
                "endpointPrivateAccess": False,
            },
            "tags": {"env": "prod"},
        },
    ),
    (
        "rest-json",
        "deadline",
        "CreateJob",
        {
            "farmId": "farm-0123456789abcdef0123456789abcdef",
            "queueId": "queue-0123456789abcdef0123456789abcdef",
            "priority": 50,
            "template": '{"specificationVersion": "jobtemplate-2023-09"}',
            "templateType": "JSON",
            "parameters": {"Frames": {"string": "1-10"}, "Count": {"int": "3"}},
            "maxRetriesPerTask": 2,
        },
    ),
    (
        "rest-json",
        "bedrock-runtime",
        "Converse",
        {
            "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"text": "Describe this image."},
                        {"image": {"format": "png", "source": {"bytes": b"\x89PNG\r\n"}}},
                    ],
                }
            ],
            "system": [{"text": "Be brief."}],
            "inferenceConfig": {"maxTokens": 256, "temperature": 0.5, "topP": 0.9},
            "additionalModelRequestFields": {"top_k": 250, "stop": ["\n\n"], "x": None},
            "toolConfig": {
                "tools": [
                    {
                        "toolSpec": {
                            "name": "lookup",
                            "inputSchema": {
                                "json": {"type": "object", "properties": {"q": {"type": "string"}}}
                            },
                        }
                    }
                ]
            },
        },
    ),
    # ---- rest-xml ----
    (
        "rest-xml",
        "s3",
        "PutObject",
        {
            "Bucket": "my-bucket",
            "Key": "reports/2024/Q1 report+final.csv",
            "Body": b"a,b\n1,2\n",
            "ContentType": "text/csv",
            "Metadata": {"Author": "jane", "x-trace": "abc"},
            "Expires": T1,
            "StorageClass": "STANDARD_IA",
            "Tagging": "project=alpha&team=core",
        },
    ),
    (
        "rest-xml",
        "s3",
        "PutBucketTagging",
        {
            "Bucket": "my-bucket",
            "Tagging": {"TagSet": [{"Key": "env", "Value": "prod"}, {"Key": "x", "Value": ""}]},
        },
    ),
    (
        "rest-xml",
        "route53",
        "ChangeResourceRecordSets",
        {
            "HostedZoneId": "Z0123456789ABCDEFGHIJ",
            "ChangeBatch": {
                "Comment": "add www",
                "Changes": [
                    {
                        "Action": "UPSERT",
                        "ResourceRecordSet": {
                            "Name": "www.example.com.",
                            "Type": "A",
                            "TTL": 300,
                            "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.2"}],
                        },
                    }
                ],
            },
        },
    ),
    # ---- query ----
    (
        "query",
        "sns",
        "Publish",
        {
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:topic",
            "Message": "hello & <goodbye>",
            "Subject": "greeting",
            "MessageAttributes": {
                "s": {"DataType": "String", "StringValue": "v"},
                "b": {"DataType": "Binary", "BinaryValue": b"\xff\x00"},
            },
        },
    ),
    (
        "query",
        "rds",
        "DescribeDBInstances",
        {
            "Filters": [{"Name": "engine", "Values": ["postgres", "mysql"]}],
            "MaxRecords": 50,
            "Marker": "abc",
        },
    ),
    # ---- ec2 ----
    (
        "ec2",
        "ec2",
        "RunInstances",
        {
            "ImageId": "ami-0123456789abcdef0",
            "InstanceType": "t3.micro",
            "MinCount": 1,
            "MaxCount": 2,
            "SecurityGroupIds": ["sg-1", "sg-2"],
            "BlockDeviceMappings": [
                {
                    "DeviceName": "/dev/xvda",
                    "Ebs": {"VolumeSize": 20, "VolumeType": "gp3", "DeleteOnTermination": True},
                }
            ],
            "TagSpecifications": [
                {
                    "ResourceType": "instance",
                    "Tags": [{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "prod"}],
                }
            ],
        },
    ),
    # ---- smithy-rpc-v2-cbor ----
    (
        "smithy-rpc-v2-cbor",
        "eventbridgev2",
        "PutEvents",
        {
            "EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default",
            "Entries": [
                {
                    "Source": "com.example",
                    "DetailType": "Order Placed",
                    "Detail": '{"id": 1}',
                    "Resources": ["arn:aws:s3:::bucket"],
                    "Time": T0,
                }
            ],
        },
    ),
    (
        "smithy-rpc-v2-cbor",
        "eventbridgev2",
        "PutRawEvents",
        {
            "EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default",
            "Entries": [
                {
                    "Data": b"\x00raw\xff",
                    "Metadata": {"k": "v"},
                    "SystemMetadata": {"ContentType": "application/octet-stream"},
                }
            ],
        },
    ),
    (
        "smithy-rpc-v2-cbor",
        "cloudwatchomni",
        "CreateAlert",
        {
            "spaceId": "space-1",
            "profileId": "profile-1",
            "name": "high-latency",
            "notificationsEnabled": True,
            "rule": {
                "telemetryRule": {
                    "query": {"language": "SQL", "expression": "SELECT p99 FROM t"},
                    "condition": {
                        "comparator": "GT",
                        "warningThreshold": 0.1,
                        "criticalThreshold": 2.75,
                    },
                    "evaluation": {"intervalSeconds": 60, "pendingDurationSeconds": -1},
                    "noData": {"treatAs": "OK"},
                }
            },
            "tags": {"team": "sre"},
        },
    ),
]


@pytest.fixture(scope="module")
def ep() -> Iterator[Endpoint]:
    with Endpoint() as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def session() -> botocore.session.Session:
    return botocore.session.get_session()


def test_sample_covers_every_protocol(session: botocore.session.Session) -> None:
    seen = set()
    for protocol, service, _op, _params in CASES:
        assert resolve_protocol(session.get_service_model(service)) == protocol, service
        seen.add(protocol)
    assert seen == {"json", "rest-json", "rest-xml", "query", "ec2", "smithy-rpc-v2-cbor"}


@pytest.mark.parametrize(
    ("protocol", "service", "operation", "params"),
    CASES,
    ids=[f"{c[1]}.{c[2]}" for c in CASES],
)
def test_reference_params_round_trip(
    ep: Endpoint, protocol: str, service: str, operation: str, params: dict[str, Any]
) -> None:
    result = reference_call(ep, service, operation, params)
    status = result.response["ResponseMetadata"]["HTTPStatusCode"]
    assert 200 <= status < 300
    assert result.captured.operation == operation
    op = ep.service_model(service).operation_model(operation)
    assert without_auto_filled(op, result.params, params) == params


def test_auto_filled_members_are_reported(ep: Endpoint) -> None:
    decoded = reference_params(
        ep, "eks", "create_cluster", {"name": "c", "roleArn": "arn:r", "resourcesVpcConfig": {}}
    )
    assert isinstance(decoded.pop("clientRequestToken"), str)
    assert decoded == {"name": "c", "roleArn": "arn:r", "resourcesVpcConfig": {}}


def test_cloudwatch_uses_the_protocol_botocore_picks(ep: Endpoint) -> None:
    model = ep.service_model("cloudwatch")
    assert model.metadata["protocols"][0] == "smithy-rpc-v2-cbor"
    assert resolve_protocol(model) == "json"
    reference_params(ep, "cloudwatch", "ListDashboards", {})
    captured = ep.captured("cloudwatch")[-1]
    assert captured.headers["X-Amz-Target"] == "GraniteServiceVersion20100801.ListDashboards"


def test_host_prefix_operation_is_captured_without_prefix(ep: Endpoint) -> None:
    op = ep.service_model("deadline").operation_model("CreateJob")
    assert op.endpoint == {"hostPrefix": "management."}
    params = {"farmId": "farm-1", "queueId": "queue-1", "priority": 1}
    result = reference_call(ep, "deadline", "CreateJob", params)
    # header names as sent: botocore's CRT signer (awscrt installed) writes "host"
    host = {k.lower(): v for k, v in result.captured.headers.items()}["host"]
    assert host.startswith("127.0.0.1:")
    assert without_auto_filled(op, result.params, params) == params


def test_decode_request_pure_rest_json(session: botocore.session.Session) -> None:
    model = session.get_service_model("lambda")
    operation, params = decode_request(
        model,
        "POST",
        "/2015-03-31/functions",
        {"Content-Type": "application/json"},
        json.dumps({"FunctionName": "f", "Timeout": 3, "Code": {"ZipFile": "UEsDBA=="}}).encode(),
    )
    assert operation == "CreateFunction"
    assert params == {"FunctionName": "f", "Timeout": 3, "Code": {"ZipFile": b"PK\x03\x04"}}

    operation, params = decode_request(
        model,
        "POST",
        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations"
        "?Qualifier=7",
        {"X-Amz-Invocation-Type": "Event", "X-Amz-Log-Type": "None"},
        b"\x00\x01payload",
    )
    assert operation == "Invoke"
    assert params == {
        "FunctionName": "arn:aws:lambda:us-east-1:1:function:f",
        "Qualifier": "7",
        "InvocationType": "Event",
        "LogType": "None",
        "Payload": b"\x00\x01payload",
    }

    # typed URI label, query-string list/int/bool members; no empty containers invented
    model = session.get_service_model("eks")
    operation, params = decode_request(
        model, "GET", "/clusters?maxResults=5&include=all&include=x", {}, b""
    )
    assert operation == "ListClusters"
    assert params == {"maxResults": 5, "include": ["all", "x"]}


def test_decode_request_aws_chunked_with_trailer(session: botocore.session.Session) -> None:
    # what SDKs that stream uploads send: aws-chunked body, signed chunks, checksum trailer
    body = (
        b"5;chunk-signature=" + b"a" * 64 + b"\r\nhello\r\n"
        b"3;chunk-signature=" + b"b" * 64 + b"\r\n!!!\r\n"
        b"0;chunk-signature=" + b"c" * 64 + b"\r\n"
        b"x-amz-checksum-crc32:AAAAAA==\r\n"
        b"x-amz-trailer-signature:" + b"d" * 64 + b"\r\n\r\n"
    )
    headers = {
        "Content-Encoding": "aws-chunked",
        "Content-Length": str(len(body)),
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length": "8",
        "x-amz-trailer": "x-amz-checksum-crc32",
        "x-amz-meta-Owner": "me",
    }
    operation, params = decode_request(
        session.get_service_model("s3"), "PUT", "/bucket/dir/file.txt", headers, body
    )
    assert operation == "PutObject"
    assert params == {
        "Bucket": "bucket",
        "Key": "dir/file.txt",
        "Body": b"hello!!!",
        "ContentLength": 8,
        "ChecksumCRC32": "AAAAAA==",
        "Metadata": {"Owner": "me"},
    }


def test_other_listed_protocols_are_detected(ep: Endpoint) -> None:
    """cloudwatch lists cbor, json and query: each decodes to the same params and is
    answered in the protocol it was asked in (other SDKs may not pick json)."""
    model = ep.service_model("cloudwatch")
    op = model.operation_model("GetMetricStatistics")
    params = CASES[3][3]
    assert CASES[3][2] == "GetMetricStatistics"
    host, port = ep.url("cloudwatch").removeprefix("http://").split(":")
    for protocol in ("smithy-rpc-v2-cbor", "json", "query"):
        request = botocore.serialize.create_serializer(protocol).serialize_to_request(params, op)
        prepare_request_dict(request, endpoint_url=ep.url("cloudwatch"))
        prepared = create_request_object(request).prepare()
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        try:
            path = prepared.url.split(port, 1)[1]
            conn.request(prepared.method, path, body=prepared.body, headers=dict(prepared.headers))
            response = conn.getresponse()
            raw = {
                "status_code": response.status,
                "headers": HTTPHeaderDict(dict(response.getheaders())),
                "body": response.read(),
            }
        finally:
            conn.close()
        assert raw["status_code"] == 200, raw
        parsed = botocore.parsers.create_parser(protocol).parse(raw, op.output_shape)
        assert parsed["Label"] == "string"
        captured = ep.captured("cloudwatch")[-1]
        assert (captured.protocol, captured.params) == (protocol, params)


def test_decode_request_rejects_unknown_operation(session: botocore.session.Session) -> None:
    with pytest.raises(UnknownOperationError):
        decode_request(session.get_service_model("eks"), "PATCH", "/no/such/path", {}, b"")
    with pytest.raises(UnknownOperationError):
        decode_request(
            session.get_service_model("dynamodb"),
            "POST",
            "/",
            {"X-Amz-Target": "DynamoDB_20120810.NoSuchOperation"},
            b"{}",
        )


def _raw(url: str, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_unknown_operation_is_an_error_and_not_captured() -> None:
    with Endpoint() as endpoint:
        status = _raw(
            endpoint.url("dynamodb"),
            "POST",
            "/",
            {
                "X-Amz-Target": "DynamoDB_20120810.Nope",
                "Content-Type": "application/x-amz-json-1.0",
            },
            b"{}",
        )
        assert status == 400
        assert _raw(endpoint.url("eks"), "PATCH", "/nowhere", {}, b"") == 404
        assert endpoint.captured("dynamodb") == []
        assert endpoint.captured("eks") == []
        assert [r.status for r in endpoint.rejected("dynamodb")] == [400]
        assert [r.status for r in endpoint.rejected("eks")] == [404]
        client_error = None
        try:
            endpoint.reference_client("dynamodb").meta.events.register(
                "before-call.dynamodb.ListTables", _break_target
            )
            endpoint.reference_client("dynamodb").list_tables()
        except ClientError as exc:
            client_error = exc
        assert client_error is not None
        assert client_error.response["Error"]["Code"] == "UnknownOperationException"
        endpoint.clear()
        assert endpoint.rejected("dynamodb") == []


def _break_target(params: dict[str, Any], **_: Any) -> None:
    params["headers"]["X-Amz-Target"] = "DynamoDB_20120810.Bogus"


def test_concurrent_requests(ep: Endpoint) -> None:
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            params = {"TableName": f"t{i}", "Item": {"k": {"N": str(i)}}}
            assert reference_params(ep, "dynamodb", "PutItem", params) == params
        except BaseException as exc:  # noqa: BLE001 - collected and re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []


def test_endpoint_lifecycle_and_clear() -> None:
    endpoint = Endpoint()
    with endpoint:
        url = endpoint.url("sqs")
        assert url.startswith("http://127.0.0.1:")
        assert endpoint.url("sqs") == url
        assert endpoint.url("sns") != url
        reference_params(endpoint, "sqs", "ListQueues", {})
        assert [c.operation for c in endpoint.captured("sqs")] == ["ListQueues"]
        endpoint.clear()
        assert endpoint.captured("sqs") == []
    with pytest.raises(RuntimeError):
        endpoint.url("sqs")
    with pytest.raises(OSError):
        _raw(url, "POST", "/", {}, b"")


def test_custom_response_factory() -> None:
    def factory(op: OperationModel) -> dict[str, Any]:
        if op.name == "GetQueueUrl":
            return {"QueueUrl": "http://example/queue"}
        return synthesize_output(op)

    with Endpoint(response_factory=factory) as endpoint:
        result = reference_call(endpoint, "sqs", "GetQueueUrl", {"QueueName": "q"})
        assert result.response["QueueUrl"] == "http://example/queue"


def test_broken_response_factory_answers_500() -> None:
    def factory(op: OperationModel) -> dict[str, Any]:
        raise RuntimeError("boom")

    with Endpoint(response_factory=factory) as endpoint:
        with pytest.raises(ClientError):
            reference_params(endpoint, "sqs", "ListQueues", {})
        assert [c.operation for c in endpoint.captured("sqs")] == ["ListQueues"]
        assert "boom" in endpoint.rejected("sqs")[0].reason


def test_synthesize_output_is_deterministic_and_bounded(
    session: botocore.session.Session,
) -> None:
    op = session.get_service_model("rds").operation_model("DescribeDBInstances")
    first = synthesize_output(op)
    assert first == synthesize_output(op)
    instance = first["DBInstances"][0]
    assert instance["InstanceCreateTime"] == FIXED_TIMESTAMP
    assert isinstance(instance["AllocatedStorage"], int)
    model = session.get_service_model("ec2")
    state = model.shape_for("InstanceStateName")
    assert synthesize_value(state) == state.metadata["enum"][0]
    sagemaker = session.get_service_model("sagemaker")
    arn = sagemaker.shape_for("RoleArn")
    value = synthesize_value(arn)
    assert arn.metadata["min"] <= len(value) <= arn.metadata["max"]
    bounded = sagemaker.shape_for("TrainingTimeInSeconds")
    assert synthesize_value(bounded) >= bounded.metadata.get("min", 1)


def test_event_stream_output_is_parsed(ep: Endpoint) -> None:
    result = reference_call(
        ep,
        "bedrock-runtime",
        "ConverseStream",
        {"modelId": "m", "messages": [{"role": "user", "content": [{"text": "hi"}]}]},
    )
    events = list(result.response["stream"])
    assert len(events) == 1


def _request_round_trip(model: ServiceModel, op: OperationModel, params: dict[str, Any]) -> bool:
    """Serialise with botocore's serializer, decode, compare; False if params are invalid."""
    protocol = resolve_protocol(model)
    serializer = botocore.serialize.create_serializer(protocol, include_validation=True)
    try:
        request = serializer.serialize_to_request(params, op)
    except ParamValidationError:
        return False
    prepare_request_dict(request, endpoint_url="http://127.0.0.1:1")
    prepared = create_request_object(request).prepare()
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    path = prepared.url.split("127.0.0.1:1", 1)[1]
    name, decoded = decode_request(model, prepared.method, path, dict(prepared.headers), body)
    expected = _prune_empty(params) if protocol in ("query", "ec2") else params
    assert (name, without_auto_filled(op, decoded, params)) == (op.name, expected)
    return True


def _prune_empty(value: Any) -> Any:
    """Empty structures do not survive the query protocols' wire format."""
    if isinstance(value, dict):
        pruned = {k: _prune_empty(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v != {}}
    if isinstance(value, list):
        return [_prune_empty(v) for v in value]
    return value


def _response_round_trip(model: ServiceModel, op: OperationModel) -> None:
    """Synthesise + serialise a response; botocore's parser must read it back."""
    wire = serialize_response(op, synthesize_output(op))
    body: Any = wire.body
    if op.has_streaming_output and not op.has_event_stream_output:
        body = botocore.response.StreamingBody(io.BytesIO(wire.body), len(wire.body))
    elif op.has_event_stream_output:
        return  # exercised through a real client in test_event_stream_output_is_parsed
    parser = botocore.parsers.create_parser(resolve_protocol(model))
    response = {
        "status_code": wire.status,
        "headers": HTTPHeaderDict(wire.headers),
        "body": body,
        "context": {"operation_name": op.name},
    }
    parser.parse(response, op.output_shape)  # raises on a malformed response
    assert 200 <= wire.status < 300


SAMPLE_SERVICES = sorted({c[1] for c in CASES})


def _round_trips(session: botocore.session.Session, service: str, limit: int) -> int:
    """Request decode + response parse for (a spread of up to ~limit) operations;
    returns how many requests were checked (synthetic params may be invalid)."""
    model = session.get_service_model(service)
    checked = 0
    names = list(model.operation_names)
    for name in names[:: max(1, len(names) // limit)]:
        op = model.operation_model(name)
        _response_round_trip(model, op)
        if op.has_event_stream_input or name in _KNOWN_TWINS.get(service, ()):
            continue
        shape = op.input_shape
        params = synthesize_value(shape) if shape is not None else {}
        checked += _request_round_trip(model, op, params or {})
    return checked


@pytest.mark.parametrize("service", SAMPLE_SERVICES)
def test_synthetic_round_trips_for_sample_services(
    session: botocore.session.Session, service: str
) -> None:
    assert _round_trips(session, service, limit=60) > 0


# Deprecated S3 operations sharing method, URI and body root with their successors are
# identified as the successor (documented in generator/endpoint/route.py).
_KNOWN_TWINS = {
    "s3": (
        "GetBucketLifecycle",
        "GetBucketNotification",
        "PutBucketLifecycle",
        "PutBucketNotification",
    )
}


@pytest.mark.slow
def test_synthetic_round_trips_whole_catalog(session: botocore.session.Session) -> None:
    for service in session.get_available_services():
        _round_trips(session, service, limit=100_000)


@functools.cache
def _model(service: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(service)


_HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=20
)


@settings(max_examples=60, deadline=None)
@given(
    key=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30),
    metadata=st.dictionaries(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=8),
        _HEADER_TEXT,
        max_size=3,
    ),
    tags=st.lists(_HEADER_TEXT, max_size=3),
    body=st.binary(max_size=64),
)
def test_property_rest_xml_uri_header_and_payload(
    key: str, metadata: dict[str, str], tags: list[str], body: bytes
) -> None:
    """Arbitrary object keys (URI greedy label), metadata headers and payload bytes."""
    model = _model("s3")
    params: dict[str, Any] = {"Bucket": "b", "Key": key}
    if body:  # an empty body or metadata map leaves no trace on the wire
        params["Body"] = body
    if metadata:
        params["Metadata"] = metadata
    if tags:
        params["Tagging"] = "&".join(f"t{i}={v}" for i, v in enumerate(tags))
    assert _request_round_trip(model, model.operation_model("PutObject"), params)


_FINITE = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20),
    value=_FINITE,
    values=st.lists(_FINITE, max_size=4),
    seconds=st.integers(min_value=0, max_value=4_000_000_000),
    resolution=st.integers(min_value=1, max_value=60),
)
def test_property_same_params_from_json_query_and_cbor(
    name: str, value: float, values: list[float], seconds: int, resolution: int
) -> None:
    """One set of params, three wire protocols, one decoded value."""
    model = _model("cloudwatch")
    op = model.operation_model("PutMetricData")
    datum: dict[str, Any] = {
        "MetricName": name,
        "Dimensions": [{"Name": name, "Value": "v"}],
        "Timestamp": datetime.fromtimestamp(seconds, UTC),
        "Value": value,
        "StorageResolution": resolution,
    }
    if values:
        datum["Values"] = values
    params = {"Namespace": "ns", "MetricData": [datum]}
    for protocol in ("json", "query", "smithy-rpc-v2-cbor"):
        request = botocore.serialize.create_serializer(protocol).serialize_to_request(params, op)
        prepare_request_dict(request, endpoint_url="http://h")
        prepared = create_request_object(request).prepare()
        path = prepared.url.removeprefix("http://h")
        body = prepared.body if isinstance(prepared.body, bytes) else prepared.body.encode()
        decoded = decode_request(model, prepared.method, path, dict(prepared.headers), body)
        assert decoded == ("PutMetricData", params), protocol


def test_a_number_sent_for_a_string_member_is_rejected_not_read_as_text() -> None:
    # botocore sends a string member as a JSON string; an SDK that sent the number 100 for it
    # (a BigDecimal written as a number) must not pass as '100'
    with Endpoint() as endpoint:
        url = endpoint.url("dynamodb")
        headers = {
            "X-Amz-Target": "DynamoDB_20120810.DescribeTable",
            "Content-Type": "application/x-amz-json-1.0",
        }
        assert _raw(url, "POST", "/", headers, b'{"TableName": 100}') == 400
        assert not endpoint.captured("dynamodb")
        assert "where the model has a string" in endpoint.rejected("dynamodb")[0].reason
        assert _raw(url, "POST", "/", headers, b'{"TableName": "100"}') == 200
        assert endpoint.captured("dynamodb")[0].params == {"TableName": "100"}
