"""Staff locker routes: the community's reminder limit (hours a parcel may wait before the first reminder; 48 unless
set) and the send-a-parcel bookings recorded for the locker operator."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.lockers import wiring
from chalicelib.lockers.contracts import BookingList, LockerSettings, booking_view

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
