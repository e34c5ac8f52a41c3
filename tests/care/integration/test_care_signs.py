"""Signs of life beyond the bound devices, against the local cloud: a resident's passage through a gate (the
visitors capability's access record, heard through its passage listener) and the household's water and electricity
meters (use only when the cumulative reading increases)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

from chalicelib.care import wiring
from chalicelib.care.model import LastSeen
from chalicelib.kernel.clock import iso, utcnow
from tests.care.helpers import elderly_home, register, wechat_account
from tests.support.registry import call, token


def _quiet_for(home: Any, hours: int) -> None:
    """Nothing seen of the person for `hours` (and the wearable silent as long)."""
    long_ago = utcnow() - timedelta(hours=hours)
    wiring.care_service().store.save_last_seen(
        LastSeen(home.community, home.person_id, activity_at=long_ago, wearable_at=long_ago)
    )


def _open_kinds(c: str) -> set[str]:
    page, _ = wiring.care_service().alerts(c, "open", 50, None)
    return {a.kind for a in page}


def test_a_passage_at_a_gate_is_a_sign_of_life(client: Any, cloud: Any) -> None:
    from tests.support.visitors import add_gate, gate_token

    home = elderly_home(client)
    c = home.community
    daughter, _ = wechat_account()
    register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    _quiet_for(home, 30)
    card = "CARD-" + uuid.uuid4().hex[:8]
    status, credential = call(
        client,
        "POST",
        f"/v1/staff/communities/{c}/credentials",
        token({"staff.manager"}, {c}),
        {
            "holderKind": "resident",
            "holderId": home.person_id,
            "houseId": home.house_id,
            "kind": "card",
            "reference": card,
            "validUntil": iso(utcnow() + timedelta(days=365)),
        },
    )
    assert status == 201, credential
    door = add_gate(c, None)
    status, passed = call(
        client,
        "POST",
        f"/v1/gate/communities/{c}/credentials/present",
        gate_token(client, c, door),
        {"kind": "card", "reference": card},
    )
    assert status == 200 and passed["allowed"], passed
    seen = wiring.care_service().store.last_seen(c, home.person_id)
    assert seen is not None and seen.activity_at is not None
    assert (utcnow() - seen.activity_at).total_seconds() < 60, "the passage is the person's last activity"
    wiring.care_service().run(c)
    assert "no_activity" not in _open_kinds(c), "seen at the gate: no 'no sign of life' alert"
    assert "no_wearable_data" in _open_kinds(c), "the wearable is still silent"


def test_a_failing_listener_never_breaks_the_gate(client: Any, cloud: Any) -> None:
    from chalicelib.visitors.passage_listeners import listeners, passage_recorded

    calls: list[Any] = []

    def broken(entry: Any) -> None:
        calls.append(entry)
        raise RuntimeError("care is down")

    listeners.append(broken)
    try:
        passage_recorded(object())  # logged, not raised
    finally:
        listeners.remove(broken)
    assert len(calls) == 1


def test_a_passage_of_someone_not_in_care_writes_nothing(client: Any, cloud: Any) -> None:
    from chalicelib.care import passage_seen
    from chalicelib.visitors.model import EntryRecord

    c, person = "c-" + uuid.uuid4().hex[:8], "p-" + uuid.uuid4().hex[:8]
    entry = EntryRecord("e-1", c, "gate-1", "in", "card", "resident", person, "h-1", utcnow())
    passage_seen(entry)
    assert wiring.care_service().store.last_seen(c, person) is None


def test_meters_of_the_house_say_when_water_or_power_was_used(client: Any, cloud: Any) -> None:
    from tests.care.integration.feed_support import publish_to_care
    from tests.support.alarms import device

    home = elderly_home(client)
    c = home.community
    daughter, _ = wechat_account()
    water = device(c, "water_meter", home.building, user=home.house_id)
    power = device(c, "electricity_meter", home.building, user=home.house_id)
    guardians = [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}]
    status, refused = call(
        client,
        "POST",
        f"/v1/staff/communities/{c}/care/people",
        token({"staff.care"}, {c}),
        {**_registration(home, guardians), "meters": [water, home.gas]},
    )
    assert status == 400 and refused["error"]["details"][0]["field"] == "meters[1]", refused
    body = register(client, home, guardians, meters=[water, power])
    assert body["meters"] == [water, power] and body["utilityQuietHours"] == 24, body

    def feed(*docs: tuple[str, str, dict[str, Any]]) -> Any:
        payload, _dropped = publish_to_care(cloud, [(c, d, "telemetry", doc) for d, _, doc in docs])
        return payload

    now = utcnow()
    t = [iso(now - timedelta(minutes=m)) for m in (30, 20, 10)]
    feed(
        (water, "", {"msgId": "w1", "ts": t[0], "metrics": {"totalM3": 12.5}}),
        (power, "", {"msgId": "p1", "ts": t[0], "metrics": {"totalKwh": 300}}),
    )
    seen = wiring.care_service().store.last_seen(c, home.person_id)
    assert seen is not None and seen.utility_at is None, "first readings are baselines"
    feed((power, "", {"msgId": "p2", "ts": t[1], "metrics": {"totalKwh": 300}}))
    seen = wiring.care_service().store.last_seen(c, home.person_id)
    assert seen is not None and seen.utility_at is None, "an unchanged reading is no use"
    feed((water, "", {"msgId": "w2", "ts": t[2], "metrics": {"totalM3": 12.6}}))
    seen = wiring.care_service().store.last_seen(c, home.person_id)
    assert seen is not None and seen.utility_at is not None and iso(seen.utility_at) == t[2]

    service = wiring.care_service()
    service.store.save_last_seen(replace(seen, activity_at=now, wearable_at=now, utility_at=now - timedelta(hours=25)))
    report = service.run(c)
    assert report.items_read == 2 * report.people, "still two items per person"
    assert _open_kinds(c) == {"no_utility_use"}, _open_kinds(c)


def _registration(home: Any, guardians: list[dict[str, Any]]) -> dict[str, Any]:
    from tests.care.helpers import registration

    return registration(home, guardians)


SCHEDULED = {
    "version": "0",
    "id": "e-1",
    "detail-type": "Scheduled Event",
    "source": "aws.events",
    "account": "123456789012",
    "time": "2026-12-07T01:00:00Z",
    "region": "cn-north-1",
    "resources": [],
    "detail": {},
}


def test_the_hourly_run_looks_for_the_fast_signs_and_the_daily_run_for_the_slow_ones(client: Any, cloud: Any) -> None:
    from tests.support.alarms import device

    home = elderly_home(client)
    c = home.community
    daughter, _ = wechat_account()
    water = device(c, "water_meter", home.building, user=home.house_id)
    register(
        client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}], meters=[water]
    )
    _quiet_for(home, 30)  # quiet, the wearable silent, and no water used since the registration (none seen)
    wiring.care_service().store.save_last_seen(
        replace(
            wiring.care_service().store.last_seen(c, home.person_id) or LastSeen(c, home.person_id),
            utility_at=utcnow() - timedelta(hours=30),
        )
    )
    payload, error = cloud.registry.invoke("care_signs_run", SCHEDULED)
    assert error is None and payload["raised"] >= 1, payload
    assert _open_kinds(c) == {"no_wearable_data"}, "hourly: the fast signs only"
    payload, error = cloud.registry.invoke("care_signs_daily", SCHEDULED)
    assert error is None and payload["raised"] >= 2, payload
    assert _open_kinds(c) == {"no_wearable_data", "no_activity", "no_utility_use"}, "daily: the slow ones"
    assert payload["itemsRead"] <= 2 * payload["people"], payload


def _presence(c: str, device_id: str, online: bool) -> None:
    """The wearable's presence item as ingestion (online) or the presence sweep (offline past its window) leaves it."""
    from chalicelib.devices.repository_presence import DeviceStateRecord, state_key

    item = DeviceStateRecord(*state_key(c, device_id))
    item.device_id, item.community_id, item.device_type = device_id, c, "wearable"
    item.online, item.last_seen = online, utcnow() - timedelta(hours=0 if online else 2)
    item.offline_since = None if online else utcnow()
    item.save()


def test_the_guardians_view_says_online_as_the_devices_presence_does(client: Any, cloud: Any) -> None:
    from chalicelib.care.signs import Reading

    home = elderly_home(client)
    c = home.community
    daughter, _ = wechat_account()
    care = register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    mine = token({"resident.owner"}, set(), subject=daughter, kind="resident")
    path = f"/v1/resident/care/guarded/{care['careId']}"
    assert call(client, "GET", path, mine)[1]["status"]["online"] is None, "never heard: unknown"
    # data was seen (a reading), but the device has since gone silent past its heartbeat window: offline
    wiring.care_service().wearable_report(c, home.person_id, home.wearable, Reading(utcnow(), heart_rate=70))
    _presence(c, home.wearable, online=False)
    status, view = call(client, "GET", path, mine)
    assert status == 200 and view["status"]["online"] is False and view["status"]["heartRateBpm"] == 70, view
    staff_view = call(
        client, "GET", f"/v1/staff/communities/{c}/care/people/{home.person_id}", token({"staff.care"}, {c})
    )
    assert staff_view[1]["status"]["online"] is False, staff_view
    _presence(c, home.wearable, online=True)
    assert call(client, "GET", path, mine)[1]["status"]["online"] is True
