"""Decisions a barrier made by itself while the cloud could not be reached (003 6.6.11), uploaded when it is back as
one `offline_passages` event (iot/device_types/barrier_gate.json): each passage with its own msgId, time, plate and
the barrier's local decision (`open` / `refuse`, from its shadow whitelist). Pure: reading and the rule; the use
case is `offline_reconcile.py`.

Reading: the batch is refused whole only when it cannot be read at all (no community or device, not JSON, not an
`offline_passages` event, no list of passages); otherwise every item is read on its own, and a bad item is
rejected with its reason (INVALID_FIELD, INVALID_PLATE, IN_FUTURE, TOO_OLD, DUPLICATE_IN_BATCH) while the others
are applied.

The rule, mirroring how the visitors' gates' offline admissions are reconciled: each passage is recorded once (its
id is the barrier's and the msgId, the same key as an online plate event, so a replayed upload is a duplicate);
then the cloud applies it as it happened: an entry the barrier opened starts a stay at that time (unless the car is
inside already), an exit it opened ends the car's stay at that time with what the car owed then by the one fee
rule (an unpaid exit, listed for staff, when it owed something); a refusal changes no stay. A local decision the
cloud's rule disagrees with is flagged (`discrepancy`) and listed:

- WATCH_LISTED_OPENED: the barrier let in a watch-listed plate (the watch-list alarm is raised as well);
- NO_ENTRY_RECORD: the barrier let out a car the cloud has no stay for;
- REFUSED_ALLOWED: the barrier refused a car the cloud would have let through free (a monthly pass covering the
  time, or a registered space: its whitelist was out of date).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.parking.plate_events import _ID, COLOURS, DIRECTIONS, Refused

EVENT = "offline_passages"
DECISIONS = ("open", "refuse")
LOCAL_REASONS = ("whitelist", "not_listed", "manual")
MAX_BATCH_PAYLOAD = 128 * 1024
MAX_ITEMS = 100
FUTURE_GRACE = timedelta(minutes=5)  # a barrier's clock a little ahead
OLDEST = timedelta(days=30)  # an upload older than this is refused: no stay is opened or ended that far back
WATCH_LISTED_OPENED, NO_ENTRY_RECORD, REFUSED_ALLOWED = "WATCH_LISTED_OPENED", "NO_ENTRY_RECORD", "REFUSED_ALLOWED"
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")


@dataclass(frozen=True)
class OfflinePassage:
    msg_id: str
    at: datetime
    plate: str
    colour: str
    direction: str
    confidence: float
    decision: str  # open | refuse
    local_reason: str | None


@dataclass(frozen=True)
class ItemRejected:
    index: int
    msg_id: str | None
    reason: str
    detail: str


@dataclass(frozen=True)
class OfflineBatch:
    community_id: str
    device_id: str
    msg_id: str  # the upload's own envelope id
    items: tuple[OfflinePassage | ItemRejected, ...]


def read_batch(
    rule_output: dict[str, Any], plate_number: Callable[[str], str | None], now: datetime
) -> OfflineBatch | Refused:
    community, device = rule_output.get("communityId"), rule_output.get("thingName")
    if not isinstance(community, str) or not _ID.match(community) or not isinstance(device, str):
        return Refused("MALFORMED", "no community or device in the rule's output")
    if not _ID.match(device):
        return Refused("MALFORMED", "no community or device in the rule's output")
    try:
        raw = base64.b64decode(str(rule_output.get("payload") or ""), validate=True)
        if len(raw) > MAX_BATCH_PAYLOAD:
            return Refused("MALFORMED", "payload too large", community, device)
        doc = json.loads(raw.decode("utf-8"))
    except Exception as exc:  # any undecodable payload is refused alone
        return Refused("MALFORMED", f"payload is not JSON: {type(exc).__name__}", community, device)
    if not isinstance(doc, dict) or doc.get("event") != EVENT or not isinstance(doc.get("data"), dict):
        return Refused("NOT_AN_OFFLINE_UPLOAD", "not an offline_passages event", community, device)
    msg_id, passages = doc.get("msgId"), doc["data"].get("passages")
    if not isinstance(msg_id, str) or not _ID.match(msg_id):
        return Refused("INVALID_FIELD", "msgId must be 1..64 of A-Z a-z 0-9 _ -", community, device)
    if not isinstance(passages, list) or not 1 <= len(passages) <= MAX_ITEMS:
        return Refused("INVALID_FIELD", f"passages must be a list of 1..{MAX_ITEMS}", community, device)
    seen: set[str] = set()
    items: list[OfflinePassage | ItemRejected] = []
    for index, raw_item in enumerate(passages):
        item = read_item(index, raw_item, plate_number, now)
        if isinstance(item, OfflinePassage):
            if item.msg_id in seen:
                item = ItemRejected(index, item.msg_id, "DUPLICATE_IN_BATCH", "msgId appears earlier in the upload")
            else:
                seen.add(item.msg_id)
        items.append(item)
    return OfflineBatch(community, device, msg_id, tuple(items))


def read_item(
    index: int, raw: Any, plate_number: Callable[[str], str | None], now: datetime
) -> OfflinePassage | ItemRejected:
    if not isinstance(raw, dict):
        return ItemRejected(index, None, "INVALID_FIELD", "a passage is an object")
    msg_id = raw.get("msgId")
    if not isinstance(msg_id, str) or not _ID.match(msg_id):
        return ItemRejected(index, None, "INVALID_FIELD", "msgId must be 1..64 of A-Z a-z 0-9 _ -")

    def bad(reason: str, detail: str) -> ItemRejected:
        return ItemRejected(index, msg_id, reason, detail)

    text = raw.get("plate")
    plate = plate_number(text) if isinstance(text, str) and len(text) <= 16 else None
    if plate is None:
        return bad("INVALID_PLATE", "plate is not a mainland plate number")
    at_text = raw.get("at")
    if not isinstance(at_text, str) or not _TIME.match(at_text):
        return bad("INVALID_FIELD", "at must be an ISO-8601 time with its zone")
    at = datetime.fromisoformat(at_text.replace("Z", "+00:00")).astimezone(UTC)
    if at > now + FUTURE_GRACE:
        return bad("IN_FUTURE", "at is later than now")
    if at < now - OLDEST:
        return bad("TOO_OLD", f"at is more than {OLDEST.days} days ago")
    colour, direction, decision = raw.get("plateColour"), raw.get("direction"), raw.get("decision")
    confidence, local = raw.get("confidence", 1.0), raw.get("reason")
    if colour not in COLOURS:
        return bad("INVALID_FIELD", "plateColour")
    if direction not in DIRECTIONS:
        return bad("INVALID_FIELD", "direction")
    if decision not in DECISIONS:
        return bad("INVALID_FIELD", "decision must be open or refuse")
    if local is not None and local not in LOCAL_REASONS:
        return bad("INVALID_FIELD", "reason")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        return bad("INVALID_FIELD", "confidence must be a number 0..1")
    return OfflinePassage(
        msg_id, at, plate, str(colour), str(direction), float(confidence), str(decision), local and str(local)
    )


def discrepancy(item: OfflinePassage, watched: bool, free_by_cloud: bool, inside: bool) -> str | None:
    """Where the barrier's own decision disagrees with the cloud's rule (None: it agrees). `watched`: the plate is
    watch-listed; `free_by_cloud`: the cloud would let it through free at that time (monthly pass, registered
    space); `inside`: the cloud has a stay for the car."""
    if item.decision == "open" and item.direction == "in" and watched:
        return WATCH_LISTED_OPENED
    if item.decision == "open" and item.direction == "out" and not inside:
        return NO_ENTRY_RECORD
    if item.decision == "refuse" and free_by_cloud and not watched:
        return REFUSED_ALLOWED
    return None


@dataclass(frozen=True)
class UnpaidExit:
    community_id: str
    stay_id: str
    park_id: str
    plate: str
    entered_at: datetime
    left_at: datetime
    device_id: str
    due_fen: int
    passage_id: str
    # settled by staff afterwards: the money collected (outcome `collected`, settled_fen) or written off (`waived`)
    settled_outcome: str | None = None
    settled_fen: int | None = None
    settled_note: str | None = None
    settled_by: str | None = None
    settled_at: datetime | None = None


@dataclass(frozen=True)
class Discrepancy:
    community_id: str
    passage_id: str
    device_id: str
    plate: str
    direction: str
    decision: str
    at: datetime
    flag: str
    stay_id: str | None = None
    # looked into by staff, with what they found
    resolved_note: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


SETTLE_OUTCOMES = ("collected", "waived")
