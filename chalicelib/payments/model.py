"""What paying bills through WeChat Pay v3 is made of (001 8.2.2.1, 8.3.1.10; 002 7.2.11): the order and refund
states, orders, refunds, verified notifications, reconciliation findings, the errors WeChat Pay and the store
answer with, the ports the payment service works through, and the pure helpers (order ids naming their community,
the signature headers, WeChat Pay's business day).

The use cases are in `service.py` (ordering, notifications, the payment workflow's tasks), `refunds.py` and
`reconciliation.py`.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING
from chalicelib.kernel.errors import NotFound
from chalicelib.payments.bills import Bill

CREATED, PAID, CLOSED = "created", "paid", "closed"
BILLS = "bills"  # an order's purpose: a house's bills; any other purpose is a charge another capability owns
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
    purpose: str = BILLS  # `bills`, or the capability a charge is for (`parking`): told when it is paid
    reference: str | None = None  # what the charge is for, in its owner's terms (a stay id)

    @property
    def bill_ids(self) -> list[str]:
        return [line[0] for line in self.lines] if self.purpose == BILLS else []


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


class Settlements(Protocol):
    def settled(self, order: Order, *, must: bool) -> None:
        """Tell the owner of a charge (an order whose purpose is not `bills`) that it was paid; at least once.
        `must` False: a failure is logged and left to the next telling; True: it raises."""
        ...


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

    return moment.astimezone(BEIJING).strftime("%Y-%m-%d")


@dataclass
class PaymentPorts:
    """What every use case of the payment service works with: the store, WeChat Pay, the payment workflow, the
    payers' WeChat identities, the clocks and the time limits. `PaymentService` is built on it (service.py)."""

    store: PaymentStore
    provider: PayProvider
    workflows: PaymentWorkflows
    payers: PayerDirectory
    now: Callable[[], datetime]
    pay_timeout_seconds: int = DEFAULT_PAY_TIMEOUT_SECONDS
    window_seconds: int = NOTIFICATION_WINDOW_SECONDS
    epoch: Callable[[], float] = time.time
    notices: Callable[[Any], Any] | None = None  # the notifier's send (a refund's outcome to its payer)
    settlements: Settlements | None = None  # charges' owners told when paid (not bills: those are paid here)

    def _order(self, community_id: str, order_id: str) -> Order:
        order = self.store.get_order(community_id, order_id)
        if order is None:
            raise NotFound(f"order {order_id} not found", code="ORDER_NOT_FOUND")
        return order
