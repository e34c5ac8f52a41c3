"""An alarm that fires again, walked over every way an alarm fires (a device event, a resident's SOS, a staff report)
and every state its escalation can be in (running, ran out, acknowledged): once a round ran out unacknowledged the
alarm is flagged `unanswered` and a new firing escalates it again from the top (a new execution, the people told
again); while a round runs, or once somebody acknowledged, a firing only counts. The workflow's own end of a round
(the last level's wait over) starts the next round at once when the alarm fired during that wait.
The same through moto's Step Functions engine and the board's filter (`status=unanswered`):
tests/alarms/workflow/test_alarm_workflow.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.fakes.alarms import FakeDevice, StaticPlaces, build_service, event

C = "c-1"


def _service() -> tuple[Any, dict[str, Any]]:
    places = StaticPlaces(
        devices={"btn-1": FakeDevice("btn-1", "emergency_button", "B1"), "h-1": FakeDevice("h-1", "house", "B1")},
        houses={"btn-1": "h-1", "h-1": "h-1"},
    )
    return build_service(places=places)


def _firing(kind: str) -> Callable[[Any, int], str]:
    """Fires the alarm of `kind` (the n-th time); returns the alarm id."""

    def fire(service: Any, n: int) -> str:
        if kind == "device":
            outcome = service.handle(event("btn-1", "emergency_button", "emergency_pressed", f"m{n}"))
            return str(outcome.alarm_ids[0])
        if kind == "sos":
            return str(service.raise_sos(C, "h-1", "resident-1", None, f"press-{n}").alarm_id)
        return str(service.report(C, "guard-1", "fence_damaged", "major", "B", None, f"report-{n}").alarm_id)

    return fire


def _run_workflow(service: Any, alarm_id: str) -> list[int]:
    """The workflow's loop (NotifyOnDuty, then Escalate / NotifyLevel) with every wait timing out; the levels told."""
    told = [0]
    service.notify_level(C, alarm_id, 0)
    level = 0
    while True:
        step = service.escalate(C, alarm_id, level)
        if step["exhausted"]:
            return told
        level = step["level"]
        told.append(level)
        service.notify_level(C, alarm_id, level)


def _pushes(parts: dict[str, Any]) -> int:
    return len(parts["channels"]["push"].sent)


@pytest.mark.parametrize("kind", ["device", "sos", "report"])
def test_an_unacknowledged_alarm_that_fires_after_its_escalation_ran_out_is_escalated_again(kind: str) -> None:
    service, parts = _service()
    fire = _firing(kind)
    alarm_id = fire(service, 1)
    started = parts["workflows"].started
    assert [name for name, _ in started] == [alarm_id]

    # Firing while the round runs only counts: the running escalation is telling people.
    assert fire(service, 2) == alarm_id
    assert len(started) == 1

    told = _run_workflow(service, alarm_id)
    assert told == ([0, 1, 2, 3] if kind != "report" else [0, 1, 2])
    ran_out = service.get(C, alarm_id)
    assert ran_out.unanswered and ran_out.escalation_over
    assert [e.action for e in ran_out.timeline][-1] == "escalation_exhausted"

    # Fires again: from the top, as a new round with its own execution, and the on-duty people are told again.
    pushes = _pushes(parts)
    assert fire(service, 3) == alarm_id
    again = service.get(C, alarm_id)
    assert again.escalation_round == 1 and again.escalation_level == 0 and not again.escalation_over
    assert [name for name, _ in started] == [alarm_id, f"{alarm_id}-r1"]
    assert started[1][1]["level"] == 0 and started[1][1]["round"] == 1
    assert any(e.action == "escalation_restarted" and e.detail["round"] == 1 for e in again.timeline)
    assert again.execution_arn is not None and again.execution_arn.endswith(f":{alarm_id}-r1")
    assert service.notify_level(C, alarm_id, 0)["sent"] >= 1
    assert _pushes(parts) > pushes, "the on-duty staff got the alarm again"
    assert again.unanswered, "still flagged until somebody acknowledges"

    # Acknowledged: the flag goes, and firing again only counts.
    service.acknowledge(C, alarm_id, "guard-1")
    assert not service.get(C, alarm_id).unanswered
    fire(service, 4)
    assert len(started) == 2


def test_the_same_firing_delivered_twice_restarts_the_escalation_once() -> None:
    service, parts = _service()
    alarm_id = _firing("sos")(service, 1)
    _run_workflow(service, alarm_id)
    service.raise_sos(C, "h-1", "resident-1", None, "press-2")
    service.raise_sos(C, "h-1", "resident-1", None, "press-2")  # the app sent the same press again
    assert [name for name, _ in parts["workflows"].started] == [alarm_id, f"{alarm_id}-r1"]
    assert service.get(C, alarm_id).count == 2


def test_a_restart_whose_workflow_did_not_start_is_started_by_the_redelivery() -> None:
    service, parts = _service()
    alarm_id = _firing("device")(service, 1)
    _run_workflow(service, alarm_id)
    parts["workflows"].fail = True
    with pytest.raises(Exception, match="could not start"):
        service.handle(event("btn-1", "emergency_button", "emergency_pressed", "m2"))
    parts["workflows"].fail = False
    assert service.handle(event("btn-1", "emergency_button", "emergency_pressed", "m2")).action == "duplicate"
    assert [name for name, _ in parts["workflows"].started] == [alarm_id, f"{alarm_id}-r1"]


def test_firing_during_the_last_wait_starts_the_next_round_when_the_round_runs_out() -> None:
    service, parts = _service()
    fire = _firing("device")
    alarm_id = fire(service, 1)
    service.notify_level(C, alarm_id, 0)
    for level in (0, 1, 2):
        assert service.escalate(C, alarm_id, level) == {"level": level + 1, "exhausted": False}
        service.notify_level(C, alarm_id, level + 1)
    fire(service, 2)  # pressed again while the emergency contacts' wait runs
    assert service.escalate(C, alarm_id, 3) == {"level": 0, "exhausted": False}, "from the top, in this execution"
    assert service.escalate(C, alarm_id, 3) == {"level": 0, "exhausted": False}, "a retried step restarts once"
    alarm = service.get(C, alarm_id)
    assert alarm.escalation_round == 1 and not alarm.unanswered
    assert [e.action for e in alarm.timeline].count("escalation_restarted") == 1
    pushes = _pushes(parts)
    service.notify_level(C, alarm_id, 0)
    assert _pushes(parts) == pushes + 1, "the on-duty guard is told again (a delivery of round 1)"
    assert len(parts["workflows"].started) == 1, "no second execution"


def test_a_round_that_runs_out_with_no_firing_since_is_flagged_once_and_ends() -> None:
    service, _ = _service()
    alarm_id = _firing("device")(service, 1)
    _run_workflow(service, alarm_id)
    assert service.escalate(C, alarm_id, 3) == {"level": 3, "exhausted": True}  # a retried step
    alarm = service.get(C, alarm_id)
    assert [e.action for e in alarm.timeline].count("escalation_exhausted") == 1
    assert alarm.ack_token is None


def test_acknowledged_during_the_last_wait_goes_on_instead_of_running_out() -> None:
    service, _ = _service()
    alarm_id = _firing("device")(service, 1)
    for level in (0, 1, 2):
        service.escalate(C, alarm_id, level)
    service.acknowledge(C, alarm_id, "guard-1")
    assert service.escalate(C, alarm_id, 3) == {"level": 3, "exhausted": False}
    assert not service.get(C, alarm_id).unanswered
