"""The generated Personalize client used as a types-boto3 user writes boto3 code: mypy --strict
and strict pyright report nothing.

Dict literals in boto3's form (the model's member names) wherever a structure goes, string
literals for enums, ``TypedDict`` annotations, ``**kwargs`` built ahead and unpacked, and
results read back and passed in again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from sdk_parity_personalize import (
    CreateMetricAttributionKwargs,
    CreateSchemaKwargs,
    DomainLiteral,
    MetricAttribute,
    MetricAttributeDict,
    MetricAttributionOutputDict,
    PersonalizeClient,
    S3DataConfigDict,
    SolutionConfigDict,
    TagDict,
)

client = PersonalizeClient(region_name="us-east-1")
GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/movies"
ROLE = "arn:aws:iam::123456789012:role/PersonalizeMetricsRole"


def create_with_dict_literals() -> str | None:
    created = client.create_metric_attribution(
        name="clicks",
        dataset_group_arn=GROUP,
        metrics=[
            {"eventType": "click", "metricName": "clicks", "expression": "SAMPLECOUNT()"},
            MetricAttribute(event_type="watch", metric_name="minutes", expression="SUM(Items.LENGTH)"),
        ],
        metrics_output_config={
            "roleArn": ROLE,
            "s3DataDestination": {"path": "s3://amzn-s3-demo-bucket/metrics/"},
        },
    )
    return created.metric_attribution_arn


def create_with_typed_dicts(paths: Sequence[str]) -> None:
    destination: S3DataConfigDict = {"path": paths[0]}
    output: MetricAttributionOutputDict = {"roleArn": ROLE, "s3DataDestination": destination}
    metrics: list[MetricAttributeDict] = [
        {"eventType": "click", "metricName": "clicks", "expression": "SAMPLECOUNT()"}
    ]
    client.create_metric_attribution(
        name="typed", dataset_group_arn=GROUP, metrics=metrics, metrics_output_config=output
    )


def create_with_kwargs() -> None:
    kwargs: CreateMetricAttributionKwargs = {
        "name": "kwargs",
        "dataset_group_arn": GROUP,
        "metrics": [{"eventType": "click", "metricName": "clicks", "expression": "SAMPLECOUNT()"}],
        "metrics_output_config": {"roleArn": ROLE, "s3DataDestination": {"path": "s3://b/p"}},
    }
    client.create_metric_attribution(**kwargs)


def create_schema(**kwargs: Unpack[CreateSchemaKwargs]) -> str | None:
    return client.create_schema(**kwargs).schema_arn


def enums_as_string_literals(domain: DomainLiteral) -> None:
    create_schema(name="movies", schema="{}", domain="VIDEO_ON_DEMAND")
    client.create_schema(name="shop", schema="{}", domain=domain)
    tags: list[TagDict] = [{"tagKey": "team", "tagValue": "recs"}]
    client.create_dataset_group(name="shop", domain="ECOMMERCE", tags=tags)
    config: SolutionConfigDict = {
        "autoMLConfig": {"metricName": "precision_at_25"},
        "hpoConfig": {"hpoObjective": {"type": "Maximize", "metricName": "m"}},
    }
    client.create_solution(name="s", dataset_group_arn=GROUP, solution_config=config)


def results_back_as_inputs(arn: str) -> None:
    described = client.describe_metric_attribution(metric_attribution_arn=arn)
    attribution = described.metric_attribution
    if attribution is None or attribution.metrics_output_config is None:
        return
    listed = client.list_metric_attribution_metrics(metric_attribution_arn=arn).metrics or []
    client.update_metric_attribution(
        metric_attribution_arn=arn,
        add_metrics=listed,
        metrics_output_config=attribution.metrics_output_config,
    )
    for metric in client.paginate_list_metric_attribution_metrics(metric_attribution_arn=arn):
        client.update_metric_attribution(metric_attribution_arn=arn, add_metrics=[metric])
    summaries = client.list_schemas().schemas or []
    for summary in summaries:
        if summary.schema_arn is not None:
            client.delete_schema(schema_arn=summary.schema_arn)
