"""The money rules of the payment service, without AWS: each test fails when its rule is taken out.

- a WeChat Pay notification pays an order only when it names our merchant and app and exactly the order's amount in
  CNY (the amount check), and a refund notification only for the refund's own amount;
- a refund is approved by someone other than who requested it (four eyes), and never for more than is left.

Until now these were seen only through the local cloud (integration tests); here they run against the service with
in-memory ports, and the listing of what was written shows that a refusal wrote nothing.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput
from chalicelib.payments.model import (
    APPROVED,
    CREATED,
    PAID,
    REFUNDED,
    REQUESTED,
    NotificationRefused,
    Order,
    Refund,
    VerifiedNotification,
    new_order_id,
)
from chalicelib.payments.service import PaymentService

COMMUNITY = "c-money"
NOW = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)


class Store:
    """The payment store's transitions as the repository makes them: each conditional on the state it read."""

    def __init__(self) -> None:
        self.orders: dict[str, Order] = {}
        self.refunds: dict[str, Refund] = {}
        self.writes: list[str] = []

    def get_order(self, community_id: str, order_id: str) -> Order | None:
        return self.orders.get(order_id)

    def mark_paid(self, order: Order, transaction_id: str, paid_at: datetime, receipt_no: str) -> bool:
        if self.orders[order.order_id].status != CREATED:
            return False
        self.orders[order.order_id] = replace(order, status=PAID, transaction_id=transaction_id, paid_at=paid_at)
        self.writes.append(f"paid {order.order_id}")
        return True

    def add_refund(self, refund: Refund) -> None:
        self.refunds[refund.refund_id] = refund
        self.writes.append(f"requested {refund.refund_id}")

    def get_refund(self, community_id: str, refund_id: str) -> Refund | None:
        return self.refunds.get(refund_id)

    def approve_refund(self, refund: Refund, approved: Refund) -> None:
        order = self.orders[refund.order_id]
        if self.refunds[refund.refund_id].status != REQUESTED:
            raise Conflict("decided meanwhile", code="REFUND_ALREADY_DECIDED")
        if order.refunded_fen + refund.amount_fen > order.amount_fen:
            raise Conflict("beyond what was paid", code="REFUND_EXCEEDS_PAID")
        self.orders[order.order_id] = replace(order, refunded_fen=order.refunded_fen + refund.amount_fen)
        self.refunds[refund.refund_id] = approved
        self.writes.append(f"approved {refund.refund_id}")

    def update_refund(self, refund: Refund, expected_status: str) -> bool:
        if self.refunds[refund.refund_id].status != expected_status:
            return False
        self.refunds[refund.refund_id] = refund
        self.writes.append(f"{refund.status} {refund.refund_id}")
        return True

    def complete_refund(self, refund: Refund, done: Refund) -> bool:
        return self.update_refund(done, APPROVED)

    def release_refund(self, refund: Refund, failed: Refund) -> bool:
        return self.update_refund(failed, APPROVED)


class WechatPay:
    appid, mchid = "wx-app-1", "1900000001"

    def __init__(self) -> None:
        self.notification: VerifiedNotification | None = None
        self.refunds_sent: list[str] = []

    def verify_notification(self, headers: dict[str, str], body: bytes) -> VerifiedNotification:
        assert self.notification is not None
        return self.notification

    def refund(self, refund: Refund, order: Order) -> dict[str, Any]:
        self.refunds_sent.append(refund.refund_id)
        return {"status": "PROCESSING", "refund_id": "wx-refund-" + refund.refund_id[-4:]}


class Workflows:
    def __init__(self) -> None:
        self.completed: list[str] = []

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        self.completed.append(token)


@pytest.fixture
def parts() -> tuple[PaymentService, Store, WechatPay]:
    store, pay = Store(), WechatPay()
    service = PaymentService(
        store=store,  # type: ignore[arg-type]
        provider=pay,  # type: ignore[arg-type]
        workflows=Workflows(),  # type: ignore[arg-type]
        payers=None,  # type: ignore[arg-type]
        now=lambda: NOW,
        epoch=time.time,
    )
    return service, store, pay


def order(store: Store, amount_fen: int = 22375, status: str = CREATED, refunded_fen: int = 0) -> Order:
    made = Order(
        order_id=new_order_id(COMMUNITY),
        community_id=COMMUNITY,
        house_id="h-1",
        account_id="acct-1",
        openid="openid-1",
        lines=(("bill-1", "prop", "物业费", amount_fen),),
        amount_fen=amount_fen,
        created_at=NOW,
        expires_at=NOW + timedelta(minutes=15),
        status=status,
        refunded_fen=refunded_fen,
    )
    store.orders[made.order_id] = made
    return made


def paid_notice(pay: WechatPay, order_id: str, **changes: Any) -> None:
    resource: dict[str, Any] = {
        "out_trade_no": order_id,
        "appid": pay.appid,
        "mchid": pay.mchid,
        "trade_state": "SUCCESS",
        "transaction_id": "4200000001",
        "amount": {"total": 22375, "currency": "CNY"},
    }
    resource.update(changes)
    pay.notification = VerifiedNotification("n-1", "TRANSACTION.SUCCESS", int(time.time()), resource)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"amount": {"total": 1, "currency": "CNY"}}, "AMOUNT_MISMATCH"),  # one fen for a 223.75 yuan bill
        ({"amount": {"total": 22376, "currency": "CNY"}}, "AMOUNT_MISMATCH"),
        ({"amount": {"currency": "CNY"}}, "AMOUNT_MISMATCH"),  # no amount at all
        ({"amount": {"total": 22375, "currency": "USD"}}, "CURRENCY_MISMATCH"),
        ({"mchid": "1900000002"}, "MCHID_MISMATCH"),  # another merchant's payment
        ({"appid": "wx-other"}, "APPID_MISMATCH"),
    ],
)
def test_a_notification_pays_only_the_orders_exact_amount_to_us(
    parts: tuple[PaymentService, Store, WechatPay], changes: dict[str, Any], reason: str
) -> None:
    service, store, pay = parts
    made = order(store)
    paid_notice(pay, made.order_id, **changes)
    with pytest.raises(NotificationRefused) as refused:
        service.handle_notification({}, b"{}")
    assert (refused.value.reason, refused.value.status) == (reason, 409)
    assert store.orders[made.order_id].status == CREATED and store.writes == []
    paid_notice(pay, made.order_id)  # the same order, paid as asked
    assert service.handle_notification({}, b"{}") == "applied"
    assert store.orders[made.order_id].status == PAID and store.writes == [f"paid {made.order_id}"]


def test_a_refund_notification_settles_only_the_refunds_own_amount(
    parts: tuple[PaymentService, Store, WechatPay],
) -> None:
    service, store, pay = parts
    made = order(store, status=PAID)
    refund = service.request_refund(COMMUNITY, made.order_id, 5000, "overcharged", "clerk-1")
    service.decide_refund(COMMUNITY, refund.refund_id, True, "manager-1")
    resource = {"out_refund_no": refund.refund_id, "out_trade_no": made.order_id, "mchid": pay.mchid}
    for amount in (50000, 4999):
        pay.notification = VerifiedNotification(
            "n-2",
            "REFUND.SUCCESS",
            int(time.time()),
            {**resource, "amount": {"refund": amount}, "refund_status": "SUCCESS"},
        )
        with pytest.raises(NotificationRefused) as refused:
            service.handle_notification({}, b"{}")
        assert refused.value.reason == "AMOUNT_MISMATCH" and store.refunds[refund.refund_id].status == APPROVED
    pay.notification = VerifiedNotification(
        "n-3", "REFUND.SUCCESS", int(time.time()), {**resource, "amount": {"refund": 5000}, "refund_status": "SUCCESS"}
    )
    assert service.handle_notification({}, b"{}") == "applied"
    assert store.refunds[refund.refund_id].status == REFUNDED


def test_a_refund_is_approved_by_someone_other_than_who_requested_it(
    parts: tuple[PaymentService, Store, WechatPay],
) -> None:
    service, store, pay = parts
    made = order(store, status=PAID)
    refund = service.request_refund(COMMUNITY, made.order_id, 5000, "overcharged", "manager-1")
    for decision in (True, False):
        with pytest.raises(Forbidden) as refused:
            service.decide_refund(COMMUNITY, refund.refund_id, decision, "manager-1")
        assert refused.value.code == "FOUR_EYES"
    assert store.refunds[refund.refund_id].status == REQUESTED and pay.refunds_sent == []
    assert store.orders[made.order_id].refunded_fen == 0 and store.writes == [f"requested {refund.refund_id}"]
    approved = service.decide_refund(COMMUNITY, refund.refund_id, True, "manager-2")
    assert (approved.status, approved.approved_by) == (APPROVED, "manager-2") and pay.refunds_sent == [refund.refund_id]


@pytest.mark.parametrize(("refunded", "asked"), [(0, 22376), (20000, 2376), (22375, 1), (0, 0), (0, -100)])
def test_a_refund_never_asks_more_than_is_left(
    parts: tuple[PaymentService, Store, WechatPay], refunded: int, asked: int
) -> None:
    service, store, _ = parts
    made = order(store, status=PAID, refunded_fen=refunded)
    with pytest.raises(InvalidInput) as refused:
        service.request_refund(COMMUNITY, made.order_id, asked, "too much", "clerk-1")
    assert refused.value.code == "REFUND_EXCEEDS_PAID" and store.writes == []
    left = made.amount_fen - refunded
    if left:
        assert service.request_refund(COMMUNITY, made.order_id, left, "all that is left", "clerk-1").amount_fen == left
