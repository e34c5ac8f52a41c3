"""The live channel through the local cloud: the local WebSocket API (infra/localcloud/live_socket.py) running the
app's `live_socket`, `live_events` and `live_sweep` functions. The connect check is the API's own (token, session
cutoff, role, community); an alarm written through the API is announced on LiveEventsQueue and pushed to its
community's connections only; a revoked session's connection is closed by the sweep."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from infra.localcloud.live_socket import LiveSocketServer, sweep_event
from tests.support.identity import auth, body, login, make_staff, token_for


@pytest.fixture(scope="module")
def live(cloud: Any, app: Any) -> Iterator[LiveSocketServer]:
    server = LiveSocketServer(cloud.registry.invoke).start()
    cloud._export({"LIVE_CALLBACK_URL": server.callback_url})
    yield server
    server.stop()


def open_socket(live: LiveSocketServer, token: str, community: str) -> ClientConnection:
    return connect(f"{live.url}?community={community}&token={token}", open_timeout=10)


def refused(live: LiveSocketServer, token: str, community: str) -> int:
    with pytest.raises(InvalidStatus) as caught:
        open_socket(live, token, community)
    return int(caught.value.response.status_code)


def pump(cloud: Any) -> int:
    """What the rules bridge does deployed-alike: LiveEventsQueue -> live_events (the test cloud runs no bridge)."""
    sqs = cloud.client("sqs")
    url = cloud.environment["LIVE_EVENTS_QUEUE_URL"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
    if messages:
        records = [{"messageId": m["MessageId"], "body": m["Body"]} for m in messages]
        answer, error = cloud.registry.invoke("live_events", {"Records": records})
        assert error is None and answer == {"batchItemFailures": []}
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return len(messages)


def frames(socket: ClientConnection, wait: float = 1.0) -> list[dict[str, Any]]:
    out = []
    try:
        while True:
            out.append(json.loads(socket.recv(timeout=wait)))
    except TimeoutError:
        return out


def test_connect_needs_a_staff_token_of_that_community(live: LiveSocketServer) -> None:
    a, b = f"c-{uuid.uuid4().hex[:8]}", f"c-{uuid.uuid4().hex[:8]}"
    assert refused(live, "", a) == 401
    assert refused(live, "not-a-token", a) == 401
    assert refused(live, token_for({"staff.guard"}, {b}), a) == 403  # B's token, A's events: refused
    assert refused(live, token_for({"resident.owner"}, {a}, kind="resident", households={"h1"}), a) == 403
    with open_socket(live, token_for({"staff.guard"}, {a}), a) as socket:
        assert socket.protocol.state.name == "OPEN"


def test_an_alarm_reaches_its_own_community_and_never_the_other(cloud: Any, client: Any, live: Any) -> None:
    a, b = f"c-{uuid.uuid4().hex[:8]}", f"c-{uuid.uuid4().hex[:8]}"
    while pump(cloud):  # what earlier tests announced
        pass
    with (
        open_socket(live, token_for({"staff.manager"}, {a}), a) as sa,
        open_socket(live, token_for({"staff.manager"}, {b}), b) as sb,
    ):
        # A connection that left without its $disconnect arriving (410 Gone): forgotten, and nobody else misses out.
        from chalicelib.live.model import Connection
        from chalicelib.live.repository import DynamoConnections

        stale = Connection(f"stale{uuid.uuid4().hex[:8]}", a, "someone", issued_ms=int(time.time() * 1000),
                           expires_ms=int(time.time() * 1000) + 600_000)  # fmt: skip
        DynamoConnections().add(stale)
        report = {"requestId": uuid.uuid4().hex, "type": "fence_damaged", "severity": "major", "note": "东侧围栏"}
        response = client.http.post(
            f"/v1/staff/communities/{a}/alarms",
            headers=auth(token_for({"staff.guard"}, {a})),
            body=json.dumps(report),
        )
        assert response.status_code == 201, response.body
        alarm_id = body(response)["alarmId"]
        assert pump(cloud) >= 1
        got_a, got_b = frames(sa), frames(sb, wait=0.5)
        # the report, and (when its workflow's first step was quicker than this pump) the note that the guard on duty
        # was told: every change the board shows is announced, to A's board only
        assert {(f["type"], f["communityId"], f["alarm"]["alarmId"]) for f in got_a} == {("alarm.changed", a, alarm_id)}
        assert got_a[0]["alarm"]["status"] == "ACTIVE_UNACK"
        assert got_b == []
        assert stale.connection_id not in {c.connection_id for c in DynamoConnections().of_community(a)}


def test_a_revoked_session_is_closed_by_the_sweep(cloud: Any, client: Any, live: Any) -> None:
    community = f"c-{uuid.uuid4().hex[:8]}"
    account = make_staff({community}, {"staff.guard"})
    tokens = body(login(client, account.username))
    with open_socket(live, tokens["accessToken"], community) as socket:
        out = client.http.post(
            "/v1/public/logout",
            headers={"Content-Type": "application/json"},
            body=json.dumps({"refreshToken": tokens["refreshToken"]}),
        )
        assert out.status_code in (200, 204), out.body
        answer, error = cloud.registry.invoke("live_sweep", sweep_event())
        assert error is None and answer["ended"] >= 1, answer
        with pytest.raises(ConnectionClosed):
            socket.recv(timeout=5)


def test_a_device_going_offline_reaches_its_community_as_presence(cloud: Any, live: Any) -> None:
    """The presence candidates the sweep and ingestion hand to the alarm evaluation also tell the live channel."""
    from chalicelib.devices.adapters_ingestion import PresenceAnnouncingSink
    from chalicelib.devices.alarm_handoff import OFFLINE_EVENT, PRESENCE, AlarmCandidate

    a, b = f"c-{uuid.uuid4().hex[:8]}", f"c-{uuid.uuid4().hex[:8]}"
    while pump(cloud):
        pass
    with (
        open_socket(live, token_for({"staff.guard"}, {a}), a) as sa,
        open_socket(live, token_for({"staff.guard"}, {b}), b) as sb,
    ):
        now = "2026-12-07T03:00:00.000Z"
        offline = AlarmCandidate(a, "pump-1", "water_pump", OFFLINE_EVENT, "m1", now, now, raises=True, source=PRESENCE)
        telemetry = AlarmCandidate(a, "pump-1", "water_pump", "telemetry", "m2", now, now, raises=False)
        assert PresenceAnnouncingSink().submit_all([offline, telemetry]) == [True, True]
        assert pump(cloud) >= 1
        got = frames(sa)
        assert [(f["type"], f["deviceId"], f["online"]) for f in got] == [("device.presence", "pump-1", False)]
        assert frames(sb, wait=0.5) == []
