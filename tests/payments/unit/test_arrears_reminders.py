"""Arrears reminders: which bills are overdue, grouping per house, the message and its weekly key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.notifications.service import WECHAT, Message, Recipient
from chalicelib.payments.bills import PAID, UNPAID, Bill
from chalicelib.payments.reminders import (
    ArrearsReminders,
    due_at,
    is_overdue,
    overdue_by_house,
    reminder,
    week_key,
    yuan,
)

CREATED = datetime(2026, 1, 5, tzinfo=UTC)


def bill(house: str, period: str, fen: int, status: str = UNPAID, community: str = "c1") -> Bill:
    return Bill(community, f"b-{house}-{period}", house, "bld-1", "prop", "物业费", period, fen, CREATED, status)


def test_due_at_is_the_end_of_the_period_on_the_beijing_calendar() -> None:
    # 2026-11-01 00:00 Beijing is 2026-10-31 16:00 UTC
    assert due_at(bill("h1", "2026-10", 1)) == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert due_at(bill("h1", "2026-12", 1)) == datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert due_at(bill("h1", "2026-Q3", 1)) == datetime(2026, 9, 30, 16, tzinfo=UTC)
    assert due_at(bill("h1", "2026-Q4", 1)) == datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert due_at(bill("h1", "2026", 1)) == datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert due_at(bill("h1", "parking-2026", 1)) == datetime(2026, 2, 4, tzinfo=UTC)  # one-off: created + 30 days


def test_overdue_versus_not_yet_due_and_paid() -> None:
    just_before = datetime(2026, 10, 31, 15, 59, 59, tzinfo=UTC)
    at_due = datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert not is_overdue(bill("h1", "2026-10", 100), just_before)
    assert is_overdue(bill("h1", "2026-10", 100), at_due)
    assert not is_overdue(bill("h1", "2026-10", 100, status=PAID), at_due)
    assert not is_overdue(bill("h1", "2026-10", 100, status="in_order"), at_due)


def test_grouping_per_house_counts_and_totals_only_overdue_bills() -> None:
    now = datetime(2026, 11, 29, 4, tzinfo=UTC)
    bills = [
        bill("h2", "2026-10", 8335),
        bill("h1", "2026-10", 22375),
        bill("h1", "2026-09", 22375),
        bill("h1", "2026-11", 22375),  # this month: not yet due
        bill("h3", "2026-11", 5000),  # only a bill not yet due: no reminder
        bill("h4", "2026-08", 100, status=PAID),
    ]
    groups = overdue_by_house(bills, now)
    assert [(g.house_id, g.count, g.total_fen) for g in groups] == [("h1", 2, 44750), ("h2", 1, 8335)]
    assert [b.period for b in groups[0].bills] == ["2026-09", "2026-10"]


def test_amount_text_is_yuan_with_two_decimals() -> None:
    assert yuan(44750) == "447.50"
    assert yuan(5) == "0.05"
    assert yuan(100) == "1.00"
    assert yuan(0) == "0.00"


def test_weekly_key_is_the_beijing_iso_week() -> None:
    monday = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)
    assert week_key(monday) == "week-2026-W48"
    assert {week_key(datetime(2026, 11, d, 12, tzinfo=UTC)) for d in range(23, 30)} == {"week-2026-W48"}
    assert week_key(datetime(2026, 11, 29, 16, tzinfo=UTC)) == "week-2026-W49"  # Monday 00:00 Beijing
    assert week_key(datetime(2026, 12, 31, 12, tzinfo=UTC)) == "week-2026-W53"


def test_message_content_subject_and_key() -> None:
    now = datetime(2026, 11, 29, 4, tzinfo=UTC)
    (group,) = overdue_by_house([bill("h1", "2026-10", 22375), bill("h1", "2026-09", 22375)], now)
    message = reminder(group, [Recipient(WECHAT, "o-1", role="owner")], now, "3栋2单元1201")
    assert (message.subject, message.key) == ("arrears:h1", "week-2026-W48")
    assert message.kind == "arrears" and message.title == "缴费提醒"
    assert "3栋2单元1201有2笔账单已逾期未缴" in message.body and "¥447.50" in message.body
    assert message.fields["amount"] == "¥447.50" and message.fields["place"] == "3栋2单元1201"
    assert message.fields["due"] == "2026年9月30日"  # the September bill fell due at the end of its period
    assert message.recipients == (Recipient(WECHAT, "o-1", role="owner"),)


class Bills:
    def __init__(self, bills: list[Bill]) -> None:
        self.bills = bills

    def unpaid_bills(self, community_id: str) -> list[Bill]:
        return [b for b in self.bills if b.community_id == community_id]


def test_run_skips_houses_without_recipients_and_survives_a_failing_house() -> None:
    now = datetime(2026, 11, 29, 4, tzinfo=UTC)
    store = Bills([bill("h1", "2026-10", 100), bill("h2", "2026-10", 200), bill("h3", "2026-10", 300)])
    sent: list[Message] = []

    def recipients(community: str, house: str) -> list[Recipient]:
        if house == "h2":
            return []
        return [Recipient(WECHAT, f"o-{house}", role="owner")]

    def send(message: Message) -> Any:
        if message.subject == "arrears:h1":
            raise RuntimeError("store down")
        sent.append(message)
        return []

    counts = ArrearsReminders(store, recipients, send, lambda: now).run(["c1"])
    assert counts == {"houses": 3, "reminded": 1, "skipped": 1, "failed": 1}
    assert [m.subject for m in sent] == ["arrears:h3"]
