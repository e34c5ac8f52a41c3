"""Helpers of the ingestion tests: devices in the ledger, rule-shaped events, queue reads."""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalicelib.kernel.clock import utcnow
from infra.localcloud.rules_bridge import load_rules
from infra.localcloud.template import load_template
from iot.rule_sql import Message
from iot.topics import topic_for

# The device rules (the care rules copy telemetry, events and heartbeats to the care register's own queue: not here).
_RULES = [r for r in load_rules(load_template()) if not r.logical_id.startswith("Care")]


def new_community() -> str:
    return "c-" + uuid.uuid4().hex[:10]


def register(community: str, device_type: str, status: str = "active", device_id: str | None = None) -> str:
    from chalicelib.devices.repository import DeviceRecord, device_pk

    device_id = device_id or f"{device_type.replace('_', '-')}-{uuid.uuid4().hex[:12]}"
    DeviceRecord(
        device_pk(community, device_id),
        "DEVICE",
        device_id=device_id,
        community_id=community,
        device_type=device_type,
        name=f"test {device_type}",
        status=status,
        ingested_at=utcnow(),
    ).save()
    return device_id


def rule_output(
    community: str, device: str, kind: str, payload: Any, client_id: str | None = None, rule: str | None = None
) -> dict[str, Any]:
    """What the infra/ topic rule for `kind` delivers for this publish (evaluated by the real rule SQL); `rule`
    names one when several route it (a barrier's plate event also goes to ParkingPlateEventRule, a locker's parcel
    events to LockersEventRule)."""
    topic = topic_for(community, device, kind)
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    message = Message(
        topic=topic, payload=raw, client_id=client_id or device, timestamp_ms=int(utcnow().timestamp() * 1000)
    )
    outputs = [
        out
        for r in _RULES
        if (out := r.rule.evaluate(message)) is not None
        and (rule is None or r.logical_id == rule)
        and (
            rule is not None
            or r.logical_id not in ("ParkingPlateEventRule", "ParkingOfflinePassagesRule", "LockersEventRule")
        )
    ]
    assert len(outputs) == 1, f"exactly one rule routes {topic}"
    return outputs[0]


def sqs_event(outputs: list[dict[str, Any]], ids: list[str] | None = None) -> tuple[dict[str, Any], list[str]]:
    """An SQS batch of rule outputs, as an event source mapping delivers it; `ids` reuses message ids (a record
    delivered again keeps its SQS message id)."""
    ids = ids or [str(uuid.uuid4()) for _ in outputs]
    records = [
        {
            "messageId": i,
            "receiptHandle": "rh-" + i,
            "body": json.dumps(o),
            "attributes": {},
            "messageAttributes": {},
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:local:sqs:queue",
        }
        for i, o in zip(ids, outputs, strict=True)
    ]
    return {"Records": records}, ids


def ingest_batch(
    client: Any, function: str, outputs: list[dict[str, Any]], ids: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Invoke a batch function (`ingest_events_batch`, `ingest_telemetry_batch`) with these rule outputs as SQS
    records; (the records' message ids, the ids it reported for retry)."""
    event, ids = sqs_event(outputs, ids)
    response = client.lambda_.invoke(function, event)
    return ids, [f["itemIdentifier"] for f in response.payload["batchItemFailures"]]


def queue_messages(cloud: Any, env_var: str, community: str) -> list[dict[str, Any]]:
    """Bodies of the queue's messages about `community` (taken off the queue); others stay for their tests."""
    import os

    sqs = cloud.client("sqs")
    url = os.environ[env_var]
    found: dict[str, dict[str, Any]] = {}
    for _ in range(20):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=1).get("Messages", [])
        if not got:
            break
        for m in got:
            body = json.loads(m["Body"])
            if community in (body.get("community_id"), body.get("communityId")):
                found[m["MessageId"]] = body
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return list(found.values())


def series_items(cloud: Any, community: str, device: str) -> list[dict[str, Any]]:
    import os

    ddb = cloud.client("dynamodb")
    items = ddb.query(
        TableName=os.environ["TABLE_TELEMETRY"],
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": f"C#{community}#D#{device}"}},
    )["Items"]
    return items
