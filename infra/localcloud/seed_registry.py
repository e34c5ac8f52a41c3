"""Demo registry for the local cloud: the six-level org hierarchy down to two communities and a compound, buildings,
units, houses with standard address codes, people (fake ID-card numbers that pass the GB 11643 checksum, fake
phones), households and vehicles. Idempotent: every record is found by its natural key (org code, building or
address code, ID-card number, plate) before it is created, so a second run changes nothing.

The resident demo: the house `resident_binding.house_id` has an owner registered by the property but not bound to
any account; the mini-program's demo resident binds with the printed name and phone.
"""

from __future__ import annotations

from typing import Any

PROVINCE, CITY, DISTRICT, STREET = "110000", "110100", "110105", "110105001"
COMMUNITY, SECOND_COMMUNITY = "110105001001", "110105001002"
COMPOUND = "110105001001001"
ACTOR = "demo-seed"

ORG_NODES = [
    ("province", PROVINCE, None, "北京市"),
    ("city", CITY, PROVINCE, "北京市市辖区"),
    ("district", DISTRICT, CITY, "朝阳区"),
    ("street", STREET, DISTRICT, "建外街道"),
    ("community", COMMUNITY, STREET, "阳光社区"),
    ("community", SECOND_COMMUNITY, STREET, "河畔社区"),
    ("compound", COMPOUND, COMMUNITY, "阳光花园"),
]

# (community, building number, compound, houses as (unit, floor, room))
BUILDINGS = [
    (COMMUNITY, "1", COMPOUND, [(1, f, r) for f in (1, 2, 3) for r in (1, 2)]),
    (COMMUNITY, "2", COMPOUND, [(1, 1, 1), (1, 1, 2), (2, 1, 1), (2, 1, 2)]),
    (SECOND_COMMUNITY, "1", None, [(1, 1, 1), (1, 2, 1)]),
]

# (community, building, (unit, floor, room), name, gender, birth yyyymmdd, seq, phone, relation, population, tags)
PEOPLE = [
    (COMMUNITY, "1", (1, 1, 1), "王小明", "male", "19850412", 11, "13800000001", "owner", "permanent", []),
    (COMMUNITY, "1", (1, 1, 2), "李华", "female", "19790920", 22, "13800000002", "owner", "permanent", []),
    (COMMUNITY, "1", (1, 1, 2), "李小华", "female", "20100105", 23, "13800000003", "family", "permanent", []),
    (COMMUNITY, "1", (1, 2, 1), "张伟", "male", "19600101", 31, "13800000004", "owner", "permanent", ["elderly"]),
    (COMMUNITY, "1", (1, 2, 1), "陈静", "female", "19950630", 32, "13800000005", "tenant", "floating", []),
    (COMMUNITY, "2", (1, 1, 1), "刘洋", "male", "19881111", 41, "13800000006", "owner", "permanent", []),
    (SECOND_COMMUNITY, "1", (1, 1, 1), "赵磊", "male", "19700707", 51, "13800000007", "owner", "permanent", []),
]

# (community, plate, owner name, parking type)
VEHICLES = [
    (COMMUNITY, "京A12345", "李华", "monthly"),
    (COMMUNITY, "京N8D123", "张伟", "monthly"),
    (SECOND_COMMUNITY, "京B54321", "赵磊", "temporary"),
]


def fake_id_card(birth: str, seq: int) -> str:
    from chalicelib.kernel.security.pii import id_card_check_char

    first17 = f"{DISTRICT}{birth}{seq:03d}"
    return first17 + id_card_check_char(first17)


def _service() -> Any:
    from chalicelib.registry import wiring

    return wiring.registry_service()


def _once(create: Any, *args: Any, **kwargs: Any) -> Any:
    """Create through the registry service; a conflict means an earlier run (or a concurrent one) created it."""
    from chalicelib.kernel.errors import Conflict

    try:
        return create(*args, **kwargs)
    except Conflict:
        return None


def _org() -> None:
    svc = _service()
    for level, code, parent, name in ORG_NODES:
        if svc.repo.get(None, "org", code) is None:
            fields = {"code": code, "level": level, "name": name, "parentCode": parent, "dataSource": "manual"}
            _once(svc.create_org_unit, {k: v for k, v in fields.items() if v is not None}, ACTOR)


def _building(cid: str, number: str, compound: str | None) -> Any:
    from chalicelib.registry.addresses import building_code

    svc = _service()
    code = building_code(compound or cid, number)
    if not svc.repo.claimed_by(cid, "address", code):
        fields = {"number": number, "name": f"{number}号楼", "floors": 18, "status": "in_use", "mainUse": "residential"}
        if compound:
            fields["compoundCode"] = compound
        _once(svc.register_building, cid, fields, "manual", ACTOR)
    return svc.get(cid, "building", svc.repo.claimed_by(cid, "address", code) or "")


def _house(cid: str, building: Any, place: tuple[int, int, int]) -> Any:
    from chalicelib.registry.addresses import house_code

    svc = _service()
    unit, floor, room = place
    a = building.attrs
    code = house_code(a["areaCode"], a["number"], unit, floor, room)
    if not svc.repo.claimed_by(cid, "address", code):
        fields = {
            "buildingId": building.id,
            "unit": unit,
            "floor": floor,
            "room": room,
            "houseNumber": f"{a['number'].lstrip('0')}-{unit}-{floor}{room:02d}",
            "areaSqm": 89.5,
            "use": "residential",
            "occupancy": "self_occupied",
        }
        _once(svc.register_house, cid, fields, "manual", ACTOR)
    return svc.house_by_address(cid, code)


def _person(cid: str, name: str, gender: str, id_number: str, phone: str, population: str, tags: list[str]) -> Any:
    svc = _service()
    person = svc.person_by_id_number(cid, "resident_id_card", id_number)
    if person is not None:
        return person
    fields = {
        "name": name,
        "gender": gender,
        "idType": "resident_id_card",
        "idNumber": id_number,
        "phone": phone,
        "nationality": "CHN",
        "ethnicity": "汉族",
        "populationType": population,
        "tags": tags,
        "hukouAddress": "北京市朝阳区",
    }
    _once(svc.register_person, cid, fields, "manual", ACTOR)
    return svc.person_by_id_number(cid, "resident_id_card", id_number)


def seed_registry() -> dict[str, Any]:
    from chalicelib.registry.addresses import house_code

    svc = _service()
    _org()
    buildings: dict[tuple[str, str], Any] = {}
    houses: dict[tuple[str, str, tuple[int, int, int]], Any] = {}
    for cid, number, compound, places in BUILDINGS:
        building = _building(cid, number, compound)
        buildings[(cid, number)] = building
        existing_units = {u.attrs["number"] for u in svc.units(cid, building.id)}
        for unit in sorted({p[0] for p in places} - existing_units):
            _once(svc.add_unit, cid, building.id, {"number": unit, "floors": 18}, ACTOR)
        for place in places:
            houses[(cid, number, place)] = _house(cid, building, place)
    people: dict[tuple[str, str], Any] = {}
    for cid, number, place, name, gender, birth, seq, phone, relation, population, tags in PEOPLE:
        person = _person(cid, name, gender, fake_id_card(birth, seq), phone, population, tags)
        people[(cid, name)] = person
        house = houses[(cid, number, place)]
        if svc.repo.residency(cid, house.id, person.id) is None:
            spouse = "spouse" if relation == "family" else None
            _once(svc.add_resident, cid, house.id, person.id, relation, spouse, None, "manual", ACTOR)
    for cid, plate, owner_name, parking in VEHICLES:
        if not svc.repo.claimed_by(cid, "plate", plate):
            fields = {"kind": "motor", "plate": plate, "ownerPersonId": people[(cid, owner_name)].id}
            _once(svc.register_vehicle, cid, {**fields, "parkingType": parking}, "manual", ACTOR)
    demo_house = houses[(COMMUNITY, "1", (1, 1, 1))]
    return {
        "community_ids": [COMMUNITY, SECOND_COMMUNITY],
        "compound_code": COMPOUND,
        "building_ids": [b.id for (cid, _), b in buildings.items() if cid == COMMUNITY],
        "houses": len(houses),
        "people": len(people),
        "vehicles": len(VEHICLES),
        "resident_binding": {
            "community_id": COMMUNITY,
            "house_id": demo_house.id,
            "address_code": house_code(COMPOUND, "1", 1, 1, 1),
            "name": "王小明",
            "phone": "13800000001",
        },
    }
