"""The payment workflow (stepfunctions/payment.asl.json) executed by moto, its Lambda tasks in-process, the real
wechatpayv3 SDK talking to the local WeChat Pay server: paid by notification, paid found by query, closed on
timeout, WeChat Pay failing (5xx, timeouts) retried inside the workflow, and an order never both paid and closed."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from chalicelib.payments import wiring
from tests.fakes.wechatpay_server import LocalWechatPay
from tests.support.payments import (
    bills_for,
    deliver_through,
    make_house,
    make_resident,
    new_community,
    pay_fixture,  # noqa: F401  (the `pay` fixture)
    resident_token,
    wait_for_order,
    wait_for_token,
    wechatpay_fixture,  # noqa: F401  (the `wechatpay` fixture)
)


@pytest.fixture
def short_timeout() -> Iterator[None]:
    os.environ["PAYMENT_TIMEOUT_SECONDS"] = "1"
    wiring.payment_service.cache_clear()
    yield
    os.environ.pop("PAYMENT_TIMEOUT_SECONDS", None)
    wiring.payment_service.cache_clear()


def _history(cloud: Any, arn: str) -> list[dict[str, Any]]:
    return cloud.client("stepfunctions").get_execution_history(executionArn=arn)["events"]


def _order(community: str) -> tuple[Any, str, str]:
    house = make_house(community)
    resident = make_resident()
    bills_for(community)
    bill_ids = [b.bill_id for b in wiring.payment_store().bills_of_house(community, house)]
    order, _ = wiring.payment_service().create_order(community, house, bill_ids, resident)
    return order, house, resident


def test_whole_payment_through_the_api_and_the_workflow(cloud: Any, client: Any, pay: LocalWechatPay) -> None:
    community = new_community()
    house = make_house(community, area=89.5)
    resident = make_resident()
    bills_for(community, rate_fen=250)  # 89.5 m2 x 2.50 yuan = 223.75 yuan
    token = resident_token(community, house, resident)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    base = f"/v1/resident/communities/{community}/houses/{house}"

    listed = json.loads(client.http.get(base + "/bills", headers=headers).body)
    assert [(b["amountFen"], b["status"]) for b in listed["items"]] == [(22375, "unpaid")]
    assert listed["unpaidFen"] == 22375

    answer = client.http.post(
        base + "/payments", headers=headers, body=json.dumps({"billIds": [listed["items"][0]["billId"]]})
    )
    assert answer.status_code == 201, answer.body
    created = json.loads(answer.body)
    order_id = created["order"]["orderId"]
    assert created["order"]["status"] == "created" and created["order"]["amountFen"] == 22375
    params = created["requestPayment"]
    assert params["package"].startswith("prepay_id=wx") and params["signType"] == "RSA"
    message = "\n".join([params["appId"], params["timeStamp"], params["nonceStr"], params["package"]]) + "\n"
    pay.merchant_key.public_key().verify(  # wx.requestPayment's paySign: RSA-SHA256 with the merchant key
        base64.b64decode(params["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    assert pay.orders[order_id]["amount"]["total"] == 22375
    assert pay.orders[order_id]["payer"]["openid"].startswith("o")

    stored = wait_for_token(community, order_id)  # the workflow is waiting for the notification
    answers = deliver_through(client, pay)
    assert pay.pay(order_id) == 200
    assert json.loads(answers[0].body) == {"code": "SUCCESS", "message": "成功"}

    result = cloud.wait_for_execution(stored.execution_arn)
    assert result["status"] == "SUCCEEDED", result
    assert json.loads(result["output"])["result"] == {"status": "paid"}
    states = [
        e["stateEnteredEventDetails"]["name"]
        for e in _history(cloud, stored.execution_arn)
        if "stateEnteredEventDetails" in e
    ]
    assert states == ["AwaitNotification", "RecordOutcome", "Outcome", "Paid"]

    paid = wait_for_order(community, order_id, "paid")
    assert paid.receipt_no and paid.transaction_id == pay.orders[order_id]["transaction_id"]
    assert paid.task_token is None
    receipt = json.loads(client.http.get(f"{base}/payments/{order_id}", headers=headers).body)
    assert receipt["status"] == "paid" and receipt["receiptNo"] == paid.receipt_no
    after = json.loads(client.http.get(base + "/bills", headers=headers).body)
    assert [b["status"] for b in after["items"]] == ["paid"] and after["unpaidFen"] == 0

    again = client.http.post(
        base + "/payments", headers=headers, body=json.dumps({"billIds": [listed["items"][0]["billId"]]})
    )
    assert again.status_code == 409
    assert json.loads(again.body)["error"]["code"] == "BILL_ALREADY_PAID"


def test_unpaid_order_times_out_is_queried_and_closed(cloud: Any, pay: LocalWechatPay, short_timeout: None) -> None:
    community = new_community()
    order, house, _ = _order(community)
    closed = wait_for_order(community, order.order_id, "closed")
    result = cloud.wait_for_execution(closed.execution_arn)
    assert result["status"] == "SUCCEEDED"
    states = [
        e["stateEnteredEventDetails"]["name"]
        for e in _history(cloud, closed.execution_arn)
        if "stateEnteredEventDetails" in e
    ]
    assert states == [
        "AwaitNotification",
        "QueryProvider",
        "PaidOnQuery",
        "CloseOrder",
        "RecordOutcome",
        "Outcome",
        "Closed",
    ]
    assert pay.orders[order.order_id]["trade_state"] == "CLOSED"
    assert [b.status for b in wiring.payment_store().bills_of_house(community, house)] == ["unpaid"]
    # a late notification for the closed order is refused, never applied
    from chalicelib.payments.model import NotificationRefused

    pay.orders[order.order_id].update(
        trade_state="SUCCESS", transaction_id="4200late", success_time="2026-11-29T10:00:00+08:00"
    )
    headers, body = pay.notification(order.order_id)
    with pytest.raises(NotificationRefused) as refused:
        wiring.payment_service().handle_notification(headers, body)
    assert refused.value.reason == "ORDER_CLOSED"
    assert wiring.payment_store().get_order(community, order.order_id).status == "closed"


def test_paid_without_notification_is_found_by_the_query(cloud: Any, pay: LocalWechatPay, short_timeout: None) -> None:
    community = new_community()
    order, _, _ = _order(community)
    pay.pay(order.order_id, notify=False)  # the notification never arrives
    paid = wait_for_order(community, order.order_id, "paid")
    result = cloud.wait_for_execution(paid.execution_arn)
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"])["query"] == {"outcome": "paid"}


def test_provider_5xx_and_timeouts_are_retried_in_the_workflow(
    cloud: Any, pay: LocalWechatPay, short_timeout: None
) -> None:
    community = new_community()
    order, _, _ = _order(community)
    pay.faults.extend(["500", "timeout", "500"])  # query: 500, timeout, 500, then an answer; close works
    closed = wait_for_order(community, order.order_id, "closed", timeout=40)
    result = cloud.wait_for_execution(closed.execution_arn, timeout=30)
    assert result["status"] == "SUCCEEDED"
    events = _history(cloud, closed.execution_arn)
    failures = [e for e in events if e["type"] == "TaskFailed"]
    assert len(failures) == 3 and all(e["taskFailedEventDetails"]["error"] == "ProviderUnavailable" for e in failures)
    assert wiring.payment_store().get_order(community, order.order_id).paid_at is None


def test_paid_at_wechat_while_closing_ends_paid_not_closed(cloud: Any, pay: LocalWechatPay) -> None:
    community = new_community()
    order, house, _ = _order(community)
    wait_for_token(community, order.order_id)
    pay.pay(order.order_id, notify=False)  # paid at the last second; close must not win
    assert wiring.payment_service().close_unpaid(community, order.order_id) == "paid"
    final = wait_for_order(community, order.order_id, "paid")
    assert final.closed_at is None
    assert [b.status for b in wiring.payment_store().bills_of_house(community, house)] == ["paid"]
    assert cloud.wait_for_execution(final.execution_arn)["status"] == "SUCCEEDED"


def test_provider_down_when_ordering_frees_the_bills(cloud: Any, pay: LocalWechatPay) -> None:
    from chalicelib.kernel.errors import UpstreamUnavailable

    community = new_community()
    house = make_house(community)
    resident = make_resident()
    bills_for(community)
    bill_ids = [b.bill_id for b in wiring.payment_store().bills_of_house(community, house)]
    pay.faults.extend(["500"])
    with pytest.raises(UpstreamUnavailable):
        wiring.payment_service().create_order(community, house, bill_ids, resident)
    assert [b.status for b in wiring.payment_store().bills_of_house(community, house)] == ["unpaid"]
    (abandoned,) = wiring.payment_store().orders_of_house(community, house)
    assert abandoned.status == "closed"
    result = cloud.wait_for_execution(abandoned.execution_arn)  # the waiting workflow was told at once
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"])["result"] == {"status": "closed"}


def test_a_failure_that_retrying_cannot_fix_goes_to_the_dead_letter_queue(
    cloud: Any, pay: LocalWechatPay, short_timeout: None
) -> None:
    community = new_community()
    order, _, _ = _order(community)
    pay.faults.extend(["400", "400"])  # the query and then the close are refused (PARAM_ERROR)
    stored = wait_for_token(community, order.order_id)
    result = cloud.wait_for_execution(stored.execution_arn, timeout=30)
    assert result["status"] == "FAILED" and result.get("error") == "PaymentFailed"
    sqs = cloud.client("sqs")
    url = os.environ["WORKFLOW_DLQ_URL"]
    found = []
    for _ in range(10):
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            body = json.loads(message["Body"])
            if body.get("orderId") == order.order_id:
                found.append(body)
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        if found:
            break
    assert found and found[0]["communityId"] == community and "closeError" in found[0]
    assert wiring.payment_store().get_order(community, order.order_id).status == "created"


def _dead_lettered(cloud: Any, pay: LocalWechatPay) -> tuple[Any, str, str]:
    """An order the workflow gave up on (query and close refused): still `created`, its bills locked."""
    community = new_community()
    order, house, resident = _order(community)
    pay.faults.extend(["400", "400"])
    stored = wait_for_token(community, order.order_id)
    assert cloud.wait_for_execution(stored.execution_arn, timeout=30)["status"] == "FAILED"
    assert wiring.payment_store().get_order(community, order.order_id).status == "created"
    return order, house, resident


def test_the_sweeper_closes_a_dead_lettered_order_and_releases_its_bills(
    cloud: Any, pay: LocalWechatPay, short_timeout: None
) -> None:
    order, house, resident = _dead_lettered(cloud, pay)
    community = order.community_id
    store, service = wiring.payment_store(), wiring.payment_service()

    pay.faults.extend(["500"])  # WeChat Pay still failing: the order stays as it was, counted, nothing raised
    failing = service.sweep_stale(0, community_id=community)
    assert [o for o, _ in failing.failed] == [order.order_id] and not failing.paid and not failing.closed
    assert store.get_order(community, order.order_id).status == "created"
    assert [b.status for b in store.bills_of_house(community, house)] == ["in_order"]

    healthy = service.sweep_stale(0, community_id=community)  # WeChat Pay healthy: queried, closed, released
    assert healthy.closed == [order.order_id] and not healthy.failed
    closed = store.get_order(community, order.order_id)
    assert closed.status == "closed" and closed.paid_at is None
    assert pay.orders[order.order_id]["trade_state"] == "CLOSED"
    assert [b.status for b in store.bills_of_house(community, house)] == ["unpaid"]
    assert service.sweep_stale(0, community_id=community).closed == []  # no longer live: not found again

    bill_ids = [b.bill_id for b in store.bills_of_house(community, house)]
    again, params = service.create_order(community, house, bill_ids, resident)  # the bill can be paid again
    assert again.order_id != order.order_id and again.status == "created" and params["package"].startswith("prepay")
    assert cloud.wait_for_execution(wait_for_order(community, again.order_id, "closed").execution_arn)["status"] == (
        "SUCCEEDED"
    )  # its own workflow times it out as usual (and is done before the next test queues faults)


def test_the_sweeper_applies_a_payment_made_at_wechat_exactly_once(
    cloud: Any, client: Any, pay: LocalWechatPay, short_timeout: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    order, house, _ = _dead_lettered(cloud, pay)
    community = order.community_id
    store = wiring.payment_store()
    pay.pay(order.order_id, notify=False)  # WeChat took the money; nobody told us

    monkeypatch.setenv("PAYMENT_SWEEP_GRACE_SECONDS", "0")
    event = client.events.generate_cw_event("Scheduled Event", "aws.events", {}, [])
    answer = client.lambda_.invoke("payment_sweep_stale", event).payload
    assert answer["paid"] >= 1
    paid = store.get_order(community, order.order_id)
    assert paid.status == "paid" and paid.closed_at is None and paid.receipt_no
    assert paid.transaction_id == pay.orders[order.order_id]["transaction_id"]
    assert [b.status for b in store.bills_of_house(community, house)] == ["paid"]
    income = store.income(community, paid.paid_at.strftime("%Y-%m"))

    second = wiring.payment_service().sweep_stale(0, community_id=community)
    assert (second.paid, second.closed, second.failed) == ([], [], [])
    assert store.get_order(community, order.order_id) == paid
    assert store.income(community, paid.paid_at.strftime("%Y-%m")) == income


def test_scheduled_bill_generation_twice_creates_nothing_twice(client: Any) -> None:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.payments.bills import current_period
    from tests.support.payments import property_fee

    community = new_community()
    house = make_house(community)
    property_fee(community, 300)
    first = client.lambda_.invoke(
        "payment_generate_bills", client.events.generate_cw_event("Scheduled Event", "aws.events", {}, [])
    ).payload
    second = client.lambda_.invoke(
        "payment_generate_bills", client.events.generate_cw_event("Scheduled Event", "aws.events", {}, [])
    ).payload
    assert first["created"] >= 1 and second["created"] == 0 and second["existing"] >= first["created"]
    bills = wiring.payment_store().bills_of_house(community, house)
    assert [(b.period, b.amount_fen) for b in bills] == [(current_period("monthly", utcnow()), 26850)]


def test_scheduled_reconciliation_downloads_yesterdays_bill(client: Any, pay: LocalWechatPay) -> None:
    from datetime import timedelta

    from chalicelib.kernel.clock import utcnow
    from chalicelib.payments.model import business_day

    event = client.events.generate_cw_event("Scheduled Event", "aws.events", {}, [])
    answer = client.lambda_.invoke("payment_reconcile", event).payload
    assert answer["day"] == business_day(utcnow() - timedelta(days=1))
    assert ("GET", "/v3/bill/tradebill") in pay.calls and ("GET", "/v3/billdownload/file") in pay.calls
