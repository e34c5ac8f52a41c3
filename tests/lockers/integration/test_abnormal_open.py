"""A compartment forced open raises an alarm through the device ingestion path (the catalogue's `forced_open`
event of a parcel_locker raises, major): locker event -> EventsTopicRule -> ingest_events_batch ->
AlarmEventsQueue, whose consumer (alarm_events, the alarm capability) makes the alarm, as for a door forced open
(tests/alarms/integration/test_door_alarms.py). Deposits in the same batch raise nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from tests.support.ingestion import ingest_batch, new_community, queue_messages, register, rule_output


def _event(event: str, **data: Any) -> dict[str, Any]:
    ts = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"msgId": uuid.uuid4().hex, "ts": ts, "event": event, "data": data}


def test_a_forced_compartment_raises_a_major_alarm(cloud: Any, client: Any) -> None:
    community = new_community()
    locker = register(community, "parcel_locker")
    messages = [
        rule_output(community, locker, "events", _event("parcel_stored", compartment="A1", houseId="h-1")),
        rule_output(community, locker, "events", _event("forced_open", compartment="A7")),
    ]
    _, failures = ingest_batch(client, "ingest_events_batch", messages)
    assert failures == []
    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert (candidate["device_id"], candidate["event"], candidate["severity"]) == (locker, "forced_open", "major")
    assert candidate["raises"] is True and candidate["device_type"] == "parcel_locker"
