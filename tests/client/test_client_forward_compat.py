"""Target ``client``: production behaviour - newer responses, ClientError, resumable pages.

Responses newer than the model (a union member it does not know, a "required" member left
out, an enum value added later) are answered through botocore's own ``before-send`` hook as
raw HTTP, so botocore parses them exactly as it would a real service's, and every call must
return. Errors (modeled and not) are answered the same way and must be caught by
``except ClientError``; botocore's retries must still apply. Paginators run against moto.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError
from client_usage.harness import generate, import_package
from moto import mock_aws
from moto.core.botocore_stubber import MockRawResponse

REGION = "us-east-1"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REQUEST_ID = "4e5b0c3a-0000-4000-8000-000000000001"


@pytest.fixture(scope="module")
def pz(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("personalize", generate("personalize", tmp_path_factory.mktemp("pz")))


@pytest.fixture(scope="module")
def ddb(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("dynamodb", generate("dynamodb", tmp_path_factory.mktemp("ddb")))


@pytest.fixture(scope="module")
def br(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    src = generate("bedrock-runtime", tmp_path_factory.mktemp("br"), ["Converse"])
    return import_package("bedrock-runtime", src)


def _answer(
    client: Any, status: int, body: dict[str, Any], content_type: str
) -> list[Any]:
    """Answer every request of ``client`` with ``body``; the requests seen are returned."""
    seen: list[Any] = []

    def send(request: Any, **_: Any) -> AWSResponse:
        seen.append(request)
        headers = {"Content-Type": content_type, "x-amzn-RequestId": REQUEST_ID}
        return AWSResponse(request.url, status, headers, MockRawResponse(json.dumps(body)))

    client.meta.events.register("before-send", send)
    return seen


def _typed(module: ModuleType, service: str, config: Config | None = None) -> Any:
    boto = boto3.client(service, region_name=REGION, config=config, **KEYS)
    client_class = next(
        getattr(module, n)
        for n in module.__all__
        if n.endswith("Client") and n[0].isupper() and not n.startswith("Async")
    )
    return client_class(boto)


def test_unknown_union_member_missing_required_and_new_enum_value_parse(br: ModuleType) -> None:
    client = _typed(br, "bedrock-runtime")
    body = {
        "output": {
            "message": {
                "role": "assistant",
                "content": [{"text": "hello"}, {"hologram": {"frames": 3}}],
            }
        },
        "stopReason": "ran_out_of_patience",
    }  # "usage" and "metrics" are required by the model and left out
    _answer(client.boto3_client, 200, body, "application/json")
    result = client.converse(model_id="m", messages=[])
    assert result.usage is None and result.metrics is None
    assert result.stop_reason == "ran_out_of_patience"
    content = result.output.message.content
    assert content[0] == br.ContentBlockText(text="hello")
    unknown = content[1]
    assert isinstance(unknown, br.UnknownContentBlock)
    assert unknown.name == "hologram"  # botocore keeps the name and drops the value
    assert result.response_metadata.request_id == REQUEST_ID
    assert result.response_metadata.http_status_code == 200
    assert result.boto3_response["stopReason"] == "ran_out_of_patience"


def test_dynamodb_and_personalize_responses_newer_than_the_model_parse(
    ddb: ModuleType, pz: ModuleType
) -> None:
    dynamo = _typed(ddb, "dynamodb")
    table = {"Table": {"TableStatus": "HIBERNATING", "KeySchema": [{"KeyType": "SORTED"}]}}
    _answer(dynamo.boto3_client, 200, table, "application/x-amz-json-1.0")
    described = dynamo.describe_table(table_name="t").table
    assert described.table_status == "HIBERNATING"
    assert described.key_schema == [ddb.KeySchemaElement(attribute_name=None, key_type="SORTED")]
    personalize = _typed(pz, "personalize")
    schema = {"schema": {"domain": "GAMING", "creationDateTime": 1700000000}}
    _answer(personalize.boto3_client, 200, schema, "application/x-amz-json-1.1")
    got = personalize.describe_schema(schema_arn="arn:aws:personalize:us-east-1:1:schema/s")
    assert got.schema.domain == "GAMING" and type(got.schema.domain) is str
    assert got.schema.creation_date_time == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def _error(code: str, message: str, **fields: Any) -> dict[str, Any]:
    return {"__type": code, "message": message, **fields}


def test_modeled_and_unmodeled_errors_are_client_errors(pz: ModuleType) -> None:
    client = _typed(pz, "personalize", Config(retries={"total_max_attempts": 1}))
    arn = "arn:aws:personalize:us-east-1:1:schema/s"
    _answer(client.boto3_client, 400, _error("ResourceNotFoundException", "no s"), "x")
    with pytest.raises(ClientError) as caught:
        client.describe_schema(schema_arn=arn)
    error = caught.value
    assert isinstance(error, pz.ResourceNotFoundException)
    assert isinstance(error, pz.PersonalizeError)
    assert (error.code, error.message, error.operation_name) == (
        "ResourceNotFoundException",
        "no s",
        "DescribeSchema",
    )
    assert error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.response["ResponseMetadata"]["RequestId"] == REQUEST_ID
    other = _typed(pz, "personalize", Config(retries={"total_max_attempts": 1}))
    _answer(other.boto3_client, 400, _error("SomethingNewException", "new"), "x")
    with pytest.raises(ClientError) as unmodeled:
        other.describe_schema(schema_arn=arn)
    assert type(unmodeled.value) is pz.PersonalizeError
    assert unmodeled.value.code == "SomethingNewException"


def test_throttling_is_retried_by_botocore_then_raised_as_the_base_error(
    pz: ModuleType,
) -> None:
    config = Config(retries={"mode": "standard", "total_max_attempts": 2})
    client = _typed(pz, "personalize", config)
    seen = _answer(client.boto3_client, 400, _error("ThrottlingException", "slow"), "x")
    with pytest.raises(ClientError) as caught:
        client.list_schemas()
    assert type(caught.value) is pz.PersonalizeError
    assert caught.value.code == "ThrottlingException"
    assert len(seen) == 2  # botocore retried once, as configured


def test_modeled_error_fields_are_typed_attributes(ddb: ModuleType) -> None:
    client = _typed(ddb, "dynamodb", Config(retries={"total_max_attempts": 1}))
    body = _error(
        "ConditionalCheckFailedException", "failed", Item={"pk": {"S": "1"}}
    )
    _answer(client.boto3_client, 400, body, "application/x-amz-json-1.0")
    with pytest.raises(ClientError) as caught:
        client.delete_item(table_name="t", key={"pk": ddb.AttributeValue(s="1")})
    error = caught.value
    assert isinstance(error, ddb.ConditionalCheckFailedException)
    assert error.item == {"pk": ddb.AttributeValue(s="1")}
    assert error.message == "failed"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def _tables(ddb: ModuleType, count: int) -> Any:
    client = ddb.DynamoDBClient(region_name=REGION)
    for index in range(count):
        client.create_table(
            table_name=f"table-{index}",
            attribute_definitions=[ddb.AttributeDefinition(attribute_name="pk", attribute_type="S")],
            key_schema=[ddb.KeySchemaElement(attribute_name="pk", key_type="HASH")],
            billing_mode="PAY_PER_REQUEST",
        )
    return client


def test_paginator_stops_at_max_items_and_resumes_from_its_token(
    ddb: ModuleType, aws: None
) -> None:
    client = _tables(ddb, 7)
    first = client.paginate_list_tables(page_size=2, max_items=3)
    assert list(first) == ["table-0", "table-1", "table-2"]
    token = first.resume_token
    assert token is not None
    rest = client.paginate_list_tables(page_size=2, starting_token=token)
    assert list(rest) == [f"table-{i}" for i in range(3, 7)]
    assert rest.resume_token is None
    pages = client.paginate_list_tables_pages(page_size=3)
    sizes = [len(page.table_names or []) for page in pages]
    assert sizes == [3, 3, 1]
    assert all(isinstance(page, ddb.ListTablesOutput) for page in pages)


def test_results_carry_the_request_id_and_the_raw_response(ddb: ModuleType, aws: None) -> None:
    client = _tables(ddb, 1)
    listed = client.list_tables()
    assert listed.response_metadata.http_status_code == 200
    assert listed.response_metadata.request_id
    assert listed.boto3_response["TableNames"] == ["table-0"]


def _round_trip(cls: Any, value: Any, raw: dict[str, Any]) -> None:
    assert value.to_boto3() == raw
    assert cls.from_boto3(raw) == value


def test_every_structure_converts_to_and_from_boto3(ddb: ModuleType, pz: ModuleType) -> None:
    put = ddb.PutItemInput(
        table_name="t",
        item={"b": ddb.AttributeValue(b=b"\x00\x01"), "l": ddb.AttributeValue(l_=[])},
    )
    raw_put = {"TableName": "t", "Item": {"b": {"B": b"\x00\x01"}, "l": {"L": []}}}
    _round_trip(ddb.PutItemInput, put, raw_put)
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    schema = pz.DatasetSchema(name="s", creation_date_time=when, domain=pz.Domain.ECOMMERCE)
    raw = {"name": "s", "creationDateTime": when, "domain": "ECOMMERCE"}
    _round_trip(pz.DatasetSchema, schema, raw)
    with pytest.raises(TypeError):
        pz.DatasetSchema.from_boto3([])


def test_union_variants_convert_and_unknown_members_are_written_back(br: ModuleType) -> None:
    text = br.ContentBlockText(text="x")
    assert text.to_boto3() == {"text": "x"}
    assert br.ContentBlockText.from_boto3({"text": "x"}) == text
    message = br.Message.from_boto3({"role": "user", "content": [{"future": {"a": 1}}]})
    assert message.content == [br.UnknownContentBlock(name="future", value={"a": 1})]
    assert message.to_boto3() == {"role": "user", "content": [{"future": {"a": 1}}]}


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    operations = ["CreateBucket", "PutObject", "SelectObjectContent"]
    return import_package("s3", generate("s3", tmp_path_factory.mktemp("s3"), operations))


def test_output_event_stream_yields_typed_events(s3: ModuleType, aws: None) -> None:
    # moto 5.2.5 routes botocore 1.44's virtual-host requests to no bucket: path style
    path_style = Config(s3={"addressing_style": "path"})
    client = s3.S3Client(region_name=REGION, config=path_style)
    client.create_bucket(bucket="events")
    client.put_object(bucket="events", key="people.csv", body=b"name,age\nana,31\nbo,42\n")
    result = client.select_object_content(
        bucket="events",
        key="people.csv",
        expression="SELECT name FROM S3Object",
        expression_type="SQL",
        input_serialization=s3.InputSerialization(csv=s3.CSVInput(file_header_info="USE")),
        output_serialization=s3.OutputSerialization(csv=s3.CSVOutput()),
    )
    assert isinstance(result.payload, s3.EventStream)
    events = list(result.payload)
    records = [e for e in events if isinstance(e, s3.SelectObjectContentEventStreamRecords)]
    assert b"".join(r.records.payload or b"" for r in records).split() == [b"ana", b"bo"]
    assert isinstance(events[-1], s3.SelectObjectContentEventStreamEnd)


def test_event_newer_than_the_model_is_the_unknown_event(s3: ModuleType) -> None:
    rt, shapes = s3._runtime, s3._schema.SHAPES
    read = rt.codec_for(shapes).event_reader("SelectObjectContentEventStream")
    raw = [{"Records": {"Payload": b"a"}}, {}, {"Telemetry": {"Load": 3}}]
    stream = rt.EventStream(raw, read)
    first, empty, newer = list(stream)
    assert first == s3.SelectObjectContentEventStreamRecords(records=s3.RecordsEvent(payload=b"a"))
    assert empty == s3.UnknownSelectObjectContentEventStream(name="", value={})
    assert newer == s3.UnknownSelectObjectContentEventStream(name="Telemetry", value={"Load": 3})
