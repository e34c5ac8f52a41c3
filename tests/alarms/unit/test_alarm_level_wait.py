"""One escalation level in one workflow task (`notify_and_wait`): the level's people told unless told already, on the
first level the linked device commands, then the acknowledgement's task token kept on the alarm, with one read and
one write of the alarm; a retried task sends nothing twice. Through moto's engine: tests/alarms/workflow."""

from __future__ import annotations

from typing import Any

from tests.fakes.alarms import FakeDevice, StaticPlaces, build_service, event

C = "c-1"


def _fire_in_a() -> tuple[Any, dict[str, Any], str]:
    places = StaticPlaces(
        devices={
            "smoke-a": FakeDevice("smoke-a", "smoke_detector", "A"),
            "door-a1": FakeDevice("door-a1", "door_controller", "A"),
            "lift-a": FakeDevice("lift-a", "elevator", "A"),
            "door-b1": FakeDevice("door-b1", "door_controller", "B"),
        }
    )
    service, parts = build_service(places=places)
    alarm_id = service.handle(event("smoke-a", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    return service, parts, alarm_id


def _pushes(parts: dict[str, Any]) -> int:
    return len(parts["channels"]["push"].sent)


def test_the_first_level_finds_its_people_told_runs_the_linkage_and_waits_in_one_write() -> None:
    service, parts, alarm_id = _fire_in_a()
    told = _pushes(parts)
    assert told == 1, "the consumer told the guard on duty"
    before = service.get(C, alarm_id)

    answer = service.notify_and_wait(C, alarm_id, 0, "token-1", linkage=True)

    after = service.get(C, alarm_id)
    assert answer["waiting"] is True and answer["linked"] == 2 and answer["sent"] == 1
    assert _pushes(parts) == told, "nobody is told twice"
    assert {(t.device_id, t.command) for _, t, _ in parts["commands"].sent} == {
        ("door-a1", "set_mode"),
        ("lift-a", "call_to_floor"),
    }
    assert after.ack_token == "token-1"
    assert [e.action for e in after.timeline].count("linked") == 2
    assert after.version == before.version + 1, "the linkage notes and the token are one write"


def test_a_retried_level_task_sends_nothing_again_and_keeps_the_new_token() -> None:
    service, parts, alarm_id = _fire_in_a()
    service.notify_and_wait(C, alarm_id, 0, "token-1", linkage=True)
    pushes, commands = _pushes(parts), len(parts["commands"].sent)

    answer = service.notify_and_wait(C, alarm_id, 0, "token-2", linkage=True)

    alarm = service.get(C, alarm_id)
    assert answer["waiting"] is True and answer["linked"] == 0
    assert (_pushes(parts), len(parts["commands"].sent)) == (pushes, commands)
    assert [e.action for e in alarm.timeline].count("linked") == 2
    assert [e.action for e in alarm.timeline].count("notified") == 1
    assert alarm.ack_token == "token-2"


def test_an_alarm_acknowledged_before_the_wait_answers_it_at_once() -> None:
    service, parts, alarm_id = _fire_in_a()
    service.acknowledge(C, alarm_id, "guard-1")

    answer = service.notify_and_wait(C, alarm_id, 0, "token-1", linkage=True)

    assert answer["waiting"] is False
    assert parts["workflows"].succeeded == [("token-1", {"acknowledgedBy": "guard-1"})]
    alarm = service.get(C, alarm_id)
    assert alarm.ack_token is None
    assert [e.action for e in alarm.timeline].count("linked") == 2, "a fire still opens the doors"


def test_a_later_level_is_told_then_waited_for_without_the_linkage() -> None:
    service, parts, alarm_id = _fire_in_a()
    service.notify_and_wait(C, alarm_id, 0, "token-1", linkage=True)
    service.escalate(C, alarm_id, 0)
    commands = len(parts["commands"].sent)

    answer = service.notify_and_wait(C, alarm_id, 1, "token-2")

    alarm = service.get(C, alarm_id)
    manager = [r.address for r, _ in parts["channels"]["push"].sent if r.role == "staff.manager"]
    assert manager == ["staff-staff.manager"] and answer["sent"] == 1
    assert len(parts["commands"].sent) == commands
    assert alarm.ack_token == "token-2"
    assert [e.detail["level"] for e in alarm.timeline if e.action == "notified"] == [0, 1]


def test_a_linkage_that_fails_is_recorded_and_the_wait_goes_on() -> None:
    class Unreachable(StaticPlaces):
        def devices_for_linkage(self, community_id: str, building: str, device_types: tuple[str, ...]) -> list[Any]:
            raise ConnectionError("device ledger unavailable")

    service, _ = build_service(places=Unreachable(devices={"smoke-a": FakeDevice("smoke-a", "smoke_detector", "A")}))
    alarm_id = service.handle(event("smoke-a", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]

    answer = service.notify_and_wait(C, alarm_id, 0, "token-1", linkage=True)

    alarm = service.get(C, alarm_id)
    (failed,) = [e.detail for e in alarm.timeline if e.action == "linked"]
    assert failed == {"error": "ConnectionError: device ledger unavailable"}
    assert answer["waiting"] is True and alarm.ack_token == "token-1"


def test_a_level_told_meanwhile_by_another_step_is_noted_once() -> None:
    """The consumer tells the on-duty level; a redelivered copy of its message can start the workflow before that
    note is written, and the workflow tells the level too: the same deliveries (nobody is pushed twice), and the
    second note is not written."""
    service, parts, alarm_id = _fire_in_a()

    service.notify_level(C, alarm_id, 0)  # as the workflow's step does when it read the alarm before the note

    alarm = service.get(C, alarm_id)
    assert [e.action for e in alarm.timeline].count("notified") == 1
    assert _pushes(parts) == 1
