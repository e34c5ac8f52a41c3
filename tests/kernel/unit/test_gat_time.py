"""GA/T 1400's times (`YYYYMMDDhhmmss`, Beijing time by the standard) read and written by the kernel's clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.kernel.clock import TimeRefused, client_gat_time, gat_time

pytestmark = pytest.mark.unit


def test_fourteen_digits_are_beijing_time_and_iso_keeps_its_zone() -> None:
    assert client_gat_time("20261207080000") == datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    assert client_gat_time("20270101003000") == datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # over midnight
    assert client_gat_time("2026-12-07T08:00:00Z") == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def test_written_back_in_the_same_form() -> None:
    moment = datetime(2026, 12, 31, 16, 30, 5, 999_000, tzinfo=UTC)
    assert gat_time(moment) == "20270101003005"
    assert client_gat_time(gat_time(moment)) == moment.replace(microsecond=0)


@pytest.mark.parametrize(
    "value, code",
    [
        ("20261332120000", "invalid_time"),  # month 13
        ("20260230120000", "invalid_time"),  # 30 February
        ("20261207250000", "invalid_time"),  # hour 25
        ("2026120712000", "invalid_time"),  # 13 digits
        ("202612071200000", "invalid_time"),  # 15 digits
        ("9" * 5000, "invalid_time"),
        ("".join(chr(0xFF10 + int(d)) for d in "20261207120000"), "invalid_time"),  # full-width digits
        ("20261207 12000", "invalid_time"),
        ("2026-12-07T12:00:00", "time_zone_missing"),
        ("19991231235959", "out_of_range"),
        ("21000101080000", "out_of_range"),  # 2100-01-01T00:00:00Z, not included
        (20261207120000, "invalid_time"),  # a number, not a string
        (None, "invalid_time"),
    ],
)
def test_anything_else_is_refused_with_a_reason(value: object, code: str) -> None:
    with pytest.raises(TimeRefused) as refused:
        client_gat_time(value)
    assert refused.value.code == code
