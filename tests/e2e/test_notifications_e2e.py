"""Notifications people can read, on the `make up` stack, as the local provider servers receive them.

A resident binds the demo house and presses SOS with a note: the on-duty guard's app push (Alibaba Cloud Mobile
Push, signature checked) is Chinese and names the house (`1栋1单元101`), who pressed it, their phone, what they wrote
and Beijing time; the resident's WeChat subscribe message passes the local WeChat server's value rules (47003
otherwise). Then one message of every other kind (alarm, work order, visitor, arrears, refund) goes out through the
real channels, none is refused, and what the servers received is written to `build/notifications-received.json`.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_stack_up import http
from tests.support.registry import fake_id_card

HOUSE_LABEL = "1栋1单元101"  # the demo house: building 1, unit 1, floor 1, room 01
BEIJING_TIME = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}")
OUT = Path(__file__).resolve().parents[2] / "build" / "notifications-received.json"


def received(stack: dict[str, Any], channel: str, what: str = "_received") -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{stack['notify'][channel]}/{what}", timeout=5) as response:
        return list(json.loads(response.read()))


def eventually(find: Callable[[], Any], seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("nothing arrived in time")


def staff_login(stack: dict[str, Any], role: str) -> str:
    creds = stack["demo"]["identity"]["staff"][role]
    login = {"username": creds["username"], "password": creds["password"]}
    status, session = http("POST", stack["api"] + "/v1/public/staff/login", login)
    assert status == 200, session
    return str(session["accessToken"])


@pytest.fixture(scope="module")
def resident(stack: dict[str, Any]) -> dict[str, str]:
    """The demo resident, bound to the demo house (the binding of the printed banner)."""
    api, binding = stack["api"], stack["demo"]["registry"]["resident_binding"]
    community = binding["community_id"]
    status, session = http("POST", api + "/v1/public/resident/login", {"code": "demo-resident"})
    assert status == 200, session
    bind = {"houseId": binding["house_id"], "name": binding["name"], "phone": binding["phone"]}
    status, bound = http("POST", f"{api}/v1/resident/communities/{community}/bindings", bind, session["accessToken"])
    assert status in (200, 201), bound
    status, refreshed = http("POST", api + "/v1/public/token/refresh", {"refreshToken": session["refreshToken"]})
    assert status == 200, refreshed
    house = f"{api}/v1/resident/communities/{community}/houses/{binding['house_id']}"
    return {"token": str(refreshed["accessToken"]), "house": house, "community": community, **binding}


def test_a_guard_receives_a_chinese_sos_with_the_house_and_phone(
    stack: dict[str, Any], resident: dict[str, str]
) -> None:
    guard_id = stack["demo"]["identity"]["staff"]["guard"]["account_id"]
    press = {"requestId": f"sos-{uuid.uuid4().hex[:12]}", "note": "老人摔倒了"}
    status, alarm = http("POST", resident["house"] + "/sos", press, resident["token"])
    assert status in (200, 201), alarm

    def pushed() -> list[dict[str, Any]]:
        return [
            p
            for p in received(stack, "push")
            if p["to"] == guard_id and "紧急求助" in p["params"]["Title"] and "老人摔倒了" in p["params"]["Body"]
        ]

    (push,) = eventually(pushed)[-1:]
    title, body = push["params"]["Title"], push["params"]["Body"]
    assert title == f"【紧急求助】{HOUSE_LABEL}"
    assert f"{resident['name']}（{resident['phone']}）在{HOUSE_LABEL}发起紧急求助" in body
    assert "留言：老人摔倒了" in body and BEIJING_TIME.search(body), body
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", body) and alarm["alarmId"] not in body  # no UTC, no ids

    def wechat() -> list[dict[str, Any]]:
        return [m for m in received(stack, "wechat") if m["body"]["template_id"] == "tmpl-sos"]

    family = eventually(wechat)[-1]
    assert family["values"]["thing2"] == HOUSE_LABEL and family["values"]["thing6"] == "老人摔倒了"
    assert family["values"]["phone_number4"] == resident["phone"][:3] + "****" + resident["phone"][-4:]
    assert received(stack, "wechat", "_refused") == []
    _record("sos", push=push, wechat=family)


def test_one_message_of_every_kind_reaches_the_local_servers(stack: dict[str, Any], resident: dict[str, str]) -> None:
    api, community = stack["api"], resident["community"]
    staff = f"{api}/v1/staff/communities/{community}"
    guard, manager, manager_b = (staff_login(stack, r) for r in ("guard", "manager", "second manager"))
    building = stack["demo"]["registry"]["building_ids"][0]

    # alarm: a guard's report on patrol -> the on-duty guard's push
    report = {"requestId": uuid.uuid4().hex[:12], "type": "fire_lane_occupied", "severity": "major",
              "building": building, "note": "消防通道被私家车堵住"}  # fmt: skip
    assert http("POST", staff + "/alarms", report, guard)[0] == 201
    alarm = eventually(lambda: [p for p in received(stack, "push") if "消防通道被私家车堵住" in p["params"]["Body"]])
    assert alarm[-1]["params"]["Title"] == "【重要】消防通道占用"

    # work order: the resident reports a leak -> the managers' push; a manager accepts -> the resident's WeChat
    ticket = {"kind": "repair", "categoryId": "repair-plumbing", "description": "厨房水管漏水"}
    status, reported = http("POST", resident["house"] + "/work-orders", ticket, resident["token"])
    assert status == 201, reported
    new = eventually(lambda: [p for p in received(stack, "push") if "厨房水管漏水" in p["params"]["Body"]])
    assert new[-1]["params"]["Title"] == "【新工单】报修·水管漏水" and HOUSE_LABEL in new[-1]["params"]["Body"]
    assert http("POST", f"{staff}/work-orders/{reported['ticketId']}/accept", {}, manager)[0] == 200
    accepted = eventually(
        lambda: [m for m in received(stack, "wechat") if m["body"]["template_id"] == "tmpl-work_order"]
    )[-1]
    assert accepted["values"] == {
        "thing1": "报修·水管漏水",
        "phrase2": "已受理",
        "thing3": HOUSE_LABEL,
        "time4": accepted["values"]["time4"],
        "thing5": "厨房水管漏水",
    } and BEIJING_TIME.fullmatch(accepted["values"]["time4"])

    # visitor: the guard registers a walk-in for the demo house -> the host's WeChat
    walk_in = {"houseId": resident["house_id"], "visitorName": "李四", "visitorPhone": "13912345678",
               "reason": "送快递", "idNumber": fake_id_card()}  # fmt: skip
    status, registered = http("POST", staff + "/visitor-passes/walk-in", walk_in, guard)
    assert status == 201, registered
    visitor = eventually(lambda: [m for m in received(stack, "wechat") if m["body"]["template_id"] == "tmpl-visitor"])[
        -1
    ]
    assert visitor["values"]["name1"] == "李四" and visitor["values"]["phone_number2"] == "139****5678"

    # arrears: last-but-one month's elevator fee, overdue now -> the daily reminder (invoked as the schedule does)
    now = datetime.now(UTC)
    month = (now.year * 12 + now.month - 1) - 2
    period = f"{month // 12}-{month % 12 + 1:02d}"
    status, run = http("POST", staff + "/billing-runs", {"feeItemId": "elevator", "period": period}, manager)
    assert status in (200, 201), run
    _invoke(stack, "payment_arrears_reminders")
    arrears = eventually(lambda: [m for m in received(stack, "wechat") if m["body"]["template_id"] == "tmpl-arrears"])[
        -1
    ]
    assert arrears["values"]["thing3"] == HOUSE_LABEL and arrears["values"]["amount2"].startswith("¥")

    # refund: the resident pays a bill; one manager requests a refund, the second approves; WeChat Pay completes it
    status, bills = http("GET", resident["house"] + "/bills", token=resident["token"])
    unpaid = [b for b in bills["items"] if b["status"] == "unpaid"]
    status, order = http("POST", resident["house"] + "/payments", {"billIds": [unpaid[0]["billId"]]}, resident["token"])
    assert status == 201, order
    order_id = order["order"]["orderId"]

    def paid() -> bool:
        answer = http("GET", f"{resident['house']}/payments/{order_id}", token=resident["token"])[1]
        return answer.get("status") == "paid"

    eventually(paid)
    refund = {"orderId": order_id, "amountFen": unpaid[0]["amountFen"], "reason": "重复缴费"}
    status, requested = http("POST", staff + "/refunds", refund, manager)
    assert status == 201, requested
    assert http("POST", f"{staff}/refunds/{requested['refundId']}/approve", {}, manager)[0] == 403  # four eyes
    status, approved = http("POST", f"{staff}/refunds/{requested['refundId']}/approve", {}, manager_b)
    assert status == 200, approved
    refunded = eventually(lambda: [m for m in received(stack, "wechat") if m["body"]["template_id"] == "tmpl-refund"])[
        -1
    ]
    assert refunded["values"]["phrase3"] == "已退款" and refunded["values"]["character_string5"] == order_id

    assert received(stack, "wechat", "_refused") == [], "the local WeChat refused a message (47003)"
    _record("alarm", push=alarm[-1])
    _record("work_order", push=new[-1], wechat=accepted)
    _record("visitor", wechat=visitor)
    _record("arrears", wechat=arrears)
    _record("refund", wechat=refunded)


def _invoke(stack: dict[str, Any], function: str) -> Any:
    import boto3

    client = boto3.client(
        "lambda",
        endpoint_url=stack["aws_endpoint"],
        region_name=stack["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    from infra.localcloud.cloud import STACK_NAME

    scheduled = {  # what EventBridge hands a scheduled function
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": stack["region"],
        "resources": [],
        "detail": {},
    }
    answer = client.invoke(FunctionName=f"{STACK_NAME}-{function}", Payload=json.dumps(scheduled).encode())
    assert "FunctionError" not in answer, answer["Payload"].read()
    return json.loads(answer["Payload"].read())


def _record(kind: str, **by_channel: dict[str, Any]) -> None:
    """What the local servers received, one message per kind and channel (the closing note quotes it)."""
    OUT.parent.mkdir(exist_ok=True)
    found = json.loads(OUT.read_text()) if OUT.exists() else {}
    shown: dict[str, Any] = {}
    for channel, item in by_channel.items():
        if channel == "push":
            shown[channel] = {"title": item["params"]["Title"], "body": item["params"]["Body"]}
        else:
            shown[channel] = {"template_id": item["body"]["template_id"], "data": item["values"]}
    found[kind] = shown
    OUT.write_text(json.dumps(found, ensure_ascii=False, indent=2))
