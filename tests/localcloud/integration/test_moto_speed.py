"""The local cloud's moto SQS speed-ups keep moto's answers: counts, visibility, delay, deletes, retention."""

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
