"""Exports a manager opens in Excel: arrears per house (欠费清单) through the API, as a 5-minute S3 link (no base64
in JSON), opened with openpyxl (Chinese headers, yuan); an export over the inline limit is built by the task
(ExportsQueue -> build_export); a work-order export carries the SLA; a guard may not export."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from openpyxl import load_workbook

from tests.support.identity import body, get, post
from tests.support.payments import bills_for, make_house, new_community, staff_token


def open_sheet(url: str) -> list[tuple[Any, ...]]:
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200, answer.text
    assert "attachment" in answer.headers.get("Content-Disposition", "")
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def deliver_exports(cloud: Any, client: Any) -> list[dict[str, Any]]:
    """What the event source mapping does: receive from ExportsQueue, invoke build_export, delete."""
    sqs = cloud.client("sqs")
    url = next(u for u in sqs.list_queues()["QueueUrls"] if u.endswith("ExportsQueue"))
    results = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=0).get("Messages"):
        event = {"Records": [{"messageId": m["MessageId"], "body": m["Body"]} for m in messages]}
        results.append(client.lambda_.invoke("build_export", event).payload)
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return results


def test_arrears_export_is_a_link_to_an_xlsx_with_chinese_headers(cloud: Any, client: Any) -> None:
    c = new_community()
    houses = [make_house(c, area=100.0), make_house(c, area=50.0)]
    bills_for(c, "2026-10", rate_fen=250)
    bills_for(c, "2026-11", rate_fen=250)
    manager = staff_token(c)
    made = post(client, f"/v1/staff/communities/{c}/exports", {"kind": "arrears"}, manager)
    assert made.status_code == 201, made.body
    export = body(made)
    assert export["status"] == "ready" and export["rows"] == 2 and export["expiresInSeconds"] == 300
    assert export["fileName"].startswith("欠费清单") and export["fileName"].endswith(".xlsx")
    assert "contentBase64" not in export
    rows = open_sheet(export["url"])
    assert rows[0][:4] == ("楼栋", "房屋", "欠费账单数", "欠费金额(元)")
    by_house = {r[7]: r for r in rows[1:]}
    assert set(by_house) == set(houses)
    assert by_house[houses[0]][2:6] == (2, 500.0, "2026-10", "2026-11")  # 100 m2 x 2.50 x 2 months
    assert by_house[houses[1]][3] == 250.0
    again = body(get(client, f"/v1/staff/communities/{c}/exports/{export['exportId']}", manager))
    assert (again["status"] == "ready" and again["url"] and again["url"] != export["url"]) or again["url"]


def test_a_large_export_is_built_by_the_task(cloud: Any, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.exports import service

    monkeypatch.setattr(service, "INLINE_ROWS", 1)
    c = new_community()
    for _ in range(3):
        make_house(c, area=80.0)
    bills_for(c, "2026-11")
    manager = staff_token(c)
    made = body(post(client, f"/v1/staff/communities/{c}/exports", {"kind": "bills", "period": "2026-11"}, manager))
    assert made["status"] == "building" and made["url"] is None, made
    path = f"/v1/staff/communities/{c}/exports/{made['exportId']}"
    assert body(get(client, path, manager))["status"] == "building"
    results = deliver_exports(cloud, client)
    assert results and all(r["batchItemFailures"] == [] for r in results)
    ready = body(get(client, path, manager))
    assert ready["status"] == "ready" and ready["rows"] == 3, ready
    rows = open_sheet(ready["url"])
    assert rows[0][:5] == ("期间", "楼栋", "房屋", "收费项目", "金额(元)")
    assert [r[5] for r in rows[1:]] == ["未缴"] * 3 and {r[4] for r in rows[1:]} == {200.0}


def test_work_order_export_carries_the_sla_and_guards_may_not_export(cloud: Any, client: Any) -> None:
    from chalicelib.work_orders import work_order_service
    from chalicelib.work_orders.model import Actor, Location

    c = new_community()
    house = make_house(c)
    resident = Actor("res-x", "resident", frozenset({"resident.owner"}), frozenset({house}))
    ticket = work_order_service().report(
        c, resident, kind="repair", category_id="repair-plumbing", description="漏水", location=Location(house)
    )
    manager = staff_token(c)
    now = datetime.now(UTC)
    span = {
        "kind": "work_orders",
        "since": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "until": (now + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    export = body(post(client, f"/v1/staff/communities/{c}/exports", span, manager))
    assert export["status"] == "ready", export
    rows = open_sheet(export["url"])
    header, [row] = rows[0], rows[1:]
    record = dict(zip(header, row, strict=True))
    assert record["工单号"] == ticket.ticket_id and record["类型"] == "报修" and record["状态"] == "待受理"
    assert record["响应超时"] == "否" and record["描述"] == "漏水" and record["位置"] == "1-1-101"
    assert post(client, f"/v1/staff/communities/{c}/exports", {"kind": "work_orders"}, manager).status_code == 400
    guard = staff_token(c, "staff.guard")
    assert post(client, f"/v1/staff/communities/{c}/exports", {"kind": "arrears"}, guard).status_code == 403
