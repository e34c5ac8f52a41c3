"""Resident payment routes (the mini-program) and WeChat Pay's notification endpoint.

A resident sees and pays only their own house's bills: the route's household scope (`{house_id}` in the token)
is checked by the endpoint decorator, and the service checks that every bill belongs to that house (403) and is
unpaid (409). The notification endpoint is public: WeChat Pay's signature is its authentication.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from chalice import Blueprint, Response

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.payments import wiring
from chalicelib.payments.contracts import (
    BillList,
    BillStatus,
    BillView,
    LedgerLine,
    LedgerList,
    LedgerMonth,
    OrderLine,
    OrderList,
    OrderStatus,
    OrderView,
    PayRequest,
    PayResponse,
    ReceiptLink,
    RequestPayment,
    WechatPayAnswer,
)

if TYPE_CHECKING:
    from chalicelib.payments.bills import Bill
    from chalicelib.payments.model import Order

bp = Blueprint(__name__)

HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}"
MAX_NOTIFICATION_BYTES = 64 * 1024


def bill_view(b: Bill) -> BillView:
    from chalicelib.kernel.clock import iso

    return BillView(
        billId=b.bill_id,
        houseId=b.house_id,
        buildingId=b.building_id,
        feeItemId=b.fee_item_id,
        feeName=b.fee_name,
        period=b.period,
        amountFen=b.amount_fen,
        status=cast(BillStatus, b.status),
        orderId=b.order_id,
        paidAt=iso(b.paid_at) if b.paid_at else None,
        detail=b.detail,
    )


def order_view(o: Order) -> OrderView:
    from chalicelib.kernel.clock import iso

    return OrderView(
        orderId=o.order_id,
        houseId=o.house_id,
        status=cast(OrderStatus, o.status),
        amountFen=o.amount_fen,
        refundedFen=o.refunded_fen,
        lines=[OrderLine(billId=a, feeItemId=b, feeName=c, amountFen=d) for a, b, c, d in o.lines],
        createdAt=iso(o.created_at),
        expiresAt=iso(o.expires_at),
        paidAt=iso(o.paid_at) if o.paid_at else None,
        closedAt=iso(o.closed_at) if o.closed_at else None,
        transactionId=o.transaction_id,
        receiptNo=o.receipt_no,
    )


def _house_exists(community_id: str, house_id: str) -> None:
    from chalicelib.kernel.errors import NotFound

    if wiring.find_house(community_id, house_id) is None:
        raise NotFound(f"house {house_id} not found in this community", code="HOUSE_NOT_FOUND")


@endpoint(
    bp,
    "GET",
    HOUSE + "/bills",
    audience="resident",
    access=Access.household("payment:self"),
    response=BillList,
    errors=(404,),
    summary="My house's bills, newest period first, with what is still unpaid",
    operation_id="listHouseBills",
)
def house_bills(call: Call[Any]) -> BillList:
    community_id, house_id = call.path["community_id"], call.path["house_id"]
    _house_exists(community_id, house_id)
    bills = wiring.payment_store().bills_of_house(community_id, house_id)
    return BillList(
        items=[bill_view(b) for b in bills], unpaidFen=sum(b.amount_fen for b in bills if b.status != "paid")
    )


@endpoint(
    bp,
    "POST",
    HOUSE + "/payments",
    audience="resident",
    access=Access.household("payment:self"),
    request=PayRequest,
    status=201,
    response=PayResponse,
    errors=(403, 404, 409, 503),
    summary="Pay unpaid bills of my house: one WeChat Pay (mini-program) order; answers wx.requestPayment's parameters",
)
def pay_bills(call: Call[PayRequest]) -> PayResponse:
    from chalicelib.audit import audited

    community_id, house_id = call.path["community_id"], call.path["house_id"]
    _house_exists(community_id, house_id)
    with audited(call, "payment.order", "house", house_id, {"billIds": call.body.billIds}) as detail:
        order, params = wiring.payment_service().create_order(
            community_id, house_id, list(call.body.billIds), call.who.subject
        )
        detail.update(orderId=order.order_id, amountFen=order.amount_fen)
    return PayResponse(order=order_view(order), requestPayment=RequestPayment(**params))


@endpoint(
    bp,
    "GET",
    HOUSE + "/payments",
    audience="resident",
    access=Access.household("payment:self"),
    response=OrderList,
    errors=(404,),
    summary="My house's payments, newest first (paid ones carry their receipt number)",
    operation_id="listHousePayments",
)
def house_payments(call: Call[Any]) -> OrderList:
    community_id, house_id = call.path["community_id"], call.path["house_id"]
    orders = wiring.payment_store().orders_of_house(community_id, house_id)
    return OrderList(items=[order_view(o) for o in orders])


@endpoint(
    bp,
    "GET",
    HOUSE + "/payments/{order_id}",
    audience="resident",
    access=Access.household("payment:self"),
    response=OrderView,
    errors=(404,),
    summary="One payment of my house and its receipt",
    operation_id="getHousePayment",
)
def house_payment(call: Call[Any]) -> OrderView:
    from chalicelib.kernel.errors import NotFound

    community_id, house_id = call.path["community_id"], call.path["house_id"]
    order = wiring.payment_store().get_order(community_id, call.path["order_id"])
    if order is None or order.house_id != house_id:
        raise NotFound("no such payment for this house", code="ORDER_NOT_FOUND")
    return order_view(order)


@endpoint(
    bp,
    "GET",
    HOUSE + "/payments/{order_id}/receipt",
    audience="resident",
    access=Access.household("payment:self"),
    response=ReceiptLink,
    errors=(404, 409),
    summary="A paid payment's printable receipt (电子收据, PDF): a 5-minute link that downloads it",
    operation_id="getHousePaymentReceipt",
)
def house_payment_receipt(call: Call[Any]) -> ReceiptLink:
    from chalicelib.kernel.errors import Conflict, NotFound

    community_id, house_id = call.path["community_id"], call.path["house_id"]
    order = wiring.payment_store().get_order(community_id, call.path["order_id"])
    if order is None or order.house_id != house_id:
        raise NotFound("no such payment for this house", code="ORDER_NOT_FOUND")
    if not order.receipt_no or order.paid_at is None:
        raise Conflict("the payment is not completed: no receipt yet", code="ORDER_NOT_PAID")
    name, url, seconds = wiring.receipts().link_for(order)
    return ReceiptLink(fileName=name, url=url, expiresInSeconds=seconds)


def ledger_month(entry: dict[str, Any]) -> LedgerMonth:
    lines = [LedgerLine(**line) for line in entry["lines"]]
    return LedgerMonth(
        month=entry["month"],
        lines=lines,
        publishedAt=entry.get("publishedAt"),
        incomeFen=sum(line.amountFen for line in lines if not line.refunds),
        refundsFen=sum(line.amountFen for line in lines if line.refunds),
    )


@endpoint(
    bp,
    "GET",
    "/v1/resident/communities/{community_id}/ledger",
    audience="resident",
    access=Access.community("ledger:read"),
    response=LedgerList,
    summary="The community's published income summaries per fee item and month (004 账目公示)",
    operation_id="getPublishedLedger",
)
def published_ledger(call: Call[Any]) -> LedgerList:
    entries = wiring.payment_store().published_ledgers(call.path["community_id"])
    return LedgerList(items=[ledger_month(e) for e in entries])


def wechat_answer(status: int, code: str, message: str, reason: str | None = None) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if reason:
        body["reason"] = reason
    return Response(
        body=json.dumps(body, ensure_ascii=False), status_code=status, headers={"Content-Type": "application/json"}
    )


@endpoint(
    bp,
    "POST",
    "/v1/public/wechatpay/notify",
    audience="public",
    access=Access.anyone(),
    raw_body=True,
    errors=(400, 401, 404, 409, 413),
    error_model=WechatPayAnswer,
    summary="WeChat Pay v3 notifications (payments and refunds): verified on the raw body, applied once; answers "
    'WeChat\'s body ({"code": "SUCCESS"} or {"code": "FAIL", "message", "reason"})',
    operation_id="receiveWechatPayNotification",
)
def wechatpay_notify(call: Call[Any]) -> Response:
    from chalicelib.audit import record
    from chalicelib.kernel.observability import logger
    from chalicelib.payments.model import NotificationRefused, signature_headers

    def audit(outcome: str, detail: dict[str, Any]) -> None:
        record(
            actor=None,
            operation="payment.notify",
            target_type="wechatpay",
            target_id=detail.get("reason", "notification"),
            community_id=None,
            outcome=outcome,
            source_ip=call.source_ip,
            request_id=call.request_id,
            detail=detail,
        )

    if len(call.raw_body) > MAX_NOTIFICATION_BYTES:
        audit("denied", {"reason": "TOO_LARGE"})
        return wechat_answer(413, "FAIL", "body too large", "TOO_LARGE")
    try:
        signature_headers(call.headers)  # an unsigned request is refused before any configuration is read
        outcome = wiring.payment_service().handle_notification(call.headers, call.raw_body)
    except NotificationRefused as exc:
        logger.warning("wechatpay notification refused", extra={"reason": exc.reason, "why": exc.message})
        audit("denied", {"reason": exc.reason, "message": exc.message})
        return wechat_answer(exc.status, "FAIL", exc.message, exc.reason)
    audit("success", {"reason": outcome})
    return wechat_answer(200, "SUCCESS", "成功")
