"""Whatever bytes arrive (body, query string, path, Authorization header, tokens), the answer is a 4xx with a
machine-readable code, never a 500: deep nesting (RecursionError), Python's 4,300-digit int limit, NaN/Infinity,
bad UTF-8, forged tokens with hostile segments, extreme datetimes.

Each case names the refusal it expects, status, code and field, on a target that exists and by a caller the route
lets in: a test that accepted any 4xx stayed green with the JSON number guard of `parse_json` turned off (the route
then refused the body on its field names, or the handler answered 404 for a device that did not exist)."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest

from tests.support.identity import token_for

COMMUNITY = "c-" + uuid.uuid4().hex[:10]
LOGIN = "/v1/public/staff/login"


def nested_array(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def nested_object(depth: int, leaf: str = "1") -> str:
    return '{"a":' * depth + leaf + "}" * depth


def manager() -> str:
    return token_for({"staff.manager"}, {COMMUNITY}, subject="hostile-mgr")


def send(client: Any, method: str, path: str, raw: bytes | str | None = None, token: str | None = None) -> Any:
    from tests.support.callers import SIGNED, partner_signature

    headers = {"Content-Type": "application/json"}
    data = raw.encode() if isinstance(raw, str) else raw
    if token and token.startswith(SIGNED):  # a partner's route: the request is signed, body bytes included
        headers.update(partner_signature(token.removeprefix(SIGNED), method, path, data or b""))
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    return client.http.request(method, path, headers=headers, body=data if data is not None else b"")


def assert_4xx(response: Any, *codes: str) -> str:
    assert 400 <= response.status_code < 500, (response.status_code, response.body[:300])
    error = json.loads(response.body)["error"]
    assert error["code"] and error["requestId"]
    if codes:
        assert error["code"] in codes, error
    return str(error["code"])


def assert_refused(response: Any, status: int, code: str, field: str | None, detail: str | None) -> None:
    """Exactly this refusal: the status, the error code and (when given) the detail naming the field and why."""
    assert response.status_code == status, (response.status_code, response.body[:300])
    error = json.loads(response.body)["error"]
    assert error["code"] == code and error["requestId"], error
    if field is not None:
        assert (field, detail) in [(d.get("field"), d.get("code")) for d in error["details"]], error


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
# What each hostile body is refused with: the parser's own code and the field it names (the same on every route:
# the body is parsed before any model sees it).
REFUSALS: dict[str, tuple[str, str, str]] = {
    "array nested 5000": ("JSON_TOO_DEEP", "body", "too_deep"),
    "object nested 5000": ("JSON_TOO_DEEP", "body", "too_deep"),
    "object nested 100 (under the recursion limit, over ours)": ("JSON_TOO_DEEP", "body", "too_deep"),
    "5000-digit number": ("NUMBER_OUT_OF_RANGE", "username", "number_out_of_range"),
    "5000-digit negative number": ("NUMBER_OUT_OF_RANGE", "password", "number_out_of_range"),
    "5000-digit float": ("NUMBER_OUT_OF_RANGE", "password", "number_out_of_range"),
    "1e400": ("NUMBER_OUT_OF_RANGE", "password", "number_out_of_range"),
    "1e300 (beyond what DynamoDB stores)": ("NUMBER_OUT_OF_RANGE", "password", "number_out_of_range"),
    "1e-200 (below what DynamoDB stores)": ("NUMBER_OUT_OF_RANGE", "password", "number_out_of_range"),
    "Infinity": ("MALFORMED_JSON", "password", "malformed_json"),
    "-Infinity": ("MALFORMED_JSON", "password", "malformed_json"),
    "NaN": ("MALFORMED_JSON", "password", "malformed_json"),
    "bad UTF-8": ("MALFORMED_JSON", "body", "not_utf8"),
    "UTF-16": ("MALFORMED_JSON", "body", "not_utf8"),
    "lone surrogate escape": ("VALIDATION_FAILED", "username", "string_unicode"),
    "not an object": ("MALFORMED_JSON", "body", "not_an_object"),
    "truncated": ("MALFORMED_JSON", "body", "malformed"),
}


# Refused by the parser before any model sees the body, so the same on every route (the lone surrogate is a
# string the login's model refuses on its field).
PARSER_CASES = [case for case, (code, _, _) in REFUSALS.items() if code != "VALIDATION_FAILED"]


def test_every_hostile_body_has_its_refusal() -> None:
    assert REFUSALS.keys() == HOSTILE_BODIES.keys()


@pytest.mark.parametrize("case", sorted(HOSTILE_BODIES))
def test_hostile_bodies_on_the_unauthenticated_login(client: Any, case: str) -> None:
    assert_refused(send(client, "POST", LOGIN, HOSTILE_BODIES[case]), 400, *REFUSALS[case])


@pytest.mark.parametrize(
    ("value", "code", "detail"),
    [
        ('"Infinity"', "VALIDATION_FAILED", "float_type"),  # a string is not a number (strict bodies)
        ('"NaN"', "VALIDATION_FAILED", "float_type"),
        ('"1e400"', "VALIDATION_FAILED", "float_type"),
        ('"-inf"', "VALIDATION_FAILED", "float_type"),
        ("1e300", "NUMBER_OUT_OF_RANGE", "number_out_of_range"),  # the parser: beyond what DynamoDB stores
        ("1e-200", "NUMBER_OUT_OF_RANGE", "number_out_of_range"),
    ],
)
def test_floats_are_finite_and_storable(
    client: Any, registry_community: str, value: str, code: str, detail: str
) -> None:
    """`totalAreaSqm` has no upper bound of its own: the parser (or strict validation) refuses the value, on a
    community that exists, so a body that got through would be a building."""
    raw = '{"number": "9", "name": "B9", "floors": 6, "totalAreaSqm": ' + value + "}"
    path = f"/v1/staff/communities/{registry_community}/buildings"
    response = send(client, "POST", path, raw, community_manager(registry_community))
    assert_refused(response, 400, code, "totalAreaSqm", detail)
    listed = json.loads(send(client, "GET", path, None, community_manager(registry_community)).body)["items"]
    assert [b for b in listed if b["number"] == "9"] == [], "nothing was written"


def test_a_5000_character_password_is_a_validation_error(client: Any) -> None:
    response = send(client, "POST", LOGIN, json.dumps({"username": "someone", "password": "1" * 5000}))
    assert assert_4xx(response) == "VALIDATION_FAILED"
    assert json.loads(response.body)["error"]["details"][0]["field"] == "password"


@pytest.fixture
def registry_community(client: Any) -> str:
    from tests.support.registry import new_community

    return new_community(client)


def community_manager(community: str) -> str:
    return token_for({"staff.manager"}, {community}, subject="hostile-mgr")


@pytest.fixture
def door(client: Any, registry_community: str) -> str:
    """The commands' target: a door controller that exists (a missing one would answer 404 whatever the body)."""
    body = {"deviceType": "door_controller", "name": "hostile door", "location": {"area": "north gate"}}
    path = f"/v1/staff/communities/{registry_community}/devices"
    response = send(client, "POST", path, json.dumps(body), community_manager(registry_community))
    assert response.status_code == 201, response.body
    return f"{path}/{json.loads(response.body)['deviceId']}/commands"


def _commands_of(client: Any, door: str, community: str) -> Any:
    return json.loads(send(client, "GET", door, None, community_manager(community)).body)["items"]


@pytest.mark.parametrize("depth", [3000, 5000, 40])
def test_command_params_nested_deep(client: Any, registry_community: str, door: str, depth: int) -> None:
    params = nested_object(depth)
    raw = '{"name": "open_door", "params": ' + params + "}"
    assert_refused(
        send(client, "POST", door, raw, community_manager(registry_community)), 400, *REFUSALS["array nested 5000"]
    )
    assert _commands_of(client, door, registry_community) == []


@pytest.mark.parametrize(
    ("value", "code", "detail"),
    [
        ("9" * 5000, "NUMBER_OUT_OF_RANGE", "number_out_of_range"),
        ("1e400", "NUMBER_OUT_OF_RANGE", "number_out_of_range"),
        ("Infinity", "MALFORMED_JSON", "malformed_json"),
        ("NaN", "MALFORMED_JSON", "malformed_json"),
        ("123456789012345678901234567890123", "NUMBER_OUT_OF_RANGE", "number_out_of_range"),
        ("-" + "9" * 4400, "NUMBER_OUT_OF_RANGE", "number_out_of_range"),
    ],
)
def test_command_params_with_hostile_numbers(
    client: Any, registry_community: str, door: str, value: str, code: str, detail: str
) -> None:
    raw = '{"name": "open_door", "params": {"durationS": ' + value + "}}"
    response = send(client, "POST", door, raw, community_manager(registry_community))
    assert_refused(response, 400, code, "params.durationS", detail)
    assert _commands_of(client, door, registry_community) == []


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
    assert_refused(response, 401, "REFRESH_TOKEN_INVALID", None, None)


@pytest.mark.parametrize(
    ("query", "field", "detail"),
    [
        ("limit=" + "9" * 5000, "query.limit", "int_parsing_size"),
        ("limit=%EF%BC%91", "query.limit", "int_parsing"),  # a full-width digit one
        ("limit=-1", "query.limit", "greater_than_equal"),
        ("limit=1e3", "query.limit", "int_parsing"),
        ("cursor=" + "x" * 5000, "query.cursor", "string_too_long"),
        ("unknown=1", "query.unknown", "extra_forbidden"),
    ],
)
def test_hostile_query_strings(client: Any, query: str, field: str, detail: str) -> None:
    response = send(client, "GET", f"/v1/staff/communities/{COMMUNITY}/devices?{query}", None, manager())
    assert_refused(response, 400, "VALIDATION_FAILED", field, detail)


@pytest.mark.parametrize("device_id", ["x" * 300, "a%23b", "..", "-lead", "d%20space", "%E6%B5%8B"])
def test_path_values_that_are_no_id_are_404_before_any_handler(client: Any, device_id: str) -> None:
    response = send(client, "GET", f"/v1/staff/communities/{COMMUNITY}/devices/{device_id}", None, manager())
    assert_refused(response, 404, "NOT_FOUND", "path.device_id", "invalid_id")


@pytest.mark.parametrize(
    ("times", "field", "detail"),
    [
        ({"from": "0001-01-01T00:00:00Z", "to": "0001-01-02T00:00:00Z"}, "query.from", "out_of_range"),
        ({"to": "0001-01-01T00:00:00Z"}, "query.to", "out_of_range"),
        ({"from": "9999-12-31T23:59:59Z", "to": "9999-12-31T23:59:59Z"}, "query.to", "out_of_range"),
        ({"to": "9999-12-31T23:59:59+00:00"}, "query.to", "out_of_range"),
        ({"from": "1999-12-31T23:59:59Z", "to": "2000-01-01T00:00:01Z"}, "query.from", "out_of_range"),
        ({"to": "2026-01-01T00:00:00"}, "query.to", "time_zone_missing"),
        ({"to": "2026-13-01T00:00:00Z"}, "query.to", "invalid_time"),
        ({"to": "9" * 5000}, "query.to", "invalid_time"),
    ],
)
def test_extreme_audit_times_are_400(client: Any, times: dict[str, str], field: str, detail: str) -> None:
    from urllib.parse import urlencode

    admin = token_for({"community.admin"}, {COMMUNITY}, subject="hostile-admin", kind="admin")
    response = send(client, "GET", f"/v1/admin/communities/{COMMUNITY}/audit?{urlencode(times)}", None, admin)
    assert_refused(response, 400, "VALIDATION_FAILED", field, detail)
    platform = token_for({"platform.admin"}, {"*"}, subject="hostile-padmin", kind="admin")
    response = send(client, "GET", f"/v1/admin/platform/audit?{urlencode(times)}", None, platform)
    assert_refused(response, 400, "VALIDATION_FAILED", field, detail)


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
    """The class, not the examples: each declared JSON-body route, called by a caller its access lets in (so the
    body is reached, never refused at the door), answers every hostile body with the parser's own refusal."""
    from chalicelib.kernel.lazy_routes import all_endpoints
    from tests.support.callers import fill, token_through

    routes = [ep for ep in all_endpoints() if ep.request is not None and not ep.raw_body]
    assert len(routes) >= 25
    failures = []
    for ep in routes:
        path = fill(ep.path, COMMUNITY, "h-hostile-1")
        caller = token_through(ep, COMMUNITY, "h-hostile-1", subject="hostile-walker")
        for case in sorted(PARSER_CASES):
            response = send(client, ep.method, path, HOSTILE_BODIES[case], caller)
            code, field, detail = REFUSALS[case]
            try:
                assert_refused(response, 400, code, field, detail)
            except AssertionError:
                failures.append(f"{ep.method} {ep.path} [{case}]: {response.status_code} {response.body[:160]!r}")
    assert not failures, f"{len(failures)}:\n" + "\n".join(failures[:40])
