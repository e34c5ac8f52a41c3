"""`make up`: the demo resident pays a demo bill end to end (API -> WeChat Pay order through the real SDK -> the
local WeChat Pay server pays and notifies the API over HTTP -> the workflow settles) and sees the receipt."""

from __future__ import annotations

import time
from typing import Any

from tests.e2e.test_stack_up import http


def _resident_session(api: str, community: str, binding: dict[str, Any]) -> str:
    # not the printed demo resident (test_stack_up binds that one): the seed's second owner, with their own login
    status, session = http("POST", api + "/v1/public/resident/login", {"code": "demo-payer"})
    assert status == 200, session
    bind = {"houseId": binding["house_id"], "name": binding["name"], "phone": binding["phone"]}
    status, bound = http("POST", f"{api}/v1/resident/communities/{community}/bindings", bind, session["accessToken"])
    assert status == 201, bound
    status, refreshed = http("POST", api + "/v1/public/token/refresh", {"refreshToken": session["refreshToken"]})
    assert status == 200, refreshed
    return str(refreshed["accessToken"])


def test_demo_resident_pays_a_demo_bill_and_sees_the_receipt(stack: dict[str, Any]) -> None:
    api = stack["api"]
    binding = stack["demo"]["payments"]["payer_binding"]
    community = binding["community_id"]
    token = _resident_session(api, community, binding)
    house = f"{api}/v1/resident/communities/{community}/houses/{binding['house_id']}"

    status, bills = http("GET", house + "/bills", token=token)
    assert status == 200, bills
    unpaid = [b for b in bills["items"] if b["status"] == "unpaid"]
    assert unpaid and bills["unpaidFen"] == sum(b["amountFen"] for b in unpaid)

    status, created = http("POST", house + "/payments", {"billIds": [unpaid[0]["billId"]]}, token)
    assert status == 201, created
    assert created["requestPayment"]["package"].startswith("prepay_id=")
    order_id = created["order"]["orderId"]

    deadline = time.monotonic() + 30
    while True:
        status, order = http("GET", f"{house}/payments/{order_id}", token=token)
        if order.get("status") == "paid" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert order["status"] == "paid", order
    assert order["receiptNo"] and order["transactionId"]
    status, after = http("GET", house + "/bills", token=token)
    assert {b["billId"]: b["status"] for b in after["items"]}[unpaid[0]["billId"]] == "paid"
