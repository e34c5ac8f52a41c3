"""Lambda tasks of the payment workflow (stepfunctions/payment.asl.json) and the payment schedules.

Exceptions propagate on purpose: their class names (`ProviderUnavailable`, `PaymentStoreBusy`) are the error names
the workflow's Retry clauses match.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.payments import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="workflow_payment_await")
def await_payment(event: dict[str, Any], context: Any) -> dict[str, Any]:
    order = event["order"]
    found = wiring.payment_service().await_notification(order["communityId"], order["orderId"], event["taskToken"])
    return {"orderId": found.order_id, "status": found.status}


@bp.lambda_function(name="workflow_payment_query")
def query_payment(event: dict[str, Any], context: Any) -> dict[str, Any]:
    order = event["order"]
    return {"outcome": wiring.payment_service().query_and_settle(order["communityId"], order["orderId"])}


@bp.lambda_function(name="workflow_payment_close")
def close_payment(event: dict[str, Any], context: Any) -> dict[str, Any]:
    order = event["order"]
    return {"outcome": wiring.payment_service().close_unpaid(order["communityId"], order["orderId"])}


@bp.lambda_function(name="workflow_payment_finish")
def finish_payment(event: dict[str, Any], context: Any) -> dict[str, Any]:
    order = event["order"]
    finished = wiring.payment_service().finished(order["communityId"], order["orderId"])
    return {"orderId": finished.order_id, "status": finished.status}


@bp.schedule("rate(1 day)", name="payment_generate_bills", description="Generate this period's bills (idempotent)")
def generate_bills(event: Any) -> dict[str, Any]:
    """Every recurring area/fixed fee item gets its current period's bills; re-running creates nothing twice."""
    from chalicelib.kernel.clock import utcnow
    from chalicelib.payments.bills import current_period

    created = existing = 0
    store = wiring.payment_store()
    for period in ("monthly", "quarterly", "yearly"):
        for item in store.fee_items_with_period(period):
            if not item.active or item.kind == "metered":
                continue
            result = wiring.billing_service().generate(
                item.community_id, item.fee_item_id, current_period(period, utcnow())
            )
            created += result.created
            existing += result.existing
    return {"created": created, "existing": existing}


@bp.schedule("rate(1 day)", name="payment_arrears_reminders", description="Remind residents of overdue bills (weekly)")
def arrears_reminders(event: Any) -> dict[str, int]:
    """Each house with overdue bills reminds its bound residents by WeChat, at most once per ISO week."""
    return dict(wiring.arrears_reminders().run(wiring.billing_communities()))


@bp.schedule("cron(0 3 * * ? *)", name="payment_reconcile", description="Reconcile yesterday's WeChat Pay trade bill")
def reconcile(event: Any) -> dict[str, Any]:
    """11:00 Beijing: WeChat Pay's trade bill of the previous Beijing day is ready after 10:00."""
    from chalicelib.kernel.clock import utcnow
    from chalicelib.payments.model import business_day

    day = business_day(utcnow() - timedelta(days=1))
    mismatches = wiring.payment_service().reconcile(day)
    return {"day": day, "mismatches": len(mismatches)}


@bp.schedule("rate(15 minutes)", name="payment_sweep_stale", description="Settle orders the workflow gave up on")
def sweep_stale(event: Any) -> dict[str, Any]:
    """Orders still `created` past their expiry plus a grace (default 15 min; the workflow failed, e.g. dead-
    lettered) are queried and paid or closed exactly like the workflow would; WeChat Pay failing again leaves the
    order for the next run, logged and counted (`StaleOrdersUnsettled`)."""
    from aws_lambda_powertools.metrics import MetricUnit

    from chalicelib.kernel.observability import logger, metrics

    grace = int(os.environ.get("PAYMENT_SWEEP_GRACE_SECONDS", "900"))
    result = wiring.payment_service().sweep_stale(grace)
    for order_id, reason in result.failed:
        logger.warning("stale order left for the next run", extra={"orderId": order_id, "reason": reason})
    metrics.add_metric(name="StaleOrdersPaid", unit=MetricUnit.Count, value=len(result.paid))
    metrics.add_metric(name="StaleOrdersClosed", unit=MetricUnit.Count, value=len(result.closed))
    metrics.add_metric(name="StaleOrdersUnsettled", unit=MetricUnit.Count, value=len(result.failed))
    return {"paid": len(result.paid), "closed": len(result.closed), "unsettled": len(result.failed)}
