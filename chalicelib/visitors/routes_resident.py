"""Visitor passes for residents: invite, list, one pass, share as QR, the keypad passcode, revoke, and the host's
confirmation (or refusal) of a walk-in the guard registered.

Routes are thin: parse, call `VisitorPassService`, map. Scope: a resident's `{house_id}` must be in the token and is
checked again against the registry by the service (a stale token of someone who moved out is refused).
"""

from __future__ import annotations

import base64
from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.visitors import wiring
from chalicelib.visitors.contracts import (
    DecisionRequest,
    InviteRequest,
    PasscodeView,
    PassListQuery,
    PassPage,
    PassQr,
    PassView,
    pass_view,
)
from chalicelib.visitors.model import VisitorPass

bp = Blueprint(__name__)

HOUSE_PASSES = "/v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes"


def _own_pass(call: Call[Any]) -> VisitorPass:
    from chalicelib.kernel.errors import NotFound

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
    operation_id="listHousePasses",
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
    operation_id="getPassQrCode",
)
def share_pass(call: Call[Any]) -> PassQr:
    from chalicelib.kernel.errors import Conflict
    from chalicelib.visitors.passes import qr_png

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
    summary="The pass's current keypad passcode (10 digits: its slot, then a code that changes every minute)",
    operation_id="getPassPasscode",
)
def pass_passcode(call: Call[Any]) -> PasscodeView:
    from chalicelib.kernel.errors import Conflict

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
