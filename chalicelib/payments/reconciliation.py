"""Daily reconciliation against WeChat Pay's trade bill (001 8.3.1.10; 002 7.2.11): our paid orders and completed
refunds of a day against the bill's rows, every mismatch recorded (missing on either side, amount differs, status
differs). The schedule reconciles the whole merchant; a community's manager reconciles only their community.

A mixin of `PaymentService` (service.py): it works through the ports of `PaymentPorts`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from chalicelib.kernel.clock import BEIJING_OFFSET
from chalicelib.kernel.errors import InvalidInput
from chalicelib.payments.model import Mismatch, PaymentPorts, community_of


class Reconciliation(PaymentPorts):
    def reconcile(self, day: str, community_id: str | None = None) -> list[Mismatch]:
        """Compare WeChat Pay's trade bill for `day` with our paid orders and completed refunds; record every
        mismatch (missing on either side, amount differs, status differs). The schedule reconciles the whole
        merchant; a community's manager reconciles only their community's rows and orders."""

        bill_day = _bill_day(day, self.now())

        def in_scope(reference: str) -> bool:
            return community_id is None or community_of(reference) == community_id

        rows = [r for r in self.provider.trade_bill(bill_day) if in_scope(r.get("out_trade_no") or "")]
        theirs = {r["out_trade_no"]: r for r in rows if r.get("trade_state") == "SUCCESS"}
        ours = {o.order_id: o for o in self.store.orders_paid_on(day) if in_scope(o.order_id)}
        mismatches: list[Mismatch] = []
        for order_id, row in sorted(theirs.items()):
            order = ours.get(order_id)
            if order is None:
                owner = community_of(order_id)  # not `community_id`: the run's scope stays what it was asked
                known = self.store.get_order(owner, order_id) if owner else None
                if known is None:
                    mismatches.append(Mismatch("missing_here", order_id, {}, row))
                else:
                    mismatches.append(Mismatch("status_differs", order_id, {"status": known.status}, row))
                continue
            if int(row["amount_fen"]) != order.amount_fen:
                mismatches.append(Mismatch("amount_differs", order_id, {"amountFen": order.amount_fen}, row))
        for order_id, order in sorted(ours.items()):
            if order_id not in theirs:
                mismatches.append(
                    Mismatch("missing_at_wechat", order_id, {"amountFen": order.amount_fen, "status": order.status})
                )
        mismatches += self._reconcile_refunds(day, rows, in_scope)
        summary = {
            "day": day,
            "wechatRows": len(theirs),
            "ourPaidOrders": len(ours),
            "mismatches": len(mismatches),
            "wechatTotalFen": sum(int(r["amount_fen"]) for r in theirs.values()),
            "ourTotalFen": sum(o.amount_fen for o in ours.values()),
        }
        self.store.save_reconciliation(day, mismatches, summary, community_id)
        return mismatches

    def _reconcile_refunds(
        self, day: str, rows: list[dict[str, str]], in_scope: Callable[[str], bool]
    ) -> list[Mismatch]:
        """Refund rows of the bill against our refunds completed that day (`order_id` holds the refund id)."""
        theirs = {r["out_refund_no"]: r for r in rows if r.get("trade_state") == "REFUND" and r.get("out_refund_no")}
        ours = {f.refund_id: f for f in self.store.refunds_completed_on(day) if in_scope(f.refund_id)}
        found: list[Mismatch] = []
        for refund_id, row in sorted(theirs.items()):
            refund = ours.get(refund_id)
            if refund is None:
                owner = community_of(refund_id)
                known = self.store.get_refund(owner, refund_id) if owner else None
                kind = "missing_here" if known is None else "status_differs"
                found.append(Mismatch(kind, refund_id, {"status": known.status} if known else {}, row))
            elif int(row["refund_fen"]) != refund.amount_fen:
                found.append(Mismatch("amount_differs", refund_id, {"refundFen": refund.amount_fen}, row))
        for refund_id, refund in sorted(ours.items()):
            if refund_id not in theirs:
                found.append(Mismatch("missing_at_wechat", refund_id, {"refundFen": refund.amount_fen}))
        return found


BILL_DAYS_KEPT = 90  # WeChat Pay offers trade bills for the last three months, from the day after


def _bill_day(day: str, now: datetime) -> str:
    """A day WeChat Pay can have a trade bill for: a real date, not after today (China time), 90 days back at most."""
    try:
        wanted = date.fromisoformat(day)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            "day is not a date",
            code="VALIDATION_FAILED",
            details=[{"field": "day", "code": "invalid_date", "message": "YYYY-MM-DD"}],
        ) from exc
    today = (now + BEIJING_OFFSET).date()
    if not today - timedelta(days=BILL_DAYS_KEPT) <= wanted <= today:
        raise InvalidInput(
            "WeChat Pay keeps trade bills for the last 90 days",
            code="VALIDATION_FAILED",
            details=[
                {"field": "day", "code": "out_of_range", "message": f"today or up to {BILL_DAYS_KEPT} days before"}
            ],
        )
    return wanted.isoformat()
