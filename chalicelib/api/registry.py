"""Registry routes for property staff and administrators (001 7.1.1.x data entities, 7.3.6 organisation management).

Staff routes live under `/v1/staff/communities/{community_id}/...` (community scope: the token must hold the
community); the organisation hierarchy under `/v1/admin/org-units` (platform administrators write it).
Reads need `registry:read`, writes `registry:write`, the hierarchy `org:write`; revealing personal data
`people:reveal`. Every write is audited.
"""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.api.contracts import Contract, Id, Page, PageQuery, PatchContract
from chalicelib.api.http import Call, endpoint
from chalicelib.api.registry_views import (
    DataSource,
    HouseOut,
    MemberList,
    MemberOut,
    PersonFields,
    PersonOut,
    PersonPage,
    Provenance,
    RelationName,
)
from chalicelib.security.access import Access

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}"
READ = Access.community("registry:read")
WRITE = Access.community("registry:write")


def _now() -> Any:
    from chalicelib.domain.clock import utcnow

    return utcnow()


def _audit(
    call: Call[Any], operation: str, target_type: str, target_id: str, detail: dict[str, Any] | None = None
) -> None:
    from chalicelib.security import audit

    audit.record_call(call, operation, target_type, target_id, detail=detail)


def _not_found(kind: str) -> Exception:
    from chalicelib.domain.errors import NotFound

    return NotFound(f"{kind} not found", code=f"{kind.upper()}_NOT_FOUND")


def _entity(call: Call[Any], kind: str, id_param: str) -> Any:
    from chalicelib.store import registry as store

    item = store.get_entity(call.path["community_id"], kind, call.path[id_param])
    if item is None:
        raise _not_found(kind)
    return item


# --- organisation hierarchy (7.1.1.11, 7.3.6) -------------------------------------------------------------------

OrgLevel = Literal["province", "city", "district", "street", "community", "compound"]


class OrgUnitIn(Contract):
    code: str = Field(pattern=r"^\d{6,15}$", description="statistical division code; see domain.addresses")
    level: OrgLevel
    name: str = Field(min_length=1, max_length=60)
    category: str | None = Field(default=None, max_length=40)
    parentCode: str | None = Field(default=None, pattern=r"^\d{6,15}$")
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    dataSource: DataSource = "manual"


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


def _org_view(item: Any) -> OrgUnitOut:
    from chalicelib.api.registry_views import provenance

    a = item.attrs or {}
    return OrgUnitOut(
        code=item.entity_id,
        level=a["level"],
        name=a["name"],
        category=a.get("category"),
        parentCode=a.get("parentCode"),
        path=a.get("path", []),
        longitude=a.get("longitude"),
        latitude=a.get("latitude"),
        **provenance(item),
    )


@endpoint(
    bp,
    "POST",
    "/v1/admin/org-units",
    audience="admin",
    access=Access.signed_in("org:write"),
    summary="Create a node of the six-level organisation hierarchy",
    request=OrgUnitIn,
    response=OrgUnitOut,
    status=201,
    errors=(400, 404, 409),
)
def create_org_unit(call: Call[OrgUnitIn]) -> OrgUnitOut:
    from chalicelib.domain.addresses import validate_org_code
    from chalicelib.domain.registry import normalise_name
    from chalicelib.store import registry as store

    body = call.body
    parent = store.get_org(body.parentCode) if body.parentCode else None
    if body.parentCode and parent is None:
        raise _not_found("parent")
    validate_org_code(body.level, body.code, (parent.attrs or {}).get("level") if parent else None, body.parentCode)
    now = _now()
    attrs = body.model_dump(exclude={"code", "dataSource"}, exclude_none=True)
    attrs["path"] = [*((parent.attrs or {}).get("path", []) if parent else []), body.code]
    item = store.RegistryItem(
        store.org_pk(body.code),
        "NODE",
        entity="org",
        entity_id=body.code,
        attrs=attrs,
        ingested_at=now,
        data_source=body.dataSource,
        updated_at=now,
        created_by=call.who.subject,
        gsi1pk=f"ORG#{body.parentCode or 'ROOT'}#CHILDREN",
        gsi1sk=f"{normalise_name(body.name)}#{body.code}",
    )
    store.Tx().put_new(item, "ORG_UNIT_EXISTS", f"org unit {body.code} exists").commit()
    _audit(call, "org_unit.create", "org_unit", body.code, {"level": body.level})
    return _org_view(item)


@endpoint(
    bp,
    "GET",
    "/v1/admin/org-units/{code}",
    audience="admin",
    access=Access.signed_in("registry:read"),
    summary="Read an organisation node",
    response=OrgUnitOut,
    errors=(404,),
)
def get_org_unit(call: Call[Any]) -> OrgUnitOut:
    from chalicelib.store import registry as store

    item = store.get_org(call.path["code"])
    if item is None:
        raise _not_found("org_unit")
    return _org_view(item)


class ChildrenQuery(PageQuery):
    parent: str = Field(default="ROOT", pattern=r"^(ROOT|\d{6,15})$", description="parent code, ROOT for provinces")


@endpoint(
    bp,
    "GET",
    "/v1/admin/org-units",
    audience="admin",
    access=Access.signed_in("registry:read"),
    summary="List the children of an organisation node (cursor paginated)",
    query=ChildrenQuery,
    response=OrgUnitPage,
)
def list_org_units(call: Call[Any]) -> OrgUnitPage:
    from chalicelib.store import registry as store

    q = call.query
    items, cursor = store.query_index("gsi1", f"ORG#{q.parent}#CHILDREN", None, q.limit, q.cursor)
    return OrgUnitPage(items=[_org_view(i) for i in items], nextCursor=cursor)


# --- buildings and units (7.1.1.3) ------------------------------------------------------------------------------


class BuildingIn(Contract):
    """Building, 001 7.1.1.3 b-c."""

    number: str = Field(min_length=1, max_length=4, description="building number, 1-4 characters 0-9/A-Z")
    name: str | None = Field(default=None, max_length=60)
    compoundCode: str | None = Field(default=None, pattern=r"^\d{15}$")
    planPosition: str | None = Field(default=None, max_length=100)
    yearBuilt: int | None = Field(default=None, ge=1800, le=2100)
    status: Literal["in_use", "under_construction", "vacant", "demolished"] = "in_use"
    serviceLifeYears: int | None = Field(default=None, ge=1, le=300)
    mainUse: str | None = Field(default=None, max_length=40)
    structureType: str | None = Field(default=None, max_length=40)
    floors: int | None = Field(default=None, ge=1, le=200)
    heightMeters: float | None = Field(default=None, gt=0, le=1000)
    totalAreaSqm: float | None = Field(default=None, gt=0)
    doorplate: str | None = Field(default=None, max_length=100, description="门牌号")
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    publicSecurityOrgan: str | None = Field(default=None, max_length=60)
    dataSource: DataSource = "manual"


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


def _building_view(item: Any) -> BuildingOut:
    from chalicelib.api.registry_views import provenance

    a = dict(item.attrs or {})
    main = {k: a.pop(k, None) for k in ("buildingCode", "number", "name", "compoundCode", "status", "floors")}
    a.pop("areaCode", None)
    return BuildingOut(buildingId=item.entity_id, details=a, **main, **provenance(item))  # type: ignore[arg-type]


def prepare_building(
    community_id: str, fields: dict[str, Any], now: Any, source: str, actor: str | None, import_id: str | None = None
) -> Any:
    from chalicelib.api import registry_ops as ops
    from chalicelib.domain.addresses import building_code, normalise_building_number
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.store import registry as store

    ops.community_node(community_id)
    area = community_id
    if fields.get("compoundCode"):
        compound = store.get_org(fields["compoundCode"])
        if compound is None or (compound.attrs or {}).get("parentCode") != community_id:
            raise InvalidInput(
                "compoundCode is not a compound of this community",
                code="UNKNOWN_COMPOUND",
                details=[{"field": "compoundCode", "code": "unknown", "message": "not in community"}],
            )
        area = fields["compoundCode"]
    number = normalise_building_number(fields["number"])
    code = building_code(area, number)
    building_id = store.new_id("b")
    attrs = {k: v for k, v in fields.items() if v is not None and k != "dataSource"}
    attrs.update(number=number, areaCode=area, buildingCode=code)
    item = store.entity_item(
        "building",
        community_id,
        building_id,
        attrs,
        now,
        source,
        actor,
        gsi1=(f"C#{community_id}#BUILDINGS", code),
        import_id=import_id,
    )
    lock = store.lock_item(community_id, "ADDR", code, building_id, now, source, import_id)
    return ops.Prepared(item, [(lock, "BUILDING_EXISTS", f"building {code} exists")])


@endpoint(
    bp,
    "POST",
    f"{STAFF}/buildings",
    audience="staff",
    access=WRITE,
    summary="Register a building",
    request=BuildingIn,
    response=BuildingOut,
    status=201,
    errors=(400, 404, 409),
)
def create_building(call: Call[BuildingIn]) -> BuildingOut:
    from chalicelib.store import registry as store

    body = call.body
    prepared = prepare_building(call.path["community_id"], body.model_dump(), _now(), body.dataSource, call.who.subject)
    prepared.add_to(store.Tx()).commit()
    _audit(call, "building.create", "building", prepared.item.entity_id)
    return _building_view(prepared.item)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/buildings",
    audience="staff",
    access=READ,
    summary="List buildings by code",
    query=PageQuery,
    response=BuildingPage,
)
def list_buildings(call: Call[Any]) -> BuildingPage:
    from chalicelib.store import registry as store

    items, cursor = store.query_index(
        "gsi1", f"C#{call.path['community_id']}#BUILDINGS", None, call.query.limit, call.query.cursor
    )
    return BuildingPage(items=[_building_view(i) for i in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/buildings/{{building_id}}",
    audience="staff",
    access=READ,
    summary="Read a building",
    response=BuildingOut,
    errors=(404,),
)
def get_building(call: Call[Any]) -> BuildingOut:
    return _building_view(_entity(call, "building", "building_id"))


class UnitIn(Contract):
    number: int = Field(ge=1, le=99)
    name: str | None = Field(default=None, max_length=40)
    floors: int | None = Field(default=None, ge=1, le=200)
    housesPerFloor: int | None = Field(default=None, ge=1, le=99)


class UnitOut(Contract):
    buildingId: str
    number: int
    name: str | None = None
    floors: int | None = None
    housesPerFloor: int | None = None
    ingestedAt: str


class UnitList(Contract):
    items: list[UnitOut]


def _unit_view(item: Any) -> UnitOut:
    from chalicelib.domain.clock import iso

    a = item.attrs or {}
    return UnitOut(
        buildingId=a["buildingId"],
        number=a["number"],
        name=a.get("name"),
        floors=a.get("floors"),
        housesPerFloor=a.get("housesPerFloor"),
        ingestedAt=iso(item.ingested_at),
    )


@endpoint(
    bp,
    "POST",
    f"{STAFF}/buildings/{{building_id}}/units",
    audience="staff",
    access=WRITE,
    summary="Add a unit (单元) to a building",
    request=UnitIn,
    response=UnitOut,
    status=201,
    errors=(400, 404, 409),
)
def create_unit(call: Call[UnitIn]) -> UnitOut:
    from chalicelib.store import registry as store

    building = _entity(call, "building", "building_id")
    now = _now()
    attrs = {**call.body.model_dump(exclude_none=True), "buildingId": building.entity_id}
    item = store.RegistryItem(
        building.pk,
        f"UNIT#{call.body.number:02d}",
        entity="unit",
        entity_id=f"{building.entity_id}-{call.body.number:02d}",
        community_id=call.path["community_id"],
        attrs=attrs,
        ingested_at=now,
        updated_at=now,
        created_by=call.who.subject,
    )
    store.Tx().require(store.RegistryItem, building.pk, "BUILDING", "BUILDING_NOT_FOUND", "building is gone").put_new(
        item, "UNIT_EXISTS", f"unit {call.body.number} exists"
    ).commit()
    _audit(call, "unit.create", "unit", item.entity_id)
    return _unit_view(item)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/buildings/{{building_id}}/units",
    audience="staff",
    access=READ,
    summary="List a building's units",
    response=UnitList,
    errors=(404,),
)
def list_units(call: Call[Any]) -> UnitList:
    from chalicelib.store import registry as store

    building = _entity(call, "building", "building_id")
    items, _ = store.query_partition(building.pk, "UNIT#", limit=100)
    return UnitList(items=[_unit_view(i) for i in items])


# --- houses (7.1.1.4) -------------------------------------------------------------------------------------------


class HouseIn(Contract):
    """House, 001 7.1.1.4 b. The standard address code is derived from building/unit/floor/room."""

    buildingId: Id
    unit: int = Field(ge=1, le=99)
    floor: int = Field(ge=-9, le=199)
    room: int = Field(ge=1, le=99)
    addressCode: str | None = Field(default=None, description="optional; when sent it must match the derived code")
    houseNumber: str | None = Field(default=None, max_length=40, description="as written on the door, e.g. 3-1-1202")
    areaSqm: float | None = Field(default=None, gt=0, le=100000)
    use: Literal["residential", "commercial", "office", "other"] = "residential"
    occupancy: Literal["self_occupied", "rented", "vacant", "unknown"] = "unknown"
    policeStation: str | None = Field(default=None, max_length=60)
    publicSecurityBureau: str | None = Field(default=None, max_length=60)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    dataSource: DataSource = "manual"


class HouseUpdate(PatchContract):
    CLEARABLE = frozenset({"houseNumber", "areaSqm", "policeStation", "publicSecurityBureau", "longitude", "latitude"})
    version: int = Field(ge=1, description="the version you read (409 when stale)")
    houseNumber: str | None = Field(default=None, max_length=40)
    areaSqm: float | None = Field(default=None, gt=0, le=100000)
    use: Literal["residential", "commercial", "office", "other"] | None = None
    occupancy: Literal["self_occupied", "rented", "vacant", "unknown"] | None = None
    policeStation: str | None = Field(default=None, max_length=60)
    publicSecurityBureau: str | None = Field(default=None, max_length=60)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    latitude: float | None = Field(default=None, ge=-90, le=90)


class HousePage(Page):
    items: list[HouseOut]


class HouseQuery(PageQuery):
    addressPrefix: str | None = Field(default=None, max_length=40, description="prefix of the standard address code")
    buildingId: Id | None = None


@endpoint(
    bp,
    "POST",
    f"{STAFF}/houses",
    audience="staff",
    access=WRITE,
    summary="Register a house",
    request=HouseIn,
    response=HouseOut,
    status=201,
    errors=(400, 404, 409),
)
def create_house(call: Call[HouseIn]) -> HouseOut:
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import house_view
    from chalicelib.store import registry as store

    cid, body = call.path["community_id"], call.body
    building = store.get_entity(cid, "building", body.buildingId)
    if building is None:
        raise _not_found("building")
    prepared = ops.prepare_house(
        cid, cid, building, body.model_dump(exclude={"buildingId"}), _now(), body.dataSource, call.who.subject
    )
    prepared.add_to(store.Tx()).commit()
    _audit(call, "house.create", "house", prepared.item.entity_id, {"addressCode": prepared.item.attrs["addressCode"]})
    return house_view(prepared.item)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/houses",
    audience="staff",
    access=READ,
    summary="List or search houses by standard address code prefix or building",
    query=HouseQuery,
    response=HousePage,
)
def list_houses(call: Call[Any]) -> HousePage:
    from chalicelib.api.registry_views import house_view
    from chalicelib.store import registry as store

    cid, q = call.path["community_id"], call.query
    prefix = q.addressPrefix.upper() if q.addressPrefix else None
    if q.buildingId:
        items, cursor = store.query_index("gsi2", f"C#{cid}#BLDG#{q.buildingId}#HOUSES", prefix, q.limit, q.cursor)
    else:
        items, cursor = store.query_index("gsi1", f"C#{cid}#HOUSES", prefix, q.limit, q.cursor)
    return HousePage(items=[house_view(i) for i in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/houses/{{house_id}}",
    audience="staff",
    access=READ,
    summary="Read a house",
    response=HouseOut,
    errors=(404,),
)
def get_house(call: Call[Any]) -> HouseOut:
    from chalicelib.api.registry_views import house_view

    return house_view(_entity(call, "house", "house_id"))


def _apply_update(call: Call[Any], item: Any) -> None:
    """Merge the sent fields into the record, guarded by the version the caller read."""
    from chalicelib.store import registry as store

    store.check_version(item, call.body.version)
    changes = call.body.changes()
    merged = {**(item.attrs or {}), **changes}
    item.attrs = {k: v for k, v in merged.items() if v is not None}
    item.updated_at = _now()
    store.save_versioned(item)
    _audit(call, f"{item.entity}.update", item.entity, item.entity_id, {"fields": sorted(changes)})


@endpoint(
    bp,
    "PATCH",
    f"{STAFF}/houses/{{house_id}}",
    audience="staff",
    access=WRITE,
    summary="Update a house (send the version you read)",
    request=HouseUpdate,
    response=HouseOut,
    errors=(400, 404, 409),
)
def update_house(call: Call[HouseUpdate]) -> HouseOut:
    from chalicelib.api.registry_views import house_view

    item = _entity(call, "house", "house_id")
    _apply_update(call, item)
    return house_view(item)


# --- people (7.1.1.2) -------------------------------------------------------------------------------------------


class PersonUpdate(PatchContract):
    """Editable person fields. The ID number is immutable here (a wrong one is corrected by re-registration)."""

    CLEARABLE = frozenset(
        {"phone", "nationality", "ethnicity", "nativePlace", "residenceAddress", "hukouAddress", "keyCategory"}
    )

    version: int = Field(ge=1)
    name: str | None = Field(default=None, min_length=1, max_length=40)
    phone: str | None = Field(default=None, max_length=20)
    gender: Literal["male", "female", "unknown"] | None = None
    nationality: str | None = Field(default=None, max_length=40)
    ethnicity: str | None = Field(default=None, max_length=20)
    nativePlace: str | None = Field(default=None, max_length=60)
    residenceAddress: str | None = Field(default=None, max_length=200)
    hukouAddress: str | None = Field(default=None, max_length=200)
    populationType: Literal["permanent", "floating", "key"] | None = None
    keyCategory: str | None = Field(default=None, max_length=40)
    tags: list[str] | None = Field(default=None, max_length=20)
    status: Literal["active", "deregistered"] | None = None


class PeopleQuery(PageQuery):
    name: str | None = Field(default=None, max_length=40, description="name prefix")
    phone: str | None = Field(default=None, max_length=20, description="exact phone (blind-index look-up)")
    idNumber: str | None = Field(default=None, max_length=32, description="exact ID-card number")


class RevealOut(Contract):
    personId: str
    idNumber: str | None
    phone: str | None
    emergencyContacts: list[dict[str, Any]]


@endpoint(
    bp,
    "POST",
    f"{STAFF}/people",
    audience="staff",
    access=WRITE,
    summary="Register a person",
    request=PersonFields,
    response=PersonOut,
    status=201,
    errors=(400, 404, 409),
)
def create_person(call: Call[PersonFields]) -> PersonOut:
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import person_view
    from chalicelib.store import registry as store

    cid, body = call.path["community_id"], call.body
    ops.community_node(cid)
    prepared = ops.prepare_person(cid, body.model_dump(mode="json"), _now(), body.dataSource, call.who.subject)
    prepared.add_to(store.Tx()).commit()
    _audit(call, "person.create", "person", prepared.item.entity_id)
    return person_view(prepared.item)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/people",
    audience="staff",
    access=READ,
    summary="List or search people by name prefix, phone or ID number (answers masked)",
    query=PeopleQuery,
    response=PersonPage,
    errors=(400,),
)
def list_people(call: Call[Any]) -> PersonPage:
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import person_view
    from chalicelib.domain.registry import normalise_name
    from chalicelib.store import registry as store

    cid, q = call.path["community_id"], call.query
    if q.idNumber:
        person = ops.find_person_by_id_number(
            cid, "resident_id_card" if len(q.idNumber) == 18 else "passport", q.idNumber
        )
        return PersonPage(items=[person_view(person)] if person else [])
    if q.phone:
        items, cursor = ops.people_by_phone(cid, q.phone, q.limit, q.cursor)
        people = store.batch_get((store.entity_pk(cid, "person", i.entity_id), "PERSON") for i in items)
        return PersonPage(items=[person_view(p) for p in people.values()], nextCursor=cursor)
    prefix = normalise_name(q.name) if q.name else None
    items, cursor = store.query_index("gsi1", f"C#{cid}#PERSON_NAME", prefix, q.limit, q.cursor)
    return PersonPage(items=[person_view(i) for i in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/people/{{person_id}}",
    audience="staff",
    access=READ,
    summary="Read a person (masked)",
    response=PersonOut,
    errors=(404,),
)
def get_person(call: Call[Any]) -> PersonOut:
    from chalicelib.api.registry_views import person_view

    return person_view(_entity(call, "person", "person_id"))


@endpoint(
    bp,
    "PATCH",
    f"{STAFF}/people/{{person_id}}",
    audience="staff",
    access=WRITE,
    summary="Update a person (send the version you read)",
    request=PersonUpdate,
    response=PersonOut,
    errors=(400, 404, 409),
)
def update_person(call: Call[PersonUpdate]) -> PersonOut:
    from chalicelib.api.registry_views import normalised_phone, person_view, seal_person
    from chalicelib.domain.registry import check_key_person, normalise_name, validate_tags
    from chalicelib.store import registry as store

    cid, body = call.path["community_id"], call.body
    item = _entity(call, "person", "person_id")
    store.check_version(item, body.version)
    changes = body.model_dump(exclude_unset=True, exclude={"version", "phone"})
    if "tags" in changes and changes["tags"] is not None:
        changes["tags"] = validate_tags(changes["tags"])
    merged = {k: v for k, v in {**(item.attrs or {}), **changes}.items() if v is not None}
    check_key_person(merged.get("populationType", "permanent"), merged.get("keyCategory"))
    item.attrs = merged
    if "name" in changes:
        item.gsi1sk = f"{normalise_name(merged['name'])}#{item.entity_id}"
    if "phone" in body.model_fields_set:
        sealed = dict(item.sealed or {})
        for key in ("phone", "phoneIndex", "phoneMasked"):
            sealed.pop(key, None)
        if body.phone:
            sealed.update(
                {k: v for k, v in seal_person(normalised_phone(body.phone), None, []).items() if k != "contacts"}
            )
            item.gsi2pk, item.gsi2sk = f"C#{cid}#PHONE#{sealed['phoneIndex']}", item.entity_id
        else:
            item.gsi2pk = item.gsi2sk = None
        item.sealed = sealed
    item.updated_at = _now()
    store.save_versioned(item)
    _audit(call, "person.update", "person", item.entity_id, {"fields": sorted(body.model_fields_set - {"version"})})
    return person_view(item)


@endpoint(
    bp,
    "POST",
    f"{STAFF}/people/{{person_id}}/reveal",
    audience="staff",
    access=Access.community("people:reveal"),
    summary="Full ID and phone numbers of a person (audited as person.reveal)",
    response=RevealOut,
    errors=(404,),
)
def reveal_person(call: Call[Any]) -> RevealOut:
    from chalicelib.api.registry_views import reveal_person as reveal

    item = _entity(call, "person", "person_id")
    values = reveal(item)
    _audit(
        call, "person.reveal", "person", item.entity_id, {"fields": [k for k in ("idNumber", "phone") if values.get(k)]}
    )
    return RevealOut(**values)


class ResidenceList(Contract):
    items: list[MemberOut]


@endpoint(
    bp,
    "GET",
    f"{STAFF}/people/{{person_id}}/residences",
    audience="staff",
    access=READ,
    summary="A person's current and past residences (001 7.1.1.4 d)",
    response=ResidenceList,
    errors=(404,),
)
def person_residences(call: Call[Any]) -> ResidenceList:
    from chalicelib.api.registry_views import member_view
    from chalicelib.store import registry as store

    _entity(call, "person", "person_id")
    return ResidenceList(
        items=[member_view(m) for m in store.residences_of(call.path["community_id"], call.path["person_id"])]
    )


# --- household members, staff side (7.1.1.4 a/c/d) ---------------------------------------------------------------


class MemberIn(Contract):
    personId: Id
    relation: RelationName
    relationToOwner: str | None = Field(default=None, max_length=20, description="spouse, child, parent, ...")
    since: str | None = Field(default=None, description="move-in time, UTC ISO-8601; default now")
    dataSource: DataSource = "manual"


class MoveOutIn(Contract):
    reason: Literal["moved_out", "removed_by_owner", "sold", "lease_ended", "deceased", "corrected"] = "moved_out"
    at: str | None = Field(default=None, description="move-out time, UTC ISO-8601; default now")


class MembersQuery(PageQuery):
    history: bool = Field(default=False, description="list ended residencies (newest first) instead of current")


def _moment(value: str | None, field: str) -> Any:
    from chalicelib.domain.clock import parse_iso
    from chalicelib.domain.errors import InvalidInput

    if not value:
        return _now()
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise InvalidInput(
            f"{field} is not an ISO-8601 time with zone",
            code="INVALID_TIME",
            details=[{"field": field, "code": "invalid_time", "message": str(exc)}],
        ) from exc


@endpoint(
    bp,
    "POST",
    f"{STAFF}/houses/{{house_id}}/members",
    audience="staff",
    access=WRITE,
    summary="Record that a registered person lives in a house",
    request=MemberIn,
    response=MemberOut,
    status=201,
    errors=(400, 404, 409),
)
def add_house_member(call: Call[MemberIn]) -> MemberOut:
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import member_view
    from chalicelib.store import registry as store

    cid, hid, body = call.path["community_id"], call.path["house_id"], call.body
    person = store.get_entity(cid, "person", body.personId)
    if person is None:
        raise _not_found("person")
    member = ops.add_member(
        cid,
        hid,
        person,
        body.relation,
        body.relationToOwner,
        _moment(body.since, "since"),
        _now(),
        body.dataSource,
        call.who.subject,
    )
    _audit(call, "member.add", "house", hid, {"personId": person.entity_id, "relation": body.relation})
    return member_view(member)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/houses/{{house_id}}/members",
    audience="staff",
    access=READ,
    summary="Current residents of a house, or its residency history",
    query=MembersQuery,
    response=MemberList,
    errors=(404,),
)
def list_house_members(call: Call[Any]) -> MemberList:
    from chalicelib.api.registry_views import member_view
    from chalicelib.store import registry as store

    cid, hid, q = call.path["community_id"], call.path["house_id"], call.query
    _entity(call, "house", "house_id")
    if q.history:
        items, cursor = store.ended_members(cid, hid, q.limit, q.cursor)
        return MemberList(items=[member_view(m) for m in items], nextCursor=cursor)
    return MemberList(items=[member_view(m) for m in store.current_members(cid, hid)])


@endpoint(
    bp,
    "POST",
    f"{STAFF}/houses/{{house_id}}/members/{{person_id}}/move-out",
    audience="staff",
    access=WRITE,
    summary="End a residency; it stays in the house's history",
    request=MoveOutIn,
    response=MemberOut,
    errors=(400, 404, 409),
)
def move_out(call: Call[MoveOutIn]) -> MemberOut:
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import member_view

    cid, hid, pid = call.path["community_id"], call.path["house_id"], call.path["person_id"]
    member = ops.require_current_member(cid, hid, pid)
    ended = _moment(call.body.at, "at")
    ops.end_member(member, ended, call.body.reason)
    _audit(call, "member.move_out", "house", hid, {"personId": pid, "reason": call.body.reason})
    member.status, member.ended_at, member.end_reason = "ended", ended, call.body.reason
    return member_view(member)


# --- vehicles (7.1.1.6-7.1.1.7) ---------------------------------------------------------------------------------


class VehicleIn(Contract):
    """Motor vehicle 001 7.1.1.6 b (owner fields 7.1.1.6 c come from the owner's person record), non-motor 7.1.1.7."""

    kind: Literal["motor", "non_motor"] = "motor"
    plate: str = Field(min_length=4, max_length=16)
    plateColor: str | None = Field(default=None, max_length=10)
    plateType: str | None = Field(default=None, max_length=20)
    brand: str | None = Field(default=None, max_length=40)
    bodyColor: str | None = Field(default=None, max_length=20)
    vehicleType: str | None = Field(default=None, max_length=20)
    sizeClass: str | None = Field(default=None, max_length=20)
    ownerPersonId: Id | None = None
    houseId: Id | None = None
    parkingType: Literal["monthly", "temporary", "owned_space", "none"] = "temporary"
    validFrom: str | None = Field(default=None, max_length=30)
    validTo: str | None = Field(default=None, max_length=30)
    spaceNumber: str | None = Field(default=None, max_length=20)
    keyClass: Literal["cloned_plate", "stolen", "wanted"] | None = Field(default=None, description="7.1.1.6 d")
    dataSource: DataSource = "manual"


class VehicleUpdate(PatchContract):
    CLEARABLE = frozenset(
        {"plateColor", "brand", "bodyColor", "vehicleType", "validFrom", "validTo", "spaceNumber", "keyClass"}
    )
    version: int = Field(ge=1)
    plateColor: str | None = Field(default=None, max_length=10)
    brand: str | None = Field(default=None, max_length=40)
    bodyColor: str | None = Field(default=None, max_length=20)
    vehicleType: str | None = Field(default=None, max_length=20)
    parkingType: Literal["monthly", "temporary", "owned_space", "none"] | None = None
    validFrom: str | None = Field(default=None, max_length=30)
    validTo: str | None = Field(default=None, max_length=30)
    spaceNumber: str | None = Field(default=None, max_length=20)
    keyClass: Literal["cloned_plate", "stolen", "wanted"] | None = None


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


class VehicleQuery(PageQuery):
    plate: str | None = Field(default=None, max_length=16, description="plate prefix")
    ownerPersonId: Id | None = None


def _vehicle_view(item: Any) -> VehicleOut:
    from chalicelib.api.registry_views import provenance

    a = dict(item.attrs or {})
    main = {
        k: a.pop(k, None) for k in ("kind", "plate", "ownerPersonId", "ownerName", "houseId", "parkingType", "keyClass")
    }
    return VehicleOut(vehicleId=item.entity_id, details=a, **main, **provenance(item))  # type: ignore[arg-type]


@endpoint(
    bp,
    "POST",
    f"{STAFF}/vehicles",
    audience="staff",
    access=WRITE,
    summary="Register a vehicle",
    request=VehicleIn,
    response=VehicleOut,
    status=201,
    errors=(400, 404, 409),
)
def create_vehicle(call: Call[VehicleIn]) -> VehicleOut:
    from chalicelib.domain.registry import validate_plate
    from chalicelib.store import registry as store

    cid, body = call.path["community_id"], call.body
    plate = validate_plate(body.plate, body.kind)
    attrs = body.model_dump(exclude_none=True, exclude={"dataSource"})
    attrs["plate"] = plate
    tx = store.Tx()
    if body.ownerPersonId:
        owner = store.get_entity(cid, "person", body.ownerPersonId)
        if owner is None:
            raise _not_found("person")
        attrs["ownerName"] = (owner.attrs or {}).get("name")
        tx.require(store.RegistryItem, owner.pk, "PERSON", "PERSON_NOT_FOUND", "owner is gone")
    if body.houseId:
        tx.require(
            store.RegistryItem, store.house_pk(cid, body.houseId), "HOUSE", "HOUSE_NOT_FOUND", "house does not exist"
        )
    now, vid = _now(), store.new_id("v")
    item = store.entity_item(
        "vehicle",
        cid,
        vid,
        attrs,
        now,
        body.dataSource,
        call.who.subject,
        gsi1=(f"C#{cid}#PLATE", plate),
        gsi2=(f"C#{cid}#PERSON#{body.ownerPersonId}#VEHICLES", plate) if body.ownerPersonId else None,
    )
    tx.put_new(item, "ALREADY_EXISTS", "vehicle exists")
    tx.put_new(
        store.lock_item(cid, "PLATE", plate, vid, now, body.dataSource),
        "PLATE_EXISTS",
        f"plate {plate} is already registered",
    )
    tx.commit()
    _audit(call, "vehicle.create", "vehicle", vid, {"plate": plate})
    return _vehicle_view(item)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/vehicles",
    audience="staff",
    access=READ,
    summary="List or search vehicles by plate prefix or owner",
    query=VehicleQuery,
    response=VehiclePage,
)
def list_vehicles(call: Call[Any]) -> VehiclePage:
    from chalicelib.domain.registry import normalise_plate
    from chalicelib.store import registry as store

    cid, q = call.path["community_id"], call.query
    prefix = normalise_plate(q.plate) if q.plate else None
    if q.ownerPersonId:
        items, cursor = store.query_index(
            "gsi2", f"C#{cid}#PERSON#{q.ownerPersonId}#VEHICLES", prefix, q.limit, q.cursor
        )
    else:
        items, cursor = store.query_index("gsi1", f"C#{cid}#PLATE", prefix, q.limit, q.cursor)
    return VehiclePage(items=[_vehicle_view(i) for i in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/vehicles/{{vehicle_id}}",
    audience="staff",
    access=READ,
    summary="Read a vehicle",
    response=VehicleOut,
    errors=(404,),
)
def get_vehicle(call: Call[Any]) -> VehicleOut:
    return _vehicle_view(_entity(call, "vehicle", "vehicle_id"))


@endpoint(
    bp,
    "PATCH",
    f"{STAFF}/vehicles/{{vehicle_id}}",
    audience="staff",
    access=WRITE,
    summary="Update a vehicle (send the version you read)",
    request=VehicleUpdate,
    response=VehicleOut,
    errors=(400, 404, 409),
)
def update_vehicle(call: Call[VehicleUpdate]) -> VehicleOut:
    item = _entity(call, "vehicle", "vehicle_id")
    _apply_update(call, item)
    return _vehicle_view(item)


# --- organisations in the compound (7.1.1.5) --------------------------------------------------------------------


class OrganisationIn(Contract):
    """Legal-entity unit, 001 7.1.1.5: basic info, standard address, legal representative, employees, category."""

    name: str = Field(min_length=1, max_length=100)
    creditCode: str | None = Field(default=None, description="unified social credit code (GB 32100, checked)")
    category: str | None = Field(default=None, max_length=40)
    addressCode: str | None = Field(default=None, max_length=40, description="standard address code of its house")
    address: str | None = Field(default=None, max_length=200)
    legalRepresentative: str | None = Field(default=None, max_length=40)
    employees: int | None = Field(default=None, ge=0)
    contactName: str | None = Field(default=None, max_length=40)
    keyUnit: bool = False
    riskLevel: Literal["low", "medium", "high"] | None = None
    dataSource: DataSource = "manual"


class OrganisationUpdate(PatchContract):
    CLEARABLE = frozenset({"category", "address", "legalRepresentative", "employees", "contactName", "riskLevel"})
    version: int = Field(ge=1)
    category: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=200)
    legalRepresentative: str | None = Field(default=None, max_length=40)
    employees: int | None = Field(default=None, ge=0)
    contactName: str | None = Field(default=None, max_length=40)
    keyUnit: bool | None = None
    riskLevel: Literal["low", "medium", "high"] | None = None


class OrganisationOut(Provenance):
    organisationId: str
    name: str
    details: dict[str, Any] = Field(default_factory=dict)


class OrganisationPage(Page):
    items: list[OrganisationOut]


class NameQuery(PageQuery):
    name: str | None = Field(default=None, max_length=100, description="name prefix")


def _organisation_view(item: Any) -> OrganisationOut:
    from chalicelib.api.registry_views import provenance

    a = dict(item.attrs or {})
    return OrganisationOut(organisationId=item.entity_id, name=a.pop("name"), details=a, **provenance(item))


@endpoint(
    bp,
    "POST",
    f"{STAFF}/organisations",
    audience="staff",
    access=WRITE,
    summary="Register an organisation in the compound",
    request=OrganisationIn,
    response=OrganisationOut,
    status=201,
    errors=(400, 409),
)
def create_organisation(call: Call[OrganisationIn]) -> OrganisationOut:
    from chalicelib.domain.addresses import parse_house_code
    from chalicelib.domain.errors import InvalidInput
    from chalicelib.domain.registry import normalise_name, valid_credit_code
    from chalicelib.store import registry as store

    cid, body = call.path["community_id"], call.body
    if body.creditCode and not valid_credit_code(body.creditCode):
        raise InvalidInput(
            "not a valid unified social credit code",
            code="INVALID_CREDIT_CODE",
            details=[{"field": "creditCode", "code": "invalid", "message": "GB 32100 check failed"}],
        )
    if body.addressCode:
        parse_house_code(body.addressCode)
    oid = store.new_id("o")
    attrs = body.model_dump(exclude_none=True, exclude={"dataSource"})
    item = store.entity_item(
        "organisation",
        cid,
        oid,
        attrs,
        _now(),
        body.dataSource,
        call.who.subject,
        gsi1=(f"C#{cid}#ORGN_NAME", f"{normalise_name(body.name)}#{oid}"),
    )
    store.Tx().put_new(item, "ALREADY_EXISTS", "organisation exists").commit()
    _audit(call, "organisation.create", "organisation", oid)
    return _organisation_view(item)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/organisations",
    audience="staff",
    access=READ,
    summary="List or search organisations by name prefix",
    query=NameQuery,
    response=OrganisationPage,
)
def list_organisations(call: Call[Any]) -> OrganisationPage:
    from chalicelib.domain.registry import normalise_name
    from chalicelib.store import registry as store

    cid, q = call.path["community_id"], call.query
    items, cursor = store.query_index(
        "gsi1", f"C#{cid}#ORGN_NAME", normalise_name(q.name) if q.name else None, q.limit, q.cursor
    )
    return OrganisationPage(items=[_organisation_view(i) for i in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    f"{STAFF}/organisations/{{organisation_id}}",
    audience="staff",
    access=READ,
    summary="Read an organisation",
    response=OrganisationOut,
    errors=(404,),
)
def get_organisation(call: Call[Any]) -> OrganisationOut:
    return _organisation_view(_entity(call, "organisation", "organisation_id"))


@endpoint(
    bp,
    "PATCH",
    f"{STAFF}/organisations/{{organisation_id}}",
    audience="staff",
    access=WRITE,
    summary="Update an organisation (send the version you read)",
    request=OrganisationUpdate,
    response=OrganisationOut,
    errors=(400, 404, 409),
)
def update_organisation(call: Call[OrganisationUpdate]) -> OrganisationOut:
    item = _entity(call, "organisation", "organisation_id")
    _apply_update(call, item)
    return _organisation_view(item)
