"""Paying bills through WeChat Pay v3 (001 8.2.2.1, 8.3.1.10; 002 7.2.11): orders, notifications, the payment
workflow's tasks, refunds and reconciliation.

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

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound, UpstreamUnavailable
from chalicelib.payments.bills import IN_ORDER, UNPAID, Bill

CREATED, PAID, CLOSED = "created", "paid", "closed"
REQUESTED, APPROVED, REJECTED, REFUNDED, REFUND_FAILED = "requested", "processing", "rejected", "refunded", "failed"
MAX_BILLS_PER_ORDER = 20
NOTIFICATION_WINDOW_SECONDS = 300
DEFAULT_PAY_TIMEOUT_SECONDS = 900
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
HEADERS = (
    "Wechatpay-Signature",
    "Wechatpay-Timestamp",
    "Wechatpay-Nonce",
    "Wechatpay-Serial",
    "Wechatpay-Signature-Type",
)


class ProviderUnavailable(Exception):
    """WeChat Pay timed out or answered 5xx; the workflow retries this by name."""


class PaymentStoreBusy(Exception):
    """A conditional write lost a race it should not have; the workflow retries this by name."""


class ProviderRejected(Exception):
    """WeChat Pay answered 4xx with an error code (ORDER_PAID, ORDER_NOT_EXIST, NOT_ENOUGH, ...)."""

    def __init__(self, status: int, code: str, message: str = ""):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code


class NotificationRefused(Exception):
    """A notification we will not apply. `reason` is machine-readable; `status` is the HTTP answer."""

    def __init__(self, reason: str, message: str, status: int = 400):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Order:
    order_id: str  # = out_trade_no: P{community}_{hex}, so a notification names its community
    community_id: str
    house_id: str
    account_id: str
    openid: str
    lines: tuple[tuple[str, str, str, int], ...]  # (bill id, fee item id, fee name, amount fen)
    amount_fen: int
    created_at: datetime
    expires_at: datetime
    status: str = CREATED
    prepay_id: str | None = None
    task_token: str | None = None
    execution_arn: str | None = None
    transaction_id: str | None = None
    paid_at: datetime | None = None
    closed_at: datetime | None = None
    receipt_no: str | None = None
    refunded_fen: int = 0
    description: str = ""

    @property
    def bill_ids(self) -> list[str]:
        return [line[0] for line in self.lines]


@dataclass(frozen=True)
class Refund:
    refund_id: str  # = out_refund_no
    community_id: str
    order_id: str
    amount_fen: int
    reason: str
    requested_by: str
    created_at: datetime
    status: str = REQUESTED
    approved_by: str | None = None
    decided_at: datetime | None = None
    wechat_refund_id: str | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True)
class VerifiedNotification:
    """What the gateway hands over once signature and decryption succeeded."""

    notification_id: str
    event_type: str
    timestamp: int  # Wechatpay-Timestamp (signed)
    resource: dict[str, Any]


@dataclass(frozen=True)
class Mismatch:
    kind: str  # missing_here | missing_at_wechat | amount_differs | status_differs
    order_id: str
    ours: dict[str, Any] = field(default_factory=dict)
    theirs: dict[str, Any] = field(default_factory=dict)


@dataclass
class SweepResult:
    """What one run of the stale-order sweeper did (order ids; failures with their reason)."""

    paid: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class PaymentStore(Protocol):
    def get_bill(self, community_id: str, bill_id: str) -> Bill | None: ...

    def create_order(self, order: Order) -> None:
        """Put the order and move each bill unpaid -> in_order, atomically; Conflict when a bill is not payable."""
        ...

    def get_order(self, community_id: str, order_id: str) -> Order | None: ...

    def update_order(self, order: Order, expected_status: str) -> bool: ...

    def set_task_token(self, order: Order, token: str) -> bool:
        """Only the task token, only while the order is `created` (other fields are left as stored)."""
        ...

    def set_execution_arn(self, order: Order, arn: str) -> None: ...

    def set_prepay_id(self, order: Order, prepay_id: str) -> None: ...

    def clear_task_token(self, order: Order) -> None: ...

    def mark_paid(self, order: Order, transaction_id: str, paid_at: datetime, receipt_no: str) -> bool:
        """created -> paid with its bills and the income summary, atomically; False when not `created`."""
        ...

    def mark_closed(self, order: Order, closed_at: datetime) -> bool:
        """created -> closed and its bills back to unpaid, atomically; False when not `created`."""
        ...

    def add_refund(self, refund: Refund) -> None: ...

    def get_refund(self, community_id: str, refund_id: str) -> Refund | None: ...

    def approve_refund(self, refund: Refund, approved: Refund) -> None:
        """requested -> processing and reserve the amount on the order (never beyond what was paid)."""
        ...

    def update_refund(self, refund: Refund, expected_status: str) -> bool: ...

    def release_refund(self, refund: Refund, failed: Refund) -> bool:
        """processing -> failed and give the reserved amount back to the order."""
        ...

    def complete_refund(self, refund: Refund, done: Refund) -> bool:
        """processing -> refunded, counted in the month's income summary."""
        ...

    def orders_paid_on(self, day: str) -> list[Order]: ...

    def live_orders_expired_before(self, cutoff: datetime, limit: int = 500) -> list[Order]:
        """Orders still `created` whose expiry is before `cutoff` (a Query, never a Scan)."""
        ...

    def refunds_completed_on(self, day: str) -> list[Refund]: ...

    def save_reconciliation(
        self, day: str, mismatches: list[Mismatch], summary: dict[str, Any], community_id: str | None
    ) -> None: ...


class PayProvider(Protocol):
    appid: str
    mchid: str

    def create_jsapi(self, order: Order) -> str: ...

    def request_payment_params(self, prepay_id: str) -> dict[str, str]: ...

    def query(self, order_id: str) -> dict[str, Any] | None: ...

    def close(self, order_id: str) -> None: ...

    def refund(self, refund: Refund, order: Order) -> dict[str, Any]: ...

    def query_refund(self, refund_id: str) -> dict[str, Any] | None: ...

    def trade_bill(self, day: str) -> list[dict[str, str]]: ...

    def verify_notification(self, headers: dict[str, str], body: bytes) -> VerifiedNotification: ...


class PaymentWorkflows(Protocol):
    def start_payment(self, order: Order, pay_timeout_seconds: int) -> str: ...

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None: ...


class PayerDirectory(Protocol):
    def openid_of(self, account_id: str) -> str | None: ...


def signature_headers(headers: dict[str, str]) -> dict[str, str]:
    """The five Wechatpay-* headers under their canonical names; refuses a request that is not signed at all
    (checked before the merchant settings are even read)."""
    lower = {k.lower(): v for k, v in headers.items()}
    canonical = {name: lower.get(name.lower(), "") for name in HEADERS}
    if canonical["Wechatpay-Signature-Type"] != SIGNATURE_TYPE:
        raise NotificationRefused("SIGNATURE_TYPE_UNSUPPORTED", "unsupported or missing signature type", 401)
    if not canonical["Wechatpay-Signature"]:
        raise NotificationRefused("SIGNATURE_MISSING", "Wechatpay-Signature missing", 401)
    return canonical


def new_order_id(community_id: str) -> str:
    return f"P{community_id}_{secrets.token_hex(6)}"


def new_refund_id(community_id: str) -> str:
    return f"R{community_id}_{secrets.token_hex(6)}"


def community_of(order_id: str) -> str | None:
    """The community an out_trade_no / out_refund_no belongs to (P/R + community + _ + 12 hex)."""
    if len(order_id) < 15 or order_id[0] not in "PR" or order_id[-13] != "_":
        return None
    return order_id[1:-13] or None


def business_day(moment: datetime) -> str:
    """WeChat Pay's bills are per Beijing-time day."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d")


@dataclass
class PaymentService:
    store: PaymentStore
    provider: PayProvider
    workflows: PaymentWorkflows
    payers: PayerDirectory
    now: Callable[[], datetime]
    pay_timeout_seconds: int = DEFAULT_PAY_TIMEOUT_SECONDS
    window_seconds: int = NOTIFICATION_WINDOW_SECONDS
    epoch: Callable[[], float] = time.time

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
        if order.task_token and order.status != CREATED:
            self.store.clear_task_token(order)
            return replace(order, task_token=None)
        return order

    def _order(self, community_id: str, order_id: str) -> Order:
        order = self.store.get_order(community_id, order_id)
        if order is None:
            raise NotFound(f"order {order_id} not found", code="ORDER_NOT_FOUND")
        return order

    # -- refunds (two people: one requests, a manager approves) ------------------------------------------
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
        if success:
            return self.store.complete_refund(refund, replace(refund, status=REFUNDED, finished_at=self.now()))
        return self.store.release_refund(refund, replace(refund, status=REFUND_FAILED, finished_at=self.now()))

    def _refund(self, community_id: str, refund_id: str) -> Refund:
        refund = self.store.get_refund(community_id, refund_id)
        if refund is None:
            raise NotFound(f"refund {refund_id} not found", code="REFUND_NOT_FOUND")
        return refund

    # -- reconciliation ----------------------------------------------------------------------------------
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
                community_id = community_of(order_id)
                known = self.store.get_order(community_id, order_id) if community_id else None
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
                community_id = community_of(refund_id)
                known = self.store.get_refund(community_id, refund_id) if community_id else None
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
    from datetime import date as _date

    from chalicelib.kernel.errors import InvalidInput

    try:
        wanted = _date.fromisoformat(day)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            "day is not a date",
            code="VALIDATION_FAILED",
            details=[{"field": "day", "code": "invalid_date", "message": "YYYY-MM-DD"}],
        ) from exc
    today = (now + timedelta(hours=8)).date()
    if not today - timedelta(days=BILL_DAYS_KEPT) <= wanted <= today:
        raise InvalidInput(
            "WeChat Pay keeps trade bills for the last 90 days",
            code="VALIDATION_FAILED",
            details=[
                {"field": "day", "code": "out_of_range", "message": f"today or up to {BILL_DAYS_KEPT} days before"}
            ],
        )
    return wanted.isoformat()
