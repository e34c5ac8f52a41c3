"""A barrier's offline passages in the parking table (offline.py, offline_reconcile.py): each passage applied in one
transaction with what it causes, so a replayed upload or a crash halfway leaves nothing half-written:

- the passage record (the same item as an online plate event's, `offline` true; its put is conditional on the id
  being new, so a replay is a duplicate and changes nothing);
- a stay started (with the car-inside item and the occupancy) or ended at the passage's time (versioned);
- an unpaid exit `C#{c}#UNPAID#{stay}` / `UNPAID`; gsi1 `C#{c}#UNPAIDS` / `{left at}#{stay}`: a car that left
  offline owing money, listed for staff until they settle it (the gsi1 keys are then removed: the item stays, with
  the settlement);
- a discrepancy `C#{c}#OFLAG#{passage}` / `OFLAG`; gsi1 `C#{c}#OFLAGS` / `{at}#{passage}`: a local decision the
  cloud's rule disagrees with, listed until staff resolve it (likewise kept, with their note).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.tables import ParkingTable
from chalicelib.parking.model import HELD, LEFT, Passage, Stay
from chalicelib.parking.offline import Discrepancy, UnpaidExit
from chalicelib.parking.repository import (
    RETENTION,
    CarInside,
    DynamoParkingStore,
    ParkItem,
    PassageItem,
    StayItem,
    _car_pk,
    _park_pk,
    beijing_day,
    passage_from,
    stay_item,
)


class UnpaidExitItem(ParkingTable):
    community_id = UnicodeAttribute()
    stay_id = UnicodeAttribute()
    park_id = UnicodeAttribute()
    plate = UnicodeAttribute()
    entered_at = UTCDateTimeAttribute()
    left_at = UTCDateTimeAttribute()
    device_id = UnicodeAttribute()
    due_fen = NumberAttribute()
    passage_id = UnicodeAttribute()
    settled_outcome = UnicodeAttribute(null=True)
    settled_fen = NumberAttribute(null=True)
    settled_note = UnicodeAttribute(null=True)
    settled_by = UnicodeAttribute(null=True)
    settled_at = UTCDateTimeAttribute(null=True)


class DiscrepancyItem(ParkingTable):
    community_id = UnicodeAttribute()
    passage_id = UnicodeAttribute()
    device_id = UnicodeAttribute()
    plate = UnicodeAttribute()
    direction = UnicodeAttribute()
    decision = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    flag = UnicodeAttribute()
    stay_id = UnicodeAttribute(null=True)
    resolved_note = UnicodeAttribute(null=True)
    resolved_by = UnicodeAttribute(null=True)
    resolved_at = UTCDateTimeAttribute(null=True)


def _inside(stay: Stay) -> bool:
    return stay.status not in (HELD, LEFT)


class OfflineParkingStore(DynamoParkingStore):
    """The parking store with a barrier's offline passages (what `wiring.parking_store()` builds)."""

    def apply_offline(
        self,
        passage: Passage,
        started: Stay | None = None,
        ended: tuple[Stay, Stay] | None = None,
        unpaid: UnpaidExit | None = None,
        flagged: Discrepancy | None = None,
        resolved: str | None = None,
    ) -> str:
        """`recorded`, `duplicate` (the passage was recorded before: nothing written) or `raced` (the stay changed
        since it was read: nothing written, read again)."""
        c = passage.community_id
        try:
            with TransactWrite(connection=transaction_connection(ParkingTable)) as tx:
                tx.save(
                    PassageItem(
                        f"C#{c}#PASSAGE#{passage.passage_id}",
                        "PASSAGE",
                        gsi1pk=f"C#{c}#PASSAGES#{beijing_day(passage.at)}",
                        gsi1sk=f"{iso(passage.at)}#{passage.passage_id}",
                        gsi2pk=f"C#{c}#PLATE#{passage.plate}",
                        gsi2sk=iso(passage.at),
                        expires_at=passage.at + RETENTION,
                        **asdict(passage),
                    ),
                    condition=PassageItem.pk.does_not_exist(),
                )
                if started is not None:
                    tx.save(stay_item(started), condition=StayItem.pk.does_not_exist())
                    if started.status != LEFT:  # a stay whose exit was uploaded first starts and ends at once
                        tx.save(
                            CarInside(_car_pk(c, started.plate), "INSIDE", stay_id=started.stay_id),
                            condition=CarInside.pk.does_not_exist(),
                        )
                        tx.update(ParkItem(_park_pk(c, started.park_id), "PARK"), actions=[ParkItem.occupied.add(1)])
                if ended is not None:
                    left, previous = ended
                    item = stay_item(replace(left, version=previous.version))
                    tx.save(item)  # conditional on the version read (VersionAttribute)
                    tx.delete(CarInside(_car_pk(c, left.plate), "INSIDE"), condition=CarInside.stay_id == left.stay_id)
                    if _inside(previous):
                        tx.update(ParkItem(_park_pk(c, left.park_id), "PARK"), actions=[ParkItem.occupied.add(-1)])
                if unpaid is not None:
                    tx.save(
                        UnpaidExitItem(
                            f"C#{c}#UNPAID#{unpaid.stay_id}",
                            "UNPAID",
                            gsi1pk=f"C#{c}#UNPAIDS",
                            gsi1sk=f"{iso(unpaid.left_at)}#{unpaid.stay_id}",
                            **asdict(unpaid),
                        )
                    )
                if flagged is not None:
                    tx.save(
                        DiscrepancyItem(
                            f"C#{c}#OFLAG#{flagged.passage_id}",
                            "OFLAG",
                            gsi1pk=f"C#{c}#OFLAGS",
                            gsi1sk=f"{iso(flagged.at)}#{flagged.passage_id}",
                            **asdict(flagged),
                        )
                    )
                if resolved is not None:  # the exit's NO_ENTRY_RECORD: its entry has come
                    tx.delete(DiscrepancyItem(f"C#{c}#OFLAG#{resolved}", "OFLAG"))
            return "recorded"
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
                return "duplicate"
            if any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons):
                return "raced"
            raise

    def later_offline_exit(self, community_id: str, plate: str, after: datetime) -> Passage | None:
        """The first exit a barrier let this car out by itself after `after` without the cloud knowing its entry
        (an exit barrier's upload that arrived before the entry barrier's)."""
        from chalicelib.parking.offline import NO_ENTRY_RECORD

        query = PassageItem.gsi2.query(f"C#{community_id}#PLATE#{plate}", PassageItem.gsi2sk > iso(after), limit=50)
        for item in query:
            if item.offline and item.direction == "out" and item.action == "open" and item.reason == NO_ENTRY_RECORD:
                return passage_from(item)
        return None

    def unpaid_exits(self, community_id: str, limit: int) -> list[UnpaidExit]:
        query = UnpaidExitItem.gsi1.query(f"C#{community_id}#UNPAIDS", scan_index_forward=False, limit=limit)
        return [_unpaid(i) for i in query]

    def discrepancies(self, community_id: str, limit: int) -> list[Discrepancy]:
        query = DiscrepancyItem.gsi1.query(f"C#{community_id}#OFLAGS", scan_index_forward=False, limit=limit)
        return [_flag(i) for i in query]

    def unpaid_exit(self, community_id: str, stay_id: str) -> UnpaidExit | None:
        try:
            return _unpaid(UnpaidExitItem.get(f"C#{community_id}#UNPAID#{stay_id}", "UNPAID", consistent_read=True))
        except UnpaidExitItem.DoesNotExist:
            return None

    def settle_unpaid(self, settled: UnpaidExit) -> bool:
        """Record the settlement and take the exit off the open list; False when it was settled meanwhile."""
        s = settled
        assert s.settled_outcome and s.settled_fen is not None and s.settled_note and s.settled_by and s.settled_at
        return _close_listed(
            UnpaidExitItem(f"C#{s.community_id}#UNPAID#{s.stay_id}", "UNPAID"),
            [
                UnpaidExitItem.settled_outcome.set(s.settled_outcome),
                UnpaidExitItem.settled_fen.set(s.settled_fen),
                UnpaidExitItem.settled_note.set(s.settled_note),
                UnpaidExitItem.settled_by.set(s.settled_by),
                UnpaidExitItem.settled_at.set(s.settled_at),
            ],
            UnpaidExitItem.settled_outcome.does_not_exist(),
        )

    def discrepancy(self, community_id: str, passage_id: str) -> Discrepancy | None:
        try:
            return _flag(DiscrepancyItem.get(f"C#{community_id}#OFLAG#{passage_id}", "OFLAG", consistent_read=True))
        except DiscrepancyItem.DoesNotExist:
            return None

    def resolve_discrepancy(self, resolved: Discrepancy) -> bool:
        """Record staff's finding and take the discrepancy off the open list; False when it was resolved (or its
        entry arrived and cleared it) meanwhile."""
        r = resolved
        assert r.resolved_note and r.resolved_by and r.resolved_at
        return _close_listed(
            DiscrepancyItem(f"C#{r.community_id}#OFLAG#{r.passage_id}", "OFLAG"),
            [
                DiscrepancyItem.resolved_note.set(r.resolved_note),
                DiscrepancyItem.resolved_by.set(r.resolved_by),
                DiscrepancyItem.resolved_at.set(r.resolved_at),
            ],
            DiscrepancyItem.resolved_at.does_not_exist(),
        )


def _close_listed(item: ParkingTable, actions: list[Any], still_open: Any) -> bool:
    """Staff's answer to a listed item (an unpaid exit, a discrepancy): `actions`, and the gsi1 keys removed so it
    leaves its open list (the item stays, with the answer). Only while the item exists and `still_open` holds;
    False when another answer (or its removal) came first."""
    try:
        item.update(
            actions=[*actions, ParkingTable.gsi1pk.remove(), ParkingTable.gsi1sk.remove()],
            condition=ParkingTable.pk.exists() & still_open,
        )
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def _unpaid(i: UnpaidExitItem) -> UnpaidExit:
    return UnpaidExit(
        community_id=i.community_id,
        stay_id=i.stay_id,
        park_id=i.park_id,
        plate=i.plate,
        entered_at=i.entered_at,
        left_at=i.left_at,
        device_id=i.device_id,
        due_fen=int(i.due_fen),
        passage_id=i.passage_id,
        settled_outcome=i.settled_outcome,
        settled_fen=None if i.settled_fen is None else int(i.settled_fen),
        settled_note=i.settled_note,
        settled_by=i.settled_by,
        settled_at=i.settled_at,
    )


def _flag(i: DiscrepancyItem) -> Discrepancy:
    return Discrepancy(
        community_id=i.community_id,
        passage_id=i.passage_id,
        device_id=i.device_id,
        plate=i.plate,
        direction=i.direction,
        decision=i.decision,
        at=i.at,
        flag=i.flag,
        stay_id=i.stay_id,
        resolved_note=i.resolved_note,
        resolved_by=i.resolved_by,
        resolved_at=i.resolved_at,
    )
