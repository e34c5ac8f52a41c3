"""Rejected device messages go to the IoT dead-letter queue (env IOT_DLQ_URL) with their reason.

Ingestion metrics through Powertools (EMF): plain counts on the shared Metrics, a `reason` dimension apart.

The alarm seam in AWS: candidates go to the `AlarmEventsQueue` (env ALARM_EVENTS_QUEUE_URL) as JSON.

`submit_all` hands a batch's candidates over with SendMessageBatch (10 messages a request, and at most
BATCH_BYTES of bodies a request, under SQS's batch payload limit), so a batch of ingestion costs a request per 10
hand-offs instead of one each.
"""

from __future__ import annotations

import json
import os
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from chalicelib.devices.alarm_handoff import OFFLINE_EVENT, PRESENCE, AlarmCandidate
from chalicelib.devices.messages import Rejection
from chalicelib.kernel.observability import metrics

SQS_BATCH = 10
SQS_MAX_BYTES = 250_000  # below SQS's 256 KiB message limit


class SqsDeadLetters:
    def __init__(self, queue_url: str | None = None):
        self.queue_url = queue_url or os.environ["IOT_DLQ_URL"]

    def send(self, rejections: list[Rejection]) -> set[str]:
        from chalicelib.kernel.aws import client

        failed: set[str] = set()
        for start in range(0, len(rejections), SQS_BATCH):
            chunk = rejections[start : start + SQS_BATCH]
            entries = []
            for index, rejection in enumerate(chunk):
                body = json.dumps(rejection.dead_letter(), ensure_ascii=False, default=str)
                if len(body.encode()) > SQS_MAX_BYTES:  # keep the reason even if the payload cannot travel
                    letter = rejection.dead_letter()
                    letter.pop("payload", None)
                    letter.pop("payloadBase64", None)
                    letter["payloadTruncated"] = True
                    body = json.dumps(letter, ensure_ascii=False, default=str)
                entries.append(
                    {
                        "Id": str(index),
                        "MessageBody": body,
                        "MessageAttributes": {"reason": {"DataType": "String", "StringValue": rejection.reason}},
                    }
                )
            try:
                response = client("sqs").send_message_batch(QueueUrl=self.queue_url, Entries=entries)
            except Exception:
                failed.update(r.ref for r in chunk)
                continue
            failed.update(chunk[int(f["Id"])].ref for f in response.get("Failed", []))
        return failed


class PowertoolsIngestionMetrics:
    def count(self, name: str, value: int, reason: str | None = None) -> None:
        if reason is None:
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
            return
        # A dimension applies to a whole metric set; a per-reason count needs its own set.
        with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace=metrics.namespace) as metric:
            metric.add_dimension(name="reason", value=reason)


BATCH_ENTRIES = 10  # SendMessageBatch's limit
BATCH_BYTES = 200_000  # bodies + attributes of one request, below SQS's 256 KiB batch payload limit


def _entry(entry_id: str, candidate: AlarmCandidate) -> dict[str, Any]:
    return {
        "Id": entry_id,
        "MessageBody": json.dumps(candidate.as_message(), ensure_ascii=False, separators=(",", ":")),
        "MessageAttributes": {
            "community": {"DataType": "String", "StringValue": candidate.community_id},
            "event": {"DataType": "String", "StringValue": candidate.event},
        },
    }


def _size(entry: dict[str, Any]) -> int:
    attributes = sum(len(k) + len(v["StringValue"].encode()) + 16 for k, v in entry["MessageAttributes"].items())
    return len(entry["MessageBody"].encode()) + attributes


class SqsAlarmSink:
    def __init__(self, queue_url: str | None = None):
        self.queue_url = queue_url or os.environ["ALARM_EVENTS_QUEUE_URL"]

    def submit(self, candidate: AlarmCandidate) -> None:
        from chalicelib.kernel.aws import client

        entry = _entry("0", candidate)
        client("sqs").send_message(
            QueueUrl=self.queue_url, MessageBody=entry["MessageBody"], MessageAttributes=entry["MessageAttributes"]
        )

    def submit_all(self, candidates: list[AlarmCandidate]) -> list[bool]:
        from chalicelib.kernel.aws import client

        handed = [False] * len(candidates)
        requests: list[list[dict[str, Any]]] = []
        size = 0
        for index, candidate in enumerate(candidates):
            entry = _entry(str(index), candidate)
            if not requests or len(requests[-1]) == BATCH_ENTRIES or size + _size(entry) > BATCH_BYTES:
                requests.append([])
                size = 0
            requests[-1].append(entry)
            size += _size(entry)
        for entries in requests:
            try:
                response = client("sqs").send_message_batch(QueueUrl=self.queue_url, Entries=entries)
            except Exception as exc:  # every candidate of this request stays not handed over (retried)
                from chalicelib.kernel.observability import logger

                logger.warning("alarm hand-off failed", extra={"error": str(exc), "candidates": len(entries)})
                continue
            refused = {f["Id"] for f in response.get("Failed", [])}
            for entry in entries:
                if entry["Id"] not in refused:
                    handed[int(entry["Id"])] = True
        return handed


class PresenceAnnouncingSink(SqsAlarmSink):
    """The alarm hand-off, also telling the duty room's live device list when a device went offline or came back
    (the presence candidates the sweep and ingestion already make): one announcement per transition handed over,
    never per message."""

    def submit(self, candidate: AlarmCandidate) -> None:
        super().submit(candidate)
        _announce_presence([candidate])

    def submit_all(self, candidates: list[AlarmCandidate]) -> list[bool]:
        handed = super().submit_all(candidates)
        _announce_presence([c for c, ok in zip(candidates, handed, strict=True) if ok])
        return handed


def _announce_presence(candidates: list[AlarmCandidate]) -> None:
    from chalicelib.kernel import live_feed

    for c in candidates:
        if c.source == PRESENCE and live_feed.enabled():
            body = {"deviceId": c.device_id, "deviceType": c.device_type, "online": c.event != OFFLINE_EVENT}
            live_feed.announce(c.community_id, "device.presence", {**body, "at": c.occurred_at})
