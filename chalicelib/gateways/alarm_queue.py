"""The alarm seam in AWS: candidates go to the `AlarmEventsQueue` (env ALARM_EVENTS_QUEUE_URL) as JSON.

`submit_all` hands a batch's candidates over with SendMessageBatch (10 messages a request, and at most
BATCH_BYTES of bodies a request, under SQS's batch payload limit), so a batch of ingestion costs a request per 10
hand-offs instead of one each.
"""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.domain.alarm_seam import AlarmCandidate

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
        from chalicelib.gateways.aws import client

        entry = _entry("0", candidate)
        client("sqs").send_message(
            QueueUrl=self.queue_url, MessageBody=entry["MessageBody"], MessageAttributes=entry["MessageAttributes"]
        )

    def submit_all(self, candidates: list[AlarmCandidate]) -> list[bool]:
        from chalicelib.gateways.aws import client

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
                from chalicelib.observability import logger

                logger.warning("alarm hand-off failed", extra={"error": str(exc), "candidates": len(entries)})
                continue
            refused = {f["Id"] for f in response.get("Failed", [])}
            for entry in entries:
                if entry["Id"] not in refused:
                    handed[int(entry["Id"])] = True
        return handed
