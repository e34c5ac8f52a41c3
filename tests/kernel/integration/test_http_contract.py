"""The endpoint framework's contract: one error body, field-level details, deny by default, no leaked traces.

A private Chalice app with its own endpoint registry exercises the framework without adding routes to the real API.
"""

from __future__ import annotations

import io
import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.kernel.contracts import Contract
from chalicelib.kernel.errors import NotFound
from chalicelib.kernel.http import Call, Endpoint, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.kernel.security.principal import Principal
from chalicelib.kernel.security.tokens import issue_access_token

COMMUNITY = "c-" + uuid.uuid4().hex[:6]


class Greeting(Contract):
    name: str
    times: int = 1


class GreetingQuery(Contract):
    loud: bool = False


class Greeted(Contract):
    text: str
    community: str


def make_app() -> tuple[Chalice, list[Endpoint]]:
    test_app = Chalice(app_name="contract-test")
    registry: list[Endpoint] = []

    @endpoint(
        test_app,
        "POST",
        "/v1/staff/communities/{community_id}/greetings",
        audience="staff",
        access=Access.community("registry:write"),
        request=Greeting,
        query=GreetingQuery,
        response=Greeted,
        status=201,
        summary="greet",
        registry=registry,
    )
    def greet(call: Call) -> Greeted:
        text = " ".join([f"hello {call.body.name}"] * call.body.times)
        return Greeted(text=text.upper() if call.query.loud else text, community=call.path["community_id"])

    @endpoint(
        test_app,
        "GET",
        "/v1/staff/communities/{community_id}/boom",
        audience="staff",
        access=Access.community("registry:read"),
        summary="boom",
        registry=registry,
    )
    def boom(call: Call) -> None:
        raise RuntimeError("secret internals: db password is hunter2")

    @endpoint(
        test_app,
        "GET",
        "/v1/staff/communities/{community_id}/missing",
        audience="staff",
        access=Access.community("registry:read"),
        summary="missing",
        registry=registry,
    )
    def missing(call: Call) -> None:
        raise NotFound("no such thing", code="THING_NOT_FOUND")

    return test_app, registry


@pytest.fixture(scope="module")
def manager(cloud: Any) -> str:
    return token({"staff.manager"}, {COMMUNITY})


@pytest.fixture(scope="module")
def http(cloud: Any) -> Iterator[Any]:
    test_app, _ = make_app()
    with Client(test_app) as client:
        yield client.http


def token(roles: set[str], communities: set[str], ttl: int = 600, now: float | None = None) -> str:
    principal = Principal(subject="u-1", kind="staff", roles=frozenset(roles), communities=frozenset(communities))
    return issue_access_token(principal, ttl_seconds=ttl, now=now)


def headers(tok: str | None = None, content_type: str = "application/json") -> dict[str, str]:
    result = {"Content-Type": content_type}
    if tok:
        result["Authorization"] = f"Bearer {tok}"
    return result


PATH = f"/v1/staff/communities/{COMMUNITY}/greetings"


def error_of(response: Any) -> dict[str, Any]:
    body = json.loads(response.body)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "requestId", "details"}
    assert body["error"]["requestId"]
    return body["error"]


def test_valid_request_is_answered_with_the_response_model(http: Any, manager: str) -> None:
    response = http.post(PATH + "?loud=true", headers=headers(manager), body=json.dumps({"name": "li", "times": 2}))
    assert response.status_code == 201
    assert json.loads(response.body) == {"text": "HELLO LI HELLO LI", "community": COMMUNITY}


@pytest.mark.parametrize(
    ("body", "status", "code", "field", "detail_code"),
    [
        ("{not json", 400, "MALFORMED_JSON", "body", "malformed"),
        ("[1, 2]", 400, "MALFORMED_JSON", "body", "not_an_object"),
        ("", 400, "MALFORMED_JSON", "body", "not_an_object"),
        ('{"name": "li", "times": "many"}', 400, "VALIDATION_FAILED", "times", "int_type"),
        ('{"times": 1}', 400, "VALIDATION_FAILED", "name", "missing"),
        ('{"name": "li", "admin": true}', 400, "VALIDATION_FAILED", "admin", "extra_forbidden"),
    ],
)
def test_bad_bodies_get_a_4xx_with_field_details(
    http: Any, manager: str, body: str, status: int, code: str, field: str | None, detail_code: str | None
) -> None:
    response = http.post(PATH, headers=headers(manager), body=body)
    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == code
    if field:
        assert {"field": field, "code": detail_code} in [
            {"field": d["field"], "code": d["code"]} for d in error["details"]
        ]


def test_oversized_body_is_refused(http: Any, manager: str) -> None:
    response = http.post(PATH, headers=headers(manager), body=json.dumps({"name": "x" * 70_000}))
    assert response.status_code == 413
    assert error_of(response)["code"] == "PAYLOAD_TOO_LARGE"


def test_wrong_media_type_is_refused(http: Any, manager: str) -> None:
    response = http.post(PATH, headers=headers(manager, "text/plain"), body='{"name": "li"}')
    assert response.status_code == 415
    assert error_of(response)["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_unknown_or_bad_query_parameters_are_refused(http: Any, manager: str) -> None:
    response = http.post(PATH + "?loud=maybe", headers=headers(manager), body='{"name": "li"}')
    assert response.status_code == 400
    assert error_of(response)["details"][0]["field"] == "query.loud"
    response = http.post(PATH + "?debug=1", headers=headers(manager), body='{"name": "li"}')
    assert response.status_code == 400
    assert error_of(response)["details"][0]["code"] == "extra_forbidden"


def _tampered() -> str:
    good = token({"staff.manager"}, {COMMUNITY})
    header, payload, signature = good.split(".")
    return ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])


AUTH_CASES: dict[str, tuple[Any, int, str]] = {
    "no token": (lambda: None, 401, "TOKEN_MISSING"),
    "basic scheme": (lambda: "Basic abc", 401, "TOKEN_INVALID"),
    "not a jwt": (lambda: "Bearer not-a-jwt", 401, "TOKEN_INVALID"),
    "expired": (
        lambda: "Bearer " + token({"staff.manager"}, {COMMUNITY}, ttl=60, now=time.time() - 3600),
        401,
        "TOKEN_EXPIRED",
    ),
    "tampered": (lambda: "Bearer " + _tampered(), 401, "TOKEN_INVALID"),
    "other community": (
        lambda: "Bearer " + token({"staff.manager"}, {"another-community"}),
        403,
        "COMMUNITY_FORBIDDEN",
    ),
    "role lacks permission": (lambda: "Bearer " + token({"staff.guard"}, {COMMUNITY}), 403, "PERMISSION_DENIED"),
    "unknown role": (lambda: "Bearer " + token({"no.such.role"}, {COMMUNITY}), 403, "PERMISSION_DENIED"),
}


@pytest.mark.parametrize("case", list(AUTH_CASES))
def test_access_is_denied_by_default(http: Any, case: str) -> None:
    make_auth, status, code = AUTH_CASES[case]
    auth = make_auth()
    hdrs = {"Content-Type": "application/json", **({"Authorization": auth} if auth else {})}
    response = http.post(PATH, headers=hdrs, body='{"name": "li"}')
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_authentication_is_checked_before_the_body(http: Any) -> None:
    response = http.post(PATH, headers=headers(None), body="{broken")
    assert response.status_code == 401


def test_domain_errors_keep_their_code(http: Any, manager: str) -> None:
    response = http.get(f"/v1/staff/communities/{COMMUNITY}/missing", headers=headers(manager))
    assert response.status_code == 404
    assert error_of(response)["code"] == "THING_NOT_FOUND"


def test_unexpected_errors_are_500_without_the_trace_but_logged_with_it(http: Any, manager: str) -> None:
    from chalicelib.kernel.observability import logger

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    logging.getLogger(logger.service).addHandler(handler)
    try:
        response = http.get(f"/v1/staff/communities/{COMMUNITY}/boom", headers=headers(manager))
    finally:
        logging.getLogger(logger.service).removeHandler(handler)
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "INTERNAL_ERROR"
    assert "hunter2" not in response.body.decode() and "Traceback" not in response.body.decode()
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    failures = [line for line in lines if line.get("message") == "unhandled error"]
    assert failures, "the failure is logged"
    assert "hunter2" in failures[-1]["exception"] and "RuntimeError" in failures[-1]["exception_name"]
    assert failures[-1]["request_id"] == error["requestId"], "every log line carries the request id"


def test_real_app_health_and_rewritten_chalice_errors(client: Any) -> None:
    response = client.http.get("/v1/health")
    assert response.status_code == 200
    body = json.loads(response.body)
    assert body["status"] == "ok" and body["checks"]["dynamodb"]["ok"] is True
    assert body["version"] and body["stage"] == "local"
    response = client.http.delete("/v1/health")
    assert response.status_code == 405
    assert error_of(response)["code"] == "METHOD_NOT_ALLOWED"


def test_every_route_is_versioned_and_declared(app: Any) -> None:
    from chalicelib.kernel import method_override
    from chalicelib.kernel.http import AUDIENCES
    from chalicelib.kernel.lazy_routes import all_endpoints

    ENDPOINTS = all_endpoints()
    declared = {(ep.method, ep.path) for ep in ENDPOINTS}
    # A PATCH endpoint is also routed as POST + X-HTTP-Method-Override (wx.request has no PATCH): declared by it.
    declared |= {("POST", ep.path) for ep in ENDPOINTS if method_override.needs_override(ep.method)}
    for path, methods in app.routes.items():
        assert path.startswith(("/v1/", "/VIID/")), path  # /VIID/: GA/T 1400's own fixed paths
        for method in methods:
            assert (method, path) in declared, f"{method} {path} bypasses the endpoint decorator"
    for ep in ENDPOINTS:
        assert ep.audience in AUDIENCES
        segment = ep.path.split("/")[2]
        if ep.path.startswith("/VIID/"):  # GA/T 1400's paths are the standard's; they serve partner platforms
            assert ep.audience == "partner", ep.path
            continue
        assert segment == ep.audience or ep.audience == "public" or segment in ("health", "public", "me"), ep.path
