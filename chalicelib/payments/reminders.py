"""Arrears reminders: a house with overdue unpaid bills reminds its bound residents once a week.

Bills carry no due date of their own, so the rule is written down here once (`due_at`): a bill is due at the end of
its period on the Asia/Shanghai calendar (`2026-10` -> 2026-11-01 00:00 Beijing, `2026-Q3` -> 2026-10-01,
`2026` -> 2027-01-01); a bill whose period is not a calendar period (a one-off charge) is due `ONE_OFF_GRACE` after
it was created. It is overdue from that moment on while it is still unpaid.

One reminder per house per ISO week (Beijing calendar): the message's subject is `arrears:{house}` and its key
`week-{ISO year}-W{week}`, so the notifier (which dedupes on subject, key, channel and address) sends nothing new when
the daily schedule runs again in the same week. A house with no recipient is skipped; a failure for one house is
counted and the others go on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING
from chalicelib.kernel.i18n import local_date
from chalicelib.kernel.i18n import yuan as yuan_text
from chalicelib.notifications import Message, Recipient, compose
from chalicelib.payments.bills import UNPAID, Bill

log = logging.getLogger(__name__)

ONE_OFF_GRACE = timedelta(days=30)


def due_at(bill: Bill) -> datetime:
    """When the bill falls due (UTC): the end of its period (Beijing calendar), or created + grace for one-offs."""
    period = bill.period
    if m := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", period):
        year, month = int(m[1]), int(m[2])
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=BEIJING)
    elif m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        year, quarter = int(m[1]), int(m[2])
        end = (
            datetime(year + 1, 1, 1, tzinfo=BEIJING)
            if quarter == 4
            else datetime(year, quarter * 3 + 1, 1, tzinfo=BEIJING)
        )
    elif re.fullmatch(r"\d{4}", period):
        end = datetime(int(period) + 1, 1, 1, tzinfo=BEIJING)
    else:
        return (bill.created_at + ONE_OFF_GRACE).astimezone(UTC)
    return end.astimezone(UTC)


def is_overdue(bill: Bill, now: datetime) -> bool:
    return bill.status == UNPAID and now >= due_at(bill)


def yuan(amount_fen: int) -> str:
    """1234 -> "12.34" (integer fen shown as yuan with two decimals)."""
    sign = "-" if amount_fen < 0 else ""
    whole, cents = divmod(abs(amount_fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def week_key(now: datetime) -> str:
    """The reminder's key: the ISO week of the Beijing date (`week-2026-W48`)."""
    year, week, _ = now.astimezone(BEIJING).isocalendar()
    return f"week-{year}-W{week:02d}"


@dataclass(frozen=True)
class HouseArrears:
    community_id: str
    house_id: str
    building_id: str
    bills: tuple[Bill, ...]

    @property
    def count(self) -> int:
        return len(self.bills)

    @property
    def total_fen(self) -> int:
        return sum(b.amount_fen for b in self.bills)


def overdue_by_house(bills: Iterable[Bill], now: datetime) -> list[HouseArrears]:
    """The overdue bills grouped per house (houses in id order, bills in period order)."""
    grouped: dict[tuple[str, str], list[Bill]] = {}
    for bill in bills:
        if is_overdue(bill, now):
            grouped.setdefault((bill.community_id, bill.house_id), []).append(bill)
    return [
        HouseArrears(community, house, group[0].building_id, tuple(sorted(group, key=lambda b: (b.period, b.bill_id))))
        for (community, house), group in sorted(grouped.items())
    ]


def reminder(arrears: HouseArrears, recipients: Iterable[Recipient], now: datetime, place: str = "") -> Message:
    """The week's reminder in the `arrears` template's words: the house as people name it (`place`), what is owed
    (`物业费等2笔`), the total in yuan and the day the first bill fell due (Beijing calendar)."""
    names = list(dict.fromkeys(b.fee_name for b in arrears.bills if b.fee_name))
    if arrears.count == 1:
        what = f"{arrears.bills[0].fee_name or '账单'} {arrears.bills[0].period}"
    else:
        what = f"{names[0]}等{arrears.count}笔" if names else f"{arrears.count}笔账单"
    first_due = min(due_at(b) for b in arrears.bills)
    (message,) = compose(
        "arrears",
        {
            "title": what,
            "amount": yuan_text(arrears.total_fen),
            "place": place or arrears.house_id,
            "due": local_date(first_due - timedelta(seconds=1)),  # the last day of the period
            "count": str(arrears.count),
            "note": "请在小程序中缴费",
        },
        community_id=arrears.community_id,
        subject=f"arrears:{arrears.house_id}",
        key=week_key(now),
        recipients=recipients,
        link="pages/payments/bills",
    )
    return message


class UnpaidBills(Protocol):
    def unpaid_bills(self, community_id: str) -> list[Bill]: ...


@dataclass
class ArrearsReminders:
    bills: UnpaidBills
    recipients: Callable[[str, str], list[Recipient]]  # (community, house) -> bound residents with an openid
    send: Callable[[Message], Any]  # the notifier's send: records a delivery per recipient, never raises
    now: Callable[[], datetime]
    place: Callable[[str, str], str | None] = lambda community_id, house_id: None  # (community, house) -> 3栋2单元1201

    def run(self, community_ids: Iterable[str]) -> dict[str, int]:
        now = self.now()
        counts = {"houses": 0, "reminded": 0, "skipped": 0, "failed": 0}
        for community_id in sorted(set(community_ids)):
            for arrears in overdue_by_house(self.bills.unpaid_bills(community_id), now):
                counts["houses"] += 1
                try:
                    recipients = self.recipients(community_id, arrears.house_id)
                    if not recipients:
                        counts["skipped"] += 1
                        continue
                    place = self.place(community_id, arrears.house_id) or ""
                    self.send(reminder(arrears, recipients, now, place))
                    counts["reminded"] += 1
                except Exception:  # one house's failure never stops the others
                    log.exception("arrears reminder failed for %s/%s", community_id, arrears.house_id)
                    counts["failed"] += 1
        return counts
