"""Alarm handling end to end on the `make up` stack: the simulator's smoke alarm over MQTT (mTLS) -> rules bridge ->
ingestion -> AlarmEventsQueue -> consumer -> alarm + workflow -> the on-duty demo guard pushed (recorded by the local
push server, signature checked) -> the guard acknowledges over HTTP. 100 identical messages make one alarm."""

from __future__ import annotations

import json
import urllib.request
from random import Random
from typing import Any

import pytest
from awscrt import mqtt5

from infra.localcloud.mosquitto import find_mosquitto
from iot import mqtt_client
from iot.simulator import payloads
from iot.topics import topic_for
from tests.e2e.device_support import StaffApi, stack_token
from tests.e2e.test_ingestion_pipeline import Stack, eventually

pytestmark = pytest.mark.skipif(find_mosquitto() is None, reason="mosquitto binary not installed")


@pytest.fixture(scope="module")
def local(stack: dict[str, Any]) -> Any:
    state = Stack(stack)
    yield state
    state.close()


def received(stack: dict[str, Any], channel: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(stack["notify"][channel] + "/_received", timeout=5) as response:
        return list(json.loads(response.read()))


def guard_api(stack: dict[str, Any], community: str) -> tuple[StaffApi, str]:
    import time
    import uuid

    import boto3
    import jwt

    guard_id = stack["demo"]["identity"]["staff"]["guard"]["account_id"]
    secrets = boto3.client(
        "secretsmanager",
        endpoint_url=stack["aws_endpoint"],
        region_name=stack["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    key = secrets.get_secret_value(SecretId=stack["environment"]["JWT_SECRET_ARN"])["SecretString"]
    now = int(time.time())
    claims = {
        "iss": "smartcommunity",
        "aud": "smartcommunity-api",
        "sub": guard_id,
        "typ": "access",
        "knd": "staff",
        "rol": ["staff.guard"],
        "cty": [community],
        "hh": [],
        "nam": "demo guard",
        "iat": now,
        "exp": now + 900,
        "jti": uuid.uuid4().hex,
    }
    token = jwt.encode(claims, key, algorithm="HS256")
    return StaffApi(f"{stack['api']}/v1/staff/communities/{community}", token), guard_id


def test_smoke_alarm_reaches_the_guard_who_acknowledges_over_http(stack: dict[str, Any], local: Stack) -> None:
    community = stack["demo"]["registry"]["community_ids"][0]
    detector = local.register(community, "smoke_detector")
    device = local.connect(detector)
    alarm = payloads.alarm_event("smoke_detector", Random(3))
    assert alarm is not None and alarm["event"] == "fire_alarm"
    for _ in range(100):  # QoS 1 redeliveries of one alarm message
        assert (
            mqtt_client.publish(device, topic_for(community, detector, "events"), alarm)
            == mqtt5.PubackReasonCode.SUCCESS
        )

    api, guard_id = guard_api(stack, community)

    def alarms() -> list[dict[str, Any]]:
        status, page = api("GET", "/alarms?limit=100")
        return [a for a in page.get("items", []) if a["originatorId"] == detector] if status == 200 else []

    found = eventually(alarms, timeout=30)
    assert len(found) == 1 and found[0]["type"] == "fire_alarm" and found[0]["count"] == 1
    alarm_id = found[0]["alarmId"]
    pushes = eventually(
        lambda: [r for r in received(stack, "push") if alarm_id in r["params"].get("ExtParameters", "")], timeout=30
    )
    assert [p["to"] for p in pushes] == [guard_id], "the on-duty guard got exactly one push"
    status, deliveries = api("GET", f"/notification-deliveries?subject=alarm:{alarm_id}")
    assert status == 200 and [(d["channel"], d["status"]) for d in deliveries["items"]] == [("push", "sent")]

    status, view = api("POST", f"/alarms/{alarm_id}/acknowledge", {})
    assert status == 200 and view["acknowledgedBy"] == guard_id and view["status"] == "ACTIVE_ACK"
    status, err = api("POST", f"/alarms/{alarm_id}/acknowledge", {})
    assert status == 409 and err["error"]["code"] == "ALARM_ALREADY_ACKNOWLEDGED"
    assert len(eventually(alarms)) == 1, "still one alarm after 100 identical messages"

    # The workflow (moto in its own process, its Lambda tasks run by this stack's function runtime) goes on to the end:
    # its level's wait answered by the acknowledgement, then the clear, then its closing note on the timeline.
    status, _ = api("POST", f"/alarms/{alarm_id}/clear", {"reason": "误报：厨房油烟"})
    assert status == 200

    def closed() -> list[dict[str, Any]]:
        status, detail = api("GET", f"/alarms/{alarm_id}")
        timeline = detail.get("timeline", []) if status == 200 else []
        return timeline if any(e["action"] == "closed" for e in timeline) else []

    actions = [e["action"] for e in eventually(closed, timeout=60)]
    assert actions.index("acknowledged") < actions.index("cleared") < actions.index("closed"), actions
    assert actions.count("notified") == 1, "the guard was told once, and noted once"
    _ = stack_token  # the manager token helper stays available for other alarm e2e checks
