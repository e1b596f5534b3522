"""Correct use of the generated DynamoDB client: recursive values, maps, blobs, waiters."""

from __future__ import annotations

from sdk_parity_dynamodb import (
    AttributeDefinition,
    AttributeValue,
    DynamoDBClient,
    KeySchemaElement,
    ScalarAttributeType,
    WaiterConfig,
)


def create(client: DynamoDBClient) -> None:
    client.create_table(
        table_name="music",
        attribute_definitions=[
            AttributeDefinition(attribute_name="artist", attribute_type=ScalarAttributeType.S)
        ],
        key_schema=[KeySchemaElement(attribute_name="artist", key_type="HASH")],
        billing_mode="PAY_PER_REQUEST",
    )
    client.wait_until_table_exists(table_name="music", waiter_config=WaiterConfig(delay=1))


def put(client: DynamoDBClient) -> None:
    nested = AttributeValue(
        m={
            "tracks": AttributeValue(l_=[AttributeValue(s="One"), AttributeValue(n="2")]),
            "cover": AttributeValue(b=b"\x89PNG"),
        }
    )
    client.put_item(table_name="music", item={"artist": AttributeValue(s="X"), "album": nested})


def tracks(client: DynamoDBClient) -> list[str]:
    item = client.get_item(table_name="music", key={"artist": AttributeValue(s="X")}).item
    if item is None:
        return []
    album = item["album"].m or {}
    listed = album["tracks"].l_ or []
    return [value.s for value in listed if value.s is not None]


def table_names(client: DynamoDBClient) -> list[str]:
    return list(client.paginate_list_tables())
