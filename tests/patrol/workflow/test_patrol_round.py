"""The patrol round workflow (stepfunctions/patrol_round.asl.json) executed by moto's Step Functions engine, its
Lambda task in-process: a checkpoint not read by its deadline raises a `patrol_checkpoint_missed` alarm to the
control centre through the alarm capability, which clears when the guard reads the point late; a round left
unfinished raises `patrol_round_unfinished`; a round read in full completes without an alarm. Deadlines are
seconds away (a route's legs in seconds), so each case takes seconds."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from chalicelib.patrol import wiring
from chalicelib.patrol.model import Checkpoint, Leg, Route


def _alarms(community: str) -> list[Any]:
    from chalicelib.alarms import wiring as alarm_wiring
    from chalicelib.alarms.model import AlarmQuery

    found, _ = alarm_wiring.alarm_service().find(community, AlarmQuery(limit=50))
    return found


def _route(community: str, legs: list[int]) -> Route:
    service = wiring.patrol_service()
    stops = []
    for i, seconds in enumerate(legs):
        cp = Checkpoint(
            community, f"cp{i}", f"{i + 1}号巡更点", f"NFC-{uuid.uuid4().hex[:10]}", 30.6586, 104.0648 + i / 1e4
        )
        service.add_checkpoint(cp)
        stops.append(Leg(cp.checkpoint_id, seconds))
    route = Route(community, "r1", "夜间外围路线", tuple(stops))
    service.add_route(route)
    return route


def _wait_status(community: str, round_id: str, timeout: float = 40) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rnd = wiring.patrol_service().store.get_round(community, round_id)
        if rnd is not None and rnd.status != "active":
            return rnd
        time.sleep(0.3)
    raise AssertionError(f"round {round_id} never finished")


def _wait_missed(community: str, round_id: str, index: int, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rnd = wiring.patrol_service().store.get_round(community, round_id)
        if rnd is not None and rnd.stops[index].missed:
            return rnd
        time.sleep(0.2)
    raise AssertionError("the checkpoint was never judged missed")


@pytest.fixture
def community(cloud: Any) -> str:
    return "c" + uuid.uuid4().hex[:10]


def test_a_missed_checkpoint_raises_an_alarm_that_clears_when_it_is_read_late(community: str, cloud: Any) -> None:
    from chalicelib.kernel.clock import utcnow

    route = _route(community, [2, 3])
    service = wiring.patrol_service()
    rnd = service.start_round(community, route.route_id, ("guard-1",), utcnow(), "Rtest-" + uuid.uuid4().hex[:8])
    assert rnd.execution_arn
    stops = rnd.stops
    service.scan(community, rnd.round_id, stops[1].tag_id, "guard-1", 30.6586, 104.0649)  # the second, in time

    missed = _wait_missed(community, rnd.round_id, 0)
    assert missed.stops[0].read_at is None and not missed.stops[1].missed
    alarms = [a for a in _alarms(community) if a.alarm_type == "patrol_checkpoint_missed"]
    assert len(alarms) == 1 and alarms[0].status == "active", alarms
    assert alarms[0].originator_id == "patrol-cp0" and "1号巡更点" in alarms[0].title

    _, stop = service.scan(community, rnd.round_id, stops[0].tag_id, "guard-1", 30.6586, 104.0648)
    assert stop.read_at is not None and stop.read_at > stop.deadline  # late
    cleared = [a for a in _alarms(community) if a.alarm_type == "patrol_checkpoint_missed"]
    assert cleared[0].status == "cleared", cleared

    final = _wait_status(community, rnd.round_id)
    assert final.status == "completed"  # every point read in the end: no unfinished-round alarm
    assert not [a for a in _alarms(community) if a.alarm_type == "patrol_round_unfinished"]
    report = service.daily_report(community, time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600)))
    assert report["totals"] == {"rounds": 1, "checkpoints": 2, "read": 2, "late": 1, "missed": 0, "far": 0}


def test_a_round_left_unfinished_raises_its_own_alarm(community: str, cloud: Any) -> None:
    from chalicelib.kernel.clock import utcnow

    route = _route(community, [2, 2])
    service = wiring.patrol_service()
    rnd = service.start_round(community, route.route_id, (), utcnow(), "Rtest-" + uuid.uuid4().hex[:8])
    final = _wait_status(community, rnd.round_id)
    assert final.status == "incomplete" and all(s.missed for s in final.stops)
    types = sorted(a.alarm_type for a in _alarms(community))
    assert types == ["patrol_checkpoint_missed", "patrol_checkpoint_missed", "patrol_round_unfinished"], types
    history = cloud.client("stepfunctions").describe_execution(executionArn=final.execution_arn)
    assert history["status"] == "SUCCEEDED"


def test_a_round_read_in_time_completes_without_an_alarm(community: str, cloud: Any) -> None:
    from chalicelib.kernel.clock import utcnow

    route = _route(community, [3, 2])
    service = wiring.patrol_service()
    rnd = service.start_round(community, route.route_id, ("guard-1",), utcnow(), "Rtest-" + uuid.uuid4().hex[:8])
    for stop in rnd.stops:
        service.scan(community, rnd.round_id, stop.tag_id, "guard-1", stop.latitude, stop.longitude)
    again = service.start_round(community, route.route_id, ("guard-1",), utcnow(), rnd.round_id)
    assert again.round_id == rnd.round_id and again.execution_arn == rnd.execution_arn  # a retried start: one round
    final = _wait_status(community, rnd.round_id)
    assert final.status == "completed" and _alarms(community) == []
