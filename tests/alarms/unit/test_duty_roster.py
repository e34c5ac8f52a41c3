"""Duty roster: weekly shifts in Asia/Shanghai time, over midnight, by area."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.alarms.duty import DutyRoster, Shift
from chalicelib.kernel.errors import InvalidInput, NotFound


class Repo:
    def __init__(self) -> None:
        self.items: dict[str, Shift] = {}

    def add(self, shift: Shift) -> None:
        self.items[shift.shift_id] = shift

    def remove(self, community_id: str, shift_id: str) -> bool:
        return self.items.pop(shift_id, None) is not None

    def of_community(self, community_id: str) -> list[Shift]:
        return [s for s in self.items.values() if s.community_id == community_id]


class Staff:
    def staff_name(self, community_id: str, staff_id: str) -> str | None:
        return {"g1": "Guard One", "g2": "Guard Two"}.get(staff_id) if community_id == "c-1" else None


class Buildings:
    """c-1 has buildings A and B; c-2 has its own C."""

    def building_exists(self, community_id: str, building_id: str) -> bool:
        return building_id in ({"A", "B"} if community_id == "c-1" else {"C"})


def roster() -> DutyRoster:
    return DutyRoster(Repo(), Staff(), Buildings())


def test_night_shift_over_midnight_covers_the_morning_after() -> None:
    r = roster()
    r.add("c-1", "g1", "A", [1], "22:00", "06:00", "manager")  # Monday night
    monday_2330_local = datetime(2026, 6, 1, 15, 30, tzinfo=UTC)  # 2026-06-01 is a Monday; 23:30 in Shanghai
    tuesday_0500_local = datetime(2026, 6, 1, 21, 0, tzinfo=UTC)
    tuesday_0700_local = datetime(2026, 6, 1, 23, 0, tzinfo=UTC)
    assert [s.staff_id for s in r.on_duty("c-1", "A", monday_2330_local)] == ["g1"]
    assert [s.staff_id for s in r.on_duty("c-1", "A", tuesday_0500_local)] == ["g1"]
    assert r.on_duty("c-1", "A", tuesday_0700_local) == []


def test_area_is_a_building_or_the_whole_community() -> None:
    r = roster()
    r.add("c-1", "g1", "A", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "m")
    r.add("c-1", "g2", "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "m")
    at = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)
    assert {s.staff_id for s in r.on_duty("c-1", "A", at)} == {"g1", "g2"}
    assert {s.staff_id for s in r.on_duty("c-1", "B", at)} == {"g2"}
    assert {s.staff_id for s in r.on_duty("c-1", None, at)} == {"g2"}


@pytest.mark.parametrize(
    "days, start, end, field",
    [
        ([], "08:00", "16:00", "days"),
        ([8], "08:00", "16:00", "days"),
        ([1], "8:00", "16:00", "start"),
        ([1], "08:00", "08:00", "end"),
    ],
)
def test_bad_shifts_are_refused_with_the_field(days: list[int], start: str, end: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        roster().add("c-1", "g1", "A", days, start, end, "m")
    assert caught.value.details[0]["field"] == field


def test_staff_of_another_community_cannot_be_rostered() -> None:
    with pytest.raises(NotFound):
        roster().add("c-2", "g1", "A", [1], "08:00", "16:00", "m")


@pytest.mark.parametrize("area", ["C", "nowhere"])
def test_an_area_is_one_of_the_communitys_buildings(area: str) -> None:
    """Another community's building, or none at all: refused naming the field, and nothing is rostered."""
    r = roster()
    with pytest.raises(InvalidInput) as caught:
        r.add("c-1", "g1", area, [1], "08:00", "16:00", "m")
    assert caught.value.details == [
        {"field": "area", "code": "unknown_building", "message": "no such building in this community"}
    ]
    assert r.shifts("c-1") == []
