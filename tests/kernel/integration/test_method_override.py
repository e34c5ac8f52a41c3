"""Every operation is callable through WeChat's `wx.request`: PATCH travels as POST + X-HTTP-Method-Override.

The contract test fails as soon as someone declares an operation with a method `wx.request` lacks and the workaround
does not cover it (in the contract, in the app's routes and in the API Gateway definition `chalice package` emits).
The behaviour tests run a private app through the real endpoint decorator, and the real app through the local cloud.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.kernel.contracts import Contract
from chalicelib.kernel.http import Call, Endpoint, endpoint
from chalicelib.kernel.method_override import OVERRIDE_HEADER, WX_REQUEST_METHODS
from chalicelib.kernel.security.access import Access
from tests.support.registry import call, fake_id_card, fake_phone, headers, new_community, token

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def wire(op: dict[str, Any], method: str) -> tuple[str, dict[str, str]]:
    """What a wx.request client sends for this operation: (method, extra headers)."""
    override = op.get("x-method-override")
    if override is None:
        return method.upper(), {}
    return override["method"], dict(override["headers"])


def test_every_contract_operation_uses_a_method_wx_request_has(app: Any) -> None:
    from chalice.deploy.swagger import CFNSwaggerGenerator

    from mobile_contracts.generate import build

    document = build()
    gateway = CFNSwaggerGenerator().generate_swagger(app)["paths"]
    operations = [(p, m, op) for p, item in document["paths"].items() for m, op in item.items() if m in HTTP_METHODS]
    assert len(operations) > 50
    tunnelled = 0
    for path, method, op in operations:
        sent, extra = wire(op, method)
        assert sent in WX_REQUEST_METHODS, f"{method.upper()} {path}: wx.request cannot send {sent} and no override"
        if method.upper() not in WX_REQUEST_METHODS:
            tunnelled += 1
            assert extra == {OVERRIDE_HEADER: method.upper()}, op["operationId"]
            assert OVERRIDE_HEADER in op["description"]
            assert sent in app.routes[path], f"the app does not route {sent} {path}"
            assert sent.lower() in gateway[path], f"API Gateway would not route {sent} {path}"
        assert method in gateway[path], f"API Gateway would not route {method.upper()} {path}"
    assert tunnelled >= 5  # the registry's PATCH operations at least
    assert "X-HTTP-Method-Override: PATCH" in document["info"]["description"]


def test_public_operations_declare_no_security_and_the_rest_the_bearer_token() -> None:
    from chalicelib.kernel.lazy_routes import all_endpoints
    from mobile_contracts.generate import build

    ENDPOINTS = all_endpoints()
    # Anonymous operations (sign-ins, WeChat Pay's notifications, a gate's certificate-signed sign-in) say so.
    anonymous = {(ep.method.lower(), ep.path) for ep in ENDPOINTS if ep.access.public}
    for path, item in build()["paths"].items():
        for method, op in item.items():
            expected: list[Any] = [] if (method, path) in anonymous else [{"bearer": []}]
            assert op["security"] == expected, path


class Note(Contract):
    text: str


class NoteOut(Contract):
    text: str
    via: str


def make_app() -> tuple[Chalice, list[Endpoint]]:
    test_app = Chalice(app_name="override-test")
    registry: list[Endpoint] = []
    staff = Access.community("registry:write")

    @endpoint(test_app, "PATCH", "/v1/staff/communities/{community_id}/notes/{note_id}", audience="staff",
              access=staff, request=Note, response=NoteOut, summary="edit", registry=registry)  # fmt: skip
    def edit_note(call: Call[Note]) -> NoteOut:
        return NoteOut(text=call.body.text, via=f"PATCH {call.path['note_id']}")

    @endpoint(test_app, "POST", "/v1/staff/communities/{community_id}/notes/{note_id}", audience="staff",
              access=staff, request=Note, response=NoteOut, summary="append", registry=registry)  # fmt: skip
    def append_note(call: Call[Note]) -> NoteOut:
        return NoteOut(text=call.body.text, via="POST")

    @endpoint(test_app, "PATCH", "/v1/staff/communities/{community_id}/tags/{tag_id}", audience="staff",
              access=staff, request=Note, response=NoteOut, summary="edit tag", registry=registry)  # fmt: skip
    def edit_tag(call: Call[Note]) -> NoteOut:
        return NoteOut(text=call.body.text, via="PATCH tag")

    @endpoint(test_app, "DELETE", "/v1/staff/communities/{community_id}/tags/{tag_id}", audience="staff",
              access=staff, summary="drop tag", status=204, registry=registry)  # fmt: skip
    def drop_tag(call: Call[Any]) -> None:
        return None

    return test_app, registry


@pytest.fixture(scope="module")
def private() -> Client:
    test_app, _ = make_app()
    return Client(test_app)


COMMUNITY = "c-" + uuid.uuid4().hex[:6]


def send(
    client: Client,
    method: str,
    path: str,
    body: Any,
    tok: str | None,
    override: str | None = None,
    language: str | None = None,
) -> Any:
    h = headers(tok)
    if language:
        h["Accept-Language"] = language
    if override:
        h[OVERRIDE_HEADER] = override
    fn = getattr(client.http, method.lower())
    response = fn(path, headers=h, body=json.dumps(body) if body is not None else b"")
    return response.status_code, (json.loads(response.body) if response.body else None)


def test_post_with_the_override_reaches_the_patch_view_and_plain_post_its_own(private: Client) -> None:
    tok = token({"staff.manager"}, {COMMUNITY})
    notes = f"/v1/staff/communities/{COMMUNITY}/notes/n1"
    assert send(private, "PATCH", notes, {"text": "a"}, tok) == (200, {"text": "a", "via": "PATCH n1"})
    assert send(private, "POST", notes, {"text": "b"}, tok, "PATCH") == (200, {"text": "b", "via": "PATCH n1"})
    assert send(private, "POST", notes, {"text": "c"}, tok, "patch") == (200, {"text": "c", "via": "PATCH n1"})
    assert send(private, "POST", notes, {"text": "d"}, tok) == (200, {"text": "d", "via": "POST"})


def test_the_tunnelled_call_gets_the_same_checks_as_the_real_method(private: Client) -> None:
    notes = f"/v1/staff/communities/{COMMUNITY}/notes/n1"
    status, body = send(private, "POST", notes, {"text": "x"}, None, "PATCH")
    assert status == 401 and body["error"]["code"]
    other = token({"staff.manager"}, {"c-elsewhere"})
    assert send(private, "POST", notes, {"text": "x"}, other, "PATCH")[0] == 403
    status, body = send(private, "POST", notes, {"text": 5, "extra": 1}, token({"staff.manager"}, {COMMUNITY}), "PATCH")
    assert status == 400 and body["error"]["code"] == "VALIDATION_FAILED"
    assert {d["field"] for d in body["error"]["details"]} == {"text", "extra"}


def test_post_without_a_declared_override_is_refused_with_the_error_body(private: Client) -> None:
    tok = token({"staff.manager"}, {COMMUNITY})
    tags = f"/v1/staff/communities/{COMMUNITY}/tags/t1"
    assert send(private, "POST", tags, {"text": "t"}, tok, "PATCH") == (200, {"text": "t", "via": "PATCH tag"})
    for override in (None, "DELETE", "GET", "PUT"):
        status, body = send(private, "POST", tags, {"text": "t"}, tok, override)
        assert status == 405, override
        assert body["error"]["code"] == "METHOD_NOT_ALLOWED"
        assert body["error"]["details"][0]["field"] == OVERRIDE_HEADER  # the hint, whatever the language
        assert body["error"]["details"][0]["allowed"] == ["PATCH"]
        assert set(body["error"]) == {"code", "message", "requestId", "details"}
        english = send(private, "POST", tags, {"text": "t"}, tok, override, "en")[1]
        assert OVERRIDE_HEADER in english["error"]["message"]
    # The override never downgrades a plain POST into another method either.
    notes = f"/v1/staff/communities/{COMMUNITY}/notes/n1"
    assert send(private, "POST", notes, {"text": "t"}, tok, "DELETE")[0] == 405


def test_a_person_is_updated_through_post_with_the_override(client: Any) -> None:
    community = new_community(client)
    tok = token({"staff.manager"}, {community})
    base = f"/v1/staff/communities/{community}/people"
    fields = {"name": "王芳", "idNumber": fake_id_card(), "phone": fake_phone()}
    status, person = call(client, "POST", base, tok, fields)
    assert status == 201, person
    path = f"{base}/{person['personId']}"
    status, updated = send(client, "POST", path, {"version": person["version"], "tags": ["via-post"]}, tok, "PATCH")
    assert status == 200, updated
    assert updated["tags"] == ["via-post"] and updated["version"] == person["version"] + 1
    status, stale = send(client, "POST", path, {"version": person["version"], "tags": ["late"]}, tok, "PATCH")
    assert status == 409 and stale["error"]["code"]
    guard = token({"staff.guard"}, {community})
    assert send(client, "POST", path, {"version": updated["version"], "tags": []}, guard, "PATCH")[0] == 403
