"""The batch path: TelemetryQueue records -> ingest_telemetry_batch -> DynamoDB, with dead letters and metrics."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

import pytest

from chalicelib.devices.messages import MAX_PAYLOAD_BYTES
from chalicelib.devices.repository_presence import DeviceStateRecord, state_key
from chalicelib.devices.repository_telemetry import TimeSeriesRecord, latest_state
from chalicelib.devices.series import SIX_MONTHS_DAYS, VEHICLE_DAYS
from iot.simulator import payloads
from tests.support.ingestion import new_community, queue_messages, register, rule_output, series_items, sqs_event


def invoke(client: Any, outputs: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    event, ids = sqs_event(outputs)
    response = client.lambda_.invoke("ingest_telemetry_batch", event)
    return ids, [f["itemIdentifier"] for f in response.payload["batchItemFailures"]]


def test_valid_batch_lands_with_ttl_state_and_latest(cloud: Any, client: Any) -> None:
    community = new_community()
    meter, gate = register(community, "water_meter"), register(community, "barrier_gate")
    rng = Random(1)
    outputs = [
        rule_output(community, meter, "telemetry", payloads.normal_telemetry("water_meter", rng)),
        rule_output(community, meter, "heartbeat", payloads.heartbeat(rng)),
        rule_output(community, gate, "telemetry", payloads.normal_telemetry("barrier_gate", rng)),
    ]
    newest = payloads.normal_telemetry("water_meter", rng)
    # Both readings may be generated within one millisecond: make "newest" unambiguously later.
    newest["ts"] = (datetime.now(UTC) + timedelta(seconds=1)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    outputs.append(rule_output(community, meter, "telemetry", newest))
    _, failures = invoke(client, outputs)
    assert failures == []

    items = series_items(cloud, community, meter)
    assert sorted(i["k"]["S"] for i in items) == ["heartbeat", "telemetry", "telemetry"]
    now = datetime.now(UTC).timestamp()
    for item in items:
        ttl = int(item["expires_at"]["N"])
        assert abs(ttl - (now + SIX_MONTHS_DAYS * 86400)) < 120
        assert item["src"]["S"] == "mqtt" and item["cid"]["S"] == meter and item["rcv"]["S"].endswith("Z")
    gate_ttl = int(series_items(cloud, community, gate)[0]["expires_at"]["N"])
    assert abs(gate_ttl - (now + VEHICLE_DAYS * 86400)) < 120  # vehicle records: 003 6.6.9 asks 365 days

    record = next(TimeSeriesRecord.query(f"C#{community}#D#{meter}", TimeSeriesRecord.sk.startswith("H#")))
    assert record.kind == "heartbeat" and record.expires_at is not None  # the model reads what was written

    state = DeviceStateRecord.get(*state_key(community, meter))
    assert state.online is True and state.device_type == "water_meter"
    assert datetime.now(UTC) - state.last_seen < timedelta(seconds=60)
    latest = latest_state(community, meter)
    assert latest is not None and latest.online
    assert latest.telemetry is not None and latest.telemetry.body["metrics"] == newest["metrics"]
    assert latest.as_dict()["telemetry"]["ts"] == newest["ts"].replace("+00:00", "Z")


def test_bad_messages_are_dead_lettered_and_never_stop_the_batch(cloud: Any, client: Any) -> None:
    community = new_community()
    sensor = register(community, "environment_sensor")
    retired = register(community, "smoke_detector", status="retired")
    rng = Random(2)
    good = payloads.normal_telemetry("environment_sensor", rng)
    bad_schema = {**payloads.normal_telemetry("environment_sensor", rng), "extra": 1}
    out_of_range = payloads.normal_telemetry("environment_sensor", rng)
    out_of_range["metrics"]["pm25"] = 99999
    oversized = json.dumps({**good, "metrics": {"pad": "x" * (MAX_PAYLOAD_BYTES + 10)}}).encode()
    outputs = [
        rule_output(community, sensor, "telemetry", bad_schema),
        rule_output(community, sensor, "telemetry", b"\x00\x01 not json"),
        rule_output(community, "ghost-device-1", "telemetry", good),
        rule_output(community, retired, "telemetry", payloads.normal_telemetry("smoke_detector", rng)),
        rule_output(community, sensor, "telemetry", out_of_range),
        rule_output(community, sensor, "telemetry", oversized),
        rule_output(community, sensor, "telemetry", good),
    ]
    _, failures = invoke(client, outputs)
    assert failures == []  # dead-lettered messages count as processed: SQS must not redeliver them
    items = series_items(cloud, community, sensor)
    assert [json.loads(i["b"]["S"])["metrics"] for i in items] == [good["metrics"]]

    letters = {(d["reason"], d["path"]): d for d in queue_messages(cloud, "IOT_DLQ_URL", community)}
    assert set(letters) == {
        ("invalid_schema", "extra"),
        ("invalid_json", "$"),
        ("unknown_device", "$"),
        ("device_inactive", "$"),
        ("invalid_schema", "metrics.pm25"),
        ("oversized", "$"),
    }
    assert letters[("invalid_schema", "extra")]["payload"] == bad_schema  # the original, readable
    assert letters[("invalid_schema", "extra")]["detail"] == "schema:extra:additionalProperties"
    assert base64.b64decode(letters[("invalid_json", "$")]["payloadBase64"]) == b"\x00\x01 not json"
    big = letters[("oversized", "$")]
    assert big["payloadBytes"] == len(oversized) and len(base64.b64decode(big["payloadBase64"])) == 4096
    for letter in letters.values():
        assert letter["topic"].startswith(f"sc/{community}/") and letter["receivedAt"].endswith("Z")


def test_a_device_on_another_communitys_topic_is_refused(cloud: Any, client: Any) -> None:
    home, other = new_community(), new_community()
    device = register(home, "water_leak_sensor")
    register(other, "water_leak_sensor")  # the other community has devices, just not this one
    message = payloads.normal_telemetry("water_leak_sensor", Random(3))
    _, failures = invoke(client, [rule_output(other, device, "telemetry", message)])
    assert failures == []
    assert series_items(cloud, other, device) == [] and series_items(cloud, home, device) == []
    [letter] = queue_messages(cloud, "IOT_DLQ_URL", other)
    assert letter["reason"] == "unknown_device" and letter["communityId"] == other


def test_duplicates_write_one_item(cloud: Any, client: Any) -> None:
    community = new_community()
    meter = register(community, "electricity_meter")
    message = payloads.normal_telemetry("electricity_meter", Random(4))
    output = rule_output(community, meter, "telemetry", message)
    _, failures = invoke(client, [output, output, output])  # QoS 1 redelivery inside one batch
    assert failures == []
    _, failures = invoke(client, [output])  # ... and in a later batch
    assert failures == []
    items = series_items(cloud, community, meter)
    assert len(items) == 1 and items[0]["sk"]["S"].endswith("#" + message["msgId"])


@pytest.mark.parametrize("body", ["not json at all", json.dumps({"topic": "sc/x/y/telemetry"})])
def test_a_malformed_queue_record_is_dead_lettered(cloud: Any, client: Any, body: str) -> None:
    event = {"Records": [{"messageId": "m-1", "receiptHandle": "r", "body": body}]}
    response = client.lambda_.invoke("ingest_telemetry_batch", event)
    assert response.payload == {"batchItemFailures": []}


def test_only_telemetry_and_events_are_on_the_receive_time_index(cloud: Any, client: Any) -> None:
    """by_received is sparse: heartbeats (and command acks) carry no order key, so they cost no index write; the
    readers of the index (latest reading, a meter's readings by day) still find every telemetry item."""
    import os

    from chalicelib.devices.repository_telemetry import received_between, series

    community = new_community()
    meter = register(community, "water_meter")
    rng = Random(11)
    reading = payloads.normal_telemetry("water_meter", rng)
    start = datetime.now(UTC) - timedelta(minutes=1)
    _, failures = invoke(
        client,
        [
            rule_output(community, meter, "telemetry", reading),
            rule_output(community, meter, "heartbeat", payloads.heartbeat(rng)),
        ],
    )
    assert failures == []
    by_kind = {i["k"]["S"]: i for i in series_items(cloud, community, meter)}
    assert "rk" in by_kind["telemetry"] and "rk" not in by_kind["heartbeat"]
    indexed = cloud.client("dynamodb").query(
        TableName=os.environ["TABLE_TELEMETRY"],
        IndexName="by_received",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": f"C#{community}#D#{meter}"}},
    )["Items"]
    assert [i["k"]["S"] for i in indexed] == ["telemetry"]
    points = received_between(community, meter, "telemetry", start, datetime.now(UTC) + timedelta(minutes=1))
    assert [p.body["metrics"] for p in points] == [reading["metrics"]]
    with pytest.raises(ValueError, match="not on the by_received index"):
        series(community, meter, "heartbeat")
