"""The pure rules: reading a locker event (total: one answer whatever the bytes), the pick-up code, the reminder
rule (past the limit, once per Beijing day, at most three)."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.lockers.model import (
    WAITING,
    LockerEvent,
    Parcel,
    Refused,
    code_hash,
    code_matches,
    due_reminder,
    new_code,
    parcel_id_of,
    read,
)

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


def output(doc: Any) -> dict[str, Any]:
    raw = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    return {"communityId": "c-1", "thingName": "locker-1", "payload": base64.b64encode(raw).decode()}


def test_a_deposit_is_read() -> None:
    doc = {"msgId": "m1", "event": "parcel_stored", "data": {"compartment": "A1", "houseId": "h-1", "size": "S"}}
    event = read(output(doc), NOW)
    assert isinstance(event, LockerEvent)
    assert (event.house_id, event.compartment, event.size, event.method) == ("h-1", "A1", "S", None)


def test_bad_events_are_refused_with_a_reason() -> None:
    cases = [
        ({"payload": "x"}, "MALFORMED"),
        (output(b"\xff\xfe"), "MALFORMED"),
        (output({"msgId": "m1", "event": "forced_open", "data": {"compartment": "A1"}}), "NOT_A_PARCEL_EVENT"),
        (
            output({"msgId": 7, "event": "parcel_stored", "data": {"compartment": "A1", "houseId": "h"}}),
            "INVALID_FIELD",
        ),
        (output({"msgId": "m", "event": "parcel_stored", "data": {"compartment": 1, "houseId": "h"}}), "INVALID_FIELD"),
        (output({"msgId": "m", "event": "parcel_stored", "data": {"compartment": "A1"}}), "INVALID_FIELD"),
        (output({"msgId": "m", "event": "parcel_picked_up", "data": {"compartment": "A1"}}), "INVALID_FIELD"),
    ]
    for given, reason in cases:
        found = read(given, NOW)
        assert isinstance(found, Refused) and found.reason == reason, (given, found)


def test_codes_are_six_digits_and_only_their_hash_matches() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 150
    pid = parcel_id_of("c-1", "locker-1", "m1")
    assert pid == parcel_id_of("c-1", "locker-1", "m1") != parcel_id_of("c-1", "locker-1", "m2")
    parcel = _parcel(code_hash=code_hash(pid, "012345"), parcel_id=pid)
    assert code_matches(parcel, "012345") and not code_matches(parcel, "012346")


def _parcel(**changes: Any) -> Parcel:
    base = Parcel("pc-1", "c-1", "h-1", "locker-1", "A1", None, None, WAITING, NOW - timedelta(hours=49), "x")
    return replace(base, **changes)


def test_reminders_once_a_day_at_most_three() -> None:
    assert due_reminder(_parcel(), NOW)
    assert not due_reminder(_parcel(stored_at=NOW - timedelta(hours=47)), NOW)
    assert due_reminder(_parcel(stored_at=NOW - timedelta(hours=25)), NOW, limit_hours=24)
    assert not due_reminder(_parcel(last_reminded="2026-12-07", reminders=1), NOW)
    assert due_reminder(_parcel(last_reminded="2026-12-06", reminders=2), NOW)
    assert not due_reminder(_parcel(last_reminded="2026-12-06", reminders=3), NOW)
    assert not due_reminder(_parcel(status="collected"), NOW)
