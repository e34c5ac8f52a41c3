"""The local endpoint's speed-ups answer exactly what moto answers: DynamoDB data-plane answers written as JSON
compare equal to moto's model-driven serializer's, and what JSON cannot carry as is still goes through it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.localcloud import moto_speed

ITEM = {
    "pk": {"S": "C#c1#ALARM#a1"},
    "count": {"N": "3"},
    "acknowledged": {"BOOL": False},
    "cleared_at": {"NULL": True},
    "timeline": {"L": [{"M": {"action": {"S": "raised"}, "detail": {"M": {"level": {"N": "0"}}}}}]},
    "tags": {"SS": ["a", "b"]},
    "levels": {"NS": ["1", "2"]},
    "name": {"S": "火警 3 号楼"},
}
CASES = [
    ("GetItem", {"Item": ITEM}),
    ("GetItem", {}),
    ("Query", {"Count": 1, "ScannedCount": 2, "Items": [ITEM], "LastEvaluatedKey": {"pk": {"S": "x"}}}),
    ("Query", {"Count": 0, "ScannedCount": 0, "Items": [], "LastEvaluatedKey": None}),
    ("Query", {"Count": 1, "Items": [ITEM], "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 0.5}}),
    ("PutItem", {"Attributes": ITEM}),
    ("UpdateItem", {"Attributes": {"version": {"N": "2"}}}),
    ("DeleteItem", {}),
    ("BatchGetItem", {"Responses": {"t": [ITEM]}, "UnprocessedKeys": {}}),
    ("BatchWriteItem", {"UnprocessedItems": {}, "ConsumedCapacity": []}),
    ("TransactWriteItems", {}),
]


def _answer(operation: str, result: Any, fast: bool) -> tuple[int, dict[str, str], Any]:
    from moto.core.responses import ActionContext, ActionResult, get_service_model
    from moto.core.serialize import get_serializer_class
    from moto.dynamodb.responses import DynamoHandler, DynamoResult

    moto_speed.apply()
    model = get_service_model("dynamodb")
    context = ActionContext(
        model, model.operation_model(operation), get_serializer_class("dynamodb", "json"), DynamoHandler()
    )
    wrapped = DynamoResult(json.loads(json.dumps(result)))
    status, headers, body = (DynamoResult.execute_result if fast else ActionResult.execute_result)(wrapped, context)
    return status, {"Content-Type": headers["Content-Type"]}, json.loads(body)


@pytest.mark.parametrize("operation, result", CASES)
def test_dynamodb_answers_written_as_json_equal_the_serializers(operation: str, result: Any) -> None:
    assert _answer(operation, result, fast=True) == _answer(operation, result, fast=False)


def test_what_json_cannot_carry_goes_through_the_serializer() -> None:
    with pytest.raises(TypeError):
        moto_speed.plain_json({"Item": {"photo": {"B": b"\x00\x01"}}})
    assert moto_speed.plain_json({"a": None, "b": [{"c": None, "d": 1}]}) == {"b": [{"d": 1}]}


def _table() -> Any:
    from moto.dynamodb.models.table import Table

    moto_speed.apply()
    table = Table(
        "t",
        "123456789012",
        "cn-north-1",
        schema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        attr=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        global_indexes=[
            {
                "IndexName": "gsi",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    for pk in ("a", "b", "c"):
        for sk in ("3", "1", "2"):
            table.put_item({"pk": {"S": pk}, "sk": {"S": sk}, "g": {"S": "odd" if sk in "13" else "even"}})
    return table


def _keys(found: Any) -> list[tuple[str, str]]:
    items, _count, _last = found
    return [(i.attrs["pk"].value, i.attrs["sk"].value) for i in items]


def test_a_query_on_the_table_key_reads_its_partition_in_key_order() -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    table = _table()
    args = (None, [], None, None, True, None)
    assert _keys(table.query(DynamoType({"S": "b"}), *args)) == [("b", "1"), ("b", "2"), ("b", "3")]
    backwards = (None, [], 2, None, False, None)
    assert _keys(table.query(DynamoType({"S": "c"}), *backwards)) == [("c", "3"), ("c", "2")]
    assert _keys(table.query(DynamoType({"S": "none"}), *args)) == []
    # an index query reads the items under its value, and all_items() outside a query is every item
    by_index = table.query(None, *args, "gsi", hash_key_conditions=[("g", DynamoType({"S": "even"}))])
    assert sorted(_keys(by_index)) == [("a", "2"), ("b", "2"), ("c", "2")]
    assert len(table.all_items()) == 9


def test_a_query_projected_to_top_level_names_answers_copies_of_those_attributes() -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    table = _table()
    table.put_item(
        {"pk": {"S": "e"}, "sk": {"S": "1"}, "g": {"S": "odd"}, "n": {"N": "1.50"}, "m": {"M": {"x": {"S": "y"}}}}
    )
    projected = (None, [], None, None, True, [["n"], ["m"], ["absent"]])
    items, _count, _last = table.query(DynamoType({"S": "e"}), *projected)
    assert [i.to_json()["Attributes"] for i in items] == [{"n": {"N": "1.50"}, "m": {"M": {"x": {"S": "y"}}}}]
    items[0].attrs["m"].value["x"] = DynamoType({"S": "changed"})  # the answer is a copy
    stored, _count, _last = table.query(DynamoType({"S": "e"}), None, [], None, None, True, None)
    assert stored[0].attrs["m"].value["x"].value == "y"
    nested, _count, _last = table.query(DynamoType({"S": "e"}), None, [], None, None, True, [["m", "x"]])
    assert nested[0].to_json()["Attributes"] == {"m": {"M": {"x": {"S": "y"}}}}  # moto's own path
    assert stored[0].size() == stored[0].size() > 0


def test_items_become_plain_values_as_motos_own_conversion_makes_them() -> None:
    from datetime import UTC, datetime

    from moto.dynamodb import responses
    from moto.dynamodb.models import utilities
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    moto_speed.apply()
    attrs = {
        **ITEM,
        "photo": {"B": "AAE="},
        "photos": {"BS": ["AAE=", "AAI="]},
        "nested": {"M": {"l": {"L": [{"N": "1"}, {"M": {"b": {"B": "AAE="}}}, {"NULL": True}]}}},
    }
    item = Item(DynamoType(attrs["pk"]), None, attrs)
    result = {
        "Items": [item.attrs, {"pk": DynamoType({"S": "x"})}],
        "Count": 2,
        "LastEvaluatedKey": None,
        "When": datetime(2026, 12, 7, tzinfo=UTC),
        "Table": {"TableName": "t", "ItemCount": 2},
    }
    assert responses.dynamo_to_dict is not utilities.dynamo_to_dict  # the fast one is in place
    assert responses.dynamo_to_dict(result) == utilities.dynamo_to_dict(result)


def test_stream_records_written_as_json_equal_the_serializers() -> None:
    from datetime import UTC, datetime

    from moto.core.responses import ActionContext, ActionResult, get_service_model
    from moto.core.serialize import get_serializer_class
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    moto_speed.apply()
    record = {
        "eventID": "e1",
        "eventName": "MODIFY",
        "eventSource": "aws:dynamodb",
        "eventVersion": "1.0",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "StreamViewType": "NEW_AND_OLD_IMAGES",
            "ApproximateCreationDateTime": datetime(2026, 12, 7, 8, 30, 15, 250000, tzinfo=UTC),
            "SequenceNumber": "1100000000017454423010",
            "SizeBytes": 120,
            "Keys": {"pk": {"S": "C#c1#PASSAGE#p1"}},
            "NewImage": ITEM,
            "OldImage": {"pk": {"S": "C#c1#PASSAGE#p1"}, "count": {"N": "2"}},
        },
    }
    result = {"NextShardIterator": "arn:it", "Records": [record, {**record, "eventName": "INSERT"}]}
    model = get_service_model("dynamodbstreams")
    context = ActionContext(
        model,
        model.operation_model("GetRecords"),
        get_serializer_class("dynamodbstreams", "json"),
        DynamoDBStreamsHandler(),
    )
    fast = ActionResult.execute_result(ActionResult(result), context)
    from moto.core.serialize import XFormedAttributePicker

    serializer = context.serializer_class(
        operation_model=context.operation_model, pretty_print=False, value_picker=XFormedAttributePicker()
    )
    moto_s = serializer.serialize(result)  # what moto's own ActionResult.execute_result writes
    assert fast[0] == moto_s["status_code"] == 200
    assert json.loads(fast[2]) == json.loads(moto_s["body"])


def test_an_items_size_is_computed_again_after_its_update_and_only_its() -> None:
    """Sizes are kept from the write (a Query reads each result's twice); an update changes its one item in place,
    so that item's size is computed again (directly or inside a transaction) and every other item's is kept."""
    import uuid

    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    moto_speed.apply()
    backend = dynamodb_backends["123456789012"]["cn-north-1"]
    name = f"sizes-{uuid.uuid4().hex[:8]}"
    backend.create_table(
        name,
        schema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        attr=[{"AttributeName": "pk", "AttributeType": "S"}],
        throughput=None,
        billing_mode="PAY_PER_REQUEST",
        indexes=None,
        global_indexes=None,
        streams=None,
        sse_specification=None,
        tags=[],
        deletion_protection_enabled=False,
        warm_throughput=None,
    )
    try:
        table = backend.get_table(name)
        for pk in ("a", "b"):
            backend.put_item(name, {"pk": {"S": pk}, "note": {"S": "short"}})

        def item(pk: str) -> Any:
            return table.get_item(DynamoType({"S": pk}), None)

        def fresh(pk: str) -> int:
            found = item(pk)
            return int(Item(found.hash_key, None, found.to_json()["Attributes"]).size())

        item("b").size()
        counted, _size = item("b").__dict__["_sc_size"]
        item("b")._sc_size = (counted, 12345)  # marked: a size computed again would not be this
        backend.update_item(name, {"pk": {"S": "a"}}, "SET note = :n", None, {":n": {"S": "x" * 2000}})
        assert item("a").size() == fresh("a") > 2000
        backend.transact_write_items(
            [
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": {"S": "a"}},
                        "UpdateExpression": "SET note = :n",
                        "ExpressionAttributeValues": {":n": {"S": "y"}},
                    }
                }
            ]
        )
        assert item("a").size() == fresh("a") < 100
        assert item("b").size() == 12345, "the other item's size was kept"
        del item("b").__dict__["_sc_size"]
        assert item("b").size() == fresh("b")
    finally:
        backend.delete_table(name)


def test_executions_share_a_parsed_program_unless_it_has_map_or_parallel_states() -> None:
    """A definition is parsed once; its executions share the program, whose components key their values in each
    execution's own heap by one key each, set once even when executions reach a component together. Map and
    Parallel states keep workers on their components: such a program is copied per execution."""
    import threading

    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

    moto_speed.apply()
    plain = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    first, _tree = AmazonStateLanguageParser.parse(plain)
    second, _tree = AmazonStateLanguageParser.parse(plain)
    assert first is second
    keys: list[str] = []
    gate = threading.Barrier(8)

    def read() -> None:
        gate.wait()
        keys.append(first.heap_key)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1 and len(keys) == 8

    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}
    parallel = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [branch], "End": True}}})
    one, _tree = AmazonStateLanguageParser.parse(parallel)
    other, _tree = AmazonStateLanguageParser.parse(parallel)
    assert one is not other and type(one) is type(other)


def test_a_condition_is_parsed_once_per_expression_names_and_values() -> None:
    """The parsed tree is kept per (expression, names, values) and answers as a fresh parse: another value is
    another tree, and a tree evaluated many times answers the same (evaluation changes nothing in it)."""
    from moto.dynamodb import comparisons
    from moto.dynamodb.models import table as table_module
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    moto_speed.apply()
    assert table_module.get_filter_expression is comparisons.get_filter_expression  # the kept one, where moto calls it
    names = {"#v": "version"}
    at_3 = comparisons.get_filter_expression("attribute_exists(pk) AND #v = :v", names, {":v": {"N": "3"}})
    assert comparisons.get_filter_expression("attribute_exists(pk) AND #v = :v", names, {":v": {"N": "3"}}) is at_3
    at_4 = comparisons.get_filter_expression("attribute_exists(pk) AND #v = :v", names, {":v": {"N": "4"}})
    assert at_4 is not at_3
    item = Item(DynamoType({"S": "a"}), None, {"pk": {"S": "a"}, "version": {"N": "3"}})
    for _ in range(3):
        assert at_3.expr(item) is True and at_4.expr(item) is False
    assert comparisons.get_filter_expression("attribute_not_exists(pk)", None, None).expr(None) is True
    with pytest.raises(Exception):  # noqa: B017  moto's own refusal, each time
        comparisons.get_filter_expression("#missing = :v", {}, {":v": {"N": "1"}})
    with pytest.raises(Exception):  # noqa: B017
        comparisons.get_filter_expression("#missing = :v", {}, {":v": {"N": "1"}})
