"""A resident downloads a paid payment's receipt (PDF) through a short-lived link: the community and the house as
people name them, the total in capital numerals; an unpaid order has no receipt yet (409), another house's order is
not found (404), and a resident of another house cannot ask (403)."""

from __future__ import annotations

import io
from typing import Any

import requests
from pypdf import PdfReader

from chalicelib.registry import house_label
from tests.fakes.wechatpay_server import LocalWechatPay
from tests.payments.integration.test_payments_api import _paid_order, call, two_houses  # noqa: F401 (fixture)
from tests.support.payments import (
    deliver_through,
    pay_fixture,  # noqa: F401  (the `pay` fixture)
    wechatpay_fixture,  # noqa: F401  (the `wechatpay` fixture)
)


def test_a_paid_payment_has_a_printable_receipt(client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]) -> None:  # noqa: F811
    h = two_houses
    base = f"/v1/resident/communities/{h['community']}/houses/{h['mine']}"
    _, unpaid = call(client, "POST", base + "/payments", h["token"], {"billIds": [h["my_bills"][0]]})
    deliver_through(client, pay)
    status, body = call(client, "GET", f"{base}/payments/{unpaid['order']['orderId']}/receipt", h["token"])
    assert (status, body["error"]["code"]) == (409, "ORDER_NOT_PAID")
    assert pay.pay(unpaid["order"]["orderId"]) == 200
    order_id = unpaid["order"]["orderId"]

    status, link = call(client, "GET", f"{base}/payments/{order_id}/receipt", h["token"])
    assert status == 200 and link["expiresInSeconds"] == 300, link
    _, order = call(client, "GET", f"{base}/payments/{order_id}", h["token"])
    assert link["fileName"] == f"收据_{order['receiptNo']}.pdf"
    answer = requests.get(link["url"], timeout=10)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    assert order["receiptNo"] in text and order["transactionId"] in text
    assert "物业费" in text and "179.00" in text and "壹佰柒拾玖元整" in text and "¥179.00" in text
    label = house_label(h["community"], h["mine"])
    assert label and f"房屋：{label}" in text and h["mine"] not in text  # the house as the registry names it

    # another house's order through mine, and my order through a house not in my token
    assert call(client, "GET", f"{base}/payments/Pnope_000000000000/receipt", h["token"])[0] == 404
    theirs = f"/v1/resident/communities/{h['community']}/houses/{h['theirs']}"
    assert call(client, "GET", f"{theirs}/payments/{order_id}/receipt", h["token"])[0] == 403


def test_a_receipt_lists_every_line_of_a_two_bill_payment(
    client: Any,
    pay: LocalWechatPay,
    two_houses: dict[str, Any],  # noqa: F811
) -> None:
    h = two_houses
    order_id = _paid_order(client, pay, h)
    base = f"/v1/resident/communities/{h['community']}/houses/{h['mine']}"
    _, link = call(client, "GET", f"{base}/payments/{order_id}/receipt", h["token"])
    text = PdfReader(io.BytesIO(requests.get(link["url"], timeout=10).content)).pages[0].extract_text()
    assert text.count("物业费") == 2 and "叁佰伍拾捌元整" in text and "¥358.00" in text
