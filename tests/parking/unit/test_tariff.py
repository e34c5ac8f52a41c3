"""The one fee rule at every boundary: free minutes exactly, each started unit, day/night switch, Beijing midnight
(UTC 16:00), the daily cap per Beijing calendar day, the stay cap, per-period tariffs, visitors' free minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chalicelib.parking.tariff import PER_PERIOD, Tariff, fee_fen

BJ = timezone(timedelta(hours=8))
T = Tariff(
    free_minutes=15, unit_minutes=60, day_starts=7 * 60, night_starts=19 * 60, day_rate_fen=300, night_rate_fen=100
)


def at(h: int, m: int = 0, day: int = 7) -> datetime:
    return datetime(2026, 12, day, h, m, tzinfo=BJ)


def stay(entered: datetime, minutes: float, tariff: Tariff = T, extra: int = 0) -> int:
    return fee_fen(tariff, entered, entered + timedelta(minutes=minutes), extra)


def test_free_minutes_exactly_are_free_and_one_second_more_charges_the_whole_stay() -> None:
    assert stay(at(10), 15) == 0
    assert stay(at(10), 15 + 1 / 60) == 300
    assert stay(at(10), 0) == 0


def test_each_started_unit_is_charged() -> None:
    assert stay(at(10), 60) == 300
    assert stay(at(10), 60 + 1 / 60) == 600
    assert stay(at(10), 120) == 600


def test_a_unit_costs_the_rate_of_the_time_its_start_falls_in() -> None:
    assert stay(at(18, 30), 61) == 300 + 100  # 18:30 day, 19:30 night
    assert stay(at(18, 59), 60) == 300  # one unit, started by day
    assert stay(at(19, 0), 60) == 100  # night from 19:00 exactly
    assert stay(at(6, 59), 61) == 100 + 300  # 06:59 night, 07:59 day
    assert stay(at(7, 0), 30) == 300


def test_beijing_midnight_is_utc_sixteen_and_splits_the_daily_cap() -> None:
    capped = Tariff(free_minutes=0, day_rate_fen=300, night_rate_fen=300, daily_cap_fen=1000)
    # 20:00..04:00 Beijing: 4 units before midnight (1200 -> 1000), 4 after (1200 -> 1000)
    entered = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # = 20:00 Beijing
    assert fee_fen(capped, entered, entered + timedelta(hours=8)) == 2000
    # the same 8 hours within one Beijing day are capped once
    assert fee_fen(capped, at(8), at(16)) == 1000


def test_the_daily_cap_reached_exactly_and_past() -> None:
    capped = Tariff(free_minutes=0, day_rate_fen=300, night_rate_fen=300, daily_cap_fen=900)
    assert fee_fen(capped, at(8), at(11)) == 900
    assert fee_fen(capped, at(8), at(11, 1)) == 900
    assert fee_fen(capped, at(8), at(10)) == 600


def test_the_stay_cap_bounds_a_long_stay() -> None:
    capped = Tariff(free_minutes=0, daily_cap_fen=2000, stay_cap_fen=5000)
    assert fee_fen(capped, at(8), at(18, day=8)) == 4000  # two Beijing days at the daily cap
    assert fee_fen(capped, at(8), at(8, day=12)) == 5000


def test_per_period_charges_each_day_and_night_period_touched_once() -> None:
    periods = Tariff(free_minutes=0, mode=PER_PERIOD, day_period_fen=500, night_period_fen=800)
    assert fee_fen(periods, at(8), at(18)) == 500
    assert fee_fen(periods, at(18), at(20)) == 500 + 800
    assert fee_fen(periods, at(20), at(6, day=8)) == 800  # one night over midnight
    assert fee_fen(periods, at(20), at(8, day=8)) == 800 + 500
    assert fee_fen(periods, at(6, 59), at(7, 1)) == 800 + 500  # the night's end, then the day


def test_a_visitors_free_minutes_extend_the_tariffs() -> None:
    assert stay(at(10), 60, extra=120) == 0
    assert stay(at(10), 121, extra=120) == 900  # past the free time the whole stay counts


@pytest.mark.parametrize("minutes", [16, 61, 600, 60 * 24 * 7, 60 * 24 * 31])
def test_per_unit_equals_counting_every_unit(minutes: int) -> None:
    """The arithmetic per day segment agrees with the obvious loop over units."""
    capped = Tariff(free_minutes=15, daily_cap_fen=2500)
    entered = at(13, 17)
    left = entered + timedelta(minutes=minutes)
    per_day: dict[str, int] = {}
    t = entered
    while t < left:
        rate = capped.day_rate_fen if 7 <= t.astimezone(BJ).hour < 19 else capped.night_rate_fen
        key = t.astimezone(BJ).strftime("%F")
        per_day[key] = per_day.get(key, 0) + rate
        t += timedelta(minutes=60)
    assert fee_fen(capped, entered, left) == sum(min(v, 2500) for v in per_day.values())


def test_a_tariff_names_what_it_breaks() -> None:
    assert Tariff().problems() == []
    bad = Tariff(mode="hourly", day_starts=20 * 60, night_starts=19 * 60, daily_cap_fen=-1)
    assert {f for f, _ in bad.problems()} == {"mode", "dayStarts", "dailyCapFen"}


@pytest.mark.parametrize("unit", [30, 50, 60, 90])
@pytest.mark.parametrize("days", [1, 2, 3, 9, 40])
def test_long_stays_equal_counting_every_unit_whatever_the_unit(unit: int, days: int) -> None:
    """Whole days in the middle of a stay are counted once and multiplied (when a unit divides the day); the
    answer is the loop's, also for units that do not divide the day."""
    tariff = Tariff(free_minutes=0, unit_minutes=unit, day_rate_fen=300, night_rate_fen=100, daily_cap_fen=2600)
    entered = at(21, 43)
    left = entered + timedelta(days=days, minutes=17)
    per_day: dict[str, int] = {}
    t = entered
    while t < left:
        rate = 300 if 7 <= t.astimezone(BJ).hour < 19 else 100
        key = t.astimezone(BJ).strftime("%F")
        per_day[key] = per_day.get(key, 0) + rate
        t += timedelta(minutes=unit)
    assert fee_fen(tariff, entered, left) == sum(min(v, 2600) for v in per_day.values())


@pytest.mark.parametrize("hours", [1, 11, 13, 25, 49, 24 * 9 + 5])
@pytest.mark.parametrize("entry_hour", [3, 8, 20])
def test_per_period_equals_walking_every_period(hours: int, entry_hour: int) -> None:
    periods = Tariff(free_minutes=0, mode=PER_PERIOD, day_period_fen=500, night_period_fen=800, daily_cap_fen=1000)
    entered = at(entry_hour, 10)
    left = entered + timedelta(hours=hours)
    per_day: dict[str, int] = {}
    # every period boundary from the night before the entry on; each period touched counts on the day touched first
    cursor = datetime(2026, 12, 6, 19, 0, tzinfo=BJ)
    while cursor < left:
        night = cursor.hour == 19
        end = cursor + timedelta(hours=12)
        if entered < end and left > cursor:
            first = max(entered, cursor).strftime("%F")
            per_day[first] = per_day.get(first, 0) + (800 if night else 500)
        cursor = end
    assert fee_fen(periods, entered, left) == sum(min(v, 1000) for v in per_day.values())
