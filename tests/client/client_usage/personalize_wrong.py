"""Wrong use of the generated Personalize client: every marked line is a checker error.

The checkers' output for this file is kept in ``personalize_wrong.expected.txt``.
"""

from __future__ import annotations

from sdk_parity_personalize import (
    AsyncPersonalizeClient,
    CreateSchemaResponse,
    MetricAttributionOutput,
    PersonalizeClient,
)

client = PersonalizeClient(region_name="us-east-1")

# misspelled keyword (and so the required ``name`` is missing)
client.create_schema(nmae="movies", schema="{}")

# missing required argument
client.describe_schema()

# a value that is not one of the enum's
client.create_schema(name="movies", schema="{}", domain="ECOMERCE")

# wrong nested type: a string where an S3DataConfig belongs
MetricAttributionOutput(role_arn="arn:aws:iam::123456789012:role/r", s3_data_destination="s3://b/p")

# reading an optional response member as if it were always there
response = client.describe_schema(schema_arn="arn:aws:personalize:us-east-1:1:schema/s")
schema_name: str = response.schema.name

# a dict where a botocore Config belongs
PersonalizeClient(config={"retries": {"max_attempts": 3}})


# the async client: a call not awaited is a coroutine, not the response
async def forgot_await(aio: AsyncPersonalizeClient) -> str | None:
    created: CreateSchemaResponse = aio.create_schema(name="movies", schema="{}")
    return created.schema_arn


# the async client: its paginators are iterated with ``async for``
def sync_loop(aio: AsyncPersonalizeClient) -> None:
    print([summary.name for summary in aio.paginate_list_schemas()])
