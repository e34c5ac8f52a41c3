"""Telemetry through ingestion to the alarm evaluator on the local cloud: a combustible-gas reading >= 20 %LEL in a
telemetry batch reaches AlarmEventsQueue (one message per device per batch) and raises a critical alarm; the
normal reading of the next batch clears it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.alarms import wiring
from tests.support.alarms import providers  # noqa: F401
from tests.support.ingestion import new_community, queue_messages, register, rule_output, sqs_event

pytestmark = pytest.mark.usefixtures("providers")


def reading(msg: str, ts: str, gas: float, state: str) -> dict[str, Any]:
    return {"msgId": msg, "ts": ts, "metrics": {"state": state, "gasLel": gas, "valve": "open"}}


def batch(cloud: Any, community: str, device: str, *payloads: dict[str, Any]) -> None:
    event, _ = sqs_event([rule_output(community, device, "telemetry", p) for p in payloads])
    payload, error = cloud.registry.invoke("ingest_telemetry_batch", event)
    assert error is None and payload["batchItemFailures"] == [], payload


def deliver(cloud: Any, community: str) -> list[dict[str, Any]]:
    messages = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    if messages:
        records = {"Records": [{"messageId": f"m{i}", "body": json.dumps(m)} for i, m in enumerate(messages)]}
        payload, error = cloud.registry.invoke("alarm_events", records)
        assert error is None and payload["batchItemFailures"] == [], payload
    return messages


def test_gas_reading_raises_and_the_next_normal_reading_clears(cloud: Any) -> None:
    community = new_community()
    gas = register(community, "gas_detector")
    meter = register(community, "electricity_meter")  # no threshold rules: its telemetry is not handed over
    batch(
        cloud,
        community,
        gas,
        reading("g1", "2026-06-01T02:00:00.000Z", 4, "normal"),
        reading("g2", "2026-06-01T02:00:05.000Z", 22, "alarm"),
    )
    event, _ = sqs_event(
        [
            rule_output(
                community,
                meter,
                "telemetry",
                {"msgId": "e1", "ts": "2026-06-01T02:00:00.000Z", "metrics": {"totalKwh": 1.5}},
            )
        ]
    )
    cloud.registry.invoke("ingest_telemetry_batch", event)
    handed = deliver(cloud, community)
    assert [(m["device_id"], len(m["data"]["readings"])) for m in handed] == [(gas, 2)]
    (alarm,) = wiring.alarm_service().find(community, _q())[0]
    assert alarm.alarm_type == "gas_leak" and alarm.severity == "critical" and alarm.status == "active"

    batch(cloud, community, gas, reading("g3", "2026-06-01T02:01:00.000Z", 2, "normal"))
    deliver(cloud, community)
    assert wiring.alarm_service().get(community, alarm.alarm_id).status == "cleared"


def _q() -> Any:
    from chalicelib.alarms.model import AlarmQuery

    return AlarmQuery()
