"""The local DynamoDB's smaller items and stream records (`infra/localcloud/moto_memory.py`) answer what DynamoDB
answers: a stream reader gets every record with its keys, images and creation time; an item over 400 KB is still
refused; attribute names are held once per table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra.localcloud import moto_speed

pytestmark = pytest.mark.unit


@pytest.fixture()
def table() -> Iterator[Any]:
    moto_speed.apply()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        yield client


def _shard() -> Any:
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends["123456789012"]["us-east-1"].tables["t"].stream_shard


def _stream_records() -> list[dict[str, Any]]:
    """What GetRecords answers from (moto's `StreamShard.get`, from the shard's first sequence number)."""
    shard = _shard()
    return list(shard.get(shard.starting_sequence_number, 100))


def test_a_stream_reader_gets_every_record_with_its_images_and_time(table: Any) -> None:
    item = {"pk": {"S": "C#c1#ENTRY#e1"}, "sk": {"S": "ENTRY"}, "gate": {"S": "东门"}, "n": {"N": "1"}}
    table.put_item(TableName="t", Item=item)
    table.put_item(TableName="t", Item={**item, "n": {"N": "2"}, "photo": {"B": b"\x00\xff"}})
    table.delete_item(TableName="t", Key={"pk": item["pk"], "sk": item["sk"]})

    records = _stream_records()

    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    assert all(r["dynamodb"]["Keys"] == {"pk": item["pk"], "sk": item["sk"]} for r in records)
    assert records[0]["dynamodb"]["NewImage"] == item
    assert "OldImage" not in records[0]["dynamodb"]
    assert records[1]["dynamodb"]["OldImage"] == item
    assert records[1]["dynamodb"]["NewImage"] == {
        **item,
        "n": {"N": "2"},
        "photo": {"B": b"\x00\xff"},
    }
    assert records[2]["dynamodb"]["OldImage"]["n"] == {"N": "2"}
    assert "NewImage" not in records[2]["dynamodb"]
    sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequence == sorted(sequence) and len(set(sequence)) == 3
    assert all(r["dynamodb"]["ApproximateCreationDateTime"].year >= 2024 for r in records)
    assert records == _stream_records()  # read again: the same records


def test_a_stream_record_is_kept_as_bytes_not_as_a_tree_of_dicts(table: Any) -> None:
    table.put_item(TableName="t", Item={"pk": {"S": "a"}, "sk": {"S": "b"}, "name": {"S": "张三"}})
    shard = _shard()
    kept = shard.items[0].__dict__

    assert "_sc_raw" not in kept
    packed, created = kept["_sc_packed"]
    assert isinstance(packed, bytes) and "张三".encode() in packed
    assert shard.items[0].to_json()["dynamodb"]["ApproximateCreationDateTime"] == created


def test_an_item_over_400_kb_is_refused_and_one_under_is_kept(table: Any) -> None:
    key = {"pk": {"S": "big"}, "sk": {"S": "x"}}
    with pytest.raises(ClientError) as refused:
        table.put_item(TableName="t", Item={**key, "a": {"S": "x" * 300_000}, "b": {"S": "y" * 110_000}})

    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert "Item size has exceeded the maximum allowed size" in refused.value.response["Error"]["Message"]
    assert "Item" not in table.get_item(TableName="t", Key=key)
    table.put_item(TableName="t", Item={**key, "a": {"S": "x" * 300_000}, "b": {"S": "y" * 90_000}})
    assert len(table.get_item(TableName="t", Key=key)["Item"]["b"]["S"]) == 90_000


def test_attribute_names_are_held_once(table: Any) -> None:
    from moto.dynamodb.models import dynamodb_backends

    for i in range(2):
        table.put_item(
            TableName="t", Item={"pk": {"S": f"p{i}"}, "sk": {"S": "s"}, "".join(["gate", "_id"]): {"S": "g"}}
        )
    stored = dynamodb_backends["123456789012"]["us-east-1"].tables["t"]
    items = list(stored.all_items())
    names = [next(k for k in item.attrs if k == "gate_id") for item in items]

    assert len(names) == 2

    assert names[0] is names[1]
