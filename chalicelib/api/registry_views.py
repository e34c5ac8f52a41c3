"""Contracts and views shared by the registry, household and import routes: what a person, house or residency
looks like on the wire, and how personal data is sealed on the way in and masked on the way out.

Personal data (003 item 7, 001 7.2.3 g): phone and ID-card numbers are stored only as `security.pii` tokens
(envelope encryption with KMS data keys) plus a blind index for look-ups; every response masks them. The full
values leave only through the audited reveal route.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from chalicelib.api.contracts import Contract, Page

DataSource = Literal["manual", "import", "self_registration", "grid_worker", "department_exchange", "device", "partner"]
PopulationType = Literal["permanent", "floating", "key"]
Gender = Literal["male", "female", "unknown"]
IdType = Literal["resident_id_card", "passport", "hk_macao_permit", "taiwan_permit", "foreign_permanent"]
RelationName = Literal["owner", "family", "tenant"]

PHONE_PURPOSE = "person.phone"
ID_PURPOSE = "person.id_number"
CONTACT_PURPOSE = "person.emergency_phone"


class Provenance(Contract):
    ingestedAt: str = Field(description="When the record entered the platform (001 7.1.1: 入库时间)")
    dataSource: str = Field(description="Where it came from (001 7.1.1: 数据来源)")
    updatedAt: str | None = None
    version: int = Field(description="Send back as `version` when updating (optimistic locking)")


class EmergencyContactIn(Contract):
    name: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20)
    relation: str | None = Field(default=None, max_length=20)


class EmergencyContactOut(Contract):
    name: str
    phone: str = Field(description="masked unless revealed")
    relation: str | None = None


class PersonOut(Provenance):
    """Person, 001 7.1.1.2 (identity, addresses, population type, key category, tags) and 7.1.1.4 d fields."""

    personId: str
    name: str
    gender: str
    idType: str
    idNumber: str | None = Field(default=None, description="masked (110***********123X)")
    phone: str | None = Field(default=None, description="masked (138****5678)")
    nationality: str | None = None
    ethnicity: str | None = None
    nativePlace: str | None = None
    residenceAddress: str | None = None
    hukouAddress: str | None = None
    populationType: str
    keyCategory: str | None = None
    tags: list[str] = []
    emergencyContacts: list[EmergencyContactOut] = []
    status: str = "active"


class PersonPage(Page):
    items: list[PersonOut]


class MemberOut(Contract):
    """A residency (001 7.1.1.4 d): who, relation, move-in and move-out times."""

    houseId: str
    personId: str
    name: str
    relation: str
    relationToOwner: str | None = None
    since: str = Field(description="move-in time")
    endedAt: str | None = Field(default=None, description="move-out time (history only)")
    endReason: str | None = None
    bound: bool = Field(description="a resident account is bound to this residency")
    status: str
    dataSource: str
    ingestedAt: str


class MemberList(Page):
    items: list[MemberOut]


class HouseOut(Provenance):
    """House, 001 7.1.1.4 b, with its standard address code (8.2.1.1.3 a)."""

    houseId: str
    addressCode: str
    buildingId: str
    buildingCode: str
    buildingName: str | None = None
    unit: int
    floor: int
    room: int
    houseNumber: str | None = None
    areaSqm: float | None = None
    use: str | None = None
    occupancy: str = "unknown"
    rental: bool = False
    policeStation: str | None = None
    publicSecurityBureau: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    districtCode: str
    streetCode: str
    communityCode: str
    compoundCode: str | None = None


def _iso(moment: Any) -> str | None:
    from chalicelib.domain.clock import iso

    return iso(moment) if moment is not None else None


def provenance(item: Any) -> dict[str, Any]:
    return {
        "ingestedAt": _iso(item.ingested_at),
        "dataSource": item.data_source,
        "updatedAt": _iso(item.updated_at),
        "version": int(item.version or 0),
    }


def normalised_phone(value: str, field: str = "phone") -> str:
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.security.pii import normalise_phone

    digits = normalise_phone(value)
    if not digits.isdigit() or not 5 <= len(digits) <= 15:
        raise InvalidInput(
            "not a phone number",
            code="INVALID_PHONE",
            details=[{"field": field, "code": "invalid_phone", "message": "digits, 5-15"}],
        )
    return digits


def checked_id_number(id_type: str, value: str, field: str = "idNumber") -> str:
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.security.pii import normalise_id_card, valid_id_card

    number = normalise_id_card(value)
    if id_type == "resident_id_card" and not valid_id_card(number):
        raise InvalidInput(
            "not a valid resident ID-card number (GB 11643 check failed)",
            code="INVALID_ID_NUMBER",
            details=[{"field": field, "code": "invalid_id_number", "message": "checksum or date"}],
        )
    if not 5 <= len(number) <= 32:
        raise InvalidInput(
            "ID number length is 5-32",
            code="INVALID_ID_NUMBER",
            details=[{"field": field, "code": "invalid_id_number", "message": "length"}],
        )
    return number


def seal_person(phone: str | None, id_number: str | None, contacts: list[dict[str, Any]]) -> dict[str, Any]:
    """Encrypt phone, ID number and emergency-contact phones; keep blind indexes for look-ups."""
    from chalicelib.security import pii

    sealed: dict[str, Any] = {}
    if phone:
        sealed["phone"] = pii.encrypt(phone, purpose=PHONE_PURPOSE)
        sealed["phoneIndex"] = pii.blind_index("phone", phone)
        sealed["phoneMasked"] = pii.mask_phone(phone)
    if id_number:
        sealed["idNumber"] = pii.encrypt(id_number, purpose=ID_PURPOSE)
        sealed["idIndex"] = pii.blind_index("id_card", id_number)
        sealed["idMasked"] = pii.mask_id_card(id_number)
    sealed["contacts"] = [
        {
            "name": c["name"],
            "relation": c.get("relation"),
            "phone": pii.encrypt(c["phone"], purpose=CONTACT_PURPOSE),
            "phoneMasked": pii.mask_phone(c["phone"]),
        }
        for c in contacts
    ]
    return sealed


def person_view(item: Any) -> PersonOut:
    """A person with phone and ID masked (the masks were computed at write time: no KMS call per read)."""
    a, s = item.attrs or {}, item.sealed or {}
    return PersonOut(
        personId=item.entity_id,
        name=a.get("name", ""),
        gender=a.get("gender", "unknown"),
        idType=a.get("idType", "resident_id_card"),
        idNumber=s.get("idMasked"),
        phone=s.get("phoneMasked"),
        nationality=a.get("nationality"),
        ethnicity=a.get("ethnicity"),
        nativePlace=a.get("nativePlace"),
        residenceAddress=a.get("residenceAddress"),
        hukouAddress=a.get("hukouAddress"),
        populationType=a.get("populationType", "permanent"),
        keyCategory=a.get("keyCategory"),
        tags=a.get("tags", []),
        status=a.get("status", "active"),
        emergencyContacts=[
            EmergencyContactOut(name=c["name"], phone=c.get("phoneMasked", ""), relation=c.get("relation"))
            for c in s.get("contacts", [])
        ],
        **provenance(item),
    )


def reveal_person(item: Any) -> dict[str, Any]:
    from chalicelib.security import pii

    s = item.sealed or {}
    return {
        "personId": item.entity_id,
        "idNumber": pii.decrypt(s["idNumber"], purpose=ID_PURPOSE) if s.get("idNumber") else None,
        "phone": pii.decrypt(s["phone"], purpose=PHONE_PURPOSE) if s.get("phone") else None,
        "emergencyContacts": [
            {
                "name": c["name"],
                "relation": c.get("relation"),
                "phone": pii.decrypt(c["phone"], purpose=CONTACT_PURPOSE),
            }
            for c in s.get("contacts", [])
        ],
    }


def member_view(m: Any) -> MemberOut:
    return MemberOut(
        houseId=m.house_id,
        personId=m.person_id,
        name=m.person_name,
        relation=m.relation,
        relationToOwner=m.relation_to_owner,
        since=_iso(m.since) or "",
        endedAt=_iso(m.ended_at),
        endReason=m.end_reason,
        bound=bool(m.account_id),
        status=m.status,
        dataSource=m.data_source,
        ingestedAt=_iso(m.ingested_at) or "",
    )


def house_view(item: Any) -> HouseOut:
    a = item.attrs or {}
    community = a.get("communityCode", "")
    return HouseOut(
        houseId=item.entity_id,
        addressCode=a["addressCode"],
        buildingId=a["buildingId"],
        buildingCode=a["buildingCode"],
        buildingName=a.get("buildingName"),
        unit=a["unit"],
        floor=a["floor"],
        room=a["room"],
        houseNumber=a.get("houseNumber"),
        areaSqm=a.get("areaSqm"),
        use=a.get("use"),
        occupancy=a.get("occupancy", "unknown"),
        rental=a.get("occupancy") == "rented",
        policeStation=a.get("policeStation"),
        publicSecurityBureau=a.get("publicSecurityBureau"),
        longitude=a.get("longitude"),
        latitude=a.get("latitude"),
        districtCode=community[:6],
        streetCode=community[:9],
        communityCode=community,
        compoundCode=a.get("compoundCode"),
        **provenance(item),
    )


class PersonFields(Contract):
    """Writable person fields (001 7.1.1.2, 7.1.1.4 c-d)."""

    name: str = Field(min_length=1, max_length=40)
    gender: Gender = "unknown"
    idType: IdType = "resident_id_card"
    idNumber: str | None = Field(default=None, max_length=32, description="stored encrypted; answered masked")
    phone: str | None = Field(default=None, max_length=20, description="stored encrypted; answered masked")
    nationality: str | None = Field(default="CHN", max_length=40)
    ethnicity: str | None = Field(default=None, max_length=20)
    nativePlace: str | None = Field(default=None, max_length=60)
    residenceAddress: str | None = Field(default=None, max_length=200)
    hukouAddress: str | None = Field(default=None, max_length=200)
    populationType: PopulationType = "permanent"
    keyCategory: str | None = Field(default=None, max_length=40, description="key persons only (7.1.1.2 c)")
    tags: list[str] = Field(default_factory=list, max_length=20)
    emergencyContacts: list[EmergencyContactIn] = Field(default_factory=list, max_length=5)
    dataSource: DataSource = "manual"

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        from chalicelib.domain.registry import validate_tags

        return validate_tags(tags)
