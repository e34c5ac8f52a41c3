"""Request and response models of zones, typed spaces and reservations, and the one view of each."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Day, Id, Time
from chalicelib.parking.contracts import Name, Plate
from chalicelib.parking.zones import Reservation, Space

SpaceType = Literal["owned", "rented", "public"]
ReservationState = Literal["active", "cancelled", "expired"]


class ZoneRequest(Contract):
    zoneId: Id
    name: Name


class ZoneView(Contract):
    zoneId: str
    parkId: str
    name: str


class SpaceRequest(Contract):
    spaceId: Id
    zoneId: Id = Field(description="A zone of this car park")
    type: SpaceType
    houseId: Id | None = Field(default=None, description="The holder house (owned and rented spaces only)")


class SpaceView(Contract):
    spaceId: str
    parkId: str
    zoneId: str
    type: SpaceType
    houseId: str | None
    houseLabel: str | None = Field(default=None, description="The holder house as people name it (3栋2单元1201)")


class SpaceList(Contract):
    items: list[SpaceView]


class ZoneVacancy(Contract):
    zoneId: str
    name: str
    spaces: int
    owned: int
    rented: int
    public: int
    reserved: int = Field(description="Public spaces reserved for now")
    vacant: int = Field(description="Public spaces neither reserved now")


class ZoneVacancyList(Contract):
    parkId: str
    name: str
    items: list[ZoneVacancy]


class ReservationRequest(Contract):
    parkId: Id
    spaceId: Id
    plate: Plate
    startsAt: Time = Field(description="UTC ISO-8601 on a half hour; at most the current half hour past, 7 days ahead")
    endsAt: Time = Field(description="After startsAt, on a half hour; the window is at most 24 hours")


class ReservationView(Contract):
    reservationId: str
    parkId: str
    spaceId: str
    plate: str
    startsAt: str
    endsAt: str
    status: ReservationState


class ReservationQuery(Contract):
    limit: int = Field(default=20, ge=1, le=100)


class ReservationList(Contract):
    items: list[ReservationView]


def space_view(s: Space, label: str | None = None) -> SpaceView:
    return SpaceView(
        spaceId=s.space_id,
        parkId=s.park_id,
        zoneId=s.zone_id,
        type=s.space_type,  # type: ignore[arg-type]
        houseId=s.house_id,
        houseLabel=label,
    )


def reservation_view(r: Reservation, now: datetime) -> ReservationView:
    return ReservationView(
        reservationId=r.reservation_id,
        parkId=r.park_id,
        spaceId=r.space_id,
        plate=r.plate,
        startsAt=iso(r.starts_at),
        endsAt=iso(r.ends_at),
        status=r.state(now),  # type: ignore[arg-type]
    )


class OccupancyQuery(Contract):
    day: Day = Field(description="Beijing day, YYYY-MM-DD")


class ParkOccupancy(Contract):
    parkId: str
    name: str
    capacity: int
    hours: list[int | None] = Field(
        description="24 Beijing hours (00:00 first): cars inside at the start of each hour; null: no sample taken"
    )


class OccupancyView(Contract):
    day: str
    items: list[ParkOccupancy]
