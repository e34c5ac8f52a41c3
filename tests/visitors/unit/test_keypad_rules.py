"""Keypad passcode rules without AWS: the budgets per fixed window (a new window restores them,
right codes are given back, one alarm per spent budget), the offline keypad a gate runs, and the arithmetic the
module states, recomputed from its constants."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.visitors import keypad
from chalicelib.visitors.keypad import GATE_LIMIT, INVALID, LOCKED_OUT, SLOT_LIMIT, KeypadGuard, OfflineKeypad
from tests.fakes.keypad import Alarms, MemoryCounters


@dataclass(frozen=True)
class FakeGate:
    community_id: str = "c-1"
    device_id: str = "door-1"
    device_type: str = "door_controller"


T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def test_windows_are_fixed_and_aligned() -> None:
    assert GATE_LIMIT.window(T0 + timedelta(minutes=14, seconds=59)) == (T0, T0 + timedelta(minutes=15))
    assert GATE_LIMIT.window(T0 + timedelta(minutes=15))[0] == T0 + timedelta(minutes=15)
    assert SLOT_LIMIT.window(T0 + timedelta(minutes=59)) == (T0, T0 + timedelta(hours=1))


def test_the_gate_budget_locks_until_the_window_ends_and_right_codes_are_given_back() -> None:
    alarms = Alarms()
    guard = KeypadGuard(MemoryCounters(), alarms)
    gate = FakeGate()
    for i in range(GATE_LIMIT.attempts - 1):
        assert guard.attempt(gate, f"{i:04d}", T0, lambda: False) == INVALID
    for _ in range(20):
        assert guard.attempt(gate, "9999", T0, lambda: True) is None
    assert alarms.seen == []
    assert guard.attempt(gate, "0100", T0, lambda: False) == INVALID
    assert [s.scope for s in alarms.seen] == ["gate"]
    checked: list[bool] = []
    assert guard.attempt(gate, "9999", T0 + timedelta(minutes=14), lambda: checked.append(True) or True) == LOCKED_OUT
    assert checked == []  # locked: the code is not even looked at
    assert guard.attempt(FakeGate(device_id="door-2"), "9999", T0, lambda: True) is None
    assert guard.attempt(gate, "9999", T0 + timedelta(minutes=15), lambda: True) is None  # a new window
    assert len(alarms.seen) == 1
    seen = alarms.seen[0]
    assert seen.data() == {
        "scope": "gate",
        "failures": 10,
        "windowSeconds": 900,
        "lockedUntil": "2026-05-01T08:15:00.000Z",
    }


def test_the_slot_budget_refuses_even_the_right_code_with_the_one_refusal() -> None:
    alarms = Alarms()
    guard = KeypadGuard(MemoryCounters(), alarms)
    gates = [FakeGate(device_id=f"door-{i}") for i in range(SLOT_LIMIT.attempts + 1)]
    for gate in gates[: SLOT_LIMIT.attempts]:
        assert guard.attempt(gate, "4321", T0, lambda: False) == INVALID
    assert guard.attempt(gates[-1], "4321", T0, lambda: True) == INVALID
    assert guard.attempt(gates[-1], "1234", T0, lambda: True) is None
    assert [(s.scope, s.gate.device_id) for s in alarms.seen] == [("slot", "door-4")]
    assert "4321" not in alarms.seen[0].msg_id
    assert guard.attempt(gates[-1], "4321", T0 + timedelta(hours=1), lambda: True) is None


def keypad_list(token: str, slot: str, starts: datetime, ends: datetime, entries: int = 2) -> dict[str, Any]:
    return {
        "passes": [
            {
                "slot": slot,
                "passId": "vp" + "1" * 16,
                "passcodeKey": keypad.key_text(keypad.passcode_key(token)),
                "notBefore": starts.isoformat(),
                "notAfter": ends.isoformat(),
                "entries": entries,
                "entriesUsed": 0,
            }
        ]
    }


def test_an_offline_keypad_applies_the_same_refusal_and_budgets() -> None:
    from iot import catalogue

    token = secrets.token_urlsafe(40)
    now = T0.timestamp()
    offline = OfflineKeypad.from_published("door-1", keypad_list(token, "0042", T0, T0 + timedelta(hours=2)), [])
    code = "0042" + keypad.current_code(keypad.passcode_key(token), now)[0]
    wrong = "0042" + f"{(int(code[4:]) + 500_000) % 10**6:06d}"
    assert offline.enter("0043" + code[4:], now).reason == INVALID
    assert offline.enter(wrong, now).reason == INVALID
    assert offline.enter("12345", now).reason == INVALID
    assert offline.enter(code, now).ok and offline.enter(code, now).ok
    assert offline.enter(code, now).reason == "NO_ENTRIES_LEFT"
    assert offline.enter(code, now, direction="out").ok  # leaving is let through
    assert [a["direction"] for a in offline.admitted] == ["in", "in", "out"]
    for _ in range(SLOT_LIMIT.attempts - 1):
        assert offline.enter(wrong, now).reason == INVALID
    assert offline.enter(code, now, direction="out").reason == INVALID  # the slot's budget is spent
    for i in range(GATE_LIMIT.attempts):
        offline.enter(f"{i + 100:04d}000000", now)
    assert offline.enter(code, now).reason == LOCKED_OUT
    assert offline.enter(code, now + GATE_LIMIT.window_seconds).reason != LOCKED_OUT  # the next window
    assert [e["data"]["scope"] for e in offline.guessing] == ["slot", "gate"]
    for event in offline.guessing:  # what the gate publishes when it is back passes the catalogue's validation
        catalogue.validate_message("door_controller", "events", {"msgId": "m-" + secrets.token_hex(4), **event})


def test_an_offline_keypad_keeps_the_window_revocation_and_start() -> None:
    token = secrets.token_urlsafe(40)
    start, end = T0 + timedelta(hours=1), T0 + timedelta(hours=2)
    offline = OfflineKeypad.from_published("door-1", keypad_list(token, "0007", start, end), ["vp" + "1" * 16])
    key = keypad.passcode_key(token)
    at = start.timestamp() + 10
    assert offline.enter("0007" + keypad.current_code(key, at)[0], at).reason == "REVOKED"
    offline = OfflineKeypad.from_published("door-1", keypad_list(token, "0007", start, end), [])
    before, after = T0.timestamp(), end.timestamp() + 1
    assert offline.enter("0007" + keypad.current_code(key, before)[0], before).reason == "NOT_YET_VALID"
    assert offline.enter("0007" + keypad.current_code(key, after)[0], after).reason == "EXPIRED"


def test_the_stated_arithmetic() -> None:
    """The figures of keypad.py's docstring, from the constants: the code space, the gate's daily ceiling, the
    expected guesses and years to a first success, and the known-slot odds."""
    codes = 10**keypad.SLOT_DIGITS * 10**keypad.CODE_DIGITS
    right_per_pass = len(keypad.ACCEPTED_STEPS)
    per_day = GATE_LIMIT.attempts * (24 * 3600 // GATE_LIMIT.window_seconds)
    assert (codes, right_per_pass, per_day) == (10**10, 3, 960)
    for live, years in ((100, 95), (1_000, 9.5)):
        p = right_per_pass * live / codes
        assert round(1 / p / per_day / 365, 1 if years < 10 else 0) == years
    assert round(per_day * right_per_pass * 100 / codes, 6) == 2.9e-05
    slot_per_day = SLOT_LIMIT.attempts * (24 * 3600 // SLOT_LIMIT.window_seconds)
    known_slot = slot_per_day * right_per_pass / 10**keypad.CODE_DIGITS
    assert (slot_per_day, round(known_slot, 5), round(1 / known_slot, -2)) == (120, 0.00036, 2800)
