"""The registry (001 7.1.1, 7.3.6, 7.3.7 c; 003 7.3.5): the organisation hierarchy, buildings and units, houses,
people, vehicles, organisations, households (who lives where, binding a resident account, applications,
invitations, move-outs) and the .xlsx import and export.

- rules and use cases: `model.py` (records, ports, entity rules, the invariants every stored record satisfies,
  households), `service.py` (registry use cases), `households.py` (binding, applications, invitations, removal,
  move-out), `imports.py` + `import_rows.py` + `spreadsheets.py` (bulk import/export), `addresses.py` (standard
  address codes)
- storage: `repository.py` (the `RegistryRepository` port on DynamoDB), `repository_items.py` (the registry table's
  items, keys and indexes); table: `registry` (`kernel/tables.py: RegistryTable`)
- HTTP: `routes_*.py` per entity, `contracts.py` (request and response models, masking of personal data)
- adapters: `adapters.py` (personal data sealed with `kernel.security.pii`); wiring: `wiring.py`
- no workflow, no queue. Tests: `tests/registry/`.

What other capabilities use is below: read the registry through these functions, never through its repository.
"""

from __future__ import annotations

from typing import Any

from chalicelib.registry.model import Change, Membership, Record, Residency
from chalicelib.registry.wiring import household_service, import_service, registry_service

__all__ = [
    "Change",
    "Membership",
    "Record",
    "Residency",
    "building_exists",
    "building_label",
    "community_name",
    "current_residency_check",
    "find_record",
    "house_label",
    "household_service",
    "houses_of",
    "houses_with_phone",
    "import_service",
    "memberships_of",
    "owners_of",
    "person_names",
    "place_labels",
    "plate_number",
    "registry_service",
    "residencies_of_account",
    "residents_of",
    "vehicle_by_plate",
    "vehicles_of",
]


def memberships_of(account_id: str) -> list[Membership]:
    """A resident account's current households (what its next token carries)."""
    from chalicelib.registry.repository import memberships_of as current

    return current(account_id)


def current_residency_check(tx: Any, community_id: str, house_id: str, person_id: str) -> None:
    """A transaction participant for other capabilities' writes (a pynamodb `TransactWrite`): the person still lives
    in the house (an access credential is issued only while its holder's residency holds)."""
    from chalicelib.registry.repository import current_residency_check as check

    check(tx, community_id, house_id, person_id)


def find_record(community_id: str, kind: str, record_id: str) -> Record | None:
    """One registry record of this community (`house`, `building`, `person`, ...), or None."""
    return registry_service().repo.get(community_id, kind, record_id)


def building_exists(community_id: str, building_id: str) -> bool:
    return find_record(community_id, "building", building_id) is not None


def community_name(community_id: str) -> str | None:
    """The community as people know it (阳光社区), or None when the code names no community."""
    node = registry_service().repo.get(None, "org", community_id)
    return node.name if node is not None and node.name else None


def house_label(community_id: str, house_id: str) -> str | None:
    """The house as people name it (`3栋2单元1201`; English on an English request), or None for no such house."""
    from chalicelib.registry.addresses import house_label_of as label_of

    house = find_record(community_id, "house", house_id)
    return (label_of(house.attrs or {}) or None) if house is not None else None


def building_label(community_id: str, building_id: str) -> str | None:
    """The building as people name it (`3栋`), or None for no such building."""
    from chalicelib.registry.addresses import building_label as label_of

    building = find_record(community_id, "building", building_id)
    number = str((building.attrs or {}).get("number") or "") if building is not None else ""
    return label_of(number) if number else None


def residents_of(community_id: str, house_id: str) -> list[Residency]:
    """The house's current residents."""
    return registry_service().repo.residents(community_id, house_id)


def residencies_of_account(account_id: str) -> list[Residency]:
    """Every current residency bound to a resident account."""
    return registry_service().repo.residencies_of_account(account_id)


def houses_of(community_id: str) -> list[Record]:
    """Every house of a community (a paged Query on the community's house index, all pages)."""
    repo = registry_service().repo
    found: list[Record] = []
    cursor: str | None = None
    while True:
        records, cursor = repo.houses(community_id, None, None, 500, cursor)
        found.extend(r for r in records if r.kind == "house")
        if not cursor:
            return found


def owners_of(community_id: str, house_ids: Any) -> dict[str, str]:
    """The current owner's person id by house id (one BatchGetItem per 100 houses on their owner markers); a house
    with no recorded owner (unsold, still the developer's) is left out."""
    from chalicelib.registry import repository_items as table

    ids = sorted({h for h in house_ids if h})
    owners: dict[str, str] = {}
    for start in range(0, len(ids), 100):
        chunk = ids[start : start + 100]
        found = table.batch_get((table.house_pk(community_id, h), "OWNER") for h in chunk)
        for h in chunk:
            marker = found.get((table.house_pk(community_id, h), "OWNER"))
            if marker is not None and marker.entity_id:
                owners[h] = str(marker.entity_id)
    return owners


def place_labels(community_id: str, house_ids: Any = (), building_ids: Any = ()) -> dict[str, str]:
    """Display labels by id: houses as `3栋2单元1201`, buildings as `3栋` (one BatchGetItem per kind and 100 ids;
    an id the community does not hold is left out)."""
    from chalicelib.registry.addresses import house_label_of as house_label
    from chalicelib.registry.labels import building_label

    repo = registry_service().repo
    labels: dict[str, str] = {}
    houses = sorted({h for h in house_ids if h})
    buildings = sorted({b for b in building_ids if b})
    if houses:
        labels.update({i: house_label(r.attrs) for i, r in repo.get_many(community_id, "house", houses).items()})
    if buildings:
        labels.update(
            {i: building_label(r.attrs) for i, r in repo.get_many(community_id, "building", buildings).items()}
        )
    return labels


def person_names(community_id: str, person_ids: Any) -> dict[str, str]:
    """People's names by id (one BatchGetItem per 100 ids); an id the community does not hold is left out."""
    ids = sorted({p for p in person_ids if p})
    if not ids:
        return {}
    found = registry_service().repo.get_many(community_id, "person", ids)
    return {i: str((r.attrs or {}).get("name") or "") for i, r in found.items() if (r.attrs or {}).get("name")}


def plate_number(plate: str) -> str | None:
    """A mainland motor-vehicle plate in its one stored form (upper case, no separators; new-energy plates have 8
    characters), or None when it is not one (the registry's one plate rule)."""
    from chalicelib.kernel.errors import InvalidInput
    from chalicelib.registry.model import validate_plate

    try:
        return validate_plate(plate)
    except InvalidInput:
        return None


def vehicle_by_plate(community_id: str, plate: str) -> Record | None:
    """The community's registered vehicle with this plate (one Query on the plate index), or None."""
    records, _ = registry_service().repo.vehicles(community_id, None, plate, 5, None)
    return next((r for r in records if r.attrs.get("plate") == plate), None)


def vehicles_of(community_id: str) -> list[Record]:
    """Every registered vehicle of a community (a paged Query on the community's plate index, all pages)."""
    repo = registry_service().repo
    found: list[Record] = []
    cursor: str | None = None
    while True:
        records, cursor = repo.vehicles(community_id, None, None, 500, cursor)
        found.extend(r for r in records if r.kind == "vehicle")
        if not cursor:
            return found


def houses_with_phone(community_id: str, phone_index: str) -> list[str]:
    """The houses where the community's people with this phone (its keyed blind index, `pii.blind_index("phone",
    ...)`: the number itself is never stored) currently live; one Query on the phone index, one per person."""
    from chalicelib.registry.wiring import registry_service

    repo = registry_service().repo
    people, _ = repo.people_by_phone(community_id, phone_index, 10, None)
    houses = {r.house_id for p in people for r in repo.residences_of(community_id, p.id) if r.status == "current"}
    return sorted(houses)
