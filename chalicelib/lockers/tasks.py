"""Lockers' Lambda entry points.

- `lockers_events`: LockersEventsQueue (the topic rule LockersEventRule copies every locker's `parcel_stored` and
  `parcel_picked_up` event there): a deposit makes a parcel and tells the household its pick-up code; a pick-up
  closes it. A refused event (malformed, foreign house, not a locker) is logged with its reason and changes nothing;
  a delivered-again event (MQTT QoS 1, SQS) finds its parcel made already and changes nothing. A failure to store
  fails that record alone (partial batch response), delivered again.
- `lockers_remind`: hourly: parcels uncollected past the limit (48 h) get a reminder, once per Beijing day, at most 3.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.lockers import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="lockers_events")
def locker_events(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.observability import logger
    from chalicelib.lockers.model import Refused, read

    failures: list[dict[str, str]] = []
    outcomes: list[dict[str, Any]] = []
    for record in event.get("Records", []):
        try:
            doc = json.loads(record.get("body") or "")
            found = read(doc if isinstance(doc, dict) else {}, utcnow())
        except ValueError:
            found = Refused("MALFORMED", "the message is not JSON")
        if isinstance(found, Refused):
            logger.warning("locker event refused", extra={"reason": found.reason, "detail": found.detail})
            outcomes.append({"action": "rejected", "reason": found.reason, "detail": found.detail})
            continue
        try:
            outcome = wiring.locker_service().handle(found)
        except Exception:
            logger.exception("locker event not handled yet", extra={"msgId": found.msg_id})
            failures.append({"itemIdentifier": str(record.get("messageId", ""))})
            continue
        if outcome.action == "rejected":
            logger.warning("locker event refused", extra={"reason": outcome.reason, "msgId": found.msg_id})
        outcomes.append({"action": outcome.action, "reason": outcome.reason, "parcelId": outcome.parcel_id})
    return {"batchItemFailures": failures, "outcomes": outcomes}


@bp.schedule("rate(1 hour)", name="lockers_remind", description="Parcels left too long: a reminder a day, at most 3")
def remind(event: Any) -> dict[str, Any]:
    return wiring.locker_service().remind()
