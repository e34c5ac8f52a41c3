"""Motor and non-motor vehicles (001 7.1.1.6-7.1.1.7) for property staff."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.kernel.contracts import Contract, Day, Id, PageQuery, PatchContract
from chalicelib.kernel.http import Call, endpoint
from chalicelib.registry.contracts import STAFF, DataSource, VehicleOut, VehiclePage, page, vehicle_view
from chalicelib.registry.routes_common import READ, WRITE, audit, registry

bp = Blueprint(__name__)

Parking = Literal["monthly", "temporary", "owned_space", "none"]
KeyClass = Literal["cloned_plate", "stolen", "wanted"]


class ValidityDays:
    """A parking permit's validity, first and last day (YYYY-MM-DD): the last is not before the first."""

    @field_validator("validTo")
    @classmethod
    def _ordered(cls, value: str | None, info: ValidationInfo) -> str | None:
        first = info.data.get("validFrom")
        if value and first and value < first:
            raise PydanticCustomError("before_valid_from", "validTo is before validFrom")
        return value


class VehicleIn(ValidityDays, Contract):
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
    parkingType: Parking = "temporary"
    validFrom: Day | None = Field(default=None, description="first day the parking permit is valid")
    validTo: Day | None = Field(default=None, description="last day the parking permit is valid")
    spaceNumber: str | None = Field(default=None, max_length=20)
    keyClass: KeyClass | None = Field(default=None, description="7.1.1.6 d")
    dataSource: DataSource = "manual"


class VehicleUpdate(ValidityDays, PatchContract):
    CLEARABLE = frozenset(
        {"plateColor", "brand", "bodyColor", "vehicleType", "validFrom", "validTo", "spaceNumber", "keyClass"}
    )

    version: int = Field(ge=1)
    plateColor: str | None = Field(default=None, max_length=10)
    brand: str | None = Field(default=None, max_length=40)
    bodyColor: str | None = Field(default=None, max_length=20)
    vehicleType: str | None = Field(default=None, max_length=20)
    parkingType: Parking | None = None
    validFrom: Day | None = Field(default=None, description="first day the parking permit is valid")
    validTo: Day | None = Field(default=None, description="last day the parking permit is valid")
    spaceNumber: str | None = Field(default=None, max_length=20)
    keyClass: KeyClass | None = None


class VehicleQuery(PageQuery):
    plate: str | None = Field(default=None, max_length=16, description="plate prefix")
    ownerPersonId: Id | None = None


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
    body = call.body
    vehicle = registry().register_vehicle(
        call.path["community_id"], body.model_dump(exclude_none=True), body.dataSource, call.who.subject
    )
    audit(call, "vehicle.create", "vehicle", vehicle.id, {"plate": vehicle.attrs["plate"]})
    return vehicle_view(vehicle)


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
    q = call.query
    found = registry().vehicles(call.path["community_id"], q.ownerPersonId, q.plate, q.limit, q.cursor)
    return page(*found, VehiclePage, vehicle_view)


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
    return vehicle_view(registry().get(call.path["community_id"], "vehicle", call.path["vehicle_id"]))


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
    changes = call.body.changes()
    vehicle = registry().update(
        call.path["community_id"], "vehicle", call.path["vehicle_id"], call.body.version, changes
    )
    audit(call, "vehicle.update", "vehicle", vehicle.id, {"fields": sorted(changes)})
    return vehicle_view(vehicle)
