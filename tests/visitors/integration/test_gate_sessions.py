"""Gate sessions end with their certificate, and a signed sign-in works once.

The first walks every way a gate's certificate stops being its active one (revoked, rotated, the device retired or
disabled, each through the staff routes as an operator does it) x every route a gate's session may call (read from
the endpoint declarations: a new gate route without a sample request here fails): the session opened before is
refused at its next request, not when its 5-minute token runs out.

The second walks the ways a signed sign-in can be presented again: the same body, the same nonce signed anew (another
signedAt), the nonce changed under the old signature; only a fresh nonce with its own signature opens a session.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from tests.support.identity import token_for
from tests.support.visitors import Gate, Place, add_gate, call, gate_session, iso, new_place, now, signed_sign_in


@pytest.fixture
def place(cloud: Any) -> Place:
    return new_place()


def gate_routes() -> list[Any]:
    from chalicelib.kernel.lazy_routes import all_endpoints

    return [ep for ep in all_endpoints() if ep.audience == "gate" and not ep.access.public]


def sample(ep: Any, community: str) -> tuple[str, str, Any]:
    """A request each gate route answers with 200 while the session holds (nothing it changes matters here)."""
    path = ep.path.replace("{community_id}", community)
    bodies: dict[str, Any] = {
        "GET /v1/gate/communities/{community_id}/pass-keys": None,
        "GET /v1/gate/communities/{community_id}/keypad-passes": None,
        "POST /v1/gate/communities/{community_id}/verify": {"plate": "京A00000"},
        "POST /v1/gate/communities/{community_id}/offline-entries": {
            "admissions": [{"entryId": "oe-session-1", "passId": "vp" + "0" * 16, "at": iso(now()), "direction": "out"}]
        },
        "POST /v1/gate/communities/{community_id}/credentials/present": {"kind": "card", "reference": "card-0000"},
    }
    route = f"{ep.method} {ep.path}"
    assert route in bodies, f"{route}: a gate route without a sample request in this test"
    return ep.method, path, bodies[route]


def open_session(client: Any, place: Place, gate: Gate) -> str:
    response = gate_session(client, place.community, gate)
    assert response.status_code == 201, response.body
    return str(json.loads(response.body)["accessToken"])


def operator(place: Place) -> str:
    return token_for({"staff.technician"}, {place.community}, subject="tech-sessions")


def device_path(place: Place, gate: Gate) -> str:
    return f"/v1/staff/communities/{place.community}/devices/{gate.device_id}"


def revoke(client: Any, place: Place, gate: Gate) -> None:
    status, body = call(
        client, "POST", device_path(place, gate) + "/certificate/revoke", operator(place), {"reason": "stolen"}
    )
    assert status == 200, body


def rotate(client: Any, place: Place, gate: Gate) -> None:
    status, body = call(client, "POST", device_path(place, gate) + "/certificate/rotate", operator(place), {})
    assert status == 201, body
    gate.private_key = serialization.load_pem_private_key(body["privateKeyPem"].encode(), password=None)


def retire(client: Any, place: Place, gate: Gate) -> None:
    status, body = call(client, "POST", device_path(place, gate) + "/retire", operator(place), {"note": "removed"})
    assert status == 200, body


def disable(client: Any, place: Place, gate: Gate) -> None:
    _, device = call(client, "GET", device_path(place, gate), operator(place))
    status, body = call(
        client, "PATCH", device_path(place, gate), operator(place), {"version": device["version"], "status": "disabled"}
    )
    assert status == 200, body


ENDINGS = {
    "certificate revoked": (revoke, 401, "GATE_SESSION_ENDED"),
    "certificate rotated": (rotate, 401, "GATE_SESSION_ENDED"),
    "device retired": (retire, 403, "GATE_NOT_ACTIVE"),
    "device disabled": (disable, 403, "GATE_NOT_ACTIVE"),
}


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_a_gate_session_ends_when_its_certificate_stops_being_the_gates(client: Any, place: Place, ending: str) -> None:
    end, want_status, want_code = ENDINGS[ending]
    routes = gate_routes()
    assert len(routes) >= 5  # pass keys, keypad passes, verify, offline entries, credentials
    gate = add_gate(place.community)
    session = open_session(client, place, gate)
    for ep in routes:
        method, path, body = sample(ep, place.community)
        status, answer = call(client, method, path, session, body)
        assert status == 200, f"{method} {path} before the change: {status} {answer}"
    end(client, place, gate)
    refused = []
    for ep in routes:
        method, path, body = sample(ep, place.community)
        status, answer = call(client, method, path, session, body)
        got = (status, (answer or {}).get("error", {}).get("code"))
        if got != (want_status, want_code):
            refused.append(f"{method} {ep.path}: {got}")
    assert refused == [], f"after '{ending}' the old session still gets: {refused}"
    if ending == "certificate rotated":  # the gate signs in again with its new certificate and carries on
        fresh = open_session(client, place, gate)
        for ep in routes:
            method, path, body = sample(ep, place.community)
            assert call(client, method, path, fresh, body)[0] == 200
    else:
        assert gate_session(client, place.community, gate).status_code == 401


def test_a_session_without_the_certificate_it_signed_in_with_is_refused(client: Any, place: Place) -> None:
    """A gate token that names no certificate (minted before sessions were bound to one) gets nothing."""
    gate = add_gate(place.community)
    unbound = token_for({"device.gate"}, {place.community}, kind="device", subject=gate.device_id)
    for ep in gate_routes():
        method, path, body = sample(ep, place.community)
        status, answer = call(client, method, path, unbound, body)
        assert (status, answer["error"]["code"]) == (401, "GATE_SESSION_ENDED"), f"{method} {ep.path}"


def post_sign_in(client: Any, body: dict[str, str]) -> tuple[int, Any]:
    return call(client, "POST", "/v1/gate/sessions", None, body)


def test_a_signed_sign_in_opens_one_session(client: Any, place: Place) -> None:
    from chalicelib.visitors.gate_sessions import sign_session

    gate = add_gate(place.community)
    body = signed_sign_in(place.community, gate)
    answers = [post_sign_in(client, body) for _ in range(5)]
    assert [status for status, _ in answers] == [201, 401, 401, 401, 401]
    assert {a["error"]["code"] for _, a in answers[1:]} == {"GATE_AUTH_FAILED"}
    # the same nonce signed again (another signedAt, a valid signature): still used
    later = iso(now() + timedelta(seconds=2))
    resigned = dict(
        body,
        signedAt=later,
        signature=sign_session(gate.private_key, place.community, gate.device_id, later, body["nonce"]),
    )
    assert post_sign_in(client, resigned)[0] == 401
    # another nonce under the old signature: the signature covers the nonce
    assert post_sign_in(client, dict(body, nonce="X" * 22))[0] == 401
    # a nonce is the device's own: another gate may happen to use the same one
    other = add_gate(place.community)
    when = iso(now())
    theirs = {
        "communityId": place.community,
        "deviceId": other.device_id,
        "signedAt": when,
        "nonce": body["nonce"],
        "signature": sign_session(other.private_key, place.community, other.device_id, when, body["nonce"]),
    }
    assert post_sign_in(client, theirs)[0] == 201
    # a fresh sign-in of the first gate works, and a nonce that is too short or missing is a 400
    assert post_sign_in(client, signed_sign_in(place.community, gate))[0] == 201
    assert post_sign_in(client, dict(signed_sign_in(place.community, gate), nonce="short"))[0] == 400
    without = {k: v for k, v in signed_sign_in(place.community, gate).items() if k != "nonce"}
    assert post_sign_in(client, without)[0] == 400


def test_concurrent_replays_of_one_sign_in_open_one_session(client: Any, place: Place) -> None:
    import threading

    gate = add_gate(place.community)
    body = signed_sign_in(place.community, gate)
    statuses: list[int] = []
    start = threading.Barrier(10)

    def replay() -> None:
        start.wait()
        statuses.append(post_sign_in(client, body)[0])

    threads = [threading.Thread(target=replay) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [401] * 9
