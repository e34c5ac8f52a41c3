"""Zones, typed spaces and reservations on the local cloud: a manager adds zones and spaces (owned or rented spaces
name a house of the community; public ones none); the mini-program sees vacancies per zone; a resident reserves a
public space for a window, one reservation per space and overlapping window (two at once: one 201, one 409),
cancels it (twice changes nothing), and the window is free again. Bad input is a 4xx with its code and field."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.parking.integration.test_parking_flow import STAFF, token
from tests.support.registry import make_house, new_community
from tests.support.visitors import add_gate, call

HOUSE = "/v1/resident/communities/{c}/houses/{h}/parking/reservations"


def resident(community: str, house: str) -> str:
    from tests.support.identity import token_for

    account = "acct-" + uuid.uuid4().hex[:8]
    return token_for({"resident.owner"}, {community}, kind="resident", households={house}, subject=account)


@pytest.fixture(name="lot")
def lot_fixture(client: Any) -> dict[str, Any]:
    c = new_community(client)
    entry = add_gate(c, None, "barrier_gate", cert=False).device_id
    body = {
        "parkId": "p1",
        "name": "地下停车场",
        "capacity": 50,
        "tariff": {"freeMinutes": 15, "unitMinutes": 60, "dayRateFen": 300, "nightRateFen": 100},
        "barriers": [{"deviceId": entry, "direction": "in"}],
    }
    manager = token(c, "staff.manager")
    assert call(client, "POST", STAFF.format(c=c) + "/parks", manager, body)[0] == 201
    house = make_house(client, c)["houseId"]
    base = STAFF.format(c=c) + "/parks/p1"
    assert call(client, "POST", base + "/zones", manager, {"zoneId": "B1", "name": "B1区"})[0] == 201
    for space in (
        {"spaceId": "B1-001", "zoneId": "B1", "type": "owned", "houseId": house},
        {"spaceId": "B1-002", "zoneId": "B1", "type": "rented", "houseId": house},
        {"spaceId": "B1-101", "zoneId": "B1", "type": "public"},
        {"spaceId": "B1-102", "zoneId": "B1", "type": "public"},
    ):
        status, made = call(client, "POST", base + "/spaces", manager, space)
        assert status == 201, made
    return {"community": c, "house": house, "manager": manager, "base": base, "resident": resident(c, house)}


def half_hour(offset_hours: float = 0) -> datetime:
    now = datetime.now(UTC) + timedelta(hours=offset_hours)
    return now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)


def window(start: datetime, hours: float) -> dict[str, str]:
    return {"startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=hours)).isoformat()}


def test_spaces_are_typed_and_checked(client: Any, lot: dict[str, Any]) -> None:
    c, base, manager = lot["community"], lot["base"], lot["manager"]
    cases = [
        ({"spaceId": "X1", "zoneId": "B1", "type": "owned"}, 400, "houseId"),
        ({"spaceId": "X2", "zoneId": "B1", "type": "public", "houseId": lot["house"]}, 400, "houseId"),
        ({"spaceId": "X3", "zoneId": "B1", "type": "owned", "houseId": "h-nowhere"}, 404, "houseId"),
        ({"spaceId": "X4", "zoneId": "Z9", "type": "public"}, 404, "zoneId"),
        ({"spaceId": "X5", "zoneId": "B1", "type": "vip"}, 400, "type"),
        ({"spaceId": "X6", "zoneId": "B1", "type": "public", "extra": 1}, 400, "extra"),
    ]
    for body, status, field in cases:
        got, answer = call(client, "POST", base + "/spaces", manager, body)
        assert got == status and field in {d["field"] for d in answer["error"]["details"]}, (body, answer)
    status, again = call(
        client, "POST", base + "/spaces", manager, {"spaceId": "B1-101", "zoneId": "B1", "type": "public"}
    )
    assert status == 409 and again["error"]["code"] == "SPACE_EXISTS"
    assert call(client, "POST", base + "/zones", manager, {"zoneId": "B1", "name": "重复"})[1]["error"]["code"] == (
        "ZONE_EXISTS"
    )
    nowhere = STAFF.format(c=c) + "/parks/nowhere/zones"
    assert call(client, "POST", nowhere, manager, {"zoneId": "A", "name": "A区"})[0] == 404
    assert call(client, "POST", base + "/zones", token(c, "staff.guard"), {"zoneId": "C", "name": "C区"})[0] == 403

    status, listed = call(client, "GET", base + "/spaces", token(c, "staff.guard"))
    assert status == 200
    owned = next(s for s in listed["items"] if s["spaceId"] == "B1-001")
    assert owned["type"] == "owned" and owned["houseId"] == lot["house"] and owned["houseLabel"]


def test_a_public_space_is_reserved_once_per_window_and_freed_by_cancelling(client: Any, lot: dict[str, Any]) -> None:
    c, house, who = lot["community"], lot["house"], lot["resident"]
    path = HOUSE.format(c=c, h=house)
    zones = f"/v1/resident/communities/{c}/parking/parks/p1/zones"
    status, before = call(client, "GET", zones, who)
    assert status == 200, before
    assert before["items"] == [
        {"zoneId": "B1", "name": "B1区", "spaces": 4, "owned": 1, "rented": 1, "public": 2, "reserved": 0, "vacant": 2}
    ]

    now_window = window(half_hour(), 2)
    body = {"parkId": "p1", "spaceId": "B1-101", "plate": "粤B12345", **now_window}
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: call(client, "POST", path, who, body), range(2)))
    statuses = sorted(a[0] for a in answers)
    assert statuses == [201, 409], answers
    made = next(a[1] for a in answers if a[0] == 201)
    lost = next(a[1] for a in answers if a[0] == 409)
    assert lost["error"]["code"] == "SPACE_RESERVED" and made["status"] == "active"

    overlapping = {**body, **window(half_hour(1), 2)}
    assert call(client, "POST", path, who, overlapping)[1]["error"]["code"] == "SPACE_RESERVED"
    after_it = {**body, **window(half_hour(2), 1)}  # starts when the first ends: no overlap
    assert call(client, "POST", path, who, after_it)[0] == 201

    status, now = call(client, "GET", zones, who)
    assert now["items"][0]["reserved"] == 1 and now["items"][0]["vacant"] == 1

    cancel = f"{path}/{made['reservationId']}/cancel"
    status, cancelled = call(client, "POST", cancel, who)
    assert status == 200 and cancelled["status"] == "cancelled"
    assert call(client, "POST", cancel, who) == (200, cancelled)  # twice: nothing changes
    assert call(client, "POST", path, who, body)[0] == 201  # the window is free again
    status, listed = call(client, "GET", path, who)
    assert status == 200 and len(listed["items"]) == 3
    other = resident(c, make_house(client, c, number="2")["houseId"])
    assert call(client, "POST", cancel, other)[0] == 403  # the token's household is not the path's house


def test_reservations_refuse_bad_windows_and_spaces(client: Any, lot: dict[str, Any]) -> None:
    c, house, who = lot["community"], lot["house"], lot["resident"]
    path = HOUSE.format(c=c, h=house)
    start = half_hour(1)
    good = {"parkId": "p1", "spaceId": "B1-102", "plate": "粤B54321", **window(start, 1)}
    cases = [
        ({**good, "startsAt": (start + timedelta(minutes=10)).isoformat()}, 400, "startsAt"),
        ({**good, **window(start, -1)}, 400, "endsAt"),
        ({**good, **window(start, 25)}, 400, "endsAt"),
        ({**good, **window(half_hour(-5), 1)}, 400, "endsAt"),
        ({**good, **window(half_hour(24 * 8), 1)}, 400, "startsAt"),
        ({**good, "plate": "ABC"}, 400, "plate"),
        ({**good, "startsAt": "tomorrow"}, 400, "startsAt"),
        ({**good, "spaceId": "B1-001"}, 409, None),  # owned: not reservable
        ({**good, "spaceId": "nope"}, 404, "spaceId"),
        ({**good, "parkId": "nowhere"}, 404, None),
    ]
    for body, status, field in cases:
        got, answer = call(client, "POST", path, who, body)
        assert got == status, (body, answer)
        if field:
            assert field in {d["field"] for d in answer["error"]["details"]}, (body, answer)
    assert call(client, "POST", path + "/Rnothing/cancel", who)[0] == 404
    status, listed = call(client, "GET", path, who)
    assert listed["items"] == []  # nothing half-written


def test_the_demo_seed_has_a_zone_and_typed_spaces(client: Any) -> None:
    from chalicelib.parking import wiring
    from infra.localcloud.seed_parking import PARK_ID, seed_parking

    c = new_community(client)
    make_house(client, c)
    make_house(client, c, number="2")
    devices = [
        {"seedKey": "barrier-in", "deviceId": "d-in-" + uuid.uuid4().hex[:6]},
        {"seedKey": "barrier-out", "deviceId": "d-out-" + uuid.uuid4().hex[:6]},
    ]
    seed_parking(c, devices)
    seed_parking(c, devices)  # again: nothing new
    assert [z.name for z in wiring.parking_store().zones(c, PARK_ID)] == ["B1区"]
    kinds = sorted(s.space_type for s in wiring.parking_store().spaces(c, PARK_ID))
    assert kinds == ["owned", "public", "public", "public", "rented"]
