"""A barrier camera's plate event as it arrives from the topic rule, read into a `PlateEvent` or refused with a
machine-readable reason (a refused event never opens a barrier). Total: whatever the bytes, one answer.

The rule's output: {payload (base64 of the device's JSON), topic, communityId, thingName, receivedAt}; the payload
is the catalogue's envelope {msgId, ts, event: "plate_recognized", data: {plate, plateColour, direction,
confidence, snapshotKey?}} (iot/device_types/barrier_gate.json).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.parking.model import PlateEvent

COLOURS = ("blue", "yellow", "green", "yellow_green", "white", "black", "other")
DIRECTIONS = ("in", "out")
_SNAPSHOT = re.compile(r"^[A-Za-z0-9!_.*'()/=-]{1,1024}$")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_PAYLOAD = 16 * 1024


@dataclass(frozen=True)
class Refused:
    reason: str  # MALFORMED | NOT_A_PLATE_EVENT | INVALID_PLATE | INVALID_FIELD
    detail: str
    community_id: str | None = None
    device_id: str | None = None
    plate: str | None = None


def read(rule_output: dict[str, Any], plate_number: Callable[[str], str | None], now: datetime) -> PlateEvent | Refused:
    community = rule_output.get("communityId")
    device = rule_output.get("thingName")
    if (
        not isinstance(community, str)
        or not _ID.match(community)
        or not isinstance(device, str)
        or not _ID.match(device)
    ):
        return Refused("MALFORMED", "no community or device in the rule's output")
    try:
        raw = base64.b64decode(str(rule_output.get("payload") or ""), validate=True)
        if len(raw) > MAX_PAYLOAD:
            return Refused("MALFORMED", "payload too large", community, device)
        doc = json.loads(raw.decode("utf-8"))
    except Exception as exc:  # any undecodable payload is refused alone
        return Refused("MALFORMED", f"payload is not JSON: {type(exc).__name__}", community, device)
    if not isinstance(doc, dict) or doc.get("event") != "plate_recognized" or not isinstance(doc.get("data"), dict):
        return Refused("NOT_A_PLATE_EVENT", "not a plate_recognized event", community, device)
    msg_id, data = doc.get("msgId"), doc["data"]
    if not isinstance(msg_id, str) or not _ID.match(msg_id):
        return Refused("INVALID_FIELD", "msgId must be 1..64 of A-Z a-z 0-9 _ -", community, device)
    text = data.get("plate")
    plate = plate_number(text) if isinstance(text, str) and len(text) <= 16 else None
    shown = text[:16] if isinstance(text, str) else None
    if plate is None:
        return Refused("INVALID_PLATE", f"{shown!r} is not a mainland plate number", community, device, shown)
    colour, direction, confidence = data.get("plateColour"), data.get("direction"), data.get("confidence")
    snapshot = data.get("snapshotKey")
    if colour not in COLOURS:
        return Refused("INVALID_FIELD", "plateColour", community, device, plate)
    if direction not in DIRECTIONS:
        return Refused("INVALID_FIELD", "direction", community, device, plate)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        return Refused("INVALID_FIELD", "confidence must be a number 0..1", community, device, plate)
    if snapshot is not None and (not isinstance(snapshot, str) or not _SNAPSHOT.match(snapshot)):
        return Refused("INVALID_FIELD", "snapshotKey", community, device, plate)
    return PlateEvent(
        community_id=community,
        device_id=device,
        msg_id=msg_id,
        plate=plate,
        colour=str(colour),
        direction=str(direction),
        confidence=float(confidence),
        snapshot_key=snapshot,
        at=now.astimezone(UTC),
    )
