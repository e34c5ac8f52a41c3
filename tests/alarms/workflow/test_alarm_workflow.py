"""stepfunctions/alarm_handling.asl.json executed by moto's engine, its Lambda task running in-process, with the
notification channels pointed at the local provider servers and ack timeouts of 2 seconds."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.alarms import wiring as alarms_wiring
from chalicelib.notifications import wiring as notifications_wiring
from tests.support.alarms import (  # noqa: F401
    candidate,
    community,
    consume,
    device,
    drain,
    invoke_consumer,
    providers,
    wait_for,
)
from tests.support.identity import make_staff, token_for
from tests.support.registry import add_member, fake_phone, make_house, make_person, new_community

pytestmark = pytest.mark.usefixtures("providers")


def _raise(cloud: Any, c: str, device_id: str, device_type: str, event: str) -> Any:
    """Through the alarm_events function, as its queue mapping invokes it (its calls are checked against its role)."""
    result = invoke_consumer(cloud, [candidate(c, device_id, device_type, event)])
    assert result["batchItemFailures"] == [], result
    (alarm,) = [a for a in alarms_wiring.alarm_service().find(c, _q())[0] if a.originator_id == device_id]
    return alarm


def _q(**kw: Any) -> Any:
    from chalicelib.alarms.model import AlarmQuery

    return AlarmQuery(**kw)


def _history(cloud: Any, arn: str) -> list[dict[str, Any]]:
    return cloud.client("stepfunctions").get_execution_history(executionArn=arn)["events"]


def test_acknowledged_in_time_then_cleared_closes_the_alarm(
    cloud: Any,
    providers: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(alarms_wiring.alarm_service(), "ack_timeouts", dict.fromkeys(("critical", "major"), 30))
    c = community()
    guard = make_staff({c}, {"staff.guard"})
    alarms_wiring.duty_roster().add(c, guard.account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "test")
    door_a, door_b = device(c, "door_controller", "A"), device(c, "door_controller", "B")
    smoke = device(c, "smoke_detector", "A")
    alarm = _raise(cloud, c, smoke, "smoke_detector", "fire_alarm")
    # the consumer told the on-duty guard before it started the workflow, so before it returned
    assert any(r["to"] == guard.account_id for r in providers.push.received), "the on-duty guard got a push"

    service = alarms_wiring.alarm_service()
    waiting = wait_for(lambda: (a := service.get(c, alarm.alarm_id)).ack_token and a, what="the ack task token")
    linked = {e.detail["deviceId"] for e in waiting.timeline if e.action == "linked"}
    assert door_a in linked and door_b not in linked, "fire in building A unlocks A's doors, not B's"

    service.acknowledge(c, alarm.alarm_id, guard.account_id)
    wait_for(lambda: service.get(c, alarm.alarm_id).clear_token, what="the clear task token")
    service.clear(c, alarm.alarm_id, "false alarm: cooking smoke", guard.account_id)
    result = cloud.wait_for_execution(alarm.execution_arn, timeout=20)
    assert result["status"] == "SUCCEEDED", result
    final = service.get(c, alarm.alarm_id)
    assert final.closed_at is not None and final.combined_status == "CLEARED_ACK"
    actions = [e.action for e in final.timeline]
    assert (
        actions.index("notified") < actions.index("acknowledged") < actions.index("cleared") < actions.index("closed")
    )
    assert "escalated" not in actions
    deliveries, _ = notifications_wiring.deliveries().page(c, f"alarm:{alarm.alarm_id}", 20, None)
    assert [(d.channel, d.status) for d in deliveries] == [("push", "sent")]
    assert actions.count("notified") == 1, "the workflow's first step found the guard told and told nobody again"
    assert [r["to"] for r in providers.push.received].count(guard.account_id) == 1


def test_unacknowledged_home_alarm_escalates_through_every_level_then_dead_letters(
    client: Any,
    cloud: Any,
    providers: Any,  # noqa: F811
) -> None:
    c = new_community(client)
    house = make_house(client, c)
    contact_phone = fake_phone()
    person, _ = make_person(client, c, emergencyContacts=[{"name": "李四", "phone": contact_phone, "relation": "son"}])
    status, _ = add_member(client, c, house["houseId"], person["personId"])
    assert status in (200, 201)
    make_staff({c}, {"staff.manager"})
    make_staff({c}, {"community.admin"})
    gas = device(c, "gas_detector", house.get("buildingId"), user=house["houseId"])
    drain(cloud, "WORKFLOW_DLQ_URL", timeout=0.5)

    alarm = _raise(cloud, c, gas, "gas_detector", "gas_leak")
    assert alarm.house_id == house["houseId"]
    result = cloud.wait_for_execution(alarm.execution_arn, timeout=60)
    assert result["status"] == "FAILED" and result.get("error") == "AlarmHandlingFailed"
    final = alarms_wiring.alarm_service().get(c, alarm.alarm_id)
    levels = [e.detail["level"] for e in final.timeline if e.action == "escalated"]
    assert levels == [1, 2, 3]
    notified = {e.detail["levelName"]: e.detail for e in final.timeline if e.action == "notified"}
    assert notified["manager"]["sent"] == 1 and notified["community_admin"]["sent"] == 1
    assert notified["emergency_contacts"]["sent"] == 1
    assert any(r["to"] == contact_phone for r in providers.sms.received), "the emergency contact got an SMS"
    (letter,) = [m for m in drain(cloud, "WORKFLOW_DLQ_URL") if m.get("alarmId") == alarm.alarm_id]
    assert letter["error"]["Error"] == "AlarmNotAcknowledged"
    linked = [e.detail for e in final.timeline if e.action == "linked"]
    assert {"deviceId": gas, "command": "close_valve"}.items() <= linked[0].items()


def _board(client: Any, c: str, token: str, query: str) -> list[dict[str, Any]]:
    response = client.http.get(
        f"/v1/staff/communities/{c}/alarms?{query}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.body
    items: list[dict[str, Any]] = json.loads(response.body)["items"]
    return items


def test_an_emergency_button_pressed_again_after_escalation_ran_out_reaches_people_again(
    client: Any,
    cloud: Any,
    providers: Any,  # noqa: F811
) -> None:
    """The review's case: a home emergency button's alarm escalates through every level unacknowledged; the
    alarm is flagged on the staff board; the button pressed again starts the escalation again from the top (a new
    execution; the on-duty guard is pushed again), and an acknowledgement then carries it to its end."""
    c = new_community(client)
    house = make_house(client, c)
    person, _ = make_person(client, c, emergencyContacts=[{"name": "李四", "phone": fake_phone(), "relation": "son"}])
    assert add_member(client, c, house["houseId"], person["personId"])[0] in (200, 201)
    guard = make_staff({c}, {"staff.guard"})
    alarms_wiring.duty_roster().add(c, guard.account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "test")
    make_staff({c}, {"staff.manager"})
    make_staff({c}, {"community.admin"})
    token = token_for({"staff.guard"}, {c}, subject=guard.account_id)
    button = device(c, "emergency_button", house.get("buildingId"), user=house["houseId"])
    service = alarms_wiring.alarm_service()

    def pushes_to_guard() -> int:
        return sum(1 for r in providers.push.received if r["to"] == guard.account_id)

    alarm = _raise(cloud, c, button, "emergency_button", "emergency_pressed")
    result = cloud.wait_for_execution(alarm.execution_arn, timeout=60)
    assert result["status"] == "FAILED", result
    ran_out = service.get(c, alarm.alarm_id)
    assert ran_out.unanswered and ran_out.timeline[-1].action == "escalation_exhausted"
    assert [e.detail["level"] for e in ran_out.timeline if e.action == "escalated"] == [1, 2, 3]
    (flagged,) = _board(client, c, token, "status=unanswered")
    assert flagged["alarmId"] == alarm.alarm_id and flagged["unanswered"] is True and flagged["count"] == 1
    pushed = pushes_to_guard()
    assert pushed == 1

    again = consume(cloud, [candidate(c, button, "emergency_button", "emergency_pressed")])
    assert list(again["outcomes"].values()) == ["restarted"], again
    restarted = service.get(c, alarm.alarm_id)
    assert restarted.count == 2 and restarted.escalation_round == 1
    assert restarted.execution_arn is not None and restarted.execution_arn.endswith(f":{alarm.alarm_id}-r1")
    assert restarted.execution_arn != alarm.execution_arn
    wait_for(lambda: pushes_to_guard() > pushed, what="the on-duty guard pushed again")
    waiting = wait_for(lambda: (a := service.get(c, alarm.alarm_id)).ack_token and a, what="the new round's token")
    assert any(e.action == "escalation_restarted" for e in waiting.timeline)
    deliveries, _ = notifications_wiring.deliveries().page(c, f"alarm:{alarm.alarm_id}", 50, None)
    assert {"level-0", "round-1-level-0"} <= {d.key for d in deliveries}

    response = client.http.post(
        f"/v1/staff/communities/{c}/alarms/{alarm.alarm_id}/acknowledge",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        body=b"{}",
    )
    assert response.status_code == 200, response.body
    assert _board(client, c, token, "status=unanswered") == [], "acknowledged: no longer flagged"
    wait_for(lambda: service.get(c, alarm.alarm_id).clear_token, what="the clear task token")
    service.clear(c, alarm.alarm_id, "resident helped", guard.account_id)
    assert cloud.wait_for_execution(restarted.execution_arn, timeout=30)["status"] == "SUCCEEDED"
    assert service.get(c, alarm.alarm_id).closed_at is not None


def test_a_failing_task_routes_to_the_dead_letter_queue_with_the_alarm_id(cloud: Any) -> None:
    import os

    drain(cloud, "WORKFLOW_DLQ_URL", timeout=0.5)
    sfn = cloud.client("stepfunctions")
    payload = {"alarmId": "alm-missing", "communityId": community(), "severity": "critical", "level": 0}
    payload |= {"maxLevel": 2, "ackTimeoutSeconds": 2, "clearTimeoutSeconds": 2}
    arn = sfn.start_execution(stateMachineArn=os.environ["ALARM_STATE_MACHINE_ARN"], input=json.dumps(payload))[
        "executionArn"
    ]
    result = cloud.wait_for_execution(arn, timeout=30)
    assert result["status"] == "FAILED" and result.get("error") == "AlarmHandlingFailed"
    (letter,) = [m for m in drain(cloud, "WORKFLOW_DLQ_URL") if m.get("alarmId") == "alm-missing"]
    assert "ALARM_NOT_FOUND" in letter["error"]["Cause"] or "NotFound" in letter["error"]["Error"]
    entered = [e["stateEnteredEventDetails"]["name"] for e in _history(cloud, arn) if "stateEnteredEventDetails" in e]
    assert entered[-2:] == ["SendToDeadLetterQueue", "AlarmHandlingFailed"]
