"""Access credentials: the six lifecycle operations (004 6.1.1 b), door and area authorisation, elevator floors
(own floor + public floors; security staff everywhere), residents reporting a loss, and moving out deregistering the
person's credentials in the same transaction as the move-out."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from tests.support.identity import make_staff
from tests.support.visitors import Place, add_building, add_gate, call, gate_token, iso, new_place, now


def staff_path(place: Place, suffix: str = "") -> str:
    return f"/v1/staff/communities/{place.community}/credentials{suffix}"


def issue(client: Any, place: Place, reference: str, **extra: Any) -> tuple[int, Any]:
    body = {
        "holderKind": "resident",
        "holderId": place.person,
        "houseId": place.house,
        "kind": "card",
        "reference": reference,
        "validUntil": iso(now() + timedelta(days=365)),
        **extra,
    }
    return call(client, "POST", staff_path(place), place.staff_token("staff.manager", "mgr-1"), body)


def present(client: Any, place: Place, token: str, reference: str, **extra: Any) -> dict[str, Any]:
    status, body = call(
        client,
        "POST",
        f"/v1/gate/communities/{place.community}/credentials/present",
        token,
        {"kind": "card", "reference": reference, **extra},
    )
    assert status == 200, body
    return body


def test_lifecycle_doors_and_floors(client: Any, cloud: Any) -> None:
    place = new_place(building="B1")
    own_door, shared_door, other_door = (
        add_gate(place.community, "B1"),
        add_gate(place.community, None),
        add_gate(place.community, "B2"),
    )
    elevator = add_gate(place.community, "B1", device_type="elevator")
    card = "CARD-" + uuid.uuid4().hex[:8]
    status, credential = issue(client, place, card)
    assert status == 201, credential
    assert credential["areas"] == ["B1", "shared"] and credential["floors"] == ["3", "1"]
    manager = place.staff_token("staff.manager", "mgr-1")
    cid = credential["credentialId"]

    at_own = gate_token(client, place.community, own_door)
    admitted = present(client, place, at_own, card)
    assert admitted["allowed"] and admitted["entryId"]
    assert present(client, place, gate_token(client, place.community, shared_door), card)["allowed"]
    assert present(client, place, gate_token(client, place.community, other_door), card)["reason"] == "DOOR_NOT_ALLOWED"
    at_lift = gate_token(client, place.community, elevator)
    assert present(client, place, at_lift, card, floor=3)["allowed"]
    assert present(client, place, at_lift, card, floor=1)["allowed"], "public floor"
    assert present(client, place, at_lift, card, floor=9)["reason"] == "FLOOR_NOT_ALLOWED"

    status, page = call(
        client, "GET", f"/v1/staff/communities/{place.community}/entry-records?houseId={place.house}", manager
    )
    assert [(e["method"], e["subjectKind"], e["subjectId"]) for e in page["items"]] == [
        ("card", "resident", place.person)
    ] * 2

    # A second live credential cannot hold the same card.
    status, error = issue(client, place, card)
    assert (status, error["error"]["code"]) == (409, "REFERENCE_IN_USE")

    # authorise: other building's door, more floors
    add_building(place.community, "B2")
    status, changed = call(
        client, "POST", staff_path(place, f"/{cid}/authorise"), manager, {"areas": ["B2"], "floors": ["9"]}
    )
    assert status == 200 and changed["areas"] == ["B2"]
    status, error = call(
        client, "POST", staff_path(place, f"/{cid}/authorise"), manager, {"doors": ["door_controller-00000000"]}
    )
    assert status == 400 and error["error"]["details"][0]["field"] == "doors.0"
    assert present(client, place, at_own, card)["reason"] == "DOOR_NOT_ALLOWED"
    assert present(client, place, at_lift, card, floor=9)["allowed"]

    # report loss / cancel the report (the resident reports it themselves)
    resident_path = f"/v1/resident/communities/{place.community}/houses/{place.house}/credentials"
    status, lost = call(client, "POST", f"{resident_path}/{cid}/report-loss", place.resident_token(), {})
    assert status == 200 and lost["status"] == "lost"
    assert present(client, place, at_lift, card, floor=9)["reason"] == "REPORTED_LOST"
    status, found = call(client, "POST", staff_path(place, f"/{cid}/cancel-loss"), manager, {})
    assert status == 200 and found["status"] == "active"

    # extend: must be later
    status, error = call(client, "POST", staff_path(place, f"/{cid}/extend"), manager, {"validUntil": iso(now())})
    assert status == 400 and error["error"]["details"][0]["field"] == "validUntil"
    later = iso(now() + timedelta(days=800))
    status, extended = call(client, "POST", staff_path(place, f"/{cid}/extend"), manager, {"validUntil": later})
    assert status == 200 and extended["validUntil"] == later

    # deregister: the card is refused, and can be issued again to someone
    status, gone = call(client, "POST", staff_path(place, f"/{cid}/deregister"), manager, {})
    assert status == 200 and gone["status"] == "deregistered"
    assert present(client, place, at_lift, card, floor=9)["reason"] == "UNKNOWN_CREDENTIAL"
    assert issue(client, place, card)[0] == 201
    assert [h["operation"] for h in gone["history"]] == [
        "issue",
        "authorise",
        "report_loss",
        "cancel_loss",
        "extend",
        "deregister",
    ]

    status, mine = call(client, "GET", resident_path, place.resident_token())
    assert status == 200 and len(mine["items"]) == 2


def test_security_staff_reach_every_floor(client: Any, cloud: Any) -> None:
    place = new_place()
    elevator = add_gate(place.community, "B1", device_type="elevator")
    card = "STAFF-" + uuid.uuid4().hex[:8]
    guard = make_staff({place.community}, {"staff.guard"})
    status, credential = issue(
        client, place, card, holderKind="staff", holderId=guard.account_id, houseId=None, securityStaff=True
    )
    assert status == 201 and credential["floors"] == ["*"]
    assert present(client, place, gate_token(client, place.community, elevator), card, floor=27)["allowed"]


def test_moving_out_deregisters_the_persons_credentials_in_the_same_change(client: Any, cloud: Any) -> None:
    place = new_place()
    door = add_gate(place.community, "B1")
    cards = ["MOVE-" + uuid.uuid4().hex[:8] for _ in range(2)]
    ids = [issue(client, place, c)[1]["credentialId"] for c in cards]
    manager = place.staff_token("staff.manager", "mgr-1")
    call(client, "POST", staff_path(place, f"/{ids[1]}/report-loss"), manager, {})

    path = f"/v1/staff/communities/{place.community}/houses/{place.house}/members/{place.person}/move-out"
    status, body = call(client, "POST", path, manager, {"reason": "moved_out"})
    assert status == 200, body
    for cid in ids:
        status, credential = call(client, "GET", staff_path(place, f"/{cid}"), manager)
        assert credential["status"] == "deregistered"
        assert credential["history"][-1]["by"] == "registry:moved_out"
    assert present(client, place, gate_token(client, place.community, door), cards[0])["reason"] == "UNKNOWN_CREDENTIAL"
    # No credential for someone who no longer lives there.
    status, error = issue(client, place, "LATE-" + uuid.uuid4().hex[:8])
    assert (status, error["error"]["code"]) == (409, "NOT_CURRENT_RESIDENT")
