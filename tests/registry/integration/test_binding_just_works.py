"""A new resident finds their house by browsing (region -> community -> building -> unit -> room), binds it, and
the bind's answer carries an access token that already holds the house: the next call works with no refresh."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.registry import add_member, call, make_house, make_person, new_community, token


def unbound(account: str) -> str:
    return token({"resident.unbound"}, set(), subject=account, kind="resident")


def child(client: Any, tok: str, parent: str, code: str) -> dict[str, Any]:
    """The place `code` among `parent`'s children, following the pages."""
    cursor = ""
    while True:
        status, page = call(client, "GET", f"/v1/resident/directory/places?parent={parent}&limit=100{cursor}", tok)
        assert status == 200, page
        for place in page["items"]:
            if place["code"] == code:
                return dict(place)
        assert page.get("nextCursor"), f"{code} is not listed under {parent}"
        cursor = f"&cursor={page['nextCursor']}"


def test_browse_bind_and_use_the_answered_token_without_refresh(client: Any) -> None:
    from chalicelib.kernel.security.tokens import verify_access_token

    cid = new_community(client)
    house = make_house(client, cid)
    person, data = make_person(client, cid, "钱七")
    assert add_member(client, cid, house["houseId"], person["personId"])[0] == 201
    account = f"r-{uuid.uuid4().hex[:8]}"
    old = unbound(account)

    # A new resident asks for their households: none yet (an empty list, not 403).
    assert call(client, "GET", "/v1/resident/households", old) == (200, {"items": []})

    # Region by region down to the community (the codes are the path: province, city, district, street).
    parent, found = "ROOT", {}
    for code in ("110000", "110100", "110105", cid[:9], cid):
        found = child(client, old, parent, code)
        assert found["isCommunity"] == (code == cid), found
        parent = code
    assert found["level"] == "community" and found["name"]
    base = f"/v1/resident/directory/communities/{cid}"
    status, buildings = call(client, "GET", f"{base}/buildings", old)
    assert status == 200 and [b["buildingId"] for b in buildings["items"]] == [house["buildingId"]], buildings
    assert buildings["items"][0]["label"].endswith("栋")
    status, units = call(client, "GET", f"{base}/buildings/{house['buildingId']}/units", old)
    assert status == 200, units
    status, houses = call(client, "GET", f"{base}/buildings/{house['buildingId']}/units/{house['unit']}/houses", old)
    assert status == 200, houses
    [listed] = [h for h in houses["items"] if h["houseId"] == house["houseId"]]
    assert listed["label"] == f"{buildings['items'][0]['label']}{house['unit']}单元{house['floor']}{house['room']:02d}"
    assert set(listed) == {"houseId", "label", "room", "floor", "houseNumber"}, "places only, never who lives there"

    # Before binding, the old token may not read the house.
    bills = f"/v1/resident/communities/{cid}/houses/{house['houseId']}/members"
    assert call(client, "GET", bills, old)[0] == 403

    status, bound = call(
        client,
        "POST",
        f"/v1/resident/communities/{cid}/bindings",
        old,
        {"houseId": listed["houseId"], "name": "钱七", "phone": data["phone"]},
    )
    assert status == 201, bound
    fresh = bound["session"]
    assert fresh["households"] == [house["houseId"]] and fresh["communities"] == [cid]
    assert fresh["roles"] == ["resident.owner"] and fresh["expiresIn"] > 0
    principal = verify_access_token(fresh["accessToken"])
    assert principal.subject == account and principal.households == {house["houseId"]}

    # The very next call, with the answered token and no refresh, reaches the house.
    status, members = call(client, "GET", bills, fresh["accessToken"])
    assert status == 200 and [m["personId"] for m in members["items"]] == [person["personId"]], members
    status, mine = call(client, "GET", "/v1/resident/households", fresh["accessToken"])
    assert status == 200 and [m["houseId"] for m in mine["items"]] == [house["houseId"]]


def test_directory_refuses_staff_and_names_no_unit_that_is_not_one(client: Any) -> None:
    cid = new_community(client)
    house = make_house(client, cid)
    account = f"r-{uuid.uuid4().hex[:8]}"
    base = f"/v1/resident/directory/communities/{cid}/buildings/{house['buildingId']}/units"
    assert call(client, "GET", f"{base}/x1/houses", unbound(account))[0] == 404
    assert call(client, "GET", f"{base}/100/houses", unbound(account))[0] == 404
    guard = token({"staff.guard"}, {cid})
    assert call(client, "GET", f"/v1/resident/directory/communities/{cid}/buildings", guard)[0] == 403
