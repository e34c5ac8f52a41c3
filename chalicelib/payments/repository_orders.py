"""Orders and refunds in the payments table (layout in repository.py). Every state change is a conditional write
or a TransactWrite together with the order's bills and the month's income summary; a lost condition is a return
value (False), not an exception."""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import transaction_connection, write_refused
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.tables import PaymentTable
from chalicelib.payments.bills import IN_ORDER, PAID, UNPAID
from chalicelib.payments.model import APPROVED, BILLS, CLOSED, CREATED, REFUNDED, Order, Refund, business_day
from chalicelib.payments.model import PAID as ORDER_PAID
from chalicelib.payments.repository_bills import BillRecord, bill_key
from chalicelib.payments.repository_income import IncomeRecord


class OrderRecord(PaymentTable):
    order_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    openid = UnicodeAttribute()
    lines = JSONAttribute()
    amount_fen = NumberAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires_at = UTCDateTimeAttribute()
    prepay_id = UnicodeAttribute(null=True)
    task_token = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    transaction_id = UnicodeAttribute(null=True)
    paid_at = UTCDateTimeAttribute(null=True)
    closed_at = UTCDateTimeAttribute(null=True)
    receipt_no = UnicodeAttribute(null=True)
    refunded_fen = NumberAttribute(default=0)
    description = UnicodeAttribute(default="")
    purpose = UnicodeAttribute(default=BILLS)
    reference = UnicodeAttribute(null=True)


class RefundRecord(PaymentTable):
    refund_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    order_id = UnicodeAttribute()
    amount_fen = NumberAttribute()
    reason = UnicodeAttribute(default="")
    requested_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    approved_by = UnicodeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    wechat_refund_id = UnicodeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)


def order_key(community_id: str, order_id: str) -> str:
    return f"C#{community_id}#ORDER#{order_id}"


LIVE_ORDERS = "LIVEORDERS"  # sparse: only orders still `created` carry it


def _live_sk(o: Order) -> str:
    return f"{iso(o.expires_at)}#{o.community_id}#{o.order_id}"


def order_record(o: Order) -> OrderRecord:
    paid = o.status == ORDER_PAID and o.paid_at is not None
    return OrderRecord(
        pk=order_key(o.community_id, o.order_id),
        sk="ORDER",
        gsi1pk=f"C#{o.community_id}#H#{o.house_id}#ORDERS"
        if o.purpose == BILLS
        else f"C#{o.community_id}#CHARGES#{o.purpose}",
        gsi1sk=f"{iso(o.created_at)}#{o.order_id}",
        gsi2pk=f"PAID#{business_day(o.paid_at)}" if paid and o.paid_at else None,
        gsi2sk=o.order_id if paid else None,
        gsi3pk=LIVE_ORDERS if o.status == CREATED else None,
        gsi3sk=_live_sk(o) if o.status == CREATED else None,
        order_id=o.order_id,
        community_id=o.community_id,
        house_id=o.house_id,
        account_id=o.account_id,
        openid=o.openid,
        lines=[list(line) for line in o.lines],
        amount_fen=o.amount_fen,
        status=o.status,
        created_at=o.created_at,
        expires_at=o.expires_at,
        prepay_id=o.prepay_id,
        task_token=o.task_token,
        execution_arn=o.execution_arn,
        transaction_id=o.transaction_id,
        paid_at=o.paid_at,
        closed_at=o.closed_at,
        receipt_no=o.receipt_no,
        refunded_fen=o.refunded_fen,
        description=o.description,
        purpose=o.purpose,
        reference=o.reference,
    )


def order_from(r: OrderRecord) -> Order:
    return Order(
        order_id=r.order_id,
        community_id=r.community_id,
        house_id=r.house_id,
        account_id=r.account_id,
        openid=r.openid,
        lines=tuple((str(a), str(b), str(c), int(d)) for a, b, c, d in r.lines),
        amount_fen=int(r.amount_fen),
        created_at=r.created_at,
        expires_at=r.expires_at,
        status=r.status,
        prepay_id=r.prepay_id,
        task_token=r.task_token,
        execution_arn=r.execution_arn,
        transaction_id=r.transaction_id,
        paid_at=r.paid_at,
        closed_at=r.closed_at,
        receipt_no=r.receipt_no,
        refunded_fen=int(r.refunded_fen or 0),
        description=r.description,
        purpose=r.purpose or BILLS,
        reference=r.reference,
    )


def refund_key(community_id: str, refund_id: str) -> str:
    return f"C#{community_id}#REFUND#{refund_id}"


def refund_record(f: Refund) -> RefundRecord:
    done = f.status == REFUNDED and f.finished_at is not None
    return RefundRecord(
        pk=refund_key(f.community_id, f.refund_id),
        sk="REFUND",
        gsi1pk=f"C#{f.community_id}#REFUNDS",
        gsi1sk=f"{iso(f.created_at)}#{f.refund_id}",
        gsi2pk=f"REFUNDED#{business_day(f.finished_at)}" if done and f.finished_at else None,
        gsi2sk=f.refund_id if done else None,
        refund_id=f.refund_id,
        community_id=f.community_id,
        order_id=f.order_id,
        amount_fen=f.amount_fen,
        reason=f.reason,
        requested_by=f.requested_by,
        created_at=f.created_at,
        status=f.status,
        approved_by=f.approved_by,
        decided_at=f.decided_at,
        wechat_refund_id=f.wechat_refund_id,
        finished_at=f.finished_at,
    )


def refund_from(r: RefundRecord) -> Refund:
    return Refund(
        refund_id=r.refund_id,
        community_id=r.community_id,
        order_id=r.order_id,
        amount_fen=int(r.amount_fen),
        reason=r.reason,
        requested_by=r.requested_by,
        created_at=r.created_at,
        status=r.status,
        approved_by=r.approved_by,
        decided_at=r.decided_at,
        wechat_refund_id=r.wechat_refund_id,
        finished_at=r.finished_at,
    )


def _month(moment: datetime) -> str:
    return business_day(moment)[:7]


class OrderStorage:
    """Orders (with their bills and the income summary) and refunds: a part of `DynamoPaymentStore`."""

    # -- orders ---------------------------------------------------------------------------------------
    def create_order(self, order: Order) -> None:
        try:
            with TransactWrite(connection=transaction_connection(PaymentTable)) as tx:
                tx.save(order_record(order), condition=OrderRecord.pk.does_not_exist())
                for bill_id in order.bill_ids:
                    tx.update(
                        BillRecord(bill_key(order.community_id, bill_id), "BILL"),
                        actions=[BillRecord.status.set(IN_ORDER), BillRecord.order_id.set(order.order_id)],
                        condition=(BillRecord.status == UNPAID) & (BillRecord.house_id == order.house_id),
                    )
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            for bill_id, reason in zip(order.bill_ids, reasons[1:], strict=False):
                if reason is not None and reason.code == "ConditionalCheckFailed":
                    raise Conflict(
                        f"bill {bill_id} was taken by another payment",
                        code="BILL_NOT_PAYABLE",
                        details=[{"field": "billIds", "code": "taken", "message": bill_id}],
                    ) from exc
            raise Conflict("a concurrent change got there first; retry", code="CONCURRENT_CHANGE") from exc

    def get_order(self, community_id: str, order_id: str) -> Order | None:
        try:
            return order_from(OrderRecord.get(order_key(community_id, order_id), "ORDER", consistent_read=True))
        except OrderRecord.DoesNotExist:
            return None

    def orders_of_house(self, community_id: str, house_id: str, limit: int = 50) -> list[Order]:
        query = OrderRecord.gsi1.query(f"C#{community_id}#H#{house_id}#ORDERS", scan_index_forward=False, limit=limit)
        return [order_from(r) for r in query]

    def update_order(self, order: Order, expected_status: str) -> bool:
        try:
            order_record(order).save(condition=OrderRecord.status == expected_status)
            return True
        except PutError as exc:
            if write_refused(exc):
                return False
            raise

    def set_task_token(self, order: Order, token: str) -> bool:
        try:
            OrderRecord(order_key(order.community_id, order.order_id), "ORDER").update(
                actions=[OrderRecord.task_token.set(token)], condition=OrderRecord.status == CREATED
            )
            return True
        except UpdateError as exc:
            if write_refused(exc):
                return False
            raise

    def set_execution_arn(self, order: Order, arn: str) -> None:
        OrderRecord(order_key(order.community_id, order.order_id), "ORDER").update(
            actions=[OrderRecord.execution_arn.set(arn)], condition=OrderRecord.pk.exists()
        )

    def set_prepay_id(self, order: Order, prepay_id: str) -> None:
        OrderRecord(order_key(order.community_id, order.order_id), "ORDER").update(
            actions=[OrderRecord.prepay_id.set(prepay_id)], condition=OrderRecord.pk.exists()
        )

    def clear_task_token(self, order: Order) -> None:
        OrderRecord(order_key(order.community_id, order.order_id), "ORDER").update(
            actions=[OrderRecord.task_token.remove()], condition=OrderRecord.pk.exists()
        )

    def mark_paid(self, order: Order, transaction_id: str, paid_at: datetime, receipt_no: str) -> bool:
        month = _month(paid_at)
        by_fee: dict[str, tuple[str, int]] = {}
        for _, fee_id, fee_name, amount in order.lines:
            name, total = by_fee.get(fee_id, (fee_name, 0))
            by_fee[fee_id] = (name, total + amount)
        try:
            with TransactWrite(connection=transaction_connection(PaymentTable)) as tx:
                tx.update(
                    OrderRecord(order_key(order.community_id, order.order_id), "ORDER"),
                    actions=[
                        OrderRecord.status.set(ORDER_PAID),
                        OrderRecord.transaction_id.set(transaction_id),
                        OrderRecord.paid_at.set(paid_at),
                        OrderRecord.receipt_no.set(receipt_no),
                        OrderRecord.gsi2pk.set(f"PAID#{business_day(paid_at)}"),
                        OrderRecord.gsi2sk.set(order.order_id),
                        OrderRecord.gsi3pk.remove(),
                        OrderRecord.gsi3sk.remove(),
                    ],
                    condition=OrderRecord.status == CREATED,
                )
                for bill_id in order.bill_ids:
                    tx.update(
                        BillRecord(bill_key(order.community_id, bill_id), "BILL"),
                        actions=[
                            BillRecord.status.set(PAID),
                            BillRecord.paid_at.set(paid_at),
                            BillRecord.gsi2pk.remove(),
                            BillRecord.gsi2sk.remove(),
                        ],
                        condition=(BillRecord.status == IN_ORDER) & (BillRecord.order_id == order.order_id),
                    )
                for fee_id, (name, amount) in by_fee.items():
                    tx.update(
                        IncomeRecord(f"C#{order.community_id}#INCOME#{month}", f"FEE#{fee_id}"),
                        actions=[
                            IncomeRecord.fee_name.set(name),
                            IncomeRecord.amount_fen.add(amount),
                            IncomeRecord.entries.add(1),
                        ],
                    )
            return True
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise

    def mark_closed(self, order: Order, closed_at: datetime) -> bool:
        try:
            with TransactWrite(connection=transaction_connection(PaymentTable)) as tx:
                tx.update(
                    OrderRecord(order_key(order.community_id, order.order_id), "ORDER"),
                    actions=[
                        OrderRecord.status.set(CLOSED),
                        OrderRecord.closed_at.set(closed_at),
                        OrderRecord.gsi3pk.remove(),
                        OrderRecord.gsi3sk.remove(),
                    ],
                    condition=OrderRecord.status == CREATED,
                )
                for bill_id in order.bill_ids:
                    tx.update(
                        BillRecord(bill_key(order.community_id, bill_id), "BILL"),
                        actions=[BillRecord.status.set(UNPAID), BillRecord.order_id.remove()],
                        condition=(BillRecord.status == IN_ORDER) & (BillRecord.order_id == order.order_id),
                    )
            return True
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise

    def orders_paid_on(self, day: str) -> list[Order]:
        return [order_from(r) for r in OrderRecord.gsi2.query(f"PAID#{day}")]

    def live_orders_expired_before(self, cutoff: datetime, limit: int = 500) -> list[Order]:
        """Orders still `created` whose expiry is before `cutoff`, oldest first (a Query on the sparse gsi3)."""
        query = OrderRecord.gsi3.query(LIVE_ORDERS, OrderRecord.gsi3sk < iso(cutoff), limit=limit)
        return [order_from(r) for r in query]

    # -- refunds --------------------------------------------------------------------------------------
    def add_refund(self, refund: Refund) -> None:
        refund_record(refund).save(condition=RefundRecord.pk.does_not_exist())

    def get_refund(self, community_id: str, refund_id: str) -> Refund | None:
        try:
            return refund_from(RefundRecord.get(refund_key(community_id, refund_id), "REFUND", consistent_read=True))
        except RefundRecord.DoesNotExist:
            return None

    def refunds(self, community_id: str, limit: int = 100) -> list[Refund]:
        query = RefundRecord.gsi1.query(f"C#{community_id}#REFUNDS", scan_index_forward=False, limit=limit)
        return [refund_from(r) for r in query]

    def refunds_completed_on(self, day: str) -> list[Refund]:
        return [refund_from(r) for r in RefundRecord.gsi2.query(f"REFUNDED#{day}")]

    def update_refund(self, refund: Refund, expected_status: str) -> bool:
        try:
            refund_record(refund).save(condition=RefundRecord.status == expected_status)
            return True
        except PutError as exc:
            if write_refused(exc):
                return False
            raise

    def approve_refund(self, refund: Refund, approved: Refund) -> None:
        order_pk = order_key(refund.community_id, refund.order_id)
        try:
            paid = OrderRecord.get(order_pk, "ORDER", consistent_read=True)
            limit = int(paid.amount_fen) - refund.amount_fen
            with TransactWrite(connection=transaction_connection(PaymentTable)) as tx:
                tx.save(refund_record(approved), condition=RefundRecord.status == refund.status)
                tx.update(
                    OrderRecord(order_pk, "ORDER"),
                    actions=[OrderRecord.refunded_fen.add(refund.amount_fen)],
                    # never more than was paid, however many refunds race
                    condition=(OrderRecord.status == ORDER_PAID) & (OrderRecord.refunded_fen <= limit),
                )
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if len(reasons) > 1 and reasons[1] is not None and reasons[1].code == "ConditionalCheckFailed":
                raise Conflict("the refunds would exceed what was paid", code="REFUND_EXCEEDS_PAID") from exc
            raise Conflict("the refund was decided meanwhile", code="REFUND_ALREADY_DECIDED") from exc

    def release_refund(self, refund: Refund, failed: Refund) -> bool:
        try:
            with TransactWrite(connection=transaction_connection(PaymentTable)) as tx:
                tx.save(refund_record(failed), condition=RefundRecord.status == APPROVED)
                tx.update(
                    OrderRecord(order_key(refund.community_id, refund.order_id), "ORDER"),
                    actions=[OrderRecord.refunded_fen.add(-refund.amount_fen)],
                )
            return True
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise

    def complete_refund(self, refund: Refund, done: Refund) -> bool:
        month = _month(done.finished_at or done.created_at)
        try:
            with TransactWrite(connection=transaction_connection(PaymentTable)) as tx:
                tx.save(refund_record(done), condition=RefundRecord.status == APPROVED)
                tx.update(
                    IncomeRecord(f"C#{refund.community_id}#INCOME#{month}", "REFUNDS"),
                    actions=[
                        IncomeRecord.fee_name.set("refunds"),
                        IncomeRecord.amount_fen.add(refund.amount_fen),
                        IncomeRecord.entries.add(1),
                    ],
                )
            return True
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
