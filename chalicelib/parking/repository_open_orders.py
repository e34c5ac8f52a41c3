"""The open order of a slot in the parking table: `C#{c}#ORDERFOR#{slot}` / `OPEN` (a stay's fee, a pass's renewal;
open_orders.py), written by conditional puts naming the claim's token; TTL two days after the claim (clean-up
only: a claim matters only while its order can be paid, at most the payment timeout)."""

from __future__ import annotations

from datetime import timedelta

from pynamodb.attributes import JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError, PutError

from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import ParkingTable
from chalicelib.parking.open_orders import OpenOrder

KEEP = timedelta(days=2)


class OpenOrderItem(ParkingTable):
    community_id = UnicodeAttribute()
    slot = UnicodeAttribute()
    token = UnicodeAttribute()
    account_id = UnicodeAttribute()
    reference = UnicodeAttribute()
    amount_fen = NumberAttribute()
    claimed_at = UTCDateTimeAttribute()
    order = JSONAttribute(null=True)
    params = JSONAttribute(null=True)
    expires_at = TTLAttribute(null=True)


def _pk(community_id: str, slot: str) -> str:
    return f"C#{community_id}#ORDERFOR#{slot}"


def _item(o: OpenOrder) -> OpenOrderItem:
    return OpenOrderItem(
        _pk(o.community_id, o.slot),
        "OPEN",
        community_id=o.community_id,
        slot=o.slot,
        token=o.token,
        account_id=o.account_id,
        reference=o.reference,
        amount_fen=o.amount_fen,
        claimed_at=o.claimed_at,
        order=o.order,
        params=o.params,
        expires_at=o.claimed_at + KEEP,
    )


class OpenOrderStorage:
    """Open orders: a part of `DynamoParkingStore`."""

    def open_order(self, community_id: str, slot: str) -> OpenOrder | None:
        try:
            i = OpenOrderItem.get(_pk(community_id, slot), "OPEN", consistent_read=True)
        except OpenOrderItem.DoesNotExist:
            return None
        return OpenOrder(
            community_id=i.community_id,
            slot=i.slot,
            token=i.token,
            account_id=i.account_id,
            reference=i.reference,
            amount_fen=int(i.amount_fen),
            claimed_at=i.claimed_at,
            order=i.order,
            params=i.params,
        )

    def claim_open_order(self, mine: OpenOrder, previous: OpenOrder | None) -> bool:
        held = OpenOrderItem.pk.does_not_exist() if previous is None else OpenOrderItem.token == previous.token
        try:
            _item(mine).save(condition=held)
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def fill_open_order(self, mine: OpenOrder) -> bool:
        try:
            _item(mine).save(condition=OpenOrderItem.token == mine.token)
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def drop_open_order(self, mine: OpenOrder) -> None:
        try:
            OpenOrderItem(_pk(mine.community_id, mine.slot), "OPEN").delete(condition=OpenOrderItem.token == mine.token)
        except DeleteError as exc:
            if not condition_failed(exc):
                raise
