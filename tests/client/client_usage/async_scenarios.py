"""The async typed clients against a moto server: run by ``test_client_async.py`` with pytest
inside the async venv (``.ci/setup-async``: aiobotocore and the botocore it supports).

The same scenarios as the sync client's moto tests (``test_client_moto.py``), through
``AsyncPersonalizeClient`` and ``AsyncDynamoDBClient`` on aiobotocore, over HTTP to a
``moto_server`` on 127.0.0.1 (started here, reset before each test). The Personalize package
is the one pip installed in the venv with its ``[async]`` extra; DynamoDB's comes from
``PYTHONPATH``.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import botocore.exceptions
import pytest
import sdk_parity_dynamodb as ddb
import sdk_parity_personalize as pz
from aiobotocore.awsrequest import AioAWSResponse
from aiobotocore.session import get_session

REGION = "us-east-1"
AVRO = json.dumps(
    {
        "type": "record",
        "name": "Interactions",
        "namespace": "com.amazonaws.personalize.schema",
        "fields": [
            {"name": "USER_ID", "type": "string"},
            {"name": "ITEM_ID", "type": "string"},
            {"name": "TIMESTAMP", "type": "long"},
        ],
        "version": "1.0",
    }
)
T = TypeVar("T")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A moto server on 127.0.0.1, for every service; its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def url(server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The server, emptied; fake credentials in the environment."""
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    reset = urllib.request.Request(f"{server}/moto-api/reset", method="POST")
    with urllib.request.urlopen(reset, timeout=10) as answer:
        assert answer.status == 200
    return server


def run(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    return asyncio.run(scenario())


def test_schema_lifecycle_runs_through_the_async_client(url: str) -> None:
    async def scenario() -> None:
        async with pz.AsyncPersonalizeClient(region_name=REGION, endpoint_url=url) as client:
            created = await client.create_schema(
                name="interactions", schema=AVRO, domain=pz.Domain.ECOMMERCE
            )
            assert isinstance(created, pz.CreateSchemaResponse)
            assert created.schema_arn.endswith(":schema/interactions")

            described = (await client.describe_schema(schema_arn=created.schema_arn)).schema
            assert isinstance(described, pz.DatasetSchema)
            assert (described.name, described.schema) == ("interactions", AVRO)
            assert described.domain is pz.Domain.ECOMMERCE
            assert described.creation_date_time is not None
            assert described.creation_date_time.tzinfo is not None
            assert created.response_metadata.http_status_code == 200

            listed = await client.list_schemas()
            assert [s.schema_arn for s in listed.schemas] == [created.schema_arn]
            names = [s.name async for s in client.paginate_list_schemas()]
            assert names == ["interactions"]

            assert await client.delete_schema(schema_arn=created.schema_arn) is None
            assert (await client.list_schemas()).schemas == []
            with pytest.raises(pz.ResourceNotFoundException) as missing:
                await client.describe_schema(schema_arn=created.schema_arn)
            error = missing.value
            assert isinstance(error, pz.PersonalizeError)
            assert isinstance(error, botocore.exceptions.ClientError)
            assert error.operation_name == "DescribeSchema"
            assert error.error_code == "ResourceNotFoundException"
            assert "does not exist" in error.error_message
            assert isinstance(error.__cause__, botocore.exceptions.ClientError)

    run(scenario)


def test_modeled_error_is_caught_as_client_error_too(url: str) -> None:
    async def scenario() -> None:
        async with pz.AsyncPersonalizeClient(region_name=REGION, endpoint_url=url) as client:
            arn = f"arn:aws:personalize:{REGION}:123456789012:schema/none"
            with pytest.raises(botocore.exceptions.ClientError) as raised:
                await client.describe_schema(schema_arn=arn)
            assert type(raised.value) is pz.ResourceNotFoundException
            assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"

    run(scenario)


class _Body:
    """A raw HTTP body as aiobotocore reads it (``await raw.read()``)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    async def read(self) -> bytes:
        return self._data


def _error_response(request: Any, code: str, message: str) -> AioAWSResponse:
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    return AioAWSResponse(request.url, 400, headers, _Body(body))


def test_duplicate_create_raises_the_typed_already_exists_error(url: str) -> None:
    """What the service does and moto does not: refuse a second schema with the same name
    (a ``before-send`` hook answers like the service, an HTTP 400 JSON error)."""
    created: set[str] = set()

    def reject_duplicate(request: Any, **_: Any) -> AioAWSResponse | None:
        name = json.loads(request.body)["name"]
        if name in created:
            return _error_response(request, "ResourceAlreadyExistsException", f"{name} exists")
        created.add(name)
        return None

    async def scenario() -> None:
        async with pz.AsyncPersonalizeClient(region_name=REGION, endpoint_url=url) as client:
            events = client.aiobotocore_client.meta.events
            events.register_first("before-send.personalize.CreateSchema", reject_duplicate)
            await client.create_schema(name="interactions", schema=AVRO)
            with pytest.raises(pz.ResourceAlreadyExistsException) as duplicate:
                await client.create_schema(name="interactions", schema=AVRO)
            error = duplicate.value
            assert isinstance(error, pz.PersonalizeError)
            assert error.error_code == "ResourceAlreadyExistsException"
            assert error.message == "interactions exists"  # the error's own modeled field
            assert isinstance(error.__cause__, botocore.exceptions.ClientError)

    run(scenario)


def test_unknown_error_code_raises_the_service_base_error(url: str) -> None:
    def brand_new(request: Any, **_: Any) -> AioAWSResponse:
        return _error_response(request, "BrandNewException", "something new")

    async def scenario() -> None:
        async with pz.AsyncPersonalizeClient(region_name=REGION, endpoint_url=url) as client:
            events = client.aiobotocore_client.meta.events
            events.register_first("before-send.personalize.ListSchemas", brand_new)
            with pytest.raises(pz.PersonalizeError) as raised:
                await client.list_schemas()
            assert type(raised.value) is pz.PersonalizeError
            assert raised.value.error_code == "BrandNewException"

    run(scenario)


def test_validation_reports_every_problem_before_sending(url: str) -> None:
    async def scenario() -> None:
        async with pz.AsyncPersonalizeClient(region_name=REGION, endpoint_url=url) as client:
            with pytest.raises(pz.ParamValidationError) as invalid:
                await client.create_metric_attribution(
                    name="",
                    dataset_group_arn="arn:aws:personalize:us-east-1:123456789012:dataset-group/g",
                    metrics=[
                        pz.MetricAttribute(
                            event_type="x" * 300, metric_name="m", expression="SUM()"
                        )
                    ],
                    metrics_output_config=pz.MetricAttributionOutput(
                        role_arn="not-an-arn",
                        s3_data_destination=pz.S3DataConfig(path="bucket/without/scheme"),
                    ),
                )
            paths = sorted({problem.path for problem in invalid.value.problems})
            assert paths == [
                "metrics[0].event_type",
                "metrics_output_config.role_arn",
                "metrics_output_config.s3_data_destination.path",
                "name",
            ]
            assert "CreateMetricAttribution: 5 invalid parameters" in str(invalid.value)

    run(scenario)


def test_validation_can_be_switched_off_and_unknown_enums_stay_strings(url: str) -> None:
    async def scenario() -> None:
        async with pz.AsyncPersonalizeClient(region_name=REGION, endpoint_url=url) as strict:
            with pytest.raises(pz.ParamValidationError):
                await strict.create_schema(name="n" * 70, schema=AVRO)
        relaxed = pz.AsyncPersonalizeClient(region_name=REGION, endpoint_url=url, validate=False)
        async with relaxed as client:
            assert (await client.create_schema(name="n" * 70, schema=AVRO)).schema_arn
            arn = (await client.create_schema(name="s", schema=AVRO, domain="SPORTS")).schema_arn
            domain = (await client.describe_schema(schema_arn=arn)).schema.domain
            assert domain == "SPORTS"
            assert type(domain) is str

    run(scenario)


def test_a_given_session_is_used_and_a_closed_client_refuses_calls(url: str) -> None:
    async def scenario() -> None:
        client = pz.AsyncPersonalizeClient(
            session=get_session(), region_name=REGION, endpoint_url=url
        )
        with pytest.raises(RuntimeError, match="async with"):
            await client.list_schemas()
        async with client:
            raw = client.aiobotocore_client
            assert raw.meta.service_model.service_name == "personalize"
            assert (await client.list_schemas()).schemas == []
        with pytest.raises(RuntimeError, match="async with"):
            await client.list_schemas()

    run(scenario)


def _table(name: str) -> dict[str, Any]:
    return {
        "table_name": name,
        "attribute_definitions": [ddb.AttributeDefinition(attribute_name="pk", attribute_type="S")],
        "key_schema": [ddb.KeySchemaElement(attribute_name="pk", key_type=ddb.KeyType.HASH)],
        "billing_mode": ddb.BillingMode.PAY_PER_REQUEST,
    }


def test_dynamodb_round_trips_recursive_values_and_waits(url: str) -> None:
    async def scenario() -> None:
        async with ddb.AsyncDynamoDBClient(region_name=REGION, endpoint_url=url) as client:
            await client.create_table(**_table("music"))
            await client.wait_until_table_exists(
                table_name="music", waiter_config=ddb.WaiterConfig(delay=1, max_attempts=2)
            )
            value = ddb.AttributeValue
            item = {
                "pk": value(s="No One You Know"),
                "album": value(
                    m={
                        "tracks": value(
                            l_=[value(s="Call Me Today"), value(n="3"), value(null=True)]
                        ),
                        "cover": value(b=b"\x89PNG\x00\xff"),
                        "tags": value(ss=["pop", "indie"]),
                        "live": value(bool_=False),
                    }
                ),
            }
            await client.put_item(table_name="music", item=item)
            got = await client.get_item(table_name="music", key={"pk": value(s="No One You Know")})
            assert got.item == item
            assert [name async for name in client.paginate_list_tables()] == ["music"]
            described = await client.describe_table(table_name="music")
            assert described.table.table_status == "ACTIVE"

    run(scenario)


def test_dynamodb_paginates_with_max_items_and_starting_token(url: str) -> None:
    async def scenario() -> None:
        async with ddb.AsyncDynamoDBClient(region_name=REGION, endpoint_url=url) as client:
            tables = [f"t{index}" for index in range(5)]
            for table in tables:
                await client.create_table(**_table(table))
            first = client.paginate_list_tables(page_size=2, max_items=3)
            assert [name async for name in first] == tables[:3]
            assert first.resume_token is not None
            rest = client.paginate_list_tables(starting_token=first.resume_token)
            assert [name async for name in rest] == tables[3:]
            assert rest.resume_token is None

            pages = client.paginate_list_tables_pages(page_size=2)
            seen = [page async for page in pages]
            assert all(isinstance(page, ddb.ListTablesOutput) for page in seen)
            assert [page.table_names for page in seen] == [tables[:2], tables[2:4], tables[4:]]

    run(scenario)


def test_dynamodb_error_carries_its_modeled_fields(url: str) -> None:
    async def scenario() -> None:
        async with ddb.AsyncDynamoDBClient(region_name=REGION, endpoint_url=url) as client:
            await client.create_table(**_table("t"))
            old = {"pk": ddb.AttributeValue(s="a"), "n": ddb.AttributeValue(n="1")}
            await client.put_item(table_name="t", item=old)
            with pytest.raises(ddb.ConditionalCheckFailedException) as failed:
                await client.put_item(
                    table_name="t",
                    item={"pk": ddb.AttributeValue(s="a")},
                    condition_expression="attribute_not_exists(pk)",
                    return_values_on_condition_check_failure="ALL_OLD",
                )
            assert failed.value.item == old
            assert isinstance(failed.value, ddb.DynamoDBError)
            with pytest.raises(ddb.ResourceNotFoundException):
                await client.get_item(table_name="missing", key={"pk": ddb.AttributeValue(s="a")})

    run(scenario)


def test_the_packages_come_from_where_the_venv_has_them() -> None:
    """Personalize as pip installed it with its ``[async]`` extra, DynamoDB as generated."""
    roots = [r for r in os.environ.get("PYTHONPATH", "").split(os.pathsep) if r]
    assert pz.__file__ is not None and "site-packages" in pz.__file__
    assert any(ddb.__file__ and ddb.__file__.startswith(root) for root in roots)
