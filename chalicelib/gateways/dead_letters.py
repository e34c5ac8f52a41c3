"""Rejected device messages go to the IoT dead-letter queue (env IOT_DLQ_URL) with their reason."""

from __future__ import annotations

import json
import os

from chalicelib.domain.ingestion import Rejection

SQS_BATCH = 10
SQS_MAX_BYTES = 250_000  # below SQS's 256 KiB message limit


class SqsDeadLetters:
    def __init__(self, queue_url: str | None = None):
        self.queue_url = queue_url or os.environ["IOT_DLQ_URL"]

    def send(self, rejections: list[Rejection]) -> set[str]:
        from chalicelib.gateways.aws import client

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
