"""Simulator -> Mosquitto (mTLS + ACL) -> rules bridge (infra/ topic rules) -> ingestion -> DynamoDB / alarm queue.

Runs against the `make up` stack (the session `stack` fixture: a subprocess with its own moto, broker and bridge),
not a second LocalCloud in this process: the local cloud exports process-wide environment variables, so two in one
process would fight over table names and endpoints.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

import boto3
import pytest
from awscrt import mqtt5

from infra.localcloud.mosquitto import find_mosquitto
from infra.localcloud.pki import LocalCA
from iot import mqtt_client
from iot.simulator import payloads
from iot.topics import ingest_topic, topic_for

pytestmark = pytest.mark.skipif(find_mosquitto() is None, reason="mosquitto binary not installed")


class Stack:
    def __init__(self, state: dict[str, Any]):
        self.env = state["environment"]
        self.mqtt = state["mqtt"]
        self.ca = LocalCA(Path(self.env["MQTT_CA"]).parent)
        kwargs = {
            "region_name": state["region"],
            "endpoint_url": state["aws_endpoint"],
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
        }
        self.ddb = boto3.client("dynamodb", **kwargs)
        self.sqs = boto3.client("sqs", **kwargs)
        self.clients: list[mqtt_client.MqttClient] = []
        self.admin: Any = None

    def register(self, community: str, device_type: str) -> str:
        device = f"{device_type.replace('_', '-')}-{uuid.uuid4().hex[:12]}"
        self.ddb.put_item(
            TableName=self.env["TABLE_DEVICES"],
            Item={
                "pk": {"S": f"C#{community}#DEV#{device}"},
                "sk": {"S": "DEVICE"},
                "device_id": {"S": device},
                "community_id": {"S": community},
                "device_type": {"S": device_type},
                "name": {"S": device},
                "status": {"S": "active"},
                "ingested_at": {"S": "2024-05-01T00:00:00.000000+0000"},
                "version": {"N": "1"},
            },
        )
        return device

    def connect(self, device: str) -> mqtt_client.MqttClient:
        """A device with a certificate of the stack's CA, given its role from the device policy as issuing its
        certificate through the API would (the broker denies a thing without one everything)."""
        from infra.localcloud.dynsec import DynsecAdmin

        self.admin = DynsecAdmin.for_broker(self.mqtt["host"], int(self.mqtt["port"]), self.ca)  # shared per broker
        self.admin.allow_thing(device)
        cert, key = self.ca.issue_client(device)
        client = mqtt_client.connect_mtls(self.mqtt["host"], self.mqtt["port"], self.ca.ca_path, cert, key, device)
        self.clients.append(client)
        return client

    def close(self) -> None:
        """Disconnect the devices and the admin connection (which would otherwise reconnect by itself)."""
        for client in self.clients:
            mqtt_client.disconnect(client)
        if self.admin is not None:
            self.admin.close()

    def series(self, community: str, device: str) -> list[dict[str, Any]]:
        return self.ddb.query(
            TableName=self.env["TABLE_TELEMETRY"],
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": f"C#{community}#D#{device}"}},
        )["Items"]

    def queue(self, env_var: str, community: str) -> list[dict[str, Any]]:
        found = []
        for _ in range(10):
            got = self.sqs.receive_message(QueueUrl=self.env[env_var], MaxNumberOfMessages=10, VisibilityTimeout=1).get(
                "Messages", []
            )
            if not got:
                break
            for m in got:
                body = json.loads(m["Body"])
                if community in (body.get("community_id"), body.get("communityId")):
                    found.append(body)
                    self.sqs.delete_message(QueueUrl=self.env[env_var], ReceiptHandle=m["ReceiptHandle"])
        return found


def eventually(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


@pytest.fixture(scope="module")
def local(stack: dict[str, Any]) -> Any:
    state = Stack(stack)
    yield state
    state.close()


def test_device_messages_flow_through_the_rules_into_dynamodb(local: Stack) -> None:
    community = "c-" + uuid.uuid4().hex[:10]
    detector = local.register(community, "smoke_detector")
    neighbour = local.register(community, "smoke_detector")
    device = local.connect(detector)
    rng = Random(9)
    reading, beat = payloads.normal_telemetry("smoke_detector", rng), payloads.heartbeat(rng)
    alarm = payloads.alarm_event("smoke_detector", rng)
    assert alarm is not None
    ok = mqtt5.PubackReasonCode.SUCCESS
    assert mqtt_client.publish(device, topic_for(community, detector, "telemetry"), reading) == ok
    assert mqtt_client.publish(device, topic_for(community, detector, "telemetry"), reading) == ok  # duplicate
    assert mqtt_client.publish(device, topic_for(community, detector, "heartbeat"), beat, qos=1) == ok
    assert mqtt_client.publish(device, topic_for(community, detector, "events"), alarm) == ok
    assert mqtt_client.publish(device, topic_for(community, detector, "telemetry"), {"msgId": "x"}) == ok  # invalid
    # Another device's topic: the broker refuses it (the ACL generated from the IoT policy).
    spoof = payloads.alarm_event("smoke_detector", rng)
    code = mqtt_client.publish(device, topic_for(community, neighbour, "events"), spoof)
    assert code == mqtt5.PubackReasonCode.NOT_AUTHORIZED

    items = eventually(lambda: (s := local.series(community, detector)) and len(s) >= 3 and s)
    assert sorted(i["sk"]["S"][0] for i in items) == ["E", "H", "T"], items  # the duplicate is one item
    by_kind = {i["k"]["S"]: json.loads(i["b"]["S"]) for i in items}
    assert by_kind["telemetry"]["metrics"] == reading["metrics"] and by_kind["events"]["event"] == alarm["event"]
    state = local.ddb.get_item(
        TableName=local.env["TABLE_DEVICES"], Key={"pk": {"S": f"PRES#C#{community}"}, "sk": {"S": f"STATE#{detector}"}}
    )["Item"]
    assert state["online"]["BOOL"] is True

    # The alarm seam's candidate is consumed by the alarm evaluation: it became an alarm of this device.
    def raised() -> list[dict[str, Any]]:
        return local.ddb.query(
            TableName=local.env["TABLE_ALARMS"],
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :p",
            ExpressionAttributeValues={":p": {"S": f"C#{community}#ALARMS"}},
        )["Items"]

    alarms = eventually(raised)
    assert [(a["originator_id"]["S"], a["alarm_type"]["S"]) for a in alarms] == [(detector, alarm["event"])]
    letters = eventually(lambda: local.queue("IOT_DLQ_URL", community))
    assert [(d["reason"], d["deviceId"]) for d in letters] == [("invalid_schema", detector)]
    assert local.series(community, neighbour) == []


def test_basic_ingest_through_the_broker_reaches_its_rule_and_lands(local: Stack) -> None:
    """A device publishes telemetry and a heartbeat to its stage's Basic Ingest rules ($aws/rules/<rule>/sc/...): the
    broker lets it (its policy names those rules and its own topics), the rules engine hands each to that one rule,
    which sees the topic without the prefix, and they land as on the plain topics. Another thing's Basic Ingest
    topic, or another stage's rule, is refused."""
    community = "c-" + uuid.uuid4().hex[:10]
    meter = local.register(community, "water_meter")
    neighbour = local.register(community, "water_meter")
    device = local.connect(meter)
    rng = Random(10)
    reading, beat = payloads.normal_telemetry("water_meter", rng), payloads.heartbeat(rng)
    ok = mqtt5.PubackReasonCode.SUCCESS
    assert mqtt_client.publish(device, ingest_topic("local", community, meter, "telemetry"), reading) == ok
    assert mqtt_client.publish(device, ingest_topic("local", community, meter, "heartbeat"), beat, qos=1) == ok
    refused = mqtt5.PubackReasonCode.NOT_AUTHORIZED
    other = payloads.normal_telemetry("water_meter", rng)
    assert mqtt_client.publish(device, ingest_topic("local", community, neighbour, "telemetry"), other) == refused
    assert mqtt_client.publish(device, ingest_topic("prod", community, meter, "telemetry"), other) == refused

    items = eventually(lambda: (s := local.series(community, meter)) and len(s) >= 2 and s)
    assert sorted(i["k"]["S"] for i in items) == ["heartbeat", "telemetry"], items
    by_kind = {i["k"]["S"]: json.loads(i["b"]["S"]) for i in items}
    assert by_kind["telemetry"]["metrics"] == reading["metrics"]
    assert local.series(community, neighbour) == []
