"""Paying bills through WeChat Pay v3 (001 8.2.2.1, 8.3.1.10; 002 7.2.11): the payment service. Ordering,
notifications and the payment workflow's tasks are here; refunds (`refunds.py`) and reconciliation
(`reconciliation.py`) are its mixins; orders, refunds, errors and ports are in `model.py`.

Money is never lost, doubled or taken twice:
- an order locks its bills in one transaction (a bill is never in two live orders, never paid twice);
- every transition (created -> paid, created -> closed, refund states) is a conditional write: a replayed or
  concurrent notification, a retried task or a late query changes nothing the second time;
- the workflow closes an unpaid order only after WeChat Pay closed it; if WeChat says it was paid meanwhile, the
  order becomes paid instead: an order ends paid or closed, never both.

Notifications are verified by the gateway (signature on the raw body, platform public key, AES-256-GCM) and then
checked here against the stored order: timestamp window, appid, mchid, out_trade_no, amount, currency.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound, UpstreamUnavailable
from chalicelib.payments.bills import IN_ORDER, UNPAID
from chalicelib.payments.model import (
    BILLS,
    CLOSED,
    CREATED,
    MAX_BILLS_PER_ORDER,
    PAID,
    NotificationRefused,
    Order,
    PaymentStoreBusy,
    ProviderRejected,
    ProviderUnavailable,
    SweepResult,
    community_of,
    new_order_id,
)
from chalicelib.payments.reconciliation import Reconciliation
from chalicelib.payments.refunds import Refunds


@dataclass
class PaymentService(Refunds, Reconciliation):
    """One object for every payment use case, built on `PaymentPorts` (model.py): ordering, notifications and the
    workflow's tasks here, refunds (refunds.py) and reconciliation (reconciliation.py) from their mixins."""

    # -- ordering ---------------------------------------------------------------------------------------
    def create_order(
        self, community_id: str, house_id: str, bill_ids: list[str], account_id: str
    ) -> tuple[Order, dict[str, str]]:
        """One order for unpaid bills of the caller's own house; answers the wx.requestPayment parameters."""
        if not bill_ids or len(bill_ids) > MAX_BILLS_PER_ORDER or len(set(bill_ids)) != len(bill_ids):
            raise InvalidInput(
                "give 1 to 20 distinct bill ids",
                code="VALIDATION_FAILED",
                details=[{"field": "billIds", "code": "invalid", "message": "1..20 distinct ids"}],
            )
        resumed = self._resume(community_id, house_id, bill_ids)
        if resumed is not None:
            return resumed
        bills = []
        for bill_id in bill_ids:
            bill = self.store.get_bill(community_id, bill_id)
            if bill is None:
                raise NotFound(f"bill {bill_id} not found", code="BILL_NOT_FOUND")
            if bill.house_id != house_id:
                raise Forbidden(
                    "that bill belongs to another house",
                    code="BILL_FORBIDDEN",
                    details=[{"field": "billIds", "code": "foreign", "message": bill_id}],
                )
            if bill.status != UNPAID:
                code = "BILL_ALREADY_PAID" if bill.status not in (UNPAID, IN_ORDER) else "BILL_IN_ORDER"
                raise Conflict(
                    f"bill {bill_id} is {bill.status}",
                    code=code,
                    details=[{"field": "billIds", "code": bill.status, "message": bill_id}],
                )
            bills.append(bill)
        openid = self.payers.openid_of(account_id)
        if not openid:
            raise Forbidden("this account has no WeChat identity to pay with", code="PAYER_UNKNOWN")
        now = self.now()
        lines = tuple((b.bill_id, b.fee_item_id, b.fee_name, b.amount_fen) for b in bills)
        names = sorted({b.fee_name for b in bills})
        order = Order(
            order_id=new_order_id(community_id),
            community_id=community_id,
            house_id=house_id,
            account_id=account_id,
            openid=openid,
            lines=lines,
            amount_fen=sum(b.amount_fen for b in bills),
            created_at=now,
            expires_at=now + timedelta(seconds=self.pay_timeout_seconds),
            description=("物业缴费-" + "、".join(names))[:120],
        )
        self.store.create_order(order)  # Conflict (409) when another order took a bill first
        # The workflow starts before WeChat Pay hears of the order: from here on, whatever fails, its timeout
        # queries and closes the order, so no bill stays locked in an order nobody watches.
        try:
            arn = self.workflows.start_payment(order, self.pay_timeout_seconds)
        except Exception as exc:
            self.store.mark_closed(order, self.now())  # WeChat Pay has nothing yet
            raise UpstreamUnavailable("could not start the payment workflow", code="WORKFLOW_UNAVAILABLE") from exc
        self.store.set_execution_arn(order, arn)  # single attributes: the workflow may be writing its token
        try:
            prepay_id = self.provider.create_jsapi(order)
        except (ProviderUnavailable, ProviderRejected) as exc:
            self._abandon(order)
            raise UpstreamUnavailable(
                "WeChat Pay is unavailable, try again", code="PAYMENT_PROVIDER_UNAVAILABLE"
            ) from exc
        self.store.set_prepay_id(order, prepay_id)
        stored = self.store.get_order(community_id, order.order_id) or replace(
            order, execution_arn=arn, prepay_id=prepay_id
        )
        return stored, self.provider.request_payment_params(prepay_id)

    def create_charge(
        self, community_id: str, account_id: str, purpose: str, reference: str, amount_fen: int, description: str
    ) -> tuple[Order, dict[str, str]]:
        """One order for a charge another capability owns (a parking stay's fee): no bills; its owner is told through
        `settlements` once it is paid. Answers the wx.requestPayment parameters."""
        if purpose == BILLS or not purpose or not reference:
            raise InvalidInput("a charge needs its purpose and reference", code="VALIDATION_FAILED")
        if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or not 1 <= amount_fen <= 100_000_000:
            raise InvalidInput("amount out of range", code="VALIDATION_FAILED")
        openid = self.payers.openid_of(account_id)
        if not openid:
            raise Forbidden("this account has no WeChat identity to pay with", code="PAYER_UNKNOWN")
        now = self.now()
        order = Order(
            order_id=new_order_id(community_id),
            community_id=community_id,
            house_id="",
            account_id=account_id,
            openid=openid,
            lines=((reference, purpose, description[:60], amount_fen),),
            amount_fen=amount_fen,
            created_at=now,
            expires_at=now + timedelta(seconds=self.pay_timeout_seconds),
            description=description[:120],
            purpose=purpose,
            reference=reference,
        )
        self.store.create_order(order)
        try:
            arn = self.workflows.start_payment(order, self.pay_timeout_seconds)
        except Exception as exc:
            self.store.mark_closed(order, self.now())
            raise UpstreamUnavailable("could not start the payment workflow", code="WORKFLOW_UNAVAILABLE") from exc
        self.store.set_execution_arn(order, arn)
        try:
            prepay_id = self.provider.create_jsapi(order)
        except (ProviderUnavailable, ProviderRejected) as exc:
            self._abandon(order)
            raise UpstreamUnavailable(
                "WeChat Pay is unavailable, try again", code="PAYMENT_PROVIDER_UNAVAILABLE"
            ) from exc
        self.store.set_prepay_id(order, prepay_id)
        stored = self.store.get_order(community_id, order.order_id) or replace(
            order, execution_arn=arn, prepay_id=prepay_id
        )
        return stored, self.provider.request_payment_params(prepay_id)

    def _tell_owner(self, order: Order, *, must: bool) -> None:
        """A paid charge's owner hears of it (at least once: on applying, and again when the workflow finishes;
        `must`: a failure raises, so the workflow's step retries)."""
        if order.purpose != BILLS and order.status == PAID and self.settlements is not None:
            self.settlements.settled(order, must=must)

    def _resume(self, community_id: str, house_id: str, bill_ids: list[str]) -> tuple[Order, dict[str, str]] | None:
        """A retried request (the app lost the answer) for exactly the bills of a live order of this house gets
        that order again, with fresh wx.requestPayment parameters, instead of a 409 it cannot get past."""
        first = self.store.get_bill(community_id, bill_ids[0])
        if first is None or first.status != IN_ORDER or first.order_id is None or first.house_id != house_id:
            return None
        order = self.store.get_order(community_id, first.order_id)
        if (
            order is None
            or order.status != CREATED
            or not order.prepay_id
            or sorted(order.bill_ids) != sorted(bill_ids)
        ):
            return None
        return order, self.provider.request_payment_params(order.prepay_id)

    def _abandon(self, order: Order) -> None:
        """Ordering failed at WeChat Pay, which may still hold the order (a timeout after it answered): close it
        there, then here, and tell the waiting workflow. If closing fails, the workflow's timeout does it later."""
        try:
            self.provider.close(order.order_id)
        except ProviderRejected as exc:
            if exc.code != "ORDER_NOT_EXIST":
                return
        except ProviderUnavailable:
            return
        if self.store.mark_closed(order, self.now()):
            current = self.store.get_order(order.community_id, order.order_id)
            if current is not None and current.task_token:
                self.workflows.task_succeeded(current.task_token, {"outcome": "closed", "source": "abandoned"})

    # -- notification --------------------------------------------------------------------------------------
    def handle_notification(self, headers: dict[str, str], body: bytes) -> str:
        """Apply a WeChat Pay notification exactly once. Returns `applied` or `duplicate`; raises
        NotificationRefused for anything forged, stale, tampered or not matching our records."""
        verified = self.provider.verify_notification(headers, body)
        skew = abs(self.epoch() - verified.timestamp)
        if skew > self.window_seconds:
            raise NotificationRefused(
                "STALE_TIMESTAMP", f"timestamp is {int(skew)} s away (window {self.window_seconds} s)", 400
            )
        if verified.event_type.startswith("REFUND."):
            return self._refund_notified(verified)
        if verified.event_type != "TRANSACTION.SUCCESS":
            raise NotificationRefused("UNSUPPORTED_EVENT", f"event {verified.event_type} is not handled", 400)
        return self._apply_transaction(verified.resource, source="notification")

    def _apply_transaction(self, tx: dict[str, Any], source: str) -> str:
        order_id = str(tx.get("out_trade_no") or "")
        community_id = community_of(order_id)
        order = self.store.get_order(community_id, order_id) if community_id else None
        if order is None:
            raise NotificationRefused("ORDER_NOT_FOUND", f"no order {order_id!r}", 404)
        self._check_matches(order, tx)
        if tx.get("trade_state") != "SUCCESS":
            raise NotificationRefused("NOT_PAID", f"trade_state is {tx.get('trade_state')}", 400)
        transaction_id = str(tx.get("transaction_id") or "")
        if not transaction_id:
            raise NotificationRefused("MALFORMED", "transaction_id missing", 400)
        if order.status == PAID:
            if order.transaction_id != transaction_id:
                raise NotificationRefused("TRANSACTION_MISMATCH", "order was paid by another transaction", 409)
            return "duplicate"
        if order.status == CLOSED:
            raise NotificationRefused("ORDER_CLOSED", "order was closed; reconciliation will flag it", 409)
        receipt = f"RC{order.order_id[1:]}"
        if self.store.mark_paid(order, transaction_id, self.now(), receipt):
            current = self.store.get_order(order.community_id, order.order_id) or order
            self._tell_owner(current, must=False)  # the workflow's last step tells again if this failed
            if current.task_token:
                self.workflows.task_succeeded(
                    current.task_token, {"outcome": "paid", "source": source, "transactionId": transaction_id}
                )
            return "applied"
        again = self.store.get_order(order.community_id, order.order_id)
        if again is not None and again.status == PAID and again.transaction_id == transaction_id:
            return "duplicate"  # a concurrent copy of the same notification won the race
        raise NotificationRefused("ORDER_CLOSED", "order is no longer open", 409)

    def _check_matches(self, order: Order, tx: dict[str, Any]) -> None:
        amount = tx.get("amount") or {}
        checks = [
            ("APPID_MISMATCH", tx.get("appid"), self.provider.appid),
            ("MCHID_MISMATCH", tx.get("mchid"), self.provider.mchid),
            ("AMOUNT_MISMATCH", amount.get("total"), order.amount_fen),
            ("CURRENCY_MISMATCH", amount.get("currency", "CNY"), "CNY"),
        ]
        for reason, got, want in checks:
            if got != want:
                raise NotificationRefused(reason, f"{reason.split('_')[0].lower()} {got!r} != {want!r}", 409)

    # -- workflow tasks -----------------------------------------------------------------------------------
    def await_notification(self, community_id: str, order_id: str, task_token: str) -> Order:
        """Remember the task token; if the order was already settled, complete the task at once."""
        order = self._order(community_id, order_id)
        if order.status == CREATED:
            stored = self.store.set_task_token(order, task_token)
            order = replace(order, task_token=task_token) if stored else self._order(community_id, order_id)
        if order.status == PAID:
            self.workflows.task_succeeded(task_token, {"outcome": "paid", "source": "already"})
        elif order.status == CLOSED:
            self.workflows.task_succeeded(task_token, {"outcome": "closed", "source": "already"})
        return order

    def query_and_settle(self, community_id: str, order_id: str) -> str:
        """On timeout: ask WeChat Pay. Answers `paid` (settled now or before) or `unpaid`."""
        order = self._order(community_id, order_id)
        if order.status != CREATED:
            return order.status
        found = self.provider.query(order_id)  # ProviderUnavailable propagates: the workflow retries it
        if found and found.get("trade_state") in ("SUCCESS", "REFUND"):
            try:
                self._apply_transaction({**found, "trade_state": "SUCCESS"}, source="query")
            except NotificationRefused as exc:
                raise PaymentStoreBusy(f"query answered paid but it could not be applied: {exc.reason}") from exc
            return PAID
        return "unpaid"

    def close_unpaid(self, community_id: str, order_id: str) -> str:
        """Close at WeChat Pay first, then here. If WeChat says it was paid meanwhile, settle it as paid."""
        order = self._order(community_id, order_id)
        if order.status != CREATED:
            return order.status
        try:
            self.provider.close(order_id)
        except ProviderRejected as exc:
            if exc.code in ("ORDER_PAID", "ORDERPAID", "TRADE_ERROR"):
                return self.query_and_settle(community_id, order_id)
            if exc.code != "ORDER_NOT_EXIST":  # never created there: nothing to close
                raise
        if self.store.mark_closed(order, self.now()):
            return CLOSED
        return self._order(community_id, order_id).status

    def sweep_stale(self, grace_seconds: int, community_id: str | None = None) -> SweepResult:
        """Settle every order still `created` past its expiry plus the grace (the workflow gave up on it, e.g.
        dead-lettered): exactly like the workflow would, query WeChat Pay -> paid: applied once; unpaid: closed
        there, then here, its bills released. An order WeChat Pay still fails on stays as it is for the next run;
        one order's failure never stops the others."""
        cutoff = self.now() - timedelta(seconds=grace_seconds)
        result = SweepResult()
        for order in self.store.live_orders_expired_before(cutoff):
            if community_id is not None and order.community_id != community_id:
                continue
            try:
                if order.task_token:  # past its expiry the workflow's wait is over: nobody to tell
                    self.store.clear_task_token(order)
                outcome = self.query_and_settle(order.community_id, order.order_id)
                if outcome == "unpaid":
                    outcome = self.close_unpaid(order.community_id, order.order_id)
            except Exception as exc:  # one order's failure must not stop the sweep
                result.failed.append((order.order_id, f"{type(exc).__name__}: {exc}"))
                continue
            if outcome == PAID:
                result.paid.append(order.order_id)
            elif outcome == CLOSED:
                result.closed.append(order.order_id)
            else:
                result.failed.append((order.order_id, f"ended {outcome}"))
        return result

    def finished(self, community_id: str, order_id: str) -> Order:
        order = self._order(community_id, order_id)
        self._tell_owner(order, must=True)  # raises: the workflow retries (its owner must hear of a paid charge)
        if order.task_token and order.status != CREATED:
            self.store.clear_task_token(order)
            return replace(order, task_token=None)
        return order
