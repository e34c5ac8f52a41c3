"""Payments (001 8.2.2.1, 8.2.2.9, 8.3.1.10; 002 7.2.2, 7.2.11; 004 账目公示): fee items and bills per house,
paying through WeChat Pay v3 (the real `wechatpayv3` SDK), notifications verified on the raw body, refunds
approved by a second manager, daily reconciliation against WeChat Pay's bill, income summaries, the published
ledger and weekly arrears reminders. Money is integer fen.

- rules and use cases: `bills.py` (fee items, billing runs, the one rounding rule), `model.py` (orders, refunds,
  payment errors, the payment service's ports, order ids), `service.py` (the payment service: ordering,
  notifications, the workflow's tasks) with its mixins `refunds.py` (refunds, four eyes) and `reconciliation.py`
  (against WeChat Pay's trade bill), `reminders.py` (arrears reminders)
- storage: `repository.py` (the table's layout; `DynamoPaymentStore` built from the parts below),
  `repository_bills.py` (fee items, bills), `repository_orders.py` (orders, refunds), `repository_income.py`
  (income summaries, the published ledger, reconciliation findings); table: `payments`
  (`kernel/tables.py: PaymentTable`)
- workflow: stepfunctions/payment.asl.json (wait for the notification's task token, query on timeout, close);
  Lambda tasks and the schedules (billing, reconciliation, reminders) in `tasks.py`
- secret: the merchant's WeChat Pay keys (`WECHATPAY_SECRET_ARN`); adapters: `adapters.py` (WeChat Pay, Step
  Functions, the registry's houses, payers' openids); wiring: `wiring.py`
- HTTP: `routes_resident.py` (bills, orders, the notification endpoint), `routes_staff.py`, `contracts.py`.
  Tests: `tests/payments/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalicelib.payments.bills import Bill
    from chalicelib.payments.model import Order

__all__ = [
    "bills_of_period",
    "charge",
    "charges_paid_on",
    "income_of_month",
    "order_status",
    "paid_orders_of_month",
    "unpaid_bills",
]


def unpaid_bills(community_id: str) -> list[Bill]:
    """Every unpaid bill of the community (arrears), by building and house."""
    from chalicelib.payments import wiring

    return wiring.payment_store().unpaid_bills(community_id)


def bills_of_period(community_id: str, period: str, house_ids: list[str]) -> Iterator[Bill]:
    """The bills of one period, house by house (one Query per house, on the house's bill index)."""
    from chalicelib.payments import wiring

    store = wiring.payment_store()
    for house_id in house_ids:
        yield from (b for b in store.bills_of_house(community_id, house_id) if b.period == period)


def income_of_month(community_id: str, month: str) -> list[dict[str, Any]]:
    """The month's income summary per fee item (and refunds)."""
    from chalicelib.payments import wiring

    return wiring.payment_store().income(community_id, month)


def paid_orders_of_month(community_id: str, month: str) -> Iterator[Order]:
    """The community's orders paid in a month (Beijing days), day by day."""
    import calendar

    from chalicelib.payments import wiring
    from chalicelib.payments.model import community_of

    year, number = (int(x) for x in month.split("-"))
    store = wiring.payment_store()
    for day in range(1, calendar.monthrange(year, number)[1] + 1):
        found = store.orders_paid_on(f"{month}-{day:02d}")
        yield from sorted((o for o in found if community_of(o.order_id) == community_id), key=lambda o: o.order_id)


def charge(
    community_id: str, account_id: str, purpose: str, reference: str, amount_fen: int, description: str
) -> tuple[Order, dict[str, str]]:
    """A WeChat Pay order for a charge another capability owns (`purpose`, e.g. `parking`; `reference`, e.g. a
    stay id), paid by the account's WeChat identity: (the order, wx.requestPayment's parameters). When it is paid
    the owner hears of it on PaymentSettledQueue ({orderId, communityId, purpose, reference, amountFen,
    transactionId, paidAt}; at least once: count each order once)."""
    from chalicelib.payments import wiring

    return wiring.payment_service().create_charge(community_id, account_id, purpose, reference, amount_fen, description)


def order_status(community_id: str, order_id: str) -> str | None:
    """`created`, `paid` or `closed`; None for no such order."""
    from chalicelib.payments import wiring

    order = wiring.payment_store().get_order(community_id, order_id)
    return order.status if order else None


def charges_paid_on(community_id: str, day: str, purpose: str) -> dict[str, int]:
    """The community's orders of one charge purpose paid on a Beijing day: order id -> fen (the ledger a charge's
    owner reconciles against)."""
    from chalicelib.payments import wiring
    from chalicelib.payments.model import community_of

    found = wiring.payment_store().orders_paid_on(day)
    return {
        o.order_id: o.amount_fen for o in found if community_of(o.order_id) == community_id and o.purpose == purpose
    }
