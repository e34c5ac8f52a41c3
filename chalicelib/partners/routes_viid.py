"""GA/T 1400's routes for a partner's platform: `/VIID/System/Register`, `/VIID/System/Keepalive` and
`/VIID/Subscribes`, HTTP Digest authenticated (username: the API key id, password: its secret). Without a valid
`Authorization` the answer is 401 with a fresh `WWW-Authenticate: Digest` challenge; a replayed response is
refused the same way. Replies are `ResponseStatusObject`s, errors too (StatusCode 4 invalid operation, 7 invalid
JSON format, 8 invalid JSON content). A registration or keepalive keeps the platform's subscriptions delivering;
without one for three intervals they pause. The paths are the standard's, not versioned."""

from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint, Response
from pydantic import ValidationError

from chalicelib import audit
from chalicelib.kernel.clock import gat_time
from chalicelib.kernel.errors import Forbidden, InvalidInput
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.partners import digest, wiring
from chalicelib.partners.contracts import (
    KeepaliveIn,
    RegisterIn,
    ResponseStatus,
    ResponseStatusList,
    ResponseStatusListBody,
    StatusObject,
    ViidSubscribeIn,
    ViidSubscribeObject,
)
from chalicelib.partners.service import authenticate_digest

bp = Blueprint(__name__)


def _unauthorized(path: str) -> Response:
    service = wiring.partner_service()
    body = json.dumps({"ResponseStatusObject": {"RequestURL": path, "StatusCode": 4, "StatusString": "Unauthorized"}})
    return Response(
        body=body,
        status_code=401,
        headers={
            "Content-Type": "application/json",
            "WWW-Authenticate": digest.challenge(wiring.digest_key(), service.now()),
        },
    )


def _digest_partner(call: Call[Any], path: str) -> Any:
    service = wiring.partner_service()
    return authenticate_digest(
        service, wiring.digest_key(), call.headers.get("authorization"), "POST", path, call.source_ip
    )


def _status(call: Call[Any], path: str, device_id: str) -> ResponseStatus | Response:
    service = wiring.partner_service()
    partner = _digest_partner(call, path)
    if partner is None:
        return _unauthorized(path)
    wiring.push_service().kept_alive(partner.partner_id)
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
    return ResponseStatus.ok(path, device_id, gat_time(service.now()))


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


SUBSCRIBES = "/VIID/Subscribes"
INVALID_OPERATION, INVALID_JSON_FORMAT, INVALID_JSON_CONTENT = 4, 7, 8


def _viid_error(status: int, code: int, text: str, details: list[dict[str, Any]] | None = None) -> Response:
    body: dict[str, Any] = {
        "ResponseStatusObject": {"RequestURL": SUBSCRIBES, "StatusCode": code, "StatusString": text, "Id": ""}
    }
    if details:
        body["ResponseStatusObject"]["Details"] = details
    return Response(
        body=json.dumps(body, ensure_ascii=False), status_code=status, headers={"Content-Type": "application/json"}
    )


def _objects(raw: bytes) -> list[Any] | Response:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _viid_error(400, INVALID_JSON_FORMAT, "Invalid JSON Format")
    objects = ((doc or {}).get("SubscribeListObject") or {}).get("SubscribeObject") if isinstance(doc, dict) else None
    if not isinstance(objects, list) or not objects or len(objects) > 20:
        detail = {"field": "SubscribeListObject.SubscribeObject", "code": "missing", "message": "1 to 20 objects"}
        return _viid_error(400, INVALID_JSON_CONTENT, "Invalid JSON Content", [detail])
    parsed: list[Any] = []
    problems: list[dict[str, Any]] = []
    for i, obj in enumerate(objects):
        try:
            parsed.append(ViidSubscribeObject.model_validate(obj))
        except ValidationError as exc:
            for e in exc.errors():
                field = ".".join(str(p) for p in e["loc"])
                problems.append({"field": f"SubscribeObject.{i}.{field}", "code": e["type"], "message": e["msg"]})
    if problems:
        return _viid_error(400, INVALID_JSON_CONTENT, "Invalid JSON Content", problems)
    return parsed


@endpoint(
    bp,
    "POST",
    SUBSCRIBES,
    audience="partner",
    access=Access.anyone(),  # HTTP Digest, checked here (as /VIID/System/Register)
    request=ViidSubscribeIn,
    raw_body=True,  # bad input is answered in the standard's shape, not the API's
    response=ResponseStatusList,
    errors=(400, 401, 403),
    error_model=ResponseStatus,  # every refusal in the standard's shape (StatusCode 4, 7 or 8), as the 401 is
    summary="GA/T 1400 subscriptions of a registered partner platform (HTTP Digest); pushed while it keeps alive",
    operation_id="createViidSubscriptions",
)
def create_viid_subscriptions(call: Call[Any]) -> ResponseStatusList | Response:
    partner = _digest_partner(call, SUBSCRIBES)
    if partner is None:
        return _unauthorized(SUBSCRIBES)
    objects = _objects(call.raw_body)
    if isinstance(objects, Response):
        return objects
    push = wiring.push_service()
    # Every object is checked before any is saved: a refused batch leaves nothing half-written.
    for i, o in enumerate(objects):
        try:
            push.check(partner, o.ResourceURI, o.SubscribeDetail, o.ReceiveAddr, o.BeginTime, o.EndTime)
        except Forbidden:
            return _viid_error(403, INVALID_OPERATION, "Invalid Operation: your agreement does not cover this feed")
        except InvalidInput as exc:
            details = [{**d, "field": f"SubscribeObject.{i}.{d.get('field')}"} for d in exc.details or []]
            return _viid_error(400, INVALID_JSON_CONTENT, "Invalid JSON Content", details)
    now = gat_time(push.now())
    statuses = []
    for o in objects:
        sub = push.subscribe(
            partner,
            o.ResourceURI,
            o.SubscribeDetail,
            o.ReceiveAddr,
            o.ReportInterval,
            o.BeginTime,
            o.EndTime,
            o.Title,
            source="viid",
        )
        audit.record(
            actor=None,
            operator=partner.partner_id,
            operation="partner_subscribe",
            target_type="subscription",
            target_id=sub.subscription_id,
            community_id=sub.community_id,
            source_ip=call.source_ip,
            request_id=call.request_id,
            detail={"resource": sub.resource, "via": "viid"},
        )
        statuses.append(
            StatusObject(RequestURL=SUBSCRIBES, StatusCode=0, StatusString="OK", Id=sub.subscription_id, LocalTime=now)
        )
    return ResponseStatusList(ResponseStatusListObject=ResponseStatusListBody(ResponseStatusObject=statuses))
