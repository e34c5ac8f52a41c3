"""GA/T 1400's system routes for a partner's platform: `/VIID/System/Register` and `/VIID/System/Keepalive`,
HTTP Digest authenticated (username: the API key id, password: its secret). Without a valid `Authorization` the
answer is 401 with a fresh `WWW-Authenticate: Digest` challenge; a replayed response is refused the same way.
Replies are `ResponseStatusObject`s. The paths are the standard's, not versioned."""

from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint, Response

from chalicelib import audit
from chalicelib.kernel.clock import iso
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.partners import digest, wiring
from chalicelib.partners.contracts import KeepaliveIn, RegisterIn, ResponseStatus
from chalicelib.partners.service import authenticate_digest

bp = Blueprint(__name__)


def _status(call: Call[Any], path: str, device_id: str) -> ResponseStatus | Response:
    service = wiring.partner_service()
    key = wiring.digest_key()
    partner = authenticate_digest(service, key, call.headers.get("authorization"), "POST", path, call.source_ip)
    if partner is None:
        body = json.dumps(
            {"ResponseStatusObject": {"RequestURL": path, "StatusCode": 4, "StatusString": "Unauthorized"}}
        )
        return Response(
            body=body,
            status_code=401,
            headers={
                "Content-Type": "application/json",
                "WWW-Authenticate": digest.challenge(key, service.now()),
            },
        )
    operation = "viid_register" if path.endswith("Register") else "viid_keepalive"
    audit.record(
        actor=None,
        operator=partner.partner_id,
        operation=operation,
        target_type="partner",
        target_id=partner.partner_id,
        community_id=None,
        source_ip=call.source_ip,
        request_id=call.request_id,
        detail={"deviceId": device_id[:64]},
    )
    return ResponseStatus.ok(path, device_id, iso(service.now()))


@endpoint(
    bp,
    "POST",
    "/VIID/System/Register",
    audience="partner",
    access=Access.anyone(),  # HTTP Digest, checked here (the standard's scheme, not the API's signature)
    request=RegisterIn,
    response=ResponseStatus,
    errors=(401,),
    summary="GA/T 1400 registration of a partner's platform (HTTP Digest: API key id and secret)",
    operation_id="registerViidPlatform",
)
def register_viid_platform(call: Call[RegisterIn]) -> ResponseStatus | Response:
    assert call.body is not None
    return _status(call, "/VIID/System/Register", call.body.RegisterObject.DeviceID)


@endpoint(
    bp,
    "POST",
    "/VIID/System/Keepalive",
    audience="partner",
    access=Access.anyone(),
    request=KeepaliveIn,
    response=ResponseStatus,
    errors=(401,),
    summary="GA/T 1400 keepalive of a registered partner platform (HTTP Digest)",
    operation_id="sendViidKeepalive",
)
def send_viid_keepalive(call: Call[KeepaliveIn]) -> ResponseStatus | Response:
    assert call.body is not None
    return _status(call, "/VIID/System/Keepalive", call.body.KeepaliveObject.DeviceID)
