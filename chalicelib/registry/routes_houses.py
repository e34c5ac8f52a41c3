"""Houses (001 7.1.1.4 b) and who lives in them, staff side (7.1.1.4 a/c/d): residencies and move-outs."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import Contract, Id, PageQuery, PatchContract, Time
from chalicelib.kernel.http import Call, endpoint
from chalicelib.registry.contracts import (
    STAFF,
    DataSource,
    HouseOut,
    HousePage,
    MemberList,
    MemberOut,
    RelationName,
    house_view,
    member_view,
    page,
)
from chalicelib.registry.routes_common import READ, WRITE, audit, registry

bp = Blueprint(__name__)


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


class HouseQuery(PageQuery):
    addressPrefix: str | None = Field(default=None, max_length=40, description="prefix of the standard address code")
    buildingId: Id | None = None


class MemberIn(Contract):
    personId: Id
    relation: RelationName
    relationToOwner: str | None = Field(default=None, max_length=20, description="spouse, child, parent, ...")
    since: Time | None = Field(default=None, description="move-in time, UTC ISO-8601; default now")
    dataSource: DataSource = "manual"


class MoveOutIn(Contract):
    reason: Literal["moved_out", "removed_by_owner", "sold", "lease_ended", "deceased", "corrected"] = "moved_out"
    at: Time | None = Field(default=None, description="move-out time, UTC ISO-8601; default now")


class MembersQuery(PageQuery):
    history: bool = Field(default=False, description="list ended residencies (newest first) instead of current")


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
    body = call.body
    house = registry().register_house(
        call.path["community_id"], body.model_dump(exclude_none=True), body.dataSource, call.who.subject
    )
    audit(call, "house.create", "house", house.id, {"addressCode": house.attrs["addressCode"]})
    return house_view(house)


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
    q = call.query
    found = registry().houses(call.path["community_id"], q.buildingId, q.addressPrefix, q.limit, q.cursor)
    return page(*found, HousePage, house_view)


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
    return house_view(registry().get(call.path["community_id"], "house", call.path["house_id"]))


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
    changes = call.body.changes()
    house = registry().update(call.path["community_id"], "house", call.path["house_id"], call.body.version, changes)
    audit(call, "house.update", "house", house.id, {"fields": sorted(changes)})
    return house_view(house)


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
    cid, hid, body = call.path["community_id"], call.path["house_id"], call.body
    member = registry().add_resident(
        cid, hid, body.personId, body.relation, body.relationToOwner, body.since, body.dataSource, call.who.subject
    )
    audit(call, "member.add", "house", hid, {"personId": member.person_id, "relation": body.relation})
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
    q = call.query
    found = registry().residents(call.path["community_id"], call.path["house_id"], q.history, q.limit, q.cursor)
    return page(*found, MemberList, member_view)


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
    operation_id="moveOutMember",
)
def move_out(call: Call[MoveOutIn]) -> MemberOut:
    cid, hid, pid = call.path["community_id"], call.path["house_id"], call.path["person_id"]
    ended = registry().move_out(cid, hid, pid, call.body.at, call.body.reason)
    audit(call, "member.move_out", "house", hid, {"personId": pid, "reason": call.body.reason})
    return member_view(ended)
