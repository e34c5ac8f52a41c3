"""Staff payment routes: fee items and billing runs, arrears per building, refunds (requested by one person,
approved by another manager), reconciliation results, income summaries and publishing the ledger (004 账目公示).
Every write leaves an audit record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.payments import wiring
from chalicelib.payments.contracts import (
    ArrearsBuilding,
    ArrearsView,
    BillingRunRequest,
    BillingRunView,
    FeeItemList,
    FeeItemRequest,
    FeeItemView,
    IncomeQuery,
    LedgerMonth,
    MismatchView,
    ReconcileRequest,
    ReconciliationView,
    RefundList,
    RefundRequest,
    RefundStatus,
    RefundView,
)
from chalicelib.payments.routes_resident import ledger_month

if TYPE_CHECKING:
    from chalicelib.payments.bills import FeeItem
    from chalicelib.payments.model import Refund

bp = Blueprint(__name__)

COMMUNITY = "/v1/staff/communities/{community_id}"


def fee_item_view(f: FeeItem) -> FeeItemView:
    return FeeItemView(
        feeItemId=f.fee_item_id,
        name=f.name,
        kind=f.kind,
        unitPriceFen=f.unit_price_fen,
        period=f.period,
        houseIds=list(f.house_ids),
        active=f.active,
    )


def refund_view(r: Refund) -> RefundView:
    from chalicelib.kernel.clock import iso

    return RefundView(
        refundId=r.refund_id,
        orderId=r.order_id,
        amountFen=r.amount_fen,
        reason=r.reason,
        status=cast(RefundStatus, r.status),
        requestedBy=r.requested_by,
        approvedBy=r.approved_by,
        createdAt=iso(r.created_at),
        finishedAt=iso(r.finished_at) if r.finished_at else None,
    )


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/fee-items",
    audience="staff",
    access=Access.community("billing:write"),
    request=FeeItemRequest,
    status=201,
    response=FeeItemView,
    summary="Define (or redefine) a fee item: property fee by area, a fixed monthly charge (parking), metered "
    "utilities, one-off charges",
)
def define_fee_item(call: Call[FeeItemRequest]) -> FeeItemView:
    from chalicelib.payments.bills import FeeItem

    body = call.body
    item = FeeItem(
        community_id=call.path["community_id"],
        fee_item_id=body.feeItemId,
        name=body.name,
        kind=body.kind,
        unit_price_fen=body.unitPriceFen,
        period=body.period,
        house_ids=tuple(body.houseIds),
        created_by=call.who.subject,
    )
    with audited(call, "billing.fee_item", "fee_item", body.feeItemId, body.model_dump()):
        saved = wiring.billing_service().define_fee_item(item)
    return fee_item_view(saved)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/fee-items",
    audience="staff",
    access=Access.community("billing:read"),
    response=FeeItemList,
    summary="The community's fee items",
)
def list_fee_items(call: Call[Any]) -> FeeItemList:
    items = wiring.payment_store().fee_items(call.path["community_id"])
    return FeeItemList(items=[fee_item_view(f) for f in items])


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/billing-runs",
    audience="staff",
    access=Access.community("billing:write"),
    request=BillingRunRequest,
    response=BillingRunView,
    errors=(404,),
    summary="Generate one fee item's bills for one period (idempotent: running it again creates nothing twice)",
    operation_id="runBilling",
)
def billing_run(call: Call[BillingRunRequest]) -> BillingRunView:
    body = call.body
    with audited(call, "billing.run", "fee_item", body.feeItemId, {"period": body.period}) as detail:
        result = wiring.billing_service().generate(
            call.path["community_id"], body.feeItemId, body.period, dict(body.usage)
        )
        detail.update(created=result.created, existing=result.existing, totalFen=result.total_fen)
    return BillingRunView(
        created=result.created, existing=result.existing, totalFen=result.total_fen, skipped=result.skipped
    )


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/arrears",
    audience="staff",
    access=Access.community("billing:read"),
    response=ArrearsView,
    summary="Unpaid bills per building (arrears)",
    operation_id="listArrears",
)
def arrears(call: Call[Any]) -> ArrearsView:
    per: dict[str, dict[str, Any]] = {}
    for bill in wiring.payment_store().unpaid_bills(call.path["community_id"]):
        entry = per.setdefault(bill.building_id, {"houses": set(), "bills": 0, "fen": 0})
        entry["houses"].add(bill.house_id)
        entry["bills"] += 1
        entry["fen"] += bill.amount_fen
    buildings = [
        ArrearsBuilding(buildingId=b, houses=len(e["houses"]), bills=e["bills"], unpaidFen=e["fen"])
        for b, e in sorted(per.items())
    ]
    return ArrearsView(buildings=buildings, unpaidFen=sum(b.unpaidFen for b in buildings))


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/refunds",
    audience="staff",
    access=Access.community("refund:request"),
    request=RefundRequest,
    status=201,
    response=RefundView,
    errors=(404, 409),
    summary="Request a refund of a paid order (whole or partial); another manager approves it",
)
def request_refund(call: Call[RefundRequest]) -> RefundView:
    body = call.body
    with audited(call, "payment.refund.request", "order", body.orderId, body.model_dump()) as detail:
        refund = wiring.payment_service().request_refund(
            call.path["community_id"], body.orderId, body.amountFen, body.reason, call.who.subject
        )
        detail["refundId"] = refund.refund_id
    return refund_view(refund)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/refunds",
    audience="staff",
    access=Access.community("billing:read"),
    response=RefundList,
    summary="Refunds, newest first",
)
def list_refunds(call: Call[Any]) -> RefundList:
    return RefundList(items=[refund_view(r) for r in wiring.payment_store().refunds(call.path["community_id"])])


def _decide(call: Call[Any], approve: bool) -> RefundView:
    refund_id = call.path["refund_id"]
    operation = "payment.refund.approve" if approve else "payment.refund.reject"
    with audited(call, operation, "refund", refund_id):
        refund = wiring.payment_service().decide_refund(call.path["community_id"], refund_id, approve, call.who.subject)
    return refund_view(refund)


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/refunds/{refund_id}/approve",
    audience="staff",
    access=Access.community("refund:approve"),
    response=RefundView,
    errors=(403, 404, 409),
    summary="Approve a refund (not the person who requested it): the refund goes to WeChat Pay",
)
def approve_refund(call: Call[Any]) -> RefundView:
    return _decide(call, True)


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/refunds/{refund_id}/reject",
    audience="staff",
    access=Access.community("refund:approve"),
    response=RefundView,
    errors=(403, 404, 409),
    summary="Reject a refund request",
)
def reject_refund(call: Call[Any]) -> RefundView:
    return _decide(call, False)


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/refunds/{refund_id}/sync",
    audience="staff",
    access=Access.community("refund:approve"),
    response=RefundView,
    errors=(404, 409, 503),
    summary="Settle a refund still processing: ask WeChat Pay, and send it again if WeChat never received it",
)
def sync_refund(call: Call[Any]) -> RefundView:
    from chalicelib.kernel.errors import UpstreamUnavailable
    from chalicelib.payments.model import ProviderUnavailable

    refund_id = call.path["refund_id"]
    with audited(call, "payment.refund.sync", "refund", refund_id) as detail:
        try:
            refund = wiring.payment_service().sync_refund(call.path["community_id"], refund_id)
        except ProviderUnavailable as exc:
            raise UpstreamUnavailable(
                "WeChat Pay is unavailable, try again", code="PAYMENT_PROVIDER_UNAVAILABLE"
            ) from exc
        detail["status"] = refund.status
    return refund_view(refund)


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/reconciliations",
    audience="staff",
    access=Access.community("billing:write"),
    request=ReconcileRequest,
    response=ReconciliationView,
    errors=(503,),
    summary="Reconcile one day of this community now (the schedule does the whole merchant's yesterday every "
    "morning): its mismatches",
)
def run_reconciliation(call: Call[ReconcileRequest]) -> ReconciliationView:
    from chalicelib.kernel.errors import UpstreamUnavailable
    from chalicelib.payments.model import ProviderRejected, ProviderUnavailable

    day = call.body.day
    with audited(call, "payment.reconcile", "day", day) as detail:
        try:
            found = wiring.payment_service().reconcile(day, call.path["community_id"])
        except (ProviderUnavailable, ProviderRejected) as exc:
            raise UpstreamUnavailable("WeChat Pay's trade bill is not available", code="BILL_UNAVAILABLE") from exc
        detail["mismatches"] = len(found)
    return _reconciliation(call.path["community_id"], day)


def _reconciliation(community_id: str, day: str) -> ReconciliationView:
    rows = wiring.payment_store().mismatches(community_id, day)
    return ReconciliationView(day=day, mismatches=[MismatchView(**r) for r in rows])


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/reconciliations/{day}",
    audience="staff",
    access=Access.community("billing:read"),
    response=ReconciliationView,
    errors=(400,),
    summary="This community's reconciliation mismatches of one day",
)
def get_reconciliation(call: Call[Any]) -> ReconciliationView:
    from chalicelib.kernel.clock import client_day
    from chalicelib.kernel.contracts import path_value

    day = path_value(client_day, call.path["day"], "day")
    return _reconciliation(call.path["community_id"], day)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/income",
    audience="staff",
    access=Access.community("billing:read"),
    query=IncomeQuery,
    response=LedgerMonth,
    summary="Income per fee item of one month (Beijing calendar), and refunds",
    operation_id="getIncome",
)
def income(call: Call[Any]) -> LedgerMonth:
    month = call.query.month
    lines = wiring.payment_store().income(call.path["community_id"], month)
    return ledger_month({"month": month, "lines": lines})


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/ledger/{month}/publish",
    audience="staff",
    access=Access.community("ledger:publish"),
    response=LedgerMonth,
    errors=(400,),
    summary="Publish a month's income summary to residents (004 账目公示); publishing again refreshes it",
)
def publish_ledger(call: Call[Any]) -> LedgerMonth:
    from chalicelib.kernel.clock import client_month, iso, utcnow
    from chalicelib.kernel.contracts import path_value

    month = path_value(client_month, call.path["month"], "month")
    community_id = call.path["community_id"]
    store = wiring.payment_store()
    lines = store.income(community_id, month)
    now = utcnow()
    with audited(call, "payment.ledger.publish", "ledger", month, {"lines": len(lines)}):
        store.publish_ledger(community_id, month, lines, call.who.subject, now)
    return ledger_month({"month": month, "lines": lines, "publishedAt": iso(now)})
