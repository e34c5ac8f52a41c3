"""Visitor passes: invite or walk-in -> (approval) -> active -> arrived -> used / expired / revoked / rejected.

`stepfunctions/visitor_pass.asl.json` drives waiting for approval (a manager, or the host for a walk-in) and the end
of the window; this module holds the rules. Every transition is a conditional write on the stored status, so a
retried task, a second approval or a late timeout changes nothing the second time. Admission at a gate is a
conditional write on the entries used: twenty gates scanning one single-use pass admit exactly one visitor.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound, UpstreamUnavailable
from chalicelib.visitors import passes

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
# still be verified until it expires (see store.visitors.DynamoPassKeyring).
MAX_WINDOW_HOURS = 30 * 24
PAST_GRACE = timedelta(minutes=5)  # a window may start a moment ago (clock skew between phone and cloud)


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


class PassWorkflows(Protocol):
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


def _bad(field_name: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="VALIDATION_FAILED", details=[{"field": field_name, "code": code, "message": message}]
    )


def check_window(policy: VisitorPolicy, starts_at: datetime, ends_at: datetime, entries: int, now: datetime) -> None:
    if ends_at <= starts_at:
        raise _bad("endsAt", "window_reversed", "endsAt must be after startsAt")
    if starts_at < now - PAST_GRACE:
        raise _bad("startsAt", "in_past", "the visit window cannot start in the past")
    if ends_at - starts_at > timedelta(hours=policy.max_window_hours):
        raise _bad("endsAt", "window_too_long", f"the community allows at most {policy.max_window_hours} hours")
    if not 1 <= entries <= policy.max_entries:
        raise _bad("entries", "range", f"the community allows 1..{policy.max_entries} entries")


@dataclass
class VisitorPassService:
    repo: PassRepository
    entries_log: EntryLog
    policies: PolicyStore
    keyring: Keyring
    houses: HouseDirectory
    gates: GateDirectory
    workflows: PassWorkflows
    personal: PersonalData
    now: Any = utcnow

    # -- issuing ------------------------------------------------------------------------------------------------

    def invite(
        self,
        account_id: str,
        community_id: str,
        house_id: str,
        *,
        name: str,
        phone: str,
        reason: str,
        starts_at: datetime,
        ends_at: datetime,
        entries: int,
        gates: tuple[str, ...] = (),
        car_plate: str | None = None,
    ) -> VisitorPass:
        if self.houses.relation_of(account_id, community_id, house_id) is None:
            # The token may be stale (moved out since): the registry has the last word.
            raise Forbidden("you are not a current member of this house", code="HOUSEHOLD_FORBIDDEN")
        visitor = self._visitor(name, phone, reason, car_plate)
        return self._issue(
            community_id, house_id, visitor, starts_at, ends_at, entries, gates, INVITATION, account_id, account_id
        )

    def walk_in(
        self,
        guard_id: str,
        community_id: str,
        house_id: str,
        *,
        name: str,
        phone: str,
        reason: str,
        id_type: str,
        id_sealed: str,
        id_masked: str,
        hours: int,
        gates: tuple[str, ...] = (),
        car_plate: str | None = None,
    ) -> VisitorPass:
        """A guard registers a visitor at the gate after checking an identity document; the host confirms."""
        if self.houses.house(community_id, house_id) is None:
            raise NotFound(f"house {house_id} not found", code="HOUSE_NOT_FOUND")
        visitor = replace(
            self._visitor(name, phone, reason, car_plate),
            id_checked=True,
            id_type=id_type,
            id_sealed=id_sealed,
            id_masked=id_masked,
        )
        now = self.now()
        return self._issue(
            community_id, house_id, visitor, now, now + timedelta(hours=hours), 1, gates, WALK_IN, guard_id, None
        )

    def _visitor(self, name: str, phone: str, reason: str, car_plate: str | None) -> Visitor:
        if not self.personal.valid_mobile(phone):
            raise _bad("phone", "invalid_mobile", "not a mainland mobile number")
        sealed, index, masked = self.personal.seal_phone(phone)
        return Visitor(
            name=name, phone_sealed=sealed, phone_index=index, phone_masked=masked, reason=reason, car_plate=car_plate
        )

    def _issue(
        self,
        community_id: str,
        house_id: str,
        visitor: Visitor,
        starts_at: datetime,
        ends_at: datetime,
        entries: int,
        gates: tuple[str, ...],
        source: str,
        created_by: str,
        host: str | None,
    ) -> VisitorPass:
        now = self.now()
        policy = self.policies.get(community_id)
        check_window(policy, starts_at, ends_at, entries, now)
        self._check_gates(community_id, gates)
        approver = "host" if source == WALK_IN else "manager" if policy.approval_required else "none"
        visitor_pass = VisitorPass(
            pass_id=new_pass_id(),
            community_id=community_id,
            house_id=house_id,
            visitor=visitor,
            starts_at=starts_at.replace(microsecond=0),
            ends_at=ends_at.replace(microsecond=0),
            entries=entries,
            gates=tuple(dict.fromkeys(gates)),
            source=source,
            created_by=created_by,
            created_at=now,
            host_account=host,
            approver=approver,
        )
        visitor_pass = (
            visitor_pass.moved_to(PENDING, now)
            if approver != "none"
            else self._signed(visitor_pass.moved_to(ACTIVE, now))
        )
        self.repo.add(visitor_pass)
        try:
            arn = self.workflows.start_pass(visitor_pass, policy.approval_timeout_seconds)
        except Exception as exc:
            # Nothing half-done: a pass whose workflow never started could not expire or be approved.
            self.repo.replace(
                visitor_pass.moved_to(REJECTED, self.now(), reason="workflow_unavailable"), visitor_pass.status
            )
            raise UpstreamUnavailable("could not start the pass workflow", code="WORKFLOW_UNAVAILABLE") from exc
        stored = self.repo.get(community_id, visitor_pass.pass_id) or visitor_pass
        updated = replace(stored, execution_arn=arn)
        self.repo.replace(updated, stored.status)
        return updated

    def _check_gates(self, community_id: str, gates: tuple[str, ...]) -> None:
        if len(gates) > passes.MAX_GATES:
            raise _bad("gates", "too_many", f"at most {passes.MAX_GATES} gates")
        for i, gate_id in enumerate(gates):
            gate = self.gates.find(community_id, gate_id)
            if gate is None or gate.device_type not in GATE_TYPES:
                raise _bad(f"gates.{i}", "unknown_gate", f"{gate_id} is not a gate of this community")

    def _signed(self, visitor_pass: VisitorPass) -> VisitorPass:
        kid, key = self.keyring.signer(visitor_pass.community_id)
        signed = replace(visitor_pass, token=passes.sign(visitor_pass.claims(), key, kid), kid=kid)
        now = self.now()
        for _attempt in range(20):  # 10,000 slots; a community has far fewer live passes
            slot = f"{secrets.randbelow(10_000):04d}"
            if self.repo.claim_slot(signed.community_id, slot, signed.pass_id, signed.ends_at, now):
                return replace(signed, passcode_slot=slot)
        return signed  # no keypad passcode (the QR still works)

    # -- approval, revocation, workflow tasks -------------------------------------------------------------------

    def decide(
        self, community_id: str, pass_id: str, approve: bool, by: str, *, as_host: str | None = None
    ) -> VisitorPass:
        """A manager's (or, for a walk-in, the host's) decision. A second decision is refused with 409."""
        visitor_pass = self.get(community_id, pass_id)
        if as_host is not None:
            if visitor_pass.approver != "host":
                raise Conflict("this pass is not waiting for its host", code="NOT_AWAITING_HOST")
            if self.houses.relation_of(as_host, community_id, visitor_pass.house_id) is None:
                raise Forbidden("you are not a current member of this house", code="HOUSEHOLD_FORBIDDEN")
        elif visitor_pass.approver != "manager":
            raise Conflict("this pass does not wait for a manager", code="NOT_AWAITING_APPROVAL")
        if visitor_pass.status != PENDING:
            raise Conflict(f"the pass is {visitor_pass.status}", code="PASS_NOT_PENDING")
        now = self.now()
        if approve:
            decided = self._signed(
                visitor_pass.moved_to(ACTIVE, now, decided_by=by, host_account=visitor_pass.host_account or as_host)
            )
        else:
            decided = visitor_pass.moved_to(REJECTED, now, decided_by=by, reason="declined")
        if not self.repo.replace(decided, PENDING):
            raise Conflict("the pass changed meanwhile", code="PASS_NOT_PENDING")
        if visitor_pass.task_token:
            self._complete(visitor_pass.task_token, approve)
        return decided

    def _complete(self, task_token: str, approved: bool) -> None:
        if approved:
            self.workflows.task_succeeded(task_token, {"decision": "approved"})
        else:
            self.workflows.task_failed(task_token, "PassRejected", "declined")

    def await_decision(self, community_id: str, pass_id: str, task_token: str) -> VisitorPass:
        """Workflow task: keep the task token; if the decision came first, complete the task at once."""
        visitor_pass = self.get(community_id, pass_id)
        if visitor_pass.status != PENDING:
            self._complete(task_token, visitor_pass.status in ADMITTING | {USED})
            return visitor_pass
        waiting = replace(visitor_pass, task_token=task_token)
        if not self.repo.replace(waiting, PENDING):
            raise PassStoreBusy(pass_id)  # decided meanwhile: the retry sees it and completes the task
        return waiting

    def approval_timed_out(self, community_id: str, pass_id: str) -> VisitorPass:
        visitor_pass = self.get(community_id, pass_id)
        if visitor_pass.status != PENDING:
            return visitor_pass
        rejected = visitor_pass.moved_to(REJECTED, self.now(), reason="approval_timeout", task_token=None)
        if not self.repo.replace(rejected, PENDING):
            raise PassStoreBusy(pass_id)
        return rejected

    def window_over(self, community_id: str, pass_id: str) -> VisitorPass:
        visitor_pass = self.get(community_id, pass_id)
        if visitor_pass.final:
            return visitor_pass
        if self.now() < visitor_pass.ends_at:
            raise WindowNotOver(f"{pass_id} ends at {iso(visitor_pass.ends_at)}")
        expired = visitor_pass.moved_to(EXPIRED, self.now(), task_token=None)
        if not self.repo.replace(expired, visitor_pass.status):
            raise PassStoreBusy(pass_id)
        return expired

    def revoke(self, community_id: str, pass_id: str, by: str, *, house_id: str | None = None) -> VisitorPass:
        visitor_pass = self.get(community_id, pass_id)
        if house_id is not None and visitor_pass.house_id != house_id:
            raise NotFound(f"pass {pass_id} not found", code="PASS_NOT_FOUND")
        if visitor_pass.status == REVOKED:
            return visitor_pass  # a retried revoke changes nothing
        if visitor_pass.final:
            raise Conflict(f"the pass is already {visitor_pass.status}", code="PASS_FINAL")
        revoked = visitor_pass.moved_to(REVOKED, self.now(), decided_by=by, reason="revoked")
        if not self.repo.replace(revoked, visitor_pass.status):
            raise Conflict("the pass changed meanwhile, try again", code="PASS_CHANGED")
        if visitor_pass.status == PENDING and visitor_pass.task_token:
            self.workflows.task_failed(visitor_pass.task_token, "PassRejected", "revoked")
        return revoked

    def get(self, community_id: str, pass_id: str) -> VisitorPass:
        visitor_pass = self.repo.get(community_id, pass_id)
        if visitor_pass is None:
            raise NotFound(f"pass {pass_id} not found", code="PASS_NOT_FOUND")
        return visitor_pass

    # -- gates --------------------------------------------------------------------------------------------------

    def published_keys(self, community_id: str) -> dict[str, Any]:
        self.keyring.signer(community_id)  # the current generation is published before gates need it
        now = self.now()
        return {
            "communityId": community_id,
            "keys": [
                {"kid": k, "alg": "Ed25519", "publicKey": v}
                for k, v in sorted(self.keyring.published(community_id).items())
            ],
            "revoked": sorted(self.repo.revoked_ids(community_id, now)),
            "generatedAt": iso(now),
        }

    def gate(self, community_id: str, gate_id: str) -> GateRef:
        gate = self.gates.find(community_id, gate_id)
        if gate is None or gate.device_type not in GATE_TYPES:
            raise NotFound(f"gate {gate_id} not found", code="GATE_NOT_FOUND")
        if gate.status in {"retired", "disabled"}:
            raise Forbidden(f"gate {gate_id} is {gate.status}", code="GATE_NOT_ACTIVE")
        return gate

    def verify(
        self, community_id: str, gate_id: str, token: str, *, direction: str = "in", method: str = "qr"
    ) -> Decision:
        """Online verification and admission. The signature and window are checked as a gate would; then the pass
        record (revocation, approval, entries) is authoritative and the entry is taken by a conditional write."""
        gate = self.gate(community_id, gate_id)
        now = self.now()
        verdict = passes.PassVerifier(community_id, self.keyring.published(community_id)).check(
            token, gate.device_id, now.timestamp()
        )
        if verdict.reason == "UNKNOWN_KEY":  # published by another container since this one cached the list
            verdict = passes.PassVerifier(community_id, self.keyring.published(community_id, fresh=True)).check(
                token, gate.device_id, now.timestamp()
            )
        if not verdict.ok or verdict.parsed is None:
            return Decision(False, verdict.reason, verdict.pass_id)
        return self._admit(gate, verdict.parsed.pass_id, direction, method, now)

    def verify_passcode(self, community_id: str, gate_id: str, code: str, *, direction: str = "in") -> Decision:
        """A keypad: `{slot}{code}` (4 + 4 digits). The slot finds the pass (one GetItem); the time-based code is
        checked against the pass's token (steps now-1..now+1); then the same admission as a scanned pass."""
        gate = self.gate(community_id, gate_id)
        now = self.now()
        if len(code) != 8 or not code.isdigit():
            return Decision(False, "MALFORMED")
        pass_id = self.repo.slot_owner(community_id, code[:4], now)
        visitor_pass = self.repo.get(community_id, pass_id) if pass_id else None
        if visitor_pass is None or not visitor_pass.token:
            return Decision(False, "UNKNOWN_PASS")
        if not passes.passcode_matches(visitor_pass.token, code[4:], now.timestamp()):
            return Decision(False, "WRONG_CODE", visitor_pass.pass_id)
        if visitor_pass.gates and gate.device_id not in visitor_pass.gates:
            return Decision(False, "WRONG_GATE", visitor_pass.pass_id)
        if now < visitor_pass.starts_at:
            return Decision(False, "NOT_YET_VALID", visitor_pass.pass_id)
        if now >= visitor_pass.ends_at and direction == "in":
            return Decision(False, "EXPIRED", visitor_pass.pass_id)
        return self._admit(gate, visitor_pass.pass_id, direction, "passcode", now)

    def verify_plate(self, community_id: str, gate_id: str, plate: str, *, direction: str = "in") -> Decision:
        """A barrier gate recognised a licence plate: the visitor car's pass (active, in its window, for this gate)
        takes an entry like a scanned pass; the record carries the free parking minutes."""
        gate = self.gate(community_id, gate_id)
        now = self.now()
        candidates = [
            p
            for p in self.repo.by_plate(community_id, plate, now)
            if p.starts_at <= now and (not p.gates or gate.device_id in p.gates)
        ]
        usable = [p for p in candidates if self._refusal(p, direction) is None] or candidates
        if not usable:
            return Decision(False, "UNKNOWN_PLATE")
        return self._admit(gate, usable[0].pass_id, direction, "plate", now)

    def current_passcode(self, visitor_pass: VisitorPass) -> tuple[str, int] | None:
        """(8 digits, seconds it stays valid) for a pass that admits; None otherwise."""
        if visitor_pass.status not in ADMITTING or not visitor_pass.token or not visitor_pass.passcode_slot:
            return None
        code, left = passes.passcode(visitor_pass.token, self.now().timestamp())
        return visitor_pass.passcode_slot + code, left

    def _admit(self, gate: GateRef, pass_id: str, direction: str, method: str, now: datetime) -> Decision:
        community_id = gate.community_id
        if direction == "out":
            # Leaving is always let through (even after the window); it is recorded, never counted.
            found = self.repo.get(community_id, pass_id)
            if found is None:
                return Decision(False, "UNKNOWN_PASS", pass_id)
            entry, _ = self._passage(found, gate, "out", method, now, offline=False)
            self.entries_log.record(entry)
            return self._decision(found, entry)
        for _attempt in range(5):
            visitor_pass = self.repo.get(community_id, pass_id)
            refusal = self._refusal(visitor_pass, direction)
            if refusal or visitor_pass is None:
                return Decision(
                    False,
                    refusal or "UNKNOWN_PASS",
                    pass_id,
                    status=visitor_pass.status if visitor_pass else None,
                )
            entry, updated = self._passage(visitor_pass, gate, direction, method, now, offline=False)
            outcome = self.repo.admit(updated, visitor_pass, entry)
            if outcome == "admitted":
                return self._decision(updated, entry)
        return Decision(False, "BUSY", pass_id)

    @staticmethod
    def _refusal(visitor_pass: VisitorPass | None, direction: str) -> str | None:
        if visitor_pass is None:
            return "UNKNOWN_PASS"
        status = visitor_pass.status
        if status == REVOKED:
            return "REVOKED"
        if status == REJECTED:
            return "REJECTED"
        if status == PENDING:
            return "NOT_APPROVED"
        if status == EXPIRED:
            return "EXPIRED"
        if status == USED or visitor_pass.entries_used >= visitor_pass.entries:
            return "NO_ENTRIES_LEFT"
        return None

    def _passage(
        self,
        visitor_pass: VisitorPass,
        gate: GateRef,
        direction: str,
        method: str,
        at: datetime,
        *,
        offline: bool,
        entry_id: str | None = None,
        flag: str | None = None,
    ) -> tuple[EntryRecord, VisitorPass]:
        policy_minutes = (
            self.policies.get(visitor_pass.community_id).free_parking_minutes if visitor_pass.visitor.car_plate else 0
        )
        entry = EntryRecord(
            entry_id=entry_id or new_entry_id(),
            community_id=visitor_pass.community_id,
            gate_id=gate.device_id,
            direction=direction,
            method=method,
            subject_kind="visitor",
            subject_id=visitor_pass.pass_id,
            house_id=visitor_pass.house_id,
            at=at,
            offline=offline,
            flag=flag,
            car_plate=visitor_pass.visitor.car_plate,
            free_parking_until=at + timedelta(minutes=policy_minutes) if policy_minutes and direction == "in" else None,
            recorded_at=self.now(),
        )
        if direction != "in" or flag:
            return entry, visitor_pass
        used = visitor_pass.entries_used + 1
        status = USED if used >= visitor_pass.entries else ARRIVED
        updated = replace(visitor_pass, entries_used=used, updated_at=self.now())
        if status != visitor_pass.status:
            updated = replace(updated, status=status, history=(*updated.history, (status, iso(at))))
        return entry, updated

    @staticmethod
    def _decision(visitor_pass: VisitorPass, entry: EntryRecord) -> Decision:
        return Decision(
            True,
            None,
            visitor_pass.pass_id,
            entry.entry_id,
            visitor_pass.entries - visitor_pass.entries_used,
            visitor_pass.status,
            visitor_pass.visitor.name,
            visitor_pass.visitor.car_plate,
            entry.free_parking_until,
        )

    def upload_offline(self, community_id: str, gate_id: str, admissions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Entries a gate admitted while offline. Each is recorded once (its entry id makes a retried upload a
        no-op); an admission the pass no longer had room for is recorded and flagged `double_use`."""
        gate = self.gate(community_id, gate_id)
        latest = self.now() + PAST_GRACE
        future = [i for i, item in enumerate(admissions) if item["at"] > latest]
        if future:  # checked before anything is written: a bad upload changes nothing
            raise InvalidInput(
                "admissions cannot be in the future",
                code="VALIDATION_FAILED",
                details=[
                    {"field": f"admissions.{i}.at", "code": "in_future", "message": "later than now"} for i in future
                ],
            )
        results = []
        for item in admissions:
            results.append({"entryId": item["entryId"], **self._reconcile(gate, item)})
        return results

    def _reconcile(self, gate: GateRef, item: dict[str, Any]) -> dict[str, Any]:
        for _attempt in range(5):
            visitor_pass = self.repo.get(gate.community_id, item["passId"])
            if visitor_pass is None:
                return {"result": "unknown_pass", "flag": None}
            direction, at = item["direction"], item["at"]
            in_window = visitor_pass.starts_at <= at < visitor_pass.ends_at
            refusal = self._refusal(visitor_pass, direction)
            flag: str | None = None
            if direction == "in":
                if not in_window or refusal in {"REJECTED", "NOT_APPROVED"}:
                    flag = "not_valid"
                elif refusal == "NO_ENTRIES_LEFT":
                    flag = "double_use"
                elif refusal == "REVOKED" and visitor_pass.updated_at and visitor_pass.updated_at <= at:
                    flag = "revoked"
            entry, updated = self._passage(
                visitor_pass,
                gate,
                direction,
                item.get("method", "qr"),
                at,
                offline=True,
                entry_id=item["entryId"],
                flag=flag,
            )
            if direction == "out" or flag or visitor_pass.final:
                # Nothing to count (an exit, a flagged admission, or a pass already over whose window it was in).
                new = self.entries_log.record(entry)
                return {"result": "recorded" if new else "duplicate", "flag": flag if new else None}
            outcome = self.repo.admit(updated, visitor_pass, entry)
            if outcome != "raced":
                return {"result": "recorded" if outcome == "admitted" else "duplicate", "flag": None}
        return {"result": "busy", "flag": None}


# -- signing keys -------------------------------------------------------------------------------------------------


class MasterKeySource(Protocol):
    def current(self) -> tuple[str, bytes]:
        """(key id, secret bytes) of the signing secret's current version."""
        ...


class PublishedKeyStore(Protocol):
    def list(self, community_id: str) -> list[Any]:
        """Records with kid, public_key, published_at, superseded_at."""
        ...

    def publish(self, community_id: str, kid: str, public_key: str, now: datetime) -> None: ...


@dataclass
class PublishingKeyring:
    """Signs with the current key generation and publishes its public key before the first pass it signs.

    A superseded key stays published for MAX_WINDOW_HOURS after it was superseded: every pass it signed ends
    before that (key rotation never invalidates a pass that is still in its window)."""

    master: MasterKeySource
    store: PublishedKeyStore
    now: Any = utcnow
    cache_seconds: float = 60.0
    _known: set[tuple[str, str]] = field(default_factory=set)
    _published: dict[str, tuple[float, dict[str, str]]] = field(default_factory=dict)

    def signer(self, community_id: str) -> tuple[str, Any]:
        kid, master = self.master.current()
        key = passes.derive_signing_key(master, community_id, kid)
        if (community_id, kid) not in self._known:
            self.store.publish(community_id, kid, passes.public_key_b64(key), self.now())
            self._known.add((community_id, kid))
            self._published.pop(community_id, None)
        return kid, key

    def published(self, community_id: str, fresh: bool = False) -> dict[str, str]:
        import time

        cached = self._published.get(community_id)
        if cached and not fresh and time.monotonic() - cached[0] < self.cache_seconds:
            return cached[1]
        now = self.now()
        keep = timedelta(hours=MAX_WINDOW_HOURS)
        keys = {
            r.kid: r.public_key
            for r in self.store.list(community_id)
            if r.superseded_at is None or r.superseded_at + keep > now
        }
        self._published[community_id] = (time.monotonic(), keys)
        return keys
