"""Visitor passes for residents (invite, list, share as QR, revoke, confirm a walk-in) and for property staff
(walk-in registration, approval, handheld verification, entry records and statistics, the community's policy).

Routes are thin: parse, call `VisitorPassService`, map. Scope: a resident's `{house_id}` must be in the token and is
checked again against the registry by the service (a stale token of someone who moved out is refused).
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from chalice import Blueprint

from chalicelib import wiring
from chalicelib.api.devices import audited
from chalicelib.api.http import Call, endpoint
from chalicelib.api.visitor_contracts import (
    DayStats,
    DecisionRequest,
    EntryPage,
    EntryQuery,
    EntryView,
    InviteRequest,
    PasscodeView,
    PassListQuery,
    PassPage,
    PassQr,
    PassView,
    PolicyUpdate,
    PolicyView,
    StaffVerifyRequest,
    StatsQuery,
    StatsView,
    VerifyView,
    WalkInRequest,
)
from chalicelib.domain.clock import iso
from chalicelib.domain.visitors import EntryRecord, VisitorPass
from chalicelib.security.access import Access

bp = Blueprint(__name__)

HOUSE_PASSES = "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes"
STAFF = "/v1/staff/communities/{community_id}"


def pass_view(visitor_pass: Any) -> PassView:

    return PassView(**pass_view_dict(visitor_pass))


def verify_view(decision: Any) -> VerifyView:
    from chalicelib.domain.clock import iso

    return VerifyView(
        admitted=decision.admitted,
        reason=decision.reason,
        passId=decision.pass_id,
        entryId=decision.entry_id,
        entriesLeft=decision.entries_left,
        status=decision.status,
        visitorName=decision.visitor_name,
        carPlate=decision.car_plate,
        freeParkingUntil=iso(decision.free_parking_until) if decision.free_parking_until else None,
    )


def _own_pass(call: Call[Any]) -> Any:
    from chalicelib.domain.errors import NotFound

    visitor_pass = wiring.visitor_service().get(call.path["community_id"], call.path["pass_id"])
    if visitor_pass.house_id != call.path["house_id"]:
        raise NotFound(f"pass {call.path['pass_id']} not found", code="PASS_NOT_FOUND")
    return visitor_pass


# -- residents ------------------------------------------------------------------------------------------------------


@endpoint(
    bp,
    "POST",
    HOUSE_PASSES,
    audience="resident",
    access=Access.household("visitor:invite"),
    request=InviteRequest,
    status=201,
    response=PassView,
    errors=(400, 403, 404, 503),
    summary="Invite a visitor: a signed pass (pending when the community requires approval)",
)
def invite_visitor(call: Call[InviteRequest]) -> PassView:
    body = call.body
    cid, hid = call.path["community_id"], call.path["house_id"]
    with audited(call, "visitor.invite", "house", hid, {"entries": body.entries, "gates": body.gates}) as detail:
        visitor_pass = wiring.visitor_service().invite(
            call.who.subject,
            cid,
            hid,
            name=body.visitorName,
            phone=body.visitorPhone,
            reason=body.reason,
            starts_at=body.startsAt,
            ends_at=body.endsAt,
            entries=body.entries,
            gates=tuple(body.gates),
            car_plate=body.carPlate,
        )
        detail["passId"] = visitor_pass.pass_id
    return pass_view(visitor_pass)


@endpoint(
    bp,
    "GET",
    HOUSE_PASSES,
    audience="resident",
    access=Access.household("visitor:invite"),
    query=PassListQuery,
    response=PassPage,
    summary="The house's visitor passes, newest first",
)
def house_passes(call: Call[Any]) -> PassPage:
    _, passes, _ = wiring.visitor_records()
    items, cursor = passes.page(call.path["community_id"], call.path["house_id"], call.query.limit, call.query.cursor)
    return PassPage(items=[pass_view(p) for p in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    HOUSE_PASSES + "/{pass_id}",
    audience="resident",
    access=Access.household("visitor:invite"),
    response=PassView,
    errors=(404,),
    summary="One visitor pass with its token (while it admits) and status history",
)
def get_house_pass(call: Call[Any]) -> PassView:
    return pass_view(_own_pass(call))


@endpoint(
    bp,
    "GET",
    HOUSE_PASSES + "/{pass_id}/qr",
    audience="resident",
    access=Access.household("visitor:invite"),
    response=PassQr,
    errors=(404, 409),
    summary="Share a pass: its token as a QR code (PNG, base64) for the visitor",
)
def share_pass(call: Call[Any]) -> PassQr:
    from chalicelib.domain.errors import Conflict
    from chalicelib.domain.passes import qr_png

    visitor_pass = _own_pass(call)
    if visitor_pass.status not in ("active", "arrived") or not visitor_pass.token:
        raise Conflict(f"the pass is {visitor_pass.status}: nothing to share", code="PASS_NOT_ACTIVE")
    png, version, level = qr_png(visitor_pass.token)
    return PassQr(
        passId=visitor_pass.pass_id,
        token=visitor_pass.token,
        pngBase64=base64.b64encode(png).decode(),
        qrVersion=version,
        errorCorrection=level,
        tokenBytes=len(visitor_pass.token),
    )


@endpoint(
    bp,
    "GET",
    HOUSE_PASSES + "/{pass_id}/passcode",
    audience="resident",
    access=Access.household("visitor:invite"),
    response=PasscodeView,
    errors=(404, 409),
    summary="The pass's current keypad passcode (8 digits, time-based: changes every minute)",
)
def pass_passcode(call: Call[Any]) -> PasscodeView:
    from chalicelib.domain.errors import Conflict

    visitor_pass = _own_pass(call)
    current = wiring.visitor_service().current_passcode(visitor_pass)
    if current is None:
        raise Conflict(f"the pass is {visitor_pass.status} or has no keypad passcode", code="PASS_NOT_ACTIVE")
    return PasscodeView(passId=visitor_pass.pass_id, passcode=current[0], validForSeconds=current[1])


@endpoint(
    bp,
    "POST",
    HOUSE_PASSES + "/{pass_id}/revoke",
    audience="resident",
    access=Access.household("visitor:invite"),
    request=DecisionRequest,
    response=PassView,
    errors=(404, 409),
    summary="Revoke a pass (gates refuse it online at once, offline with their next revocation list)",
)
def revoke_house_pass(call: Call[DecisionRequest]) -> PassView:
    cid, pid = call.path["community_id"], call.path["pass_id"]
    with audited(call, "visitor.revoke", "visitor_pass", pid):
        visitor_pass = wiring.visitor_service().revoke(cid, pid, call.who.subject, house_id=call.path["house_id"])
    return pass_view(visitor_pass)


def _host_decision(call: Call[DecisionRequest], approve: bool) -> PassView:
    cid, pid = call.path["community_id"], call.path["pass_id"]
    _own_pass(call)
    with audited(call, "visitor.host_confirm" if approve else "visitor.host_decline", "visitor_pass", pid):
        visitor_pass = wiring.visitor_service().decide(cid, pid, approve, call.who.subject, as_host=call.who.subject)
    return pass_view(visitor_pass)


@endpoint(
    bp,
    "POST",
    HOUSE_PASSES + "/{pass_id}/confirm",
    audience="resident",
    access=Access.household("visitor:invite"),
    request=DecisionRequest,
    response=PassView,
    errors=(403, 404, 409),
    summary="The host confirms a walk-in visitor the guard registered",
)
def confirm_walk_in(call: Call[DecisionRequest]) -> PassView:
    return _host_decision(call, True)


@endpoint(
    bp,
    "POST",
    HOUSE_PASSES + "/{pass_id}/decline",
    audience="resident",
    access=Access.household("visitor:invite"),
    request=DecisionRequest,
    response=PassView,
    errors=(403, 404, 409),
    summary="The host declines a walk-in visitor",
)
def decline_walk_in(call: Call[DecisionRequest]) -> PassView:
    return _host_decision(call, False)


# -- staff ------------------------------------------------------------------------------------------------------


@endpoint(
    bp,
    "POST",
    STAFF + "/visitor-passes/walk-in",
    audience="staff",
    access=Access.community("visitor:walk_in"),
    request=WalkInRequest,
    status=201,
    response=PassView,
    errors=(400, 404, 503),
    summary="Register a walk-in visitor at the gate (identity document checked); the host confirms in the app",
)
def register_walk_in(call: Call[WalkInRequest]) -> PassView:
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.security import pii

    body = call.body
    cid = call.path["community_id"]
    id_number = body.idNumber.strip().upper()
    if body.idType == "resident_id_card":
        id_number = pii.normalise_id_card(id_number)
        if not pii.valid_id_card(id_number):
            raise InvalidInput(
                "not a valid ID-card number",
                code="VALIDATION_FAILED",
                details=[{"field": "idNumber", "code": "invalid_id_card", "message": "checksum or format"}],
            )
        masked = pii.mask_id_card(id_number)
    else:
        masked = id_number[:2] + "*" * max(len(id_number) - 4, 0) + id_number[-2:]
    with audited(call, "visitor.walk_in", "house", body.houseId, {"idType": body.idType, "idNumber": masked}) as d:
        visitor_pass = wiring.visitor_service().walk_in(
            call.who.subject,
            cid,
            body.houseId,
            name=body.visitorName,
            phone=body.visitorPhone,
            reason=body.reason,
            id_type=body.idType,
            id_sealed=pii.encrypt(id_number, purpose="visitor.id_card"),
            id_masked=masked,
            hours=body.hours,
            gates=tuple(body.gates),
            car_plate=body.carPlate,
        )
        d["passId"] = visitor_pass.pass_id
    return pass_view(visitor_pass)


@endpoint(
    bp,
    "GET",
    STAFF + "/visitor-passes",
    audience="staff",
    access=Access.community("visitor:read"),
    query=PassListQuery,
    response=PassPage,
    summary="The community's visitor passes, newest first",
)
def community_passes(call: Call[Any]) -> PassPage:
    _, passes, _ = wiring.visitor_records()
    items, cursor = passes.page(call.path["community_id"], None, call.query.limit, call.query.cursor)
    return PassPage(items=[pass_view(p) for p in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    STAFF + "/visitor-passes/{pass_id}",
    audience="staff",
    access=Access.community("visitor:read"),
    response=PassView,
    errors=(404,),
    summary="One visitor pass",
)
def get_pass(call: Call[Any]) -> PassView:
    return pass_view(wiring.visitor_service().get(call.path["community_id"], call.path["pass_id"]))


def _staff_decision(call: Call[DecisionRequest], approve: bool) -> PassView:
    cid, pid = call.path["community_id"], call.path["pass_id"]
    with audited(call, "visitor.approve" if approve else "visitor.reject", "visitor_pass", pid):
        visitor_pass = wiring.visitor_service().decide(cid, pid, approve, call.who.subject)
    return pass_view(visitor_pass)


@endpoint(
    bp,
    "POST",
    STAFF + "/visitor-passes/{pass_id}/approve",
    audience="staff",
    access=Access.community("visitor:approve"),
    request=DecisionRequest,
    response=PassView,
    errors=(404, 409),
    summary="Approve a pending invitation (communities that require approval)",
)
def approve_pass(call: Call[DecisionRequest]) -> PassView:
    return _staff_decision(call, True)


@endpoint(
    bp,
    "POST",
    STAFF + "/visitor-passes/{pass_id}/reject",
    audience="staff",
    access=Access.community("visitor:approve"),
    request=DecisionRequest,
    response=PassView,
    errors=(404, 409),
    summary="Reject a pending invitation",
)
def reject_pass(call: Call[DecisionRequest]) -> PassView:
    return _staff_decision(call, False)


@endpoint(
    bp,
    "POST",
    STAFF + "/visitor-passes/{pass_id}/revoke",
    audience="staff",
    access=Access.community("visitor:approve"),
    request=DecisionRequest,
    response=PassView,
    errors=(404, 409),
    summary="Revoke a pass",
)
def staff_revoke_pass(call: Call[DecisionRequest]) -> PassView:
    cid, pid = call.path["community_id"], call.path["pass_id"]
    with audited(call, "visitor.revoke", "visitor_pass", pid):
        visitor_pass = wiring.visitor_service().revoke(cid, pid, call.who.subject)
    return pass_view(visitor_pass)


@endpoint(
    bp,
    "POST",
    STAFF + "/visitor-passes/verify",
    audience="staff",
    access=Access.community("visitor:verify"),
    request=StaffVerifyRequest,
    response=VerifyView,
    errors=(403, 404),
    summary="A guard's handheld scan at a gate of this community: verify and record the passage",
)
def staff_verify(call: Call[StaffVerifyRequest]) -> VerifyView:
    body = call.body
    decision = wiring.visitor_service().verify(
        call.path["community_id"], body.gateId, body.token, direction=body.direction
    )
    return verify_view(decision)


@endpoint(
    bp,
    "GET",
    STAFF + "/entry-records",
    audience="staff",
    access=Access.community("entry:read"),
    query=EntryQuery,
    response=EntryPage,
    errors=(400,),
    summary="Entry and exit records by gate, house, person/pass or day (newest first, optional time range)",
)
def entry_records(call: Call[Any]) -> EntryPage:
    from chalicelib.domain.errors import InvalidInput

    q = call.query
    chosen = [k for k in ("gateId", "houseId", "subjectId", "day") if getattr(q, k)]
    if len(chosen) != 1:
        raise InvalidInput(
            "give exactly one of gateId, houseId, subjectId, day",
            code="VALIDATION_FAILED",
            details=[
                {"field": "query.day", "code": "one_of", "message": "exactly one of gateId, houseId, subjectId, day"}
            ],
        )
    log, _, _ = wiring.visitor_records()
    items, cursor = log.search(
        call.path["community_id"],
        gate_id=q.gateId,
        house_id=q.houseId,
        subject_id=q.subjectId,
        day=q.day,
        since=q.since,
        until=q.until,
        limit=q.limit,
        cursor=q.cursor,
    )
    return EntryPage(items=[EntryView(**entry_view_dict(e)) for e in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    STAFF + "/entry-records/statistics",
    audience="staff",
    access=Access.community("entry:read"),
    query=StatsQuery,
    response=StatsView,
    summary="Passages per day by direction, method and kind, and flagged offline entries",
)
def entry_statistics(call: Call[Any]) -> StatsView:
    from datetime import UTC

    first = datetime(call.query.fromDay.year, call.query.fromDay.month, call.query.fromDay.day, tzinfo=UTC)
    log, _, _ = wiring.visitor_records()
    days = log.statistics(call.path["community_id"], first, call.query.days)
    totals: dict[str, int] = {}
    for day in days:
        for key, count in day["counts"].items():
            totals[key] = totals.get(key, 0) + count
    return StatsView(days=[DayStats(**d) for d in days], totals=totals)


def _policy_view(policy: Any) -> PolicyView:
    return PolicyView(
        approvalRequired=policy.approval_required,
        maxWindowHours=policy.max_window_hours,
        maxEntries=policy.max_entries,
        freeParkingMinutes=policy.free_parking_minutes,
        approvalTimeoutSeconds=policy.approval_timeout_seconds,
        version=policy.version,
    )


@endpoint(
    bp,
    "GET",
    STAFF + "/visitor-policy",
    audience="staff",
    access=Access.community("visitor:read"),
    response=PolicyView,
    summary="The community's visitor policy (defaults until a manager sets one)",
)
def get_policy(call: Call[Any]) -> PolicyView:
    _, _, policies = wiring.visitor_records()
    return _policy_view(policies.get(call.path["community_id"]))


@endpoint(
    bp,
    "PUT",
    STAFF + "/visitor-policy",
    audience="staff",
    access=Access.community("visitor:policy"),
    request=PolicyUpdate,
    response=PolicyView,
    errors=(409,),
    summary="Set the visitor policy: approval on/off, longest window, most entries, free parking, approval timeout",
)
def put_policy(call: Call[PolicyUpdate]) -> PolicyView:
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.visitors import VisitorPolicy

    b = call.body
    cid = call.path["community_id"]
    policy = VisitorPolicy(
        cid,
        b.approvalRequired,
        b.maxWindowHours,
        b.maxEntries,
        b.freeParkingMinutes,
        b.approvalTimeoutSeconds,
        b.version,
    ).validate()
    _, _, policies = wiring.visitor_records()
    with audited(call, "visitor.policy", "community", cid, b.model_dump()):
        saved = policies.put(policy, call.who.subject, utcnow())
    return _policy_view(saved)


# -- views: what a pass and an entry look like on the wire (masked personal data) --
def pass_view_dict(p: VisitorPass) -> dict[str, Any]:
    return {
        "passId": p.pass_id,
        "communityId": p.community_id,
        "houseId": p.house_id,
        "status": p.status,
        "source": p.source,
        "visitorName": p.visitor.name,
        "visitorPhone": p.visitor.phone_masked,
        "reason": p.visitor.reason,
        "carPlate": p.visitor.car_plate,
        "idChecked": p.visitor.id_checked,
        "idType": p.visitor.id_type,
        "idNumber": p.visitor.id_masked,
        "startsAt": iso(p.starts_at),
        "endsAt": iso(p.ends_at),
        "entries": p.entries,
        "entriesUsed": p.entries_used,
        "gates": list(p.gates),
        "approver": p.approver,
        "token": p.token if p.status in ("active", "arrived") else None,
        "keyId": p.kid,
        "reasonCode": p.reason,
        "createdAt": iso(p.created_at),
        "updatedAt": iso(p.updated_at) if p.updated_at else None,
        "history": [{"status": s, "at": at} for s, at in p.history],
    }


def entry_view_dict(e: EntryRecord) -> dict[str, Any]:
    return {
        "entryId": e.entry_id,
        "gateId": e.gate_id,
        "direction": e.direction,
        "method": e.method,
        "subjectKind": e.subject_kind,
        "subjectId": e.subject_id,
        "houseId": e.house_id,
        "at": iso(e.at),
        "offline": e.offline,
        "flag": e.flag,
        "carPlate": e.car_plate,
        "freeParkingUntil": iso(e.free_parking_until) if e.free_parking_until else None,
    }
