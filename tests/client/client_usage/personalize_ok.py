"""Correct use of the generated Personalize client: mypy --strict and pyright report nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sdk_parity_personalize import (
    DatasetSchemaSummary,
    Domain,
    MetricAttribute,
    MetricAttributionOutput,
    ParamValidationError,
    PersonalizeClient,
    PersonalizeError,
    Problem,
    ResourceAlreadyExistsException,
    S3DataConfig,
)


def make_client() -> PersonalizeClient:
    client = PersonalizeClient(region_name="us-east-1")
    return PersonalizeClient(client.boto3_client, validate=False)


def create_schema(client: PersonalizeClient, schema: str) -> str | None:
    try:
        created = client.create_schema(name="movies", schema=schema, domain=Domain.ECOMMERCE)
    except ResourceAlreadyExistsException as error:
        reason: str | None = error.message
        print(error.error_code, reason)
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


def schema_names(client: PersonalizeClient) -> list[str]:
    schemas: Iterator[DatasetSchemaSummary] = client.paginate_list_schemas(max_results=10)
    return [summary.name or "" for summary in schemas]


def delete(client: PersonalizeClient, arn: str) -> None:
    client.delete_schema(schema_arn=arn)
