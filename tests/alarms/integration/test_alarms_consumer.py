"""The AlarmEventsQueue consumer on the local cloud: dedupe, repeats, clears, poison messages."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.alarms import wiring
from tests.support.alarms import candidate, community, consume, device, drain, invoke_consumer, providers  # noqa: F401

pytestmark = pytest.mark.usefixtures("providers")


def test_100_identical_alarm_messages_make_one_alarm_and_one_workflow(cloud: Any) -> None:
    c = community()
    smoke = device(c, "smoke_detector")
    body = candidate(c, smoke, "smoke_detector", "fire_alarm", "msg-1")
    outcomes: dict[str, str] = {}
    for _start in range(0, 100, 10):
        result = consume(cloud, [body] * 10)
        assert result["batchItemFailures"] == []
        outcomes.update(result["outcomes"])
    assert sorted(set(outcomes.values())) == ["duplicate", "raised"]
    assert list(outcomes.values()).count("raised") == 1
    alarms, _ = wiring.alarm_service().find(c, _query())
    assert len(alarms) == 1 and alarms[0].count == 1 and alarms[0].execution_arn
    # a different message of the same device and type refreshes it (count), still one alarm
    consume(cloud, [candidate(c, smoke, "smoke_detector", "fire_alarm", "msg-2")])
    alarms, _ = wiring.alarm_service().find(c, _query())
    assert len(alarms) == 1 and alarms[0].count == 2


def test_poison_messages_go_to_the_dead_letter_queue_with_their_reason(cloud: Any) -> None:
    c = community()
    smoke = device(c, "smoke_detector")
    drain(cloud, "ALARM_DLQ_URL", timeout=0.5)
    result = consume(
        cloud,
        [
            "{not json",
            {"community_id": c},
            candidate(c, smoke, "smoke_detector", "fire_alarm", occurred_at="not a time"),
            candidate(c, smoke, "smoke_detector", "fire_alarm", "good-1"),
        ],
    )
    assert result["batchItemFailures"] == []
    assert sorted(result["outcomes"].values()) == [
        "dead_letter:invalid_json",
        "dead_letter:invalid_message",
        "dead_letter:invalid_message",
        "raised",
    ]
    letters = drain(cloud, "ALARM_DLQ_URL")
    assert sorted(letter["reason"] for letter in letters) == ["invalid_json", "invalid_message", "invalid_message"]
    assert all(letter["messageId"] and letter["detail"] for letter in letters)


def test_a_normal_reading_clears_the_alarm_it_is_latched_until_acknowledged(cloud: Any) -> None:
    c = community()
    leak = device(c, "water_leak_sensor")
    consume(cloud, [candidate(c, leak, "water_leak_sensor", "water_leak")])
    reading = candidate(
        c,
        leak,
        "water_leak_sensor",
        "telemetry",
        raises=False,
        data={"readings": [{"ts": "2026-06-01T02:00:00.000Z", "metrics": {"leak": False}}]},
    )
    assert list(consume(cloud, [reading])["outcomes"].values()) == ["evaluated"]
    (alarm,) = wiring.alarm_service().find(c, _query())[0]
    assert alarm.combined_status == "CLEARED_UNACK" and alarm.latched
    latched, _ = wiring.alarm_service().find(c, _query(status="latched"))
    assert [a.alarm_id for a in latched] == [alarm.alarm_id]


def test_unknown_device_type_or_event_is_recorded_as_seen_and_ignored(cloud: Any) -> None:
    c = community()
    door = device(c, "door_controller")
    result = consume(cloud, [candidate(c, door, "door_controller", "door_opened")])
    assert list(result["outcomes"].values()) == ["ignored"]


def _query(**kw: Any) -> Any:
    from chalicelib.alarms.model import AlarmQuery

    return AlarmQuery(**kw)


def test_the_lambda_answers_exactly_the_partial_batch_response(cloud: Any) -> None:
    c = community()
    smoke = device(c, "smoke_detector")
    assert invoke_consumer(cloud, [candidate(c, smoke, "smoke_detector", "fire_alarm"), "{bad"]) == {
        "batchItemFailures": []
    }


def test_a_retryable_failure_reports_only_that_message(cloud: Any, monkeypatch: Any) -> None:
    from tests.support.alarms import sqs_event

    c = community()
    good, flaky = device(c, "smoke_detector"), device(c, "water_leak_sensor")
    repo = wiring.alarm_service().repo
    real_create = repo.create

    def create(alarm: Any, dedupe: Any, announce: bool = True) -> str:
        if alarm.originator_id == flaky:
            raise ConnectionError("DynamoDB throttled")
        return str(real_create(alarm, dedupe, announce))

    monkeypatch.setattr(repo, "create", create)
    from chalicelib.alarms.tasks import consume_batch

    event = sqs_event(
        [candidate(c, good, "smoke_detector", "fire_alarm"), candidate(c, flaky, "water_leak_sensor", "water_leak")]
    )
    failures, outcomes = consume_batch(event)
    assert failures == [{"itemIdentifier": event["Records"][1]["messageId"]}]
    assert outcomes == {event["Records"][0]["messageId"]: "raised"}
    monkeypatch.setattr(repo, "create", real_create)
    failures, outcomes = consume_batch({"Records": [event["Records"][1]]})  # delivered again: now it works
    assert failures == [] and list(outcomes.values()) == ["raised"]


class LogRecords(logging.Handler):
    """The records the app's logger emits (at INFO and above while the test runs)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def at(self, level: int) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == level]

    @property
    def tracebacks(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.exc_info]


@pytest.fixture
def logs() -> Iterator[LogRecords]:
    from chalicelib.kernel.observability import logger

    handler = LogRecords()
    level = logger.log_level
    logger.addHandler(handler)
    logger.setLevel("INFO")
    yield handler
    logger.setLevel(level)
    logger._logger.removeHandler(handler)


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


POISON = {
    # what the review sent: an internal message nested far deeper than the parser can follow
    "nested_100000": lambda c, d: '{"community_id":"' + c + '","data":' + _nested(100_000) + "}",
    "nested_40": lambda c, d: json.dumps(candidate(c, d, "smoke_detector", "fire_alarm", data=json.loads(_nested(40)))),
    "not_json": lambda c, d: "{not json",
    "nan": lambda c, d: json.dumps(candidate(c, d, "smoke_detector", "fire_alarm")).replace(
        '"data": {}', '"data": NaN'
    ),
    "int_5000_digits": lambda c, d: '{"community_id":"' + c + '","n":' + "9" * 5000 + "}",
    "not_an_object": lambda c, d: "[1, 2, 3]",
    "missing_fields": lambda c, d: json.dumps({"community_id": c}),
    "bad_time": lambda c, d: json.dumps(candidate(c, d, "smoke_detector", "fire_alarm", occurred_at="yesterday")),
    "bad_readings": lambda c, d: json.dumps(
        candidate(c, d, "smoke_detector", "telemetry", raises=False, data={"readings": "none"})
    ),
}
REASONS = {
    "nested_100000": "invalid_json",
    "nested_40": "too_deep",
    "not_json": "invalid_json",
    "nan": "invalid_json",
    "int_5000_digits": "invalid_json",
    "not_an_object": "invalid_message",
    "missing_fields": "invalid_message",
    "bad_time": "invalid_message",
    "bad_readings": "invalid_message",
}


def test_poison_is_refused_once_with_its_reason_and_no_traceback(cloud: Any, logs: LogRecords) -> None:
    """Every kind of message the consumer can never process, through the Lambda: processed on its first receive
    (no retry), dead-lettered with its reason, logged as a refusal (WARNING), never as an error."""
    c = community()
    smoke = device(c, "smoke_detector")
    drain(cloud, "ALARM_DLQ_URL", timeout=0.5)
    bodies = [make(c, smoke) for make in POISON.values()]
    assert invoke_consumer(cloud, bodies) == {"batchItemFailures": []}, "nothing is delivered again"
    letters = drain(cloud, "ALARM_DLQ_URL")
    assert sorted(letter["reason"] for letter in letters) == sorted(REASONS.values())
    assert all(letter["detail"] and letter["messageId"] for letter in letters)
    assert logs.at(logging.ERROR) == [] and logs.tracebacks == []
    assert logs.at(logging.WARNING).count("alarm message refused") == len(POISON)


def test_a_message_that_fails_on_every_receive_is_dead_lettered_with_its_reason_on_the_last(
    cloud: Any, monkeypatch: Any
) -> None:
    """A failure the consumer cannot classify is retried, and on the queue's last receive (maxReceiveCount) the
    consumer dead-letters the message itself with the failure, instead of the queue's redrive without a reason."""
    from chalicelib.alarms.messages import MAX_RECEIVES
    from chalicelib.alarms.tasks import consume_batch
    from infra.localcloud.template import load_template
    from tests.support.alarms import sqs_event

    queue = load_template()["Resources"]["AlarmEventsQueue"]["Properties"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == MAX_RECEIVES

    c = community()
    smoke = device(c, "smoke_detector")
    service = wiring.alarm_service()
    monkeypatch.setattr(service, "handle", lambda doc: (_ for _ in ()).throw(KeyError("a bug")))
    drain(cloud, "ALARM_DLQ_URL", timeout=0.5)
    event = sqs_event([candidate(c, smoke, "smoke_detector", "fire_alarm")])
    record = event["Records"][0]
    for receive in range(1, MAX_RECEIVES):
        record["attributes"] = {"ApproximateReceiveCount": str(receive)}
        assert consume_batch(event)[0] == [{"itemIdentifier": record["messageId"]}], "retried"
    record["attributes"] = {"ApproximateReceiveCount": str(MAX_RECEIVES)}
    failures, outcomes = consume_batch(event)
    assert failures == [] and outcomes == {record["messageId"]: "dead_letter:failed_repeatedly"}
    (letter,) = drain(cloud, "ALARM_DLQ_URL")
    assert letter["reason"] == "failed_repeatedly" and letter["detail"] == "KeyError: 'a bug'"


def test_two_alarms_of_one_device_racing_is_no_error(cloud: Any, monkeypatch: Any, logs: LogRecords) -> None:
    """Two messages of one device raising the same alarm at once (separate batches, as two pollers deliver them):
    both read 'no active alarm' before either writes (forced by a barrier), one raises the alarm, the other loses
    the slot. The loser is delivered again (INFO, no traceback) and then counts as a repeat."""
    from chalicelib.alarms.tasks import consume_batch
    from tests.support.alarms import sqs_event

    c = community()
    smoke = device(c, "smoke_detector")
    repo = wiring.alarm_service().repo
    real_state = repo.device_state
    both_read = threading.Barrier(2)

    def device_state(community_id: str, originator_id: str) -> Any:
        state = real_state(community_id, originator_id)
        if originator_id == smoke:
            both_read.wait(timeout=10)
        return state

    monkeypatch.setattr(repo, "device_state", device_state)
    events = [sqs_event([candidate(c, smoke, "smoke_detector", "fire_alarm", f"race-{i}")]) for i in range(2)]
    results: list[Any] = [None, None]

    def run(i: int) -> None:
        results[i] = consume_batch(events[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    monkeypatch.setattr(repo, "device_state", real_state)
    outcomes = sorted(str(v) for _, o in results for v in o.values())
    retried = [f for failures, _ in results for f in failures]
    assert outcomes == ["raised"] and len(retried) == 1, results
    assert logs.at(logging.ERROR) == [] and logs.tracebacks == []
    assert "alarm message lost a race; delivered again" in logs.at(logging.INFO)

    loser = next(e for e, (failures, _) in zip(events, results, strict=True) if failures)
    assert list(consume_batch(loser)[1].values()) == ["refreshed"]
    (alarm,) = wiring.alarm_service().find(c, _query())[0]
    assert alarm.count == 2


def test_a_batch_reads_its_markers_and_devices_ahead_in_one_request_each(cloud: Any, monkeypatch: Any) -> None:
    """A burst's batch: the messages' dedupe markers and the raising devices are read in one BatchGetItem each, not
    one GetItem per record; what each record decides is what it decided reading for itself (raised, then, for the
    same messages again, duplicate)."""
    from botocore.client import BaseClient

    c = community()
    smokes = [device(c, "smoke_detector") for _ in range(6)]
    bodies = [candidate(c, d, "smoke_detector", "fire_alarm") for d in smokes]
    calls: list[tuple[str, dict[str, Any]]] = []
    real = BaseClient._make_api_call

    def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
        if client.meta.service_model.service_name == "dynamodb" and c in json.dumps(params):
            calls.append((operation, params))
        return real(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)

    def reads() -> tuple[list[str], list[str]]:
        keys = [
            json.dumps(p.get("Key") or p.get("RequestItems")) for op, p in calls if op in ("GetItem", "BatchGetItem")
        ]
        markers = [k for k in keys if "#SEEN#" in k]
        devices = [k for k in keys if '"DEVICE"' in k]
        return markers, devices

    first = consume(cloud, bodies)
    assert sorted(first["outcomes"].values()) == ["raised"] * 6
    markers, devices = reads()
    assert len(markers) == 1 and all(d in markers[0] for d in smokes), "one request for the six markers"
    assert len(devices) == 1 and all(d in devices[0] for d in smokes), "one request for the six devices"

    calls.clear()
    again = consume(cloud, bodies)
    assert sorted(again["outcomes"].values()) == ["duplicate"] * 6
    markers, devices = reads()
    assert len(markers) == 1 and devices == [], "the markers say duplicate: no device is placed"
