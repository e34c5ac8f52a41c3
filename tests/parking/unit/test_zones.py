"""The reservation window's rules and its half-hour slots (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.kernel.errors import InvalidInput
from chalicelib.parking.zones import CANCELLED, EXPIRED, Reservation, check_window, slots

NOW = datetime(2026, 12, 7, 6, 10, tzinfo=UTC)  # 14:10 Beijing


def at(hours: float) -> datetime:
    return datetime(2026, 12, 7, 6, 0, tzinfo=UTC) + timedelta(hours=hours)


def test_slots_are_the_half_hours_of_the_window() -> None:
    assert slots(at(1), at(2.5)) == [at(1), at(1.5), at(2)]
    assert len(slots(at(0), at(24))) == 48  # a transaction of 49 items at most


@pytest.mark.parametrize(
    ("starts", "ends", "field", "code"),
    [
        (at(1) + timedelta(minutes=10), at(2), "startsAt", "not_half_hour"),
        (at(1), at(2) + timedelta(seconds=1), "endsAt", "not_half_hour"),
        (at(2), at(1), "endsAt", "before_start"),
        (at(1), at(1), "endsAt", "before_start"),
        (at(1), at(25.5), "endsAt", "window_too_long"),
        (at(-3), at(-1), "endsAt", "in_the_past"),
        (at(-1), at(1), "startsAt", "in_the_past"),
        (at(24 * 8), at(24 * 8 + 1), "startsAt", "too_far_ahead"),
    ],
)
def test_bad_windows_are_refused_with_their_field(starts: datetime, ends: datetime, field: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_window(starts, ends, NOW)
    assert refused.value.details == [{"field": field, "code": code, "message": refused.value.details[0]["message"]}]


def test_good_windows_pass() -> None:
    check_window(at(0), at(1), NOW)  # the current half hour
    check_window(at(1), at(25), NOW)  # 24 hours
    check_window(at(24 * 7 - 1), at(24 * 7), NOW)  # within 7 days


def test_a_reservation_expires_at_its_end_and_cancelled_stays_cancelled() -> None:
    r = Reservation("c", "R1", "p1", "s1", "h1", "粤B12345", at(1), at(2), "a", NOW)
    assert r.state(at(1.5)) == "active" and r.state(at(2)) == EXPIRED
    from dataclasses import replace

    assert replace(r, status=CANCELLED).state(at(1.5)) == CANCELLED
