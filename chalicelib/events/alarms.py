"""Alarm entry points: the AlarmEventsQueue consumer and the tasks of stepfunctions/alarm_handling.asl.json.

- `alarm_events`: SQS batch (ReportBatchItemFailures). A poison message (not JSON, wrong shape) is dead-lettered with
  its reason and counts as processed; a retryable failure (a lost race, a store or workflow outage) is reported by
  message id so only that message comes back. Deduplication is the service's (community, device, msg_id) marker.
- Workflow tasks raise named errors (`AlarmStoreBusy`) that the ASL retries; everything else is caught there.
"""

from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint

from chalicelib import wiring

bp = Blueprint(__name__)


@bp.lambda_function(name="alarm_events")
def alarm_events(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Returns exactly the partial-batch response Lambda reads (`batchItemFailures`); outcomes are logged."""
    from chalicelib.observability import logger

    failures, outcomes = consume_batch(event)
    logger.info("alarm batch", extra={"outcomes": outcomes, "failed": len(failures)})
    return {"batchItemFailures": failures}


def consume_batch(event: dict[str, Any]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """(the records to deliver again, what happened to each record by message id)."""
    from chalicelib.domain.alarms import PoisonMessage
    from chalicelib.observability import logger

    service = wiring.alarm_service()
    failures: list[dict[str, str]] = []
    outcomes: dict[str, str] = {}
    for record in event.get("Records", []):
        message_id = str(record.get("messageId", ""))
        body = record.get("body") or ""
        try:
            try:
                doc = json.loads(body)
            except (ValueError, TypeError) as exc:
                raise PoisonMessage("invalid_json", str(exc)) from exc
            outcomes[message_id] = service.handle(doc).action
        except PoisonMessage as exc:
            try:
                wiring.alarm_dead_letters().send(str(body), exc.reason, exc.detail, message_id)
                outcomes[message_id] = f"dead_letter:{exc.reason}"
            except Exception:
                logger.exception("could not dead-letter an alarm message")
                failures.append({"itemIdentifier": message_id})
        except Exception:
            logger.exception("alarm message failed; it is delivered again", extra={"messageId": message_id})
            failures.append({"itemIdentifier": message_id})
    return failures, outcomes


def _ids(event: dict[str, Any]) -> tuple[str, str]:
    alarm = event["alarm"]
    return str(alarm["communityId"]), str(alarm["alarmId"])


@bp.lambda_function(name="alarm_workflow_task")
def alarm_workflow_task(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Every Lambda task of the alarm workflow, selected by `task` (one function, one role to declare)."""
    service = wiring.alarm_service()
    community_id, alarm_id = _ids(event)
    level = int(event["alarm"].get("level", 0))
    task = event.get("task")
    if task == "link":
        return {"linked": service.link(community_id, alarm_id)}
    if task == "notify":
        return service.notify_level(community_id, alarm_id, level)
    if task == "await_ack":
        return service.await_ack(community_id, alarm_id, event["taskToken"])
    if task == "escalate":
        return service.escalate(community_id, alarm_id, level)
    if task == "dispatch":
        return service.dispatch(community_id, alarm_id)
    if task == "await_clear":
        return service.await_clear(community_id, alarm_id, event["taskToken"])
    if task == "close":
        return service.close(community_id, alarm_id, str(event.get("outcome", "resolved")))
    raise ValueError(f"unknown alarm task {task!r}")
