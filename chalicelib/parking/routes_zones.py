"""Zones, typed spaces and reservations: managers divide a car park into zones and declare its spaces (owned or
rented by a house of the community, or public); staff list them; anyone signed in sees a car park's vacancies per
zone; a resident reserves a public space for their household for a window and cancels it."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.parking import wiring
from chalicelib.parking.contracts_zones import (
    ReservationList,
    ReservationQuery,
    ReservationRequest,
    ReservationView,
    SpaceList,
    SpaceRequest,
    SpaceView,
    ZoneRequest,
    ZoneVacancy,
    ZoneVacancyList,
    ZoneView,
    reservation_view,
    space_view,
)

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}/parking/parks/{park_id}"
RESIDENT = "/v1/resident/communities/{community_id}/parking/parks/{park_id}"
HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}/parking/reservations"


@endpoint(
    bp,
    "POST",
    STAFF + "/zones",
    audience="staff",
    access=Access.community("parking:manage"),
    request=ZoneRequest,
    status=201,
    response=ZoneView,
    errors=(400, 404, 409),
    summary="Add a zone to a car park (B1 区)",
    operation_id="addParkingZone",
)
def add_zone(call: Call[ZoneRequest]) -> ZoneView:
    from chalicelib.audit import audited
    from chalicelib.parking.zones import Zone

    c, park_id, b = call.path["community_id"], call.path["park_id"], call.body
    with audited(call, "parking.zone.add", "parking_zone", b.zoneId, {"parkId": park_id, "name": b.name}):
        wiring.zone_service().add_zone(Zone(c, park_id, b.zoneId, b.name))
    return ZoneView(zoneId=b.zoneId, parkId=park_id, name=b.name)


@endpoint(
    bp,
    "POST",
    STAFF + "/spaces",
    audience="staff",
    access=Access.community("parking:manage"),
    request=SpaceRequest,
    status=201,
    response=SpaceView,
    errors=(400, 404, 409),
    summary="Declare a space of a zone: owned or rented by a house of the community (its holder), or public",
    operation_id="addParkingSpace",
)
def add_space(call: Call[SpaceRequest]) -> SpaceView:
    from chalicelib.audit import audited
    from chalicelib.parking.zones import Space

    c, park_id, b = call.path["community_id"], call.path["park_id"], call.body
    space = Space(c, park_id, b.spaceId, b.zoneId, b.type, b.houseId)
    detail = {"parkId": park_id, "zoneId": b.zoneId, "type": b.type, "houseId": b.houseId}
    with audited(call, "parking.space.add", "parking_space", b.spaceId, detail):
        wiring.zone_service().add_space(space)
    return space_view(space, _labels(c, [space.house_id]).get(space.house_id or ""))


def _labels(community_id: str, house_ids: list[str | None]) -> dict[str, str]:
    from chalicelib.registry import place_labels

    wanted = sorted({h for h in house_ids if h})
    return place_labels(community_id, house_ids=wanted) if wanted else {}


@endpoint(
    bp,
    "GET",
    STAFF + "/spaces",
    audience="staff",
    access=Access.community("parking:read"),
    response=SpaceList,
    errors=(404,),
    summary="The car park's spaces by zone, each with its type and holder house",
    operation_id="listParkingSpaces",
)
def list_spaces(call: Call[Any]) -> SpaceList:
    from chalicelib.kernel.errors import NotFound

    c, park_id = call.path["community_id"], call.path["park_id"]
    if wiring.parking_store().get_park(c, park_id) is None:
        raise NotFound("no such car park", code="PARK_NOT_FOUND")
    spaces = wiring.parking_store().spaces(c, park_id)
    labels = _labels(c, [s.house_id for s in spaces])
    return SpaceList(items=[space_view(s, labels.get(s.house_id or "")) for s in spaces])


@endpoint(
    bp,
    "GET",
    RESIDENT + "/zones",
    audience="resident",
    access=Access.signed_in("parking:pay"),
    response=ZoneVacancyList,
    errors=(404,),
    summary="A car park's zones with their spaces by type and the public spaces vacant now (not reserved)",
    operation_id="listParkingZoneVacancies",
)
def zone_vacancies(call: Call[Any]) -> ZoneVacancyList:
    park, zones = wiring.zone_service().vacancies(call.path["community_id"], call.path["park_id"])
    return ZoneVacancyList(parkId=park.park_id, name=park.name, items=[ZoneVacancy(**z) for z in zones])


@endpoint(
    bp,
    "POST",
    HOUSE,
    audience="resident",
    access=Access.household("parking:monthly"),
    request=ReservationRequest,
    status=201,
    response=ReservationView,
    errors=(400, 403, 404, 409),
    summary="Reserve a public space for my household's car for a window (half hours, at most 24 hours, within 7 "
    "days); one reservation per space and overlapping window",
    operation_id="requestParkingReservation",
)
def reserve(call: Call[ReservationRequest]) -> ReservationView:
    from chalicelib.audit import audited
    from chalicelib.kernel.clock import utcnow
    from chalicelib.parking.routes_resident import _plate

    c, house, b = call.path["community_id"], call.path["house_id"], call.body
    plate = _plate(b.plate)
    detail = {"parkId": b.parkId, "spaceId": b.spaceId, "plate": plate}
    with audited(call, "parking.reservation.add", "parking_space", b.spaceId, detail) as more:
        made = wiring.zone_service().reserve(
            c, house, b.parkId, b.spaceId, plate, b.startsAt, b.endsAt, call.who.subject
        )
        more.update(reservationId=made.reservation_id)
    return reservation_view(made, utcnow())


@endpoint(
    bp,
    "GET",
    HOUSE,
    audience="resident",
    access=Access.household("parking:monthly"),
    query=ReservationQuery,
    response=ReservationList,
    summary="My household's space reservations, latest window first",
    operation_id="listParkingReservations",
)
def list_reservations(call: Call[ReservationQuery]) -> ReservationList:
    from chalicelib.kernel.clock import utcnow

    c, house = call.path["community_id"], call.path["house_id"]
    now = utcnow()
    found = wiring.parking_store().reservations_of_house(c, house, call.query.limit)
    return ReservationList(items=[reservation_view(r, now) for r in found])


@endpoint(
    bp,
    "POST",
    HOUSE + "/{reservation_id}/cancel",
    audience="resident",
    access=Access.household("parking:monthly"),
    response=ReservationView,
    errors=(403, 404, 409),
    summary="Cancel my household's reservation: the space is free for the window again (cancelling twice changes "
    "nothing)",
    operation_id="cancelParkingReservation",
)
def cancel(call: Call[Any]) -> ReservationView:
    from chalicelib.audit import audited
    from chalicelib.kernel.clock import utcnow

    c, house, rid = call.path["community_id"], call.path["house_id"], call.path["reservation_id"]
    with audited(call, "parking.reservation.cancel", "parking_reservation", rid, {}):
        cancelled = wiring.zone_service().cancel(c, house, rid)
    return reservation_view(cancelled, utcnow())
