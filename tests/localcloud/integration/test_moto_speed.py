"""The local cloud's moto speed-ups keep moto's answers: SQS counts, visibility, delay, deletes, retention; DynamoDB
index Queries answered from the per-index map through every kind of write."""

from __future__ import annotations

import uuid
from typing import Any

import pytest


@pytest.fixture
def sqs(cloud: Any) -> object:
    """The session's local cloud (its moto has the speed-ups applied); not mock_aws, which would reset it."""
    return cloud.client("sqs")


def test_counts_visibility_delay_and_deletes_are_moto_s(sqs: object) -> None:
    from botocore.exceptions import ClientError

    client: object = sqs
    url = client.create_queue(QueueName=f"speed-{uuid.uuid4().hex[:8]}", Attributes={"VisibilityTimeout": "60"})[
        "QueueUrl"
    ]  # type: ignore[attr-defined]
    client.send_message_batch(  # type: ignore[attr-defined]
        QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(10)]
    )
    client.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)  # type: ignore[attr-defined]
    got = client.receive_message(QueueUrl=url, MaxNumberOfMessages=4)["Messages"]  # type: ignore[attr-defined]
    assert len(got) == 4 and "later" not in {m["Body"] for m in got}
    attrs = client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]  # type: ignore[attr-defined]
    assert attrs["ApproximateNumberOfMessages"] == "6"
    assert attrs["ApproximateNumberOfMessagesNotVisible"] == "4"
    assert attrs["ApproximateNumberOfMessagesDelayed"] == "1"
    assert attrs["VisibilityTimeout"] == "60" and attrs["SqsManagedSseEnabled"] in ("true", "false")

    result = client.delete_message_batch(  # type: ignore[attr-defined]
        QueueUrl=url,
        Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)]
        + [{"Id": "bad", "ReceiptHandle": "not-a-handle"}],
    )
    assert len(result["Successful"]) == 4 and [f["Id"] for f in result["Failed"]] == ["bad"]
    client.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])  # type: ignore[attr-defined]  # twice: fine
    with pytest.raises(ClientError):
        client.delete_message(QueueUrl=url, ReceiptHandle="never-issued")  # type: ignore[attr-defined]
    attrs = client.get_queue_attributes(  # type: ignore[attr-defined]
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    assert attrs == {"ApproximateNumberOfMessages": "6", "ApproximateNumberOfMessagesNotVisible": "0"}
    rest = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]  # type: ignore[attr-defined]
    assert sorted(m["Body"] for m in rest) == sorted(f"m{i}" for i in range(4, 10))


def test_a_batch_delete_takes_old_handles_repeats_and_leaves_the_rest(sqs: object) -> None:
    """DeleteMessageBatch in one pass: an earlier receive's handle still deletes (as in moto and SQS), a handle sent
    deleted before succeeds, an unknown one fails alone, and nothing else leaves the queue."""
    import time

    client: Any = sqs
    url = client.create_queue(QueueName=f"batch-{uuid.uuid4().hex[:8]}", Attributes={"VisibilityTimeout": "1"})[
        "QueueUrl"
    ]
    client.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(6)])
    first = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert len(first) == 6
    time.sleep(1.2)  # visible again: received a second time, with new handles
    second = {
        m["Body"]: m["ReceiptHandle"] for m in client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    }
    assert set(second) == {f"m{i}" for i in range(6)}
    old = {m["Body"]: m["ReceiptHandle"] for m in first}
    client.delete_message(QueueUrl=url, ReceiptHandle=second["m5"])
    entries = [
        {"Id": "old-m0", "ReceiptHandle": old["m0"]},  # the first receive's handle
        {"Id": "new-m1", "ReceiptHandle": second["m1"]},
        {"Id": "deleted-m5", "ReceiptHandle": second["m5"]},
        {"Id": "unknown", "ReceiptHandle": "never-issued"},
    ]
    result = client.delete_message_batch(QueueUrl=url, Entries=entries)
    assert sorted(s["Id"] for s in result["Successful"]) == ["deleted-m5", "new-m1", "old-m0"]
    assert [(f["Id"], f["Code"]) for f in result["Failed"]] == [("unknown", "ReceiptHandleIsInvalid")]
    time.sleep(1.2)
    left = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in left) == ["m2", "m3", "m4"]


def test_index_queries_answer_what_a_whole_table_read_answers_through_every_kind_of_write(cloud: Any) -> None:
    """Random puts, updates that move an item between index values or out of the index, deletes, batch writes and
    transactions (some cancelled by a condition, rolled back) on a table with a global and a local index: after
    each, every index Query answers exactly the items a model of the table says, in index order."""
    import random

    rng = random.Random(7)
    name = f"index-map-{uuid.uuid4().hex[:8]}"
    db: Any = cloud.client("dynamodb")
    try:
        db.create_table(
            TableName=name,
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "g", "gs", "ls")],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "gsi",
                    "KeySchema": [
                        {"AttributeName": "g", "KeyType": "HASH"},
                        {"AttributeName": "gs", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            LocalSecondaryIndexes=[
                {
                    "IndexName": "lsi",
                    "KeySchema": [
                        {"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "ls", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
        )
        model: dict[tuple[str, str], dict[str, str]] = {}

        def key(pk: str, sk: str) -> dict[str, Any]:
            return {"pk": {"S": pk}, "sk": {"S": sk}}

        def attrs() -> dict[str, str]:
            out = {"gs": str(rng.randrange(5)), "ls": str(rng.randrange(5))}
            if rng.random() < 0.8:  # some items are outside the global index
                out["g"] = rng.choice("xyz")
            return out

        def item(pk: str, sk: str, values: dict[str, str]) -> dict[str, Any]:
            return {**key(pk, sk), **{k: {"S": v} for k, v in values.items()}}

        for _step in range(300):
            pk, sk = rng.choice("abcd"), str(rng.randrange(8))
            roll = rng.random()
            if roll < 0.3:
                values = attrs()
                db.put_item(TableName=name, Item=item(pk, sk, values))
                model[(pk, sk)] = values
            elif roll < 0.5:
                g = rng.choice("xyz")
                db.update_item(
                    TableName=name,
                    Key=key(pk, sk),
                    UpdateExpression="SET g = :g",
                    ExpressionAttributeValues={":g": {"S": g}},
                )
                model.setdefault((pk, sk), {})["g"] = g
            elif roll < 0.6:
                db.update_item(TableName=name, Key=key(pk, sk), UpdateExpression="REMOVE g")
                model.setdefault((pk, sk), {}).pop("g", None)
            elif roll < 0.7:
                db.delete_item(TableName=name, Key=key(pk, sk))
                model.pop((pk, sk), None)
            elif roll < 0.8:
                batch = {(rng.choice("abcd"), str(rng.randrange(8))): attrs() for _ in range(3)}
                db.batch_write_item(
                    RequestItems={name: [{"PutRequest": {"Item": item(p, s, v)}} for (p, s), v in batch.items()]}
                )
                model.update(batch)
            else:
                moved = {(rng.choice("abcd"), str(rng.randrange(8))): attrs() for _ in range(2)}
                fails = rng.random() < 0.5
                steps: list[Any] = [{"Put": {"TableName": name, "Item": item(p, s, v)}} for (p, s), v in moved.items()]
                if fails:
                    steps.append(
                        {
                            "ConditionCheck": {
                                "TableName": name,
                                "Key": key("never", "0"),
                                "ConditionExpression": "attribute_exists(pk)",
                            }
                        }
                    )
                try:
                    db.transact_write_items(TransactItems=steps)
                except db.exceptions.TransactionCanceledException:
                    assert fails
                else:
                    model.update(moved)
            for g in "xyz":
                found = db.query(
                    TableName=name,
                    IndexName="gsi",
                    KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": {"S": g}},
                )["Items"]
                expected = sorted(
                    ((v["gs"], p, s) for (p, s), v in model.items() if v.get("g") == g and "gs" in v),
                )
                assert [(i["gs"]["S"], i["pk"]["S"], i["sk"]["S"]) for i in found] == expected
            # key conditions on the sort key keep what they name, in order, as a filter of the whole read would
            g, low, high, forward = rng.choice("xyz"), str(rng.randrange(5)), str(rng.randrange(5)), rng.random() < 0.5
            g2 = rng.choice("abcd")
            for condition, values, keeps in (
                ("g = :g AND begins_with(gs, :a)", {":a": low}, lambda gs, a=low: gs.startswith(a)),
                ("g = :g AND gs BETWEEN :a AND :b", {":a": low, ":b": high}, lambda gs, a=low, b=high: a <= gs <= b),
                ("g = :g AND gs < :a", {":a": low}, lambda gs, a=low: gs < a),
                ("g = :g AND gs = :a", {":a": low}, lambda gs, a=low: gs == a),
            ):
                found = db.query(
                    TableName=name,
                    IndexName="gsi",
                    KeyConditionExpression=condition,
                    ExpressionAttributeValues={":g": {"S": g}, **{k: {"S": v} for k, v in values.items()}},
                    ScanIndexForward=forward,
                )["Items"]
                expected = sorted(
                    (v["gs"], p, s) for (p, s), v in model.items() if v.get("g") == g and "gs" in v and keeps(v["gs"])
                )
                got = [(i["gs"]["S"], i["pk"]["S"], i["sk"]["S"]) for i in found]
                assert got == (expected if forward else expected[::-1]), condition
            found = db.query(
                TableName=name,
                KeyConditionExpression="pk = :p AND sk >= :s",
                ExpressionAttributeValues={":p": {"S": g2}, ":s": {"S": low}},
            )["Items"]
            assert [i["sk"]["S"] for i in found] == sorted(s for (p, s) in model if p == g2 and s >= low)
            part = rng.choice("abcd")
            found = db.query(
                TableName=name,
                IndexName="lsi",
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": part}},
            )["Items"]
            assert sorted((i["sk"]["S"]) for i in found) == sorted(
                s for (p, s), v in model.items() if p == part and "ls" in v
            )
    finally:
        db.delete_table(TableName=name)


def test_executions_found_by_name_and_arn_as_moto_finds_them(cloud: Any) -> None:
    """Starts (idempotent by name and input), describes and refusals answered from the per-machine index, through
    executions that run the engine's JSONPaths (cached parses) to their output."""
    import json
    import time

    from botocore.exceptions import ClientError

    sfn = cloud.client("stepfunctions")
    definition = {
        "StartAt": "Shape",
        "States": {
            "Shape": {
                "Type": "Pass",
                "Parameters": {"who.$": "$.who", "n.$": "$.n", "first.$": "$.list[0]"},
                "ResultPath": "$.shaped",
                "Next": "Done",
            },
            "Done": {"Type": "Pass", "OutputPath": "$.shaped", "End": True},
        },
    }
    machine = sfn.create_state_machine(
        name=f"speed-{uuid.uuid4().hex[:8]}",
        definition=json.dumps(definition),
        roleArn="arn:aws-cn:iam::123456789012:role/sfn",
    )["stateMachineArn"]
    arns = {}
    for n in range(30):
        body = json.dumps({"who": f"w{n}", "n": n, "list": [n * 10, 1]})
        arns[n] = sfn.start_execution(stateMachineArn=machine, name=f"run-{n}", input=body)["executionArn"]
    for n in (0, 17, 29):
        deadline = time.monotonic() + 20
        while (found := sfn.describe_execution(executionArn=arns[n]))["status"] == "RUNNING":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert found["name"] == f"run-{n}" and found["executionArn"] == arns[n]
        assert json.loads(found["output"]) == {"who": f"w{n}", "n": n, "first": n * 10}
    # a finished execution's name cannot be used again, whatever the input
    with pytest.raises(ClientError) as again:
        sfn.start_execution(
            stateMachineArn=machine, name="run-3", input=json.dumps({"who": "w3", "n": 3, "list": [30]})
        )
    assert again.value.response["Error"]["Code"] == "ExecutionAlreadyExists"
    with pytest.raises(ClientError) as missing:
        sfn.describe_execution(executionArn=arns[5].replace("run-5", "run-999"))
    assert missing.value.response["Error"]["Code"] == "ExecutionDoesNotExist"
    # started after the index was read: found too
    late = sfn.start_execution(
        stateMachineArn=machine, name="run-late", input=json.dumps({"who": "x", "n": 0, "list": [0]})
    )
    assert sfn.describe_execution(executionArn=late["executionArn"])["name"] == "run-late"
