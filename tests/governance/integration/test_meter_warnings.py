"""The abnormal-use warning from real meter telemetry: a water meter's cumulative readings, stored as ingestion
stores them, become daily use per Beijing day; the run (the staff route) raises one warning for the house whose
yesterday's use is far above its median, and none for a steady house, a meter without a house, or a reset meter."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib.kernel.clock import utcnow
from tests.support.alarms import device
from tests.support.registry import call, make_building, make_house, new_community, token

BEIJING = timedelta(hours=8)


def _yesterday() -> date:
    return (utcnow() + BEIJING).date() - timedelta(days=1)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC) - BEIJING


def _readings(cid: str, device_id: str, device_type: str, field: str, totals: list[float]) -> None:
    """One reading a day at Beijing noon, the last one yesterday (as ingestion stores telemetry)."""
    from chalicelib.devices.repository_telemetry import DynamoIngestionStore
    from chalicelib.devices.series import SeriesEntry, expiry

    last = _yesterday()
    entries = []
    for i, total in enumerate(totals):
        at = _noon(last - timedelta(days=len(totals) - 1 - i))
        entries.append(
            SeriesEntry(
                cid,
                device_id,
                device_type,
                "telemetry",
                uuid.uuid4().hex,
                at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                at,
                {"metrics": {field: total}},
                expiry(device_type, "telemetry", at),
            )
        )
    assert DynamoIngestionStore().write(entries, []) == set()


def test_a_spike_in_a_houses_water_use_raises_one_warning_through_the_run(client: Any) -> None:
    cid = new_community(client)
    building = make_building(client, cid)
    spiking = make_house(client, cid, building_id=building, room=1)["houseId"]
    steady = make_house(client, cid, building_id=building, room=2)["houseId"]
    reset = make_house(client, cid, building_id=building, room=3)["houseId"]

    history = [100.0 + i for i in range(12)]  # 1 m³ a day
    _readings(cid, device(cid, "water_meter", user=spiking), "water_meter", "totalM3", [*history, history[-1] + 5])
    _readings(cid, device(cid, "water_meter", user=steady), "water_meter", "totalM3", [*history, history[-1] + 1])
    _readings(cid, device(cid, "water_meter", user=reset), "water_meter", "totalM3", [*history, 0.5])
    _readings(cid, device(cid, "water_meter"), "water_meter", "totalM3", [*history, history[-1] + 50])  # no house
    _readings(cid, device(cid, "electricity_meter", user=steady), "electricity_meter", "totalKwh", [*history, 113.0])

    manager = token({"staff.manager"}, {cid})
    status, run = call(client, "POST", f"/v1/staff/communities/{cid}/warnings/run", manager)
    assert status == 200, run
    status, listed = call(client, "GET", f"/v1/staff/communities/{cid}/warnings?status=open", manager)
    assert status == 200, listed
    meters = [w for w in listed["items"] if w["kind"] == "abnormal_meter"]
    assert [w["subjectId"] for w in meters] == [f"{spiking}:water"], meters
    assert meters[0]["detail"] == {"today": 5.0, "median": 1.0}
    from chalicelib import registry

    assert meters[0]["subjectName"] == f"{registry.house_label(cid, spiking)} 用水"  # the house and the utility

    status, _ = call(client, "POST", f"/v1/staff/communities/{cid}/warnings/run", manager)
    assert status == 200
    status, listed = call(client, "GET", f"/v1/staff/communities/{cid}/warnings?status=open", manager)
    assert [w["subjectId"] for w in listed["items"] if w["kind"] == "abnormal_meter"] == [f"{spiking}:water"]


def test_daily_use_per_beijing_day() -> None:
    from chalicelib.devices.meters import daily_use, day_start

    d1, d2, d3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)
    before = day_start(d1) - timedelta(minutes=1)  # 2026-11-30 23:59 Beijing
    readings = [
        (before, 10.0),
        (day_start(d1) + timedelta(hours=23, minutes=59), 12.0),  # the last minute of Dec 1 (15:59 UTC)
        (day_start(d2) + timedelta(minutes=1), 12.5),
        (day_start(d3) + timedelta(hours=1), 1.0),  # reset
    ]
    assert daily_use(readings, d1, d3) == (2.0, 0.5, None)
    assert daily_use(readings[1:], d1, d2) == (None, 0.5)  # nothing before Dec 1 began
