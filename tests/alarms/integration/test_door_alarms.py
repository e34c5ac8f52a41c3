"""Door forced open and door held open (001 6.2.1.5 d) reach the alarm queue through the existing seam: a door
controller's event -> IoT rule -> EventsQueue -> ingest_events_batch -> AlarmEventsQueue (consumed by the alarm
evaluation)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support.ingestion import ingest_batch, new_community, queue_messages, register, rule_output


@pytest.mark.parametrize(
    ("event", "data", "severity"), [("forced_open", {}, "major"), ("held_open", {"seconds": 300}, "minor")]
)
def test_door_forced_and_held_open_go_to_the_alarm_queue(
    cloud: Any, client: Any, event: str, data: dict[str, Any], severity: str
) -> None:
    community = new_community()
    door = register(community, "door_controller")
    message = {
        "msgId": uuid.uuid4().hex,
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "event": event,
        "data": data,
    }
    _, failures = ingest_batch(client, "ingest_events_batch", [rule_output(community, door, "events", message)])
    assert failures == []
    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert (candidate["device_id"], candidate["event"], candidate["severity"]) == (door, event, severity)
    assert candidate["raises"] is True
