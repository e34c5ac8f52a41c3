"""Push subscriptions, GA/T 1400 style, through the local cloud: a partner subscribes with a signed request; the
delivery round posts the new changes in one SubscribeNotifications batch to a local receiver, which fails, then
recovers: the batch arrives once, in order, after a back-off, and the delivery log says so; a receiver that keeps
failing dead-letters the subscription after five attempts."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chalicelib.partners.signing import signed_headers
from tests.partners.support import body, onboard
from tests.support.registry import new_community


class Receiver:
    """A partner's receiving server: answers `fail` 500s first, then 200; keeps what it received."""

    def __init__(self, fail: int):
        self.fail = fail
        self.received: list[dict[str, Any]] = []
        self.attempts = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.attempts += 1
                data = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.fail > 0:
                    outer.fail -= 1
                    self.send_response(500)
                else:
                    outer.received.append(json.loads(data))
                    self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"ResponseStatusObject": {"StatusCode": 0, "StatusString": "OK"}}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/VIID/SubscribeNotifications"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _subscribe(client: Any, issued: dict[str, Any], cid: str, url: str) -> dict[str, Any]:
    path = f"/v1/partner/communities/{cid}/subscriptions"
    now = datetime.now(UTC)
    payload = {
        "Title": "人员变更",
        "ResourceURI": "people",
        "ReceiveAddr": url,
        "ReportInterval": 60,
        "BeginTime": (now - timedelta(minutes=1)).isoformat(),
        "EndTime": (now + timedelta(days=1)).isoformat(),
    }
    raw = json.dumps(payload, ensure_ascii=False).encode()
    headers = signed_headers(issued["keyId"], issued["secret"], "POST", path, None, raw, now, uuid.uuid4().hex)
    response = client.http.post(path, headers={**headers, "Content-Type": "application/json"}, body=raw)
    assert response.status_code == 201, response.body
    return dict(body(response))


def _service(clock: Clock) -> Any:

    from chalicelib.partners import wiring

    return replace_clock(wiring.push_service(), clock)


def replace_clock(service: Any, clock: Clock) -> Any:
    from chalicelib.partners.push_service import PushService

    return PushService(
        service.store, service.feed, service.partner_of, service.sender, service.reveal, clock, service.new_id
    )


def test_a_batch_arrives_once_in_order_after_a_failure_and_recovery(client: Any) -> None:
    from chalicelib.partners import record_change

    cid = new_community(client)
    issued = onboard(client, [cid], scopes=["people:feed", "subscriptions:manage"])
    receiver = Receiver(fail=2)
    sub = _subscribe(client, issued, cid, receiver.url)
    for i in range(3):
        record_change(cid, "people", f"p{i}", "upsert", {"name": f"张{i}"}, event_id=f"{cid}-push-{i}")

    clock = Clock()
    service = _service(clock)
    mine = lambda found: [d for d in found if d.subscription_id == sub["SubscribeID"]]  # noqa: E731
    assert [d.outcome for d in mine(service.deliver_due())] == ["failed"]
    assert mine(service.deliver_due()) == []  # backing off (2 x 60 s)
    clock.now += timedelta(seconds=121)
    assert [d.outcome for d in mine(service.deliver_due())] == ["failed"]
    clock.now += timedelta(seconds=241)
    assert [d.outcome for d in mine(service.deliver_due())] == ["delivered"]
    clock.now += timedelta(seconds=61)
    assert mine(service.deliver_due()) == []  # nothing new: nothing posted

    [batch] = receiver.received
    [note] = batch["SubscribeNotificationListObject"]["SubscribeNotificationObject"]
    people = note["PersonListObject"]["PersonObject"]
    assert [p["ID"] for p in people] == ["p0", "p1", "p2"] and note["SubscribeID"] == sub["SubscribeID"]
    assert [p["name"] for p in people] == ["张*", "张*", "张*"]  # masked for this partner
    assert receiver.attempts == 3

    record_change(cid, "people", "p3", "delete", {}, event_id=f"{cid}-push-3")
    clock.now += timedelta(seconds=61)
    assert [d.outcome for d in mine(service.deliver_due())] == ["delivered"]
    tomb = receiver.received[-1]["SubscribeNotificationListObject"]["SubscribeNotificationObject"][0]
    assert [(p["ID"], p["Op"]) for p in tomb["PersonListObject"]["PersonObject"]] == [("p3", "delete")]

    log = service.store.deliveries(sub["SubscribeID"], 10)
    assert [d.outcome for d in reversed(log)] == ["failed", "failed", "delivered", "delivered"]


def test_a_receiver_that_keeps_failing_dead_letters_the_subscription(client: Any) -> None:
    from chalicelib.partners import record_change

    cid = new_community(client)
    issued = onboard(client, [cid], scopes=["people:feed", "subscriptions:manage"])
    receiver = Receiver(fail=1000)
    sub = _subscribe(client, issued, cid, receiver.url)
    record_change(cid, "people", "p0", "upsert", {"name": "李四"}, event_id=f"{cid}-dead-0")
    clock = Clock()
    service = _service(clock)
    outcomes = []
    for _ in range(8):
        outcomes += [d.outcome for d in service.deliver_due() if d.subscription_id == sub["SubscribeID"]]
        clock.now += timedelta(hours=1, seconds=1)
    assert outcomes == ["failed"] * 4 + ["dead_lettered"]
    assert service.store.get(sub["SubscribeID"]).status == "dead"
    assert receiver.attempts == 5


def test_a_partner_subscribes_only_to_its_own_feeds(client: Any) -> None:
    cid, other = new_community(client), new_community(client)
    issued = onboard(client, [cid], scopes=["subscriptions:manage"])  # no people:feed
    path = f"/v1/partner/communities/{cid}/subscriptions"
    now = datetime.now(UTC)
    payload = {
        "ResourceURI": "people",
        "ReceiveAddr": "http://127.0.0.1:9/x",
        "ReportInterval": 60,
        "BeginTime": now.isoformat(),
        "EndTime": (now + timedelta(days=1)).isoformat(),
    }
    raw = json.dumps(payload).encode()
    headers = signed_headers(issued["keyId"], issued["secret"], "POST", path, None, raw, now, uuid.uuid4().hex)
    response = client.http.post(path, headers={**headers, "Content-Type": "application/json"}, body=raw)
    assert response.status_code == 403, response.body
    foreign = f"/v1/partner/communities/{other}/subscriptions"
    headers = signed_headers(issued["keyId"], issued["secret"], "POST", foreign, None, raw, now, uuid.uuid4().hex)
    response = client.http.post(foreign, headers={**headers, "Content-Type": "application/json"}, body=raw)
    assert response.status_code == 403
