"""Registry routes against the local cloud: org hierarchy, buildings, houses, people, vehicles, organisations."""

from __future__ import annotations

from typing import Any

from tests.support.registry import (
    call,
    fake_id_card,
    fake_phone,
    make_house,
    make_person,
    manager,
    new_community,
    token,
)


def test_org_hierarchy_six_levels_with_code_rules(client: Any) -> None:
    cid = new_community(client)
    admin = token({"platform.admin"}, {"*"})
    compound = f"{cid}001"
    status, node = call(
        client,
        "POST",
        "/v1/admin/org-units",
        admin,
        {"code": compound, "level": "compound", "name": "Garden", "parentCode": cid},
    )
    assert status == 201, node
    assert node["path"] == ["110000", "110100", "110105", cid[:9], cid, compound]
    assert node["ingestedAt"] and node["dataSource"] == "manual"
    # a compound code that does not start with its community's code, a level skipped, a duplicate
    status, err = call(
        client,
        "POST",
        "/v1/admin/org-units",
        admin,
        {"code": "999999999999001", "level": "compound", "name": "X", "parentCode": cid},
    )
    assert status == 400 and err["error"]["code"] == "INVALID_CODE"
    status, err = call(
        client,
        "POST",
        "/v1/admin/org-units",
        admin,
        {"code": f"{cid}002", "level": "compound", "name": "X", "parentCode": cid[:9]},
    )
    assert status == 400 and err["error"]["code"] == "INVALID_PARENT"
    status, err = call(
        client,
        "POST",
        "/v1/admin/org-units",
        admin,
        {"code": compound, "level": "compound", "name": "Again", "parentCode": cid},
    )
    assert status == 409 and err["error"]["code"] == "ORG_UNIT_EXISTS"
    status, page = call(client, "GET", f"/v1/admin/org-units?parent={cid}", manager(cid))
    assert status == 200 and [n["code"] for n in page["items"]] == [compound]
    # only the platform admin writes the hierarchy
    status, err = call(
        client,
        "POST",
        "/v1/admin/org-units",
        manager(cid),
        {"code": f"{cid}003", "level": "compound", "name": "Y", "parentCode": cid},
    )
    assert status == 403


def test_house_address_code_uniqueness_and_versioned_update(client: Any) -> None:
    cid = new_community(client)
    house = make_house(client, cid, number="3", unit=1, floor=12, room=2)
    assert house["addressCode"] == f"{cid}-0003-01-01202"
    assert house["communityCode"] == cid and house["districtCode"] == "110105"
    assert house["dataSource"] == "manual" and house["version"] == 1
    tok = manager(cid)
    base = f"/v1/staff/communities/{cid}"
    status, err = call(
        client, "POST", f"{base}/houses", tok, {"buildingId": house["buildingId"], "unit": 1, "floor": 12, "room": 2}
    )
    assert status == 409 and err["error"]["code"] == "HOUSE_EXISTS"
    status, page = call(client, "GET", f"{base}/houses?addressPrefix={cid}-0003-01", tok)
    assert [h["houseId"] for h in page["items"]] == [house["houseId"]]
    path = f"{base}/houses/{house['houseId']}"
    status, updated = call(client, "PATCH", path, tok, {"version": 1, "occupancy": "rented"})
    assert status == 200 and updated["rental"] is True and updated["version"] == 2
    status, err = call(client, "PATCH", path, tok, {"version": 1, "occupancy": "vacant"})
    assert status == 409 and err["error"]["code"] == "STALE_VERSION"
    assert call(client, "GET", path, tok)[1]["occupancy"] == "rented"
    # a guard reads but does not write; another community's token reads nothing
    guard = token({"staff.guard"}, {cid})
    assert call(client, "GET", path, guard)[0] == 200
    assert call(client, "PATCH", path, guard, {"version": 2, "occupancy": "vacant"})[0] == 403
    other = new_community(client)
    status, err = call(client, "GET", path, manager(other))
    assert status == 403 and err["error"]["code"] == "COMMUNITY_FORBIDDEN"


def test_people_masked_searchable_and_revealed_with_audit(client: Any) -> None:
    cid = new_community(client)
    person, data = make_person(
        client,
        cid,
        "李 四",
        tags=["elderly"],
        populationType="floating",
        emergencyContacts=[{"name": "李五", "phone": "13700001111", "relation": "son"}],
    )
    assert person["phone"] == f"{data['phone'][:3]}****{data['phone'][7:]}"
    assert person["idNumber"].startswith("110") and "*" in person["idNumber"]
    assert data["idNumber"] not in str(person) and data["phone"] not in str(person)
    assert person["emergencyContacts"][0]["phone"] == "137****1111"
    base = f"/v1/staff/communities/{cid}/people"
    tok = manager(cid)
    assert [p["personId"] for p in call(client, "GET", f"{base}?name=李四", tok)[1]["items"]] == [person["personId"]]
    assert [p["personId"] for p in call(client, "GET", f"{base}?phone={data['phone']}", tok)[1]["items"]] == [
        person["personId"]
    ]
    assert [p["personId"] for p in call(client, "GET", f"{base}?idNumber={data['idNumber']}", tok)[1]["items"]] == [
        person["personId"]
    ]
    # the same ID number twice: 409, nothing added
    status, err = call(client, "POST", base, tok, {"name": "Other", "idNumber": data["idNumber"]})
    assert status == 409 and err["error"]["code"] == "PERSON_EXISTS"
    assert len(call(client, "GET", base, tok)[1]["items"]) == 1
    # a bad checksum, a key person without a category
    bad = data["idNumber"][:17] + ("0" if data["idNumber"][17] != "0" else "1")
    status, err = call(client, "POST", base, tok, {"name": "Bad", "idNumber": bad})
    assert status == 400 and err["error"]["code"] == "INVALID_ID_NUMBER"
    status, err = call(client, "POST", base, tok, {"name": "Key", "populationType": "key"})
    assert status == 400 and err["error"]["code"] == "KEY_CATEGORY_REQUIRED"
    # reveal: a guard may not, a manager may, and the reading is audited
    reveal = f"{base}/{person['personId']}/reveal"
    assert call(client, "POST", reveal, token({"staff.guard"}, {cid}))[0] == 403
    status, full = call(client, "POST", reveal, tok)
    assert status == 200 and full["idNumber"] == data["idNumber"] and full["phone"] == data["phone"]
    assert full["emergencyContacts"][0]["phone"] == "13700001111"
    from datetime import timedelta

    from chalicelib.audit import repository as audit_store
    from chalicelib.kernel.clock import utcnow

    entries, _ = audit_store.query(
        cid, utcnow() - timedelta(minutes=5), utcnow(), target=("person", person["personId"])
    )
    assert {"person.create", "person.reveal"} <= {e.operation for e in entries}


def test_people_cursor_pagination_and_phone_update(client: Any) -> None:
    cid = new_community(client)
    ids = {make_person(client, cid, f"王{i}")[0]["personId"] for i in range(3)}
    base = f"/v1/staff/communities/{cid}/people"
    tok = manager(cid)
    status, first = call(client, "GET", f"{base}?limit=2", tok)
    assert status == 200 and len(first["items"]) == 2 and first["nextCursor"]
    status, second = call(client, "GET", f"{base}?limit=2&cursor={first['nextCursor']}", tok)
    assert {p["personId"] for p in first["items"] + second["items"]} == ids
    assert call(client, "GET", f"{base}?cursor=%%%bad", tok)[0] == 400
    pid = first["items"][0]["personId"]
    new_phone = fake_phone()
    status, updated = call(client, "PATCH", f"{base}/{pid}", tok, {"version": 1, "phone": new_phone, "tags": ["vip"]})
    assert status == 200 and updated["phone"].endswith(new_phone[7:]) and updated["tags"] == ["vip"]
    assert [p["personId"] for p in call(client, "GET", f"{base}?phone={new_phone}", tok)[1]["items"]] == [pid]


def test_vehicles_by_plate_and_owner(client: Any) -> None:
    cid = new_community(client)
    person, _ = make_person(client, cid)
    base = f"/v1/staff/communities/{cid}/vehicles"
    tok = manager(cid)
    status, car = call(
        client,
        "POST",
        base,
        tok,
        {"plate": "京a·12345", "ownerPersonId": person["personId"], "parkingType": "monthly", "brand": "BYD"},
    )
    assert status == 201, car
    assert car["plate"] == "京A12345" and car["ownerName"] == person["name"] and car["details"]["brand"] == "BYD"
    status, err = call(client, "POST", base, tok, {"plate": "京A12345"})
    assert status == 409 and err["error"]["code"] == "PLATE_EXISTS"
    status, err = call(client, "POST", base, tok, {"plate": "NOTAPLATE"})
    assert status == 400 and err["error"]["code"] == "INVALID_PLATE"
    assert [v["vehicleId"] for v in call(client, "GET", f"{base}?plate=京A1", tok)[1]["items"]] == [car["vehicleId"]]
    owned = call(client, "GET", f"{base}?ownerPersonId={person['personId']}", tok)[1]["items"]
    assert [v["plate"] for v in owned] == ["京A12345"]
    status, err = call(client, "POST", base, tok, {"plate": "京B54321", "ownerPersonId": "p-missing"})
    assert status == 404


def test_organisations_and_units(client: Any) -> None:
    cid = new_community(client)
    tok = manager(cid)
    base = f"/v1/staff/communities/{cid}"
    status, org = call(
        client,
        "POST",
        f"{base}/organisations",
        tok,
        {"name": "Corner Shop", "creditCode": "91350100M000100Y43", "employees": 3},
    )
    assert status == 201, org
    status, err = call(
        client, "POST", f"{base}/organisations", tok, {"name": "Bad", "creditCode": "91350100M000100Y44"}
    )
    assert status == 400 and err["error"]["code"] == "INVALID_CREDIT_CODE"
    assert [o["name"] for o in call(client, "GET", f"{base}/organisations?name=corner", tok)[1]["items"]] == [
        "Corner Shop"
    ]
    house = make_house(client, cid)
    units = f"{base}/buildings/{house['buildingId']}/units"
    assert call(client, "POST", units, tok, {"number": 1, "floors": 18})[0] == 201
    assert call(client, "POST", units, tok, {"number": 1})[1]["error"]["code"] == "UNIT_EXISTS"
    assert [u["number"] for u in call(client, "GET", units, tok)[1]["items"]] == [1]
    _ = fake_id_card
