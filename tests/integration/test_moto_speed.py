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
