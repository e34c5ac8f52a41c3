"""Buildings and their units (001 7.1.1.3), for property staff of the community in the path."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import Contract, PageQuery
from chalicelib.kernel.http import Call, endpoint
from chalicelib.registry.contracts import (
    STAFF,
    BuildingOut,
    BuildingPage,
    DataSource,
    UnitList,
    UnitOut,
    building_view,
    page,
    unit_view,
)
from chalicelib.registry.routes_common import READ, WRITE, audit, registry

bp = Blueprint(__name__)


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


class UnitIn(Contract):
    number: int = Field(ge=1, le=99)
    name: str | None = Field(default=None, max_length=40)
    floors: int | None = Field(default=None, ge=1, le=200)
    housesPerFloor: int | None = Field(default=None, ge=1, le=99)


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
    body = call.body
    building = registry().register_building(
        call.path["community_id"], body.model_dump(exclude_none=True), body.dataSource, call.who.subject
    )
    audit(call, "building.create", "building", building.id)
    return building_view(building)


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
    q = call.query
    return page(*registry().buildings(call.path["community_id"], q.limit, q.cursor), BuildingPage, building_view)


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
    return building_view(registry().get(call.path["community_id"], "building", call.path["building_id"]))


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
    operation_id="addUnit",
)
def create_unit(call: Call[UnitIn]) -> UnitOut:
    unit = registry().add_unit(
        call.path["community_id"], call.path["building_id"], call.body.model_dump(exclude_none=True), call.who.subject
    )
    audit(call, "unit.create", "unit", unit.id)
    return unit_view(unit)


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
    units = registry().units(call.path["community_id"], call.path["building_id"])
    return UnitList(items=[unit_view(u) for u in units])
