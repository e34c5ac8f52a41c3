"""What ingestion hands the alarm evaluator from telemetry: readings of watched types only, one candidate per device
per batch with every reading in order (a short breach inside a batch is still seen), never a failed write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.devices.alarm_handoff import TELEMETRY_EVENT, readings_for_alarms
from chalicelib.devices.series import SeriesEntry

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def entry(
    device: str, device_type: str, msg: str, ts: str, metrics: dict[str, object], kind: str = "telemetry"
) -> SeriesEntry:
    return SeriesEntry(
        community_id="c-1",
        device_id=device,
        device_type=device_type,
        kind=kind,
        msg_id=msg,
        ts=ts,
        received_at=NOW,
        body={"metrics": metrics},
        expires_at=NOW + timedelta(days=190),
        refs=[f"ref-{msg}"],
    )


def test_watched_readings_are_grouped_per_device_in_time_order() -> None:
    entries = [
        entry("gas-1", "gas_detector", "m2", "2026-06-01T02:00:02.000Z", {"state": "normal", "gasLel": 3}),
        entry("gas-1", "gas_detector", "m1", "2026-06-01T02:00:01.000Z", {"state": "alarm", "gasLel": 25}),
        entry("meter-1", "electricity_meter", "m3", "2026-06-01T02:00:01.000Z", {"totalKwh": 1.0}),  # no rules
        entry("gas-2", "gas_detector", "m4", "2026-06-01T02:00:01.000Z", {"state": "normal", "gasLel": 1}, "heartbeat"),
        entry("env-1", "environment_sensor", "m5", "2026-06-01T02:00:01.000Z", {"pm25": 80}),
    ]
    out = readings_for_alarms(entries, failed_refs=set())
    by_device = {c.device_id: (c, refs) for c, refs in out}
    assert set(by_device) == {"gas-1", "env-1"}
    gas, refs = by_device["gas-1"]
    assert gas.event == TELEMETRY_EVENT and not gas.raises
    assert [r["metrics"]["gasLel"] for r in gas.data["readings"]] == [25, 3]
    assert sorted(refs) == ["ref-m1", "ref-m2"]
    assert gas.as_message()["data"]["readings"][0]["ts"] == "2026-06-01T02:00:01.000Z"


def test_entries_whose_write_failed_are_not_handed_over() -> None:
    entries = [entry("gas-1", "gas_detector", "m1", "2026-06-01T02:00:01.000Z", {"state": "alarm", "gasLel": 25})]
    assert readings_for_alarms(entries, failed_refs={"ref-m1"}) == []
