"""Care end to end on the `make up` stack: the seeded elderly resident's wearable (孙桂兰, living alone) reports a
fall over MQTT (mTLS) -> rules bridge -> ingestion -> AlarmEventsQueue -> alarm consumer: her guardians hear
first, in their order of contact (the demo resident, her first guardian, by WeChat; the demo manager, her second,
by app push one acknowledgement wait later, recorded by the local push server), before the on-duty guard; the
deliveries are recorded with the roles `guardian` and `guardian_next`; the guardian's view lists her."""

from __future__ import annotations

import json
import time
import urllib.request
from random import Random
from typing import Any

import pytest
from awscrt import mqtt5

from infra.localcloud.mosquitto import find_mosquitto
from iot import mqtt_client
from iot.simulator import payloads
from iot.topics import topic_for
from tests.e2e.device_support import StaffApi, stack_token, staff_api
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


def test_a_fall_reaches_the_guardians_first(stack: dict[str, Any], local: Stack) -> None:
    care = stack["demo"]["care"]
    community = care["communityId"]
    wearable = next(d["deviceId"] for d in care["devices"] if d["deviceType"] == "wearable")
    manager_id = stack["demo"]["identity"]["staff"]["manager"]["account_id"]
    guard_id = stack["demo"]["identity"]["staff"]["guard"]["account_id"]
    assert any(g["account_id"] == manager_id for g in care["guardians"])

    device = local.connect(wearable)
    fall = payloads.alarm_event("wearable", Random(7))
    assert fall is not None and fall["event"] == "fall_detected"
    sent_at = time.time()
    assert mqtt_client.publish(device, topic_for(community, wearable, "events"), fall) == mqtt5.PubackReasonCode.SUCCESS

    api = staff_api(stack, community)

    def alarm() -> list[dict[str, Any]]:
        status, page = api("GET", "/alarms?limit=100")
        return [a for a in page.get("items", []) if a["originatorId"] == wearable] if status == 200 else []

    (found,) = eventually(alarm, timeout=30)
    assert found["type"] == "fall_detected" and found["houseId"] == care["houseId"]
    alarm_id = found["alarmId"]
    wechats = eventually(lambda: [r for r in received(stack, "wechat") if alarm_id in json.dumps(r)], timeout=30)
    print(f"fall published -> first guardian's WeChat recorded: {min(r['at'] for r in wechats) - sent_at:.2f} s")
    status, deliveries = api("GET", f"/notification-deliveries?subject=alarm:{alarm_id}")
    assert status == 200, deliveries
    roles = {(d["channel"], d["role"], d["status"]) for d in deliveries["items"]}
    assert ("wechat", "guardian", "sent") in roles, "the demo resident, her neighbour and first guardian, by WeChat"
    pushed = [r["to"] for r in received(stack, "push") if alarm_id in r["params"].get("ExtParameters", "")]
    assert guard_id not in pushed, "the on-duty guard is told only if the guardians do not answer"
    # the demo manager, her second guardian, hears one acknowledgement wait later (role guardian_next)
    pushes = eventually(
        lambda: [r for r in received(stack, "push") if alarm_id in r["params"].get("ExtParameters", "")], timeout=180
    )
    assert manager_id == pushes[0]["to"], "the second guardian is the first pushed, before the staff on duty"
    status, deliveries = api("GET", f"/notification-deliveries?subject=alarm:{alarm_id}")
    assert ("push", "guardian_next", "sent") in {(d["channel"], d["role"], d["status"]) for d in deliveries["items"]}

    guardian = StaffApi(f"{stack['api']}/v1/resident/care", _token(stack, manager_id, community))
    status, mine = guardian("GET", "/guarded")
    assert status == 200 and [p["personName"] for p in mine["items"]] == [care["name"]], mine

    # the wearable's readings reach her "last seen" item through the care topic rules: the guardian sees them
    reading = {**payloads.normal_telemetry("wearable", Random(8)), "metrics": {"heartRateBpm": 77, "batteryPct": 41}}
    topic = topic_for(community, wearable, "telemetry")
    assert mqtt_client.publish(device, topic, reading) == mqtt5.PubackReasonCode.SUCCESS

    def status_of_her() -> dict[str, Any] | None:
        code, mine = guardian("GET", "/guarded")
        found = mine["items"][0]["status"] if code == 200 and mine.get("items") else {}
        return found if found.get("batteryPct") == 41 else None

    status_now = eventually(status_of_her, timeout=30)
    assert status_now["heartRateBpm"] == 77 and status_now["online"] and status_now["lastSeenAtLocal"]


def _token(stack: dict[str, Any], subject: str, community: str) -> str:
    """The demo manager's own access token (signed with the stack's key), as the staff app holds it."""
    import jwt

    generic = stack_token(stack, community)
    import boto3

    secrets = boto3.client(
        "secretsmanager",
        endpoint_url=stack["aws_endpoint"],
        region_name=stack["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    key = secrets.get_secret_value(SecretId=stack["environment"]["JWT_SECRET_ARN"])["SecretString"]
    claims = jwt.decode(generic, key, algorithms=["HS256"], audience="smartcommunity-api")
    return jwt.encode({**claims, "sub": subject}, key, algorithm="HS256")
