"""Gate routes: a gate signs in with its device certificate's key, downloads the community's published pass keys
and revocation list and its keypad list (for offline verification), verifies passes and keypad passcodes online,
and uploads what it admitted offline.
Plus the platform admin's rotation of the pass-signing keys.

A gate's session token holds only its own community, device id and the certificate it signed in with:
`{community_id}` must match (checked by the one access check), and on every call the device must still be an active
gate of that community whose active certificate is that one (the service, `model.check_session`).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.visitors import wiring
from chalicelib.visitors.contracts import (
    GateSessionRequest,
    GateSessionView,
    GateVerifyRequest,
    KeypadPassesView,
    OfflineResult,
    OfflineUpload,
    OfflineUploadView,
    PassKeysView,
    RotatedKeyView,
    VerifyView,
    verify_view,
)

bp = Blueprint(__name__)

GATE = "/v1/gate/communities/{community_id}"
SESSION_TTL_SECONDS = 300


@endpoint(
    bp,
    "POST",
    "/v1/gate/sessions",
    audience="gate",
    access=Access.anyone(),
    request=GateSessionRequest,
    status=201,
    response=GateSessionView,
    errors=(401,),
    summary="A gate signs in with the key of its device certificate (each signed sign-in once); a 5-minute gate token",
)
def open_gate_session(call: Call[GateSessionRequest]) -> GateSessionView:
    from chalicelib.audit import record_call
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.errors import DomainError
    from chalicelib.kernel.security.permissions import GATE_ROLE
    from chalicelib.kernel.security.principal import Principal
    from chalicelib.kernel.security.tokens import issue_access_token

    b = call.body
    try:
        opened = wiring.gate_sessions().open(b.communityId, b.deviceId, b.signedAt, b.nonce, b.signature, utcnow())
    except DomainError as exc:
        record_call(
            call,
            "gate.session",
            "device",
            b.deviceId,
            outcome="denied",
            detail={"error": exc.code},
            community_id=b.communityId,
            operator=b.deviceId,
        )
        raise
    principal = Principal(
        subject=opened.device_id,
        kind="device",
        roles=frozenset({GATE_ROLE}),
        communities=frozenset({b.communityId}),
        certificate=opened.certificate_id,
    )
    token = issue_access_token(principal, SESSION_TTL_SECONDS)
    return GateSessionView(
        accessToken=token, expiresIn=SESSION_TTL_SECONDS, deviceId=opened.device_id, communityId=b.communityId
    )


def _gate_id(call: Call[Any]) -> str:
    return call.who.subject  # the gate session's subject is the gate's device id


def _certificate(call: Call[Any]) -> str:
    return call.who.certificate  # the certificate the session was opened with


@endpoint(
    bp,
    "GET",
    GATE + "/pass-keys",
    audience="gate",
    access=Access.community("gate:verify"),
    response=PassKeysView,
    errors=(403, 404),
    summary="The community's published pass keys and revocation list, for verifying passes offline",
    operation_id="getPassKeys",
)
def pass_keys(call: Call[Any]) -> PassKeysView:
    service = wiring.visitor_service()
    service.gate(call.path["community_id"], _gate_id(call), session_certificate=_certificate(call))
    return PassKeysView(**service.published_keys(call.path["community_id"]))


@endpoint(
    bp,
    "GET",
    GATE + "/keypad-passes",
    audience="gate",
    access=Access.community("gate:verify"),
    response=KeypadPassesView,
    errors=(403, 404),
    summary="The passes valid at this gate with a keypad passcode (their passcode keys) and the attempt limits, "
    "for checking passcodes offline",
    operation_id="getKeypadPasses",
)
def keypad_passes(call: Call[Any]) -> KeypadPassesView:
    listed = wiring.visitor_service().keypad_list(
        call.path["community_id"], _gate_id(call), session_certificate=_certificate(call)
    )
    return KeypadPassesView(**listed)


@endpoint(
    bp,
    "POST",
    GATE + "/verify",
    audience="gate",
    access=Access.community("gate:verify"),
    request=GateVerifyRequest,
    response=VerifyView,
    errors=(403, 404),
    summary="Verify a scanned pass, keypad passcode or recognised plate online; take one entry (once if single-use)",
    operation_id="verifyPassAtGate",
)
def gate_verify(call: Call[GateVerifyRequest]) -> VerifyView:
    from chalicelib.kernel.errors import InvalidInput

    b = call.body
    if [b.token, b.passcode, b.plate].count(None) != 2:
        raise InvalidInput(
            "give exactly one of token, passcode, plate",
            code="VALIDATION_FAILED",
            details=[{"field": "token", "code": "one_of", "message": "exactly one of token, passcode, plate"}],
        )
    service, cid, gate_id = wiring.visitor_service(), call.path["community_id"], _gate_id(call)
    session = _certificate(call)
    if b.plate is not None:
        return verify_view(
            service.verify_plate(cid, gate_id, b.plate, direction=b.direction, session_certificate=session)
        )
    if b.passcode is not None:
        return verify_view(
            service.verify_passcode(cid, gate_id, b.passcode, direction=b.direction, session_certificate=session)
        )
    return verify_view(service.verify(cid, gate_id, b.token, direction=b.direction, session_certificate=session))


@endpoint(
    bp,
    "POST",
    GATE + "/offline-entries",
    audience="gate",
    access=Access.community("gate:verify"),
    request=OfflineUpload,
    response=OfflineUploadView,
    errors=(403, 404),
    summary="Upload the entries a gate admitted while offline; reconciled, double uses flagged, retries no-ops",
)
def upload_offline_entries(call: Call[OfflineUpload]) -> OfflineUploadView:
    admissions = [
        {"entryId": a.entryId, "passId": a.passId, "at": a.at, "direction": a.direction, "method": a.method}
        for a in call.body.admissions
    ]
    results = wiring.visitor_service().upload_offline(
        call.path["community_id"], _gate_id(call), admissions, session_certificate=_certificate(call)
    )
    return OfflineUploadView(results=[OfflineResult(**r) for r in results])


@endpoint(
    bp,
    "POST",
    "/v1/admin/pass-keys/rotate",
    audience="admin",
    access=Access.signed_in("passkeys:rotate"),
    response=RotatedKeyView,
    summary="Start a new generation of pass-signing keys; passes signed before stay valid until they end",
)
def rotate_pass_keys(call: Call[Any]) -> RotatedKeyView:
    with audited(call, "visitor.keys.rotate", "pass_keys", "current") as detail:
        kid = wiring.pass_master_key().rotate()
        detail["keyId"] = kid
    return RotatedKeyView(keyId=kid)
