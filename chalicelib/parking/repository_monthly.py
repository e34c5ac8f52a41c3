"""Monthly passes in the parking table: the pass `C#{c}#MPASS#{id}` / `MPASS` (version; gsi1
`C#{c}#H#{house}#MPASSES` / id; gsi2 `C#{c}#PARK#{park}#MPASSES` / `{valid until}#{id}`) and one item per plate
`C#{c}#MPLATE#{plate}` / `MPLATE` -> pass id, written in the pass's transaction, so a plate has at most one pass and
its pass is two GetItems away."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.tables import ParkingTable
from chalicelib.parking.monthly import MonthlyPass


class MonthlyItem(ParkingTable):
    pass_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    park_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    plates = JSONAttribute()
    valid_from = UnicodeAttribute()
    valid_until = UnicodeAttribute()
    monthly_fee_fen = NumberAttribute()
    renewals = JSONAttribute(default=list)
    version = VersionAttribute()


class MonthlyPlate(ParkingTable):
    pass_id = UnicodeAttribute()


def _item(mp: MonthlyPass) -> MonthlyItem:
    item = MonthlyItem(
        f"C#{mp.community_id}#MPASS#{mp.pass_id}",
        "MPASS",
        gsi1pk=f"C#{mp.community_id}#H#{mp.house_id}#MPASSES",
        gsi1sk=mp.pass_id,
        gsi2pk=f"C#{mp.community_id}#PARK#{mp.park_id}#MPASSES",
        gsi2sk=mp.valid_until.isoformat() + "#" + mp.pass_id,
        pass_id=mp.pass_id,
        community_id=mp.community_id,
        park_id=mp.park_id,
        house_id=mp.house_id,
        plates=list(mp.plates),
        valid_from=mp.valid_from.isoformat(),
        valid_until=mp.valid_until.isoformat(),
        monthly_fee_fen=mp.monthly_fee_fen,
        renewals=list(mp.renewals),
    )
    if mp.version:
        item.version = mp.version
    return item


def _pass(i: MonthlyItem) -> MonthlyPass:
    return MonthlyPass(
        community_id=i.community_id,
        pass_id=i.pass_id,
        park_id=i.park_id,
        house_id=i.house_id,
        plates=tuple(i.plates),
        valid_from=date.fromisoformat(i.valid_from),
        valid_until=date.fromisoformat(i.valid_until),
        monthly_fee_fen=int(i.monthly_fee_fen),
        renewals=tuple(i.renewals or ()),
        version=int(i.version or 0),
    )


class MonthlyStorage:
    """Monthly passes: a part of `DynamoParkingStore`."""

    def add_monthly(self, mp: MonthlyPass) -> None:
        c = mp.community_id
        try:
            with TransactWrite(connection=transaction_connection(ParkingTable)) as tx:
                tx.save(_item(mp), condition=MonthlyItem.pk.does_not_exist())
                for plate in mp.plates:
                    tx.save(
                        MonthlyPlate(f"C#{c}#MPLATE#{plate}", "MPLATE", pass_id=mp.pass_id),
                        condition=MonthlyPlate.pk.does_not_exist(),
                    )
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons):
                raise Conflict(
                    "the pass, or a pass for one of its plates, exists already", code="MONTHLY_PASS_EXISTS"
                ) from exc
            raise

    def get_monthly(self, community_id: str, pass_id: str) -> MonthlyPass | None:
        try:
            return _pass(MonthlyItem.get(f"C#{community_id}#MPASS#{pass_id}", "MPASS", consistent_read=True))
        except MonthlyItem.DoesNotExist:
            return None

    def monthly_of_plate(self, community_id: str, plate: str) -> MonthlyPass | None:
        try:
            lock = MonthlyPlate.get(f"C#{community_id}#MPLATE#{plate}", "MPLATE")
        except MonthlyPlate.DoesNotExist:
            return None
        return self.get_monthly(community_id, lock.pass_id)

    def monthly_of_park(self, community_id: str, park_id: str, day: date) -> list[MonthlyPass]:
        """The car park's passes whose period has not ended before `day` (a Query on gsi2, by end day)."""
        query = MonthlyItem.gsi2.query(
            f"C#{community_id}#PARK#{park_id}#MPASSES", MonthlyItem.gsi2sk >= day.isoformat()
        )
        return [_pass(i) for i in query]

    def replace_monthly(self, mp: MonthlyPass, previous: MonthlyPass) -> bool:
        try:
            _item(replace(mp, version=previous.version)).save()  # conditional on the version read
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
