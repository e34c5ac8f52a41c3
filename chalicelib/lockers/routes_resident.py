"""Mini-program locker routes: a household's parcels (waiting and collected), opening the compartment of a waiting
parcel remotely (the locker's open_compartment command, its ack through the devices capability; the pick-up event
closes the parcel), and send-a-parcel bookings recorded for the locker operator (routes_staff.py lists them)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.lockers import wiring
from chalicelib.lockers.contracts import (
    BookingRequest,
    BookingView,
    OpenView,
    ParcelList,
    booking_view,
    parcel_view,
)

bp = Blueprint(__name__)

HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}"


def _locker_names(community_id: str, device_ids: set[str]) -> dict[str, str]:
    service = wiring.locker_service()
    return {d: service.place(community_id, d) for d in device_ids}


@endpoint(
    bp,
    "GET",
    HOUSE + "/parcels",
    audience="resident",
    access=Access.household("lockers:read"),
    response=ParcelList,
    summary="My household's parcels in the community's lockers, newest first (never the pick-up code), with the "
    "last remote open's status (done when the locker acknowledged it)",
    operation_id="listHouseParcels",
)
def list_parcels(call: Call[Any]) -> ParcelList:
    c, house = call.path["community_id"], call.path["house_id"]
    service = wiring.locker_service()
    parcels = service.of_house(c, house)
    names = _locker_names(c, {p.device_id for p in parcels})
    status = {p.parcel_id: service.command_status(c, p.open_command) for p in parcels if p.open_command}
    return ParcelList(items=[parcel_view(p, names[p.device_id], status.get(p.parcel_id)) for p in parcels])


@endpoint(
    bp,
    "POST",
    HOUSE + "/parcels/{parcel_id}/open",
    audience="resident",
    access=Access.household("lockers:open"),
    status=202,
    response=OpenView,
    errors=(403, 404, 409),
    summary="Open my waiting parcel's compartment remotely: a device command to the locker, acknowledged by it; "
    "the locker's pick-up event closes the parcel",
    operation_id="openParcelCompartment",
)
def open_compartment(call: Call[Any]) -> OpenView:
    from chalicelib.audit import audited

    c, house, parcel_id = call.path["community_id"], call.path["house_id"], call.path["parcel_id"]
    with audited(call, "lockers.open", "parcel", parcel_id, {"houseId": house}) as detail:
        parcel, command_id = wiring.locker_service().open_remotely(c, house, parcel_id, call.who.subject)
        detail.update(commandId=command_id, deviceId=parcel.device_id, compartment=parcel.compartment)
    names = _locker_names(c, {parcel.device_id})
    view = parcel_view(parcel, names[parcel.device_id], "pending")
    return OpenView(parcel=view.model_copy(update={"openCommandId": command_id}), commandId=command_id)


@endpoint(
    bp,
    "POST",
    HOUSE + "/parcel-bookings",
    audience="resident",
    access=Access.household("lockers:book"),
    request=BookingRequest,
    status=201,
    response=BookingView,
    errors=(400, 403),
    summary="Book sending a parcel from the community's locker: recorded for the locker operator",
    operation_id="requestParcelSending",
)
def book_sending(call: Call[BookingRequest]) -> BookingView:
    c, house, b = call.path["community_id"], call.path["house_id"], call.body
    booking = wiring.locker_service().book(c, house, call.who.subject, b.size, b.destinationCity, b.note)
    return booking_view(booking)
