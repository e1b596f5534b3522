"""Correct use of the generated Personalize client: mypy --strict and pyright report nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from sdk_parity_personalize import (
    AsyncItemIterator,
    AsyncPageIterator,
    AsyncPersonalizeClient,
    DatasetSchemaSummary,
    DescribeSchemaResponse,
    Domain,
    ItemIterator,
    ListSchemasResponse,
    MetricAttribute,
    MetricAttributionOutput,
    ParamValidationError,
    PersonalizeClient,
    PersonalizeError,
    Problem,
    ResourceAlreadyExistsException,
    ResponseMetadata,
    S3DataConfig,
)


def make_client() -> PersonalizeClient:
    client = PersonalizeClient(region_name="us-east-1")
    return PersonalizeClient(client.boto3_client, validate=False)


def create_schema(client: PersonalizeClient, schema: str) -> str | None:
    try:
        created = client.create_schema(name="movies", schema=schema, domain=Domain.ECOMMERCE)
    except ResourceAlreadyExistsException as error:
        reason: str = error.message
        print(error.code, error.error_code, reason)
        return None
    except ParamValidationError as error:
        problems: tuple[Problem, ...] = error.problems
        print([problem.path for problem in problems])
        return None
    except PersonalizeError as error:
        print(error.operation_name, error.response)
        raise
    return created.schema_arn


def create_with_literal(client: PersonalizeClient) -> None:
    client.create_schema(name="shows", schema="{}", domain="VIDEO_ON_DEMAND")


def describe(client: PersonalizeClient, arn: str) -> datetime | None:
    schema = client.describe_schema(schema_arn=arn).schema
    if schema is None:
        return None
    domain: Domain | str | None = schema.domain
    if domain == Domain.VIDEO_ON_DEMAND:
        print("video")
    return schema.creation_date_time


def attribute_metrics(client: PersonalizeClient, group: str, role: str) -> str | None:
    response = client.create_metric_attribution(
        name="clicks",
        dataset_group_arn=group,
        metrics=[
            MetricAttribute(event_type="click", metric_name="clicks", expression="SAMPLECOUNT()")
        ],
        metrics_output_config=MetricAttributionOutput(
            role_arn=role,
            s3_data_destination=S3DataConfig(path="s3://amzn-s3-demo-bucket/metrics/"),
        ),
    )
    return response.metric_attribution_arn


def schema_names(client: PersonalizeClient) -> tuple[list[str], str | None]:
    schemas: ItemIterator[ListSchemasResponse, DatasetSchemaSummary]
    schemas = client.paginate_list_schemas(page_size=10, max_items=25)
    names = [summary.name or "" for summary in schemas]
    return names, schemas.resume_token


def schema_pages(client: PersonalizeClient, token: str | None) -> Iterator[ListSchemasResponse]:
    pages = client.paginate_list_schemas_pages(starting_token=token)
    for page in pages:
        metadata: ResponseMetadata = page.response_metadata
        print(metadata.request_id, metadata.http_status_code, pages.resume_token)
        yield page


def round_trip(client: PersonalizeClient, arn: str) -> DescribeSchemaResponse:
    described = client.describe_schema(schema_arn=arn)
    raw: dict[str, Any] = described.to_boto3()
    print(described.boto3_response.get("ResponseMetadata"))
    return DescribeSchemaResponse.from_boto3(raw)


def delete(client: PersonalizeClient, arn: str) -> None:
    client.delete_schema(schema_arn=arn)


async def async_schemas(endpoint: str) -> tuple[list[str], str | None]:
    async with AsyncPersonalizeClient(region_name="us-east-1", endpoint_url=endpoint) as client:
        try:
            created = await client.create_schema(name="movies", schema="{}", domain=Domain.ECOMMERCE)
        except ResourceAlreadyExistsException as error:
            print(error.message)
            return [], None
        described: DescribeSchemaResponse = await client.describe_schema(
            schema_arn=created.schema_arn or ""
        )
        print(described.schema and described.schema.creation_date_time)
        schemas: AsyncItemIterator[ListSchemasResponse, DatasetSchemaSummary]
        schemas = client.paginate_list_schemas(page_size=10, max_items=25)
        names = [summary.name or "" async for summary in schemas]
        await client.delete_schema(schema_arn=created.schema_arn or "")
        print(client.aiobotocore_client.meta)
        return names, schemas.resume_token


async def async_pages(client: AsyncPersonalizeClient) -> AsyncIterator[ListSchemasResponse]:
    pages: AsyncPageIterator[ListSchemasResponse] = client.paginate_list_schemas_pages()
    async for page in pages:
        yield page
