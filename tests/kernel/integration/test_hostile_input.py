"""Whatever bytes arrive (body, query string, path, Authorization header, tokens), the answer is a 4xx with a
machine-readable code, never a 500: deep nesting (RecursionError), Python's 4,300-digit int limit, NaN/Infinity,
bad UTF-8, forged tokens with hostile segments, extreme datetimes."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest

from tests.support.identity import token_for

COMMUNITY = "c-" + uuid.uuid4().hex[:10]
LOGIN = "/v1/public/staff/login"
COMMANDS = f"/v1/staff/communities/{COMMUNITY}/devices/door-controller-0123456789ab/commands"


def nested_array(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def nested_object(depth: int, leaf: str = "1") -> str:
    return '{"a":' * depth + leaf + "}" * depth


def manager() -> str:
    return token_for({"staff.manager"}, {COMMUNITY}, subject="hostile-mgr")


def send(client: Any, method: str, path: str, raw: bytes | str | None = None, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = raw.encode() if isinstance(raw, str) else raw
    return client.http.request(method, path, headers=headers, body=data if data is not None else b"")


def assert_4xx(response: Any, *codes: str) -> str:
    assert 400 <= response.status_code < 500, (response.status_code, response.body[:300])
    error = json.loads(response.body)["error"]
    assert error["code"] and error["requestId"]
    if codes:
        assert error["code"] in codes, error
    return str(error["code"])


HOSTILE_BODIES = {
    "array nested 5000": nested_array(5000),
    "object nested 5000": nested_object(5000).encode(),
    "object nested 100 (under the recursion limit, over ours)": nested_object(100).encode(),
    "5000-digit number": b'{"username": ' + b"9" * 5000 + b', "password": "x"}',
    "5000-digit negative number": b'{"username": "a", "password": -' + b"9" * 5000 + b"}",
    "5000-digit float": b'{"username": "a", "password": ' + b"9" * 5000 + b".5}",
    "1e400": b'{"username": "a", "password": 1e400}',
    "1e300 (beyond what DynamoDB stores)": b'{"username": "a", "password": 1e300}',
    "1e-200 (below what DynamoDB stores)": b'{"username": "a", "password": 1e-200}',
    "Infinity": b'{"username": "a", "password": Infinity}',
    "-Infinity": b'{"username": "a", "password": -Infinity}',
    "NaN": b'{"username": "a", "password": NaN}',
    "bad UTF-8": b'{"username": "\xff\xfe", "password": "x"}',
    "UTF-16": '{"username": "a", "password": "x"}'.encode("utf-16"),
    "lone surrogate escape": b'{"username": "\\ud800", "password": "x"}',
    "not an object": b"[1, 2, 3]",
    "truncated": b'{"username": ',
}


@pytest.mark.parametrize("case", sorted(HOSTILE_BODIES))
def test_hostile_bodies_on_the_unauthenticated_login(client: Any, case: str) -> None:
    assert_4xx(send(client, "POST", LOGIN, HOSTILE_BODIES[case]))


@pytest.mark.parametrize("value", ['"Infinity"', '"NaN"', '"1e400"', '"-inf"', '"1e300"', "1e300"])
def test_floats_are_finite_and_storable_whatever_the_field_coerces(client: Any, value: str) -> None:
    """`totalAreaSqm` has no upper bound of its own: the one check after validation still refuses the value."""
    raw = '{"number": "9", "name": "B9", "floors": 6, "totalAreaSqm": ' + value + "}"
    response = send(client, "POST", f"/v1/staff/communities/{COMMUNITY}/buildings", raw, manager())
    assert response.status_code == 400, response.body
    error = json.loads(response.body)["error"]
    assert error["code"] in ("VALIDATION_FAILED", "NUMBER_OUT_OF_RANGE"), error
    if error["code"] == "VALIDATION_FAILED":
        assert error["details"][0]["field"] == "totalAreaSqm", error


def test_a_5000_character_password_is_a_validation_error(client: Any) -> None:
    response = send(client, "POST", LOGIN, json.dumps({"username": "someone", "password": "1" * 5000}))
    assert assert_4xx(response) == "VALIDATION_FAILED"
    assert json.loads(response.body)["error"]["details"][0]["field"] == "password"


@pytest.mark.parametrize("depth", [3000, 5000, 40])
def test_command_params_nested_deep(client: Any, depth: int) -> None:
    params = nested_object(depth)
    raw = '{"name": "open_door", "params": ' + params + "}"
    assert_4xx(send(client, "POST", COMMANDS, raw, manager()), "JSON_TOO_DEEP")


@pytest.mark.parametrize(
    "value", ["9" * 5000, "1e400", "Infinity", "NaN", "123456789012345678901234567890123", "-" + "9" * 4400]
)
def test_command_params_with_hostile_numbers(client: Any, value: str) -> None:
    raw = '{"name": "open_door", "params": {"durationS": ' + value + "}}"
    assert_4xx(send(client, "POST", COMMANDS, raw, manager()))


def _segment(data: str) -> str:
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


HS256 = _segment('{"alg":"HS256","typ":"JWT"}')
HOSTILE_TOKENS = {
    "header nested 5000": _segment(nested_object(5000)) + "." + _segment("{}") + ".sig",
    "payload nested 5000": HS256 + "." + _segment(nested_object(5000)) + ".sig",
    "huge number in header": _segment('{"alg":"HS256","kid":' + "9" * 5000 + "}") + "." + _segment("{}") + ".sig",
    "huge number in payload": HS256 + "." + _segment('{"exp":' + "9" * 5000 + "}") + ".sig",
    "100 kB": "a" * 100_000,
    "non-ASCII": "tökén.ünïcode.sïg",
    "alg none": _segment('{"alg":"none"}') + "." + _segment('{"sub":"x"}') + ".",
    "not base64": "!!!.???.***",
}


@pytest.mark.parametrize("case", sorted(HOSTILE_TOKENS))
def test_hostile_access_tokens_are_401(client: Any, case: str) -> None:
    response = client.http.get(
        f"/v1/staff/communities/{COMMUNITY}/devices", headers={"Authorization": f"Bearer {HOSTILE_TOKENS[case]}"}
    )
    assert response.status_code == 401, response.body
    assert_4xx(response, "TOKEN_INVALID")


def test_a_token_signed_by_us_with_odd_claims_is_401_not_500(client: Any) -> None:
    import jwt

    from chalicelib.kernel.security.tokens import AUDIENCE, ISSUER, _secret

    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "typ": "access", "iat": 1, "exp": 4_000_000_000}
    for odd in ({"rol": "staff.manager"}, {"rol": [1, 2]}, {"cty": {"a": 1}}, {"iam": "soon"}, {"iam": [1]}):
        tok = jwt.encode({**claims, **odd}, _secret(), algorithm="HS256")
        response = client.http.get(
            f"/v1/staff/communities/{COMMUNITY}/devices", headers={"Authorization": f"Bearer {tok}"}
        )
        assert response.status_code == 401, (odd, response.body)


@pytest.mark.parametrize(
    "refresh",
    [
        "rt1.fam.\u00b2.secret",  # a Unicode digit: str.isdigit() says yes, int() says no
        "rt1.fam." + "9" * 400 + ".secret",
        "rt1." + "x" * 300 + ".1.secret",
        "rt1.fam.1.sec ret",
        "rt1...",
        "rt1.fam.-1.secret",
    ],
)
@pytest.mark.parametrize("route", ["/v1/public/token/refresh", "/v1/public/logout"])
def test_malformed_refresh_tokens_are_refused(client: Any, refresh: str, route: str) -> None:
    response = send(client, "POST", route, json.dumps({"refreshToken": refresh}))
    assert_4xx(response, "REFRESH_TOKEN_INVALID", "VALIDATION_FAILED")


@pytest.mark.parametrize(
    "query",
    ["limit=" + "9" * 5000, "limit=%EF%BC%91", "limit=-1", "limit=1e3", "cursor=" + "x" * 5000, "unknown=1"],
)
def test_hostile_query_strings(client: Any, query: str) -> None:
    response = send(client, "GET", f"/v1/staff/communities/{COMMUNITY}/devices?{query}", None, manager())
    assert_4xx(response)


@pytest.mark.parametrize("device_id", ["x" * 300, "a#b", "..", "-lead", "d%20space", "%E6%B5%8B"])
def test_path_ids_that_name_nothing_are_404(client: Any, device_id: str) -> None:
    response = send(client, "GET", f"/v1/staff/communities/{COMMUNITY}/devices/{device_id}", None, manager())
    assert_4xx(response)


@pytest.mark.parametrize(
    "times",
    [
        {"from": "0001-01-01T00:00:00Z", "to": "0001-01-02T00:00:00Z"},
        {"to": "0001-01-01T00:00:00Z"},
        {"from": "9999-12-31T23:59:59Z", "to": "9999-12-31T23:59:59Z"},
        {"to": "9999-12-31T23:59:59+00:00"},
        {"from": "1999-12-31T23:59:59Z", "to": "2000-01-01T00:00:01Z"},
        {"to": "2026-01-01T00:00:00"},  # no zone
        {"to": "2026-13-01T00:00:00Z"},
        {"to": "9" * 5000},
    ],
)
def test_extreme_audit_times_are_400(client: Any, times: dict[str, str]) -> None:
    from urllib.parse import urlencode

    admin = token_for({"community.admin"}, {COMMUNITY}, subject="hostile-admin", kind="admin")
    response = send(client, "GET", f"/v1/admin/communities/{COMMUNITY}/audit?{urlencode(times)}", None, admin)
    assert response.status_code == 400, response.body
    platform = token_for({"platform.admin"}, {"*"}, subject="hostile-padmin", kind="admin")
    assert send(client, "GET", f"/v1/admin/platform/audit?{urlencode(times)}", None, platform).status_code == 400


def test_error_messages_never_name_an_exception_class() -> None:
    from chalicelib.kernel.http_errors import error_response

    response = error_response(
        400,
        "IMPORT_UNREADABLE",
        "the workbook cannot be read: BadZipFile",
        "r1",
        [{"field": "file", "code": "x", "message": "KeyError('sheet1.xml')"}],
    )
    text = json.dumps(response.body) if not isinstance(response.body, str) else response.body
    for name in ("BadZipFile", "KeyError", "Error", "Exception"):
        assert name not in text


def test_every_route_with_a_body_refuses_every_hostile_body(client: Any) -> None:
    """The class, not the examples: each declared JSON-body route (authorised as the platform admin, so the body is
    reached) answers every hostile body with a 4xx and a code."""
    import re

    from chalicelib.kernel.lazy_routes import all_endpoints

    ENDPOINTS = all_endpoints()
    admin = token_for({"platform.admin"}, {"*"}, kind="admin", subject="hostile-walker")
    routes = [ep for ep in ENDPOINTS if ep.request is not None and not ep.raw_body]
    assert len(routes) >= 25
    failures = []
    for ep in routes:
        path = re.sub(r"\{[a-z_]+\}", "dummy-1", ep.path.replace("{community_id}", COMMUNITY))
        for case in (
            "array nested 5000",
            "5000-digit number",
            "1e300 (beyond what DynamoDB stores)",
            "NaN",
            "bad UTF-8",
        ):
            response = send(client, ep.method, path, HOSTILE_BODIES[case], admin)
            if not 400 <= response.status_code < 500 or not json.loads(response.body)["error"]["code"]:
                failures.append(f"{ep.method} {ep.path} [{case}]: {response.status_code}")
    assert not failures, "\n".join(failures)
