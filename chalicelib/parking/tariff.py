"""The one fee rule for a stay (001 8.2.2.9 exit fee calculation; 000 7.2.2 g): integer fen, Beijing time (no DST).

A tariff is the community's (one per car park):
- `free_minutes`: a stay of at most this many minutes is free (exactly `free_minutes` is still free); past it the
  whole stay is charged from its entry;
- `mode` `per_unit`: each started unit of `unit_minutes` (counted from the entry) costs the rate of the time of day
  its start falls in (`day_rate_fen` from `day_starts` to `night_starts`, `night_rate_fen` otherwise);
  `per_period`: each day period (`day_starts`..`night_starts`) or night period (`night_starts`..next `day_starts`)
  the stay touches costs `day_period_fen` or `night_period_fen` once;
- `daily_cap_fen`: what one Beijing calendar day (midnight to midnight) can cost at most, each charge counted on
  the day it starts; `stay_cap_fen`: what one stay can cost at most (0 = no cap).

Pure and O(days of the stay): a unit count per time-of-day segment is arithmetic, never a loop over units
(bench/parking.py measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from chalicelib.kernel.clock import BEIJING_OFFSET

DAY = 86400
PER_UNIT, PER_PERIOD = "per_unit", "per_period"
MODES = (PER_UNIT, PER_PERIOD)


@dataclass(frozen=True)
class Tariff:
    free_minutes: int = 15
    mode: str = PER_UNIT
    unit_minutes: int = 60
    day_starts: int = 7 * 60  # minute of the Beijing day
    night_starts: int = 19 * 60
    day_rate_fen: int = 300
    night_rate_fen: int = 100
    day_period_fen: int = 0
    night_period_fen: int = 0
    daily_cap_fen: int = 0  # 0 = no cap
    stay_cap_fen: int = 0  # 0 = no cap

    def problems(self) -> list[tuple[str, str]]:
        """(field, why) for every rule the tariff breaks; empty when it is usable."""
        found: list[tuple[str, str]] = []
        if self.mode not in MODES:
            found.append(("mode", f"one of {', '.join(MODES)}"))
        if not 0 <= self.free_minutes <= 24 * 60:
            found.append(("freeMinutes", "0..1440"))
        if not 1 <= self.unit_minutes <= 24 * 60:
            found.append(("unitMinutes", "1..1440"))
        if not (0 <= self.day_starts < self.night_starts < 24 * 60):
            found.append(("dayStarts", "0 <= dayStarts < nightStarts < 1440 (minutes of the Beijing day)"))
        for name, value in (
            ("dayRateFen", self.day_rate_fen),
            ("nightRateFen", self.night_rate_fen),
            ("dayPeriodFen", self.day_period_fen),
            ("nightPeriodFen", self.night_period_fen),
            ("dailyCapFen", self.daily_cap_fen),
            ("stayCapFen", self.stay_cap_fen),
        ):
            if not 0 <= value <= 10_000_000:
                found.append((name, "0..10000000 fen"))
        return found


def _seconds(moment: datetime) -> int:
    """Whole seconds since the epoch, on the Beijing wall clock."""
    return int(moment.astimezone(UTC).timestamp()) + int(BEIJING_OFFSET.total_seconds())


def _starts_in(entry: int, unit: int, units: int, lo: int, hi: int) -> int:
    """How many of the unit starts entry + k*unit (0 <= k < units) fall in [lo, hi)."""
    first = max(0, -((entry - lo) // unit))  # ceil((lo - entry) / unit)
    last = min(units, -((entry - hi) // unit))  # ceil((hi - entry) / unit): first k at or past hi
    return max(0, last - first)


def fee_fen(tariff: Tariff, entered_at: datetime, left_at: datetime, extra_free_minutes: int = 0) -> int:
    """What the stay [entered_at, left_at) costs, in fen. `extra_free_minutes`: a visitor's free parking, when
    longer than the tariff's own."""
    start, end = _seconds(entered_at), _seconds(left_at)
    stay = end - start
    if stay <= max(tariff.free_minutes, extra_free_minutes) * 60:
        return 0
    day_lo, night_lo = tariff.day_starts * 60, tariff.night_starts * 60
    cap = tariff.daily_cap_fen
    if tariff.mode == PER_UNIT:
        unit = tariff.unit_minutes * 60
        units = -(-stay // unit)

        def day_charge(day: int) -> int:
            base = day * DAY
            by_day = _starts_in(start, unit, units, base + day_lo, base + night_lo)
            by_night = _starts_in(start, unit, units, base, base + day_lo) + _starts_in(
                start, unit, units, base + night_lo, base + DAY
            )
            return by_day * tariff.day_rate_fen + by_night * tariff.night_rate_fen

        first, last = start // DAY, (start + (units - 1) * unit) // DAY
        # the days strictly between are covered by units whole, at the same offsets when a unit divides the day
        regular = range(first + 1, last) if DAY % unit == 0 else range(0)
    else:
        # periods: [day_lo, night_lo) day, [night_lo, next day_lo) night; each touched one counts on the calendar
        # day where the stay first touches it
        def day_charge(day: int) -> int:
            base, total = day * DAY, 0
            for lo, hi, price in (
                (base - DAY + night_lo, base + day_lo, tariff.night_period_fen),  # the night the day begins in
                (base + day_lo, base + night_lo, tariff.day_period_fen),
                (base + night_lo, base + DAY + day_lo, tariff.night_period_fen),
            ):
                if start < hi and end > lo:
                    total += price if max(start, lo) // DAY == day else 0
            return total

        first, last = start // DAY, (end - 1) // DAY
        regular = range(start // DAY + 1, last - 1)  # both periods inside the stay and begun on the day itself
    total = 0
    if len(regular) > 0:
        same = day_charge(regular.start)
        total += len(regular) * (min(same, cap) if cap else same)
    for day in range(first, last + 1):
        if day not in regular:
            value = day_charge(day)
            total += min(value, cap) if cap else value
    return min(total, tariff.stay_cap_fen) if tariff.stay_cap_fen else total
