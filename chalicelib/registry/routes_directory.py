"""The directory a resident browses to find their house: region by region down to the community, then building,
unit and room (`3栋` -> `2单元` -> `1201`), instead of typing ids or address codes. What a newly signed-in
resident (no household yet) needs to bind; it shows the places only, never who lives there.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import Contract, Page, PageQuery
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.registry.labels import building_label, house_label, room_label, unit_label
from chalicelib.registry.model import Record
from chalicelib.registry.routes_common import registry

bp = Blueprint(__name__)

DIRECTORY = "/v1/resident/directory"
COMMUNITY = DIRECTORY + "/communities/{community_id}"
BROWSE = Access.signed_in("household:apply")  # every resident, bound or not
BROWSABLE_LEVELS = ("province", "city", "district", "street", "community")


class PlaceQuery(PageQuery):
    parent: str = Field(default="ROOT", pattern=r"^(ROOT|\d{6,12})$", description="ROOT for provinces, then a code")


class PlaceOut(Contract):
    code: str
    name: str
    level: str = Field(description="province, city, district, street or community")
    isCommunity: bool = Field(description="a community: browse its buildings with this code as community_id")


class PlacePage(Page):
    items: list[PlaceOut]


class DirectoryBuilding(Contract):
    buildingId: str
    label: str = Field(examples=["3栋"])
    name: str | None = None


class DirectoryBuildingPage(Page):
    items: list[DirectoryBuilding]


class DirectoryUnit(Contract):
    unit: int
    label: str = Field(examples=["2单元"])


class DirectoryUnitList(Contract):
    items: list[DirectoryUnit]


class DirectoryHouse(Contract):
    houseId: str = Field(description="bind with this id (bindHouse)")
    label: str = Field(examples=["3栋2单元1201"])
    room: str = Field(examples=["1201"])
    floor: int
    houseNumber: str | None = None


class DirectoryHousePage(Page):
    items: list[DirectoryHouse]


@endpoint(
    bp,
    "GET",
    DIRECTORY + "/places",
    audience="resident",
    access=BROWSE,
    query=PlaceQuery,
    response=PlacePage,
    summary="Browse regions down to communities (ROOT -> provinces -> ... -> communities), by name",
    operation_id="listPlaces",
)
def places(call: Call[PlaceQuery]) -> PlacePage:
    q = call.query
    found, cursor = registry().org_children(q.parent, q.limit, q.cursor)
    items = [
        PlaceOut(code=r.id, name=r.name, level=r.attrs["level"], isCommunity=r.attrs["level"] == "community")
        for r in found
        if r.attrs.get("level") in BROWSABLE_LEVELS
    ]
    return PlacePage(items=items, nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/buildings",
    audience="resident",
    access=BROWSE,
    query=PageQuery,
    response=DirectoryBuildingPage,
    summary="A community's buildings, to find your house (labels like 3栋)",
    operation_id="listBuildingsToBind",
)
def buildings(call: Call[PageQuery]) -> DirectoryBuildingPage:
    q = call.query
    found, cursor = registry().buildings(call.path["community_id"], q.limit, q.cursor)
    items = [DirectoryBuilding(buildingId=r.id, label=building_label(r.attrs), name=r.attrs.get("name")) for r in found]
    return DirectoryBuildingPage(items=items, nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/buildings/{building_id}/units",
    audience="resident",
    access=BROWSE,
    response=DirectoryUnitList,
    errors=(404,),
    summary="A building's units (2单元, ...)",
    operation_id="listUnitsToBind",
)
def units(call: Call[Any]) -> DirectoryUnitList:
    found = registry().units(call.path["community_id"], call.path["building_id"])
    numbers = sorted({int(u.attrs["number"]) for u in found})
    return DirectoryUnitList(items=[DirectoryUnit(unit=n, label=unit_label(n)) for n in numbers])


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/buildings/{building_id}/units/{unit}/houses",
    audience="resident",
    access=BROWSE,
    query=PageQuery,
    response=DirectoryHousePage,
    errors=(404,),
    summary="The houses of a unit, floor by floor (1201 = floor 12, room 1): pick yours, then bind",
    operation_id="listHousesToBind",
)
def houses(call: Call[PageQuery]) -> DirectoryHousePage:
    from chalicelib.registry.model import not_found

    community_id, q = call.path["community_id"], call.query
    unit = call.path["unit"]
    if not unit.isdigit() or not 1 <= int(unit) <= 99:
        raise not_found("unit")
    building = registry().get(community_id, "building", call.path["building_id"])
    prefix = f"{building.attrs['buildingCode']}-{int(unit):02d}-"
    found, cursor = registry().houses(community_id, building.id, prefix, q.limit, q.cursor)
    return DirectoryHousePage(items=[_house(r) for r in found], nextCursor=cursor)


def _house(r: Record) -> DirectoryHouse:
    a = r.attrs
    return DirectoryHouse(
        houseId=r.id,
        label=house_label(a),
        room=room_label(a["floor"], a["room"]),
        floor=a["floor"],
        houseNumber=a.get("houseNumber"),
    )
