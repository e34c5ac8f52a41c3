"""One rule for a null in every PATCH of the API: it clears an optional field or is refused with a 400 naming the
field; nothing invalid is ever written, so the record and its list keep answering 200 afterwards.

The test walks every PATCH operation the app declares (a new one fails here until it is added to TARGETS) and
sends each field of its body as null, one at a time, against a real record in the local cloud.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.registry import call, make_building, make_house, make_person, manager, new_community

Target = tuple[str, str, str]  # (record path, list path, id used in the route)


def _person(client: Any, cid: str) -> Target:
    person, _ = make_person(client, cid, nationality="CHN", ethnicity="汉族", tags=["a"])
    base = f"/v1/staff/communities/{cid}"
    return f"{base}/people/{person['personId']}", f"{base}/people", person["personId"]


def _house(client: Any, cid: str) -> Target:
    house = make_house(client, cid)
    base = f"/v1/staff/communities/{cid}"
    return f"{base}/houses/{house['houseId']}", f"{base}/houses", house["houseId"]


def _vehicle(client: Any, cid: str) -> Target:
    base = f"/v1/staff/communities/{cid}"
    status, vehicle = call(client, "POST", f"{base}/vehicles", manager(cid), {"plate": "京A99887", "brand": "BYD"})
    assert status == 201, vehicle
    return f"{base}/vehicles/{vehicle['vehicleId']}", f"{base}/vehicles", vehicle["vehicleId"]


def _organisation(client: Any, cid: str) -> Target:
    base = f"/v1/staff/communities/{cid}"
    status, org = call(client, "POST", f"{base}/organisations", manager(cid), {"name": "便利店", "employees": 3})
    assert status == 201, org
    return f"{base}/organisations/{org['organisationId']}", f"{base}/organisations", org["organisationId"]


def _device(client: Any, cid: str) -> Target:
    base = f"/v1/staff/communities/{cid}"
    building = make_building(client, cid, "77", floors=6)
    body = {"deviceType": "door_controller", "name": "door", "location": {"building": building}, "tags": ["x"]}
    status, device = call(client, "POST", f"{base}/devices", manager(cid), body)
    assert status == 201, device
    return f"{base}/devices/{device['deviceId']}", f"{base}/devices", device["deviceId"]


TARGETS: dict[str, Callable[[Any, str], Target]] = {
    "/v1/staff/communities/{community_id}/people/{person_id}": _person,
    "/v1/staff/communities/{community_id}/houses/{house_id}": _house,
    "/v1/staff/communities/{community_id}/vehicles/{vehicle_id}": _vehicle,
    "/v1/staff/communities/{community_id}/organisations/{organisation_id}": _organisation,
    "/v1/staff/communities/{community_id}/devices/{device_id}": _device,
}


def _patches() -> list[Any]:
    from chalicelib.kernel.lazy_routes import all_endpoints

    ENDPOINTS = all_endpoints()
    return [ep for ep in ENDPOINTS if ep.method == "PATCH"]


def test_every_patch_body_follows_the_null_rule(app: Any) -> None:
    from chalicelib.kernel.contracts import PatchContract

    patches = _patches()
    assert patches
    for ep in patches:
        assert ep.request is not None and issubclass(ep.request, PatchContract), ep.path
        assert ep.path in TARGETS, f"add {ep.path} to TARGETS"
        assert ep.request.CLEARABLE.issubset(set(ep.request.model_fields) - {"version"}), ep.path


def test_a_null_in_any_patch_field_clears_or_is_refused_and_never_corrupts(client: Any) -> None:
    cid = new_community(client)
    tok = manager(cid)
    for ep in _patches():
        record, listing, _ = TARGETS[ep.path](client, cid)
        for field in sorted(set(ep.request.model_fields)):
            status, current = call(client, "GET", record, tok)
            assert status == 200, (ep.path, field, current)
            body = {"version": current["version"], field: None}
            status, answer = call(client, "PATCH", record, tok, body)
            if field in ep.request.CLEARABLE:
                assert status == 200, (ep.path, field, answer)
            else:
                assert status == 400, (ep.path, field, answer)
                assert answer["error"]["code"] == "VALIDATION_FAILED"
                assert [d["field"] for d in answer["error"]["details"]] == [field], answer
                assert answer["error"]["details"][0]["code"] == "null_not_allowed"
            status, after = call(client, "GET", record, tok)
            assert status == 200, (ep.path, field, after)
            status, page = call(client, "GET", listing, tok)
            assert status == 200, (ep.path, field, page)


def test_non_finite_numbers_are_refused_everywhere(client: Any) -> None:
    cid = new_community(client)
    tok = manager(cid)
    base = f"/v1/staff/communities/{cid}"
    for raw in ("1e400", "-1e400", "Infinity", "NaN", "-Infinity"):
        response = client.http.post(
            f"{base}/buildings",
            headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/json"},
            body=f'{{"number": "9", "totalAreaSqm": {raw}}}',
        )
        assert response.status_code == 400, (raw, response.body)
        assert b"totalAreaSqm" in response.body
    house = make_house(client, cid)
    response = client.http.patch(
        f"{base}/houses/{house['houseId']}",
        headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/json"},
        body=f'{{"version": {house["version"]}, "areaSqm": 1e400}}',
    )
    assert response.status_code == 400
    status, page = call(client, "GET", f"{base}/buildings", tok)
    assert status == 200 and all(b["number"] not in ("9", "0009") for b in page["items"])  # nothing written
