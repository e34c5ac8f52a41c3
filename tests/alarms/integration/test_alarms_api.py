"""Alarm routes through the Chalice test client against the local cloud: staff handling, races, bad input, SOS,
statistics, rules and the duty roster."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.alarms import wiring
from tests.support.alarms import candidate, community, consume, device, providers  # noqa: F401
from tests.support.identity import make_staff, token_for
from tests.support.live_api import hold_until_all_arrive, race
from tests.support.registry import building_with_id

pytestmark = pytest.mark.usefixtures("providers")

GUARD, MANAGER = {"staff.guard"}, {"staff.manager"}


def call(client: Any, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    raw = json.dumps(body) if body is not None else (b"{}" if method in ("POST", "PUT") else None)
    response = client.http.request(method, path, headers=headers, body=raw)
    return response.status_code, json.loads(response.body) if response.body else None


def raised(cloud: Any, c: str, device_type: str = "smoke_detector", event: str = "fire_alarm") -> str:
    d = device(c, device_type)
    result = consume(cloud, [candidate(c, d, device_type, event)])
    (alarm_id,) = [a for a in wiring.alarm_service().find(c, _q())[0] if a.originator_id == d]
    assert "raised" in result["outcomes"].values()
    return alarm_id.alarm_id


def _q(**kw: Any) -> Any:
    from chalicelib.alarms.model import AlarmQuery

    return AlarmQuery(**kw)


def test_staff_list_detail_assign_comment_clear(client: Any, cloud: Any) -> None:
    c = community()
    alarm_id = raised(cloud, c)
    other = raised(cloud, c, "water_leak_sensor", "water_leak")
    guard = make_staff({c}, GUARD)
    tok = token_for(GUARD, {c}, subject=guard.account_id)
    base = f"/v1/staff/communities/{c}/alarms"

    status, page = call(client, "GET", base + "?severity=critical&status=active", tok)
    assert status == 200 and [a["alarmId"] for a in page["items"]] == [alarm_id]
    status, page = call(client, "GET", base + "?type=water_leak", tok)
    assert [a["alarmId"] for a in page["items"]] == [other]

    status, view = call(client, "POST", f"{base}/{alarm_id}/assign", tok, {"assignee": guard.account_id})
    assert status == 200 and view["assignee"] == guard.account_id
    # names beside the ids: who, what, which device, in Chinese by default
    assert (view["assigneeName"], view["typeName"], view["severityName"]) == (guard.name, "火灾报警", "紧急")
    assert view["statusName"] == "告警未确认" and view["deviceName"] == f"smoke_detector {view['originatorId']}"
    status, err = call(client, "POST", f"{base}/{alarm_id}/assign", tok, {"assignee": "nobody-here"})
    assert status == 400 and err["error"]["code"] == "ASSIGNEE_NOT_STAFF"
    status, _ = call(client, "POST", f"{base}/{alarm_id}/comments", tok, {"text": "on my way"})
    assert status == 200
    status, view = call(client, "POST", f"{base}/{alarm_id}/clear", tok, {"reason": "burnt toast"})
    assert status == 200 and view["status"] == "CLEARED_UNACK" and view["latched"] is True
    assert view["clearedByName"] == guard.name and view["statusName"] == "恢复未确认"
    status, err = call(client, "POST", f"{base}/{alarm_id}/clear", tok, {"reason": "again"})
    assert status == 409 and err["error"]["code"] == "ALARM_ALREADY_CLEARED"

    status, detail = call(client, "GET", f"{base}/{alarm_id}", tok)
    assert detail["assigneeName"] == detail["clearedByName"] == guard.name
    headers = {"Authorization": f"Bearer {tok}", "Accept-Language": "en"}
    english = json.loads(client.http.get(base + "?type=water_leak", headers=headers).body)["items"][0]
    assert (english["typeName"], english["statusName"]) == ("Water leak", "Active, unacknowledged")
    actions = [e["action"] for e in detail["timeline"]]
    assert actions[0] == "raised" and {"assigned", "commented", "cleared"} <= set(actions)
    by = {e["action"]: e["by"] for e in detail["timeline"]}
    assert by["cleared"] == guard.account_id and by["raised"] == "system"


def test_two_guards_acknowledge_at_once_one_wins(live_api: str, cloud: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two guards over real HTTP, started together; both read the unacknowledged alarm before either writes (held
    at the write), so only the conditional write decides: one 200, one 409, one acknowledgement on the timeline."""
    c = community()
    alarm_id = raised(cloud, c)
    guards = {f"guard-{i}": token_for(GUARD, {c}, subject=f"guard-{i}") for i in range(2)}
    arrived = hold_until_all_arrive(
        monkeypatch,
        wiring.alarm_service().repo,
        "update",
        set(guards),
        lambda alarm, *_, **__: alarm.ack_by if alarm.alarm_id == alarm_id else None,
    )
    url = f"{live_api}/v1/staff/communities/{c}/alarms/{alarm_id}/acknowledge"

    def ack(tok: str) -> Any:
        return lambda s: s.post(url, headers={"Authorization": f"Bearer {tok}"}, json={}, timeout=30)

    answers = race([ack(tok) for tok in guards.values()])
    assert arrived == set(guards), "both acknowledgements reached the write together"
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409], [a.text for a in answers]
    loser = next(a.json() for a in answers if a.status_code == 409)
    assert loser["error"]["code"] == "ALARM_ALREADY_ACKNOWLEDGED"
    alarm = wiring.alarm_service().get(c, alarm_id)
    assert [e.action for e in alarm.timeline].count("acknowledged") == 1
    winner = next(a.json() for a in answers if a.status_code == 200)
    assert alarm.ack_by == winner["acknowledgedBy"]


def test_unknown_ids_other_communities_and_bad_bodies_change_nothing(client: Any, cloud: Any) -> None:
    c, other = community(), community()
    theirs = raised(cloud, other)
    tok = token_for(GUARD, {c}, subject="guard-x")
    status, err = call(client, "POST", f"/v1/staff/communities/{c}/alarms/{theirs}/acknowledge", tok, {})
    assert status == 404 and err["error"]["code"] == "ALARM_NOT_FOUND"
    status, err = call(client, "POST", f"/v1/staff/communities/{other}/alarms/{theirs}/acknowledge", tok, {})
    assert status == 403 and err["error"]["code"] == "COMMUNITY_FORBIDDEN"
    status, err = call(client, "GET", f"/v1/staff/communities/{c}/alarms/alm-nope", tok)
    assert status == 404
    mine = raised(cloud, c)
    status, err = call(client, "POST", f"/v1/staff/communities/{c}/alarms/{mine}/clear", tok, {"reason": ""})
    assert status == 400 and err["error"]["details"][0]["field"] == "reason"
    status, err = call(client, "GET", f"/v1/staff/communities/{c}/alarms?severity=apocalyptic", tok)
    assert status == 400 and err["error"]["details"][0]["field"] == "query.severity"
    assert wiring.alarm_service().get(other, theirs).acknowledged is False
    assert wiring.alarm_service().get(c, mine).status == "active"


def test_resident_sos_and_home_alarms(client: Any, cloud: Any) -> None:
    c, house = community(), "h-sos-1"
    tok = token_for({"resident.owner"}, {c}, kind="resident", households={house}, subject="resident-1")
    path = f"/v1/resident/communities/{c}/houses/{house}"
    status, view = call(client, "POST", path + "/sos", tok, {"requestId": "press-1", "note": "fell"})
    assert status == 201 and view["severity"] == "critical" and view["houseId"] == house
    status, again = call(client, "POST", path + "/sos", tok, {"requestId": "press-1", "note": "fell"})
    assert status == 201 and again["alarmId"] == view["alarmId"] and again["count"] == 1
    status, page = call(client, "GET", path + "/alarms", tok)
    assert [a["alarmId"] for a in page["items"]] == [view["alarmId"]]
    status, err = call(client, "POST", f"/v1/resident/communities/{c}/houses/h-other/sos", tok, {"requestId": "x"})
    assert status == 403 and err["error"]["code"] == "HOUSEHOLD_FORBIDDEN"


def test_statistics_with_mean_times(client: Any, cloud: Any) -> None:
    c = community()
    first = raised(cloud, c)
    raised(cloud, c, "water_leak_sensor", "water_leak")
    wiring.alarm_service().acknowledge(c, first, "guard-1")
    wiring.alarm_service().clear(c, first, "handled", "guard-1")
    tok = token_for(GUARD, {c}, subject="guard-1")
    status, stats = call(client, "GET", f"/v1/staff/communities/{c}/alarm-statistics", tok)
    assert status == 200 and stats["total"] == 2
    assert stats["byType"] == {"fire_alarm": 1, "water_leak": 1} and stats["byBuilding"] == {"B1": 2}
    assert stats["acknowledged"] == 1 and stats["meanTimeToAcknowledgeSeconds"] is not None
    status, _err = call(
        client,
        "GET",
        f"/v1/staff/communities/{c}/alarm-statistics?from=2026-06-01T00:00:00Z&to=2020-01-01T00:00:00Z",
        tok,
    )
    assert status == 400


def test_rules_and_roster_are_managed_by_managers(client: Any, cloud: Any) -> None:
    c = community()
    manager = token_for(MANAGER, {c}, subject="manager-1")
    rules = f"/v1/staff/communities/{c}/alarm-rules/environment_sensor"
    status, view = call(client, "PUT", rules, manager, {"rules": [{"ruleId": "threshold:pm25", "value": 50}]})
    assert status == 200 and {r["ruleId"]: r for r in view["rules"]}["threshold:pm25"]["value"] == 50
    status, err = call(client, "PUT", rules, manager, {"rules": [{"ruleId": "threshold:x", "metric": "nope"}]})
    assert status == 400 and err["error"]["code"] == "INVALID_ALARM_RULE"
    status, view = call(client, "GET", rules, manager)
    assert view["overrides"] == [{"ruleId": "threshold:pm25", "value": 50.0}]
    status, err = call(client, "GET", f"/v1/staff/communities/{c}/alarm-rules/toaster", manager)
    assert status == 404

    guard = make_staff({c}, GUARD)
    roster = f"/v1/staff/communities/{c}/duty-roster"
    shift = {"staffId": guard.account_id, "area": "*", "days": [1, 2, 3, 4, 5, 6, 7], "start": "00:00", "end": "23:59"}
    status, created = call(client, "POST", roster, manager, shift)
    assert status == 201 and created["staffName"]
    status, err = call(client, "POST", roster, manager, {**shift, "staffId": "stranger"})
    assert status == 404 and err["error"]["code"] == "STAFF_NOT_FOUND"
    status, listed = call(client, "GET", roster, token_for(GUARD, {c}, subject=guard.account_id))
    assert [s["shiftId"] for s in listed["items"]] == [created["shiftId"]]
    status, _ = call(client, "DELETE", f"{roster}/{created['shiftId']}", manager)
    assert status == 204
    status, err = call(client, "DELETE", f"{roster}/{created['shiftId']}", manager)
    assert status == 404


def test_staff_report_is_an_alarm_with_a_workflow(client: Any, cloud: Any) -> None:
    c = community()
    building_with_id(c, "B2")  # a report names one of the community's registry buildings
    tok = token_for(GUARD, {c}, subject="guard-r")
    body = {"requestId": "rep-1", "type": "fire_lane_occupied", "severity": "major", "building": "B2", "note": "van"}
    status, view = call(client, "POST", f"/v1/staff/communities/{c}/alarms", tok, body)
    assert status == 201 and view["originatorKind"] == "staff_report" and view["building"] == "B2"
    status, same = call(client, "POST", f"/v1/staff/communities/{c}/alarms", tok, body)
    assert status == 201 and same["alarmId"] == view["alarmId"] and same["count"] == 1
    status, err = call(client, "POST", f"/v1/staff/communities/{c}/alarms", tok, {**body, "type": "Fire!"})
    assert status == 400 and err["error"]["details"][0]["field"] == "type"
    assert wiring.alarm_service().get(c, view["alarmId"]).execution_arn


def test_filters_by_building_and_time_range(client: Any, cloud: Any) -> None:
    from chalicelib.kernel.clock import iso, utcnow

    c = community()
    in_b1 = raised(cloud, c)  # devices of `raised` are in building B1
    other = device(c, "water_leak_sensor", building="B7")
    consume(cloud, [candidate(c, other, "water_leak_sensor", "water_leak")])
    tok = token_for(GUARD, {c}, subject="guard-f")
    base = f"/v1/staff/communities/{c}/alarms"
    status, page = call(client, "GET", base + "?building=B1", tok)
    assert status == 200 and [a["alarmId"] for a in page["items"]] == [in_b1]
    status, page = call(client, "GET", base + "?building=B7", tok)
    assert [a["building"] for a in page["items"]] == ["B7"]
    future = iso(utcnow()).replace(iso(utcnow())[:4], str(int(iso(utcnow())[:4]) + 1), 1)
    status, page = call(client, "GET", f"{base}?from={future}", tok)
    assert status == 200 and page["items"] == []
    status, page = call(client, "GET", f"{base}?to=2020-01-01T00:00:00Z", tok)
    assert page["items"] == []
    status, err = call(client, "GET", f"{base}?from={future}&to=2020-01-01T00:00:00Z", tok)
    assert status == 400 and err["error"]["details"][0]["field"] == "query.from"
    status, page = call(client, "GET", base + "?limit=1", tok)
    assert len(page["items"]) == 1 and page["nextCursor"]
    status, nxt = call(client, "GET", f"{base}?limit=1&cursor={page['nextCursor']}", tok)
    assert len(nxt["items"]) == 1 and nxt["items"][0]["alarmId"] != page["items"][0]["alarmId"]
    status, err = call(client, "GET", f"{base}?cursor=!!not-a-cursor", tok)
    assert status == 400


def test_oversized_and_odd_ids_are_plain_404s(client: Any, cloud: Any) -> None:
    c = community()
    tok = token_for(MANAGER, {c}, subject="manager-odd")
    # an id no record can have is refused by the endpoint decorator's path rule (NOT_FOUND); a well-formed unknown
    # id by the service: both a plain 404, never a 5xx
    for path, code in (
        (f"/v1/staff/communities/{c}/alarms/{'x' * 3000}", "NOT_FOUND"),
        (f"/v1/staff/communities/{c}/alarms/alm-ZZZZ", "ALARM_NOT_FOUND"),
    ):
        status, err = call(client, "GET", path, tok)
        assert status == 404 and err["error"]["code"] == code
    status, err = call(client, "DELETE", f"/v1/staff/communities/{c}/duty-roster/{'y' * 3000}", tok)
    assert status == 404 and err["error"]["code"] == "NOT_FOUND"
