"""What a home device says about the person it is bound to: the care register's reading of a device message
(one that ingestion stored, from the telemetry table's stream), turned into a sign of life for the person's
"last seen" item. Pure: no storage.

- a wearable's telemetry: heart rate, battery, position (implausible values are flagged by `signs.apply_reading`);
  its heartbeat: online; its `fall_detected` event: a fall (the alarm itself comes from the alarm evaluation);
- a door contact's `door_opened` event, or its telemetry with `open: true`: activity;
- a water or electricity meter's telemetry: its cumulative reading (`totalM3`, `totalKwh`), which is use only when
  it is higher than the meter's last reading (`apply_meter`), not on every report.
A message that is not a valid message of its device type (the catalogue's schema) says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from chalicelib.care.model import LastSeen
from chalicelib.care.signs import Reading
from chalicelib.kernel.clock import parse_iso
from iot import catalogue

WEARABLE, DOOR_CONTACT = "wearable", "door_contact"
BOUND_TYPES = (WEARABLE, DOOR_CONTACT)
METER_TOTALS = {"water_meter": "totalM3", "electricity_meter": "totalKwh"}  # catalogue type -> cumulative field


@dataclass(frozen=True)
class DeviceMessage:
    community_id: str
    device_id: str
    kind: str  # telemetry | events | heartbeat
    document: dict[str, Any]


@dataclass(frozen=True)
class Signal:
    """One sign of life: a wearable reading (`reading`) or activity at home (`activity_at`)."""

    reading: Reading | None = None
    activity_at: datetime | None = None
    meter: tuple[str, float, datetime] | None = None  # (meter id, cumulative reading, when)

    @property
    def at(self) -> datetime | None:
        return self.reading.at if self.reading else self.activity_at or (self.meter[2] if self.meter else None)


def signal_of(device_type: str, message: DeviceMessage) -> Signal | None:
    if device_type in METER_TOTALS:
        return _meter_signal(device_type, message)
    try:
        doc = catalogue.validate_message(device_type, message.kind, dict(message.document))
        at = parse_iso(str(doc["ts"]))
    except Exception:  # not a valid message of its type: ingestion dead-letters it; it says nothing here
        return None
    if device_type == WEARABLE:
        if message.kind == "heartbeat":
            return Signal(reading=Reading(at))
        if message.kind == "events":
            return Signal(reading=Reading(at, fall=doc["event"] == "fall_detected"))
        m = doc.get("metrics", {})
        lat, lon = m.get("latitude"), m.get("longitude")
        return Signal(
            reading=Reading(
                at,
                heart_rate=m.get("heartRateBpm"),
                battery_pct=m.get("batteryPct"),
                position=(float(lat), float(lon)) if lat is not None and lon is not None else None,
            )
        )
    if device_type == DOOR_CONTACT:
        if message.kind == "events" and doc["event"] == "door_opened":
            return Signal(activity_at=at)
        if message.kind == "telemetry" and doc.get("metrics", {}).get("open") is True:
            return Signal(activity_at=at)
    return None


def _meter_signal(device_type: str, message: DeviceMessage) -> Signal | None:
    """A meter's telemetry: its cumulative reading (a water meter's `totalM3`, an electricity meter's `totalKwh`)."""
    if message.kind != "telemetry":
        return None
    try:
        doc = catalogue.validate_message(device_type, "telemetry", dict(message.document))
        at = parse_iso(str(doc["ts"]))
    except Exception:  # not a valid message of its type: it says nothing
        return None
    total = doc.get("metrics", {}).get(METER_TOTALS[device_type])
    if isinstance(total, bool) or not isinstance(total, int | float):
        return None
    return Signal(meter=(message.device_id, float(total), at))


def apply_meter(seen: LastSeen, meter_id: str, total: float, at: datetime) -> LastSeen:
    """A meter's cumulative reading: use (the house's `utility_at`) when it rose since the meter's last reading; the
    first reading, an unchanged one or a lower one (a replaced meter) is only the new baseline."""
    before = seen.meter_totals.get(meter_id)
    changes: dict[str, Any] = {"meter_totals": {**seen.meter_totals, meter_id: total}}
    if before is not None and total > before and (seen.utility_at is None or at > seen.utility_at):
        changes["utility_at"] = at
    return replace(seen, **changes)
