"""Money rules without AWS: the one rounding rule, fee amounts per period, order ids naming their community."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.kernel.errors import InvalidInput
from chalicelib.payments.bills import FeeItem, HouseRef, fen, yuan_to_fen
from chalicelib.payments.model import (
    NotificationRefused,
    community_of,
    new_order_id,
    new_refund_id,
    signature_headers,
)


@pytest.mark.parametrize(
    ("quantity", "price", "expected"),
    [
        (89.5, 250, 22375),
        ("33.335", 250, 8335),  # 33.335 m2 -> 33.34 (half up), x 2.50 yuan
        ("33.334", 250, 8333),  # 33.33 x 250 = 8332.5 -> 8333 (the product rounds half up too)
        ("0.005", 1, 0),  # 0.01 x 1 fen = 0.01 -> 0 fen (half up on the product)
        ("12.5", 333, 4163),  # 4162.5 -> 4163
        (0, 999, 0),
    ],
)
def test_the_rounding_rule(quantity: object, price: int, expected: int) -> None:
    assert fen(quantity, price) == expected  # type: ignore[arg-type]


def test_yuan_in_bill_files_become_fen() -> None:
    assert yuan_to_fen("223.75") == 22375
    assert yuan_to_fen("0.01") == 1


def test_periods_multiply_the_monthly_amount_and_shapes_are_checked() -> None:
    house = HouseRef("c1", "h1", "b1", 89.5)
    quarterly = FeeItem("c1", "prop", "物业费", "area", 250, "quarterly")
    assert quarterly.amount_for(house, None) == 3 * 22375
    quarterly.validate_period("2026-Q4")
    with pytest.raises(InvalidInput):
        quarterly.validate_period("2026-11")
    parking = FeeItem("c1", "park", "停车费", "fixed", 30000, "monthly", house_ids=("h2",))
    assert parking.amount_for(house, None) is None
    water = FeeItem("c1", "water", "水费", "metered", 500, "monthly")
    assert water.amount_for(house, Decimal("3.3")) == 1650
    assert water.amount_for(house, None) is None
    assert FeeItem("c1", "p", "物业费", "area", 250, "monthly").amount_for(HouseRef("c1", "h", "b", None), None) is None


def test_order_and_refund_ids_name_their_community_and_fit_wechat() -> None:
    order_id, refund_id = new_order_id("110105001001"), new_refund_id("c-abc")
    assert len(order_id) <= 32 and community_of(order_id) == "110105001001"
    assert community_of(refund_id) == "c-abc"
    assert community_of("not-ours") is None and community_of("") is None


def test_unsigned_notifications_are_refused_before_anything_else() -> None:
    with pytest.raises(NotificationRefused) as missing:
        signature_headers({})
    assert (missing.value.reason, missing.value.status) == ("SIGNATURE_TYPE_UNSUPPORTED", 401)
    with pytest.raises(NotificationRefused) as no_signature:
        signature_headers({"wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048"})
    assert no_signature.value.reason == "SIGNATURE_MISSING"
    canonical = signature_headers({"wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048", "wechatpay-signature": "x"})
    assert canonical["Wechatpay-Signature"] == "x"
