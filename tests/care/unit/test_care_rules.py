"""The care-alert rules without AWS: thresholds and durations of the signs of need, plausibility of wearable
readings, night-time falls, and one open alert per person and kind (the service against an in-memory store)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.care.model import (
    RESOLVED,
    CareAlert,
    CareProfile,
    Consent,
    Guardian,
    LastSeen,
    Thresholds,
    VisitRecord,
)
from chalicelib.care.service import CareService
from chalicelib.care.signs import Reading, apply_reading, impossible_move, signs_of_need

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


def profile(**kw: Any) -> CareProfile:
    base = CareProfile(
        care_id="cr-0123456789abcdef",
        community_id="c1",
        person_id="p1",
        house_id="h1",
        person_name="王奶奶",
        categories=("living_alone", "elderly"),
        care_level="attention",
        consent=Consent("王奶奶", NOW - timedelta(days=30), ("register",)),
        guardians=(Guardian("a1", "resident", "女儿", "family", 1),),
        wearables=("w1",),
        thresholds=Thresholds(),
        health_sealed=None,
        created_at=NOW - timedelta(days=30),
        updated_at=NOW - timedelta(days=30),
    )
    return replace(base, **kw)


def kinds(p: CareProfile, seen: LastSeen | None, now: datetime = NOW) -> set[str]:
    return {s.kind for s in signs_of_need(p, seen, now)}


@pytest.mark.parametrize(("hours", "expected"), [(23, set()), (24, set()), (25, {"no_activity", "no_wearable_data"})])
def test_quiet_for_longer_than_24_hours_living_alone(hours: int, expected: set[str]) -> None:
    at = NOW - timedelta(hours=hours)
    assert kinds(profile(), LastSeen("c1", "p1", activity_at=at, wearable_at=at)) == expected


def test_a_door_opening_is_a_sign_of_life_but_the_wearable_still_silent_is_a_sign() -> None:
    seen = LastSeen("c1", "p1", activity_at=NOW - timedelta(hours=1), wearable_at=NOW - timedelta(hours=30))
    assert kinds(profile(), seen) == {"no_wearable_data"}
    assert kinds(profile(wearables=()), seen) == set(), "no wearable registered: nothing to miss"


def test_configured_quiet_time_and_nothing_seen_since_registration() -> None:
    p = profile(thresholds=Thresholds(quiet_hours=72), created_at=NOW - timedelta(hours=50))
    assert kinds(p, None) == set()
    assert kinds(p, None, NOW + timedelta(hours=23)) == {"no_activity", "no_wearable_data"}


@pytest.mark.parametrize(("minutes", "raised"), [(9, False), (10, True)])
def test_heart_rate_outside_the_range_for_the_duration(minutes: int, raised: bool) -> None:
    p = profile()
    seen = LastSeen("c1", "p1", activity_at=NOW, wearable_at=NOW)
    seen = apply_reading(p, seen, Reading(NOW - timedelta(minutes=minutes), heart_rate=130))
    assert ("heart_rate" in kinds(p, seen)) is raised
    back = apply_reading(p, seen, Reading(NOW, heart_rate=80))
    assert back.heart_out_since is None and "heart_rate" not in kinds(p, back), "back in range ends it"


@pytest.mark.parametrize("bpm", [0, 400, 10, 260])
def test_implausible_heart_rates_are_flagged_never_alarmed(bpm: int) -> None:
    p = profile()
    seen = apply_reading(p, LastSeen("c1", "p1"), Reading(NOW - timedelta(hours=1), heart_rate=bpm))
    assert seen.heart_out_since is None and seen.heart_rate is None
    assert seen.flagged[-1]["value"] == bpm
    assert "heart_rate" not in kinds(p, seen)


def test_a_position_in_another_city_a_minute_later_is_flagged() -> None:
    shenshan, beijing = (22.80, 115.10), (39.90, 116.40)
    assert impossible_move(shenshan, NOW, beijing, NOW + timedelta(minutes=1))
    assert not impossible_move(shenshan, NOW, beijing, NOW + timedelta(hours=10))
    p = profile()
    seen = apply_reading(p, LastSeen("c1", "p1"), Reading(NOW, position=shenshan))
    moved = apply_reading(p, seen, Reading(NOW + timedelta(minutes=1), position=beijing))
    assert moved.position == shenshan and moved.flagged[-1]["field"] == "position"


def test_repeated_night_time_falls() -> None:
    p = profile()
    night = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)  # 23:00 in Beijing
    seen = apply_reading(p, LastSeen("c1", "p1", activity_at=NOW, wearable_at=NOW), Reading(night, fall=True))
    assert "night_falls" not in kinds(p, seen), "one fall is the alarm's business, not a pattern"
    day = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)  # 12:00 in Beijing
    seen = apply_reading(p, seen, Reading(day, fall=True))
    assert "night_falls" not in kinds(p, seen), "a fall by day is not a night-time fall"
    seen = apply_reading(p, seen, Reading(night + timedelta(days=1), fall=True))
    assert "night_falls" in kinds(p, seen)
    assert "night_falls" not in kinds(p, seen, NOW + timedelta(days=8)), "old falls age out"


class MemoryStore:
    """The store's open-slot rule in memory (the DynamoDB store claims the slot with a conditional write)."""

    def __init__(self) -> None:
        self.alerts: dict[str, CareAlert] = {}
        self.slots: dict[tuple[str, str], str] = {}

    def open_alert(self, alert: CareAlert) -> bool:
        key = (alert.person_id, alert.kind)
        if key in self.slots:
            return False
        self.slots[key] = alert.alert_id
        self.alerts[alert.alert_id] = alert
        return True

    def alert(self, community_id: str, alert_id: str) -> CareAlert | None:
        return self.alerts.get(alert_id)

    def update_alert(self, before: CareAlert, after: CareAlert) -> bool:
        if self.alerts[before.alert_id].version != before.version:
            return False
        self.alerts[after.alert_id] = after
        if after.status == RESOLVED:
            self.slots.pop((after.person_id, after.kind), None)
        return True


def test_one_open_alert_per_person_and_kind_until_resolved() -> None:
    store = MemoryStore()
    service = CareService(store, people=None, sealer=None, now=lambda: NOW)  # type: ignore[arg-type]
    p = profile()
    first = service.raise_alert(p, "no_activity", {})
    assert first is not None
    assert service.raise_alert(p, "no_activity", {}) is None
    assert service.raise_alert(p, "heart_rate", {}) is not None
    assert service.raise_alert(profile(person_id="p2"), "no_activity", {}) is not None
    service.acknowledge("c1", first.alert_id, "worker")
    assert service.raise_alert(p, "no_activity", {}) is None, "acknowledged is still open"
    service.resolve("c1", first.alert_id, VisitRecord("worker", NOW, "well", "上门探访"))
    assert service.raise_alert(p, "no_activity", {}) is not None


def test_meter_use_only_when_the_cumulative_reading_rises() -> None:
    from chalicelib.care.feed import apply_meter

    seen = LastSeen("c1", "p1")
    t0 = NOW - timedelta(hours=3)
    seen = apply_meter(seen, "m1", 120.5, t0)
    assert seen.utility_at is None and seen.meter_totals == {"m1": 120.5}, "the first reading is only a baseline"
    seen = apply_meter(seen, "m1", 120.5, t0 + timedelta(hours=1))
    assert seen.utility_at is None, "a report without use is not use"
    seen = apply_meter(seen, "m1", 120.9, t0 + timedelta(hours=2))
    assert seen.utility_at == t0 + timedelta(hours=2)
    seen = apply_meter(seen, "m1", 3.0, t0 + timedelta(hours=3))
    assert seen.utility_at == t0 + timedelta(hours=2) and seen.meter_totals["m1"] == 3.0, "a replaced meter: baseline"


@pytest.mark.parametrize(("hours", "raised"), [(23, False), (25, True)])
def test_no_utility_use_for_the_threshold(hours: int, raised: bool) -> None:
    p = profile(meters=("m1",), wearables=())
    seen = LastSeen("c1", "p1", activity_at=NOW, utility_at=NOW - timedelta(hours=hours))
    assert ("no_utility_use" in kinds(p, seen)) is raised
    assert "no_utility_use" not in kinds(profile(wearables=()), seen), "no meter bound: no such sign"
    longer = profile(meters=("m1",), thresholds=Thresholds(utility_hours=48))
    assert "no_utility_use" not in kinds(longer, seen)
