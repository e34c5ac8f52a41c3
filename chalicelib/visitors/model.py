"""Visitor passes and entry records: the entities, their states and limits, and the ports the pass use cases work
with (`service.py` issues and decides passes, `admission.py` admits at gates, `keyring.py` signs).

A pass moves invite or walk-in -> (approval) -> active -> arrived -> used / expired / revoked / rejected; an entry
record is one passage through a gate. Pure Python: the table, the workflow and the registry are ports.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import chalicelib.visitors.passes as passes
from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.errors import InvalidInput, Unauthenticated

if TYPE_CHECKING:
    from chalicelib.visitors.keypad import KeypadGuard

PENDING, ACTIVE, ARRIVED, USED, EXPIRED, REVOKED, REJECTED = (
    "pending",
    "active",
    "arrived",
    "used",
    "expired",
    "revoked",
    "rejected",
)
FINAL = frozenset({USED, EXPIRED, REVOKED, REJECTED})
ADMITTING = frozenset({ACTIVE, ARRIVED})
INVITATION, WALK_IN = "invitation", "walk_in"
METHODS = ("qr", "passcode", "card", "face", "app", "plate")
DIRECTIONS = ("in", "out")
GATE_TYPES = frozenset({"door_controller", "barrier_gate"})
# Hard cap on a pass window: a superseded signing key stays published this long, so every pass it signed can
# still be verified until it expires (see keyring.PublishingKeyring).
MAX_WINDOW_HOURS = 30 * 24
PAST_GRACE = timedelta(minutes=5)  # a window may start a moment ago (clock skew between phone and cloud)
# The signed pass token (passes.py) carries its window as unsigned 32-bit Unix seconds: nothing after this second
# (2106-02-07T06:28:15Z) fits. A window is refused beyond it (the API's own bound, 2100, comes first).
TOKEN_LAST_SECOND = 2**32 - 1


class PassStoreBusy(Exception):
    """A conditional write lost a race; the workflow retries this by name."""


class WindowNotOver(Exception):
    """The expiry task ran before the window's end (a Wait rounds to whole seconds, clocks differ); retried by name."""


@dataclass(frozen=True)
class VisitorPolicy:
    community_id: str
    approval_required: bool = False
    max_window_hours: int = 24
    max_entries: int = 5
    free_parking_minutes: int = 120
    approval_timeout_seconds: int = 3600
    version: int | None = None

    def validate(self) -> VisitorPolicy:
        problems = []
        if not 1 <= self.max_window_hours <= MAX_WINDOW_HOURS:
            problems.append(("maxWindowHours", f"1..{MAX_WINDOW_HOURS}"))
        if not 1 <= self.max_entries <= passes.MAX_ENTRIES:
            problems.append(("maxEntries", f"1..{passes.MAX_ENTRIES}"))
        if not 0 <= self.free_parking_minutes <= 24 * 60:
            problems.append(("freeParkingMinutes", "0..1440"))
        if not 1 <= self.approval_timeout_seconds <= 7 * 24 * 3600:
            problems.append(("approvalTimeoutSeconds", "1..604800"))
        if problems:
            raise InvalidInput(
                "visitor policy out of range",
                code="VALIDATION_FAILED",
                details=[{"field": f, "code": "range", "message": m} for f, m in problems],
            )
        return self


@dataclass(frozen=True)
class Visitor:
    name: str
    phone_sealed: str
    phone_index: str
    phone_masked: str
    reason: str
    car_plate: str | None = None
    id_checked: bool = False  # walk-in: the guard checked an identity document
    id_type: str | None = None
    id_sealed: str | None = None
    id_masked: str | None = None


@dataclass(frozen=True)
class VisitorPass:
    pass_id: str
    community_id: str
    house_id: str
    visitor: Visitor
    starts_at: datetime
    ends_at: datetime
    entries: int
    gates: tuple[str, ...]
    source: str  # invitation | walk_in
    created_by: str
    created_at: datetime
    status: str = PENDING
    host_account: str | None = None  # the inviting resident, or None for a walk-in until the host confirms
    approver: str = "none"  # none | manager | host
    entries_used: int = 0
    token: str | None = None
    kid: str | None = None
    task_token: str | None = None
    execution_arn: str | None = None
    decided_by: str | None = None
    reason: str | None = None
    updated_at: datetime | None = None
    history: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    passcode_slot: str | None = None  # 4 digits: the keypad passcode's first half, unique among live passes

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def moved_to(self, status: str, now: datetime, **changes: Any) -> VisitorPass:
        return replace(self, status=status, updated_at=now, history=(*self.history, (status, iso(now))), **changes)

    def claims(self) -> passes.PassClaims:
        return passes.PassClaims(
            self.pass_id,
            self.community_id,
            int(self.starts_at.timestamp()),
            int(self.ends_at.timestamp()),
            self.entries,
            self.gates,
        )

    def workflow_input(self, approval_timeout_seconds: int) -> dict[str, Any]:
        return {
            "communityId": self.community_id,
            "passId": self.pass_id,
            "approvalRequired": self.status == PENDING,
            "approvalTimeoutSeconds": approval_timeout_seconds,
            "endsAt": iso(self.ends_at),
        }


@dataclass(frozen=True)
class EntryRecord:
    """One passage through a gate (001 8.2.2.5, 004 6.1.1 c): who or which pass, how, where, which way, when."""

    entry_id: str
    community_id: str
    gate_id: str
    direction: str
    method: str
    subject_kind: str  # visitor | resident | staff
    subject_id: str  # pass id or person id
    house_id: str | None
    at: datetime
    offline: bool = False
    flag: str | None = None  # double_use: found on offline upload
    car_plate: str | None = None
    free_parking_until: datetime | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class GateRef:
    community_id: str
    device_id: str
    device_type: str
    status: str
    building: str | None
    certificate_id: str | None = None  # the device's active certificate, as the ledger names it


def check_session(gate: GateRef, certificate: str) -> None:
    """A gate's session stays valid only while the certificate it signed in with is the device's active one:
    revoking or rotating it (or retiring the device, which revokes it) ends the session at its next request."""
    if not certificate or gate.certificate_id != certificate:
        raise Unauthenticated(
            "the gate's session has ended (its certificate was revoked or replaced): sign in again",
            code="GATE_SESSION_ENDED",
        )


@dataclass(frozen=True)
class HouseRef:
    community_id: str
    house_id: str
    building_id: str | None
    floor: int | None


@dataclass(frozen=True)
class Decision:
    """A gate's answer."""

    admitted: bool
    reason: str | None
    pass_id: str | None = None
    entry_id: str | None = None
    entries_left: int | None = None
    status: str | None = None
    visitor_name: str | None = None
    car_plate: str | None = None
    free_parking_until: datetime | None = None


class PassRepository(Protocol):
    def add(self, visitor_pass: VisitorPass) -> None: ...

    def get(self, community_id: str, pass_id: str) -> VisitorPass | None: ...

    def replace(self, visitor_pass: VisitorPass, expected_status: str) -> bool:
        """Write only if the stored status is still `expected_status`; False when it is not."""
        ...

    def admit(self, updated: VisitorPass, previous: VisitorPass, entry: EntryRecord) -> str:
        """One transaction: the pass moves from `previous` (status and entries used unchanged meanwhile) to `updated`
        and `entry` is recorded. Returns `admitted`, `raced` (the pass changed meanwhile) or `duplicate` (the entry
        id exists: a retried upload)."""
        ...

    def revoked_ids(self, community_id: str, now: datetime) -> list[str]: ...

    def claim_slot(self, community_id: str, slot: str, pass_id: str, until: datetime, now: datetime) -> bool:
        """Take a passcode slot for `pass_id` until `until`, unless another pass holds it past `now`."""
        ...

    def slot_owner(self, community_id: str, slot: str, now: datetime) -> str | None: ...

    def by_plate(self, community_id: str, plate: str, now: datetime) -> list[VisitorPass]: ...

    def keypad_passes(self, community_id: str, now: datetime) -> list[VisitorPass]:
        """Admitting passes with a keypad passcode whose window is not over (the list keypad gates download)."""
        ...


class EntryLog(Protocol):
    def record(self, entry: EntryRecord) -> bool:
        """Record an entry not tied to a pass transition; False when its id exists (a retry)."""
        ...


class PolicyStore(Protocol):
    def get(self, community_id: str) -> VisitorPolicy: ...

    def put(self, policy: VisitorPolicy) -> VisitorPolicy: ...


class Keyring(Protocol):
    def signer(self, community_id: str) -> tuple[str, Any]:
        """(key id, Ed25519 private key) to sign with now; publishes its public key first."""
        ...

    def published(self, community_id: str, fresh: bool = False) -> dict[str, str]:
        """key id -> public key (base64url) of every key a gate must accept now."""
        ...


class HouseDirectory(Protocol):
    def relation_of(self, account_id: str, community_id: str, house_id: str) -> str | None: ...

    def house(self, community_id: str, house_id: str) -> HouseRef | None: ...


class GateDirectory(Protocol):
    def find(self, community_id: str, device_id: str) -> GateRef | None: ...


class HostNotices(Protocol):
    def visitor_waiting(self, visitor_pass: VisitorPass) -> None:
        """Tell the host household that a visitor registered at the gate waits for their answer (never raises)."""
        ...


class PassWorkflows(Protocol):
    def pass_execution_arn(self, pass_id: str) -> str:
        """The ARN the pass's execution will have (executions are named after their pass)."""
        ...

    def start_pass(self, visitor_pass: VisitorPass, approval_timeout_seconds: int) -> str: ...

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None: ...

    def task_failed(self, token: str, error: str, cause: str) -> None: ...


class PersonalData(Protocol):
    def seal_phone(self, phone: str) -> tuple[str, str, str]: ...

    def valid_mobile(self, phone: str) -> bool: ...


def new_pass_id() -> str:
    return "vp" + secrets.token_hex(8)


def new_entry_id() -> str:
    return "en" + secrets.token_hex(8)


def invalid_input(field_name: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="VALIDATION_FAILED", details=[{"field": field_name, "code": code, "message": message}]
    )


def check_window(policy: VisitorPolicy, starts_at: datetime, ends_at: datetime, entries: int, now: datetime) -> None:
    if ends_at <= starts_at:
        raise invalid_input("endsAt", "window_reversed", "endsAt must be after startsAt")
    if ends_at.timestamp() > TOKEN_LAST_SECOND:
        raise invalid_input("endsAt", "out_of_range", "a pass ends by 2106-02-07T06:28:15Z (its token's limit)")
    if starts_at < now - PAST_GRACE:
        raise invalid_input("startsAt", "in_past", "the visit window cannot start in the past")
    if ends_at - starts_at > timedelta(hours=policy.max_window_hours):
        raise invalid_input(
            "endsAt", "window_too_long", f"the community allows at most {policy.max_window_hours} hours"
        )
    if not 1 <= entries <= policy.max_entries:
        raise invalid_input("entries", "range", f"the community allows 1..{policy.max_entries} entries")


@dataclass
class PassPorts:
    """What every pass use case works with: the ports above and the clock (the base of `VisitorPassService`)."""

    repo: PassRepository
    entries_log: EntryLog
    policies: PolicyStore
    keyring: Keyring
    houses: HouseDirectory
    gates: GateDirectory
    workflows: PassWorkflows
    personal: PersonalData
    keypad: KeypadGuard  # the budgets of wrong keypad passcodes (keypad.py)
    now: Callable[[], datetime] = utcnow
    host_notices: HostNotices | None = None  # a walk-in's host household is told (WeChat) that someone waits
