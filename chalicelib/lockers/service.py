"""Parcel use cases: a courier's deposit (a parcel for a house of the community, its pick-up code told to the
household by WeChat), a pick-up closing it, a resident opening their compartment remotely (a device command with
its ack), reminders for parcels left too long, send-a-parcel bookings. Storage, the registry, notifications and
device commands are ports (adapters.py)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.errors import Conflict, NotFound
from chalicelib.lockers.model import (
    CLEARED,
    DEFAULT_LIMIT_HOURS,
    MIN_LIMIT_HOURS,
    STORED,
    UNCLAIMED,
    WAITING,
    LockerEvent,
    Parcel,
    beijing_day,
    code_hash,
    due_reminder,
    mask_phone,
    new_code,
    parcel_id_of,
)


class Parcels(Protocol):
    def store(self, parcel: Parcel) -> bool: ...
    def get(self, community_id: str, house_id: str, parcel_id: str) -> Parcel | None: ...
    def in_compartment(self, community_id: str, device_id: str, compartment: str) -> Parcel | None: ...
    def of_house(self, community_id: str, house_id: str) -> list[Parcel]: ...
    def collect(self, parcel: Parcel, at: datetime, method: str, free_cell: bool = True) -> bool: ...
    def opened(self, parcel: Parcel, command_id: str) -> None: ...
    def waiting_before(self, before: datetime) -> list[Parcel]: ...
    def mark_reminded(self, parcel: Parcel, day: str) -> bool: ...
    def book(self, booking: dict[str, Any]) -> bool: ...
    def reminder_hours(self, community_id: str) -> int | None: ...


class Households(Protocol):
    def house_exists(self, community_id: str, house_id: str) -> bool: ...
    def houses_with_phone(self, community_id: str, phone: str) -> list[str]:
        """The houses of the community's residents with this phone (the registry's keyed blind index)."""
        ...

    def tell_code(self, parcel: Parcel, code: str, place: str) -> None: ...
    def remind(self, parcel: Parcel, place: str, nth: int) -> None: ...


class Lockers(Protocol):
    def is_locker(self, community_id: str, device_id: str) -> bool: ...
    def place(self, community_id: str, device_id: str) -> str: ...
    def open(self, parcel: Parcel, by: str) -> str: ...
    def arm(self, parcel: Parcel) -> str: ...
    def command_status(self, community_id: str, command_id: str) -> str | None: ...


@dataclass(frozen=True)
class Outcome:
    action: str  # stored | collected | duplicate | rejected
    reason: str = ""
    parcel_id: str | None = None


class LockerService:
    def __init__(
        self,
        parcels: Parcels,
        households: Households,
        lockers: Lockers,
        now: Callable[[], datetime],
    ) -> None:
        self.parcels, self.households, self.lockers, self.now = parcels, households, lockers, now

    def limit_hours(self, community_id: str) -> int:
        """The community's reminder limit (hours a parcel may wait before its first reminder), 48 unless set."""
        return self.parcels.reminder_hours(community_id) or DEFAULT_LIMIT_HOURS

    def handle(self, event: LockerEvent) -> Outcome:
        """One locker event; a delivered-again event changes nothing."""
        if not self.lockers.is_locker(event.community_id, event.device_id):
            return Outcome("rejected", "NOT_A_LOCKER")
        if event.event == STORED:
            return self._deposit(event)
        return self._pick_up(event)

    def _deposit(self, event: LockerEvent) -> Outcome:
        masked = None
        if event.house_id is None and event.phone is not None:
            # found by the phone typed at the locker: one household -> theirs; none (or several) -> staff decide
            found = self.households.houses_with_phone(event.community_id, event.phone)
            house, masked = (found[0] if len(found) == 1 else UNCLAIMED), mask_phone(event.phone)
        else:
            house = event.house_id or ""
            if not self.households.house_exists(event.community_id, house):
                return Outcome("rejected", "HOUSE_NOT_FOUND")
        parcel_id = parcel_id_of(event.community_id, event.device_id, event.msg_id)
        code = new_code()
        parcel = Parcel(
            parcel_id=parcel_id,
            community_id=event.community_id,
            house_id=house,
            device_id=event.device_id,
            compartment=event.compartment,
            tracking=event.tracking,
            size=event.size,
            status=WAITING,
            stored_at=event.at,
            code_hash=code_hash(parcel_id, code),
            recipient_masked=masked,
        )
        before = self.parcels.in_compartment(event.community_id, event.device_id, event.compartment)
        if before is not None and before.parcel_id == parcel_id:
            return Outcome("duplicate", "", parcel_id)
        if not self.parcels.store(parcel):
            return Outcome("duplicate", "", parcel_id)
        if before is not None:  # the locker reused the compartment: the parcel in it was taken out (courier, staff)
            self.parcels.collect(before, event.at, CLEARED, free_cell=False)
        if house == UNCLAIMED:  # nobody to tell: the parcel is on the staff's waiting list with the masked phone
            return Outcome("stored", "RECIPIENT_NOT_FOUND", parcel_id)
        self.households.tell_code(parcel, code, self.lockers.place(event.community_id, event.device_id))
        try:  # the locker checks a typed code against its keyed hash (set_pickup_code); the code itself never leaves
            self.lockers.arm(parcel)
        except Exception:  # the parcel stands: the household can still open the compartment remotely
            logging.getLogger(__name__).exception("could not arm the compartment of parcel %s", parcel_id)
        return Outcome("stored", "", parcel_id)

    def _pick_up(self, event: LockerEvent) -> Outcome:
        parcel = self.parcels.in_compartment(event.community_id, event.device_id, event.compartment)
        if parcel is None:
            return Outcome("duplicate", "NO_PARCEL_IN_COMPARTMENT")
        if event.tracking and parcel.tracking and event.tracking != parcel.tracking:
            return Outcome("rejected", "TRACKING_MISMATCH", parcel.parcel_id)
        if not self.parcels.collect(parcel, event.at, event.method or "code"):
            return Outcome("duplicate", "", parcel.parcel_id)
        return Outcome("collected", "", parcel.parcel_id)

    def place(self, community_id: str, device_id: str) -> str:
        """The locker as people name it (its name in the ledger)."""
        return self.lockers.place(community_id, device_id)

    def of_house(self, community_id: str, house_id: str) -> list[Parcel]:
        return self.parcels.of_house(community_id, house_id)

    def open_remotely(self, community_id: str, house_id: str, parcel_id: str, by: str) -> tuple[Parcel, str]:
        parcel = self.parcels.get(community_id, house_id, parcel_id)
        if parcel is None:
            raise NotFound("no such parcel for this house", code="PARCEL_NOT_FOUND")
        if parcel.status != WAITING:
            raise Conflict("the parcel was collected already", code="PARCEL_COLLECTED")
        command_id = self.lockers.open(parcel, by)
        self.parcels.opened(parcel, command_id)
        return parcel, command_id

    def command_status(self, community_id: str, command_id: str) -> str | None:
        """A remote open's device command: pending, sent, done (the locker's ack), rejected, failed, timed_out."""
        return self.lockers.command_status(community_id, command_id)

    def remind(self) -> dict[str, int]:
        """Waiting parcels past their community's limit: one reminder per parcel and Beijing day, at most three."""
        now = self.now()
        sent = skipped = 0
        limits: dict[str, int] = {}
        for parcel in self.parcels.waiting_before(now - timedelta(hours=MIN_LIMIT_HOURS)):
            if parcel.community_id not in limits:
                limits[parcel.community_id] = self.limit_hours(parcel.community_id)
            if not due_reminder(parcel, now, limits[parcel.community_id]):
                skipped += 1
                continue
            if not self.parcels.mark_reminded(parcel, beijing_day(now)):
                skipped += 1
                continue
            self.households.remind(
                parcel, self.lockers.place(parcel.community_id, parcel.device_id), parcel.reminders + 1
            )
            sent += 1
        return {"sent": sent, "skipped": skipped}

    def book(
        self, community_id: str, house_id: str, account_id: str, size: str, city: str, note: str | None
    ) -> dict[str, Any]:
        booking = {
            "booking_id": "bk-" + uuid.uuid4().hex[:16],
            "community_id": community_id,
            "house_id": house_id,
            "account_id": account_id,
            "size": size,
            "destination_city": city,
            "note": note,
            "created_at": self.now(),
        }
        self.parcels.book(booking)
        return booking
