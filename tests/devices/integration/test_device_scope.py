"""Device routes never reach across communities: a device's location cannot name another community's building, and
a device id that is not one of this community's devices is 404 on every per-device route, history included."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.identity import make_staff, token_for
from tests.support.registry import call, make_building, make_house, make_person, manager
from tests.support.registry import new_community as new_registry_community


@pytest.fixture(scope="module")
def two(app: Any) -> dict[str, str]:
    from chalice.test import Client

    with Client(app) as client:
        a, b = new_registry_community(client), new_registry_community(client)
        return {
            "a": a,
            "b": b,
            "a_building": make_building(client, a, "7", 6),
            "b_building": make_building(client, b, "8", 6),
        }


def door(building_id: str) -> dict[str, Any]:
    return {"deviceType": "door_controller", "name": "door", "location": {"building": building_id, "unit": "U1"}}


def test_a_location_cannot_name_another_communitys_building(client: Any, two: dict[str, str]) -> None:
    a = two["a"]
    base = f"/v1/staff/communities/{a}/devices"
    # B's building; a building that exists nowhere; a free label, which no linkage would ever match
    for foreign in (two["b_building"], "b0123456789abcdef", "B1"):
        status, answer = call(client, "POST", base, manager(a), door(foreign))
        assert status == 400, answer
        assert answer["error"]["details"][0]["field"] == "location.building"
        assert answer["error"]["details"][0]["code"] == "unknown_building"
    status, created = call(client, "POST", base, manager(a), door(two["a_building"]))
    assert status == 201, created

    status, moved = call(
        client,
        "PATCH",
        f"{base}/{created['deviceId']}",
        manager(a),
        {"version": created["version"], "location": {"building": two["b_building"], "floor": 1}},
    )
    assert status == 400 and moved["error"]["details"][0]["code"] == "unknown_building"
    status, unchanged = call(client, "GET", f"{base}/{created['deviceId']}", manager(a))
    assert unchanged["location"]["building"] == two["a_building"] and unchanged["version"] == created["version"]


def test_fan_outs_refuse_another_communitys_building(client: Any, two: dict[str, str]) -> None:
    a = two["a"]
    base = f"/v1/staff/communities/{a}"
    for foreign in (two["b_building"], "b0123456789abcdef"):
        status, answer = call(client, "POST", f"{base}/buildings/{foreign}/unlock-doors", manager(a), {"reason": "x"})
        assert status == 404 and answer["error"]["code"] == "BUILDING_NOT_FOUND", answer
        status, answer = call(
            client, "POST", f"{base}/commands/broadcast", manager(a), {"name": "open_door", "building": foreign}
        )
        assert status == 400 and answer["error"]["details"][0]["field"] == "building", answer
    status, answer = call(
        client, "POST", f"{base}/buildings/{two['a_building']}/unlock-doors", manager(a), {"reason": "x"}
    )
    assert status == 202, answer


def test_per_device_routes_answer_404_for_a_device_of_another_community(client: Any, two: dict[str, str]) -> None:
    a, b = two["a"], two["b"]
    status, theirs = call(client, "POST", f"/v1/staff/communities/{b}/devices", manager(b), door(two["b_building"]))
    assert status == 201
    status, ours = call(client, "POST", f"/v1/staff/communities/{a}/devices", manager(a), door(two["a_building"]))
    assert status == 201
    for device_id, want in ((theirs["deviceId"], 404), ("door-controller-000000000000", 404), (ours["deviceId"], 200)):
        for suffix in ("", "/commands", "/certificates"):
            status, answer = call(client, "GET", f"/v1/staff/communities/{a}/devices/{device_id}{suffix}", manager(a))
            assert status == want, (device_id, suffix, answer)
            if want == 404:
                assert answer["error"]["code"] == "DEVICE_NOT_FOUND"
                assert theirs["deviceId"] not in json.dumps(answer["error"]["details"])


def test_ids_of_another_community_name_nothing_through_this_one(client: Any, two: dict[str, str]) -> None:
    """People, houses, buildings and staff accounts of B, looked up, changed or revealed through A's paths: 404,
    and nothing of B's in the answer."""
    a, b = two["a"], two["b"]
    person, sent = make_person(client, b)
    house = make_house(client, b, building_id=two["b_building"])
    account = make_staff({b}, {"staff.guard"}, phone="13700001111")
    admin_a = manager(a)  # a manager of A: reads, writes and reveals in A
    admin_token = token_for({"community.admin"}, {a}, kind="admin", subject="admin-a-probe")
    probes = [
        ("GET", f"/v1/staff/communities/{a}/people/{person['personId']}", None, admin_a),
        ("PATCH", f"/v1/staff/communities/{a}/people/{person['personId']}", {"version": 1, "name": "X"}, admin_a),
        ("POST", f"/v1/staff/communities/{a}/people/{person['personId']}/reveal", {"fields": ["idNumber"]}, admin_a),
        ("GET", f"/v1/staff/communities/{a}/people/{person['personId']}/residences", None, admin_a),
        ("GET", f"/v1/staff/communities/{a}/houses/{house['houseId']}", None, admin_a),
        ("GET", f"/v1/staff/communities/{a}/houses/{house['houseId']}/members", None, admin_a),
        ("GET", f"/v1/staff/communities/{a}/buildings/{two['b_building']}", None, admin_a),
        ("GET", f"/v1/admin/communities/{a}/staff/{account.account_id}", None, admin_token),
        ("GET", f"/v1/admin/communities/{a}/staff/{account.account_id}/phone", None, admin_token),
        ("POST", f"/v1/admin/communities/{a}/staff/{account.account_id}/remove", {}, admin_token),
    ]
    leaks = [sent["name"], sent["phone"], sent["idNumber"], b, "13700001111"]
    for method, path, payload, tok in probes:
        status, answer = call(client, method, path, tok, payload)
        assert status in (400, 404), (method, path, status, answer)
        text = json.dumps(answer, ensure_ascii=False)
        assert not [x for x in leaks if x in text], (method, path, answer)
