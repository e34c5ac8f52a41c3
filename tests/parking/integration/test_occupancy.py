"""Occupancy over time on the local cloud: the hourly run (`parking_occupancy_sample`, invoked as the schedule
would) records each car park's cars inside for the Beijing hour that begins, once per hour; staff read a day's 24
Beijing hours (null where no sample was taken); a bad day is a 400."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.parking.integration.test_parking_flow import (  # noqa: F401  (the `park` fixture)
    STAFF,
    call,
    decide,
    park_fixture,
    plate_event,
    token,
)


def _run(client: Any) -> dict[str, Any]:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    return dict(client.lambda_.invoke("parking_occupancy_sample", event).payload)


def test_the_hourly_sample_fills_the_days_24_beijing_hours(client: Any, park: dict[str, Any]) -> None:
    c = park["community"]
    assert decide(client, c, park["entry"], plate_event("粤B60001", "in"))["action"] == "open"
    first = _run(client)
    assert first["failed"] == [] and first["recorded"] >= 1, first
    assert decide(client, c, park["entry"], plate_event("粤B60002", "in"))["action"] == "open"
    second = _run(client)  # the same hour again: the first sample stays
    assert second["hour"] == first["hour"] and second["kept"] >= 1, second

    day, hour = first["day"], first["hour"]
    local_now = datetime.now(UTC) + timedelta(hours=8)
    assert local_now.date().isoformat() == day or local_now.hour == 0  # the Beijing day (unless it just turned)
    status, view = call(client, "GET", STAFF.format(c=c) + f"/occupancy?day={day}", token(c, "staff.guard"))
    assert status == 200, view
    [only] = view["items"]
    assert only["parkId"] == "p1" and only["name"] == "地面停车场" and only["capacity"] == 2
    assert len(only["hours"]) == 24
    assert only["hours"][hour] == 1
    assert [h for i, h in enumerate(only["hours"]) if i != hour] == [None] * 23

    for bad in ("2026-13-01", "yesterday", ""):
        status, body = call(client, "GET", STAFF.format(c=c) + f"/occupancy?day={bad}", token(c, "staff.guard"))
        assert status == 400 and body["error"]["details"][0]["field"] == "query.day", (bad, body)
    assert call(client, "GET", STAFF.format(c=c) + f"/occupancy?day={day}", token("c-other", "staff.guard"))[0] == 403
