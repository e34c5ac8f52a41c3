"""The AlarmEventsQueue consumer on the local cloud: dedupe, repeats, clears, poison messages."""

from __future__ import annotations

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

    def create(alarm: Any, dedupe: Any) -> str:
        if alarm.originator_id == flaky:
            raise ConnectionError("DynamoDB throttled")
        return str(real_create(alarm, dedupe))

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
