"""Daily use of the utility meters (water, electricity, gas, heat) from their cumulative readings.

A meter's telemetry carries an ever-growing reading (the catalogue's `meter.reading`, e.g. `totalM3`). A Beijing
day's use is the last reading received before the day ended minus the last one received before it began; a day
either end of which has no reading yet is unknown (None), and so is a day whose reading fell (the meter was reset
or replaced). A day with no new reading used nothing as far as the platform can tell: its use lands on the day the
next reading arrives. Pure: the readings come in, the uses go out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from chalicelib.kernel.clock import BEIJING_OFFSET


@dataclass(frozen=True)
class MeterUse:
    """One meter's use per Beijing day, `first_day` first."""

    device_id: str
    device_type: str
    utility: str
    unit: str
    house_id: str | None  # the ledger's user (使用权) of the meter: the house it measures, when it names one
    first_day: date
    days: tuple[float | None, ...]


def day_start(day: date) -> datetime:
    """The UTC moment a Beijing day begins."""
    return datetime.combine(day, time(0), UTC) - BEIJING_OFFSET


def beijing_day(moment: datetime) -> date:
    return (moment.astimezone(UTC) + BEIJING_OFFSET).date()


def daily_use(readings: Iterable[tuple[datetime, float]], first_day: date, last_day: date) -> tuple[float | None, ...]:
    """Use per day from `first_day` to `last_day` (Beijing days), from readings in receive order."""
    ordered = sorted(readings, key=lambda r: r[0])
    days = (last_day - first_day).days + 1
    ends = [day_start(first_day + timedelta(days=i)) for i in range(days + 1)]  # each day's start, and the last end
    at: list[float | None] = []
    last: float | None = None
    i = 0
    for end in ends:
        while i < len(ordered) and ordered[i][0] < end:
            last = ordered[i][1]
            i += 1
        at.append(last)
    out: list[float | None] = []
    for before, after in pairwise(at):
        out.append(None if before is None or after is None or after < before else round(after - before, 6))
    return tuple(out)
