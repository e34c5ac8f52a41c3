"""Which alarms become work orders, and what the work order says (the alarm workflow's dispatch step).

A fault of the building's equipment needs someone to repair it; an emergency (fire, gas, intrusion, SOS) needs
people at once, which the alarm's own notification and escalation do, not a repair ticket. So only equipment
faults, damage and leaks are dispatched; everything else is declined and the alarm goes on without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.work_orders import Location

# Alarm types (catalogue event names and the offline rule) that mean equipment to repair.
REPAIR_ALARM_TYPES = frozenset(
    {
        "cable_fault",
        "door_fault",
        "fault",
        "fence_fault",
        "lamp_fault",
        "terminal_fault",
        "knocked_over",
        "tilted",
        "lid_opened",
        "water_leak",
        "leakage",
        "low_pressure",
        "pressure_low",
        "level_low",
        "level_high",
        "outage",
        "over_temperature",
        "overload",
        "trapped_person",
        "device_offline",
    }
)
# Device type words -> the default category that handles them (first match wins).
CATEGORY_BY_DEVICE = (
    ("elevator", "repair-elevator"),
    ("water", "repair-plumbing"),
    ("hydrant", "repair-plumbing"),
    ("pump", "repair-plumbing"),
    ("pipe", "repair-plumbing"),
    ("meter", "repair-plumbing"),
    ("light", "repair-electrical"),
    ("lamp", "repair-electrical"),
    ("power", "repair-electrical"),
    ("charg", "repair-electrical"),
)


@dataclass(frozen=True)
class Dispatch:
    ticket_id: str
    category_id: str
    description: str
    location: Location


def dispatch_for(alarm: Any) -> Dispatch | None:
    """The work order an alarm should open, or None. The ticket id derives from the alarm: a retried workflow
    task finds the same ticket instead of opening a second one."""
    if alarm.alarm_type not in REPAIR_ALARM_TYPES:
        return None
    device_type = (alarm.device_type or "").lower()
    category = next((c for word, c in CATEGORY_BY_DEVICE if word in device_type), "repair-public")
    if alarm.house_id:
        location = Location(house_id=alarm.house_id, building_id=alarm.building)
    else:
        area = alarm.area or (f"building {alarm.building}" if alarm.building else "community")
        location = Location(area=area, building_id=alarm.building)
    what = alarm.title or alarm.alarm_type.replace("_", " ")
    description = f"Alarm {alarm.alarm_id}: {what} ({alarm.device_type or alarm.originator_kind} {alarm.originator_id})"
    return Dispatch(f"wo-{alarm.alarm_id}"[:64], category, description[:1000], location)
