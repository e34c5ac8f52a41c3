"""A monthly pass that lapses while its car is inside (003 6.6.11; 001 8.2.2.9): the car entered free on the pass,
and pays for the part of the stay after the pass ended, by the car park's tariff, from the lapse instant.

Decided here:
- the pass ends at the end of its last Beijing day (`valid_until`): the lapse instant is the next day's 00:00
  Beijing time. A pass renewed before the car leaves covers it again (its `valid_until` moved on), so nothing is owed;
- the charged part is [lapse instant, exit) and its units are counted from the lapse instant (as if the car had
  entered then), at the rate of the time of day each unit starts in, with the tariff's caps;
- the tariff's free minutes are NOT granted again at the lapse: they are for a short visit, and the car has been
  parked all along (a car leaving 10 minutes after its pass ended pays a first unit);
- a stay whose pass cannot be found (it was never recorded on the stay) owes nothing: the car was let in as
  registered, and no rule names what it would owe.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from chalicelib.kernel.clock import BEIJING_OFFSET
from chalicelib.parking.monthly import MonthlyPass
from chalicelib.parking.tariff import Tariff, fee_fen


def lapse_instant(mp: MonthlyPass) -> datetime:
    """The moment the pass stops covering: 00:00 Beijing time of the day after `valid_until`, as UTC."""
    return datetime.combine(mp.valid_until + timedelta(days=1), time(0), UTC) - BEIJING_OFFSET


def fee_after_lapse(tariff: Tariff, mp: MonthlyPass | None, entered_at: datetime, at: datetime) -> int:
    """What a car that entered on `mp` at `entered_at` owes if it leaves at `at` (fen, before what it paid)."""
    if mp is None:
        return 0
    lapse = max(lapse_instant(mp), entered_at)
    if at <= lapse:
        return 0
    return fee_fen(replace(tariff, free_minutes=0), lapse, at)
