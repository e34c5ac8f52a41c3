"""What ingestion records, and what the device views and the presence sweep read back: a device's time-series items
(keyed by kind and msgId) and its state item (presence), their keys, their retention, and the bounds on a device's
clock.

- Device clocks are bounded: a `ts` more than MAX_CLOCK_SKEW ahead of the receive time, or more than MAX_AGE
  behind it, is corrected to the receive time (the device's value is kept as `deviceTs`, the reason as
  `tsCorrected`); "latest" is ordered by receive time, so no device clock can freeze it.
- Retention (ARCHITECTURE.md, Data): TTL = receive time + the record's minimum retention. TTL is garbage
  collection only; nothing reads `expires_at` to decide access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from chalicelib.kernel.clock import iso

# Retention minimums (ARCHITECTURE.md; 001 6.2.1.4c, 002 7.2.2-5 and 8.1.2-4, 003 6.4.11, 6.5.12, 6.6.9, 4.4.1).
SIX_MONTHS_DAYS = 190  # alarm/access/visitor records and ops/network logs >= 6 months (> 184 days, any 6 months)
VEHICLE_DAYS = 366  # vehicle passages >= 180 days; 003 6.6.9 asks 365 days for vehicle event information
EMERGENCY_HELP_DAYS = 400  # emergency-help records > 1 year (003 B4.4.1)

# Device clocks: a small skew is normal; beyond these bounds the receive time is recorded instead.
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_AGE = timedelta(days=7)  # devices buffer readings while offline; older than this is a broken clock
CLOCK_AHEAD = "clock_ahead"
CLOCK_BEHIND = "clock_behind"

# The keys of a device's time series, shared by the ingestion (writes) and the device views (reads).
# One letter per message kind: the sort key's prefix (`{K}#{msgId}`) and the receive-order key's (`{K}#{rcv}#...`).
KIND_PREFIX = {"telemetry": "T", "events": "E", "heartbeat": "H", "commands/ack": "A"}
ORDERED_KINDS = ("telemetry", "events")
"""Kinds read by receive time (latest reading, last event, a meter's readings over days): only their items carry the
order key `rk`, so only they are copied to the local index `by_received` (a sparse index: an item without the
index's sort key is not written to it, and costs no second write unit). Heartbeats and command acks are read by no
one through it: presence has its own state item, a command's outcome its command item."""


def series_pk(community_id: str, device_id: str) -> str:
    return f"C#{community_id}#D#{device_id}"


@dataclass(frozen=True)
class DeviceFacts:
    community_id: str
    device_id: str
    device_type: str
    status: str


@dataclass(frozen=True)
class Presence:
    """The device's stored state item, as last read or written."""

    online: bool
    last_seen: datetime | None
    offline_since: datetime | None = None


@dataclass(frozen=True)
class DeviceView:
    facts: DeviceFacts
    presence: Presence | None  # None: no state item yet (first contact)


@dataclass
class SeriesEntry:
    """One time-series item. `refs` are the messages it stands for (duplicates share one entry)."""

    community_id: str
    device_id: str
    device_type: str
    kind: str  # telemetry | events | heartbeat | commands/ack
    msg_id: str
    ts: str  # the device's timestamp, normalised to UTC ISO-8601 with milliseconds
    received_at: datetime
    body: dict[str, Any]
    expires_at: datetime
    client_id: str = ""
    source: str = "mqtt"  # mqtt | presence
    refs: list[str] = field(default_factory=list)
    device_ts: str | None = None  # the device's own ts when it was out of bounds and replaced by the receive time
    ts_corrected: str | None = None  # why (CLOCK_AHEAD | CLOCK_BEHIND)

    @property
    def pk(self) -> str:
        return series_pk(self.community_id, self.device_id)

    @property
    def sk(self) -> str:
        """Identity: kind + msgId alone, so a repeated msgId (whatever its ts) is the same item."""
        return f"{KIND_PREFIX[self.kind]}#{self.msg_id}"

    @property
    def order_key(self) -> str:
        """Order of "latest" and of the series: the receive time (a device clock cannot move it), then the bounded
        device ts for messages received in the same millisecond."""
        return f"{KIND_PREFIX[self.kind]}#{iso(self.received_at)}#{self.ts}#{self.msg_id}"


@dataclass(frozen=True)
class StateEntry:
    community_id: str
    device_id: str
    device_type: str
    presence: Presence
    first_contact: bool
    refs: tuple[str, ...]


def retention_days(device_type: str, kind: str) -> int:
    if device_type == "emergency_button":
        return EMERGENCY_HELP_DAYS
    if device_type == "barrier_gate":
        return VEHICLE_DAYS
    return SIX_MONTHS_DAYS


def expiry(device_type: str, kind: str, received_at: datetime) -> datetime:
    return received_at + timedelta(days=retention_days(device_type, kind))


def bounded_ts(device_ts: datetime, received_at: datetime) -> tuple[datetime, str | None]:
    """(the ts to record, why it was corrected or None): a device clock may be off by MAX_CLOCK_SKEW at most."""
    if device_ts - received_at > MAX_CLOCK_SKEW:
        return received_at, CLOCK_AHEAD
    if received_at - device_ts > MAX_AGE:
        return received_at, CLOCK_BEHIND
    return device_ts, None


def presence_update(presence: Presence | None, seen_at: datetime, offline_after_seconds: int) -> tuple[bool, bool]:
    """(write the state item?, did the device come back online?) for a device seen at `seen_at`."""
    if presence is None:
        return True, False
    if not presence.online:
        return True, True
    if presence.last_seen is None:
        return True, False
    return seen_at - presence.last_seen > timedelta(seconds=offline_after_seconds / 3), False


# Personal data a device may carry in an event (a phone number typed at a parcel locker) is never recorded as typed:
# before the time-series write it is replaced by the keyed blind index the registry keeps for the same kind (so the
# recipient can be found by equality, never read back) and a masked form people may see (`138****8000`).
PII_EVENT_FIELDS: dict[tuple[str, str], dict[str, str]] = {
    ("parcel_locker", "parcel_stored"): {"recipientPhone": "phone"}
}


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def redacted(device_type: str, kind: str, body: dict[str, Any], index: Any) -> dict[str, Any]:
    """`body` with its personal fields replaced (`index(kind, value)`: the keyed blind index; None: dropped, only the
    masked form kept); the same body when the type and event carry none."""
    fields = PII_EVENT_FIELDS.get((device_type, str(body.get("event")))) if kind == "events" else None
    data = body.get("data")
    if not fields or not isinstance(data, dict) or not fields.keys() & data.keys():
        return body
    clean = dict(data)
    for name, pii_kind in fields.items():
        value = clean.pop(name, None)
        if isinstance(value, str):
            if index is not None:
                clean[f"{name}Index"] = index(pii_kind, value)
            clean[f"{name}Masked"] = mask_phone(value) if pii_kind == "phone" else "****"
    return {**body, "data": clean}
