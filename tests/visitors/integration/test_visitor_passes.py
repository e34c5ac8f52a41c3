"""Visitor passes through the routes against the local cloud: invite -> share (QR) -> a gate signs in with its
device certificate -> verifies online -> entry records and statistics; every refusal with its reason; bad input;
scope; the single-use race with twenty gates at once; offline verification with only the published keys and the
upload reconciled (double use flagged, retries no-ops); walk-ins and approvals."""

from __future__ import annotations

import base64
import io
import threading
import time
from datetime import timedelta
from typing import Any

import pytest

from tests.support.visitors import (
    Place,
    add_gate,
    call,
    gate_session,
    gate_token,
    invitation,
    invite,
    iso,
    new_place,
    now,
)


@pytest.fixture
def place(cloud: Any) -> Place:
    return new_place()


def passes_path(place: Place) -> str:
    return f"/v1/resident/communities/{place.community}/houses/{place.house}/visitor-passes"


def verify(client: Any, place: Place, token: str, pass_token: str, direction: str = "in") -> dict[str, Any]:
    status, body = call(
        client,
        "POST",
        f"/v1/gate/communities/{place.community}/verify",
        token,
        {"token": pass_token, "direction": direction},
    )
    assert status == 200, body
    return body


def test_invite_share_verify_and_record(client: Any, place: Place) -> None:
    import zxingcpp
    from PIL import Image

    gate = add_gate(place.community)
    status, created = invite(client, place, carPlate="京A12345")
    assert status == 201, created
    assert created["status"] == "active" and created["visitorPhone"] == "139****5678"
    assert created["token"] and created["keyId"]

    status, qr = call(client, "GET", f"{passes_path(place)}/{created['passId']}/qr", place.resident_token())
    assert status == 200, qr
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(qr["pngBase64"]))))
    assert [b.text for b in decoded] == [created["token"]]
    assert qr["qrVersion"] <= 7

    session = gate_token(client, place.community, gate)
    admitted = verify(client, place, session, created["token"])
    assert admitted["admitted"] is True and admitted["entriesLeft"] == 0 and admitted["status"] == "used"
    assert admitted["freeParkingUntil"], "a visitor car gets the community's free parking minutes"
    again = verify(client, place, session, created["token"])
    assert (again["admitted"], again["reason"]) == (False, "NO_ENTRIES_LEFT")
    leaving = verify(client, place, session, created["token"], direction="out")
    assert leaving["admitted"] is True

    staff = place.staff_token()
    base = f"/v1/staff/communities/{place.community}/entry-records"
    for query in (
        f"gateId={gate.device_id}",
        f"houseId={place.house}",
        f"subjectId={created['passId']}",
        f"day={now():%Y-%m-%d}",
    ):
        status, page = call(client, "GET", f"{base}?{query}", staff)
        assert status == 200, page
        assert [(e["direction"], e["method"]) for e in page["items"]] == [("out", "qr"), ("in", "qr")], query
    status, stats = call(client, "GET", f"{base}/statistics?fromDay={now():%Y-%m-%d}&days=1", staff)
    assert status == 200 and stats["totals"] == {"in#qr#visitor": 1, "out#qr#visitor": 1}
    status, error = call(client, "GET", base, staff)
    assert status == 400 and error["error"]["details"][0]["code"] == "one_of"

    # Entry records are kept at least 180 days (TTL is clean-up, set 400 days out).
    from chalicelib.visitors.repository_entries import EntryItem, entry_pk

    item = EntryItem.get(entry_pk(place.community, admitted["entryId"]), "ENTRY")
    assert item.expires_at - item.at >= timedelta(days=180)


def test_each_bad_pass_is_refused_online_with_its_reason(client: Any, place: Place) -> None:
    from tests.visitors.unit.test_visitor_pass_tokens import _flip

    gate, other_gate = add_gate(place.community), add_gate(place.community)
    session = gate_token(client, place.community, gate)
    good = invite(client, place, entries=3)[1]
    assert verify(client, place, session, _flip(good["token"], 24))["reason"] == "TAMPERED"
    assert verify(client, place, session, "garbage!")["reason"] == "MALFORMED"

    wrong_gate = invite(client, place, gates=[other_gate.device_id])[1]
    assert verify(client, place, session, wrong_gate["token"])["reason"] == "WRONG_GATE"

    later = invite(client, place, start=timedelta(hours=1))[1]
    assert verify(client, place, session, later["token"])["reason"] == "NOT_YET_VALID"

    revoked = invite(client, place)[1]
    status, body = call(client, "POST", f"{passes_path(place)}/{revoked['passId']}/revoke", place.resident_token(), {})
    assert status == 200 and body["status"] == "revoked"
    assert verify(client, place, session, revoked["token"])["reason"] == "REVOKED"
    status, keys = call(client, "GET", f"/v1/gate/communities/{place.community}/pass-keys", session)
    assert status == 200 and revoked["passId"] in keys["revoked"]

    short = invite(client, place, length=timedelta(seconds=2))[1]
    time.sleep(2.2)
    assert verify(client, place, session, short["token"])["reason"] == "EXPIRED"

    elsewhere = new_place()
    foreign = invite(client, elsewhere)[1]
    assert verify(client, place, session, foreign["token"])["reason"] == "OTHER_COMMUNITY"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"start": timedelta(hours=3), "length": -timedelta(hours=1)}, "endsAt", "window_reversed"),
        ({"start": -timedelta(hours=2)}, "startsAt", "in_past"),
        ({"length": timedelta(hours=25)}, "endsAt", "window_too_long"),
        ({"entries": 6}, "entries", "range"),
        ({"entries": 0}, "entries", "greater_than_equal"),
        ({"gates": ["door_controller-nothere"]}, "gates.0", "unknown_gate"),
        ({"visitorPhone": "12345678"}, "phone", "invalid_mobile"),
        ({"startsAt": "2026-01-01T10:00:00"}, "startsAt", "time_zone_missing"),
        ({"surprise": 1}, "surprise", "extra_forbidden"),
    ],
)
def test_bad_invitations_get_400_with_field_details(
    client: Any, place: Place, change: dict[str, Any], field: str, code: str
) -> None:
    status, error = invite(client, place, **change)
    assert status == 400, error
    assert (error["error"]["details"][0]["field"], error["error"]["details"][0]["code"]) == (field, code)
    status, page = call(client, "GET", passes_path(place), place.resident_token())
    assert status == 200 and page["items"] == [], "nothing half-written"


def test_a_resident_invites_only_for_their_own_current_house(client: Any, place: Place) -> None:
    other = new_place()
    # The token names a house the resident is not bound to (e.g. moved out since the token was issued).
    token = place.resident_token(houses={place.house, other.house})
    path = f"/v1/resident/communities/{place.community}/houses/{other.house}/visitor-passes"
    status, error = call(client, "POST", path, token, invitation())
    assert (status, error["error"]["code"]) == (403, "HOUSEHOLD_FORBIDDEN")
    status, error = call(client, "POST", passes_path(other), place.resident_token(), invitation())
    assert status == 403


def test_twenty_gates_scanning_one_single_use_pass_at_once_admit_exactly_one(client: Any, place: Place) -> None:
    from chalicelib.visitors import wiring as visitors_wiring

    gates = [add_gate(place.community, cert=False) for _ in range(20)]
    service = visitors_wiring.visitor_service()
    for round_ in range(3):
        created = invite(client, place)[1]
        results, errors = scan_at_once(service, place.community, [g.device_id for g in gates], created["token"])
        assert not errors, errors
        admitted = [r for r in results if r.admitted]
        assert len(admitted) == 1, f"round {round_}: {len(admitted)} admitted"
        assert {r.reason for r in results if not r.admitted} <= {"NO_ENTRIES_LEFT", "BUSY"}
        stored = service.get(place.community, created["passId"])
        assert (stored.entries_used, stored.status) == (1, "used")
        _, page = call(
            client,
            "GET",
            f"/v1/staff/communities/{place.community}/entry-records?subjectId={created['passId']}",
            place.staff_token(),
        )
        assert len(page["items"]) == 1


def scan_at_once(
    service: Any, community: str, gate_ids: list[str], token: str
) -> tuple[list[Any], list[BaseException]]:
    """One thread per gate, released together by a barrier; each verifies against the local cloud."""
    barrier = threading.Barrier(len(gate_ids))
    results: list[Any] = []
    errors: list[BaseException] = []

    def scan(gate_id: str) -> None:
        try:
            barrier.wait()
            results.append(service.verify(community, gate_id, token))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=scan, args=(g,)) for g in gate_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_offline_gate_with_published_keys_then_upload_reconciles(client: Any, place: Place) -> None:
    from chalicelib.visitors.passes import OfflineGate

    gate, online_gate = add_gate(place.community), add_gate(place.community)
    session = gate_token(client, place.community, gate)
    single = invite(client, place)[1]
    double = invite(client, place)[1]
    revoked = invite(client, place)[1]
    call(client, "POST", f"{passes_path(place)}/{revoked['passId']}/revoke", place.resident_token(), {})

    status, published = call(client, "GET", f"/v1/gate/communities/{place.community}/pass-keys", session)
    assert status == 200
    offline = OfflineGate.from_published(gate.device_id, place.community, published)
    t = time.time()
    assert offline.scan(single["token"], t).ok
    assert offline.scan(double["token"], t).ok
    assert offline.scan(revoked["token"], t).reason == "REVOKED"
    assert offline.scan(single["token"], t).reason == "NO_ENTRIES_LEFT"

    # Meanwhile another gate, online, admitted `double`: the offline admission is a double use.
    assert verify(client, place, gate_token(client, place.community, online_gate), double["token"])["admitted"]

    upload = {
        "admissions": [
            {"entryId": a.entry_id, "passId": a.pass_id, "at": iso(now()), "direction": a.direction}
            for a in offline.admitted
        ]
    }
    path = f"/v1/gate/communities/{place.community}/offline-entries"
    status, body = call(client, "POST", path, session, upload)
    assert status == 200, body
    by_pass = {a.pass_id: r for a, r in zip(offline.admitted, body["results"], strict=True)}
    assert by_pass[single["passId"]] == {"entryId": offline.admitted[0].entry_id, "result": "recorded", "flag": None}
    assert by_pass[double["passId"]]["flag"] == "double_use"

    future = {
        "admissions": [{**upload["admissions"][0], "entryId": "oe-future-1", "at": iso(now() + timedelta(hours=1))}]
    }
    status, error = call(client, "POST", path, session, future)
    assert status == 400 and error["error"]["details"][0] == {
        "field": "admissions.0.at",
        "code": "in_future",
        "message": "不能晚于现在",  # zh-CN by default (English on Accept-Language: en)
    }
    status, again = call(client, "POST", path, session, upload)
    assert [r["result"] for r in again["results"]] == ["duplicate", "duplicate"], "a retried upload changes nothing"

    from chalicelib.visitors import wiring as visitors_wiring

    assert visitors_wiring.visitor_service().get(place.community, single["passId"]).status == "used"
    status, stats = call(
        client,
        "GET",
        f"/v1/staff/communities/{place.community}/entry-records/statistics?fromDay={now():%Y-%m-%d}&days=1",
        place.staff_token(),
    )
    assert stats["totals"]["flag#double_use"] == 1


def test_gates_authenticate_with_their_device_certificate(client: Any, place: Place, cloud: Any) -> None:
    from chalicelib.devices import wiring as devices_wiring

    gate = add_gate(place.community)
    assert gate_session(client, place.community, gate).status_code == 201
    # Signed too long ago, signed by another key, for another community, or not a gate: refused.
    assert gate_session(client, place.community, gate, signed_at=now() - timedelta(minutes=10)).status_code == 401
    impostor = add_gate(place.community)
    forged = add_gate(place.community)
    forged.private_key = impostor.private_key
    assert gate_session(client, place.community, forged).status_code == 401
    assert gate_session(client, new_place().community, gate).status_code == 401
    session = gate_token(client, place.community, gate)
    status, error = call(client, "GET", f"/v1/gate/communities/{new_place().community}/pass-keys", session)
    assert (status, error["error"]["code"]) == (403, "COMMUNITY_FORBIDDEN")
    # A gate token cannot use resident or staff routes.
    status, error = call(client, "GET", f"/v1/staff/communities/{place.community}/visitor-passes", session)
    assert status == 403
    # Revoking the gate's certificate ends new sessions; retiring the device ends verification at once.
    devices_wiring.certificate_service().revoke(place.community, gate.device_id, "test", now(), "test")
    assert gate_session(client, place.community, gate).status_code == 401
    created = invite(client, place)[1]
    devices_wiring.device_ledger().retire(place.community, gate.device_id, None, "test", now())
    status, error = call(
        client, "POST", f"/v1/gate/communities/{place.community}/verify", session, {"token": created["token"]}
    )
    assert (status, error["error"]["code"]) == (403, "GATE_NOT_ACTIVE")


def test_walk_in_waits_for_the_host(client: Any, place: Place) -> None:
    from tests.support.registry import fake_id_card

    guard = place.staff_token()
    body = {
        "houseId": place.house,
        "visitorName": "Han Meimei",
        "visitorPhone": "13800001111",
        "reason": "delivery",
        "idNumber": fake_id_card(),
        "hours": 1,
    }
    status, created = call(
        client, "POST", f"/v1/staff/communities/{place.community}/visitor-passes/walk-in", guard, body
    )
    assert status == 201, created
    assert (created["status"], created["approver"], created["idChecked"], created["token"]) == (
        "pending",
        "host",
        True,
        None,
    )
    assert "*" in created["idNumber"]
    status, error = call(
        client,
        "POST",
        f"/v1/staff/communities/{place.community}/visitor-passes/walk-in",
        guard,
        {**body, "idNumber": "110105199003070000"},
    )
    assert status == 400 and error["error"]["details"][0]["field"] == "idNumber"
    # A manager cannot approve a walk-in: the host confirms it.
    status, error = call(
        client, "POST", f"/v1/staff/communities/{place.community}/visitor-passes/{created['passId']}/approve", guard, {}
    )
    assert (status, error["error"]["code"]) == (409, "NOT_AWAITING_APPROVAL")
    status, confirmed = call(
        client, "POST", f"{passes_path(place)}/{created['passId']}/confirm", place.resident_token(), {}
    )
    assert status == 200 and confirmed["status"] == "active" and confirmed["token"]
    status, error = call(
        client, "POST", f"{passes_path(place)}/{created['passId']}/confirm", place.resident_token(), {}
    )
    assert (status, error["error"]["code"]) == (409, "PASS_NOT_PENDING")


def test_policy_requires_approval_and_bounds_invitations(client: Any, place: Place) -> None:
    manager = place.staff_token("staff.manager", "mgr-1")
    path = f"/v1/staff/communities/{place.community}/visitor-policy"
    status, policy = call(client, "GET", path, manager)
    assert status == 200 and policy["version"] is None
    new = {
        "approvalRequired": True,
        "maxWindowHours": 4,
        "maxEntries": 2,
        "freeParkingMinutes": 60,
        "approvalTimeoutSeconds": 600,
    }
    status, saved = call(client, "PUT", path, manager, new)
    assert status == 200 and saved["version"] == 1
    status, error = call(client, "PUT", path, manager, new)
    assert (status, error["error"]["code"]) == (409, "STALE_VERSION")
    status, error = call(client, "PUT", path, place.staff_token(), {**new, "version": 1})
    assert status == 403, "a guard may not change the policy"
    status, error = call(client, "PUT", path, manager, {**new, "maxWindowHours": 0, "version": 1})
    assert status == 400 and error["error"]["details"][0]["field"] == "maxWindowHours"

    assert invite(client, place, length=timedelta(hours=5))[0] == 400
    status, pending = invite(client, place)
    assert status == 201 and pending["status"] == "pending" and pending["token"] is None
    approve = f"/v1/staff/communities/{place.community}/visitor-passes/{pending['passId']}/approve"
    status, approved = call(client, "POST", approve, manager, {})
    assert status == 200 and approved["status"] == "active" and approved["token"]
    assert call(client, "POST", approve, manager, {})[0] == 409


def test_keypad_passcode_admits_once_and_changes_with_time(client: Any, place: Place) -> None:
    from chalicelib.visitors import keypad

    gate = add_gate(place.community)
    session = gate_token(client, place.community, gate)
    created = invite(client, place)[1]
    status, code = call(client, "GET", f"{passes_path(place)}/{created['passId']}/passcode", place.resident_token())
    assert status == 200 and len(code["passcode"]) == 10 and 0 < code["validForSeconds"] <= 60
    path = f"/v1/gate/communities/{place.community}/verify"

    wrong = code["passcode"][:4] + f"{(int(code['passcode'][4:]) + 1) % 10**6:06d}"
    assert call(client, "POST", path, session, {"passcode": wrong})[1]["reason"] == "INVALID_PASSCODE"
    # A code from ten minutes ago no longer works.
    stale, _ = keypad.current_code(keypad.passcode_key(created["token"]), time.time() - 600)
    if stale != code["passcode"][4:]:
        answer = call(client, "POST", path, session, {"passcode": code["passcode"][:4] + stale})[1]
        assert answer["reason"] == "INVALID_PASSCODE"
    status, admitted = call(client, "POST", path, session, {"passcode": code["passcode"]})
    assert status == 200 and admitted["admitted"] and admitted["passId"] == created["passId"]
    assert call(client, "POST", path, session, {"passcode": code["passcode"]})[1]["reason"] == "NO_ENTRIES_LEFT"

    status, page = call(
        client,
        "GET",
        f"/v1/staff/communities/{place.community}/entry-records?subjectId={created['passId']}",
        place.staff_token(),
    )
    assert [e["method"] for e in page["items"]] == ["passcode"]
    status, error = call(client, "POST", path, session, {"passcode": code["passcode"], "token": created["token"]})
    assert status == 400 and error["error"]["details"][0]["code"] == "one_of"
    assert call(client, "POST", path, session, {"passcode": "12ab567890"})[0] == 400
    assert call(client, "POST", path, session, {"passcode": "12345678"})[0] == 400  # the old 8 digits


def test_a_barrier_gate_admits_the_visitor_car_by_its_plate(client: Any, place: Place) -> None:
    barrier = add_gate(place.community, None, device_type="barrier_gate")
    session = gate_token(client, place.community, barrier)
    created = invite(client, place, carPlate="京A·12345", entries=2)[1]
    path = f"/v1/gate/communities/{place.community}/verify"
    status, admitted = call(client, "POST", path, session, {"plate": "京A 12345"})
    assert status == 200 and admitted["admitted"] and admitted["passId"] == created["passId"], admitted
    free_until = admitted["freeParkingUntil"]
    assert free_until and free_until > iso(now() + timedelta(minutes=119)), "the community's free parking minutes"
    assert call(client, "POST", path, session, {"plate": "京B99999"})[1]["reason"] == "UNKNOWN_PLATE"
    assert call(client, "POST", path, session, {"plate": "京A12345", "direction": "out"})[1]["admitted"]
    _, page = call(
        client,
        "GET",
        f"/v1/staff/communities/{place.community}/entry-records?gateId={barrier.device_id}",
        place.staff_token(),
    )
    assert [(e["method"], e["direction"], e["carPlate"]) for e in page["items"]] == [
        ("plate", "out", "京A·12345"),
        ("plate", "in", "京A·12345"),
    ]


def test_bad_record_queries_get_400_not_500(client: Any, place: Place) -> None:
    staff = place.staff_token()
    base = f"/v1/staff/communities/{place.community}/entry-records"
    for query in (
        "/statistics?fromDay=2026-13-45",
        "/statistics?fromDay=2026-01-01&days=99",
        "?day=2026-01-01&since=2026-01-01T00:00:00",
    ):
        status, error = call(client, "GET", base + query, staff)
        assert status == 400 and error["error"]["code"] == "VALIDATION_FAILED", (query, error)
