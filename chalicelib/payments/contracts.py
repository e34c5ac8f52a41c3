"""Request and response models of the payment routes. Money is integer fen (`...Fen`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from chalicelib.kernel.contracts import Contract, Day, Id, Month

BillId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,160}$")]
OrderId = Annotated[str, StringConstraints(pattern=r"^[PR][A-Za-z0-9_-]{1,40}$")]
# The states a bill, an order and a refund can be in (bills.py, model.py).
BillStatus = Literal["unpaid", "in_order", "paid"]
OrderStatus = Literal["created", "paid", "closed"]
RefundStatus = Literal["requested", "processing", "rejected", "refunded", "failed"]


class BillView(Contract):
    billId: str
    houseId: str
    buildingId: str
    feeItemId: str
    feeName: str
    period: str
    amountFen: int
    status: BillStatus
    orderId: str | None = None
    paidAt: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class BillList(Contract):
    items: list[BillView]
    unpaidFen: int = Field(description="Sum of the unpaid bills listed (arrears of this house)")


class PayRequest(Contract):
    billIds: list[BillId] = Field(min_length=1, max_length=20, description="Unpaid bills of this house, paid whole")


class RequestPayment(Contract):
    """What the mini-program passes to `wx.requestPayment`, signed with the merchant key."""

    appId: str
    timeStamp: str
    nonceStr: str
    package: str
    signType: str
    paySign: str


class OrderLine(Contract):
    billId: str
    feeItemId: str
    feeName: str
    amountFen: int


class OrderView(Contract):
    orderId: str
    houseId: str
    status: OrderStatus
    amountFen: int
    refundedFen: int
    lines: list[OrderLine]
    createdAt: str
    expiresAt: str
    paidAt: str | None = None
    closedAt: str | None = None
    transactionId: str | None = None
    receiptNo: str | None = Field(default=None, description="Set once paid: the receipt's number")


class ReceiptLink(Contract):
    fileName: str = Field(examples=["收据_R202612070001.pdf"])
    url: str = Field(description="a presigned GET of the PDF, valid for `expiresInSeconds`")
    expiresInSeconds: int


class PayResponse(Contract):
    order: OrderView
    requestPayment: RequestPayment


class OrderList(Contract):
    items: list[OrderView]


class LedgerLine(Contract):
    feeItemId: str | None = None
    name: str
    amountFen: int
    count: int
    refunds: bool = False


class LedgerMonth(Contract):
    month: str
    lines: list[LedgerLine]
    publishedAt: str | None = None
    incomeFen: int = 0
    refundsFen: int = 0


class LedgerList(Contract):
    items: list[LedgerMonth]


class FeeItemRequest(Contract):
    feeItemId: Id
    name: str = Field(min_length=1, max_length=40)
    kind: Literal["area", "fixed", "metered"]
    unitPriceFen: int = Field(
        gt=0, le=10_000_000, description="per m2 per month (area), per house per month (fixed), per unit (metered)"
    )
    period: Literal["monthly", "quarterly", "yearly", "once"]
    houseIds: list[Id] = Field(default_factory=list, max_length=5000, description="Empty: every house")


class FeeItemView(Contract):
    feeItemId: str
    name: str
    kind: str
    unitPriceFen: int
    period: str
    houseIds: list[str]
    active: bool


class FeeItemList(Contract):
    items: list[FeeItemView]


class BillingRunRequest(Contract):
    feeItemId: Id
    period: str = Field(min_length=1, max_length=32, description="2026-11 | 2026-Q4 | 2026 | a one-off label")
    usage: dict[Id, Annotated[str, StringConstraints(pattern=r"^\d{1,7}(\.\d{1,2})?$")]] = Field(
        default_factory=dict, description="Metered items: units per house id (entered by staff)"
    )


class BillingRunView(Contract):
    created: int
    existing: int
    totalFen: int
    skipped: list[dict[str, str]]


class ArrearsBuilding(Contract):
    buildingId: str
    houses: int
    bills: int
    unpaidFen: int


class ArrearsView(Contract):
    buildings: list[ArrearsBuilding]
    unpaidFen: int


class RefundRequest(Contract):
    orderId: OrderId
    amountFen: int = Field(gt=0, le=100_000_000)
    reason: str = Field(min_length=1, max_length=80)


class RefundView(Contract):
    refundId: str
    orderId: str
    amountFen: int
    reason: str
    status: RefundStatus
    requestedBy: str
    approvedBy: str | None = None
    createdAt: str
    finishedAt: str | None = None


class RefundList(Contract):
    items: list[RefundView]


class ReconcileRequest(Contract):
    day: Day


class MismatchView(Contract):
    kind: Literal["missing_here", "missing_at_wechat", "amount_differs", "status_differs"]
    orderId: str
    ours: dict[str, Any]
    theirs: dict[str, Any]


class ReconciliationView(Contract):
    day: str
    mismatches: list[MismatchView]


class IncomeQuery(Contract):
    month: Month


class WechatPayAnswer(Contract):
    """What the notification endpoint answers WeChat Pay: its own body, `SUCCESS` or `FAIL` with a message (and our
    machine-readable `reason` for the refusal)."""

    code: Literal["SUCCESS", "FAIL"]
    message: str
    reason: str | None = None
