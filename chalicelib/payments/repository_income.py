"""Income summaries, the published ledger and reconciliation findings in the payments table (layout in
repository.py). The summaries are ADDed by the orders' and refunds' own transactions (repository_orders.py); here
they are read, published as a month's ledger, and the reconciliation's findings are kept per day and community."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.kernel.clock import iso
from chalicelib.kernel.tables import PaymentTable
from chalicelib.payments.model import Mismatch, community_of


class IncomeRecord(PaymentTable):
    fee_name = UnicodeAttribute(default="")
    amount_fen = NumberAttribute(default=0)
    entries = NumberAttribute(default=0, attr_name="count")


class LedgerRecord(PaymentTable):
    month = UnicodeAttribute()
    lines = JSONAttribute()
    published_by = UnicodeAttribute()
    published_at = UTCDateTimeAttribute()


class ReconRecord(PaymentTable):
    kind = UnicodeAttribute()
    order_id = UnicodeAttribute(default="")
    detail = JSONAttribute(default=dict)


class IncomeStorage:
    """Income summaries, the public ledger and reconciliation findings: a part of `DynamoPaymentStore`."""

    # -- income summary and the public ledger -------------------------------------------------------
    def income(self, community_id: str, month: str) -> list[dict[str, Any]]:
        rows = IncomeRecord.query(f"C#{community_id}#INCOME#{month}")
        return [
            {
                "feeItemId": r.sk.removeprefix("FEE#") if r.sk.startswith("FEE#") else None,
                "name": r.fee_name,
                "amountFen": int(r.amount_fen or 0),
                "count": int(r.entries or 0),
                "refunds": r.sk == "REFUNDS",
            }
            for r in rows
        ]

    def publish_ledger(
        self, community_id: str, month: str, lines: list[dict[str, Any]], who: str, at: datetime
    ) -> None:
        LedgerRecord(
            pk=f"C#{community_id}#LEDGER",
            sk=f"PUB#{month}",
            month=month,
            lines=lines,
            published_by=who,
            published_at=at,
        ).save()

    def published_ledgers(self, community_id: str) -> list[dict[str, Any]]:
        rows = LedgerRecord.query(
            f"C#{community_id}#LEDGER", LedgerRecord.sk.startswith("PUB#"), scan_index_forward=False
        )
        return [{"month": r.month, "lines": r.lines, "publishedAt": iso(r.published_at)} for r in rows]

    # -- reconciliation -------------------------------------------------------------------------------
    def save_reconciliation(
        self, day: str, mismatches: list[Mismatch], summary: dict[str, Any], community_id: str | None
    ) -> None:
        """Findings per community (what its managers read) and, for the merchant-wide run, per day. A run
        replaces its scope's earlier findings of that day (a mismatch fixed since is no longer listed)."""

        def put(pk: str, m: Mismatch) -> None:
            detail = {"kind": m.kind, "orderId": m.order_id, "ours": m.ours, "theirs": m.theirs}
            ReconRecord(pk=pk, sk=f"MISMATCH#{m.order_id}", kind=m.kind, order_id=m.order_id, detail=detail).save()

        current = {m.order_id for m in mismatches}
        scopes = [f"RECON#{day}"] if community_id is None else [f"C#{community_id}#RECON#{day}"]
        for pk in scopes:
            for old in ReconRecord.query(pk, ReconRecord.sk.startswith("MISMATCH#")):
                if old.order_id not in current:
                    old.delete()
        if community_id is None:
            ReconRecord(pk=f"RECON#{day}", sk="RUN", kind="run", detail=summary).save()
        for m in mismatches:
            if community_id is None:
                put(f"RECON#{day}", m)
            owner = community_of(m.order_id)
            if owner:
                put(f"C#{owner}#RECON#{day}", m)

    def mismatches(self, community_id: str, day: str) -> list[dict[str, Any]]:
        rows = ReconRecord.query(f"C#{community_id}#RECON#{day}", ReconRecord.sk.startswith("MISMATCH#"))
        return [dict(r.detail) for r in rows]
