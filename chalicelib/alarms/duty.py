"""Duty roster: which staff member is on duty for which area (a building or the whole community) and when.

A shift is a weekly time window in Asia/Shanghai local time (property companies plan shifts in local time),
`days` 1..7 = Monday..Sunday, `start`/`end` as HH:MM; a shift whose end is not after its start runs over midnight
(22:00-06:00 belongs to the day it starts). "On duty for building B at t" = shifts of area B or of the whole
community (`*`) covering t. Reused by work orders next.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.kernel.clock import BEIJING
from chalicelib.kernel.errors import InvalidInput, NotFound, unknown_reference

WHOLE_COMMUNITY = "*"
SHIFT_ID = re.compile(r"^shf-[0-9a-f]{12}$")
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


@dataclass(frozen=True)
class Shift:
    shift_id: str
    community_id: str
    staff_id: str
    area: str  # building id or "*"
    days: tuple[int, ...]
    start: str
    end: str
    staff_name: str = ""
    created_by: str = ""

    def covers(self, at: datetime) -> bool:
        local = at.astimezone(BEIJING)
        minutes = local.hour * 60 + local.minute
        start, end = _minutes(self.start), _minutes(self.end)
        today = local.isoweekday()
        yesterday = 7 if today == 1 else today - 1
        if start < end:
            return today in self.days and start <= minutes < end
        # over midnight: the evening part of today's shift or the morning part of yesterday's
        return (today in self.days and minutes >= start) or (yesterday in self.days and minutes < end)

    def serves(self, building: str | None) -> bool:
        return self.area == WHOLE_COMMUNITY or (building is not None and self.area == building)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _bad(field_name: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="VALIDATION_FAILED", details=[{"field": field_name, "code": code, "message": message}]
    )


class RosterRepository(Protocol):
    def add(self, shift: Shift) -> None: ...

    def remove(self, community_id: str, shift_id: str) -> bool: ...

    def of_community(self, community_id: str) -> list[Shift]: ...


class StaffLookup(Protocol):
    def staff_name(self, community_id: str, staff_id: str) -> str | None:
        """The staff member's display name if they work in this community, else None."""
        ...


class BuildingLookup(Protocol):
    def building_exists(self, community_id: str, building_id: str) -> bool: ...


@dataclass
class DutyRoster:
    repo: RosterRepository
    staff: StaffLookup
    buildings: BuildingLookup  # an area is one of the community's registry buildings, or "*"

    def add(self, community_id: str, staff_id: str, area: str, days: list[int], start: str, end: str, by: str) -> Shift:
        if not days or any(d not in range(1, 8) for d in days) or len(set(days)) != len(days):
            raise _bad("days", "range", "days are distinct numbers 1 (Monday) .. 7 (Sunday)")
        for name, value in (("start", start), ("end", end)):
            if not HHMM.fullmatch(value):
                raise _bad(name, "pattern", f"{name} is HH:MM")
        if start == end:
            raise _bad("end", "range", "a shift cannot be empty")
        staff_name = self.staff.staff_name(community_id, staff_id)
        if staff_name is None:
            raise NotFound(f"no staff member {staff_id} in this community", code="STAFF_NOT_FOUND")
        if area != WHOLE_COMMUNITY and not self.buildings.building_exists(community_id, area):
            raise unknown_reference("area", "building")
        shift = Shift(
            "shf-" + secrets.token_hex(6), community_id, staff_id, area, tuple(sorted(days)), start, end, staff_name, by
        )
        self.repo.add(shift)
        return shift

    def remove(self, community_id: str, shift_id: str) -> None:
        if not SHIFT_ID.fullmatch(shift_id) or not self.repo.remove(community_id, shift_id):
            raise NotFound(f"shift {shift_id} not found", code="SHIFT_NOT_FOUND")

    def shifts(self, community_id: str) -> list[Shift]:
        return self.repo.of_community(community_id)

    def on_duty(
        self, community_id: str, building: str | None, at: datetime, shifts: list[Shift] | None = None
    ) -> list[Shift]:
        """The shifts on duty for the building at `at`, among `shifts` (the community's, read when not given)."""
        every = self.repo.of_community(community_id) if shifts is None else shifts
        return [s for s in every if s.serves(building) and s.covers(at)]
