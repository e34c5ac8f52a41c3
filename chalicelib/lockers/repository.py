"""Parcels in the lockers table (every read is a GetItem or a Query).

Layout:
- parcel       pk `C#{c}#HOUSE#{h}` sk `PARCEL#{id}`; while waiting, gsi1 `LOCKERS#WAITING` / `{stored}#{c}#{h}#{id}`
               (the reminder run's one Query) and gsi2 `C#{c}#PARCELS#WAITING` / `{stored}#{id}` (the staff's list);
               a parcel whose recipient was not found by phone has the house `~staff`
- compartment  pk `C#{c}#LOCKER#{device}` sk `CELL#{compartment}`: the waiting parcel in it (written with the parcel
               in one transaction, deleted when it is collected)
- booking      pk `C#{c}#BOOKINGS` sk `{created}#{id}`
- settings     pk `C#{c}#SETTINGS` sk `LOCKERS` (the reminder limit; absent: the default)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import transaction_connection, write_refused
from chalicelib.kernel.tables import LockersTable
from chalicelib.lockers.model import COLLECTED, WAITING, Parcel

WAITING_INDEX = "LOCKERS#WAITING"


class ParcelItem(LockersTable):
    parcel_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    device_id = UnicodeAttribute()
    compartment = UnicodeAttribute()
    tracking = UnicodeAttribute(null=True)
    size = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    stored_at = UTCDateTimeAttribute()
    code_hash = UnicodeAttribute()
    collected_at = UTCDateTimeAttribute(null=True)
    method = UnicodeAttribute(null=True)
    reminders = NumberAttribute(default=0)
    last_reminded = UnicodeAttribute(null=True)
    open_command = UnicodeAttribute(null=True)
    recipient_masked = UnicodeAttribute(null=True)


class CellItem(LockersTable):
    parcel_id = UnicodeAttribute()
    house_id = UnicodeAttribute()


class SettingsItem(LockersTable):
    reminder_hours = NumberAttribute()
    updated_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()


class BookingItem(LockersTable):
    booking_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    size = UnicodeAttribute()
    destination_city = UnicodeAttribute()
    note = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


def _community_waiting(c: str) -> str:
    return f"C#{c}#PARCELS#WAITING"


def _house_pk(c: str, h: str) -> str:
    return f"C#{c}#HOUSE#{h}"


def _cell_key(c: str, device: str, compartment: str) -> tuple[str, str]:
    return f"C#{c}#LOCKER#{device}", f"CELL#{compartment}"


def _parcel(item: ParcelItem) -> Parcel:
    return Parcel(
        parcel_id=item.parcel_id,
        community_id=item.community_id,
        house_id=item.house_id,
        device_id=item.device_id,
        compartment=item.compartment,
        tracking=item.tracking,
        size=item.size,
        status=item.status,
        stored_at=item.stored_at,
        code_hash=item.code_hash,
        collected_at=item.collected_at,
        method=item.method,
        reminders=int(item.reminders or 0),
        last_reminded=item.last_reminded,
        open_command=item.open_command,
        recipient_masked=item.recipient_masked,
    )


class DynamoParcels:
    def store(self, parcel: Parcel) -> bool:
        """The parcel and its compartment, once: False when the parcel exists already (a delivered-again event)."""
        item = ParcelItem(
            _house_pk(parcel.community_id, parcel.house_id),
            f"PARCEL#{parcel.parcel_id}",
            gsi1pk=WAITING_INDEX,
            gsi1sk=f"{iso(parcel.stored_at)}#{parcel.community_id}#{parcel.house_id}#{parcel.parcel_id}",
            parcel_id=parcel.parcel_id,
            community_id=parcel.community_id,
            house_id=parcel.house_id,
            device_id=parcel.device_id,
            compartment=parcel.compartment,
            tracking=parcel.tracking,
            size=parcel.size,
            status=WAITING,
            stored_at=parcel.stored_at,
            code_hash=parcel.code_hash,
            reminders=0,
            gsi2pk=_community_waiting(parcel.community_id),
            gsi2sk=f"{iso(parcel.stored_at)}#{parcel.parcel_id}",
        )
        item.recipient_masked = parcel.recipient_masked
        pk, sk = _cell_key(parcel.community_id, parcel.device_id, parcel.compartment)
        cell = CellItem(pk, sk, parcel_id=parcel.parcel_id, house_id=parcel.house_id)
        try:
            with TransactWrite(connection=transaction_connection(LockersTable)) as tx:
                tx.save(item, condition=ParcelItem.pk.does_not_exist())
                tx.save(cell)
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def get(self, community_id: str, house_id: str, parcel_id: str) -> Parcel | None:
        try:
            return _parcel(ParcelItem.get(_house_pk(community_id, house_id), f"PARCEL#{parcel_id}"))
        except ParcelItem.DoesNotExist:
            return None

    def in_compartment(self, community_id: str, device_id: str, compartment: str) -> Parcel | None:
        pk, sk = _cell_key(community_id, device_id, compartment)
        try:
            cell = CellItem.get(pk, sk)
        except CellItem.DoesNotExist:
            return None
        return self.get(community_id, cell.house_id, cell.parcel_id)

    def of_house(self, community_id: str, house_id: str) -> list[Parcel]:
        items = ParcelItem.query(_house_pk(community_id, house_id), ParcelItem.sk.startswith("PARCEL#"))
        return sorted((_parcel(i) for i in items), key=lambda p: p.stored_at, reverse=True)

    def collect(self, parcel: Parcel, at: datetime, method: str, free_cell: bool = True) -> bool:
        """Waiting -> collected, its compartment freed (unless another parcel holds it now): False when it was
        collected already."""
        item = ParcelItem(_house_pk(parcel.community_id, parcel.house_id), f"PARCEL#{parcel.parcel_id}")
        pk, sk = _cell_key(parcel.community_id, parcel.device_id, parcel.compartment)
        try:
            with TransactWrite(connection=transaction_connection(LockersTable)) as tx:
                tx.update(
                    item,
                    actions=[
                        ParcelItem.status.set(COLLECTED),
                        ParcelItem.collected_at.set(at),
                        ParcelItem.method.set(method),
                        ParcelItem.gsi1pk.remove(),
                        ParcelItem.gsi1sk.remove(),
                        ParcelItem.gsi2pk.remove(),
                        ParcelItem.gsi2sk.remove(),
                    ],
                    condition=ParcelItem.status == WAITING,
                )
                if free_cell:
                    tx.delete(CellItem(pk, sk), condition=CellItem.parcel_id == parcel.parcel_id)
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def opened(self, parcel: Parcel, command_id: str) -> None:
        """The remote open's command, on a parcel that is still waiting (a collected one keeps its last)."""
        item = ParcelItem(_house_pk(parcel.community_id, parcel.house_id), f"PARCEL#{parcel.parcel_id}")
        try:
            item.update(actions=[ParcelItem.open_command.set(command_id)], condition=ParcelItem.status == WAITING)
        except UpdateError as exc:
            if not write_refused(exc):
                raise

    def waiting_in(self, community_id: str, limit: int) -> list[Parcel]:
        """The community's waiting parcels, oldest first (one Query on gsi2)."""
        items = ParcelItem.query(_community_waiting(community_id), index_name="gsi2", limit=limit)
        return [_parcel(i) for i in items if isinstance(i, ParcelItem)]

    def waiting_before(self, before: datetime) -> list[Parcel]:
        """Every waiting parcel stored before `before` (all pages)."""
        items = ParcelItem.query(WAITING_INDEX, ParcelItem.gsi1sk < iso(before), index_name="gsi1")
        return [_parcel(i) for i in items if isinstance(i, ParcelItem)]

    def mark_reminded(self, parcel: Parcel, day: str) -> bool:
        """One reminder per parcel and Beijing day: False when another run took the day (or the parcel was taken)."""
        item = ParcelItem(_house_pk(parcel.community_id, parcel.house_id), f"PARCEL#{parcel.parcel_id}")
        try:
            item.update(
                actions=[ParcelItem.reminders.add(1), ParcelItem.last_reminded.set(day)],
                condition=(ParcelItem.status == WAITING)
                & (ParcelItem.reminders == parcel.reminders)
                & (ParcelItem.last_reminded.does_not_exist() | (ParcelItem.last_reminded != day)),
            )
        except UpdateError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def reminder_hours(self, community_id: str) -> int | None:
        try:
            return int(SettingsItem.get(f"C#{community_id}#SETTINGS", "LOCKERS").reminder_hours)
        except SettingsItem.DoesNotExist:
            return None

    def set_reminder_hours(self, community_id: str, hours: int, by: str, at: datetime) -> None:
        SettingsItem(f"C#{community_id}#SETTINGS", "LOCKERS", reminder_hours=hours, updated_by=by, updated_at=at).save()

    def book(self, booking: dict[str, Any]) -> bool:
        item = BookingItem(
            f"C#{booking['community_id']}#BOOKINGS",
            f"{iso(booking['created_at'])}#{booking['booking_id']}",
            **{k: v for k, v in booking.items()},
        )
        try:
            item.save(condition=BookingItem.pk.does_not_exist())
        except PutError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def bookings(self, community_id: str) -> list[dict[str, Any]]:
        items = BookingItem.query(f"C#{community_id}#BOOKINGS", scan_index_forward=False, limit=200)
        return [
            {
                "booking_id": i.booking_id,
                "house_id": i.house_id,
                "size": i.size,
                "destination_city": i.destination_city,
                "note": i.note,
                "created_at": i.created_at,
            }
            for i in items
        ]
