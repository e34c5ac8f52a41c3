"""Patrol through the API on the local cloud: a manager sets up checkpoints, a route and a plan (every reference
checked in the community), starts a round; the guard scans (a stranger's scan is refused, an unknown tag is 404, a
repeat answers the first read, the distance is recorded); the day's report; a plan's round is started by the
minute schedule at its Beijing time, once however often the schedule runs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.visitors import call

STAFF = "/v1/staff/communities/{c}/patrol"


def token(community: str, role: str, subject: str) -> str:
    from tests.support.identity import token_for

    return token_for({role}, {community}, subject=subject)


def staff_member(community: str, role: str = "staff.guard") -> str:
    from tests.support.identity import make_staff

    return str(make_staff({community}, {role}).account_id)


def setup(client: Any, community: str) -> dict[str, Any]:
    manager = token(community, "staff.manager", "mgr-1")
    tags = []
    for i in range(2):
        tag = f"NFC-{uuid.uuid4().hex[:8]}"
        body = {
            "checkpointId": f"cp{i}",
            "name": f"{i + 1}号岗",
            "tagId": tag,
            "latitude": 30.6586,
            "longitude": 104.0648,
        }
        status, created = call(client, "POST", STAFF.format(c=community) + "/checkpoints", manager, body)
        assert status == 201, created
        tags.append(tag)
    route = {
        "routeId": "r1",
        "name": "外围路线",
        "legs": [{"checkpointId": "cp0", "allowedMinutes": 10}, {"checkpointId": "cp1", "allowedMinutes": 5}],
    }
    status, created = call(client, "POST", STAFF.format(c=community) + "/routes", manager, route)
    assert status == 201, created
    return {"manager": manager, "tags": tags}


def test_set_up_start_scan_and_report(client: Any) -> None:
    c = "c" + uuid.uuid4().hex[:10]
    s = setup(client, c)
    guard_id = staff_member(c)
    status, rnd = call(
        client, "POST", STAFF.format(c=c) + "/rounds", s["manager"], {"routeId": "r1", "guards": [guard_id]}
    )
    assert status == 201, rnd
    assert [x["name"] for x in rnd["stops"]] == ["1号岗", "2号岗"] and rnd["status"] == "active"
    first, second = (datetime.fromisoformat(x["deadline"].replace("Z", "+00:00")) for x in rnd["stops"])
    assert second - first == timedelta(minutes=5)

    scans = STAFF.format(c=c) + f"/rounds/{rnd['roundId']}/scans"
    here = {"tagId": s["tags"][1], "latitude": 30.6586, "longitude": 104.0698}  # ~480 m east
    status, refused = call(client, "POST", scans, token(c, "staff.guard", "someone-else"), here)
    assert status == 403 and refused["error"]["code"] == "NOT_ROUND_GUARD"
    guard = token(c, "staff.guard", guard_id)
    status, unknown = call(client, "POST", scans, guard, {**here, "tagId": "NFC-unknown"})
    assert status == 404 and unknown["error"]["code"] == "CHECKPOINT_NOT_IN_ROUND"
    status, _ = call(client, "POST", scans, guard, {**here, "latitude": "30.6"})
    assert status == 400
    status, read = call(client, "POST", scans, guard, here)
    assert status == 201 and read["stops"][1]["readBy"] == guard_id and 450 < read["stops"][1]["distanceM"] < 520
    status, again = call(client, "POST", scans, guard, here)
    assert again["stops"][1]["readAt"] == read["stops"][1]["readAt"]  # a repeat answers the first read

    day = (datetime.now(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d")
    status, report = call(client, "GET", STAFF.format(c=c) + f"/reports/{day}", token(c, "staff.technician", "t"))
    assert status == 200 and report["totals"] == {
        "rounds": 1,
        "checkpoints": 2,
        "read": 1,
        "late": 0,
        "missed": 0,
        "far": 1,
    }


def test_references_are_checked_in_the_community(client: Any) -> None:
    c = "c" + uuid.uuid4().hex[:10]
    s = setup(client, c)
    other = staff_member("c-elsewhere")
    plan = {"planId": "p1", "routeId": "r1", "times": ["23:30"], "guards": [other]}
    status, answer = call(client, "POST", STAFF.format(c=c) + "/plans", s["manager"], plan)
    assert status == 404 and answer["error"]["code"] == "STAFF_NOT_FOUND"
    route = {"routeId": "r2", "name": "x", "legs": [{"checkpointId": "nope", "allowedMinutes": 5}]}
    status, answer = call(client, "POST", STAFF.format(c=c) + "/routes", s["manager"], route)
    assert status == 404 and answer["error"]["code"] == "CHECKPOINT_NOT_FOUND"
    duplicate = {"checkpointId": "cp9", "name": "x", "tagId": s["tags"][0], "latitude": 30.0, "longitude": 104.0}
    status, answer = call(client, "POST", STAFF.format(c=c) + "/checkpoints", s["manager"], duplicate)
    assert status == 409 and answer["error"]["code"] == "CHECKPOINT_EXISTS"
    status, answer = call(client, "POST", STAFF.format(c=c) + "/plans", s["manager"], {**plan, "times": ["24:00"]})
    assert status == 400


def test_a_plan_starts_its_round_at_its_beijing_time_once(client: Any) -> None:
    from chalicelib.patrol import wiring

    c = "c" + uuid.uuid4().hex[:10]
    s = setup(client, c)
    guard_id = staff_member(c)
    service = wiring.patrol_service()
    late_evening = datetime(2026, 12, 7, 15, 30, 20, tzinfo=UTC)  # 23:30 Beijing
    plan = {"planId": "night", "routeId": "r1", "times": ["23:30", "06:00"], "guards": [guard_id]}
    assert call(client, "POST", STAFF.format(c=c) + "/plans", s["manager"], plan)[0] == 201
    real_now = service.now
    try:
        service.now = lambda: late_evening
        first = [r for r in service.start_due_rounds() if r.startswith("night-")]
        second = [r for r in service.start_due_rounds() if r.startswith("night-")]
    finally:
        service.now = real_now
    assert first == second == ["night-202612072330"]
    rnd = service.store.get_round(c, "night-202612072330")
    assert rnd is not None and rnd.guards == (guard_id,)
    assert rnd.stops[-1].deadline == datetime(2026, 12, 7, 15, 45, tzinfo=UTC)  # 23:45 Beijing, then past midnight
