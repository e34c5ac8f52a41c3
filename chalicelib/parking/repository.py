"""Parking in the parking table (every read is a GetItem or a Query).

Layout:
- car park   pk `C#{c}#PARK#{id}` sk `PARK`; gsi1 `C#{c}#PARKS` / id; `occupied` moves with each stay (ADD)
- barrier    pk `C#{c}#BARRIER#{device}` sk `BARRIER` -> park id, direction (a barrier belongs to one park)
- stay       pk `C#{c}#STAY#{id}` sk `STAY` (version); gsi1 `C#{c}#PARK#{park}#INSIDE` / `{entered}#{id}` while the
             car is inside (sparse)
- car inside pk `C#{c}#CAR#{plate}` sk `INSIDE` -> stay id: one stay per car, written and deleted in the stay's
             transaction, so the current stay is two strongly consistent GetItems (no index lag at the exit)
- revenue    pk `C#{c}#REVENUE#{Beijing day}` sk order id (one per paid order, in the stay's payment transaction)
- passage    pk `C#{c}#PASSAGE#{id}` sk `PASSAGE` (the id is the event's, so a redelivery is refused); gsi1
             `C#{c}#PASSAGES#{day}` / `{at}#{id}` (Beijing day); gsi2 `C#{c}#PLATE#{plate}` / `{at}`; TTL 400 days
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import BEIJING_OFFSET, iso
from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.tables import ParkingTable
from chalicelib.parking.model import HELD, LEFT, Barrier, CarPark, Passage, Revenue, Stay
from chalicelib.parking.repository_monthly import MonthlyStorage
from chalicelib.parking.repository_occupancy import OccupancyStorage
from chalicelib.parking.repository_open_orders import OpenOrderStorage
from chalicelib.parking.repository_reminders import ReminderStorage
from chalicelib.parking.repository_whitelist import WhitelistStorage, park_community_item
from chalicelib.parking.repository_zones import ZoneStorage
from chalicelib.parking.tariff import Tariff

RETENTION = timedelta(days=400)  # >= 180 days (000 6.1.1 b), >= 365 for vehicle events (003)


class ParkItem(ParkingTable):
    park_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    name = UnicodeAttribute()
    capacity = NumberAttribute()
    tariff = JSONAttribute()
    barriers = JSONAttribute()
    guard_approval = BooleanAttribute(default=False)
    occupied = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute(null=True)


class BarrierItem(ParkingTable):
    park_id = UnicodeAttribute()
    direction = UnicodeAttribute()


class StayItem(ParkingTable):
    stay_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    park_id = UnicodeAttribute()
    plate = UnicodeAttribute()
    kind = UnicodeAttribute()
    entered_at = UTCDateTimeAttribute()
    entry_device = UnicodeAttribute()
    status = UnicodeAttribute()
    house_id = UnicodeAttribute(null=True)
    visitor_pass_id = UnicodeAttribute(null=True)
    free_until = UTCDateTimeAttribute(null=True)
    paid_fen = NumberAttribute(default=0)
    paid_orders = JSONAttribute(default=list)
    paid_at = UTCDateTimeAttribute(null=True)
    leave_by = UTCDateTimeAttribute(null=True)
    waiting_at = UnicodeAttribute(null=True)
    left_at = UTCDateTimeAttribute(null=True)
    exit_device = UnicodeAttribute(null=True)
    release = JSONAttribute(null=True)
    version = VersionAttribute()
    monthly_pass_id = UnicodeAttribute(null=True)


class CarInside(ParkingTable):
    stay_id = UnicodeAttribute()


class RevenueItem(ParkingTable):
    """`C#{c}#REVENUE#{day}` / `{order id}`: one per paid order, written with the stay's payment."""

    order_id = UnicodeAttribute()
    stay_id = UnicodeAttribute()
    plate = UnicodeAttribute()
    amount_fen = NumberAttribute()


class PassageItem(ParkingTable):
    passage_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    device_id = UnicodeAttribute()
    park_id = UnicodeAttribute(null=True)
    plate = UnicodeAttribute()
    colour = UnicodeAttribute()
    direction = UnicodeAttribute()
    confidence = NumberAttribute()
    snapshot_key = UnicodeAttribute(null=True)
    at = UTCDateTimeAttribute()
    action = UnicodeAttribute()
    reason = UnicodeAttribute()
    stay_id = UnicodeAttribute(null=True)
    fee_fen = NumberAttribute(default=0)
    offline = BooleanAttribute(default=False)
    data_source = UnicodeAttribute(default="barrier")
    expires_at = TTLAttribute(null=True)


def _park_pk(c: str, park_id: str) -> str:
    return f"C#{c}#PARK#{park_id}"


def _stay_pk(c: str, stay_id: str) -> str:
    return f"C#{c}#STAY#{stay_id}"


def _car_pk(c: str, plate: str) -> str:
    return f"C#{c}#CAR#{plate}"


def beijing_day(moment: Any) -> str:
    return str((moment + BEIJING_OFFSET).strftime("%Y-%m-%d"))


def _inside(stay: Stay) -> bool:
    """A stay that counts in the car park's occupancy."""
    return stay.status not in (HELD, LEFT)


def park_from(item: ParkItem) -> CarPark:
    return CarPark(
        community_id=item.community_id,
        park_id=item.park_id,
        name=item.name,
        capacity=int(item.capacity),
        tariff=Tariff(**item.tariff),
        barriers=tuple(Barrier(b["deviceId"], b["direction"]) for b in item.barriers),
        guard_approval=bool(item.guard_approval),
        occupied=int(item.occupied or 0),
        created_at=item.created_at,
    )


def stay_item(s: Stay) -> StayItem:
    item = StayItem(
        _stay_pk(s.community_id, s.stay_id),
        "STAY",
        gsi1pk=f"C#{s.community_id}#PARK#{s.park_id}#INSIDE" if s.status != LEFT else None,
        gsi1sk=f"{iso(s.entered_at)}#{s.stay_id}" if s.status != LEFT else None,
        stay_id=s.stay_id,
        community_id=s.community_id,
        park_id=s.park_id,
        plate=s.plate,
        kind=s.kind,
        entered_at=s.entered_at,
        entry_device=s.entry_device,
        status=s.status,
        house_id=s.house_id,
        visitor_pass_id=s.visitor_pass_id,
        free_until=s.free_until,
        paid_fen=s.paid_fen,
        paid_orders=list(s.paid_orders),
        paid_at=s.paid_at,
        leave_by=s.leave_by,
        waiting_at=s.waiting_at,
        left_at=s.left_at,
        exit_device=s.exit_device,
        release=s.release,
        monthly_pass_id=s.monthly_pass_id,
    )
    if s.version:
        item.version = s.version
    return item


def stay_from(i: StayItem) -> Stay:
    return Stay(
        stay_id=i.stay_id,
        community_id=i.community_id,
        park_id=i.park_id,
        plate=i.plate,
        kind=i.kind,
        entered_at=i.entered_at,
        entry_device=i.entry_device,
        status=i.status,
        house_id=i.house_id,
        visitor_pass_id=i.visitor_pass_id,
        free_until=i.free_until,
        paid_fen=int(i.paid_fen or 0),
        paid_orders=tuple(i.paid_orders or ()),
        paid_at=i.paid_at,
        leave_by=i.leave_by,
        waiting_at=i.waiting_at,
        left_at=i.left_at,
        exit_device=i.exit_device,
        release=i.release,
        version=int(i.version or 0),
        monthly_pass_id=i.monthly_pass_id,
    )


def passage_from(i: PassageItem) -> Passage:
    return Passage(
        passage_id=i.passage_id,
        community_id=i.community_id,
        device_id=i.device_id,
        park_id=i.park_id,
        plate=i.plate,
        colour=i.colour,
        direction=i.direction,
        confidence=float(i.confidence),
        snapshot_key=i.snapshot_key,
        at=i.at,
        action=i.action,
        reason=i.reason,
        stay_id=i.stay_id,
        fee_fen=int(i.fee_fen or 0),
        offline=bool(i.offline),
    )


def _cancelled(exc: TransactWriteError) -> bool:
    return any(r is not None and r.code == "ConditionalCheckFailed" for r in (exc.cancellation_reasons or []))


class DynamoParkingStore(
    MonthlyStorage, OpenOrderStorage, WhitelistStorage, ReminderStorage, ZoneStorage, OccupancyStorage
):
    def put_park(self, park: CarPark) -> None:
        c = park.community_id
        try:
            with TransactWrite(connection=transaction_connection(ParkingTable)) as tx:
                tx.save(
                    ParkItem(
                        _park_pk(c, park.park_id),
                        "PARK",
                        gsi1pk=f"C#{c}#PARKS",
                        gsi1sk=park.park_id,
                        park_id=park.park_id,
                        community_id=c,
                        name=park.name,
                        capacity=park.capacity,
                        tariff=asdict(park.tariff),
                        barriers=[{"deviceId": b.device_id, "direction": b.direction} for b in park.barriers],
                        guard_approval=park.guard_approval,
                        occupied=0,
                        created_at=park.created_at,
                    ),
                    condition=ParkItem.pk.does_not_exist(),
                )
                tx.save(park_community_item(c))  # the daily whitelist run finds the community
                for b in park.barriers:
                    tx.save(
                        BarrierItem(
                            f"C#{c}#BARRIER#{b.device_id}", "BARRIER", park_id=park.park_id, direction=b.direction
                        ),
                        condition=BarrierItem.pk.does_not_exist(),
                    )
        except TransactWriteError as exc:
            if _cancelled(exc):
                raise Conflict("the car park or one of its barriers exists already", code="PARK_CONFLICT") from exc
            raise

    def get_park(self, community_id: str, park_id: str) -> CarPark | None:
        try:
            return park_from(ParkItem.get(_park_pk(community_id, park_id), "PARK", consistent_read=True))
        except ParkItem.DoesNotExist:
            return None

    def parks(self, community_id: str) -> list[CarPark]:
        return [park_from(i) for i in ParkItem.gsi1.query(f"C#{community_id}#PARKS", limit=100)]

    def barrier_park(self, community_id: str, device_id: str) -> tuple[str, str] | None:
        try:
            item = BarrierItem.get(f"C#{community_id}#BARRIER#{device_id}", "BARRIER")
        except BarrierItem.DoesNotExist:
            return None
        return item.park_id, item.direction

    def add_stay(self, stay: Stay) -> None:
        c = stay.community_id
        try:
            with TransactWrite(connection=transaction_connection(ParkingTable)) as tx:
                tx.save(stay_item(stay), condition=StayItem.pk.does_not_exist())
                if stay.status != LEFT:
                    tx.save(
                        CarInside(_car_pk(c, stay.plate), "INSIDE", stay_id=stay.stay_id),
                        condition=CarInside.pk.does_not_exist(),
                    )
                if _inside(stay):
                    tx.update(ParkItem(_park_pk(c, stay.park_id), "PARK"), actions=[ParkItem.occupied.add(1)])
        except TransactWriteError as exc:
            if _cancelled(exc):
                raise Conflict("the car is inside already", code="CAR_INSIDE") from exc
            raise

    def current_stay(self, community_id: str, plate: str) -> Stay | None:
        try:
            lock = CarInside.get(_car_pk(community_id, plate), "INSIDE", consistent_read=True)
        except CarInside.DoesNotExist:
            return None
        return self.get_stay(community_id, lock.stay_id)

    def get_stay(self, community_id: str, stay_id: str) -> Stay | None:
        try:
            return stay_from(StayItem.get(_stay_pk(community_id, stay_id), "STAY", consistent_read=True))
        except StayItem.DoesNotExist:
            return None

    def replace_stay(self, stay: Stay, previous: Stay, revenue: Revenue | None = None) -> bool:
        c = stay.community_id
        item = stay_item(replace(stay, version=previous.version))
        try:
            with TransactWrite(connection=transaction_connection(ParkingTable)) as tx:
                tx.save(item)  # conditional on the version read (VersionAttribute)
                if stay.status == LEFT and previous.status != LEFT:
                    tx.delete(CarInside(_car_pk(c, stay.plate), "INSIDE"), condition=CarInside.stay_id == stay.stay_id)
                if revenue is not None:
                    tx.save(
                        RevenueItem(
                            f"C#{c}#REVENUE#{revenue.day}",
                            revenue.order_id,
                            order_id=revenue.order_id,
                            stay_id=revenue.stay_id,
                            plate=revenue.plate,
                            amount_fen=revenue.amount_fen,
                        )
                    )
                delta = int(_inside(stay)) - int(_inside(previous))
                if delta:
                    tx.update(ParkItem(_park_pk(c, stay.park_id), "PARK"), actions=[ParkItem.occupied.add(delta)])
            return True
        except TransactWriteError as exc:
            if _cancelled(exc):
                return False
            raise

    def record_passage(self, passage: Passage) -> bool:
        c = passage.community_id
        try:
            PassageItem(
                f"C#{c}#PASSAGE#{passage.passage_id}",
                "PASSAGE",
                gsi1pk=f"C#{c}#PASSAGES#{beijing_day(passage.at)}",
                gsi1sk=f"{iso(passage.at)}#{passage.passage_id}",
                gsi2pk=f"C#{c}#PLATE#{passage.plate}",
                gsi2sk=iso(passage.at),
                expires_at=passage.at + RETENTION,
                **{k: v for k, v in asdict(passage).items()},
            ).save(condition=PassageItem.pk.does_not_exist())
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def revenue_of_day(self, community_id: str, day: str) -> list[Revenue]:
        return [
            Revenue(community_id, day, i.order_id, i.stay_id, i.plate, int(i.amount_fen))
            for i in RevenueItem.query(f"C#{community_id}#REVENUE#{day}")
        ]

    def passages(self, community_id: str, day: str, limit: int) -> list[Passage]:
        query = PassageItem.gsi1.query(f"C#{community_id}#PASSAGES#{day}", scan_index_forward=False, limit=limit)
        return [passage_from(i) for i in query]

    def stays_inside(self, community_id: str, park_id: str, limit: int) -> list[Stay]:
        query = StayItem.gsi1.query(f"C#{community_id}#PARK#{park_id}#INSIDE", limit=limit)
        return [stay_from(i) for i in query]
