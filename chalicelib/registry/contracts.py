"""What registry records look like on the wire, in one place: every response model and the mapping from the
domain's records to it. Personal data leaves masked (the masks were computed at write time); full values only
through the audited reveal route and full exports.

Request pieces shared by the registry, household and import routes (001 7.1.1.2, 7.1.1.4).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Page
from chalicelib.registry.model import Record, Residency


def _iso(moment: datetime | None) -> str | None:
    return iso(moment) if moment is not None else None


class Provenance(Contract):
    ingestedAt: str = Field(description="When the record entered the platform (001 7.1.1: 入库时间)")
    dataSource: str = Field(description="Where it came from (001 7.1.1: 数据来源)")
    updatedAt: str | None = None
    version: int = Field(description="Send back as `version` when updating (optimistic locking)")


def provenance(record: Record) -> dict[str, Any]:
    return {
        "ingestedAt": _iso(record.ingested_at),
        "dataSource": record.data_source,
        "updatedAt": _iso(record.updated_at),
        "version": record.version,
    }


# --- org units, buildings, units ---------------------------------------------------------------------------------


class OrgUnitOut(Provenance):
    code: str
    level: str
    name: str
    category: str | None = None
    parentCode: str | None = None
    path: list[str] = Field(description="codes from the province down to this node")
    longitude: float | None = None
    latitude: float | None = None


class OrgUnitPage(Page):
    items: list[OrgUnitOut]


def org_unit_view(r: Record) -> OrgUnitOut:
    a = r.attrs
    optional: dict[str, Any] = {k: a.get(k) for k in ("category", "parentCode", "longitude", "latitude")}
    return OrgUnitOut(code=r.id, level=a["level"], name=a["name"], path=a.get("path", []), **optional, **provenance(r))


class BuildingOut(Provenance):
    buildingId: str
    buildingCode: str
    number: str
    name: str | None = None
    compoundCode: str | None = None
    status: str
    floors: int | None = None
    details: dict[str, Any] = Field(default_factory=dict, description="the other 7.1.1.3 fields as entered")


class BuildingPage(Page):
    items: list[BuildingOut]


def building_view(r: Record) -> BuildingOut:
    a = dict(r.attrs)
    main = {k: a.pop(k, None) for k in ("buildingCode", "number", "name", "compoundCode", "status", "floors")}
    a.pop("areaCode", None)
    return BuildingOut(buildingId=r.id, details=a, **main, **provenance(r))


class UnitOut(Contract):
    buildingId: str
    number: int
    name: str | None = None
    floors: int | None = None
    housesPerFloor: int | None = None
    ingestedAt: str


class UnitList(Contract):
    items: list[UnitOut]


def unit_view(r: Record) -> UnitOut:
    a = r.attrs
    optional: dict[str, Any] = {k: a.get(k) for k in ("name", "floors", "housesPerFloor")}
    return UnitOut(buildingId=a["buildingId"], number=a["number"], ingestedAt=iso(r.ingested_at), **optional)


# --- houses and residencies ---------------------------------------------------------------------------------------


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


class HousePage(Page):
    items: list[HouseOut]


def house_view(r: Record) -> HouseOut:
    a = r.attrs
    community = a.get("communityCode", "")
    required: dict[str, Any] = {k: a[k] for k in ("addressCode", "buildingId", "buildingCode", "unit", "floor", "room")}
    optional: tuple[str, ...] = ("buildingName", "houseNumber", "areaSqm", "use", "policeStation")
    optional += ("publicSecurityBureau", "longitude", "latitude", "compoundCode")
    extra: dict[str, Any] = {k: a.get(k) for k in optional}
    return HouseOut(
        houseId=r.id,
        occupancy=a.get("occupancy") or "unknown",
        rental=a.get("occupancy") == "rented",
        districtCode=community[:6],
        streetCode=community[:9],
        communityCode=community,
        **required,
        **extra,
        **provenance(r),
    )


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


class ResidenceList(Contract):
    items: list[MemberOut]


def member_view(m: Residency) -> MemberOut:
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


class MembershipOut(Contract):
    communityId: str
    houseId: str
    relation: str
    personId: str
    addressCode: str | None = None
    houseNumber: str | None = None
    since: str
    boundAt: str | None = None


class MembershipList(Contract):
    items: list[MembershipOut]


class FreshAccess(Contract):
    """An access token issued with the answer, already carrying what the call changed (a bound household)."""

    accessToken: str
    tokenType: str = "Bearer"
    expiresIn: int = Field(description="Seconds until the access token expires")
    roles: list[str]
    communities: list[str]
    households: list[str]


class BindingOut(MembershipOut):
    session: FreshAccess = Field(
        description="Use this access token from now on: it carries the new household (the refresh token stays valid "
        "and unchanged; the typed client adopts the token by itself)"
    )


def membership_view(m: Residency, house: Record | None) -> MembershipOut:
    a = house.attrs if house is not None else {}
    return MembershipOut(
        communityId=m.community_id,
        houseId=m.house_id,
        relation=m.relation,
        personId=m.person_id,
        addressCode=a.get("addressCode"),
        houseNumber=a.get("houseNumber"),
        since=iso(m.since),
        boundAt=_iso(m.bound_at),
    )


# --- people -------------------------------------------------------------------------------------------------------


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


def person_view(r: Record) -> PersonOut:
    # `or` defaults: a record written before the null rule may hold a null; it still reads (and can be fixed).
    a, s = r.attrs, r.sealed or {}
    return PersonOut(
        personId=r.id,
        name=a.get("name") or "",
        gender=a.get("gender") or "unknown",
        idType=a.get("idType") or "resident_id_card",
        idNumber=s.get("idMasked"),
        phone=s.get("phoneMasked"),
        nationality=a.get("nationality"),
        ethnicity=a.get("ethnicity"),
        nativePlace=a.get("nativePlace"),
        residenceAddress=a.get("residenceAddress"),
        hukouAddress=a.get("hukouAddress"),
        populationType=a.get("populationType") or "permanent",
        keyCategory=a.get("keyCategory"),
        tags=a.get("tags") or [],
        status=a.get("status") or "active",
        emergencyContacts=[
            EmergencyContactOut(name=c["name"], phone=c.get("phoneMasked", ""), relation=c.get("relation"))
            for c in s.get("contacts", [])
        ],
        **provenance(r),
    )


class RevealOut(Contract):
    personId: str
    idNumber: str | None
    phone: str | None
    emergencyContacts: list[dict[str, Any]]


# --- vehicles and organisations -----------------------------------------------------------------------------------


class VehicleOut(Provenance):
    vehicleId: str
    kind: str
    plate: str
    ownerPersonId: str | None = None
    ownerName: str | None = None
    houseId: str | None = None
    parkingType: str
    keyClass: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class VehiclePage(Page):
    items: list[VehicleOut]


def vehicle_view(r: Record) -> VehicleOut:
    a = dict(r.attrs)
    keys = ("kind", "plate", "ownerPersonId", "ownerName", "houseId", "parkingType", "keyClass")
    main = {k: a.pop(k, None) for k in keys}
    main["parkingType"] = main["parkingType"] or "temporary"
    return VehicleOut(vehicleId=r.id, details=a, **main, **provenance(r))


class OrganisationOut(Provenance):
    organisationId: str
    name: str
    details: dict[str, Any] = Field(default_factory=dict)


class OrganisationPage(Page):
    items: list[OrganisationOut]


def organisation_view(r: Record) -> OrganisationOut:
    a = dict(r.attrs)
    return OrganisationOut(organisationId=r.id, name=a.pop("name"), details=a, **provenance(r))


# --- household applications ---------------------------------------------------------------------------------------


class ApplicationOut(Contract):
    applicationId: str
    communityId: str
    houseId: str
    addressCode: str | None = None
    name: str
    phone: str = Field(description="masked")
    idNumber: str | None = Field(default=None, description="masked")
    relation: str
    relationToOwner: str | None = None
    note: str | None = None
    status: str
    reason: str | None = None
    decidedBy: str | None = None
    decidedAt: str | None = None
    createdAt: str
    version: int


class ApplicationPage(Page):
    items: list[ApplicationOut]


def application_view(r: Record) -> ApplicationOut:
    a, s = r.attrs, r.sealed or {}
    return ApplicationOut(
        applicationId=r.id,
        communityId=r.community_id or "",
        houseId=a["houseId"],
        addressCode=a.get("addressCode"),
        name=a["name"],
        phone=s.get("phoneMasked", ""),
        idNumber=s.get("idMasked"),
        relation=a["relation"],
        relationToOwner=a.get("relationToOwner"),
        note=a.get("note"),
        status=a["status"],
        reason=a.get("reason"),
        decidedBy=a.get("decidedBy"),
        decidedAt=a.get("decidedAt"),
        createdAt=iso(r.ingested_at),
        version=r.version,
    )


def page(items: list[Any], cursor: str | None, model: type[Any], view: Any) -> Any:
    """A page of views: `page(records, cursor, HousePage, house_view)`."""
    return model(items=[view(i) for i in items], nextCursor=cursor)


DataSource = Literal["manual", "import", "self_registration", "grid_worker", "department_exchange", "device", "partner"]
PopulationType = Literal["permanent", "floating", "key"]
Gender = Literal["male", "female", "unknown"]
IdType = Literal["resident_id_card", "passport", "hk_macao_permit", "taiwan_permit", "foreign_permanent"]
RelationName = Literal["owner", "family", "tenant"]

STAFF = "/v1/staff/communities/{community_id}"


class EmergencyContactIn(Contract):
    name: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20)
    relation: str | None = Field(default=None, max_length=20)


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
        from chalicelib.registry.model import validate_tags

        return validate_tags(tags)
