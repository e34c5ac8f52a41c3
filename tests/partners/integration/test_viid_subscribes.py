"""GA/T 1400 subscriptions at `/VIID/Subscribes`: HTTP Digest as `/VIID/System/Register` (no Authorization: a
challenge); each object answered with a `ResponseStatusObject`; bad input answered in the standard's shape with
nothing saved. A platform that stops keeping alive is paused (no push, the cursor waits) until its keepalive comes
back; a dead-lettered subscription is revived by the operator and delivers from where it stood."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from chalicelib.partners.digest import authorization
from tests.partners.integration.test_push_subscriptions import Clock, Receiver, replace_clock
from tests.partners.support import onboard
from tests.support.registry import call, new_community, token

SUBSCRIBES = "/VIID/Subscribes"
KEEPALIVE = "/VIID/System/Keepalive"


def _digest_post(client: Any, issued: dict[str, Any], path: str, body: bytes) -> Any:
    first = client.http.post(path, headers={"Content-Type": "application/json"}, body=body)
    assert first.status_code == 401, first.body
    nonce = re.search(r'nonce="([^"]+)"', first.headers["WWW-Authenticate"]).group(1)  # type: ignore[union-attr]
    auth = authorization(issued["keyId"], issued["secret"], "POST", path, nonce, "00000001", uuid.uuid4().hex[:8])
    return client.http.post(path, headers={"Content-Type": "application/json", "Authorization": auth}, body=body)


def _keepalive(client: Any, issued: dict[str, Any]) -> None:
    body = json.dumps({"KeepaliveObject": {"DeviceID": issued["keyId"]}}).encode()
    assert _digest_post(client, issued, KEEPALIVE, body).status_code == 200


BEIJING = timezone(timedelta(hours=8))


def _gat(moment: datetime) -> str:
    """GA/T 1400's time: YYYYMMDDhhmmss, Beijing time."""
    return moment.astimezone(BEIJING).strftime("%Y%m%d%H%M%S")


def _objects(cid: str, url: str, **override: Any) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    return [
        {
            "SubscribeID": "ignored",
            "Title": "人员变更",
            "SubscribeDetail": "people",
            "ResourceURI": cid,
            "ReceiveAddr": url,
            "ReportInterval": 60,
            "BeginTime": _gat(now - timedelta(minutes=1)),
            "EndTime": _gat(now + timedelta(days=1)),
            **override,
        }
    ]


def _subscribe(client: Any, issued: dict[str, Any], objects: list[dict[str, Any]]) -> Any:
    raw = json.dumps({"SubscribeListObject": {"SubscribeObject": objects}}, ensure_ascii=False).encode()
    return _digest_post(client, issued, SUBSCRIBES, raw)


def _people(batch: dict[str, Any]) -> list[dict[str, Any]]:
    notes = batch["SubscribeNotificationListObject"]["SubscribeNotificationObject"]
    return [o for n in notes for o in n["PersonListObject"]["PersonObject"]]


def _service(clock: Clock) -> Any:
    from chalicelib.partners import wiring

    return replace_clock(wiring.push_service(), clock)


def test_subscribes_with_digest_pushes_while_alive_and_pauses_when_the_keepalive_lapses(client: Any) -> None:
    from chalicelib.partners import record_change, wiring

    cid = new_community(client)
    issued = onboard(client, [cid], scopes=["people:feed"])
    receiver = Receiver(fail=0)
    answer = _subscribe(client, issued, _objects(cid, receiver.url))
    assert answer.status_code == 200, answer.body
    [status] = json.loads(answer.body)["ResponseStatusListObject"]["ResponseStatusObject"]
    assert status["StatusCode"] == 0 and status["RequestURL"] == SUBSCRIBES and status["Id"].startswith("sub_")
    assert re.fullmatch(r"[0-9]{14}", status["LocalTime"]), status  # the standard's form, Beijing time
    sub_id = status["Id"]
    mine = lambda found: [d for d in found if d.subscription_id == sub_id]  # noqa: E731

    record_change(cid, "people", "p0", "upsert", {"name": "王五"}, event_id=f"{cid}-viid-0")
    clock = Clock()
    service = _service(clock)
    assert mine(service.deliver_due()) == []  # never kept alive: paused
    _keepalive(client, issued)
    assert [d.outcome for d in mine(service.deliver_due())] == ["delivered"]

    record_change(cid, "people", "p1", "upsert", {"name": "赵六"}, event_id=f"{cid}-viid-1")
    clock.now += timedelta(minutes=4)  # no keepalive for more than three intervals
    assert mine(service.deliver_due()) == []
    assert wiring.push_service().store.get(sub_id).cursor == 1  # the cursor waits
    _keepalive(client, issued)
    clock.now = datetime.now(UTC) + timedelta(seconds=61)
    assert [d.outcome for d in mine(service.deliver_due())] == ["delivered"]
    ids = [o["ID"] for b in receiver.received for o in _people(b)]
    assert ids == ["p0", "p1"]
    triggered = receiver.received[0]["SubscribeNotificationListObject"]["SubscribeNotificationObject"][0]
    assert abs(_read_gat(triggered["TriggerTime"]) - datetime.now(UTC)) < timedelta(minutes=5)


def _read_gat(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING)


def test_subscription_times_are_read_in_the_standards_form_as_beijing_time(client: Any) -> None:
    from chalicelib.partners import wiring

    cid = new_community(client)
    issued = onboard(client, [cid], scopes=["people:feed"])
    url = "http://127.0.0.1:9/VIID/SubscribeNotifications"
    begin = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    objects = _objects(cid, url, BeginTime=_gat(begin), EndTime=(begin + timedelta(days=2)).isoformat())
    answer = _subscribe(client, issued, objects)
    assert answer.status_code == 200, answer.body
    sub_id = json.loads(answer.body)["ResponseStatusListObject"]["ResponseStatusObject"][0]["Id"]
    stored = wiring.push_service().store.get(sub_id)
    assert stored.begin == begin and stored.end == begin + timedelta(days=2)  # 14 digits: Beijing; ISO: its zone

    for bad in ("20261332120000", "2026120712000", "202612071200000", "20261207 12000", "2026-12-07T12:00:00"):
        refused = _subscribe(client, issued, _objects(cid, url, BeginTime=bad))
        assert refused.status_code == 400, (bad, refused.body)
        [detail] = json.loads(refused.body)["ResponseStatusObject"]["Details"]
        assert detail["field"] == "SubscribeObject.0.BeginTime", (bad, detail)
        assert detail["code"] in ("invalid_time", "time_zone_missing"), (bad, detail)


def test_bad_input_is_answered_in_the_standards_shape_and_saves_nothing(client: Any) -> None:
    from chalicelib.partners import wiring

    cid, other = new_community(client), new_community(client)
    issued = onboard(client, [cid], scopes=["people:feed"])
    url = "http://127.0.0.1:9/VIID/SubscribeNotifications"
    before = len(wiring.push_service().store.of_partner(issued["partner"]["partnerId"]))

    def refused(response: Any, status: int, code: int) -> dict[str, Any]:
        assert response.status_code == status, response.body
        found = json.loads(response.body)["ResponseStatusObject"]
        assert found["StatusCode"] == code and found["RequestURL"] == SUBSCRIBES
        return dict(found)

    raw = _digest_post(client, issued, SUBSCRIBES, b"{not json")
    refused(raw, 400, 7)
    empty = refused(_subscribe(client, issued, []), 400, 8)
    assert empty["Details"][0]["field"] == "SubscribeListObject.SubscribeObject"
    two = [*_objects(cid, url), *_objects(cid, url, ReportInterval=5, SubscribeDetail="pets")]
    bad = refused(_subscribe(client, issued, two), 400, 8)
    assert {d["field"] for d in bad["Details"]} == {
        "SubscribeObject.1.ReportInterval",
        "SubscribeObject.1.SubscribeDetail",
    }
    backwards = _objects(cid, url, EndTime=_gat(datetime.now(UTC) - timedelta(days=1)))
    assert refused(_subscribe(client, issued, backwards), 400, 8)["Details"][0]["field"] == "SubscribeObject.0.EndTime"
    refused(_subscribe(client, issued, [*_objects(cid, url), *_objects(other, url)]), 403, 4)
    refused(_subscribe(client, issued, _objects(cid, url, SubscribeDetail="alarms")), 403, 4)  # no alarms:feed
    assert len(wiring.push_service().store.of_partner(issued["partner"]["partnerId"])) == before


def test_the_operator_revives_a_dead_lettered_subscription(client: Any) -> None:
    from chalicelib.partners import record_change, wiring

    cid = new_community(client)
    issued = onboard(client, [cid], scopes=["people:feed"])
    pid = issued["partner"]["partnerId"]
    receiver = Receiver(fail=5)
    answer = _subscribe(client, issued, _objects(cid, receiver.url))
    sub_id = json.loads(answer.body)["ResponseStatusListObject"]["ResponseStatusObject"][0]["Id"]
    record_change(cid, "people", "p0", "upsert", {"name": "孙七"}, event_id=f"{cid}-revive-0")
    clock = Clock()
    service = _service(clock)
    outcomes: list[str] = []
    for _ in range(6):
        service.kept_alive(pid)  # the platform keeps alive on the test's clock
        outcomes += [d.outcome for d in service.deliver_due() if d.subscription_id == sub_id]
        clock.now += timedelta(hours=1, seconds=1)
    assert outcomes[-1] == "dead_lettered" and wiring.push_service().store.get(sub_id).status == "dead"

    admin = token({"platform.admin"}, {"*"})
    path = f"/v1/admin/partners/{pid}/subscriptions/{sub_id}/revive"
    status, revived = call(client, "POST", path, admin)
    assert status == 200 and revived["status"] == "active" and revived["failures"] == 0, revived
    status, again = call(client, "POST", path, admin)
    assert status == 409 and again["error"]["code"] == "SUBSCRIPTION_NOT_DEAD"
    status, _ = call(client, "POST", f"/v1/admin/partners/ptn_other/subscriptions/{sub_id}/revive", admin)
    assert status == 404
    status, _ = call(client, "POST", path, token({"staff.manager"}, {cid}))
    assert status == 403

    service.kept_alive(pid)
    assert [d.outcome for d in service.deliver_due() if d.subscription_id == sub_id] == ["delivered"]
    assert [o["ID"] for o in _people(receiver.received[0])] == ["p0"]
