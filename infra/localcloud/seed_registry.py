"""Demo registry for the local cloud: the six-level org hierarchy down to two communities and a compound, buildings,
units, houses with standard address codes, people (fake ID-card numbers that pass the GB 11643 checksum, fake
phones), households and vehicles. Idempotent: every record is found by its natural key (org code, building or
address code, ID-card number, plate) before it is created, so a second run changes nothing.

The resident demo: the house `resident_binding.house_id` has an owner registered by the property but not bound to
any account; the mini-program's demo resident binds with the printed name and phone.
"""

from __future__ import annotations

from datetime import UTC, datetime
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
    from chalicelib.security.pii import id_card_check_char

    first17 = f"{DISTRICT}{birth}{seq:03d}"
    return first17 + id_card_check_char(first17)


def _put(tx: Any) -> None:
    from chalicelib.domain.errors import Conflict

    try:
        tx.commit()
    except Conflict:
        pass  # created by an earlier run (or concurrently): idempotent


def _org(now: datetime) -> None:
    from chalicelib.domain.registry import normalise_name
    from chalicelib.store import registry as store

    paths: dict[str, list[str]] = {}
    for level, code, parent, name in ORG_NODES:
        paths[code] = [*paths.get(parent or "", []), code]
        if store.get_org(code) is not None:
            continue
        item = store.RegistryItem(
            store.org_pk(code),
            "NODE",
            entity="org",
            entity_id=code,
            attrs={"level": level, "name": name, "parentCode": parent, "path": paths[code]},
            ingested_at=now,
            data_source="manual",
            updated_at=now,
            created_by=ACTOR,
            gsi1pk=f"ORG#{parent or 'ROOT'}#CHILDREN",
            gsi1sk=f"{normalise_name(name)}#{code}",
        )
        _put(store.Tx().put_new(item, "ORG_UNIT_EXISTS", "exists"))


def _building(cid: str, number: str, compound: str | None, now: datetime) -> Any:
    from chalicelib.api.registry import prepare_building
    from chalicelib.domain.addresses import building_code
    from chalicelib.store import registry as store

    code = building_code(compound or cid, number)
    existing = store.lock_target(cid, "ADDR", code)
    if existing:
        return store.get_entity(cid, "building", existing)
    prepared = prepare_building(
        cid,
        {
            "number": number,
            "name": f"{number}号楼",
            "compoundCode": compound,
            "floors": 18,
            "status": "in_use",
            "mainUse": "residential",
        },
        now,
        "manual",
        ACTOR,
    )
    _put(prepared.add_to(store.Tx()))
    return store.get_entity(cid, "building", store.lock_target(cid, "ADDR", code) or "")


def _house(cid: str, building: Any, place: tuple[int, int, int], now: datetime) -> Any:
    from chalicelib.api import registry_ops as ops
    from chalicelib.domain.addresses import house_code
    from chalicelib.store import registry as store

    unit, floor, room = place
    a = building.attrs
    code = house_code(a["areaCode"], a["number"], unit, floor, room)
    existing = store.lock_target(cid, "ADDR", code)
    if not existing:
        fields = {
            "unit": unit,
            "floor": floor,
            "room": room,
            "houseNumber": f"{a['number'].lstrip('0')}-{unit}-{floor}{room:02d}",
            "areaSqm": 89.5,
            "use": "residential",
            "occupancy": "self_occupied",
        }
        _put(ops.prepare_house(cid, cid, building, fields, now, "manual", ACTOR).add_to(store.Tx()))
        existing = store.lock_target(cid, "ADDR", code)
    return store.get_entity(cid, "house", existing or "")


def _person(
    cid: str, name: str, gender: str, id_number: str, phone: str, population: str, tags: list[str], now: datetime
) -> Any:
    from chalicelib.api import registry_ops as ops
    from chalicelib.store import registry as store

    person = ops.find_person_by_id_number(cid, "resident_id_card", id_number)
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
    _put(ops.prepare_person(cid, fields, now, "manual", ACTOR).add_to(store.Tx()))
    return ops.find_person_by_id_number(cid, "resident_id_card", id_number)


def seed_registry() -> dict[str, Any]:
    from chalicelib.domain.addresses import house_code
    from chalicelib.store import registry as store

    now = datetime.now(UTC)
    _org(now)
    buildings: dict[tuple[str, str], Any] = {}
    houses: dict[tuple[str, str, tuple[int, int, int]], Any] = {}
    for cid, number, compound, places in BUILDINGS:
        building = _building(cid, number, compound, now)
        buildings[(cid, number)] = building
        for unit in sorted({p[0] for p in places}):
            unit_item = store.RegistryItem(
                building.pk,
                f"UNIT#{unit:02d}",
                entity="unit",
                entity_id=f"{building.entity_id}-{unit:02d}",
                community_id=cid,
                attrs={"number": unit, "buildingId": building.entity_id, "floors": 18},
                ingested_at=now,
                updated_at=now,
                created_by=ACTOR,
            )
            if store.get_item(building.pk, unit_item.sk) is None:
                _put(store.Tx().put_new(unit_item, "UNIT_EXISTS", "exists"))
        for place in places:
            houses[(cid, number, place)] = _house(cid, building, place, now)
    people: dict[tuple[str, str], Any] = {}
    for cid, number, place, name, gender, birth, seq, phone, relation, population, tags in PEOPLE:
        person = _person(cid, name, gender, fake_id_card(birth, seq), phone, population, tags, now)
        people[(cid, name)] = person
        house = houses[(cid, number, place)]
        if store.get_member(cid, house.entity_id, person.entity_id) is None:
            member = store.member_record(
                cid,
                house.entity_id,
                person.entity_id,
                name,
                relation,
                "spouse" if relation == "family" else None,
                now,
                now,
                "manual",
                ACTOR,
            )
            _put(store.add_member_actions(store.Tx(), member, now))
    for cid, plate, owner_name, parking in VEHICLES:
        if store.lock_target(cid, "PLATE", plate):
            continue
        owner = people[(cid, owner_name)]
        vid = store.new_id("v")
        item = store.entity_item(
            "vehicle",
            cid,
            vid,
            {
                "kind": "motor",
                "plate": plate,
                "ownerPersonId": owner.entity_id,
                "ownerName": owner_name,
                "parkingType": parking,
            },
            now,
            "manual",
            ACTOR,
            gsi1=(f"C#{cid}#PLATE", plate),
            gsi2=(f"C#{cid}#PERSON#{owner.entity_id}#VEHICLES", plate),
        )
        _put(
            store.Tx()
            .put_new(item, "ALREADY_EXISTS", "exists")
            .put_new(store.lock_item(cid, "PLATE", plate, vid, now, "manual"), "PLATE_EXISTS", "exists")
        )
    demo_house = houses[(COMMUNITY, "1", (1, 1, 1))]
    return {
        "community_ids": [COMMUNITY, SECOND_COMMUNITY],
        "compound_code": COMPOUND,
        "building_ids": [b.entity_id for (cid, _), b in buildings.items() if cid == COMMUNITY],
        "houses": len(houses),
        "people": len(people),
        "vehicles": len(VEHICLES),
        "resident_binding": {
            "community_id": COMMUNITY,
            "house_id": demo_house.entity_id,
            "address_code": house_code(COMPOUND, "1", 1, 1, 1),
            "name": "王小明",
            "phone": "13800000001",
        },
    }
