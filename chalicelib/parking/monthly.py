"""Monthly passes (月卡): the plates of a house (at most 3) may park in a car park for a period; a resident renews in
the mini-program, paid through the payments capability (WeChat Pay), and the pass is extended once per paid order.
A plate has at most one pass. The plate decision (service.py) opens for a plate whose pass covers the moment."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING_OFFSET
from chalicelib.kernel.errors import Conflict, NotFound

MAX_PLATES = 3
RENEWAL_PREFIX = "MP:"  # a renewal's charge reference: MP:{pass id}:{months}


@dataclass(frozen=True)
class MonthlyPass:
    community_id: str
    pass_id: str
    park_id: str
    house_id: str
    plates: tuple[str, ...]
    valid_from: date  # Beijing days, inclusive
    valid_until: date
    monthly_fee_fen: int
    renewals: tuple[str, ...] = ()  # the paid orders already counted
    version: int = 0

    def covers(self, moment: datetime) -> bool:
        day = (moment + BEIJING_OFFSET).date()
        return self.valid_from <= day <= self.valid_until


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def renewed_until(current: MonthlyPass, months: int, today: date) -> date:
    """A renewal extends a pass from its end, or from today when it has lapsed."""
    start = max(current.valid_until + timedelta(days=1), today)
    return add_months(start, months) - timedelta(days=1)


class MonthlyStore(Protocol):
    def add_monthly(self, mp: MonthlyPass) -> None: ...

    def get_monthly(self, community_id: str, pass_id: str) -> MonthlyPass | None: ...

    def monthly_of_plate(self, community_id: str, plate: str) -> MonthlyPass | None: ...

    def replace_monthly(self, mp: MonthlyPass, previous: MonthlyPass) -> bool: ...

    def monthly_of_park(self, community_id: str, park_id: str, day: date) -> list[MonthlyPass]: ...


class MonthlyPasses:
    """The monthly-pass use cases (a part of ParkingService, whose ports they use)."""

    monthly: MonthlyStore
    charges: Any
    store: Any
    barriers: Any
    now: Any
    charge_once: Any  # open_orders.OpenOrders, a part of the same service

    def add_monthly(self, mp: MonthlyPass) -> MonthlyPass:
        self.monthly.add_monthly(mp)  # Conflict when a plate has a pass already
        self.sync_whitelist(mp.community_id, mp.park_id, (self.now() + BEIJING_OFFSET).date())
        return mp

    def whitelist(self, community_id: str, park_id: str, day: date) -> list[str]:
        """The plates a car park's barriers let through by themselves on a Beijing day (when the cloud cannot be
        reached): the monthly passes covering the day."""
        plates = {
            p
            for mp in self.monthly.monthly_of_park(community_id, park_id, day)
            if mp.valid_from <= day
            for p in mp.plates
        }
        return sorted(plates)

    def sync_whitelist(self, community_id: str, park_id: str, day: date) -> list[str]:
        """Each barrier of the car park gets the day's whitelist into its shadow (a `set_whitelist` command with
        its ack); answers the command ids."""
        park = self.store.get_park(community_id, park_id)
        if park is None:
            return []
        plates = self.whitelist(community_id, park_id, day)
        return [
            self.barriers.set_whitelist(community_id, b.device_id, plates, day.isoformat(), "parking")
            for b in park.barriers
        ]

    def renew(
        self, community_id: str, house_id: str, pass_id: str, months: int, account_id: str
    ) -> tuple[MonthlyPass, int, dict[str, Any], dict[str, str]]:
        """A WeChat Pay order for `months` more of the house's pass; extended when the payment settles."""
        mp = self.monthly.get_monthly(community_id, pass_id)
        if mp is None or mp.house_id != house_id:
            raise NotFound("no such monthly pass for this house", code="MONTHLY_PASS_NOT_FOUND")
        reference = f"{RENEWAL_PREFIX}{pass_id}:{months}"
        amount = mp.monthly_fee_fen * months
        description = f"停车月卡续费-{'、'.join(mp.plates)}-{months}个月"

        def counted(order_id: str) -> bool:
            now = self.monthly.get_monthly(community_id, pass_id)
            return now is not None and order_id in now.renewals

        # one order at a time for the pass (open_orders.py, a part of the same service): a double tap gets it again
        order, params = self.charge_once(
            community_id, f"{RENEWAL_PREFIX}{pass_id}", account_id, reference, amount, description, counted
        )
        return mp, amount, order, params

    def settle_renewal(self, community_id: str, order_id: str, reference: str, paid_at: datetime) -> str:
        _, pass_id, months_text = reference.split(":", 2)
        months = int(months_text)
        for _attempt in range(5):
            mp = self.monthly.get_monthly(community_id, pass_id)
            if mp is None:
                return "unknown"
            if order_id in mp.renewals:
                return "duplicate"
            until = renewed_until(mp, months, (paid_at + BEIJING_OFFSET).date())
            if self.monthly.replace_monthly(replace(mp, valid_until=until, renewals=(*mp.renewals, order_id)), mp):
                self.sync_whitelist(community_id, mp.park_id, (paid_at + BEIJING_OFFSET).date())
                return "applied"
        raise Conflict("the pass kept changing", code="CONCURRENT_CHANGE")
