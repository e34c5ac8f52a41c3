"""A monthly pass lapsing during a stay: the part after the lapse instant (00:00 Beijing after the pass's last day)
is charged by the tariff from that instant, without its free minutes again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from chalicelib.parking.lapse import fee_after_lapse, lapse_instant
from chalicelib.parking.monthly import MonthlyPass
from chalicelib.parking.tariff import Tariff, fee_fen

PASS = MonthlyPass("c1", "mp-1", "p1", "h1", ("川A12345",), date(2026, 11, 7), date(2026, 12, 6), 15000)
LAPSE = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)  # 2026-12-07 00:00 Beijing
TARIFF = Tariff(free_minutes=15, unit_minutes=60, day_rate_fen=300, night_rate_fen=100)
ENTERED = LAPSE - timedelta(hours=5)


def test_the_pass_lapses_at_midnight_beijing_after_its_last_day() -> None:
    assert lapse_instant(PASS) == LAPSE


def test_nothing_is_owed_up_to_the_lapse() -> None:
    assert fee_after_lapse(TARIFF, PASS, ENTERED, LAPSE) == 0
    assert fee_after_lapse(TARIFF, PASS, ENTERED, LAPSE - timedelta(minutes=1)) == 0


def test_the_free_minutes_are_not_granted_again_at_the_lapse() -> None:
    # 10 minutes after the lapse, inside the tariff's 15 free minutes: one night unit (00:00 Beijing is night)
    assert fee_after_lapse(TARIFF, PASS, ENTERED, LAPSE + timedelta(minutes=10)) == 100


def test_units_count_from_the_lapse_instant_not_from_the_entry() -> None:
    at = LAPSE + timedelta(hours=8, minutes=30)  # 08:30 Beijing: 7 night hours, then 2 day hours started
    owed = fee_after_lapse(TARIFF, PASS, ENTERED, at)
    assert owed == 7 * 100 + 2 * 300
    assert owed == fee_fen(replace(TARIFF, free_minutes=0), LAPSE, at)
    assert owed < fee_fen(TARIFF, ENTERED, at)  # the whole stay would cost more: the covered part is free


def test_a_pass_renewed_before_the_car_leaves_covers_it() -> None:
    renewed = replace(PASS, valid_until=date(2027, 1, 6))
    assert fee_after_lapse(TARIFF, renewed, ENTERED, LAPSE + timedelta(days=3)) == 0


def test_a_stay_without_its_pass_owes_nothing() -> None:
    assert fee_after_lapse(TARIFF, None, ENTERED, LAPSE + timedelta(days=3)) == 0
