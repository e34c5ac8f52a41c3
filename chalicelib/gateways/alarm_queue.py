"""The alarm seam in AWS: candidates go to the `AlarmEventsQueue` (env ALARM_EVENTS_QUEUE_URL) as JSON."""

from __future__ import annotations

import json
import os

from chalicelib.domain.alarm_seam import AlarmCandidate


class SqsAlarmSink:
    def __init__(self, queue_url: str | None = None):
        self.queue_url = queue_url or os.environ["ALARM_EVENTS_QUEUE_URL"]

    def submit(self, candidate: AlarmCandidate) -> None:
        from chalicelib.gateways.aws import client

        client("sqs").send_message(
            QueueUrl=self.queue_url,
            MessageBody=json.dumps(candidate.as_message(), ensure_ascii=False, separators=(",", ":")),
            MessageAttributes={
                "community": {"DataType": "String", "StringValue": candidate.community_id},
                "event": {"DataType": "String", "StringValue": candidate.event},
            },
        )
