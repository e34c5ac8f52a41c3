"""Non-HTTP entry points of partners: `partner_feed` reads the registry table's stream (people, houses, vehicles)
and the visitors, alarms and devices tables' streams (access records, alarms, devices) into the change feeds.
Records are taken in stream order; on a failure the batch reports that record and every later one is delivered
again (ReportBatchItemFailures), and an already appended record (its event id) appends nothing the second time.
`partner_push` (every minute) posts due push subscriptions; `partner_keys_retire` (hourly) switches refused keys off
at API Gateway."""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.partners import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="partner_feed")
def partner_feed(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.observability import logger
    from chalicelib.partners.adapters import stream_change

    feed = wiring.change_feed()
    for record in event.get("Records", []):
        sequence = str((record.get("dynamodb") or {}).get("SequenceNumber", ""))
        try:
            change = stream_change(record)
            if change is not None:
                community_id, resource, record_id, op, data, event_id = change
                feed.append(community_id, resource, record_id, op, data, event_id or None)
        except Exception:
            logger.exception("feed append failed; the rest of the batch comes again", extra={"sequence": sequence})
            return {"batchItemFailures": [{"itemIdentifier": sequence}]}
    return {"batchItemFailures": []}


@bp.schedule("rate(1 minute)", name="partner_push", description="Post due push subscriptions' new changes")
def partner_push(event: Any) -> dict[str, Any]:
    """Every due subscription's new changes in one batch to its receive address (GA/T 1400 SubscribeNotifications)."""
    deliveries = wiring.push_service().deliver_due()
    return {"deliveries": [{"subscription": d.subscription_id, "outcome": d.outcome} for d in deliveries]}


@bp.schedule(
    "rate(1 hour)", name="partner_keys_retire", description="Retired and cut-off partner keys switched off at the edge"
)
def partner_keys_retire(event: Any) -> dict[str, Any]:
    """A rotated-out key past its grace (and a cut-off partner's keys) disabled at API Gateway too: the app refuses
    them from their moment on; within the hour the gateway stops passing and metering them."""
    return {"switchedOff": wiring.partner_service().switch_off_retired_keys()}
