"""Visitor passes: invite or walk-in -> (approval) -> active -> arrived -> used / expired / revoked / rejected.

`stepfunctions/visitor_pass.asl.json` drives waiting for approval (a manager, or the host for a walk-in) and the end
of the window; this module holds the rules of issuing and deciding. Every transition is a conditional write on the
stored status, so a retried task, a second approval or a late timeout changes nothing the second time. Admission at
a gate (`admission.py`) is a conditional write on the entries used: twenty gates scanning one single-use pass admit
exactly one visitor. The entities and ports are in `model.py`, the signing keys in `keyring.py`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, Forbidden, NotFound, UpstreamUnavailable
from chalicelib.visitors import passes
from chalicelib.visitors.admission import GateAdmission
from chalicelib.visitors.car_listeners import car_pass_changed
from chalicelib.visitors.model import (
    ACTIVE,
    ADMITTING,
    EXPIRED,
    GATE_TYPES,
    INVITATION,
    PENDING,
    REJECTED,
    REVOKED,
    USED,
    WALK_IN,
    PassStoreBusy,
    Visitor,
    VisitorPass,
    WindowNotOver,
    check_window,
    invalid_input,
    new_pass_id,
)


@dataclass
class VisitorPassService(GateAdmission):
    """Every pass use case on one object: issuing and deciding here, admission at gates from `GateAdmission`. Its
    constructor takes the ports of `model.PassPorts` (repo, entries_log, policies, keyring, houses, gates,
    workflows, personal, now)."""

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
            raise invalid_input("phone", "invalid_mobile", "not a mainland mobile number")
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
        # The execution is named after the pass, so its ARN is stored with the pass's first write. Writing it after
        # the start raced the workflow's first task: that write, conditional on the status only, could put back
        # the pass as read before the task stored its token, and the approval then never reached the task.
        visitor_pass = replace(visitor_pass, execution_arn=self.workflows.pass_execution_arn(visitor_pass.pass_id))
        self.repo.add(visitor_pass)
        try:
            arn = self.workflows.start_pass(visitor_pass, policy.approval_timeout_seconds)
        except Exception as exc:
            # Nothing half-done: a pass whose workflow never started could not expire or be approved.
            self.repo.replace(
                visitor_pass.moved_to(REJECTED, self.now(), reason="workflow_unavailable"), visitor_pass.status
            )
            raise UpstreamUnavailable("could not start the pass workflow", code="WORKFLOW_UNAVAILABLE") from exc
        updated = visitor_pass
        if arn != visitor_pass.execution_arn:  # not expected: the state machine answered another ARN
            stored = self.repo.get(community_id, visitor_pass.pass_id) or visitor_pass
            updated = replace(stored, execution_arn=arn)
            self.repo.replace(updated, stored.status)
        if source == WALK_IN and self.host_notices is not None:
            self.host_notices.visitor_waiting(updated)
        if updated.status in ADMITTING:
            car_pass_changed(updated)
        return updated

    def _check_gates(self, community_id: str, gates: tuple[str, ...]) -> None:
        if len(gates) > passes.MAX_GATES:
            raise invalid_input("gates", "too_many", f"at most {passes.MAX_GATES} gates")
        for i, gate_id in enumerate(gates):
            gate = self.gates.find(community_id, gate_id)
            if gate is None or gate.device_type not in GATE_TYPES:
                raise invalid_input(f"gates.{i}", "unknown_gate", f"{gate_id} is not a gate of this community")

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
        if approve:
            car_pass_changed(decided)
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
        car_pass_changed(revoked)
        return revoked

    def get(self, community_id: str, pass_id: str) -> VisitorPass:
        visitor_pass = self.repo.get(community_id, pass_id)
        if visitor_pass is None:
            raise NotFound(f"pass {pass_id} not found", code="PASS_NOT_FOUND")
        return visitor_pass
