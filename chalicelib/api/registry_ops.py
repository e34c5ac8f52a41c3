"""Registry operations shared by the staff, resident and import routes: building the items (entity + locks) that
create a person, house or residency, so every entry path applies the same rules and the same uniqueness locks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain import addresses, registry
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.store import registry as store


@dataclass
class Prepared:
    """An entity item plus the lock items that must be written with it in one transaction."""

    item: Any
    locks: list[tuple[Any, str, str]]  # (lock item, conflict code, message)

    def add_to(self, tx: store.Tx, entity_code: str = "ALREADY_EXISTS") -> store.Tx:
        tx.put_new(self.item, entity_code, f"{self.item.entity} exists")
        for lock, code, message in self.locks:
            tx.put_new(lock, code, message)
        return tx


def community_node(community_id: str) -> Any:
    """The community's org node (its code is the community id); 404 when the hierarchy does not know it."""
    node = store.get_org(community_id)
    if node is None or (node.attrs or {}).get("level") != "community":
        raise NotFound("community is not registered in the organisation hierarchy", code="COMMUNITY_NOT_FOUND")
    return node


def prepare_person(
    community_id: str,
    fields: dict[str, Any],
    now: datetime,
    source: str,
    actor: str | None,
    import_id: str | None = None,
    person_id: str | None = None,
) -> Prepared:
    """Validate and seal a person (001 7.1.1.2): ID unique per community, phone indexed for look-ups."""
    from chalicelib.api.registry_views import checked_id_number, normalised_phone, seal_person

    registry.check_key_person(fields.get("populationType", "permanent"), fields.get("keyCategory"))
    phone = normalised_phone(fields["phone"]) if fields.get("phone") else None
    id_number = (
        checked_id_number(fields.get("idType", "resident_id_card"), fields["idNumber"])
        if fields.get("idNumber")
        else None
    )
    contacts = [
        {**c, "phone": normalised_phone(c["phone"], "emergencyContacts.phone")}
        for c in fields.get("emergencyContacts", [])
    ]
    sealed = seal_person(phone, id_number, contacts)
    plain = {
        k: v
        for k, v in fields.items()
        if k not in ("phone", "idNumber", "emergencyContacts", "dataSource", "version") and v is not None
    }
    plain.setdefault("status", "active")
    person_id = person_id or store.new_id("p")
    item = store.entity_item(
        "person",
        community_id,
        person_id,
        plain,
        now,
        source,
        actor,
        sealed=sealed,
        gsi1=(f"C#{community_id}#PERSON_NAME", f"{registry.normalise_name(plain['name'])}#{person_id}"),
        gsi2=(f"C#{community_id}#PHONE#{sealed['phoneIndex']}", person_id) if phone else None,
        import_id=import_id,
    )
    locks = []
    if id_number:
        lock = store.lock_item(community_id, "IDCARD", sealed["idIndex"], person_id, now, source, import_id)
        locks.append((lock, "PERSON_EXISTS", "a person with this ID number is already registered"))
    return Prepared(item, locks)


def prepare_house(
    community_id: str,
    community_code: str,
    building: Any,
    fields: dict[str, Any],
    now: datetime,
    source: str,
    actor: str | None,
    import_id: str | None = None,
) -> Prepared:
    """A house (001 7.1.1.4 b) with its standard address code, unique in the community."""
    b = building.attrs or {}
    code = addresses.house_code(b["areaCode"], b["number"], fields["unit"], fields["floor"], fields["room"])
    if fields.get("addressCode") and fields["addressCode"].upper() != code:
        raise InvalidInput(
            f"addressCode does not match building/unit/floor/room (expected {code})",
            code="ADDRESS_CODE_MISMATCH",
            details=[{"field": "addressCode", "code": "mismatch", "message": f"expected {code}"}],
        )
    house_id = store.new_id("h")
    attrs = {k: v for k, v in fields.items() if v is not None and k not in ("dataSource", "addressCode")}
    attrs.update(
        addressCode=code,
        buildingId=building.entity_id,
        buildingCode=b["buildingCode"],
        buildingName=b.get("name"),
        communityCode=community_code,
        compoundCode=b.get("compoundCode"),
    )
    item = store.entity_item(
        "house",
        community_id,
        house_id,
        attrs,
        now,
        source,
        actor,
        gsi1=(f"C#{community_id}#HOUSES", code),
        gsi2=(f"C#{community_id}#BLDG#{building.entity_id}#HOUSES", code),
        import_id=import_id,
    )
    lock = store.lock_item(community_id, "ADDR", code, house_id, now, source, import_id)
    return Prepared(item, [(lock, "HOUSE_EXISTS", f"a house with address code {code} exists")])


def find_person_by_id_number(community_id: str, id_type: str, id_number: str) -> Any | None:
    from chalicelib.api.registry_views import checked_id_number
    from chalicelib.security import pii

    number = checked_id_number(id_type, id_number)
    person_id = store.lock_target(community_id, "IDCARD", pii.blind_index("id_card", number))
    return store.get_entity(community_id, "person", person_id) if person_id else None


def people_by_phone(
    community_id: str, phone: str, limit: int = 20, cursor: str | None = None
) -> tuple[list[Any], str | None]:
    from chalicelib.api.registry_views import normalised_phone
    from chalicelib.security import pii

    index = pii.blind_index("phone", normalised_phone(phone))
    return store.query_index("gsi2", f"C#{community_id}#PHONE#{index}", None, limit, cursor)


def resolve_house(community_id: str, house_id: str | None, address_code: str | None) -> Any:
    """A house named by id or by standard address code (what a resident reads off their door or contract)."""
    if not house_id and address_code:
        addresses.parse_house_code(address_code)
        house_id = store.lock_target(community_id, "ADDR", address_code.strip().upper())
    if not house_id:
        raise NotFound("house not found", code="HOUSE_NOT_FOUND")
    house = store.get_entity(community_id, "house", house_id)
    if house is None:
        raise NotFound("house not found", code="HOUSE_NOT_FOUND")
    return house


def add_member(
    community_id: str,
    house_id: str,
    person: Any,
    relation: str,
    relation_to_owner: str | None,
    since: datetime,
    now: datetime,
    source: str,
    actor: str | None,
    account_id: str | None = None,
    tx: store.Tx | None = None,
) -> Any:
    """Write a current residency (+ owner marker) with whatever else `tx` already holds, atomically."""
    member = store.member_record(
        community_id,
        house_id,
        person.entity_id,
        (person.attrs or {}).get("name", ""),
        relation,
        relation_to_owner,
        since,
        now,
        source,
        actor,
        account_id,
    )
    tx = tx or store.Tx()
    store.add_member_actions(tx, member, now)
    tx.commit()
    return member


def require_current_member(community_id: str, house_id: str, person_id: str) -> Any:
    member = store.get_member(community_id, house_id, person_id)
    if member is None:
        raise NotFound("this person does not currently live in this house", code="MEMBER_NOT_FOUND")
    return member


def end_member(member: Any, ended_at: datetime, reason: str) -> None:
    if member.status != "current":
        raise Conflict("membership already ended", code="MEMBER_ENDED")
    tx = store.end_member_actions(store.Tx(), member, ended_at, reason)
    # -- access credentials (issue 11): moving out or removal deregisters the person's credentials, same transaction
    from chalicelib.store.credentials import deregister_actions

    deregister_actions(tx, member.community_id, member.house_id, member.person_id, ended_at, reason)
    # -- end --
    tx.commit()
