"""Device messages as they arrive: the topic rule's output read into an `InboundMessage`, the payload's bytes
decoded, and a `Rejection` (with its reason) for anything that cannot be read, which ingestion dead-letters.

Every parser of the outside bytes is total: the payload must be UTF-8 (the wire contract), JSON of bounded depth,
integers and floats within range; any failure of decoding or validating one message, whatever the exception
(RecursionError, ValueError from Python's integer-digit limit, ...), rejects that message alone.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.kernel.clock import iso

MAX_PAYLOAD_BYTES = 128 * 1024  # AWS IoT Core's message limit; the local broker enforces the same
DLQ_PAYLOAD_SAMPLE_BYTES = 4096  # what of an oversized payload the dead letter keeps

# Reasons a message is dead-lettered (the `reason` dimension of the MessagesRejected metric).
OVERSIZED = "oversized"
MALFORMED_ENVELOPE = "malformed_envelope"
INVALID_JSON = "invalid_json"
UNKNOWN_TOPIC = "unknown_topic"
UNKNOWN_DEVICE = "unknown_device"
COMMUNITY_MISMATCH = "community_mismatch"
DEVICE_INACTIVE = "device_inactive"
INVALID_SCHEMA = "invalid_schema"
UNKNOWN_EVENT = "unknown_event"
UNKNOWN_COMMAND = "unknown_command"
FOREIGN_COMMAND = "foreign_command"
INVALID_ENCODING = "invalid_encoding"
INVALID_MESSAGE = "invalid_message"  # anything else that made one message unreadable

# Bounds of what a device payload may contain (far above any catalogue message, far below what breaks a parser).
MAX_JSON_DEPTH = 32
MAX_INT_DIGITS = 20


# --------------------------------------------------------------------------- parsing outside bytes


class UnreadablePayload(ValueError):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"integer of {len(text.lstrip('-'))} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:40]} is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _depth(value: Any) -> int:
    """Nesting depth, without recursion (the value may come from a hostile payload)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            return level
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


def decode_json(payload: bytes) -> Any:
    """UTF-8 JSON with bounded depth and numbers; every failure is an `UnreadablePayload` with a reason.

    Strict UTF-8 first: `json.loads(bytes)` would sniff UTF-16/32 and accept them, but the wire contract is UTF-8.
    """
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadablePayload(INVALID_ENCODING, f"payload is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if text.startswith("\ufeff"):
        raise UnreadablePayload(INVALID_ENCODING, "payload starts with a byte-order mark")
    try:
        doc = json.loads(text, parse_int=_bounded_int, parse_float=_finite_float, parse_constant=_no_constant)
    except RecursionError:
        raise UnreadablePayload(INVALID_JSON, "payload is nested too deeply") from None
    except Exception as exc:  # ValueError, and whatever else a hostile document can make the parser raise
        raise UnreadablePayload(INVALID_JSON, f"payload is not JSON: {str(exc)[:200]}") from None
    if _depth(doc) > MAX_JSON_DEPTH:
        raise UnreadablePayload(INVALID_JSON, f"payload is nested deeper than {MAX_JSON_DEPTH} levels")
    return doc


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class InboundMessage:
    """One message as a topic rule delivered it."""

    ref: str  # SQS messageId on the batch path, a generated id on the direct path
    topic: str
    community_id: str
    thing_name: str
    client_id: str
    received_at: datetime
    payload: bytes

    def reject(
        self, reason: str, detail: str, path: str = "$", payload: bytes | None = None, payload_bytes: int | None = None
    ) -> Rejection:
        """This message, refused: everything the dead-letter queue needs to explain why."""
        return Rejection(
            self.ref,
            reason,
            detail,
            path,
            self.topic,
            self.received_at,
            self.payload if payload is None else payload,
            self.community_id,
            self.thing_name,
            self.client_id,
            payload_bytes=payload_bytes,
        )

    @staticmethod
    def from_rule_output(ref: str, doc: Any, now: datetime) -> InboundMessage | Rejection:
        """Read the rule's output document (`SELECT encode(*, 'base64') AS payload, topic() AS topic, ...`)."""
        if (
            not isinstance(doc, dict)
            or not isinstance(doc.get("payload"), str)
            or not isinstance(doc.get("topic"), str)
        ):
            return Rejection(
                ref,
                MALFORMED_ENVELOPE,
                "the rule output lacks payload or topic",
                "$",
                topic=str(doc.get("topic", "")) if isinstance(doc, dict) else "",
                received_at=now,
                payload=json.dumps(doc, default=str).encode()[:DLQ_PAYLOAD_SAMPLE_BYTES],
            )
        try:
            payload = base64.b64decode(doc["payload"], validate=True)
        except (binascii.Error, ValueError):
            return Rejection(
                ref,
                MALFORMED_ENVELOPE,
                "payload is not base64",
                "payload",
                topic=doc["topic"],
                received_at=now,
                payload=doc["payload"].encode()[:DLQ_PAYLOAD_SAMPLE_BYTES],
            )
        received_ms = doc.get("receivedAt")
        received_at = (
            datetime.fromtimestamp(received_ms / 1000, UTC)
            if isinstance(received_ms, int | float) and not isinstance(received_ms, bool)
            else now
        )
        return InboundMessage(
            ref=ref,
            topic=doc["topic"],
            community_id=str(doc.get("communityId", "")),
            thing_name=str(doc.get("thingName", "")),
            client_id=str(doc.get("clientId", "")),
            received_at=received_at,
            payload=payload,
        )


@dataclass(frozen=True)
class Rejection:
    ref: str
    reason: str
    detail: str
    path: str
    topic: str
    received_at: datetime
    payload: bytes = b""
    community_id: str = ""
    device_id: str = ""
    client_id: str = ""
    payload_bytes: int | None = None

    def dead_letter(self) -> dict[str, Any]:
        """The dead-letter body: the reason, where, and the original payload (JSON, else base64)."""
        body: dict[str, Any] = {
            "reason": self.reason,
            "detail": self.detail,
            "path": self.path,
            "topic": self.topic,
            "communityId": self.community_id,
            "deviceId": self.device_id,
            "clientId": self.client_id,
            "receivedAt": iso(self.received_at),
            "payloadBytes": self.payload_bytes if self.payload_bytes is not None else len(self.payload),
        }
        try:
            body["payload"] = decode_json(self.payload)
        except UnreadablePayload:
            body["payloadBase64"] = base64.b64encode(self.payload).decode("ascii")
        return body
