"""`make up`: a resident binds their house and pays a demo bill with the token the bind answered (no refresh)
end to end (API -> WeChat Pay order through the real SDK -> the local WeChat Pay server pays and notifies the API
over HTTP -> the workflow settles) and sees the receipt; the manager downloads the arrears list (欠费清单) as .xlsx
through its short-lived link and opens it with openpyxl."""

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
    assert bound["session"]["households"] == [binding["house_id"]], bound
    return str(bound["session"]["accessToken"])  # no refresh: the bind's answer carries the house


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

    deadline = time.monotonic() + 90
    while True:
        status, order = http("GET", f"{house}/payments/{order_id}", token=token)
        if order.get("status") == "paid" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert order["status"] == "paid", order
    assert order["receiptNo"] and order["transactionId"]
    status, after = http("GET", house + "/bills", token=token)
    assert {b["billId"]: b["status"] for b in after["items"]}[unpaid[0]["billId"]] == "paid"


def test_manager_downloads_the_arrears_list_and_opens_it(stack: dict[str, Any]) -> None:
    import io

    import requests
    from openpyxl import load_workbook

    from tests.e2e.test_work_orders_e2e import staff_token

    api, community = stack["api"], stack["demo"]["payments"]["community_id"]
    manager = staff_token(stack, "manager")
    status, export = http("POST", f"{api}/v1/staff/communities/{community}/exports", {"kind": "arrears"}, manager)
    assert status == 201 and export["status"] == "ready", export
    answer = requests.get(export["url"], timeout=10)
    assert answer.status_code == 200, answer.text
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "欠费清单" and rows[0][:4] == ("楼栋", "房屋", "欠费账单数", "欠费金额(元)")
    assert len(rows) - 1 == export["rows"] > 0
    assert all(str(r[1]).startswith(str(r[0])) and "单元" in str(r[1]) and r[3] > 0 for r in rows[1:]), rows[:3]
