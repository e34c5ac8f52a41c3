"""Admission at gates: the keys and revocation list gates download, online verification of a scanned pass, a keypad
passcode or a recognised plate, and the upload of what a gate admitted while offline (001 8.2.2.5; 004 6.1.1 c).

Admission is a conditional write on the entries used: twenty gates scanning one single-use pass admit exactly one
visitor. Leaving is always let through and recorded, never counted. `VisitorPassService` (service.py) carries these
use cases; they share its ports (`model.PassPorts`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Forbidden, InvalidInput, NotFound
from chalicelib.visitors import keypad, passes
from chalicelib.visitors.model import (
    ADMITTING,
    ARRIVED,
    EXPIRED,
    GATE_TYPES,
    PAST_GRACE,
    PENDING,
    REJECTED,
    REVOKED,
    USED,
    Decision,
    EntryRecord,
    GateRef,
    PassPorts,
    VisitorPass,
    check_session,
    new_entry_id,
)

NO_TOKEN = "-"  # the key a free slot's code is checked with (never matches a real pass's)


class GateAdmission(PassPorts):
    """The gate use cases of `VisitorPassService`."""

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

    def gate(self, community_id: str, gate_id: str, *, session_certificate: str | None = None) -> GateRef:
        """The active gate; asked by a gate's own session (`session_certificate`: the certificate it signed in
        with), also only while that certificate is still the device's active one. None: a guard asks for it."""
        gate = self.gates.find(community_id, gate_id)
        if gate is None or gate.device_type not in GATE_TYPES:
            raise NotFound(f"gate {gate_id} not found", code="GATE_NOT_FOUND")
        if gate.status in {"retired", "disabled"}:
            raise Forbidden(f"gate {gate_id} is {gate.status}", code="GATE_NOT_ACTIVE")
        if session_certificate is not None:
            check_session(gate, session_certificate)
        return gate

    def verify(
        self,
        community_id: str,
        gate_id: str,
        token: str,
        *,
        direction: str = "in",
        method: str = "qr",
        session_certificate: str | None = None,
    ) -> Decision:
        """Online verification and admission. The signature and window are checked as a gate would; then the pass
        record (revocation, approval, entries) is authoritative and the entry is taken by a conditional write."""
        gate = self.gate(community_id, gate_id, session_certificate=session_certificate)
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

    def verify_passcode(
        self,
        community_id: str,
        gate_id: str,
        code: str,
        *,
        direction: str = "in",
        session_certificate: str | None = None,
    ) -> Decision:
        """A keypad: `{slot}{code}` (4 + 6 digits, `keypad.py`). The attempt is taken from the gate's and the
        slot's budgets first; the slot finds the pass (the same reads for a free slot); the time-based code is
        checked with the pass's passcode key; every wrong code gets the one refusal. Then the same admission as a
        scanned pass."""
        gate = self.gate(community_id, gate_id, session_certificate=session_certificate)
        now = self.now()
        parts = keypad.split(code)
        if parts is None:
            return Decision(False, keypad.INVALID)  # the contract refuses these before (400)
        slot, typed = parts
        found: list[VisitorPass] = []

        def right() -> bool:
            pass_id = self.repo.slot_owner(community_id, slot, now)
            visitor_pass = self.repo.get(community_id, pass_id or keypad.NO_PASS)
            token = visitor_pass.token if visitor_pass is not None and pass_id else None
            matches = keypad.code_matches(keypad.passcode_key(token or NO_TOKEN), typed, now.timestamp())
            if matches and token and visitor_pass is not None:
                found.append(visitor_pass)
                return True
            return False

        refusal = self.keypad.attempt(gate, slot, now, right)
        if refusal is not None or not found:
            return Decision(False, refusal or keypad.INVALID)
        visitor_pass = found[0]
        if visitor_pass.gates and gate.device_id not in visitor_pass.gates:
            return Decision(False, "WRONG_GATE", visitor_pass.pass_id)
        if now < visitor_pass.starts_at:
            return Decision(False, "NOT_YET_VALID", visitor_pass.pass_id)
        if now >= visitor_pass.ends_at and direction == "in":
            return Decision(False, "EXPIRED", visitor_pass.pass_id)
        return self._admit(gate, visitor_pass.pass_id, direction, "passcode", now)

    def keypad_list(self, community_id: str, gate_id: str, *, session_certificate: str | None = None) -> dict[str, Any]:
        """What a keypad gate keeps to check passcodes offline: the passes valid at this gate that have a passcode
        and whose window is not over, each with its passcode key (never its token), and the budgets to count."""
        gate = self.gate(community_id, gate_id, session_certificate=session_certificate)
        now = self.now()
        passes_here = [
            p
            for p in self.repo.keypad_passes(community_id, now)
            if p.token and p.passcode_slot and (not p.gates or gate.device_id in p.gates)
        ]
        return {
            "communityId": community_id,
            "gateId": gate.device_id,
            "generatedAt": iso(now),
            "codeDigits": keypad.PASSCODE_DIGITS,
            "slotDigits": keypad.SLOT_DIGITS,
            "stepSeconds": keypad.STEP_SECONDS,
            "acceptedSteps": list(keypad.ACCEPTED_STEPS),
            "limits": [
                {"scope": limit.scope, "attempts": limit.attempts, "windowSeconds": limit.window_seconds}
                for limit in (keypad.GATE_LIMIT, keypad.SLOT_LIMIT)
            ],
            "passes": [
                {
                    "slot": p.passcode_slot,
                    "passId": p.pass_id,
                    "passcodeKey": keypad.key_text(keypad.passcode_key(p.token or "")),
                    "notBefore": iso(p.starts_at),
                    "notAfter": iso(p.ends_at),
                    "entries": p.entries,
                    "entriesUsed": p.entries_used,
                }
                for p in passes_here
            ],
        }

    def verify_plate(
        self,
        community_id: str,
        gate_id: str,
        plate: str,
        *,
        direction: str = "in",
        session_certificate: str | None = None,
    ) -> Decision:
        """A barrier gate recognised a licence plate: the visitor car's pass (active, in its window, for this gate)
        takes an entry like a scanned pass; the record carries the free parking minutes."""
        gate = self.gate(community_id, gate_id, session_certificate=session_certificate)
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
        """(10 digits, seconds it stays valid) for a pass that admits; None otherwise."""
        if visitor_pass.status not in ADMITTING or not visitor_pass.token or not visitor_pass.passcode_slot:
            return None
        code, left = keypad.current_code(keypad.passcode_key(visitor_pass.token), self.now().timestamp())
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

    def upload_offline(
        self,
        community_id: str,
        gate_id: str,
        admissions: list[dict[str, Any]],
        *,
        session_certificate: str | None = None,
    ) -> list[dict[str, Any]]:
        """Entries a gate admitted while offline. Each is recorded once (its entry id makes a retried upload a
        no-op); an admission the pass no longer had room for is recorded and flagged `double_use`."""
        gate = self.gate(community_id, gate_id, session_certificate=session_certificate)
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
