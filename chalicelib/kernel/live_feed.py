"""The live feed's publish port: a capability tells that something on the duty room's screen changed.

`announce(community_id, kind, body)` puts one message on the live events queue (`LIVE_EVENTS_QUEUE_URL`); the live
capability (`chalicelib.live`) consumes it and pushes it to the WebSocket connections of that community only. The
capabilities that announce (alarms, devices, work orders) sit below the live capability, so they never import it:
this port is all they know. Best effort by design: the record is already written, and a console that missed an
event has it on its next load; a failed send is logged, never raised into the write that caused it.
"""

from __future__ import annotations

import json
import os
from typing import Any

KINDS = frozenset({"alarm.changed", "device.presence", "work_order.changed"})


def enabled() -> bool:
    return bool(os.environ.get("LIVE_EVENTS_QUEUE_URL"))


def announce(community_id: str, kind: str, body: dict[str, Any]) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown live event kind {kind!r}")
    url = os.environ.get("LIVE_EVENTS_QUEUE_URL")
    if not url:
        return
    from chalicelib.kernel.aws import client
    from chalicelib.kernel.observability import logger

    message = {"type": kind, "communityId": community_id, **body}
    try:
        client("sqs").send_message(QueueUrl=url, MessageBody=json.dumps(message, ensure_ascii=False, default=str))
    except Exception as exc:
        logger.warning("live event not sent", extra={"kind": kind, "error": type(exc).__name__})
