"""Hostile device input and throttled writes: one bad message never fails its batch.

Each unreadable message is dead-lettered alone with its reason; a repeated msgId stores nothing new whatever its ts;
device clocks are bounded; throttling leaves every message stored or reported for retry.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

import pytest

from chalicelib.devices.messages import decode_json
from chalicelib.devices.repository_telemetry import latest_state
from chalicelib.devices.series import CLOCK_AHEAD, CLOCK_BEHIND
from iot.simulator import payloads
from tests.support.ingestion import new_community, queue_messages, register, rule_output, series_items, sqs_event


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def poison_payloads() -> dict[str, bytes]:
    """Payloads that each break a naive parser a different way, with the reason each must be rejected for."""
    reading = payloads.normal_telemetry("water_meter", Random(3))
    text = json.dumps(reading)
    return {
        "invalid_json/recursion": b"[" * 5000 + b"]" * 5000,
        "invalid_json/objects": b'{"a":' * 3000 + b"1" + b"}" * 3000,
        "invalid_json/huge-int": text[:-1].encode() + b', "n": ' + b"9" * 5000 + b"}",
        "invalid_json/long-int": text[:-1].encode() + b', "n": ' + b"9" * 25 + b"}",
        "invalid_json/nan": text[:-1].encode() + b', "n": NaN}',
        "invalid_json/inf": text[:-1].encode() + b', "n": 1e400}',
        "invalid_json/deep": b'{"a":' * 40 + b"1" + b"}" * 40,
        "invalid_encoding/bad-utf8": b'{"msgId": "\xff\xfe", "ts": "2026-01-01T00:00:00Z"}',
        "invalid_encoding/utf16": text.encode("utf-16"),
        "invalid_json/utf16le": text.encode("utf-16-le"),
        "invalid_encoding/bom": b"\xef\xbb\xbf" + text.encode(),
        "invalid_encoding/utf32": text.encode("utf-32"),
    }


def test_decode_json_is_total() -> None:
    for label, payload in poison_payloads().items():
        with pytest.raises(ValueError) as caught:
            decode_json(payload)
        assert getattr(caught.value, "reason", None) == label.split("/")[0], label


def test_poison_messages_are_rejected_alone_and_the_batch_succeeds(cloud: Any, client: Any) -> None:
    community = new_community()
    meter, neighbour = register(community, "water_meter"), register(community, "water_meter")
    rng = Random(11)
    good = [payloads.normal_telemetry("water_meter", rng) for _ in range(3)]
    poison = poison_payloads()
    outputs = [rule_output(community, neighbour, "telemetry", good[0])]
    outputs += [rule_output(community, meter, "telemetry", raw) for raw in poison.values()]
    outputs += [rule_output(community, neighbour, "telemetry", g) for g in good[1:]]
    event, _ = sqs_event(outputs)
    response = client.lambda_.invoke("ingest_telemetry_batch", event)
    assert response.payload == {"batchItemFailures": []}
    assert {i["sk"]["S"].split("#", 1)[1] for i in series_items(cloud, community, neighbour)} == {
        g["msgId"] for g in good
    }
    assert series_items(cloud, community, meter) == []
    letters = queue_messages(cloud, "IOT_DLQ_URL", community)
    assert sorted(letter["reason"] for letter in letters) == sorted(label.split("/")[0] for label in poison)
    assert all(letter["detail"] and ("payloadBase64" in letter or "payload" in letter) for letter in letters)


def test_poison_events_are_rejected_alone_and_never_retried(cloud: Any, client: Any) -> None:
    community = new_community()
    detector = register(community, "smoke_detector")
    poison = list(poison_payloads().items())
    good = payloads.alarm_event("smoke_detector", Random(12))
    assert good is not None
    outputs = [rule_output(community, detector, "events", raw) for _, raw in poison]
    outputs.insert(5, rule_output(community, detector, "events", good))
    for start in range(0, len(outputs), 10):  # EventsQueue batches (BatchSize 10)
        event, _ = sqs_event(outputs[start : start + 10])
        assert client.lambda_.invoke("ingest_events_batch", event).payload == {"batchItemFailures": []}
    letters = queue_messages(cloud, "IOT_DLQ_URL", community)
    assert sorted(letter["reason"] for letter in letters) == sorted(label.split("/")[0] for label, _ in poison)
    [item] = series_items(cloud, community, detector)
    assert item["sk"]["S"] == "E#" + good["msgId"]


def test_a_repeated_msg_id_with_a_fresh_ts_stores_nothing_new(cloud: Any, client: Any) -> None:
    community = new_community()
    meter = register(community, "water_meter")
    first = payloads.normal_telemetry("water_meter", Random(4))
    again = {**first, "ts": _iso(datetime.now(UTC) + timedelta(seconds=30))}
    for doc in (first, again):
        event, _ = sqs_event([rule_output(community, meter, "telemetry", doc)])
        assert client.lambda_.invoke("ingest_telemetry_batch", event).payload == {"batchItemFailures": []}
    [item] = series_items(cloud, community, meter)
    assert item["ts"]["S"] == _iso(datetime.fromisoformat(first["ts"].replace("Z", "+00:00")))

    alarm = payloads.alarm_event("smoke_detector", Random(5))
    assert alarm is not None
    detector = register(community, "smoke_detector")
    resent = {**alarm, "ts": _iso(datetime.now(UTC) + timedelta(seconds=5))}
    for doc in (alarm, resent):
        event, _ = sqs_event([rule_output(community, detector, "events", doc)])
        assert client.lambda_.invoke("ingest_events_batch", event).payload == {"batchItemFailures": []}
    [item] = series_items(cloud, community, detector)
    assert item["ts"]["S"] == _iso(datetime.fromisoformat(alarm["ts"].replace("Z", "+00:00")))
    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)  # handed off once
    assert candidate["msg_id"] == alarm["msgId"]


@pytest.mark.parametrize(
    ("offset", "reason"), [(timedelta(days=27000), CLOCK_AHEAD), (-timedelta(days=400), CLOCK_BEHIND)]
)
def test_a_bad_device_clock_is_corrected_and_cannot_freeze_latest(
    cloud: Any, client: Any, offset: timedelta, reason: str
) -> None:
    community = new_community()
    meter = register(community, "water_meter")
    rng = Random(6)
    skewed = {**payloads.normal_telemetry("water_meter", rng), "ts": _iso(datetime.now(UTC) + offset)}
    event, _ = sqs_event([rule_output(community, meter, "telemetry", skewed)])
    assert client.lambda_.invoke("ingest_telemetry_batch", event).payload == {"batchItemFailures": []}
    [item] = series_items(cloud, community, meter)
    assert item["tsc"]["S"] == reason and item["dts"]["S"] == skewed["ts"]
    assert abs(datetime.fromisoformat(item["ts"]["S"].replace("Z", "+00:00")) - datetime.now(UTC)) < timedelta(
        minutes=1
    )

    later = payloads.normal_telemetry("water_meter", rng)
    event, _ = sqs_event([rule_output(community, meter, "telemetry", later)])
    assert client.lambda_.invoke("ingest_telemetry_batch", event).payload == {"batchItemFailures": []}
    state = latest_state(community, meter)
    assert state is not None and state.telemetry is not None
    assert state.telemetry.ts == _iso(datetime.fromisoformat(later["ts"].replace("Z", "+00:00")))


def test_a_small_clock_skew_is_kept(cloud: Any, client: Any) -> None:
    community = new_community()
    meter = register(community, "water_meter")
    doc = {**payloads.normal_telemetry("water_meter", Random(8)), "ts": _iso(datetime.now(UTC) + timedelta(minutes=2))}
    event, _ = sqs_event([rule_output(community, meter, "telemetry", doc)])
    client.lambda_.invoke("ingest_telemetry_batch", event)
    [item] = series_items(cloud, community, meter)
    assert item["ts"]["S"] == doc["ts"] and "tsc" not in item


class ThrottlingDynamo:
    """The real client, but BatchWriteItem first throws ProvisionedThroughputExceededException, then leaves every
    other item unprocessed, `rounds` times, before behaving."""

    def __init__(self, real: Any, rounds: int):
        self.real, self.rounds, self.calls = real, rounds, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def batch_write_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
        from botocore.exceptions import ClientError

        self.calls += 1
        if self.calls <= self.rounds and self.calls % 2 == 1:
            error = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}
            raise ClientError(error, "BatchWriteItem")
        if self.calls <= self.rounds:
            sent: dict[str, list[Any]] = {t: r[::2] for t, r in RequestItems.items()}
            left = {t: r[1::2] for t, r in RequestItems.items() if r[1::2]}
            self.real.batch_write_item(RequestItems={t: r for t, r in sent.items() if r})
            return {"UnprocessedItems": left}
        return dict(self.real.batch_write_item(RequestItems=RequestItems))


@pytest.mark.parametrize("rounds", [3, 50])
def test_throttled_writes_leave_every_message_stored_or_retried(
    cloud: Any, client: Any, monkeypatch: pytest.MonkeyPatch, rounds: int
) -> None:
    from chalicelib.kernel import aws

    community = new_community()
    meters = [register(community, "water_meter") for _ in range(4)]
    rng = Random(rounds)
    docs = [(m, payloads.normal_telemetry("water_meter", rng)) for m in meters for _ in range(20)]
    event, ids = sqs_event([rule_output(community, m, "telemetry", d) for m, d in docs])
    throttled = ThrottlingDynamo(aws.client("dynamodb"), rounds)
    real_client = aws.client
    monkeypatch.setattr(aws, "client", lambda service: throttled if service == "dynamodb" else real_client(service))
    retry = {
        f["itemIdentifier"] for f in client.lambda_.invoke("ingest_telemetry_batch", event).payload["batchItemFailures"]
    }
    stored = {i["sk"]["S"].split("#", 1)[1] for m in meters for i in series_items(cloud, community, m)}
    for (_, doc), ref in zip(docs, ids, strict=True):
        assert doc["msgId"] in stored or ref in retry  # nothing lost: stored, or handed back to SQS
    if rounds == 3:
        assert retry == set() and len(stored) == len(docs)  # the store's own backoff absorbed the throttling
    else:
        assert retry  # persistent throttling: the records go back to the queue instead of vanishing
        monkeypatch.setattr(aws, "client", real_client)
        again, _ = sqs_event([rule_output(community, m, "telemetry", d) for m, d in docs if d["msgId"] not in stored])
        assert client.lambda_.invoke("ingest_telemetry_batch", again).payload == {"batchItemFailures": []}
        assert sum(len(series_items(cloud, community, m)) for m in meters) == len(docs)
