"""The rule for one payable order per slot (a stay's fee, a pass's renewal): what a request does with the claim."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.parking.open_orders import PENDING, REUSE, SETTLING, STALE, TAKE_OVER, WAIT, OpenOrder, verdict

NOW = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
ORDER = {"orderId": "o-1", "status": "created", "amountFen": 300, "expiresAt": "2026-12-07T05:15:00.000Z"}
CLAIM = OpenOrder("c1", "S1", "T1", "acct-1", "S1", 300, NOW - timedelta(seconds=5), ORDER, {"package": "prepay_id=x"})


def test_nothing_claimed_is_ordered() -> None:
    assert verdict(None, "acct-1", "S1", 300, NOW, None, False) == TAKE_OVER


def test_a_claim_being_ordered_is_waited_for_until_it_is_stale() -> None:
    ordering = replace(CLAIM, order=None, params=None)
    assert verdict(ordering, "acct-1", "S1", 300, NOW, None, False) == WAIT
    late = NOW + STALE + timedelta(seconds=6)
    assert verdict(ordering, "acct-1", "S1", 300, late, None, False) == TAKE_OVER


def test_the_same_payer_and_amount_get_the_open_order_again() -> None:
    assert verdict(CLAIM, "acct-1", "S1", 300, NOW, "created", False) == REUSE


@pytest.mark.parametrize(
    ("account", "reference", "amount"),
    [("acct-2", "S1", 300), ("acct-1", "S1", 400), ("acct-1", "MP:p:2", 300)],
)
def test_another_payer_or_amount_waits_while_the_order_can_be_paid(account: str, reference: str, amount: int) -> None:
    assert verdict(CLAIM, account, reference, amount, NOW, "created", False) == PENDING


def test_an_expired_order_not_yet_closed_still_blocks_a_second_one() -> None:
    assert verdict(CLAIM, "acct-1", "S1", 300, NOW + timedelta(minutes=16), "created", False) == PENDING


def test_a_paid_order_blocks_until_counted_then_frees_the_slot() -> None:
    assert verdict(CLAIM, "acct-1", "S1", 300, NOW, "paid", False) == SETTLING
    assert verdict(CLAIM, "acct-1", "S1", 300, NOW, "paid", True) == TAKE_OVER


@pytest.mark.parametrize("status", ["closed", None])
def test_a_closed_or_missing_order_frees_the_slot(status: str | None) -> None:
    assert verdict(CLAIM, "acct-1", "S1", 300, NOW, status, False) == TAKE_OVER
