"""Which alarms open a work order and what it says; work-order notices through the one notifier."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.alarms.dispatch import dispatch_for
from chalicelib.alarms.model import Alarm
from chalicelib.work_orders.model import Notice

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def alarm(alarm_type: str, device_type: str | None = "door_controller", **kw: Any) -> Alarm:
    return Alarm("alm-1", "c-1", alarm_type, "major", "device", "dev-1", NOW, NOW, device_type=device_type, **kw)


@pytest.mark.parametrize("alarm_type", ["fire_alarm", "gas_leak", "emergency_pressed", "intrusion", "duress_open"])
def test_emergencies_are_not_repair_tickets(alarm_type: str) -> None:
    assert dispatch_for(alarm(alarm_type)) is None


@pytest.mark.parametrize(
    ("alarm_type", "device_type", "category"),
    [
        ("trapped_person", "elevator_controller", "repair-elevator"),
        ("water_leak", "water_leak_sensor", "repair-plumbing"),
        ("pressure_low", "fire_hydrant_monitor", "repair-plumbing"),
        ("lamp_fault", "street_light", "repair-electrical"),
        ("tilted", "manhole_cover", "repair-public"),
        ("device_offline", None, "repair-public"),
    ],
)
def test_equipment_faults_open_a_repair_in_the_right_category(
    alarm_type: str, device_type: str | None, category: str
) -> None:
    plan = dispatch_for(alarm(alarm_type, device_type, building="b-3"))
    assert plan is not None and plan.category_id == category
    assert plan.ticket_id == "wo-alm-1"  # derived from the alarm: a retried dispatch finds the same ticket
    assert plan.location.area == "building b-3" and plan.location.house_id is None
    assert "alm-1" in plan.description


def test_a_home_alarm_is_located_at_the_house() -> None:
    plan = dispatch_for(alarm("water_leak", "water_leak_sensor", house_id="h-9", building="b-1"))
    assert plan is not None and plan.location.house_id == "h-9"


def test_work_order_notices_go_through_the_notifier_by_push_and_wechat() -> None:
    from chalicelib.work_orders.adapters import WorkOrderNotices

    sent: list[Any] = []
    openids = {"res-1": "o-res-1"}
    notices = WorkOrderNotices(sent.append, openids.get, lambda c, d: "3栋2单元1201", lambda a: "张师傅")
    data = {
        "ticketId": "wo-1",
        "kind": "repair",
        "status": "accepted",
        "category": "repair-plumbing",
        "dueAt": "2026-12-07T14:51:00Z",
        "at": "2026-12-07T06:51:05.030Z",
        "description": "厨房水管漏水",
        "assignee": "tech-1",
        "version": 3,
    }
    notices.send(
        [
            Notice("res-1", "resident", "c-1", "work_order.accepted", data),
            Notice("res-2", "resident", "c-1", "work_order.accepted", data),  # no openid: nobody to send to
            Notice("tech-1", "staff", "c-1", "work_order.assigned", data),
        ]
    )
    by_key = {m.key: m for m in sent}
    assert set(by_key) == {"work_order.accepted@v3", "work_order.assigned@v3"}
    accepted = by_key["work_order.accepted@v3"]
    assert accepted.subject == "workorder:wo-1" and accepted.community_id == "c-1"
    assert [(r.channel, r.address) for r in accepted.recipients] == [("wechat", "o-res-1")]
    assert [(r.channel, r.address) for r in by_key["work_order.assigned@v3"].recipients] == [("push", "tech-1")]
    assert accepted.kind == "work_order" and accepted.fields == {
        "title": "报修·水管漏水",
        "status": "已受理",
        "place": "3栋2单元1201",
        "time": "2026年12月7日 14:51",  # Beijing time
        "note": "厨房水管漏水",
        "reference": "wo-1",
        "due": "2026年12月7日 22:51",
    }
    assigned = by_key["work_order.assigned@v3"]
    assert assigned.title == "【已派单】报修·水管漏水" and "维修人员张师傅" in assigned.body
