"""Parking's Lambda entry points.

- `parking_plate_event`: the topic rule ParkingPlateEventRule invokes it with each barrier's `plate_recognized`
  event (the short path: a car waits at the barrier); the one decision is `ParkingService.decide`. A refused event
  (malformed, not a plate) is logged with its reason and opens nothing.
- `parking_offline_passages`: the topic rule ParkingOfflinePassagesRule invokes it with a barrier's
  `offline_passages` upload (what it decided by itself while the cloud was unreachable; offline_reconcile.py).
- `parking_payment_settled`: PaymentSettledQueue (the payments capability's word that a charge was paid) -> the
  stay paid, its waiting car let out; partial batch failures are delivered again, each order counted once.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.parking import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="parking_plate_event")
def plate_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.observability import logger
    from chalicelib.parking.plate_events import Refused, read
    from chalicelib.registry import plate_number

    found = read(event, plate_number, utcnow())
    if isinstance(found, Refused):
        logger.warning(
            "plate event refused",
            extra={"reason": found.reason, "detail": found.detail, "device": found.device_id},
        )
        return {"action": "reject", "reason": found.reason, "detail": found.detail}
    decision = wiring.parking_service().decide(found)
    return {
        "action": decision.action,
        "reason": decision.reason,
        "stayId": decision.stay_id,
        "feeFen": decision.fee_fen,
        "commandId": decision.command_id,
    }


@bp.lambda_function(name="parking_offline_passages")
def offline_passages(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """ParkingOfflinePassagesRule: a barrier back online uploads the passages it decided by itself (offline.py);
    each is recorded once and reconciled with the cloud's rule, a bad item rejected with its reason."""
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.observability import logger
    from chalicelib.parking.offline import read_batch
    from chalicelib.parking.plate_events import Refused
    from chalicelib.registry import plate_number

    found = read_batch(event, plate_number, utcnow())
    if isinstance(found, Refused):
        logger.warning(
            "offline upload refused",
            extra={"reason": found.reason, "detail": found.detail, "device": found.device_id},
        )
        return {"action": "reject", "reason": found.reason, "detail": found.detail}
    results = wiring.parking_service().reconcile_offline(found)
    counts: dict[str, int] = {}
    for r in results:
        counts[r["result"]] = counts.get(r["result"], 0) + 1
    logger.info("offline upload reconciled", extra={"device": found.device_id, "msgId": found.msg_id, **counts})
    return {"results": results}


@bp.lambda_function(name="parking_payment_settled")
def payment_settled(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.observability import logger
    from chalicelib.parking.model import PAYMENT_PURPOSE, Settled

    failures: list[dict[str, str]] = []
    for record in event.get("Records", []):
        try:
            body = json.loads(record.get("body") or "")
            if body.get("purpose") != PAYMENT_PURPOSE:
                continue
            from datetime import datetime

            paid = Settled(
                order_id=str(body["orderId"]),
                community_id=str(body["communityId"]),
                reference=str(body["reference"]),
                amount_fen=int(body["amountFen"]),
                paid_at=datetime.fromisoformat(str(body["paidAt"]).replace("Z", "+00:00")),
            )
        except Exception as exc:  # a message that cannot be read is dropped with its reason, never retried
            logger.warning("settlement message refused", extra={"why": f"{type(exc).__name__}: {exc}"})
            continue
        try:
            outcome = wiring.parking_service().settle(paid)
            logger.info("stay payment settled", extra={"orderId": paid.order_id, "outcome": outcome})
        except Exception:
            logger.exception("stay payment not settled yet", extra={"orderId": paid.order_id})
            failures.append({"itemIdentifier": str(record.get("messageId", ""))})
    return {"batchItemFailures": failures}


@bp.schedule(
    "cron(30 20 * * ? *)",
    name="parking_whitelist_refresh",
    description="Each barrier's offline whitelist for the Beijing day (04:30 Beijing), sent only when it changed",
)
def whitelist_refresh(event: Any) -> dict[str, Any]:
    return wiring.parking_service().refresh_all()


@bp.schedule(
    "cron(0 1 * * ? *)",
    name="parking_pass_reminders",
    description="Monthly passes ending in 7 days and in 1 day: the house told by WeChat once each (09:00 Beijing)",
)
def pass_reminders(event: Any) -> dict[str, Any]:
    return wiring.pass_reminders().remind()


@bp.schedule(
    "cron(0 * * * ? *)",
    name="parking_occupancy_sample",
    description="Each car park's cars inside for the Beijing hour that begins (the first sample of an hour stays)",
)
def occupancy_sample(event: Any) -> dict[str, Any]:
    return wiring.occupancy().sample()
