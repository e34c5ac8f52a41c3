"""The care register over HTTP against the local cloud: registration (consent, residency, guardians, wearables of
the house), sealed and audited health data for a care role only, guardians who see only the people they guard,
care alerts (one open per person and kind, acknowledged by a guardian, resolved with a visit), and the
signs-of-need run reading two items per person."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib.care import wiring
from chalicelib.care.model import LastSeen
from chalicelib.kernel.clock import utcnow
from tests.care.helpers import care_worker, elderly_home, register, registration, staff_guardian, wechat_account
from tests.support.registry import call, token


def _guardians(resident_account: str, staff_account: str) -> list[dict[str, Any]]:
    return [
        {"accountId": staff_account, "kind": "staff", "relation": "community_worker", "order": 2},
        {"accountId": resident_account, "kind": "resident", "relation": "family", "order": 1, "name": "女儿"},
    ]


def test_register_read_and_guard(client: Any, cloud: Any) -> None:
    home = elderly_home(client)
    daughter, _ = wechat_account()
    worker = staff_guardian(home.community)
    body = register(client, home, _guardians(daughter, worker.account_id))
    assert body["personName"] == "王奶奶" and body["categoryNames"] == ["独居", "高龄老人"]
    assert [g["accountId"] for g in body["guardians"]] == [daughter, worker.account_id], "order of contact"
    assert body["quietHours"] == 24, "24 h by default for someone living alone"
    assert body["hasHealthRecord"] and "health" not in body and "高血压" not in str(body)

    # the health record is sealed at rest
    from chalicelib.care.repository import ProfileRecord

    stored = ProfileRecord.get(f"C#{home.community}#CARE", f"P#{home.person_id}")
    assert stored.health_sealed and "高血压" not in stored.health_sealed

    c, person = home.community, home.person_id
    base = f"/v1/staff/communities/{c}/care/people/{person}"
    # a care role reads it, and the read is audited; a manager without a care role may not
    status, health = call(client, "GET", base + "/health", care_worker(c))
    assert status == 200 and health["conditions"] == ["高血压"], health
    from chalicelib.audit import wiring as audit_wiring

    now = utcnow()
    entries, _ = audit_wiring.audit_log().query(c, now - timedelta(minutes=5), now + timedelta(minutes=1))
    assert any(e.operation == "care.health.read" and e.target_id == person for e in entries), entries
    assert call(client, "GET", base + "/health", token({"staff.manager"}, {c}))[0] == 403
    assert call(client, "GET", base, token({"staff.guard"}, {c}))[0] == 403

    # guardians: each sees the people they guard, a stranger gets 404
    care_id = body["careId"]
    tok = token({"resident.owner"}, {"other"}, subject=daughter, kind="resident")
    status, mine = call(client, "GET", "/v1/resident/care/guarded", tok)
    assert status == 200 and [p["careId"] for p in mine["items"]] == [care_id]
    status, one = call(client, "GET", f"/v1/resident/care/guarded/{care_id}", tok)
    assert status == 200 and one["personName"] == "王奶奶" and "conditions" not in str(one)
    stranger = token({"resident.owner"}, {c}, subject="someone-else", kind="resident")
    assert call(client, "GET", f"/v1/resident/care/guarded/{care_id}", stranger)[0] == 404
    assert call(client, "GET", "/v1/resident/care/guarded/cr-0000000000000000", tok)[0] == 404


def test_registration_refuses_bad_input(client: Any, cloud: Any) -> None:
    home = elderly_home(client)
    daughter, _ = wechat_account()
    c = home.community
    path = f"/v1/staff/communities/{c}/care/people"
    guardians = [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}]

    def post(**change: Any) -> tuple[int, Any]:
        return call(client, "POST", path, care_worker(c), registration(home, guardians) | change)

    status, body = post(heartRateLow="50")
    assert status == 400 and body["error"]["code"] == "VALIDATION_FAILED", "strict integers"
    status, body = post(personId="nobody")
    assert status == 400 and body["error"]["code"] == "CARE_PERSON_NOT_RESIDENT"
    status, body = post(guardians=[{"accountId": "no-such", "kind": "resident", "relation": "family", "order": 1}])
    assert status == 400 and body["error"]["code"] == "CARE_GUARDIAN_UNKNOWN"
    status, body = post(
        consent={"consentedBy": "王奶奶", "consentedAt": "2026-12-01T02:00:00Z", "scopes": ["register"]}
    )
    assert status == 400 and body["error"]["code"] == "CARE_CONSENT_REQUIRED", "health data needs its consent"
    status, body = post(wearables=["not-her-device"])
    assert status == 400 and body["error"]["code"] == "CARE_DEVICE_NOT_IN_HOUSE"
    from chalicelib.care.repository import ProfileRecord

    assert ProfileRecord.count(f"C#{c}#CARE") == 0, "nothing half-written"
    assert post()[0] == 201
    status, body = post()
    assert status == 409 and body["error"]["code"] == "CARE_ALREADY_REGISTERED"


def test_one_open_alert_acknowledged_by_a_guardian_and_resolved_with_a_visit(client: Any, cloud: Any) -> None:
    home = elderly_home(client)
    daughter, _ = wechat_account()
    body = register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    service = wiring.care_service()
    profile = service.get(home.community, home.person_id)
    first = service.raise_alert(profile, "no_activity", {})
    assert first is not None
    assert service.raise_alert(profile, "no_activity", {}) is None, "one open alert per person and kind"
    assert service.raise_alert(profile, "heart_rate", {}) is not None, "another kind is another slot"

    tok = token({"resident.owner"}, set(), subject=daughter, kind="resident")
    path = f"/v1/resident/care/guarded/{body['careId']}/alerts/{first.alert_id}/acknowledge"
    status, acked = call(client, "POST", path, tok)
    assert status == 200 and acked["status"] == "acknowledged" and acked["statusName"] == "已确认", acked
    assert call(client, "POST", path, tok)[0] == 409

    c = home.community
    resolve = f"/v1/staff/communities/{c}/care/alerts/{first.alert_id}/resolve"
    visit = {"visitedAt": "2026-12-01T03:00:00Z", "outcome": "well", "note": "上门探访，老人身体无恙"}
    status, done = call(client, "POST", resolve, care_worker(c), visit)
    assert status == 200 and done["status"] == "resolved" and done["visit"]["outcome"] == "well", done
    assert service.raise_alert(profile, "no_activity", {}) is not None, "resolving frees the slot"
    status, page = call(client, "GET", f"/v1/staff/communities/{c}/care/alerts?status=open", care_worker(c))
    assert status == 200 and {a["kind"] for a in page["items"]} == {"no_activity", "heart_rate"}


def test_wearable_data_bound_only_and_implausible_values_flagged(client: Any, cloud: Any) -> None:
    from chalicelib.care.signs import Reading
    from chalicelib.kernel.errors import InvalidInput

    home = elderly_home(client)
    daughter, _ = wechat_account()
    register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    service, now = wiring.care_service(), utcnow()
    try:
        service.wearable_report(home.community, home.person_id, home.gas, Reading(now, heart_rate=80))
        raise AssertionError("a device not bound to the person was accepted")
    except InvalidInput as exc:
        assert exc.code == "CARE_WEARABLE_NOT_BOUND"
    seen = service.wearable_report(
        home.community, home.person_id, home.wearable, Reading(now, heart_rate=400, battery_pct=55)
    )
    assert seen.heart_rate is None and seen.heart_out_since is None and len(seen.flagged) == 1
    assert seen.battery_pct == 55 and seen.wearable_at == now


def test_signs_run_reads_two_items_per_person_and_raises_once(client: Any, cloud: Any) -> None:
    home = elderly_home(client)
    daughter, _ = wechat_account()
    register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    service = wiring.care_service()
    long_ago = utcnow() - timedelta(hours=30)
    service.store.save_last_seen(LastSeen(home.community, home.person_id, activity_at=long_ago, wearable_at=long_ago))
    report = service.run(home.community)
    assert (report.people, report.items_read, report.raised) == (1, 2, 2), report  # no activity, no wearable data
    again = service.run(home.community)
    assert (again.raised, again.already_open) == (0, 2), "an open alert is not raised twice"
    scheduled = {
        "version": "0",
        "id": "e-1",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": "2026-12-07T10:00:00Z",
        "region": "cn-north-1",
        "resources": [],
        "detail": {},
    }
    payload, error = cloud.registry.invoke("care_signs_run", scheduled)
    assert error is None and payload["raised"] == 0, payload


def test_device_feed_keeps_last_seen_from_bound_devices_only(client: Any, cloud: Any) -> None:
    from random import Random

    from chalicelib.kernel.clock import iso
    from iot.simulator.payloads import normal_telemetry
    from tests.care.integration.feed_support import publish_to_care
    from tests.support.alarms import device

    home = elderly_home(client)
    daughter, _ = wechat_account()
    door = device(home.community, "door_contact", home.building, user=home.house_id)
    guardians = [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}]
    register(client, home, guardians, doorContacts=[door])
    c, now = home.community, utcnow()
    ts = iso(now - timedelta(minutes=1))
    stranger = device(c, "wearable", home.building, user=home.house_id)  # a wearable bound to nobody
    reading = {"heartRateBpm": 72, "batteryPct": 6}
    payload, dropped = publish_to_care(
        cloud,
        [
            (c, home.wearable, "telemetry", {"msgId": "m1", "ts": ts, "metrics": reading}),
            (c, door, "events", {"msgId": "m2", "ts": iso(now), "event": "door_opened", "data": {}}),
            (c, home.gas, "telemetry", {**normal_telemetry("gas_detector", Random(3)), "msgId": "m3", "ts": ts}),
            (c, home.wearable, "telemetry", {"msgId": "m4", "ts": ts, "metrics": {"heartRateBpm": "x"}}),  # refused
            (c, stranger, "telemetry", {"msgId": "m5", "ts": ts, "metrics": {"heartRateBpm": 90, "batteryPct": 9}}),
        ],
    )
    # The gas detector's reading (a type care does not read) never invokes care: the mapping's filter drops it.
    # The malformed reading was never stored (ingestion refused it). The unbound wearable's reading says nothing.
    assert dropped == 1 and payload == {"people": 1, "ignored": 1}, (payload, dropped)
    seen = wiring.care_service().store.last_seen(c, home.person_id)
    assert seen is not None and seen.heart_rate == 72 and seen.battery_pct == 6 and seen.online
    assert seen.activity_at is not None and abs((seen.activity_at - now).total_seconds()) < 1
    status, view = call(client, "GET", f"/v1/staff/communities/{c}/care/people/{home.person_id}", care_worker(c))
    assert status == 200 and view["status"]["batteryPct"] == 6 and view["status"]["lastSeenAtLocal"], view


def test_long_absence_lists_residents_without_a_passage_for_half_a_year(client: Any, cloud: Any) -> None:
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.visitors.model import EntryRecord
    from chalicelib.visitors.repository_entries import DynamoEntryLog
    from tests.support.registry import make_house, make_person, new_community

    c = new_community(client)
    svc, now = registry_wiring.registry_service(), utcnow()
    long_ago = now - timedelta(days=400)
    house = make_house(client, c)
    people = {}
    for name in ("久未归", "常出入", "一年前出入", "新住户"):
        person, _ = make_person(client, c, name=name)
        since = now - timedelta(days=5) if name == "新住户" else long_ago
        svc.add_resident(
            c,
            house["houseId"],
            person["personId"],
            "owner" if not people else "family",
            None if not people else "child",
            since,
            "manual",
            "test",
        )
        people[name] = person["personId"]
    log = DynamoEntryLog()
    for name, days in (("常出入", 3), ("一年前出入", 200)):
        log.record(
            EntryRecord(
                f"e-{people[name]}",
                c,
                "gate-1",
                "in",
                "card",
                "resident",
                people[name],
                house["houseId"],
                now - timedelta(days=days),
            )
        )
    status, page = call(client, "GET", f"/v1/staff/communities/{c}/care/long-absence", care_worker(c))
    assert status == 200, page
    found = {i["personName"]: i for i in page["items"]}
    assert set(found) == {"久未归", "一年前出入"}, "a regular and a newcomer are not listed"
    assert found["久未归"]["lastEntryAt"] is None and found["久未归"]["houseName"]
    assert found["一年前出入"]["lastEntryDirection"] == "进" and found["一年前出入"]["lastEntryMethod"] == "门禁卡"
    assert call(client, "GET", f"/v1/staff/communities/{c}/care/long-absence", token({"staff.guard"}, {c}))[0] == 403


def test_the_visit_is_a_care_visit_work_order_opened_on_acknowledgement_and_completed_on_resolution(
    client: Any, cloud: Any
) -> None:
    home = elderly_home(client)
    daughter, _ = wechat_account()
    register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    service = wiring.care_service()
    alert = service.raise_alert(service.get(home.community, home.person_id), "no_activity", {"quietHours": 24})
    assert alert is not None
    c, worker = home.community, care_worker(home.community)
    base = f"/v1/staff/communities/{c}/care/alerts/{alert.alert_id}"
    status, acked = call(client, "POST", base + "/acknowledge", worker)
    assert status == 200 and acked["workOrderId"] == f"wo-{alert.alert_id}", acked
    order_path = f"/v1/staff/communities/{c}/work-orders/{acked['workOrderId']}"
    status, order = call(client, "GET", order_path, worker)
    assert status == 200, order
    assert (order["kind"], order["status"], order["source"]) == ("care_visit", "submitted", "care"), order
    assert order["location"]["houseId"] == home.house_id and "王奶奶" in order["description"], order
    assert order["categoryName"] == "关爱探访", order

    visit = {"visitedAt": "2026-12-01T03:00:00Z", "outcome": "needs_help", "note": "上门探访，老人需要送药"}
    status, bad = call(client, "POST", base + "/resolve", worker, {**visit, "outcome": "maybe"})
    assert status == 400, bad
    assert call(client, "GET", order_path, worker)[1]["status"] == "submitted", "a refused visit changes nothing"
    status, done = call(client, "POST", base + "/resolve", worker, visit)
    assert status == 200 and done["status"] == "resolved" and done["workOrderId"] == acked["workOrderId"], done
    status, order = call(client, "GET", order_path, worker)
    assert status == 200 and order["status"] == "closed", order
    visits = [e for e in order["timeline"] if e["action"] == "visit"]
    assert len(visits) == 1 and visits[0]["detail"]["outcome"] == "needs_help", order["timeline"]
    assert call(client, "POST", base + "/resolve", worker, visit)[0] == 409, "resolved once"
    assert len([e for e in call(client, "GET", order_path, worker)[1]["timeline"] if e["action"] == "visit"]) == 1

    # resolved straight away (never acknowledged): the care visit is opened and completed in the same step
    second = service.raise_alert(service.get(c, home.person_id), "no_wearable_data", {})
    assert second is not None
    status, done = call(
        client, "POST", f"/v1/staff/communities/{c}/care/alerts/{second.alert_id}/resolve", worker, visit
    )
    assert status == 200 and done["workOrderId"] == f"wo-{second.alert_id}", done
    status, order = call(client, "GET", f"/v1/staff/communities/{c}/work-orders/wo-{second.alert_id}", worker)
    assert status == 200 and order["status"] == "closed" and order["kind"] == "care_visit", order
