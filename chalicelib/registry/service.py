"""Registry use cases for property staff, administrators, the import and the demo seed (001 7.1.1.x, 7.3.6).

One service, one rule per entity, whatever the entry path: the staff routes, the spreadsheet import and the local
cloud's seed all call these methods. The entity rules (address codes, ID numbers, plates, credit codes, key
persons, one owner per house, residency history, ingest time and source) live in the `new_*` builders here and in
`model.check_record`; the repository applies each use case's `Change` atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import chalicelib.registry.addresses as addresses
import chalicelib.registry.model as registry
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound
from chalicelib.registry.model import (
    PLAIN_PERSON_FIELDS,
    Change,
    Claim,
    Listing,
    PersonalData,
    Record,
    RegistryRepository,
    Residency,
    check_record,
    invalid_field,
    not_found,
    unknown_reference,
)


class RegistryService:
    def __init__(self, repo: RegistryRepository, personal: PersonalData, now: Callable[[], datetime]):
        self.repo = repo
        self.personal = personal
        self.now = now

    # --- shared ----------------------------------------------------------------------------------------------

    def get(self, community_id: str, kind: str, entity_id: str) -> Record:
        record = self.repo.get(community_id, kind, entity_id)
        if record is None:
            raise not_found(kind)
        return record

    def community(self, community_id: str) -> Record:
        """The community's org node (its code is the community id); 404 when the hierarchy does not know it."""
        node = self.repo.get(None, "org", community_id)
        if node is None or node.attrs.get("level") != "community":
            raise NotFound("community is not registered in the organisation hierarchy", code="COMMUNITY_NOT_FOUND")
        return node

    def new_record(
        self,
        kind: str,
        community_id: str | None,
        entity_id: str,
        attrs: dict[str, Any],
        source: str,
        actor: str | None,
        *,
        sealed: dict[str, Any] | None = None,
        import_id: str | None = None,
    ) -> Record:
        now = self.now()
        record = Record(
            kind=kind,
            id=entity_id,
            community_id=community_id,
            attrs={k: v for k, v in attrs.items() if v is not None},
            ingested_at=now,
            data_source=source,
            sealed=sealed,
            updated_at=now,
            created_by=actor,
            import_id=import_id,
        )
        check_record(record)
        return record

    def update(self, community_id: str, kind: str, entity_id: str, version: int, changes: dict[str, Any]) -> Record:
        """Merge the sent fields (None = clear) into the record, guarded by the version the caller read."""
        record = self.get(community_id, kind, entity_id)
        if record.version != version:
            raise Conflict(
                f"version {version} is stale (current {record.version})",
                code="STALE_VERSION",
                details=[{"field": "version", "code": "stale", "message": f"current is {record.version}"}],
            )
        updated = replace(record, attrs=dict(record.attrs), sealed=dict(record.sealed) if record.sealed else None)
        if kind == "person" and "phone" in changes:
            self._reseal_phone(updated, changes.pop("phone"))
        for key, value in changes.items():
            if value is None:
                updated.attrs.pop(key, None)
            else:
                updated.attrs[key] = value
        updated.updated_at = self.now()
        check_record(updated)
        self.repo.commit(Change().update(updated))
        return updated

    def _reseal_phone(self, person: Record, phone: str | None) -> None:
        sealed = {k: v for k, v in (person.sealed or {}).items() if k not in ("phone", "phoneIndex", "phoneMasked")}
        if phone:
            fresh = self.personal.seal(self.checked_phone(phone), None, [])
            sealed.update({k: v for k, v in fresh.items() if k != "contacts"})
        sealed.setdefault("contacts", [])
        person.sealed = sealed

    # --- personal data rules ---------------------------------------------------------------------------------

    def checked_phone(self, value: str, field: str = "phone") -> str:
        digits = self.personal.normalise_phone(value)
        if not digits.isdigit() or not 5 <= len(digits) <= 15:
            raise invalid_field(field, "not a phone number: digits, 5-15", "INVALID_PHONE")
        return digits

    def checked_id_number(self, id_type: str, value: str, field: str = "idNumber") -> str:
        number = self.personal.normalise_id_number(value)
        if id_type == "resident_id_card" and not self.personal.valid_id_card(number):
            raise invalid_field(
                field, "not a valid resident ID-card number (GB 11643 check failed)", "INVALID_ID_NUMBER"
            )
        if not 5 <= len(number) <= 32:
            raise invalid_field(field, "ID number length is 5-32", "INVALID_ID_NUMBER")
        return number

    # --- organisation hierarchy (7.1.1.11, 7.3.6) --------------------------------------------------------------

    def create_org_unit(self, fields: dict[str, Any], actor: str | None) -> Record:
        parent_code = fields.get("parentCode")
        parent = self.repo.get(None, "org", parent_code) if parent_code else None
        if parent_code and parent is None:
            raise not_found("parent")
        addresses.validate_org_code(
            fields["level"], fields["code"], parent.attrs.get("level") if parent else None, parent_code
        )
        attrs = {k: v for k, v in fields.items() if k not in ("code", "dataSource")}
        attrs["path"] = [*(parent.attrs.get("path", []) if parent else []), fields["code"]]
        record = self.new_record("org", None, fields["code"], attrs, fields.get("dataSource", "manual"), actor)
        self.repo.commit(Change().create(record))
        return record

    def org_unit(self, code: str) -> Record:
        record = self.repo.get(None, "org", code)
        if record is None:
            raise not_found("org_unit")
        return record

    def org_children(self, parent: str, limit: int, cursor: str | None) -> Listing:
        return self.repo.org_children(parent, limit, cursor)

    # --- buildings and units (7.1.1.3) -------------------------------------------------------------------------

    def new_building(
        self, community_id: str, fields: dict[str, Any], source: str, actor: str | None, import_id: str | None = None
    ) -> tuple[Record, list[Claim]]:
        self.community(community_id)
        area = community_id
        compound_code = fields.get("compoundCode")
        if compound_code:
            compound = self.repo.get(None, "org", compound_code)
            if compound is None or compound.attrs.get("parentCode") != community_id:
                raise InvalidInput(
                    "compoundCode is not a compound of this community",
                    code="UNKNOWN_COMPOUND",
                    details=[{"field": "compoundCode", "code": "unknown", "message": "not in community"}],
                )
            area = compound_code
        number = addresses.normalise_building_number(fields["number"])
        code = addresses.building_code(area, number)
        attrs = {k: v for k, v in fields.items() if k != "dataSource"}
        attrs.update(number=number, areaCode=area, buildingCode=code)
        record = self.new_record(
            "building", community_id, self.repo.new_id("b"), attrs, source, actor, import_id=import_id
        )
        return record, [Claim("address", code, "BUILDING_EXISTS", f"building {code} exists")]

    def register_building(self, community_id: str, fields: dict[str, Any], source: str, actor: str | None) -> Record:
        record, claims = self.new_building(community_id, fields, source, actor)
        self.repo.commit(Change().create(record, claims))
        return record

    def buildings(self, community_id: str, limit: int, cursor: str | None) -> Listing:
        return self.repo.buildings(community_id, limit, cursor)

    def add_unit(self, community_id: str, building_id: str, fields: dict[str, Any], actor: str | None) -> Record:
        building = self.get(community_id, "building", building_id)
        number = int(fields["number"])
        attrs = {**fields, "buildingId": building.id}
        record = self.new_record("unit", community_id, f"{building.id}-{number:02d}", attrs, "manual", actor)
        change = Change().require(community_id, "building", building.id, "BUILDING_NOT_FOUND", "building is gone")
        self.repo.commit(change.create(record))  # the unit's key is its number in the building: one per number
        return record

    def units(self, community_id: str, building_id: str) -> list[Record]:
        self.get(community_id, "building", building_id)
        return self.repo.units(community_id, building_id)

    # --- houses (7.1.1.4 b) ---------------------------------------------------------------------------------------

    def new_house(
        self,
        community_id: str,
        building: Record,
        fields: dict[str, Any],
        source: str,
        actor: str | None,
        import_id: str | None = None,
    ) -> tuple[Record, list[Claim]]:
        """A house with its standard address code (AREA-BBBB-UU-FFFRR), unique in the community."""
        b = building.attrs
        code = addresses.house_code(b["areaCode"], b["number"], fields["unit"], fields["floor"], fields["room"])
        sent = fields.get("addressCode")
        if sent and str(sent).upper() != code:
            raise InvalidInput(
                f"addressCode does not match building/unit/floor/room (expected {code})",
                code="ADDRESS_CODE_MISMATCH",
                details=[{"field": "addressCode", "code": "mismatch", "message": f"expected {code}"}],
            )
        attrs = {k: v for k, v in fields.items() if k not in ("dataSource", "addressCode", "buildingId")}
        attrs.setdefault("use", "residential")
        attrs.setdefault("occupancy", "unknown")
        attrs.update(
            addressCode=code,
            buildingId=building.id,
            buildingCode=b["buildingCode"],
            buildingName=b.get("name"),
            communityCode=community_id,
            compoundCode=b.get("compoundCode"),
        )
        house_id = self.repo.new_id("h")
        record = self.new_record("house", community_id, house_id, attrs, source, actor, import_id=import_id)
        return record, [Claim("address", code, "HOUSE_EXISTS", f"a house with address code {code} exists")]

    def register_house(self, community_id: str, fields: dict[str, Any], source: str, actor: str | None) -> Record:
        building = self.repo.get(community_id, "building", fields["buildingId"])
        if building is None:
            raise not_found("building")
        record, claims = self.new_house(community_id, building, fields, source, actor)
        self.repo.commit(Change().create(record, claims))
        return record

    def houses(
        self, community_id: str, building_id: str | None, prefix: str | None, limit: int, cursor: str | None
    ) -> Listing:
        return self.repo.houses(community_id, building_id, prefix.upper() if prefix else None, limit, cursor)

    def house_by_address(self, community_id: str, address_code: str) -> Record | None:
        addresses.parse_house_code(address_code)
        house_id = self.repo.claimed_by(community_id, "address", address_code.strip().upper())
        return self.repo.get(community_id, "house", house_id) if house_id else None

    # --- people (7.1.1.2) -----------------------------------------------------------------------------------------

    def new_person(
        self,
        community_id: str,
        fields: dict[str, Any],
        source: str,
        actor: str | None,
        import_id: str | None = None,
        person_id: str | None = None,
    ) -> tuple[Record, list[Claim]]:
        """A person with phone, ID number and emergency contacts sealed; one person per ID number."""
        phone = self.checked_phone(fields["phone"]) if fields.get("phone") else None
        id_type = fields.get("idType") or "resident_id_card"
        id_number = self.checked_id_number(id_type, fields["idNumber"]) if fields.get("idNumber") else None
        contacts = [
            {**c, "phone": self.checked_phone(c["phone"], "emergencyContacts.phone")}
            for c in fields.get("emergencyContacts") or []
        ]
        sealed = self.personal.seal(phone, id_number, contacts)
        plain = {k: fields.get(k) for k in PLAIN_PERSON_FIELDS}
        plain.update(
            idType=id_type,
            gender=plain.get("gender") or "unknown",
            populationType=plain.get("populationType") or "permanent",
            status=plain.get("status") or "active",
            tags=plain.get("tags") or [],
        )
        record = self.new_record(
            "person",
            community_id,
            person_id or self.repo.new_id("p"),
            plain,
            source,
            actor,
            sealed=sealed,
            import_id=import_id,
        )
        claims = []
        if id_number:
            claims.append(
                Claim(
                    "id_card", sealed["idIndex"], "PERSON_EXISTS", "a person with this ID number is already registered"
                )
            )
        return record, claims

    def register_person(self, community_id: str, fields: dict[str, Any], source: str, actor: str | None) -> Record:
        self.community(community_id)
        record, claims = self.new_person(community_id, fields, source, actor)
        self.repo.commit(Change().create(record, claims))
        return record

    def person_by_id_number(self, community_id: str, id_type: str, id_number: str) -> Record | None:
        number = self.checked_id_number(id_type, id_number)
        person_id = self.repo.claimed_by(community_id, "id_card", self.personal.index("id_card", number))
        return self.repo.get(community_id, "person", person_id) if person_id else None

    def find_people(
        self,
        community_id: str,
        *,
        name: str | None,
        phone: str | None,
        id_number: str | None,
        limit: int,
        cursor: str | None,
    ) -> Listing:
        if id_number:
            id_type = "resident_id_card" if len(id_number.strip()) == 18 else "passport"
            person = self.person_by_id_number(community_id, id_type, id_number)
            return ([person] if person else []), None
        if phone:
            index = self.personal.index("phone", self.checked_phone(phone))
            return self.repo.people_by_phone(community_id, index, limit, cursor)
        prefix = registry.normalise_name(name) if name else None
        return self.repo.people_by_name(community_id, prefix, limit, cursor)

    def update_person(self, community_id: str, person_id: str, version: int, changes: dict[str, Any]) -> Record:
        return self.update(community_id, "person", person_id, version, changes)

    def reveal(self, community_id: str, person_id: str) -> tuple[Record, dict[str, Any]]:
        person = self.get(community_id, "person", person_id)
        return person, self.personal.reveal(person.sealed or {})

    def residences(self, community_id: str, person_id: str) -> list[Residency]:
        self.get(community_id, "person", person_id)
        return self.repo.residences_of(community_id, person_id)

    # --- residencies, staff side (7.1.1.4 a/c/d) -------------------------------------------------------------------

    def residency_of(
        self,
        community_id: str,
        house_id: str,
        person: Record,
        relation: str,
        relation_to_owner: str | None,
        since: datetime | None,
        source: str,
        actor: str | None,
        account_id: str | None = None,
        import_id: str | None = None,
    ) -> Residency:
        now = self.now()
        return Residency(
            community_id=community_id,
            house_id=house_id,
            person_id=person.id,
            person_name=person.name,
            relation=relation,
            relation_to_owner=relation_to_owner,
            since=since or now,
            ingested_at=now,
            data_source=source,
            created_by=actor,
            account_id=account_id,
            bound_at=now if account_id else None,
            import_id=import_id,
        )

    def add_resident(
        self,
        community_id: str,
        house_id: str,
        person_id: str,
        relation: str,
        relation_to_owner: str | None,
        since: datetime | None,
        source: str,
        actor: str | None,
    ) -> Residency:
        self.get(community_id, "house", house_id)  # 404 for an id of another community, as for an unknown one
        person = self.repo.get(community_id, "person", person_id)
        if person is None:
            raise not_found("person")
        residency = self.residency_of(community_id, house_id, person, relation, relation_to_owner, since, source, actor)
        self.repo.commit(Change().move_in(residency))
        return residency

    def residents(
        self, community_id: str, house_id: str, history: bool, limit: int, cursor: str | None
    ) -> tuple[list[Residency], str | None]:
        self.get(community_id, "house", house_id)
        if history:
            return self.repo.past_residents(community_id, house_id, limit, cursor)
        return self.repo.residents(community_id, house_id), None

    def current_residency(self, community_id: str, house_id: str, person_id: str) -> Residency:
        residency = self.repo.residency(community_id, house_id, person_id)
        if residency is None:
            raise NotFound("this person does not currently live in this house", code="MEMBER_NOT_FOUND")
        return residency

    def end_residency(self, residency: Residency, ended_at: datetime | None, reason: str) -> Residency:
        if residency.status != "current":
            raise Conflict("membership already ended", code="MEMBER_ENDED")
        ended = replace(residency, status="ended", ended_at=ended_at or self.now(), end_reason=reason)
        self.repo.commit(Change().move_out(ended))
        return ended

    def move_out(self, community_id: str, house_id: str, person_id: str, at: datetime | None, reason: str) -> Residency:
        return self.end_residency(self.current_residency(community_id, house_id, person_id), at, reason)

    # --- vehicles (7.1.1.6-7.1.1.7) --------------------------------------------------------------------------------

    def register_vehicle(self, community_id: str, fields: dict[str, Any], source: str, actor: str | None) -> Record:
        plate = registry.validate_plate(fields["plate"], fields.get("kind") or "motor")
        attrs = {k: v for k, v in fields.items() if k != "dataSource"}
        attrs.update(plate=plate, kind=fields.get("kind") or "motor")
        attrs.setdefault("parkingType", "temporary")
        change = Change()
        if fields.get("ownerPersonId"):
            owner = self.repo.get(community_id, "person", fields["ownerPersonId"])
            if owner is None:
                raise unknown_reference("ownerPersonId", "person")
            attrs["ownerName"] = owner.name
            change.require(community_id, "person", owner.id, "PERSON_NOT_FOUND", "owner is gone")
        if fields.get("houseId"):
            if self.repo.get(community_id, "house", fields["houseId"]) is None:
                raise unknown_reference("houseId", "house")
            change.require(community_id, "house", fields["houseId"], "HOUSE_NOT_FOUND", "house is gone")
        record = self.new_record("vehicle", community_id, self.repo.new_id("v"), attrs, source, actor)
        claim = Claim("plate", plate, "PLATE_EXISTS", f"plate {plate} is already registered")
        self.repo.commit(change.create(record, [claim]))
        return record

    def vehicles(
        self, community_id: str, owner_id: str | None, plate: str | None, limit: int, cursor: str | None
    ) -> Listing:
        prefix = registry.normalise_plate(plate) if plate else None
        return self.repo.vehicles(community_id, owner_id, prefix, limit, cursor)

    # --- organisations in the compound (7.1.1.5) -----------------------------------------------------------------

    def register_organisation(
        self, community_id: str, fields: dict[str, Any], source: str, actor: str | None
    ) -> Record:
        if fields.get("creditCode") and not registry.valid_credit_code(fields["creditCode"]):
            raise InvalidInput(
                "not a valid unified social credit code",
                code="INVALID_CREDIT_CODE",
                details=[{"field": "creditCode", "code": "invalid", "message": "GB 32100 check failed"}],
            )
        if fields.get("addressCode"):
            addresses.parse_house_code(fields["addressCode"])
        attrs = {k: v for k, v in fields.items() if k != "dataSource"}
        attrs.setdefault("keyUnit", False)
        record = self.new_record("organisation", community_id, self.repo.new_id("o"), attrs, source, actor)
        self.repo.commit(Change().create(record))
        return record

    def organisations(self, community_id: str, name: str | None, limit: int, cursor: str | None) -> Listing:
        prefix = registry.normalise_name(name) if name else None
        return self.repo.organisations(community_id, prefix, limit, cursor)
