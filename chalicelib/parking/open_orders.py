"""One payable order at a time for one thing owed (a stay's fee, a monthly pass's renewal): a double tap on "pay",
two taps at once, or a retry after a lost answer get the order already open, with the same wx.requestPayment
parameters, instead of a second order for the same money.

A `slot` names what one order at a time is for: the stay (its id) or the pass (`MP:{pass id}`). Whoever orders
first claims the slot with a conditional write (a fresh claim token), orders through the payments capability and
writes the order and its parameters into the claim; a request arriving meanwhile waits for them (at most
WAIT_SECONDS). The claim answers later requests while its order is payable:

- the same payer, reference and amount, order `created` and not expired -> that order again (REUSE);
- another payer, months or amount while it is payable, or an expired order not yet closed -> 409 PAYMENT_PENDING
  (WeChat Pay may still take the money: a second order could be paid too);
- paid but not yet counted by parking -> 409 PAYMENT_SETTLING (the settlement is on its way; the fee then owed is
  less what it paid);
- closed, or paid and counted, or no such order -> a new order may be claimed (TAKE_OVER), for what is owed now;
- a claim whose order never arrived (its request died) is taken over after STALE.

So at most one order is ever open for a slot, and a new one only once the previous one can no longer be paid or has
been counted: one amount owed is never counted twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.errors import Conflict

REUSE, WAIT, TAKE_OVER, PENDING, SETTLING = "reuse", "wait", "take_over", "pending", "settling"
STALE = timedelta(seconds=60)  # a claim without its order after this: the request that claimed it died
WAIT_SECONDS = 15.0  # how long a request waits for the order another request is creating
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class OpenOrder:
    community_id: str
    slot: str  # a stay id, or MP:{pass id}
    token: str  # the claim's own id: every conditional write names it
    account_id: str  # the payer (a WeChat Pay JSAPI order is paid by its payer's WeChat only)
    reference: str  # the charge's reference (a stay id, MP:{pass}:{months})
    amount_fen: int
    claimed_at: datetime
    order: dict[str, Any] | None = None  # orderId, status, amountFen, expiresAt (as payments showed it)
    params: dict[str, str] | None = None  # wx.requestPayment's parameters, given again unchanged


def verdict(
    claim: OpenOrder | None,
    account_id: str,
    reference: str,
    amount_fen: int,
    now: datetime,
    status: str | None,
    counted: bool,
) -> str:
    """What a request to order `amount_fen` for `reference` does with the slot's claim (`status`: the claimed
    order's status at payments, None for none; `counted`: parking counted that order as paid)."""
    from chalicelib.kernel.clock import parse_iso

    if claim is None:
        return TAKE_OVER
    if claim.order is None:
        return TAKE_OVER if now - claim.claimed_at > STALE else WAIT
    if status is None or status == "closed" or (status == "paid" and counted):
        return TAKE_OVER
    if status == "paid":
        return SETTLING
    if now >= parse_iso(str(claim.order["expiresAt"])):
        return PENDING  # expired but not closed yet: WeChat Pay may still take it
    same = (claim.account_id, claim.reference, claim.amount_fen) == (account_id, reference, amount_fen)
    return REUSE if same else PENDING


class OpenOrderStore(Protocol):
    def open_order(self, community_id: str, slot: str) -> OpenOrder | None: ...

    def claim_open_order(self, mine: OpenOrder, previous: OpenOrder | None) -> bool:
        """Put `mine`, conditional on the slot being free (`previous` None) or still held by `previous`'s token."""
        ...

    def fill_open_order(self, mine: OpenOrder) -> bool:
        """Write the order and its parameters into the claim, conditional on the claim still being `mine`."""
        ...

    def drop_open_order(self, mine: OpenOrder) -> None:
        """Free the slot (ordering failed), conditional on the claim still being `mine`."""
        ...


class OpenOrders:
    """Ordering through the slot's claim (a part of ParkingService, whose ports it uses)."""

    store: Any
    charges: Any
    now: Any

    def charge_once(
        self,
        community_id: str,
        slot: str,
        account_id: str,
        reference: str,
        amount_fen: int,
        description: str,
        counted: Callable[[str], bool],
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """(the order, wx.requestPayment's parameters): the slot's open order when it is this request's, else a new
        one; Conflict PAYMENT_PENDING / PAYMENT_SETTLING while another order for the slot can still be paid or is
        being counted."""
        from chalicelib.parking.model import new_id

        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            claim = self.store.open_order(community_id, slot)
            order_id = str(claim.order["orderId"]) if claim is not None and claim.order else None
            status = self.charges.order_status(community_id, order_id) if order_id else None
            done = status == "paid" and order_id is not None and counted(order_id)
            found = verdict(claim, account_id, reference, amount_fen, self.now(), status, done)
            if found == REUSE and claim is not None and claim.order is not None and claim.params is not None:
                return dict(claim.order), dict(claim.params)
            if found == SETTLING:
                raise Conflict("the last order was paid and is being counted; try again", code="PAYMENT_SETTLING")
            if found == PENDING:
                raise Conflict("another order for this is waiting to be paid", code="PAYMENT_PENDING")
            if found == WAIT:
                if time.monotonic() > deadline:
                    raise Conflict("another order for this is waiting to be paid", code="PAYMENT_PENDING")
                time.sleep(POLL_SECONDS)
                continue
            mine = OpenOrder(community_id, slot, new_id("T"), account_id, reference, amount_fen, self.now())
            if not self.store.claim_open_order(mine, claim):
                continue  # another request claimed the slot first: read its claim again
            try:
                order, params = self.charges.charge_reference(
                    community_id, account_id, reference, amount_fen, description
                )
            except BaseException:
                self.store.drop_open_order(mine)
                raise
            self.store.fill_open_order(replace(mine, order=dict(order), params=dict(params)))
            return order, params
