"""Visitor passes for property staff: guards' walk-in registration and handheld verification, managers' approvals,
rejections and revocations, entry records and statistics, and the community's visitor policy.

Routes are thin: parse, call `VisitorPassService`, map. Every write is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.visitors import wiring
from chalicelib.visitors.contracts import (
    DayStats,
    DecisionRequest,
    EntryPage,
    EntryQuery,
    EntryView,
    PassListQuery,
    PassPage,
    PassView,
    PolicyUpdate,
    PolicyView,
    StaffVerifyRequest,
    StatsQuery,
    StatsView,
    VerifyView,
    WalkInRequest,
    entry_view_dict,
    pass_view,
    verify_view,
)
from chalicelib.visitors.model import VisitorPolicy

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}"


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
    from chalicelib.kernel.errors import InvalidInput
    from chalicelib.kernel.security import pii

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
    operation_id="listCommunityPasses",
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
    operation_id="revokePass",
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
    operation_id="verifyPassByHand",
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
    operation_id="listEntryRecords",
)
def entry_records(call: Call[Any]) -> EntryPage:
    from chalicelib.kernel.errors import InvalidInput

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
    operation_id="getEntryStatistics",
)
def entry_statistics(call: Call[Any]) -> StatsView:
    from datetime import UTC

    first = datetime.fromisoformat(call.query.fromDay).replace(tzinfo=UTC)
    log, _, _ = wiring.visitor_records()
    days = log.statistics(call.path["community_id"], first, call.query.days)
    totals: dict[str, int] = {}
    for day in days:
        for key, count in day["counts"].items():
            totals[key] = totals.get(key, 0) + count
    return StatsView(days=[DayStats(**d) for d in days], totals=totals)


def _policy_view(policy: VisitorPolicy) -> PolicyView:
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
    operation_id="getVisitorPolicy",
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
    operation_id="setVisitorPolicy",
)
def put_policy(call: Call[PolicyUpdate]) -> PolicyView:
    from chalicelib.kernel.clock import utcnow

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
