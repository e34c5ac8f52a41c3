"""`make up`'s stack over real HTTP: health, the demo data, the one error body, MQTT broker reachable over mTLS."""

from __future__ import annotations

import json
import socket
import ssl
import urllib.error
import urllib.request
from typing import Any


def http(method: str, url: str, body: Any = None, token: str | None = None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_health_reports_version_and_dynamodb(stack: dict[str, Any]) -> None:
    status, body = http("GET", stack["api"] + "/v1/health")
    assert status == 200
    assert body["status"] == "ok"
    assert body["checks"]["dynamodb"]["ok"] is True
    assert body["version"]


def test_unknown_routes_and_methods_get_the_one_error_body(stack: dict[str, Any]) -> None:
    for method, path, expected in [("GET", "/v1/no-such-route", 403), ("DELETE", "/v1/health", 405)]:
        status, body = http(method, stack["api"] + path)
        assert status == expected
        assert set(body["error"]) == {"code", "message", "requestId", "details"}


def test_broker_requires_a_client_certificate(stack: dict[str, Any]) -> None:
    context = ssl.create_default_context(cafile=stack["mqtt"]["ca"])
    with socket.create_connection(("127.0.0.1", stack["mqtt"]["port"]), timeout=5) as raw:
        try:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(b"\x10\x00")  # a CONNECT the broker must never accept without a certificate
                refused = tls.recv(16) == b""
        except (ssl.SSLError, ConnectionResetError):
            refused = True
    assert refused


def test_demo_logins_are_printed_and_work(stack: dict[str, Any]) -> None:
    demo = stack["demo"]
    assert demo["logins"], "make up prints demo logins"
    staff = demo["identity"]["staff"]
    for role in ("manager", "guard"):
        creds = staff[role]
        status, body = http(
            "POST",
            stack["api"] + "/v1/public/staff/login",
            {"username": creds["username"], "password": creds["password"]},
        )
        assert status == 200, body
        assert body["accessToken"]


def test_demo_resident_logs_in_binds_the_seeded_house_and_sees_it(stack: dict[str, Any]) -> None:
    api = stack["api"]
    binding = stack["demo"]["registry"]["resident_binding"]
    community = stack["demo"]["registry"]["community_ids"][0]
    status, session = http("POST", api + "/v1/public/resident/login", {"code": "demo-resident"})
    assert status == 200, session
    bind = {"houseId": binding["house_id"], "name": binding["name"], "phone": binding["phone"]}
    status, membership = http(
        "POST", f"{api}/v1/resident/communities/{community}/bindings", bind, session["accessToken"]
    )
    # other tests on the same stack may have bound the demo resident first (the stack is shared per session)
    assert status == 201 or (status, membership["error"]["code"]) == (409, "ALREADY_BOUND"), membership
    if status == 201:
        assert membership["houseId"] == binding["house_id"]
    status, again = http("POST", f"{api}/v1/resident/communities/{community}/bindings", bind, session["accessToken"])
    assert status == 409 and again["error"]["code"] == "ALREADY_BOUND"
    # The household is in the token a refresh gives (the bind's own answer carries one too).
    status, refreshed = http("POST", api + "/v1/public/token/refresh", {"refreshToken": session["refreshToken"]})
    assert status == 200, refreshed
    status, households = http("GET", api + "/v1/resident/households", token=refreshed["accessToken"])
    assert status == 200, households
    assert binding["house_id"] in json.dumps(households)
