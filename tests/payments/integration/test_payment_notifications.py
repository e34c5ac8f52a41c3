"""WeChat Pay notifications through POST /v1/public/wechatpay/notify: the genuine one is applied exactly once;
replays, concurrent copies, forged, tampered, stale and mismatching ones change nothing.

"Exactly one transition" is observed where a second application would show: the month's income summary (ADDed
inside the payment's own transaction) counts the order once, and the order's transaction id is the genuine one.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.payments import wiring
from tests.fakes.wechatpay_server import LocalWechatPay
from tests.support.payments import (
    NOTIFY,
    bills_for,
    make_house,
    make_resident,
    new_community,
    pay_fixture,  # noqa: F401  (the `pay` fixture)
    serialised_writes_fixture,  # noqa: F401  (the `serialised_writes` fixture)
    wechatpay_fixture,  # noqa: F401  (the `wechatpay` fixture)
)


def _order(community: str) -> Any:
    house = make_house(community)
    bills_for(community)
    bill_ids = [b.bill_id for b in wiring.payment_store().bills_of_house(community, house)]
    order, _ = wiring.payment_service().create_order(community, house, bill_ids, make_resident())
    return order


def _post(client: Any, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
    response = client.http.post(NOTIFY, headers={"Content-Type": "application/json", **headers}, body=body)
    return response.status_code, json.loads(response.body)


def _income_count(community: str, order: Any) -> int:
    from chalicelib.payments.model import business_day

    month = business_day(order.paid_at)[:7]
    return sum(line["count"] for line in wiring.payment_store().income(community, month) if not line["refunds"])


@pytest.fixture
def paid_at_wechat(pay: LocalWechatPay) -> tuple[str, Any]:
    community = new_community()
    order = _order(community)
    pay.pay(order.order_id, notify=False)  # WeChat has the money; the notification is ours to send
    return community, order


def test_replayed_fifteen_times_applies_once(client: Any, pay: LocalWechatPay, paid_at_wechat: tuple[str, Any]) -> None:
    community, order = paid_at_wechat
    headers, body = pay.notification(order.order_id)
    answers = [_post(client, headers, body) for _ in range(15)]
    assert answers[0] == (200, {"code": "SUCCESS", "message": "成功"})
    assert all(a == answers[0] for a in answers), "a replay still answers success so WeChat stops retrying"
    paid = wiring.payment_store().get_order(community, order.order_id)
    assert paid.status == "paid" and paid.transaction_id == pay.orders[order.order_id]["transaction_id"]
    assert _income_count(community, paid) == 1


def test_five_concurrent_copies_apply_once(
    pay: LocalWechatPay, paid_at_wechat: tuple[str, Any], serialised_writes: None
) -> None:
    community, order = paid_at_wechat
    headers, body = pay.notification(order.order_id)
    service = wiring.payment_service()
    outcomes: list[str] = []
    gate = threading.Barrier(5)

    def deliver() -> None:
        gate.wait()
        outcomes.append(service.handle_notification(headers, body))

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["applied", "duplicate", "duplicate", "duplicate", "duplicate"]
    paid = wiring.payment_store().get_order(community, order.order_id)
    assert _income_count(community, paid) == 1


def _refused(client: Any, headers: dict[str, str], body: bytes, status: int, reason: str) -> None:
    got_status, answer = _post(client, headers, body)
    assert (got_status, answer["code"], answer.get("reason")) == (status, "FAIL", reason), answer


def test_every_forged_tampered_or_stale_kind_is_refused(
    client: Any, pay: LocalWechatPay, paid_at_wechat: tuple[str, Any]
) -> None:
    community, order = paid_at_wechat
    no = order.order_id
    genuine = pay.transaction(no)
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    # wrong amount (signed and encrypted properly: a forged merchant-side record or a bug)
    _refused(
        client,
        *pay.notification(no, resource={**genuine, "amount": {"total": 1, "currency": "CNY"}}),
        409,
        "AMOUNT_MISMATCH",
    )
    _refused(
        client,
        *pay.notification(no, resource={**genuine, "amount": {**genuine["amount"], "currency": "USD"}}),
        409,
        "CURRENCY_MISMATCH",
    )
    _refused(client, *pay.notification(no, resource={**genuine, "appid": "wx-someone-else"}), 409, "APPID_MISMATCH")
    _refused(client, *pay.notification(no, resource={**genuine, "mchid": "1999999999"}), 409, "MCHID_MISMATCH")
    # wrong signature: signed with a key that is not WeChat Pay's platform key
    _refused(client, *pay.notification(no, key=stranger), 401, "SIGNATURE_INVALID")
    # tampered: the body changed after signing
    headers, body = pay.notification(no)
    _refused(client, headers, body.replace(b'"summary": "', b'"summary": "x'), 401, "SIGNATURE_INVALID")
    # unknown serial: a platform key id we do not have
    _refused(client, *pay.notification(no, serial="PUB_KEY_ID_0000UNKNOWN"), 401, "UNKNOWN_SERIAL")
    _refused(client, *pay.notification(no, serial="5157F09EFDC096DE15EBE81A47057A7232F1B8E1"), 401, "UNKNOWN_SERIAL")
    # stale: a genuine notification captured 10 minutes ago and replayed now
    _refused(client, *pay.notification(no, timestamp=int(time.time()) - 600), 400, "STALE_TIMESTAMP")
    _refused(client, *pay.notification(no, timestamp=int(time.time()) + 600), 400, "STALE_TIMESTAMP")
    # unknown order
    _refused(
        client,
        *pay.notification(no, resource={**genuine, "out_trade_no": f"P{community}_000000000000"}),
        404,
        "ORDER_NOT_FOUND",
    )
    _refused(client, *pay.notification(no, resource={**genuine, "out_trade_no": "not-ours"}), 404, "ORDER_NOT_FOUND")
    # encrypted under another APIv3 key (decryption fails)
    real_key = pay.apiv3_key
    pay.apiv3_key = "0" * 32
    try:
        forged = pay.notification(no)
    finally:
        pay.apiv3_key = real_key
    _refused(client, *forged, 400, "DECRYPT_FAILED")
    # not signed at all / unsupported signature type
    headers, body = pay.notification(no)
    _refused(
        client,
        {k: v for k, v in headers.items() if k != "Wechatpay-Signature-Type"},
        body,
        401,
        "SIGNATURE_TYPE_UNSUPPORTED",
    )
    _refused(client, {k: v for k, v in headers.items() if k != "Wechatpay-Signature"}, body, 401, "SIGNATURE_MISSING")

    assert wiring.payment_store().get_order(community, no).status == "created", "nothing above changed the order"
    assert _post(client, *pay.notification(no)) == (200, {"code": "SUCCESS", "message": "成功"})
    paid = wiring.payment_store().get_order(community, no)
    assert paid.status == "paid" and _income_count(community, paid) == 1


def test_a_refused_notification_is_audited(client: Any, pay: LocalWechatPay, paid_at_wechat: tuple[str, Any]) -> None:
    from datetime import UTC, datetime, timedelta

    from chalicelib.audit import repository as audit

    _, order = paid_at_wechat
    started = datetime.now(UTC) - timedelta(seconds=1)
    # the audit keeps the refusal: reason and message, the source address, no personal data
    headers, body = pay.notification(order.order_id, timestamp=int(time.time()) - 3600)
    response = client.http.post(NOTIFY, headers={"Content-Type": "application/json", **headers}, body=body)
    assert response.status_code == 400
    entries, _ = audit.query(None, started, datetime.now(UTC), target=("wechatpay", "STALE_TIMESTAMP"), limit=100)
    assert [
        (e.operation, e.outcome) for e in entries if e.detail.get("message", "").startswith("timestamp is 360")
    ] == [("payment.notify", "denied")]
