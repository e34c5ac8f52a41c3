"""Request and response models of the locker routes (a household's parcels, opening a compartment remotely,
send-a-parcel bookings), and the one view of a parcel (never its pick-up code or the code's hash)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract
from chalicelib.lockers.model import Parcel

City = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Note = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ParcelView(Contract):
    parcelId: str
    houseId: str
    deviceId: str
    locker: str
    compartment: str
    trackingNumber: str | None = None
    size: str | None = None
    status: Literal["waiting", "collected"]
    storedAt: str
    collectedAt: str | None = None
    method: str | None = None
    reminders: int
    openCommandId: str | None = Field(default=None, description="The last remote open's device command")
    openStatus: str | None = Field(
        default=None, description="Its status: pending, sent, done (the locker acknowledged), rejected, timed_out"
    )


class ParcelList(Contract):
    items: list[ParcelView]


class OpenView(Contract):
    parcel: ParcelView
    commandId: str


class LockerSettings(Contract):
    reminderHours: int = Field(
        ge=1, le=720, strict=True, description="Hours a parcel may wait before its first reminder (default 48)"
    )


class BookingRequest(Contract):
    size: Literal["S", "M", "L", "XL"]
    destinationCity: City
    note: Note | None = None


class BookingView(Contract):
    bookingId: str
    houseId: str
    size: str
    destinationCity: str
    note: str | None = None
    createdAt: str


class BookingList(Contract):
    items: list[BookingView]


def parcel_view(p: Parcel, locker: str, open_status: str | None = None) -> ParcelView:
    return ParcelView(
        parcelId=p.parcel_id,
        houseId=p.house_id,
        deviceId=p.device_id,
        locker=locker,
        compartment=p.compartment,
        trackingNumber=p.tracking,
        size=p.size,
        status="collected" if p.status == "collected" else "waiting",
        storedAt=iso(p.stored_at),
        collectedAt=iso(p.collected_at) if p.collected_at else None,
        method=p.method,
        reminders=p.reminders,
        openCommandId=p.open_command,
        openStatus=open_status,
    )


def booking_view(b: dict[str, Any]) -> BookingView:
    return BookingView(
        bookingId=b["booking_id"],
        houseId=b["house_id"],
        size=b["size"],
        destinationCity=b["destination_city"],
        note=b.get("note"),
        createdAt=iso(b["created_at"]),
    )


class WaitingParcelView(Contract):
    parcelId: str
    locker: str = Field(description="the locker's name in the device ledger")
    deviceId: str
    compartment: str
    house: str | None = Field(default=None, description="the house as people name it; None: waits for staff")
    houseId: str | None = None
    recipientPhone: str | None = Field(default=None, description="the phone typed at the locker, masked")
    storedAt: str
    waitingHours: int = Field(description="whole hours since the deposit")
    reminders: int = Field(description="reminders sent so far (at most 3)")


class WaitingParcelList(Contract):
    items: list[WaitingParcelView]
