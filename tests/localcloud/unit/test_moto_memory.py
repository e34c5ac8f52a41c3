"""The local DynamoDB's smaller items and stream records (`infra/localcloud/moto_memory.py`) answer what DynamoDB
answers: a stream reader gets every record with its keys, images and creation time; an item over 400 KB is still
refused; attribute names are held once per table."""

from __future__ import annotations

from typing import Any

import pytest
from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType

from infra.localcloud import moto_speed

pytestmark = pytest.mark.unit


class Table:
    """A table of a backend of its own (not moto's shared backends: leaving `mock_aws` resets those, and with them
    the tables of the worker's session cloud), used through the backend's own calls, as the endpoint uses it."""

    def __init__(self) -> None:
        moto_speed.apply()
        self.backend = DynamoDBBackend("us-east-1", "123456789012")
        self.model = self.backend.create_table(
            "t",
            schema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            throughput=None,
            attr=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
            global_indexes=None,
            indexes=None,
            streams={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            billing_mode="PAY_PER_REQUEST",
            sse_specification=None,
            tags=[],
            deletion_protection_enabled=False,
            warm_throughput=None,
        )

    def put_item(self, Item: dict[str, Any]) -> None:
        self.backend.put_item("t", Item)

    def delete_item(self, Key: dict[str, Any]) -> None:
        self.backend.delete_item("t", Key)

    def get_item(self, Key: dict[str, Any]) -> dict[str, Any]:
        found = self.backend.get_item("t", Key)
        return {"Item": found.to_json()["Attributes"]} if found is not None else {}


@pytest.fixture()
def table() -> Table:
    return Table()


def _stream_records(table: Table) -> list[dict[str, Any]]:
    """What GetRecords answers from (moto's `StreamShard.get`, from the shard's first sequence number)."""
    shard = table.model.stream_shard
    return list(shard.get(shard.starting_sequence_number, 100))


def test_a_stream_reader_gets_every_record_with_its_images_and_time(table: Table) -> None:
    item = {"pk": {"S": "C#c1#ENTRY#e1"}, "sk": {"S": "ENTRY"}, "gate": {"S": "东门"}, "n": {"N": "1"}}
    table.put_item(Item=item)
    table.put_item(Item={**item, "n": {"N": "2"}, "photo": {"B": b"\x00\xff"}})
    table.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})

    records = _stream_records(table)

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
    assert records == _stream_records(table)  # read again: the same records


def test_a_stream_record_is_kept_as_bytes_not_as_a_tree_of_dicts(table: Table) -> None:
    table.put_item(Item={"pk": {"S": "a"}, "sk": {"S": "b"}, "name": {"S": "张三"}})
    shard = table.model.stream_shard
    kept = shard.items[0].__dict__

    assert "_sc_raw" not in kept
    packed, created = kept["_sc_packed"]
    assert isinstance(packed, bytes) and "张三".encode() in packed
    assert shard.items[0].to_json()["dynamodb"]["ApproximateCreationDateTime"] == created


def test_an_item_over_400_kb_is_refused_and_one_under_is_kept(table: Table) -> None:
    key = {"pk": {"S": "big"}, "sk": {"S": "x"}}
    with pytest.raises(ItemSizeTooLarge) as refused:
        table.put_item(Item={**key, "a": {"S": "x" * 300_000}, "b": {"S": "y" * 110_000}})

    assert "Item size has exceeded the maximum allowed size" in str(refused.value)
    assert "Item" not in table.get_item(Key=key)
    table.put_item(Item={**key, "a": {"S": "x" * 300_000}, "b": {"S": "y" * 90_000}})
    assert len(table.get_item(Key=key)["Item"]["b"]["S"]) == 90_000


def test_attribute_names_are_held_once(table: Table) -> None:
    for i in range(2):
        table.put_item(Item={"pk": {"S": f"p{i}"}, "sk": {"S": "s"}, "".join(["gate", "_id"]): {"S": "g"}})
    items = list(table.model.all_items())
    names = [next(k for k in item.attrs if k == "gate_id") for item in items]

    assert len(names) == 2

    assert names[0] is names[1]


def test_a_failed_conditional_update_keeps_the_tables_index_map_and_a_good_one_moves_the_item() -> None:
    """The local endpoint's per-index map (moto_speed._partition_queries) survives a refused conditional update (it
    was dropped, and rebuilt over the whole table by the next Query), and follows an update that changes an index
    key."""
    from moto.dynamodb.exceptions import ConditionalCheckFailed

    moto_speed.apply()
    backend = DynamoDBBackend("us-east-1", "123456789012")
    table = backend.create_table(
        "g",
        schema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        throughput=None,
        attr=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "gsi1pk")],
        global_indexes=[
            {
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        indexes=None,
        streams=None,
        billing_mode="PAY_PER_REQUEST",
        sse_specification=None,
        tags=[],
        deletion_protection_enabled=False,
        warm_throughput=None,
    )
    for i in range(3):
        backend.put_item("g", {"pk": {"S": f"p{i}"}, "sk": {"S": "s"}, "gsi1pk": {"S": "A"}})
    kept = table._sc_index_map
    assert kept is not None

    def under(value: str) -> set[str]:
        _attr, by_value, _of = table._sc_index_map.maps["gsi1"]
        return {h.value for h, _r in by_value.get(DynamoType({"S": value}), ())}

    with pytest.raises(ConditionalCheckFailed):
        backend.update_item(
            "g",
            {"pk": {"S": "p1"}, "sk": {"S": "s"}},
            "SET gsi1pk = :b",
            {},
            {":b": {"S": "B"}, ":never": {"S": "x"}},
            condition_expression="gsi1pk = :never",
        )
    assert table._sc_index_map is kept and under("A") == {"p0", "p1", "p2"}

    backend.update_item("g", {"pk": {"S": "p1"}, "sk": {"S": "s"}}, "SET gsi1pk = :b", {}, {":b": {"S": "B"}})
    assert table._sc_index_map is kept and under("A") == {"p0", "p2"} and under("B") == {"p1"}
