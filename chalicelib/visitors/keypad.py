"""Keypad passcodes at gates (001 8.2.2.5): the code, one refusal, attempt limits, and what a keypad-only gate
checks offline. Pure Python: the counters and the alarm hand-off are ports.

The code is 10 digits, `{slot}{code}`:
- the slot (4 digits) names one live pass of the community: chosen at random when the pass is signed, unique among
  live passes (a conditional write, `repository.SlotLock`);
- the code (6 digits) changes every minute: HMAC-SHA256 under the pass's own passcode key over the minute's number,
  truncated as HOTP does (RFC 4226). The key is derived from the pass's signed token (`passcode_key`), so whoever
  holds the pass (the visitor's app) can show the code, and a gate that downloaded the key can check it offline.
  The minute before and after are accepted too (clocks, typing): 3 of the 10^6 codes are right at any moment.

Every wrong code gets the same refusal, `INVALID_PASSCODE`: an unknown slot, a wrong code and a slot whose own
budget is spent look alike, and cost the same reads. Two budgets of wrong codes, per fixed window:
- per gate: GATE_LIMIT.attempts per GATE_LIMIT.window_seconds; once spent, every passcode at that gate is refused
  `LOCKED_OUT` (before anything is checked, so the answer says nothing about the code) until the window ends;
- per pass (its slot, community-wide): SLOT_LIMIT.attempts per SLOT_LIMIT.window_seconds; once spent, that slot's
  codes are refused `INVALID_PASSCODE`, even the right one, until the window ends (the QR still works).
An attempt is taken from both budgets before the code is checked and given back when the code was right, so
concurrent guesses cannot overshoot a budget. The failure that spends a budget hands a `passcode_guessing` event of
the gate to the alarm evaluation (the alarm at the control centre).

The arithmetic. 10^4 slots x 10^6 codes = 10^10 codes; with L live passes valid at a gate, 3L of them are right at
any moment, so one random guess succeeds with p = 3L / 10^10. A gate takes at most 10 wrong codes per 15 minutes:
960 a day. Expected guesses to a first success 1/p = 3.3 x 10^9 / L: with L = 100 live passes, 3.3 x 10^7 guesses,
about 95 years at one gate (L = 1,000: about 9.5 years); the chance of any success in a day of guessing at one
gate is 960 p = 2.9 x 10^-5 (L = 100), and each 10 wrong codes raise an alarm. Someone who saw the first 4 digits
typed (the slot) gets 5 guesses per hour at that pass, 120 a day across every gate: p = 3 / 10^6 each, 3.6 x 10^-4
per day (about 1 in 2,800). Before: 8 digits, no limit, and `UNKNOWN_PASS` told a live slot from a free
one: a live slot in 10^4 / L guesses, then 3 codes of 10^4 right, about 3,300 guesses.

Offline (`OfflineKeypad`, what the gate's firmware does): the gate keeps the keypad list it downloads
(`GET /v1/gate/communities/{c}/keypad-passes`: slot, pass id, passcode key, window, entries, for passes valid at that
gate) and the revocation list; it checks codes with the keys, counts the same budgets itself (the slot's per gate),
keeps admissions for the offline upload and its guessing events to publish (`passcode_guessing`, MQTT) when it is
back. A pass signed after the gate's last download is not on its list: its code works offline only once the gate
has fetched the list again (its QR works at once).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol


class Gate(Protocol):
    """The gate a code was typed at (`model.GateRef`)."""

    @property
    def community_id(self) -> str: ...

    @property
    def device_id(self) -> str: ...

    @property
    def device_type(self) -> str: ...


SLOT_DIGITS, CODE_DIGITS = 4, 6
PASSCODE_DIGITS = SLOT_DIGITS + CODE_DIGITS
STEP_SECONDS = 60  # a code changes every minute
ACCEPTED_STEPS = (-1, 0, 1)  # the minute before and after are accepted too
INVALID, LOCKED_OUT = "INVALID_PASSCODE", "LOCKED_OUT"
GUESSING_EVENT = "passcode_guessing"  # a gate event in the catalogue (iot/device_types), raises an alarm
NO_PASS = "vp" + "0" * 16  # read in place of an unknown slot's pass: the same reads either way


# --- the code ------------------------------------------------------------------------------------------------------


def passcode_key(token: str) -> bytes:
    """The pass's own passcode key, derived from its signed token."""
    return hashlib.sha256(b"passcode|" + token.encode()).digest()


def key_text(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode()


def key_from_text(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def code_at(key: bytes, step: int) -> str:
    digest = hmac.new(key, struct.pack(">Q", step), "sha256").digest()
    offset = digest[-1] & 0x0F  # dynamic truncation, as in HOTP (RFC 4226)
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def current_code(key: bytes, now: float) -> tuple[str, int]:
    """The time-based half of the passcode now, and the seconds it stays current."""
    return code_at(key, int(now // STEP_SECONDS)), STEP_SECONDS - int(now % STEP_SECONDS)


def code_matches(key: bytes, code: str, now: float) -> bool:
    step = int(now // STEP_SECONDS)
    matches = [hmac.compare_digest(code_at(key, step + d), code) for d in ACCEPTED_STEPS]
    return any(matches)  # every step is computed: the time taken does not depend on which one matched


def split(passcode: str) -> tuple[str, str] | None:
    """(slot, code) of a typed passcode, or None when it is not 10 digits."""
    if len(passcode) != PASSCODE_DIGITS or not passcode.isascii() or not passcode.isdigit():
        return None
    return passcode[:SLOT_DIGITS], passcode[SLOT_DIGITS:]


# --- budgets of wrong codes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    scope: str  # gate | slot
    attempts: int  # wrong codes a window allows
    window_seconds: int

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        start = int(now.timestamp()) // self.window_seconds * self.window_seconds
        begins = datetime.fromtimestamp(start, UTC)
        return begins, begins + timedelta(seconds=self.window_seconds)


GATE_LIMIT = Limit("gate", 10, 15 * 60)
SLOT_LIMIT = Limit("slot", 5, 60 * 60)


class AttemptCounters(Protocol):
    def take(
        self, community_id: str, scope: str, subject: str, window: tuple[datetime, datetime], limit: int
    ) -> int | None:
        """Take one attempt of the window's budget: how many are taken now (this one included), or None when all
        `limit` were taken already."""
        ...

    def give_back(self, community_id: str, scope: str, subject: str, window: tuple[datetime, datetime]) -> None:
        """The attempt was a right code: it does not count."""
        ...


@dataclass(frozen=True)
class GuessingSeen:
    """A budget of wrong codes spent at a gate: what the alarm evaluation gets as the gate's event."""

    community_id: str
    gate: Gate
    scope: str
    subject: str
    failures: int
    window: tuple[datetime, datetime]

    @property
    def msg_id(self) -> str:
        """One event per budget and window (deliveries are deduplicated on it); the slot itself stays out."""
        subject = hashlib.sha256(self.subject.encode()).hexdigest()[:12]
        return f"keypad-{self.scope}-{subject}-{int(self.window[0].timestamp())}"

    def data(self) -> dict[str, Any]:
        """The event's data (its schema: `passcode_guessing` in iot/device_types)."""
        from chalicelib.kernel.clock import iso

        return {
            "scope": self.scope,
            "failures": self.failures,
            "windowSeconds": int((self.window[1] - self.window[0]).total_seconds()),
            "lockedUntil": iso(self.window[1]),
        }


class GuessingAlarms(Protocol):
    def guessing(self, seen: GuessingSeen) -> None:
        """Hand the gate's `passcode_guessing` event to the alarm evaluation (never raises: the lockout holds
        whether or not the alarm could be handed over)."""
        ...


@dataclass
class KeypadGuard:
    """The budgets, online: one attempt is taken from the gate's and the slot's budget before `right` checks the
    code, and given back when it was right."""

    counters: AttemptCounters
    alarms: GuessingAlarms

    def attempt(self, gate: Gate, slot: str, now: datetime, right: Callable[[], bool]) -> str | None:
        """None when the code is right; otherwise the refusal (LOCKED_OUT or INVALID_PASSCODE)."""
        community_id = gate.community_id
        gate_window = GATE_LIMIT.window(now)
        gate_taken = self.counters.take(community_id, "gate", gate.device_id, gate_window, GATE_LIMIT.attempts)
        if gate_taken is None:
            return LOCKED_OUT
        slot_window = SLOT_LIMIT.window(now)
        slot_taken = self.counters.take(community_id, "slot", slot, slot_window, SLOT_LIMIT.attempts)
        is_right = right()  # checked even when the slot's budget is spent: the same work either way
        if slot_taken is not None and is_right:
            self.counters.give_back(community_id, "gate", gate.device_id, gate_window)
            self.counters.give_back(community_id, "slot", slot, slot_window)
            return None
        if gate_taken == GATE_LIMIT.attempts:
            self.alarms.guessing(GuessingSeen(community_id, gate, "gate", gate.device_id, gate_taken, gate_window))
        if slot_taken == SLOT_LIMIT.attempts:
            self.alarms.guessing(GuessingSeen(community_id, gate, "slot", slot, slot_taken, slot_window))
        return INVALID


# --- offline ---------------------------------------------------------------------------------------------------


def _guessing_event(limit: Limit, failures: int, now: float) -> dict[str, Any]:
    """The `passcode_guessing` event an offline gate publishes when it is back (the envelope's msgId is its own)."""
    from chalicelib.kernel.clock import iso

    _, ends = limit.window(datetime.fromtimestamp(now, UTC))
    data = {"scope": limit.scope, "failures": failures, "windowSeconds": limit.window_seconds, "lockedUntil": iso(ends)}
    return {"event": GUESSING_EVENT, "ts": iso(datetime.fromtimestamp(now, UTC)), "data": data}


@dataclass(frozen=True)
class KeypadPass:
    slot: str
    pass_id: str
    key: bytes
    not_before: float  # unix seconds
    not_after: float
    entries: int
    entries_used: int


@dataclass(frozen=True)
class KeypadVerdict:
    ok: bool
    reason: str | None = None
    pass_id: str | None = None


@dataclass
class OfflineKeypad:
    """What a keypad gate does while it cannot reach the cloud (see the module's docstring)."""

    gate_id: str
    passes: dict[str, KeypadPass]  # by slot
    revoked: frozenset[str] = frozenset()
    used: dict[str, int] = field(default_factory=dict)
    failures: dict[tuple[str, str, int], int] = field(default_factory=dict)
    admitted: list[dict[str, Any]] = field(default_factory=list)
    guessing: list[dict[str, Any]] = field(default_factory=list)  # events to publish when back online

    @classmethod
    def from_published(cls, gate_id: str, keypad: dict[str, Any], revoked: list[str]) -> OfflineKeypad:
        """`keypad` is the answer of GET .../keypad-passes, `revoked` the revocation list of GET .../pass-keys."""
        passes = {
            p["slot"]: KeypadPass(
                p["slot"],
                p["passId"],
                key_from_text(p["passcodeKey"]),
                datetime.fromisoformat(p["notBefore"].replace("Z", "+00:00")).timestamp(),
                datetime.fromisoformat(p["notAfter"].replace("Z", "+00:00")).timestamp(),
                int(p["entries"]),
                int(p["entriesUsed"]),
            )
            for p in keypad["passes"]
        }
        return cls(gate_id, passes, frozenset(revoked))

    def _take(self, limit: Limit, subject: str, now: float) -> int | None:
        key = (limit.scope, subject, int(now) // limit.window_seconds)
        taken = self.failures.get(key, 0)
        if taken >= limit.attempts:
            return None
        self.failures[key] = taken + 1
        return taken + 1

    def _give_back(self, limit: Limit, subject: str, now: float) -> None:
        key = (limit.scope, subject, int(now) // limit.window_seconds)
        self.failures[key] -= 1

    def enter(self, passcode: str, now: float, direction: str = "in") -> KeypadVerdict:
        parts = split(passcode)
        if parts is None:
            return KeypadVerdict(False, INVALID)
        slot, code = parts
        gate_taken = self._take(GATE_LIMIT, self.gate_id, now)
        if gate_taken is None:
            return KeypadVerdict(False, LOCKED_OUT)
        slot_taken = self._take(SLOT_LIMIT, slot, now)
        found = self.passes.get(slot)
        right = code_matches(found.key if found else secrets.token_bytes(32), code, now) and found is not None
        if slot_taken is None or not right or found is None:
            for limit, taken in ((GATE_LIMIT, gate_taken), (SLOT_LIMIT, slot_taken)):
                if taken == limit.attempts:
                    self.guessing.append(_guessing_event(limit, taken, now))
            return KeypadVerdict(False, INVALID)
        self._give_back(GATE_LIMIT, self.gate_id, now)
        self._give_back(SLOT_LIMIT, slot, now)
        if found.pass_id in self.revoked:
            return KeypadVerdict(False, "REVOKED", found.pass_id)
        if now < found.not_before:
            return KeypadVerdict(False, "NOT_YET_VALID", found.pass_id)
        if direction == "in":
            if now >= found.not_after:
                return KeypadVerdict(False, "EXPIRED", found.pass_id)
            used = self.used.get(found.pass_id, found.entries_used)
            if used >= found.entries:
                return KeypadVerdict(False, "NO_ENTRIES_LEFT", found.pass_id)
            self.used[found.pass_id] = used + 1
        self.admitted.append(
            {"entryId": "oe" + secrets.token_hex(8), "passId": found.pass_id, "at": now, "direction": direction}
        )
        return KeypadVerdict(True, None, found.pass_id)
