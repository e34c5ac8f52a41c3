"""Fee items and bills in the payments table (layout in repository.py): a fee item under its community, found by
the scheduled billing run through gsi1; a bill under its own key, listed per house (gsi1) and, only while unpaid,
in the community's arrears (gsi2)."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError

from chalicelib.kernel.dynamo import write_refused
from chalicelib.kernel.tables import PaymentTable
from chalicelib.payments.bills import IN_ORDER, UNPAID, Bill, FeeItem


class FeeItemRecord(PaymentTable):
    community_id = UnicodeAttribute()
    fee_item_id = UnicodeAttribute()
    name = UnicodeAttribute()
    kind = UnicodeAttribute()
    unit_price_fen = NumberAttribute()
    period = UnicodeAttribute()
    house_ids = JSONAttribute(default=list)
    active = NumberAttribute(default=1)
    created_by = UnicodeAttribute(default="")


class BillRecord(PaymentTable):
    community_id = UnicodeAttribute()
    bill_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    building_id = UnicodeAttribute()
    fee_item_id = UnicodeAttribute()
    fee_name = UnicodeAttribute()
    period = UnicodeAttribute()
    amount_fen = NumberAttribute()
    status = UnicodeAttribute()
    order_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    paid_at = UTCDateTimeAttribute(null=True)
    detail = JSONAttribute(default=dict)


# -- mapping -----------------------------------------------------------------------------------------------
def fee_item_from(r: FeeItemRecord) -> FeeItem:
    return FeeItem(
        community_id=r.community_id,
        fee_item_id=r.fee_item_id,
        name=r.name,
        kind=r.kind,
        unit_price_fen=int(r.unit_price_fen),
        period=r.period,
        house_ids=tuple(r.house_ids or ()),
        active=bool(r.active),
        created_by=r.created_by,
    )


def bill_key(community_id: str, bill_id: str) -> str:
    return f"C#{community_id}#BILL#{bill_id}"


def bill_record(b: Bill) -> BillRecord:
    unpaid = b.status in (UNPAID, IN_ORDER)
    return BillRecord(
        pk=bill_key(b.community_id, b.bill_id),
        sk="BILL",
        gsi1pk=f"C#{b.community_id}#H#{b.house_id}#BILLS",
        gsi1sk=f"{b.period}#{b.bill_id}",
        gsi2pk=f"C#{b.community_id}#UNPAID" if unpaid else None,
        gsi2sk=f"{b.building_id}#{b.house_id}#{b.period}#{b.bill_id}" if unpaid else None,
        community_id=b.community_id,
        bill_id=b.bill_id,
        house_id=b.house_id,
        building_id=b.building_id,
        fee_item_id=b.fee_item_id,
        fee_name=b.fee_name,
        period=b.period,
        amount_fen=b.amount_fen,
        status=b.status,
        order_id=b.order_id,
        created_at=b.created_at,
        paid_at=b.paid_at,
        detail=b.detail,
    )


def bill_from(r: BillRecord) -> Bill:
    return Bill(
        community_id=r.community_id,
        bill_id=r.bill_id,
        house_id=r.house_id,
        building_id=r.building_id,
        fee_item_id=r.fee_item_id,
        fee_name=r.fee_name,
        period=r.period,
        amount_fen=int(r.amount_fen),
        created_at=r.created_at,
        status=r.status,
        order_id=r.order_id,
        paid_at=r.paid_at,
        detail=r.detail or {},
    )


class BillStorage:
    """Fee items and bills: a part of `DynamoPaymentStore` (repository.py)."""

    def put_fee_item(self, item: FeeItem) -> None:
        FeeItemRecord(
            pk=f"C#{item.community_id}#FEES",
            sk=f"FEE#{item.fee_item_id}",
            gsi1pk=f"FEEITEMS#{item.period}",
            gsi1sk=f"{item.community_id}#{item.fee_item_id}",
            community_id=item.community_id,
            fee_item_id=item.fee_item_id,
            name=item.name,
            kind=item.kind,
            unit_price_fen=item.unit_price_fen,
            period=item.period,
            house_ids=list(item.house_ids),
            active=1 if item.active else 0,
            created_by=item.created_by,
        ).save()

    def get_fee_item(self, community_id: str, fee_item_id: str) -> FeeItem | None:
        try:
            return fee_item_from(FeeItemRecord.get(f"C#{community_id}#FEES", f"FEE#{fee_item_id}"))
        except FeeItemRecord.DoesNotExist:
            return None

    def fee_items(self, community_id: str) -> list[FeeItem]:
        return [
            fee_item_from(r) for r in FeeItemRecord.query(f"C#{community_id}#FEES", FeeItemRecord.sk.startswith("FEE#"))
        ]

    def fee_items_with_period(self, period: str) -> list[FeeItem]:
        return [fee_item_from(r) for r in FeeItemRecord.gsi1.query(f"FEEITEMS#{period}")]

    def add_bill(self, bill: Bill) -> bool:
        try:
            bill_record(bill).save(condition=BillRecord.pk.does_not_exist())
            return True
        except PutError as exc:
            if write_refused(exc):
                return False
            raise

    def get_bill(self, community_id: str, bill_id: str) -> Bill | None:
        try:
            return bill_from(BillRecord.get(bill_key(community_id, bill_id), "BILL"))
        except BillRecord.DoesNotExist:
            return None

    def bills_of_house(self, community_id: str, house_id: str, limit: int = 200) -> list[Bill]:
        query = BillRecord.gsi1.query(f"C#{community_id}#H#{house_id}#BILLS", scan_index_forward=False, limit=limit)
        return [bill_from(r) for r in query]

    def unpaid_bills(self, community_id: str, building_id: str | None = None) -> list[Bill]:
        condition = BillRecord.gsi2sk.startswith(f"{building_id}#") if building_id else None
        return [bill_from(r) for r in BillRecord.gsi2.query(f"C#{community_id}#UNPAID", condition)]
