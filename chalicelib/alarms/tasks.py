"""Alarm entry points: the AlarmEventsQueue consumer and the tasks of stepfunctions/alarm_handling.asl.json.

- `alarm_events`: SQS batch (ReportBatchItemFailures). A poison message (not JSON, nested too deeply, wrong shape) is
  dead-lettered once with its reason and counts as processed; a retryable failure (a lost race, a store or workflow
  outage) is reported by message id so only that message comes back. A lost race is expected (two messages of one
  device evaluated at once): logged at INFO, no traceback; a workflow that would not start, at WARNING; anything
  else at ERROR with its traceback, and on the message's last receive (the queue's maxReceiveCount) it is
  dead-lettered here with the failure as its reason rather than by the queue without one. Deduplication is the
  service's (community, device, msg_id) marker.
- Workflow tasks raise named errors (`AlarmStoreBusy`) that the ASL retries; everything else is caught there.
"""

from __future__ import annotations

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
    # per message id: for debugging only (the console's one line per alarm is the workflow's first notice)
    logger.debug("alarm batch", extra={"outcomes": outcomes, "failed": len(failures)})
    return {"batchItemFailures": failures}


# Records of different devices are evaluated concurrently (I/O bound: DynamoDB, the first notification, Step
# Functions): a whole batch at once, so a burst's alarms do not queue behind each other inside one invocation.
BATCH_WORKERS = 10


def consume_batch(event: dict[str, Any]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """(the records to deliver again, what happened to each record by message id). Records of one device keep
    their order (a raise, then its clear); different devices run in parallel, each in a copy of the invocation's
    context (the function's name for its logs and metrics)."""
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    from chalicelib.alarms.batch_memo import batch_scope

    records = list(event.get("Records", []))
    read = [(record, _read(record)) for record in records]  # each body parsed once, here
    groups: dict[str, list[Read]] = {}
    for record, doc in read:
        groups.setdefault(_device_key(record, doc), []).append((record, doc))
    results: dict[str, str | None] = {}  # message id -> outcome, None = deliver again
    service = wiring.alarm_service()
    with batch_scope():  # the roster, places and labels the batch's records share are read once (batch_memo.py)
        wiring.read_ahead([doc for _, doc in read if not isinstance(doc, Exception)])  # markers, devices: one request
        if len(groups) <= 1:
            for group in groups.values():
                results.update(_consume_group(service, group))
        else:
            with ThreadPoolExecutor(max_workers=min(BATCH_WORKERS, len(groups))) as pool:
                runs = [
                    pool.submit(contextvars.copy_context().run, _consume_group, service, g) for g in groups.values()
                ]
                for part in (run.result() for run in runs):
                    results.update(part)
    failures = [
        {"itemIdentifier": str(r.get("messageId", ""))}
        for r in records
        if results.get(str(r.get("messageId", ""))) is None
    ]
    outcomes = {k: v for k, v in results.items() if v is not None}
    return failures, outcomes


# A record and its message as the consumer reads it, or the reason it is refused (`_consume` dead-letters it).
Read = tuple[dict[str, Any], Any]


def _read(record: dict[str, Any]) -> Any:
    from chalicelib.alarms.messages import read_message
    from chalicelib.alarms.model import PoisonMessage

    try:
        return read_message(str(record.get("body") or ""))
    except PoisonMessage as refused:
        return refused


def _device_key(record: dict[str, Any], doc: Any) -> str:
    try:
        return f"{doc['community_id']}|{doc['device_id']}"
    except Exception:  # refused, or no device: a group of its own (it is dead-lettered)
        return f"record|{record.get('messageId')}"


def _consume_group(service: AlarmService, group: list[Read]) -> dict[str, str | None]:
    return {str(record.get("messageId", "")): _consume(service, record, doc) for record, doc in group}


def _consume(service: AlarmService, record: dict[str, Any], doc: Any) -> str | None:
    """One record (`doc`: its message as `_read` read it): its outcome, or None to have it delivered again."""
    from chalicelib.alarms.messages import MAX_RECEIVES
    from chalicelib.alarms.model import AlarmStoreBusy, PoisonMessage, WorkflowStartFailed
    from chalicelib.kernel.observability import logger

    message_id = str(record.get("messageId", ""))
    body = str(record.get("body") or "")
    try:
        if isinstance(doc, PoisonMessage):
            raise doc
        return service.handle(doc).action
    except PoisonMessage as exc:
        logger.warning("alarm message refused", extra={"messageId": message_id, "reason": exc.reason})
        return _dead_letter(body, exc.reason, exc.detail, message_id)
    except AlarmStoreBusy as exc:  # another message of the device changed its alarms first: evaluated again
        logger.info("alarm message lost a race; delivered again", extra={"messageId": message_id, "alarm": str(exc)})
        return None
    except WorkflowStartFailed as exc:
        logger.warning(
            "alarm workflow did not start; delivered again", extra={"messageId": message_id, "error": str(exc)}
        )
        return None
    except Exception as exc:
        logger.exception("alarm message failed; it is delivered again", extra={"messageId": message_id})
        if _receives(record) >= MAX_RECEIVES:  # the queue would dead-letter it now, without a reason
            return _dead_letter(body, "failed_repeatedly", f"{type(exc).__name__}: {str(exc)[:300]}", message_id)
        return None


def _receives(record: dict[str, Any]) -> int:
    try:
        return int((record.get("attributes") or {}).get("ApproximateReceiveCount", 1))
    except (TypeError, ValueError):
        return 1


def _dead_letter(body: str, reason: str, detail: str, message_id: str) -> str | None:
    from chalicelib.kernel.observability import logger

    try:
        wiring.alarm_dead_letters().send(body, reason, detail, message_id)
        return f"dead_letter:{reason}"
    except Exception:
        logger.exception("could not dead-letter an alarm message")
        return None


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
    if task == "notify_and_wait":
        return service.notify_and_wait(community_id, alarm_id, level, event["taskToken"], event.get("linkage") is True)
    # The steps before the wait took them on, for executions started by an earlier definition:
    if task == "link":
        return {"linked": service.link(community_id, alarm_id)}
    if task == "notify":
        return service.notify_step(community_id, alarm_id, level)
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
