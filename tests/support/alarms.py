"""Helpers of the alarm tests that run against the local cloud: provider servers, devices, queue messages."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.kernel.clock import iso, utcnow


@pytest.fixture(scope="module")
def providers(cloud: Any) -> Iterator[Any]:
    """The local WeChat / SMS / push servers, with the app's channels pointed at them; short ack timeouts."""
    from chalicelib.kernel import wiring
    from infra.localcloud.notify_providers import LocalProviders

    running = LocalProviders().start()
    env = {**running.environment(), "ALARM_ACK_TIMEOUT_SECONDS": "2", "NOTIFY_BACKOFF_SECONDS": "0.05"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    wiring.reset()
    yield running
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    wiring.reset()
    running.stop()


def community() -> str:
    return "c-" + uuid.uuid4().hex[:10]


def device(community_id: str, device_type: str, building: str | None = "B1", user: str | None = None) -> str:
    from chalicelib.devices.repository import DeviceRecord, device_pk, devices_pk, list_sk

    device_id = f"{device_type[:5]}-{uuid.uuid4().hex[:8]}"
    DeviceRecord(
        device_pk(community_id, device_id),
        "DEVICE",
        gsi1pk=devices_pk(community_id),
        gsi1sk=list_sk(device_type, building, device_id),
        device_id=device_id,
        community_id=community_id,
        device_type=device_type,
        name=f"{device_type} {device_id}",
        status="active",
        location={"building": building} if building else {"area": "north gate"},
        building=building,
        user=user,
        ingested_at=utcnow(),
    ).save()
    return device_id


def candidate(
    community_id: str, device_id: str, device_type: str, event: str, msg_id: str | None = None, **extra: Any
) -> dict[str, Any]:
    now = iso(utcnow())
    return {
        "community_id": community_id,
        "device_id": device_id,
        "device_type": device_type,
        "event": event,
        "msg_id": msg_id or uuid.uuid4().hex,
        "occurred_at": now,
        "received_at": now,
        "raises": True,
        "severity": None,
        "clears": [],
        "data": {},
        "source": "device",
        **extra,
    }


def sqs_event(bodies: list[Any]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": f"m-{i}-{uuid.uuid4().hex[:6]}",
                "receiptHandle": "rh",
                "body": b if isinstance(b, str) else json.dumps(b),
                "attributes": {},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
            }
            for i, b in enumerate(bodies)
        ]
    }


def consume(cloud: Any, bodies: list[Any]) -> dict[str, Any]:
    """Run the consumer's batch logic on SQS-shaped records (what `alarm_events` runs; the Lambda itself returns
    only `batchItemFailures`, checked through the in-process Lambda of the local cloud)."""
    from chalicelib.alarms.tasks import consume_batch

    event = sqs_event(bodies)
    failures, outcomes = consume_batch(event)
    return {"batchItemFailures": failures, "outcomes": outcomes}


def invoke_consumer(cloud: Any, bodies: list[Any]) -> dict[str, Any]:
    payload, error = cloud.registry.invoke("alarm_events", sqs_event(bodies))
    assert error is None, payload
    return dict(payload)


def drain(cloud: Any, env_var: str, timeout: float = 3.0) -> list[dict[str, Any]]:
    sqs = cloud.client("sqs")
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = sqs.receive_message(QueueUrl=os.environ[env_var], MaxNumberOfMessages=10, VisibilityTimeout=30).get(
            "Messages", []
        )
        for m in got:
            found.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=os.environ[env_var], ReceiptHandle=m["ReceiptHandle"])
        if not got and found:
            break
        if not got:
            time.sleep(0.1)
    return found


def wait_for(predicate: Any, timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
