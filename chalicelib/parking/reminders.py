"""Monthly-pass expiry reminders (月卡到期提醒): a daily run (09:00 Beijing) tells the bound residents of a pass's
house by WeChat subscribe message (the notifications capability's `parking_pass` kind, in Chinese, with the plate and
the Beijing end date) 7 days and 1 day before the pass ends. Each reminder is sent once per pass and end date: a
marker is claimed by a conditional write before sending (a renewed pass, with a new end date, is reminded again)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING_OFFSET
from chalicelib.parking.monthly import MonthlyPass

log = logging.getLogger(__name__)

REMIND_BEFORE = (7, 1)  # days before the last day


def reminder_due(valid_until: date, today: date) -> int | None:
    """Which reminder is due today: 7 while 2..7 days are left, 1 while 0..1 are left (a missed run catches up on
    the next), None otherwise."""
    left = (valid_until - today).days
    if left < 0:
        return None
    if left <= 1:
        return 1
    if left <= 7:
        return 7
    return None


class ReminderMarks(Protocol):
    def claim_pass_reminder(self, community_id: str, pass_id: str, valid_until: date, days: int) -> bool: ...

    def release_pass_reminder(self, community_id: str, pass_id: str, valid_until: date, days: int) -> None: ...


class PassHouseholds(Protocol):
    def remind_expiry(self, mp: MonthlyPass, park_name: str, days: int) -> None:
        """Tell the house's bound residents the pass ends soon."""
        ...


@dataclass
class PassReminders:
    store: Any  # ParkingStore + WhitelistMarks + ReminderMarks
    households: PassHouseholds
    now: Callable[[], datetime]

    def remind(self) -> dict[str, Any]:
        today = (self.now() + BEIJING_OFFSET).date()
        sent = skipped = 0
        failed: list[str] = []
        for community_id in self.store.park_communities():
            for park in self.store.parks(community_id):
                for mp in self.store.monthly_of_park(community_id, park.park_id, today):
                    days = reminder_due(mp.valid_until, today)
                    if days is None or mp.valid_from > mp.valid_until:
                        continue
                    if not self.store.claim_pass_reminder(community_id, mp.pass_id, mp.valid_until, days):
                        skipped += 1
                        continue
                    try:
                        self.households.remind_expiry(mp, park.name, days)
                        sent += 1
                    except Exception:
                        log.exception("pass reminder not sent", extra={"passId": mp.pass_id})
                        self.store.release_pass_reminder(community_id, mp.pass_id, mp.valid_until, days)
                        failed.append(mp.pass_id)
        return {"day": today.isoformat(), "sent": sent, "skipped": skipped, "failed": failed}
