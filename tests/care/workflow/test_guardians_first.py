"""A fall detected by the wearable of a person in care, through the alarm consumer (the `alarm_events` function)
and stepfunctions/alarm_handling.asl.json executed by moto's engine: the household and the first guardian are told
first (WeChat to the resident accounts), the next guardians after the first wait (push to the staff guardian), and
only after nobody acknowledged does the escalation reach the staff on duty, then the manager and the community
admin (a home with one guardian goes from the household straight to the staff). Ack timeouts are 2 seconds."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.alarms import wiring as alarms_wiring
from tests.care.helpers import elderly_home, register, staff_guardian, wechat_account
from tests.support.alarms import candidate, drain, invoke_consumer, providers, wait_for  # noqa: F401
from tests.support.identity import make_staff
from tests.support.registry import call, token

pytestmark = pytest.mark.usefixtures("providers")


def _fall(cloud: Any, c: str, wearable: str) -> Any:
    result = invoke_consumer(cloud, [candidate(c, wearable, "wearable", "fall_detected", data={"confidence": 0.93})])
    assert result["batchItemFailures"] == [], result
    from chalicelib.alarms.model import AlarmQuery

    (alarm,) = [a for a in alarms_wiring.alarm_service().find(c, AlarmQuery())[0] if a.originator_id == wearable]
    return alarm


def test_household_and_guardians_first_then_on_duty_manager_admin(
    client: Any,
    cloud: Any,
    providers: Any,  # noqa: F811
) -> None:
    home = elderly_home(client)
    c = home.community
    daughter, daughter_openid = wechat_account()
    neighbour = staff_guardian(c)
    register(
        client,
        home,
        [
            {"accountId": daughter, "kind": "resident", "relation": "family", "order": 1},
            {"accountId": neighbour.account_id, "kind": "staff", "relation": "community_worker", "order": 2},
        ],
    )
    guard = make_staff({c}, {"staff.guard"})
    alarms_wiring.duty_roster().add(c, guard.account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "test")
    manager = make_staff({c}, {"staff.manager"})
    admin = make_staff({c}, {"community.admin"})
    drain(cloud, "WORKFLOW_DLQ_URL", timeout=0.5)

    alarm = _fall(cloud, c, home.wearable)
    assert alarm.house_id == home.house_id and alarm.data.get("ladder") == "guardians_first"
    wechat_to = {r.get("touser") or r.get("to") for r in providers.wechat.received}
    assert {home.resident_openid, daughter_openid} <= wechat_to, "the household and the first guardian heard first"
    pushed = [r["to"] for r in providers.push.received]
    assert neighbour.account_id not in pushed, "the second guardian waits for the first one's chance"
    assert guard.account_id not in pushed, "the on-duty staff are not told before the guardians had their chance"
    wait_for(
        lambda: neighbour.account_id in [r["to"] for r in providers.push.received], what="the second guardian's push"
    )
    assert guard.account_id not in [r["to"] for r in providers.push.received], "the staff still wait"

    result = cloud.wait_for_execution(alarm.execution_arn, timeout=60)
    assert result["status"] == "FAILED" and result.get("error") == "AlarmHandlingFailed"
    final = alarms_wiring.alarm_service().get(c, alarm.alarm_id)
    names = [e.detail["levelName"] for e in final.timeline if e.action == "notified"]
    assert names == ["household_guardians", "next_guardians", "on_duty", "manager", "community_admin"], names
    pushed = [r["to"] for r in providers.push.received]
    order = [pushed.index(a) for a in (neighbour.account_id, guard.account_id, manager.account_id, admin.account_id)]
    assert order == sorted(order), "second guardian, then on duty, then manager, then admin"


def test_acknowledged_by_a_guardian_never_reaches_the_staff(
    client: Any,
    cloud: Any,
    providers: Any,  # noqa: F811
) -> None:
    home = elderly_home(client)
    c = home.community
    daughter, _ = wechat_account()
    care = register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    guard = make_staff({c}, {"staff.guard"})
    alarms_wiring.duty_roster().add(c, guard.account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "test")

    alarm = _fall(cloud, c, home.wearable)
    service = alarms_wiring.alarm_service()
    wait_for(lambda: service.get(c, alarm.alarm_id).ack_token, what="the ack task token")
    # from the guardian's phone: her view lists the fall; a stranger cannot touch it; she acknowledges it
    mine = token({"resident.owner"}, set(), subject=daughter, kind="resident")
    status, view = call(client, "GET", f"/v1/resident/care/guarded/{care['careId']}", mine)
    assert status == 200 and [(a["alarmId"], a["typeName"]) for a in view["alarms"]] == [(alarm.alarm_id, "跌倒报警")]
    path = f"/v1/resident/care/guarded/{care['careId']}/alarms/{alarm.alarm_id}/acknowledge"
    stranger = token({"resident.owner"}, set(), subject="not-a-guardian", kind="resident")
    assert call(client, "POST", path, stranger)[0] == 404
    status, acked = call(client, "POST", path, mine)
    assert status == 200 and acked["acknowledged"] and acked["acknowledgedBy"] == daughter, acked
    assert call(client, "POST", path, mine)[0] == 409
    wait_for(lambda: service.get(c, alarm.alarm_id).clear_token, what="the clear task token")
    assert guard.account_id not in [r["to"] for r in providers.push.received]
    final = service.get(c, alarm.alarm_id)
    assert [e.detail["levelName"] for e in final.timeline if e.action == "notified"] == ["household_guardians"]


def test_gas_in_a_cared_for_home_closes_the_valve_and_tells_the_guardians_first(
    client: Any,
    cloud: Any,
    providers: Any,  # noqa: F811
) -> None:
    home = elderly_home(client)
    c = home.community
    neighbour = staff_guardian(c)
    register(client, home, [{"accountId": neighbour.account_id, "kind": "staff", "relation": "neighbour", "order": 1}])
    result = invoke_consumer(cloud, [candidate(c, home.gas, "gas_detector", "gas_leak")])
    assert result["batchItemFailures"] == [], result
    from chalicelib.alarms.model import AlarmQuery

    service = alarms_wiring.alarm_service()
    (alarm,) = [a for a in service.find(c, AlarmQuery())[0] if a.originator_id == home.gas]
    assert neighbour.account_id in [r["to"] for r in providers.push.received]
    linked = wait_for(
        lambda: [e.detail for e in service.get(c, alarm.alarm_id).timeline if e.action == "linked"], what="linkage"
    )
    assert {"deviceId": home.gas, "command": "close_valve"}.items() <= linked[0].items(), "the house's valve closes"


def test_one_guardian_then_straight_to_the_staff_on_duty(
    client: Any,
    cloud: Any,
    providers: Any,  # noqa: F811
) -> None:
    home = elderly_home(client)
    c = home.community
    daughter, daughter_openid = wechat_account()
    register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    guard = make_staff({c}, {"staff.guard"})
    alarms_wiring.duty_roster().add(c, guard.account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "test")
    alarm = _fall(cloud, c, home.wearable)
    assert daughter_openid in {r.get("to") for r in providers.wechat.received}
    result = cloud.wait_for_execution(alarm.execution_arn, timeout=60)
    assert result["status"] == "FAILED"
    final = alarms_wiring.alarm_service().get(c, alarm.alarm_id)
    names = [e.detail["levelName"] for e in final.timeline if e.action == "notified"]
    assert names == ["household_guardians", "on_duty", "manager", "community_admin"], "no empty wait: " + str(names)
