"""Non-HTTP entry points of work orders.

- `workflow_check_work_order`: the SLA workflow's task at each deadline (stepfunctions/work_order.asl.json); it
  answers `early` (with the seconds to wait again) when the Wait state ended before the deadline.
  Exceptions propagate on purpose: their class names are what the workflow's Retry clauses match.
- `process_media_upload`: S3 `ObjectCreated` notifications of the media bucket, delivered through the SQS queue
  `MediaUploadsQueue` (event source mapping with ReportBatchItemFailures), the way AWS delivers them. A message
  that is not a usable S3 notification is logged and dropped (it can never succeed); an infrastructure failure
  returns that message for another delivery; refused uploads are audited. Uploads under `uploads/{owner}/` of
  another capability (notice attachments) go to the handler it plugged in (`use_upload_handler`).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.work_orders import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="workflow_check_work_order")
def check_work_order(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.clock import parse_iso

    ticket, stage = event["ticket"], event["stage"]
    due = ticket.get(f"{stage}DueAt")  # the deadline this execution waited for (responseDueAt, resolutionDueAt)
    return wiring.work_order_service().check_deadline(
        ticket["communityId"], ticket["ticketId"], stage, parse_iso(due) if isinstance(due, str) else None
    )


def upload_keys(body: str) -> list[str]:
    """The object keys of an S3 notification (keys arrive URL-encoded); [] for anything else, e.g. s3:TestEvent."""
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return []
    records = doc.get("Records") if isinstance(doc, dict) else None
    keys: list[str] = []
    for record in records if isinstance(records, list) else []:
        if not isinstance(record, dict) or not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        key = ((record.get("s3") or {}).get("object") or {}).get("key")
        if isinstance(key, str) and key:
            keys.append(unquote_plus(key))
    return keys


@bp.lambda_function(name="process_media_upload")
def process_media_upload(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib import audit
    from chalicelib.kernel.observability import logger
    from chalicelib.work_orders.media import upload_handler_for

    failures: list[dict[str, str]] = []
    pipeline = wiring.photo_pipeline()
    for record in event.get("Records", []):
        message_id = str(record.get("messageId", ""))
        keys = upload_keys(str(record.get("body") or ""))
        if not keys:
            logger.info("media queue message without uploads", extra={"messageId": message_id})
        try:
            for key in keys:
                outcome = (upload_handler_for(key) or pipeline.handle)(key)
                logger.info("media upload", extra={"key": key, "status": outcome.status, "reason": outcome.reason})
                if outcome.status in ("refused", "rejected"):
                    audit.record(
                        actor=None,
                        operator="media-pipeline",
                        operation="media.upload",
                        target_type="photo",
                        target_id=outcome.photo_id or key[:200],
                        community_id=outcome.community_id,
                        outcome="denied",
                        detail={"key": key[:200], "reason": outcome.reason, "ticketId": outcome.ticket_id},
                    )
        except Exception:
            logger.exception("media upload failed; delivering again", extra={"messageId": message_id})
            failures.append({"itemIdentifier": message_id})
    return {"batchItemFailures": failures}
