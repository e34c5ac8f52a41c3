"""Parcels in shared parcel lockers (000 6.2.6): a courier's deposit read from the locker's event, the parcel and
its pick-up code (random, 6 digits, only its hash stored), the reminder rule for parcels left too long.

A locker's events arrive from the topic rule LockersEventRule (through LockersEventsQueue) as the rule's output
{payload (base64 of the device's JSON), topic, communityId, thingName, receivedAt}; the payload is the catalogue's
envelope {msgId, ts, event, data} (iot/device_types/parcel_locker.json). `read` is total: whatever the bytes, one
answer, a `LockerEvent` or a `Refused` with its reason. Pure: no I/O.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.kernel.clock import BEIJING_OFFSET

STORED, PICKED_UP = "parcel_stored", "parcel_picked_up"
WAITING, COLLECTED = "waiting", "collected"
CLEARED = "cleared"  # a collected parcel's method when the locker reused its compartment (taken out, not picked up)
DEFAULT_LIMIT_HOURS = 48  # a parcel uncollected this long gets a reminder (once per Beijing day, at most 3)
MAX_REMINDERS = 3
MIN_LIMIT_HOURS, MAX_LIMIT_HOURS = 1, 720  # a community's own limit
MAX_PAYLOAD = 16 * 1024
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CELL = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
_TRACKING = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
UNCLAIMED = "~staff"  # the house key of a parcel whose recipient was not found: it waits for staff (no real house id)
SIZES = ("S", "M", "L", "XL")
METHODS = ("code", "qr", "app", "face")


@dataclass(frozen=True)
class Refused:
    reason: str  # MALFORMED | NOT_A_PARCEL_EVENT | INVALID_FIELD
    detail: str
    community_id: str | None = None
    device_id: str | None = None


@dataclass(frozen=True)
class LockerEvent:
    community_id: str
    device_id: str
    msg_id: str
    event: str  # STORED | PICKED_UP
    compartment: str
    tracking: str | None
    house_id: str | None
    size: str | None
    method: str | None
    at: datetime
    phone: str | None = None  # typed at the locker when no house was chosen: kept in memory only, never stored


@dataclass(frozen=True)
class Parcel:
    parcel_id: str
    community_id: str
    house_id: str
    device_id: str
    compartment: str
    tracking: str | None
    size: str | None
    status: str
    stored_at: datetime
    code_hash: str
    collected_at: datetime | None = None
    method: str | None = None
    reminders: int = 0
    last_reminded: str | None = None  # Beijing day
    open_command: str | None = None  # the last remote open's device command (its status is the locker's ack)
    recipient_masked: str | None = None  # a phone typed at the locker, masked (`138****8000`): never stored in clear


def parcel_id_of(community_id: str, device_id: str, msg_id: str) -> str:
    """The parcel a deposit event makes: the same event (QoS 1 redelivers it) names the same parcel."""
    return "pc-" + hashlib.sha256(f"{community_id}|{device_id}|{msg_id}".encode()).hexdigest()[:20]


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(parcel_id: str, code: str) -> str:
    """HMAC-SHA256 keyed by the parcel id: what is stored, and what the locker checks a typed code against."""
    return hmac.new(parcel_id.encode(), code.encode(), hashlib.sha256).hexdigest()


def code_matches(parcel: Parcel, code: str) -> bool:
    return hmac.compare_digest(parcel.code_hash, code_hash(parcel.parcel_id, code))


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def beijing_day(at: datetime) -> str:
    return (at.astimezone(UTC) + BEIJING_OFFSET).date().isoformat()


def due_reminder(parcel: Parcel, now: datetime, limit_hours: int = DEFAULT_LIMIT_HOURS) -> bool:
    """A waiting parcel past the limit, not reminded today, reminded fewer than three times."""
    return (
        parcel.status == WAITING
        and now - parcel.stored_at >= timedelta(hours=limit_hours)
        and parcel.reminders < MAX_REMINDERS
        and parcel.last_reminded != beijing_day(now)
    )


def read(rule_output: dict[str, Any], now: datetime) -> LockerEvent | Refused:
    community, device = rule_output.get("communityId"), rule_output.get("thingName")
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
    if (
        not isinstance(doc, dict)
        or doc.get("event") not in (STORED, PICKED_UP)
        or not isinstance(doc.get("data"), dict)
    ):
        return Refused("NOT_A_PARCEL_EVENT", "not a parcel_stored or parcel_picked_up event", community, device)
    msg_id, data, event = doc.get("msgId"), doc["data"], str(doc["event"])
    if not isinstance(msg_id, str) or not _ID.match(msg_id):
        return Refused("INVALID_FIELD", "msgId must be 1..64 of A-Z a-z 0-9 _ -", community, device)
    compartment = data.get("compartment")
    if not isinstance(compartment, str) or not _CELL.match(compartment):
        return Refused("INVALID_FIELD", "compartment must be 1..16 of A-Z a-z 0-9 _ -", community, device)
    tracking = data.get("parcelId")
    if tracking is not None and (not isinstance(tracking, str) or not _TRACKING.match(tracking)):
        return Refused("INVALID_FIELD", "parcelId", community, device)
    house = size = method = phone = None
    if event == STORED:
        house, size, phone = data.get("houseId"), data.get("size"), data.get("recipientPhone")
        if phone is not None and (not isinstance(phone, str) or not _MOBILE.match(phone)):
            return Refused("INVALID_FIELD", "recipientPhone must be a mainland mobile number", community, device)
        if house is None and phone is None:
            return Refused("INVALID_FIELD", "houseId or recipientPhone names the recipient", community, device)
        if house is not None and (not isinstance(house, str) or not _ID.match(house)):
            return Refused("INVALID_FIELD", "houseId must name a house of the community", community, device)
        if size is not None and size not in SIZES:
            return Refused("INVALID_FIELD", "size", community, device)
    else:
        method = data.get("method")
        if method not in METHODS:
            return Refused("INVALID_FIELD", "method", community, device)
    return LockerEvent(
        community_id=community,
        device_id=device,
        msg_id=msg_id,
        event=event,
        compartment=compartment,
        tracking=tracking,
        house_id=house,
        size=size,
        method=method,
        at=now.astimezone(UTC),
        phone=phone,
    )
