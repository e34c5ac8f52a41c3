"""Refunds of paid orders (001 8.2.2.1; 002 7.2.11): two people, one requests and a manager approves; the
approved amount is reserved on the order (never beyond what was paid), sent to WeChat Pay under its out_refund_no,
and settled by WeChat Pay's refund notification or a query.

A mixin of `PaymentService` (service.py): it works through the ports of `PaymentPorts`.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.kernel.i18n import label, local_time, yuan
from chalicelib.notifications import WECHAT, Recipient, compose
from chalicelib.payments.model import (
    APPROVED,
    PAID,
    REFUND_FAILED,
    REFUNDED,
    REJECTED,
    REQUESTED,
    NotificationRefused,
    PaymentPorts,
    ProviderRejected,
    ProviderUnavailable,
    Refund,
    VerifiedNotification,
    community_of,
    new_refund_id,
)


class Refunds(PaymentPorts):
    def request_refund(self, community_id: str, order_id: str, amount_fen: int, reason: str, who: str) -> Refund:
        order = self._order(community_id, order_id)
        if order.status != PAID:
            raise Conflict(f"order {order_id} is {order.status}, not paid", code="ORDER_NOT_PAID")
        if amount_fen <= 0 or amount_fen > order.amount_fen - order.refunded_fen:
            raise InvalidInput(
                "refund exceeds what is left to refund",
                code="REFUND_EXCEEDS_PAID",
                details=[
                    {
                        "field": "amountFen",
                        "code": "range",
                        "message": f"1..{order.amount_fen - order.refunded_fen}",
                    }
                ],
            )
        refund = Refund(
            refund_id=new_refund_id(community_id),
            community_id=community_id,
            order_id=order_id,
            amount_fen=amount_fen,
            reason=reason,
            requested_by=who,
            created_at=self.now(),
        )
        self.store.add_refund(refund)
        return refund

    def decide_refund(self, community_id: str, refund_id: str, approve: bool, who: str) -> Refund:
        refund = self._refund(community_id, refund_id)
        if refund.status != REQUESTED:
            raise Conflict(f"refund {refund_id} is {refund.status}", code="REFUND_ALREADY_DECIDED")
        if refund.requested_by == who:
            raise Forbidden("a refund is approved by someone other than who requested it", code="FOUR_EYES")
        if not approve:
            rejected = replace(refund, status=REJECTED, approved_by=who, decided_at=self.now())
            if not self.store.update_refund(rejected, REQUESTED):
                raise Conflict(f"refund {refund_id} changed meanwhile", code="REFUND_ALREADY_DECIDED")
            return rejected
        order = self._order(community_id, refund.order_id)
        approved = replace(refund, status=APPROVED, approved_by=who, decided_at=self.now())
        self.store.approve_refund(refund, approved)  # Conflict when it would exceed what was paid
        try:
            answer = self.provider.refund(approved, order)
        except ProviderRejected as exc:
            failed = replace(approved, status=REFUND_FAILED, finished_at=self.now())
            self.store.release_refund(approved, failed)
            raise Conflict(f"WeChat Pay refused the refund: {exc.code}", code="REFUND_REFUSED") from exc
        except ProviderUnavailable:
            # Unknown outcome: keep it processing; the refund notification (or a query) settles it.
            return approved
        with_id = replace(approved, wechat_refund_id=str(answer.get("refund_id") or "") or None)
        self.store.update_refund(with_id, APPROVED)
        if answer.get("status") == "SUCCESS":
            self._finish_refund(with_id, success=True)
        return self._refund(community_id, refund_id)

    def sync_refund(self, community_id: str, refund_id: str) -> Refund:
        """A refund still processing (WeChat Pay timed out when it was sent, or its notification is late): ask
        WeChat Pay; send it again under the same out_refund_no if WeChat never got it (WeChat dedupes on it)."""
        refund = self._refund(community_id, refund_id)
        if refund.status != APPROVED:
            return refund
        found = self.provider.query_refund(refund_id)
        if found is None:
            try:
                found = self.provider.refund(refund, self._order(community_id, refund.order_id))
            except ProviderRejected as exc:
                self._finish_refund(refund, success=False)
                raise Conflict(f"WeChat Pay refused the refund: {exc.code}", code="REFUND_REFUSED") from exc
        state = found.get("status")
        if state == "SUCCESS":
            self._finish_refund(refund, success=True)
        elif state in ("CLOSED", "ABNORMAL"):
            self._finish_refund(refund, success=False)
        return self._refund(community_id, refund_id)

    def _refund_notified(self, verified: VerifiedNotification) -> str:
        r = verified.resource
        refund_id = str(r.get("out_refund_no") or "")
        community_id = community_of(refund_id)
        refund = self.store.get_refund(community_id, refund_id) if community_id else None
        if refund is None:
            raise NotificationRefused("REFUND_NOT_FOUND", f"no refund {refund_id!r}", 404)
        if r.get("mchid") != self.provider.mchid:
            raise NotificationRefused("MCHID_MISMATCH", "mchid differs", 409)
        if r.get("out_trade_no") != refund.order_id or (r.get("amount") or {}).get("refund") != refund.amount_fen:
            raise NotificationRefused("AMOUNT_MISMATCH", "refund does not match our records", 409)
        if refund.status in (REFUNDED, REFUND_FAILED):
            return "duplicate"
        if refund.status != APPROVED:
            raise NotificationRefused("REFUND_NOT_APPROVED", f"refund is {refund.status}", 409)
        success = verified.event_type == "REFUND.SUCCESS" and r.get("refund_status") == "SUCCESS"
        return "applied" if self._finish_refund(refund, success) else "duplicate"

    def _finish_refund(self, refund: Refund, success: bool) -> bool:
        finished = replace(refund, status=REFUNDED if success else REFUND_FAILED, finished_at=self.now())
        changed = (
            self.store.complete_refund(refund, finished) if success else self.store.release_refund(refund, finished)
        )
        if changed:
            self._tell_payer(finished)
        return changed

    def _tell_payer(self, refund: Refund) -> None:
        """The payer hears how their refund ended (`refund` template, WeChat); once, when it ends."""
        order = self.store.get_order(refund.community_id, refund.order_id)
        if self.notices is None or order is None or not order.openid:
            return
        names = list(dict.fromkeys(line[2] for line in order.lines if line[2]))
        what = f"{names[0]}等{len(order.lines)}项" if len(order.lines) > 1 and names else (names or ["物业费"])[0]
        facts = {
            "title": what,
            "amount": yuan(refund.amount_fen),
            "status": label("refund.status", refund.status),
            "time": local_time(refund.finished_at or self.now()),
            "reference": order.order_id,
            "note": "款项将原路退回" if refund.status == REFUNDED else "请联系物业处理",
        }
        try:
            for message in compose(
                "refund",
                facts,
                community_id=refund.community_id,
                subject=f"refund:{refund.refund_id}",
                key=refund.status,
                recipients=[Recipient(WECHAT, order.openid, role="payer")],
                link=f"pages/payments/order?id={order.order_id}",
            ):
                self.notices(message)
        except Exception:  # the refund stands; the message is only news of it
            logging.getLogger(__name__).exception("could not tell the payer of refund %s", refund.refund_id)

    def _refund(self, community_id: str, refund_id: str) -> Refund:
        refund = self.store.get_refund(community_id, refund_id)
        if refund is None:
            raise NotFound(f"refund {refund_id} not found", code="REFUND_NOT_FOUND")
        return refund
