"""The generated Personalize client used wrongly in boto3's dict style: every line marked
``# wrong`` is an error for mypy --strict and strict pyright, and no other line is."""

from __future__ import annotations

from sdk_parity_personalize import (
    CreateSchemaKwargs,
    MetricAttribute,
    MetricAttributeDict,
    MetricAttributionOutput,
    PersonalizeClient,
    S3DataConfigDict,
)

client = PersonalizeClient(region_name="us-east-1")
GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/movies"
ROLE = "arn:aws:iam::123456789012:role/PersonalizeMetricsRole"
OUT = MetricAttributionOutput(role_arn=ROLE)

# a required member left out of a structure a request carries (and responses too)
MetricAttribute(event_type="watch", expression="SAMPLECOUNT()")  # wrong
# the same in the dict form
missing: MetricAttributeDict = {"eventType": "watch", "expression": "SAMPLECOUNT()"}  # wrong
# a misspelled member in a dict literal
misspelled: S3DataConfigDict = {"path": "s3://b/p", "kmsKeyArm": "arn:aws:kms:x"}  # wrong
# a misspelled member where the parameter takes the class or its dict form
client.create_metric_attribution(name="n", dataset_group_arn=GROUP, metrics=[{"eventTyp": "click", "metricName": "m", "expression": "e"}], metrics_output_config=OUT)  # wrong
# the snake_case field name is not a key of the dict form
client.create_metric_attribution(name="n", dataset_group_arn=GROUP, metrics=[], metrics_output_config={"role_arn": ROLE})  # wrong
# a literal that is not one of the enum's values
client.create_schema(name="movies", schema="{}", domain="ECOMERCE")  # wrong
# the same inside a dict literal
client.create_solution(name="s", dataset_group_arn=GROUP, solution_config={"optimizationObjective": {"objectiveSensitivity": "HUGE"}})  # wrong
# a misspelled key of the keyword arguments' TypedDict
kwargs: CreateSchemaKwargs = {"name": "movies", "schma": "{}"}  # wrong
# a value of the wrong type in a dict literal
client.tag_resource(resource_arn=GROUP, tags=[{"tagKey": "team", "tagValue": 7}])  # wrong


def result_member_that_may_be_missing(arn: str) -> None:
    described = client.describe_schema(schema_arn=arn).schema
    if described is not None:
        # a response member reads ``str | None``: narrowed before it is sent again
        client.create_schema(name=described.name, schema="{}")  # wrong
