"""Staff locker routes: the community's reminder limit (hours a parcel may wait before the first reminder; 48 unless
set), the send-a-parcel bookings recorded for the locker operator, and the parcels still waiting (those whose
recipient was not found by phone wait for staff)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.lockers import wiring
from chalicelib.lockers.contracts import (
    BookingList,
    LockerSettings,
    WaitingParcelList,
    WaitingParcelView,
    booking_view,
)

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}"


@endpoint(
    bp,
    "GET",
    STAFF + "/parcel-bookings",
    audience="staff",
    access=Access.community("lockers:bookings"),
    response=BookingList,
    summary="Send-a-parcel bookings of the community, newest first (at most 200), for the locker operator",
    operation_id="listParcelBookings",
)
def list_bookings(call: Call[Any]) -> BookingList:
    return BookingList(items=[booking_view(b) for b in wiring.parcel_store().bookings(call.path["community_id"])])


@endpoint(
    bp,
    "GET",
    STAFF + "/parcel-settings",
    audience="staff",
    access=Access.community("lockers:bookings"),
    response=LockerSettings,
    summary="The community's parcel reminder limit in hours (48 unless set)",
    operation_id="getParcelSettings",
)
def get_settings(call: Call[Any]) -> LockerSettings:
    return LockerSettings(reminderHours=wiring.locker_service().limit_hours(call.path["community_id"]))


@endpoint(
    bp,
    "PUT",
    STAFF + "/parcel-settings",
    audience="staff",
    access=Access.community("lockers:manage"),
    request=LockerSettings,
    response=LockerSettings,
    errors=(400,),
    summary="Set the community's parcel reminder limit: hours (1-720) a parcel may wait before its first reminder",
    operation_id="setParcelSettings",
)
def set_settings(call: Call[LockerSettings]) -> LockerSettings:
    from chalicelib.audit import audited
    from chalicelib.kernel.clock import utcnow

    c, hours = call.path["community_id"], call.body.reminderHours
    with audited(call, "lockers.settings", "community", c, {"reminderHours": hours}):
        wiring.parcel_store().set_reminder_hours(c, hours, call.who.subject, utcnow())
    return LockerSettings(reminderHours=hours)


@endpoint(
    bp,
    "GET",
    STAFF + "/parcels/waiting",
    audience="staff",
    access=Access.community("lockers:bookings"),
    response=WaitingParcelList,
    summary="Parcels still waiting in the community's lockers, oldest first (at most 500): locker, age, reminders; "
    "a parcel whose recipient was not found by the phone typed at the locker shows the masked phone and no house",
    operation_id="listWaitingParcels",
)
def list_waiting(call: Call[Any]) -> WaitingParcelList:
    from chalicelib.kernel.clock import iso, utcnow
    from chalicelib.lockers.model import UNCLAIMED
    from chalicelib.registry import place_labels

    cid, now = call.path["community_id"], utcnow()
    waiting = wiring.parcel_store().waiting_in(cid, 500)
    labels = place_labels(cid, house_ids={p.house_id for p in waiting if p.house_id != UNCLAIMED})
    service = wiring.locker_service()
    lockers = {d: service.place(cid, d) for d in {p.device_id for p in waiting}}
    return WaitingParcelList(
        items=[
            WaitingParcelView(
                parcelId=p.parcel_id,
                locker=lockers[p.device_id],
                deviceId=p.device_id,
                compartment=p.compartment,
                house=None if p.house_id == UNCLAIMED else labels.get(p.house_id, p.house_id),
                houseId=None if p.house_id == UNCLAIMED else p.house_id,
                recipientPhone=p.recipient_masked,
                storedAt=iso(p.stored_at),
                waitingHours=int((now - p.stored_at).total_seconds() // 3600),
                reminders=p.reminders,
            )
            for p in waiting
        ]
    )
