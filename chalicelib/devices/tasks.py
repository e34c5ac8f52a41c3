"""Device message entry points: the IoT topic rules' targets and the presence sweep.

- `ingest_telemetry_batch`: SQS `TelemetryQueue` -> Lambda (event source mapping with ReportBatchItemFailures):
  telemetry and heartbeats, up to 500 per invocation.
- `ingest_events_batch`: SQS `EventsQueue` -> Lambda (its own mapping: batches of up to 10, no batching window,
  so an alarm never waits to fill a batch nor behind a telemetry backlog): device events.
  Both return the SQS message ids to deliver again (retryable failures only; a bad message is dead-lettered and
  counts as processed) and read their records with the one helper, `_ingest_sqs_batch`.
- `ingest_event`: invoked directly by the command-ack rule (the short path: a person may be waiting at a door); it
  ingests whatever kind it is given. A retryable failure raises, so Lambda's asynchronous retries (then the
  dead-letter destination) take over.
- `presence_sweep`: every minute, marks devices that missed their heartbeat window offline.

Lambda tasks of the device-command workflow (stepfunctions/device_command.asl.json).

Exceptions propagate on purpose: their class names (`DevicePublishFailed`, `CommandStoreBusy`) are the error names
the workflow's Retry and Catch clauses match.

Fleet provisioning's pre-provisioning hook (AWS IoT calls it before it creates the thing and certificate).

The device presents its claim certificate and its serial number; only serials registered in the ledger on a device
that may hold credentials are allowed, and the thing is named after the ledger's unified id (parameter override),
so the device's policy variables and topics match the ledger. Request and answer format:
https://docs.aws.amazon.com/iot/latest/developerguide/pre-provisioning-hook.html
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalicelib.devices import wiring
from chalicelib.kernel.functions import FunctionBlueprint

bp = FunctionBlueprint(__name__)


def _ingest_sqs_batch(event: dict[str, Any]) -> dict[str, Any]:
    """An SQS batch of topic-rule outputs through the ingestion service; the partial-batch response."""
    from chalicelib.devices.messages import InboundMessage, Rejection
    from chalicelib.kernel.clock import utcnow

    now = utcnow()
    messages: list[InboundMessage | Rejection] = []
    for record in event.get("Records", []):
        try:
            doc = json.loads(record.get("body") or "")
        except Exception:  # RecursionError included: one unreadable record is rejected, never the batch
            doc = None
        messages.append(InboundMessage.from_rule_output(record["messageId"], doc, now))
    result = wiring.ingestion_service().ingest(messages)
    return {"batchItemFailures": [{"itemIdentifier": ref} for ref in sorted(result.retry_refs)]}


@bp.lambda_function(name="ingest_telemetry_batch")
def ingest_telemetry_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _ingest_sqs_batch(event)


@bp.lambda_function(name="ingest_events_batch")
def ingest_events_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _ingest_sqs_batch(event)


@bp.lambda_function(name="ingest_event")
def ingest_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.devices.ingestion import IngestionUnavailable
    from chalicelib.devices.messages import InboundMessage
    from chalicelib.kernel.clock import utcnow

    ref = getattr(context, "aws_request_id", None) or uuid.uuid4().hex
    message = InboundMessage.from_rule_output(ref, event, utcnow())
    result = wiring.ingestion_service().ingest([message])
    if result.retry_refs:
        raise IngestionUnavailable(f"message on {event.get('topic')} could not be ingested; Lambda retries it")
    return {
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "rejected": [r.reason for r in result.rejected],
        "alarms": [c.event for c in result.submitted],
        "acks": result.acks,
    }


@bp.schedule("rate(1 minute)", name="presence_sweep", description="Mark devices that missed heartbeats offline")
def presence_sweep(event: Any) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow

    result = wiring.presence_sweep().sweep(utcnow())
    return {
        "checked": result.checked,
        "offline": [d.device_id for d in result.offline],
        "failed": [d.device_id for d in result.failed],
    }


@bp.lambda_function(name="workflow_publish_command")
def publish_command(event: dict[str, Any], context: Any) -> dict[str, Any]:
    command = event["command"]
    sent = wiring.command_service().dispatch(command["communityId"], command["commandId"], event["taskToken"])
    return {"commandId": sent.command_id, "status": sent.status}


@bp.lambda_function(name="workflow_finish_command")
def finish_command(event: dict[str, Any], context: Any) -> dict[str, Any]:
    command = event["command"]
    finished = wiring.command_service().finish(command["communityId"], command["commandId"], event["outcome"])
    return {"commandId": finished.command_id, "status": finished.status}


@bp.lambda_function(name="fleet_preprovisioning_hook")
def fleet_preprovisioning_hook(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.devices.model import SERIAL_PATTERN
    from chalicelib.devices.provisioning import preprovisioning_decision
    from chalicelib.kernel.observability import logger

    parameters = event.get("parameters") or {}
    serial = parameters.get("SerialNumber")
    if not isinstance(serial, str) or not SERIAL_PATTERN.fullmatch(serial):
        logger.warning("fleet provisioning refused: no valid serial", extra={"clientId": event.get("clientId")})
        return {"allowProvisioning": False}
    answer = preprovisioning_decision(wiring.devices_with_serial(serial), serial)
    logger.info(
        "fleet provisioning decision",
        extra={"serial": serial, "allowed": answer["allowProvisioning"], "certificateId": event.get("certificateId")},
    )
    return answer
