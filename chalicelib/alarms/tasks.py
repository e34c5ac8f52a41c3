"""Alarm entry points: the AlarmEventsQueue consumer and the tasks of stepfunctions/alarm_handling.asl.json.

- `alarm_events`: SQS batch (ReportBatchItemFailures). A poison message (not JSON, wrong shape) is dead-lettered with
  its reason and counts as processed; a retryable failure (a lost race, a store or workflow outage) is reported by
  message id so only that message comes back. Deduplication is the service's (community, device, msg_id) marker.
- Workflow tasks raise named errors (`AlarmStoreBusy`) that the ASL retries; everything else is caught there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from chalicelib.alarms import wiring
from chalicelib.kernel.functions import FunctionBlueprint

if TYPE_CHECKING:
    from chalicelib.alarms.service import AlarmService

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="alarm_events")
def alarm_events(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Returns exactly the partial-batch response Lambda reads (`batchItemFailures`); outcomes are logged."""
    from chalicelib.kernel.observability import logger

    failures, outcomes = consume_batch(event)
    logger.info("alarm batch", extra={"outcomes": outcomes, "failed": len(failures)})
    return {"batchItemFailures": failures}


BATCH_WORKERS = 4  # records of different devices are evaluated concurrently (I/O bound: DynamoDB, Step Functions)


def consume_batch(event: dict[str, Any]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """(the records to deliver again, what happened to each record by message id). Records of one device keep
    their order (a raise, then its clear); different devices run in parallel."""
    from concurrent.futures import ThreadPoolExecutor

    records = list(event.get("Records", []))
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(_device_key(record), []).append(record)
    results: dict[str, str | None] = {}  # message id -> outcome, None = deliver again
    service = wiring.alarm_service()
    if len(groups) <= 1:
        for group in groups.values():
            results.update(_consume_group(service, group))
    else:
        with ThreadPoolExecutor(max_workers=min(BATCH_WORKERS, len(groups))) as pool:
            for part in pool.map(lambda g: _consume_group(service, g), groups.values()):
                results.update(part)
    failures = [
        {"itemIdentifier": str(r.get("messageId", ""))}
        for r in records
        if results.get(str(r.get("messageId", ""))) is None
    ]
    outcomes = {k: v for k, v in results.items() if v is not None}
    return failures, outcomes


def _device_key(record: dict[str, Any]) -> str:
    try:
        doc = json.loads(record.get("body") or "")
        return f"{doc['community_id']}|{doc['device_id']}"
    except Exception:  # unparseable: a group of its own (it is dead-lettered)
        return f"record|{record.get('messageId')}"


def _consume_group(service: AlarmService, records: list[dict[str, Any]]) -> dict[str, str | None]:
    from chalicelib.alarms.model import PoisonMessage
    from chalicelib.kernel.observability import logger

    results: dict[str, str | None] = {}
    for record in records:
        message_id = str(record.get("messageId", ""))
        body = record.get("body") or ""
        try:
            try:
                doc = json.loads(body)
            except (ValueError, TypeError) as exc:
                raise PoisonMessage("invalid_json", str(exc)) from exc
            results[message_id] = service.handle(doc).action
        except PoisonMessage as exc:
            try:
                wiring.alarm_dead_letters().send(str(body), exc.reason, exc.detail, message_id)
                results[message_id] = f"dead_letter:{exc.reason}"
            except Exception:
                logger.exception("could not dead-letter an alarm message")
                results[message_id] = None
        except Exception:
            logger.exception("alarm message failed; it is delivered again", extra={"messageId": message_id})
            results[message_id] = None
    return results


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
