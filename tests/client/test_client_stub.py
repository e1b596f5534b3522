"""Target ``client``: ``client.stub()``, botocore's Stubber typed for users' tests.

Each test is written as a user's test of code that uses the typed client: the operation is
the client's method, the response its result dataclass, the expected request its request
dataclass or boto3's dict form, an error its error class. Everything goes through botocore's
own ``Stubber``, so a request that differs from the expected one fails with botocore's
``StubAssertionError`` and its message, and a response that does not fit the model is
refused by botocore.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from botocore.exceptions import ParamValidationError as BotocoreParamValidationError
from botocore.response import StreamingBody
from botocore.stub import StubAssertionError
from client_usage.harness import generate, import_package
from client_usage.stub_agreement import disagreements

KEYS = {"region_name": "us-east-1", "aws_access_key_id": "x", "aws_secret_access_key": "x"}
SCHEMA_ARN = "arn:aws:personalize:us-east-1:123456789012:schema/movies"
WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def pz(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("personalize", generate("personalize", tmp_path_factory.mktemp("pz")))


@pytest.fixture(scope="module")
def ddb(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("dynamodb", generate("dynamodb", tmp_path_factory.mktemp("ddb")))


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package("s3", generate("s3", tmp_path_factory.mktemp("s3")))


def test_personalize_responses_errors_and_expected_requests(pz: ModuleType) -> None:
    client = pz.PersonalizeClient(**KEYS)
    with client.stub() as stub:
        stub.add_response(
            client.create_schema,
            pz.CreateSchemaResponse(schema_arn=SCHEMA_ARN),
            expected=pz.CreateSchemaRequest(name="movies", schema="{}", domain="VIDEO_ON_DEMAND"),
        )
        stub.add_response(
            client.describe_schema,
            pz.DescribeSchemaResponse(
                schema=pz.DatasetSchema(name="movies", schema_arn=SCHEMA_ARN, domain="ECOMMERCE")
            ),
            expected={"schemaArn": SCHEMA_ARN},
        )
        stub.add_client_error(
            client.create_schema, pz.ResourceAlreadyExistsException, message="movies exists"
        )
        stub.add_response(client.delete_schema, None, expected=pz.DeleteSchemaRequest(schema_arn=stub.ANY))

        created = client.create_schema(name="movies", schema="{}", domain=pz.Domain.VIDEO_ON_DEMAND)
        assert created.schema_arn == SCHEMA_ARN
        described = client.describe_schema(schema_arn=SCHEMA_ARN).schema
        assert described is not None and described.domain is pz.Domain.ECOMMERCE
        with pytest.raises(pz.ResourceAlreadyExistsException) as raised:
            client.create_schema(name="movies", schema="{}")
        assert (raised.value.code, raised.value.message) == (
            "ResourceAlreadyExistsException",
            "movies exists",
        )
        assert client.delete_schema(schema_arn=SCHEMA_ARN) is None
        stub.assert_no_pending_responses()


def test_a_request_that_differs_from_the_expected_one_fails_with_botocores_message(
    pz: ModuleType,
) -> None:
    client = pz.PersonalizeClient(**KEYS)
    with client.stub() as stub:
        stub.add_response(
            client.create_schema,
            pz.CreateSchemaResponse(schema_arn=SCHEMA_ARN),
            expected=pz.CreateSchemaRequest(name="movies", schema="{}"),
        )
        with pytest.raises(StubAssertionError) as raised:
            client.create_schema(name="shows", schema="{}")
    message = str(raised.value)
    assert "Error getting response stub for operation CreateSchema" in message
    assert "Expected parameters:\n{'name': 'movies', 'schema': '{}'},\nbut received:" in message
    assert "{'name': 'shows', 'schema': '{}'}" in message


def test_stubs_refuse_what_does_not_belong_to_the_operation(pz: ModuleType) -> None:
    client = pz.PersonalizeClient(**KEYS)
    stub = client.stub()
    with pytest.raises(TypeError, match="CreateSchema returns a CreateSchemaResponse"):
        stub.add_response(client.create_schema, pz.DescribeSchemaResponse())
    with pytest.raises(TypeError, match="CreateSchema takes CreateSchemaRequest"):
        stub.add_response(
            client.create_schema,
            pz.CreateSchemaResponse(),
            expected=pz.DescribeSchemaRequest(schema_arn=SCHEMA_ARN),
        )
    with pytest.raises(TypeError, match="expected an operation method of this client"):
        stub.add_response(client.paginate_list_schemas, pz.ListSchemasResponse())
    other = pz.PersonalizeClient(**KEYS)
    with pytest.raises(TypeError, match="expected an operation method of this client"):
        stub.add_response(other.create_schema, pz.CreateSchemaResponse())
    with pytest.raises(TypeError, match="base error: give its code"):
        stub.add_client_error(client.create_schema, pz.PersonalizeError)
    # botocore itself checks each response against the operation's output shape
    with pytest.raises(BotocoreParamValidationError):
        stub.add_response(
            client.describe_schema,
            pz.DescribeSchemaResponse(schema=pz.DatasetSchema(name=["not", "a", "string"])),
        )


def test_unmodeled_error_codes_and_error_fields(pz: ModuleType, ddb: ModuleType) -> None:
    client = pz.PersonalizeClient(**KEYS)
    with client.stub() as stub:
        stub.add_client_error(client.list_schemas, pz.PersonalizeError, code="AddedLaterException")
        with pytest.raises(pz.PersonalizeError) as raised:
            client.list_schemas()
    assert type(raised.value) is pz.PersonalizeError and raised.value.code == "AddedLaterException"
    table = ddb.DynamoDBClient(**KEYS)
    failed = ddb.ConditionalCheckFailedException(
        error_message="the condition failed", item={"pk": ddb.AttributeValue(s="user#1")}
    )
    with table.stub() as stub:
        stub.add_client_error(table.put_item, failed, http_status=400)
        with pytest.raises(ddb.ConditionalCheckFailedException) as caught:
            table.put_item(table_name="Music", item={"pk": {"S": "user#1"}})
    assert caught.value.message == "the condition failed"
    assert caught.value.item == {"pk": ddb.AttributeValue(s="user#1")}


def test_dynamodb_items_in_either_form(ddb: ModuleType) -> None:
    client = ddb.DynamoDBClient(**KEYS)
    item = {"pk": {"S": "artist#1"}, "plays": {"N": "42"}, "tags": {"SS": ["rock", "live"]}}
    with client.stub() as stub:
        stub.add_response(
            client.put_item,
            ddb.PutItemOutput(),
            expected=ddb.PutItemInput(table_name="Music", item=item),
        )
        stub.add_response(
            client.get_item,
            ddb.GetItemOutput(item={"pk": ddb.AttributeValue(s="artist#1")}),
            expected={"TableName": "Music", "Key": {"pk": {"S": "artist#1"}}, "ConsistentRead": stub.ANY},
        )
        client.put_item(
            table_name="Music",
            item={
                "pk": ddb.AttributeValue(s="artist#1"),
                "plays": {"N": "42"},
                "tags": ddb.AttributeValue(ss=("rock", "live")),
            },
        )
        got = client.get_item(table_name="Music", key={"pk": {"S": "artist#1"}}, consistent_read=True)
        assert got.item == {"pk": ddb.AttributeValue(s="artist#1")}


def test_s3_objects_and_pages(s3: ModuleType) -> None:
    client = s3.S3Client(**KEYS)
    data = b"hello, stubbed world\n"
    listed = [
        s3.ListObjectsV2Output(
            contents=[s3.Object(key="a.txt", size=1, last_modified=WHEN)],
            is_truncated=True,
            next_continuation_token="t2",
        ),
        s3.ListObjectsV2Output(contents=[s3.Object(key="b.txt", size=2, last_modified=WHEN)]),
    ]
    with client.stub() as stub:
        stub.add_response(
            client.put_object,
            s3.PutObjectOutput(e_tag='"5d41402abc4b2a76b9719d911017c592"'),
            expected={"Bucket": "amzn-s3-demo-bucket", "Key": "greeting.txt", "Body": data},
        )
        stub.add_response(
            client.get_object,
            s3.GetObjectOutput(body=StreamingBody(io.BytesIO(data), len(data)), content_length=len(data)),
            expected=s3.GetObjectRequest(bucket="amzn-s3-demo-bucket", key="greeting.txt"),
        )
        stub.add_response(client.list_objects_v2, listed[0])
        stub.add_response(
            client.list_objects_v2, listed[1], expected={"Bucket": "amzn-s3-demo-bucket", "ContinuationToken": "t2"}
        )
        stub.add_client_error(client.get_object, s3.NoSuchKey, http_status=404)

        client.put_object(bucket="amzn-s3-demo-bucket", key="greeting.txt", body=data)
        got = client.get_object(bucket="amzn-s3-demo-bucket", key="greeting.txt")
        assert got.body is not None and got.body.read() == data
        pages = client.paginate_list_objects_v2_pages(bucket="amzn-s3-demo-bucket")
        assert [o.key for page in pages for o in page.contents or []] == ["a.txt", "b.txt"]
        with pytest.raises(s3.NoSuchKey):
            client.get_object(bucket="amzn-s3-demo-bucket", key="missing.txt")
        stub.assert_no_pending_responses()


def test_stubbed_calls_leave_the_client_as_it_was(pz: ModuleType, tmp_path: Path) -> None:
    client = pz.PersonalizeClient(**KEYS)
    stub = client.stub()
    stub.activate()
    stub.add_response(client.list_schemas, pz.ListSchemasResponse(schemas=[]))
    assert client.list_schemas().schemas == []
    stub.deactivate()
    with pytest.raises(AssertionError):  # unused responses are reported
        with client.stub() as again:
            again.add_response(client.list_schemas, pz.ListSchemasResponse(schemas=[]))
            again.assert_no_pending_responses()


@pytest.mark.parametrize("service", ["personalize", "dynamodb", "s3"])
def test_the_stubs_and_the_runtime_agree(service: str, tmp_path: Path) -> None:
    """Every name, field, constructor, dict form, enum and method the stubs declare is what
    the runtime builds (``stub_agreement``); the whole catalog with ``-m slow``."""
    package = import_package(service, generate(service, tmp_path))
    assert disagreements(package) == []
