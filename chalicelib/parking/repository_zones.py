"""Zones, spaces and reservations in the parking table (every read is a GetItem or a Query).

- zone         pk `C#{c}#PARK#{park}#ZONE#{zone}` sk `ZONE`; gsi1 `C#{c}#PARK#{park}#ZONES` / zone id
- space        pk `C#{c}#PARK#{park}#SPACE#{space}` sk `SPACE`; gsi1 `C#{c}#PARK#{park}#SPACES` / `{zone}#{space}`
- reservation  pk `C#{c}#RESV#{id}` sk `RESV` (cancelled on the condition that it is active); gsi1
               `C#{c}#H#{house}#RESVS` / `{starts}#{id}`; gsi2 `C#{c}#PARK#{park}#RESVS` / `{ends}#{id}`; TTL 400
               days after its end
- slot         pk `C#{c}#PARK#{park}#SPACE#{space}#SLOT#{half hour}` sk `SLOT` -> reservation id; put on the
               condition that it does not exist, in the reservation's transaction; deleted when it is cancelled;
               TTL a day after the half hour
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.tables import ParkingTable
from chalicelib.parking.zones import ACTIVE, Reservation, Space, Zone, slots

RETENTION = timedelta(days=400)


class ZoneItem(ParkingTable):
    zone_id = UnicodeAttribute()
    park_id = UnicodeAttribute()
    name = UnicodeAttribute()


class SpaceItem(ParkingTable):
    space_id = UnicodeAttribute()
    park_id = UnicodeAttribute()
    zone_id = UnicodeAttribute()
    space_type = UnicodeAttribute()
    house_id = UnicodeAttribute(null=True)


class ReservationItem(ParkingTable):
    reservation_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    park_id = UnicodeAttribute()
    space_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    plate = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    ends_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    cancelled_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class SlotItem(ParkingTable):
    reservation_id = UnicodeAttribute()
    expires_at = TTLAttribute(null=True)


def _space_pk(c: str, park_id: str, space_id: str) -> str:
    return f"C#{c}#PARK#{park_id}#SPACE#{space_id}"


def _slot(r: Reservation, at: datetime) -> SlotItem:
    return SlotItem(
        f"{_space_pk(r.community_id, r.park_id, r.space_id)}#SLOT#{iso(at)}",
        "SLOT",
        reservation_id=r.reservation_id,
        expires_at=at + timedelta(days=1),
    )


def _resv_item(r: Reservation) -> ReservationItem:
    c = r.community_id
    return ReservationItem(
        f"C#{c}#RESV#{r.reservation_id}",
        "RESV",
        gsi1pk=f"C#{c}#H#{r.house_id}#RESVS",
        gsi1sk=f"{iso(r.starts_at)}#{r.reservation_id}",
        gsi2pk=f"C#{c}#PARK#{r.park_id}#RESVS",
        gsi2sk=f"{iso(r.ends_at)}#{r.reservation_id}",
        reservation_id=r.reservation_id,
        community_id=c,
        park_id=r.park_id,
        space_id=r.space_id,
        house_id=r.house_id,
        plate=r.plate,
        starts_at=r.starts_at,
        ends_at=r.ends_at,
        created_by=r.created_by,
        created_at=r.created_at,
        status=r.status,
        cancelled_at=r.cancelled_at,
        expires_at=r.ends_at + RETENTION,
    )


def _reservation(i: ReservationItem) -> Reservation:
    return Reservation(
        community_id=i.community_id,
        reservation_id=i.reservation_id,
        park_id=i.park_id,
        space_id=i.space_id,
        house_id=i.house_id,
        plate=i.plate,
        starts_at=i.starts_at,
        ends_at=i.ends_at,
        created_by=i.created_by,
        created_at=i.created_at,
        status=i.status,
        cancelled_at=i.cancelled_at,
    )


def _codes(exc: TransactWriteError) -> set[str]:
    return {r.code for r in (exc.cancellation_reasons or []) if r is not None and r.code}


class ZoneStorage:
    """Zones, spaces and reservations: a part of `DynamoParkingStore`."""

    def add_zone(self, zone: Zone) -> None:
        c = zone.community_id
        try:
            ZoneItem(
                f"C#{c}#PARK#{zone.park_id}#ZONE#{zone.zone_id}",
                "ZONE",
                gsi1pk=f"C#{c}#PARK#{zone.park_id}#ZONES",
                gsi1sk=zone.zone_id,
                zone_id=zone.zone_id,
                park_id=zone.park_id,
                name=zone.name,
            ).save(condition=ZoneItem.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict("the zone exists already", code="ZONE_EXISTS") from exc
            raise

    def get_zone(self, community_id: str, park_id: str, zone_id: str) -> Zone | None:
        try:
            i = ZoneItem.get(f"C#{community_id}#PARK#{park_id}#ZONE#{zone_id}", "ZONE")
        except ZoneItem.DoesNotExist:
            return None
        return Zone(community_id, i.park_id, i.zone_id, i.name)

    def zones(self, community_id: str, park_id: str) -> list[Zone]:
        query = ZoneItem.gsi1.query(f"C#{community_id}#PARK#{park_id}#ZONES")
        return [Zone(community_id, i.park_id, i.zone_id, i.name) for i in query]

    def add_space(self, space: Space) -> None:
        c = space.community_id
        try:
            SpaceItem(
                _space_pk(c, space.park_id, space.space_id),
                "SPACE",
                gsi1pk=f"C#{c}#PARK#{space.park_id}#SPACES",
                gsi1sk=f"{space.zone_id}#{space.space_id}",
                space_id=space.space_id,
                park_id=space.park_id,
                zone_id=space.zone_id,
                space_type=space.space_type,
                house_id=space.house_id,
            ).save(condition=SpaceItem.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict("the space exists already", code="SPACE_EXISTS") from exc
            raise

    def _space(self, community_id: str, i: SpaceItem) -> Space:
        return Space(community_id, i.park_id, i.space_id, i.zone_id, i.space_type, i.house_id)

    def get_space(self, community_id: str, park_id: str, space_id: str) -> Space | None:
        try:
            return self._space(community_id, SpaceItem.get(_space_pk(community_id, park_id, space_id), "SPACE"))
        except SpaceItem.DoesNotExist:
            return None

    def spaces(self, community_id: str, park_id: str) -> list[Space]:
        query = SpaceItem.gsi1.query(f"C#{community_id}#PARK#{park_id}#SPACES")
        return [self._space(community_id, i) for i in query]

    def add_reservation(self, reservation: Reservation) -> None:
        for _attempt in range(4):
            try:
                with TransactWrite(connection=transaction_connection(ParkingTable)) as tx:
                    tx.save(_resv_item(reservation), condition=ReservationItem.pk.does_not_exist())
                    for at in slots(reservation.starts_at, reservation.ends_at):
                        tx.save(_slot(reservation, at), condition=SlotItem.pk.does_not_exist())
                return
            except TransactWriteError as exc:
                codes = _codes(exc)
                if "ConditionalCheckFailed" in codes:
                    raise Conflict("the space is reserved for part of this window", code="SPACE_RESERVED") from exc
                if "TransactionConflict" not in codes:
                    raise
        raise Conflict("the space is reserved for part of this window", code="SPACE_RESERVED")

    def get_reservation(self, community_id: str, reservation_id: str) -> Reservation | None:
        try:
            item = ReservationItem.get(f"C#{community_id}#RESV#{reservation_id}", "RESV", consistent_read=True)
        except ReservationItem.DoesNotExist:
            return None
        return _reservation(item)

    def cancel_reservation(self, cancelled: Reservation) -> bool:
        try:
            with TransactWrite(connection=transaction_connection(ParkingTable)) as tx:
                tx.save(_resv_item(cancelled), condition=ReservationItem.status == ACTIVE)
                for at in slots(cancelled.starts_at, cancelled.ends_at):
                    tx.delete(_slot(cancelled, at), condition=SlotItem.reservation_id == cancelled.reservation_id)
            return True
        except TransactWriteError as exc:
            if "ConditionalCheckFailed" in _codes(exc):
                return False
            raise

    def reservations_of_house(self, community_id: str, house_id: str, limit: int) -> list[Reservation]:
        query = ReservationItem.gsi1.query(
            f"C#{community_id}#H#{house_id}#RESVS", scan_index_forward=False, limit=limit
        )
        return [_reservation(i) for i in query]

    def reservations_ending_after(self, community_id: str, park_id: str, moment: datetime) -> list[Reservation]:
        query = ReservationItem.gsi2.query(
            f"C#{community_id}#PARK#{park_id}#RESVS", ReservationItem.gsi2sk > iso(moment), limit=1000
        )
        return [_reservation(i) for i in query]
