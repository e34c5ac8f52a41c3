"""Notifications' Lambda entry points.

- `notify_retry`: NotifyRetryQueue (event source mapping, partial batch failures): a delivery that failed with a
  retryable error (network, HTTP 5xx, WeChat's errcode -1) is sent again, once per round (`Notifier.retry`); what
  still fails goes back to the queue for the next round, at most `MAX_RETRY_ROUNDS`; a message that cannot be read
  is logged and dropped; one that keeps failing to be handled lands in NotifyRetryDeadLetterQueue.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="notify_retry")
def notify_retry(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.observability import logger
    from chalicelib.notifications.wiring import notifier

    failures: list[dict[str, str]] = []
    outcomes: list[str] = []
    for record in event.get("Records", []):
        try:
            payload = json.loads(record.get("body") or "")
            if not isinstance(payload, dict) or not {"message", "recipient", "round"} <= set(payload):
                raise ValueError("not a retry message")
        except ValueError as exc:
            logger.warning("notify retry message dropped", extra={"reason": str(exc)})
            outcomes.append("dropped")
            continue
        try:
            done = notifier().retry(payload)
        except Exception:
            logger.exception("notify retry not handled; delivered again")
            failures.append({"itemIdentifier": str(record.get("messageId", ""))})
            continue
        outcomes.append(done.status if done is not None else "unknown")
    return {"batchItemFailures": failures, "outcomes": outcomes}
