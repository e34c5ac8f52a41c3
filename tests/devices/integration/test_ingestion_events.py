"""Device events (events rule -> EventsQueue -> ingest_events_batch), the direct path (command acks ->
ingest_event), the alarm seam, and presence (sweep, back online)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

import pytest

from chalicelib.alarms import wiring as alarms_wiring
from chalicelib.devices import commands as cmd
from chalicelib.devices import wiring as devices_wiring
from chalicelib.devices.repository_presence import DeviceStateRecord, state_key
from chalicelib.devices.repository_telemetry import latest_state
from iot.simulator import payloads
from iot.topics import topic_for
from tests.support.alarms import invoke_consumer, providers  # noqa: F401
from tests.support.ingestion import ingest_batch, new_community, queue_messages, register, rule_output, series_items


def ingest(client: Any, output: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = client.lambda_.invoke("ingest_event", output).payload
    return payload


def ingest_events(
    client: Any, outputs: list[dict[str, Any]], ids: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """An EventsQueue batch through `ingest_events_batch`: (record ids, ids reported for retry)."""
    return ingest_batch(client, "ingest_events_batch", outputs, ids)


def smoke_alarm(seed: int) -> dict[str, Any]:
    alarm = payloads.alarm_event("smoke_detector", Random(seed))
    assert alarm is not None and alarm["event"] == "fire_alarm"
    return alarm


class FailingCalls:
    """The real client, but the named operation fails (as AWS does when throttling or unavailable) while `failing`,
    for calls whose parameters match `when`; `calls` counts the operation's calls that match."""

    def __init__(self, real: Any, operation: str, when: dict[str, Any], failing: bool):
        self.real, self.operation, self.when, self.failing = real, operation, when, failing
        self.calls = self.failed = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.real, name)
        if name != self.operation:
            return method

        def call(**params: Any) -> Any:
            if all(params.get(k) == v for k, v in self.when.items()):
                self.calls += 1
                if self.failing:
                    from botocore.exceptions import ClientError

                    self.failed += 1
                    error = {"Error": {"Code": "ServiceUnavailable", "Message": "injected by the test"}}
                    raise ClientError(error, name)
            return method(**params)

        return call


def inject(
    monkeypatch: pytest.MonkeyPatch, service: str, operation: str, failing: bool = True, **when: Any
) -> FailingCalls:
    """Make `operation` of the app's `service` client fail, or just count it (every client the app builds comes
    from aws.client)."""
    from chalicelib.kernel import aws

    real_client = aws.client
    wrapped = FailingCalls(real_client(service), operation, when, failing)
    monkeypatch.setattr(aws, "client", lambda name: wrapped if name == service else real_client(name))
    return wrapped


def alarm_queue() -> str:
    return os.environ["ALARM_EVENTS_QUEUE_URL"]


def test_an_alarm_event_is_stored_once_and_handed_off_once(cloud: Any, client: Any) -> None:
    community = new_community()
    detector = register(community, "smoke_detector")
    alarm = smoke_alarm(5)
    output = rule_output(community, detector, "events", alarm)
    assert ingest_events(client, [output, output])[1] == []  # a QoS 1 duplicate inside the batch
    assert ingest_events(client, [output])[1] == []  # ... and in a later batch
    [item] = series_items(cloud, community, detector)
    assert item["sk"]["S"] == "E#" + alarm["msgId"] and json.loads(item["b"]["S"])["event"] == "fire_alarm"

    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert candidate["device_id"] == detector and candidate["event"] == "fire_alarm"
    assert candidate["raises"] is True and candidate["severity"] == "critical" and candidate["source"] == "device"
    assert candidate["msg_id"] == alarm["msgId"]
    latest = latest_state(community, detector)
    assert latest is not None and latest.event is not None and latest.event.body["event"] == "fire_alarm"


def test_a_batch_of_ten_alarms_is_one_write_request_and_one_hand_off_request(
    cloud: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    community = new_community()
    detectors = [register(community, "smoke_detector") for _ in range(10)]
    store = devices_wiring.ingestion_service().store
    before = store.write_requests
    outputs = [rule_output(community, d, "events", smoke_alarm(i)) for i, d in enumerate(detectors)]
    sqs = inject(monkeypatch, "sqs", "send_message_batch", failing=False, QueueUrl=alarm_queue())
    assert ingest_events(client, outputs)[1] == []
    # 10 events + 10 first-contact state items + the community's item: 21 items, one BatchWriteItem
    assert store.write_requests - before == 1
    assert sqs.calls == 1  # the ten hand-offs: one SendMessageBatch
    assert all(len(series_items(cloud, community, d)) == 1 for d in detectors)
    assert len(queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)) == 10


def test_an_event_that_raises_nothing_is_recorded_but_not_handed_off(cloud: Any, client: Any) -> None:
    community = new_community()
    gate = register(community, "barrier_gate")
    event = {
        "msgId": "plate-1",
        "ts": "2024-05-01T08:00:00Z",
        "event": "plate_recognized",
        "data": {"plate": "川A12345", "plateColour": "blue", "direction": "in", "confidence": 0.97},
    }
    assert ingest_events(client, [rule_output(community, gate, "events", event)])[1] == []
    assert len(series_items(cloud, community, gate)) == 1
    assert queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community) == []


def test_invalid_and_unknown_events_are_dead_lettered(cloud: Any, client: Any) -> None:
    community = new_community()
    detector = register(community, "gas_detector")
    unknown = {"msgId": "e-1", "ts": "2024-05-01T08:00:00Z", "event": "dance", "data": {}}
    outputs = [
        rule_output(community, detector, "events", unknown),
        rule_output(community, "nobody-0001", "events", unknown),
    ]
    assert ingest_events(client, outputs)[1] == []  # dead-lettered messages count as processed
    reasons = sorted(d["reason"] for d in queue_messages(cloud, "IOT_DLQ_URL", community))
    assert reasons == ["unknown_device", "unknown_event"]
    assert queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community) == []


def test_a_failed_hand_off_retries_that_event_alone_and_writes_nothing_for_it(
    cloud: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    community = new_community()
    detector, gate = register(community, "smoke_detector"), register(community, "barrier_gate")
    alarm = smoke_alarm(6)
    plate = {
        "msgId": "plate-2",
        "ts": "2024-05-01T08:00:00Z",
        "event": "plate_recognized",
        "data": {"plate": "川A54321", "plateColour": "blue", "direction": "out", "confidence": 0.9},
    }
    outputs = [rule_output(community, detector, "events", alarm), rule_output(community, gate, "events", plate)]
    sqs = inject(monkeypatch, "sqs", "send_message_batch", QueueUrl=alarm_queue())
    ids, failures = ingest_events(client, outputs)
    assert sqs.failed == 1 and failures == [ids[0]]  # the alarm goes back to the queue; the plate is done
    assert series_items(cloud, community, detector) == []  # not stored, so the retry is not a duplicate
    assert len(series_items(cloud, community, gate)) == 1

    sqs.failing = False  # SQS delivers the record again (same message id)
    assert ingest_events(client, [outputs[0]], [ids[0]])[1] == []
    [item] = series_items(cloud, community, detector)
    assert item["sk"]["S"] == "E#" + alarm["msgId"]
    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert (candidate["device_id"], candidate["msg_id"]) == (detector, alarm["msgId"])


class RefusingOne:
    """The real SQS client, but SendMessageBatch to the alarm queue refuses the entry whose body names `msg_id`
    (reported in `Failed`, as SQS reports a per-message failure), sending the others."""

    def __init__(self, real: Any, msg_id: str):
        self.real, self.msg_id = real, msg_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def send_message_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        refused = [e for e in Entries if QueueUrl == alarm_queue() and self.msg_id in e["MessageBody"]]
        sent = [e for e in Entries if e not in refused]
        response = dict(self.real.send_message_batch(QueueUrl=QueueUrl, Entries=sent)) if sent else {}
        failed = [{"Id": e["Id"], "SenderFault": False, "Code": "InternalError"} for e in refused]
        return {**response, "Failed": response.get("Failed", []) + failed}


def test_a_hand_off_refused_for_one_event_retries_that_event_alone(
    cloud: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.kernel import aws

    community = new_community()
    detectors = [register(community, "smoke_detector") for _ in range(3)]
    alarms = [smoke_alarm(20 + i) for i in range(3)]
    outputs = [rule_output(community, d, "events", a) for d, a in zip(detectors, alarms, strict=True)]
    real_client = aws.client
    refusing = RefusingOne(real_client("sqs"), alarms[1]["msgId"])
    monkeypatch.setattr(aws, "client", lambda name: refusing if name == "sqs" else real_client(name))
    ids, failures = ingest_events(client, outputs)
    assert failures == [ids[1]]
    assert [len(series_items(cloud, community, d)) for d in detectors] == [1, 0, 1]
    monkeypatch.setattr(aws, "client", real_client)
    assert ingest_events(client, [outputs[1]], [ids[1]])[1] == []
    assert [len(series_items(cloud, community, d)) for d in detectors] == [1, 1, 1]
    handed = sorted(c["msg_id"] for c in queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community))
    assert handed == sorted(a["msgId"] for a in alarms)  # each once


@pytest.mark.usefixtures("providers")
def test_a_write_failing_after_the_hand_off_is_retried_and_the_consumer_makes_one_alarm(
    cloud: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.alarms.model import AlarmQuery
    from tests.support.alarms import community as alarm_community
    from tests.support.alarms import device as alarm_device

    community = alarm_community()
    detector = alarm_device(community, "smoke_detector")
    alarm = smoke_alarm(7)
    output = rule_output(community, detector, "events", alarm)
    dynamodb = inject(monkeypatch, "dynamodb", "batch_write_item")
    ids, failures = ingest_events(client, [output])
    assert dynamodb.failed >= 1 and failures == ids  # handed off, then the write failed: SQS delivers it again
    assert series_items(cloud, community, detector) == []

    dynamodb.failing = False
    assert ingest_events(client, [output], ids)[1] == []
    assert len(series_items(cloud, community, detector)) == 1
    handed = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert [h["msg_id"] for h in handed] == [alarm["msgId"]] * 2  # handed off by both deliveries
    for body in handed:  # each reaches the alarm consumer in its own delivery
        assert invoke_consumer(cloud, [body]) == {"batchItemFailures": []}
    alarms, _ = alarms_wiring.alarm_service().find(community, AlarmQuery())
    assert len(alarms) == 1 and alarms[0].count == 1 and alarms[0].alarm_type == "fire_alarm"


def test_the_events_rule_queues_events_and_its_mapping_delivers_them_in_batches(cloud: Any) -> None:
    """The template's EventsTopicRule and EventsQueueMapping as the local rules bridge runs them (driven by hand
    here: no broker, no poller threads)."""
    from infra.localcloud.rules_bridge import RulesBridge
    from infra.localcloud.template import load_template

    bridge = RulesBridge(cloud, load_template())
    [mapping] = [m for m in bridge.mappings if m.logical_id == "EventsQueueMapping"]
    assert mapping.function.endswith("-ingest_events_batch") and mapping.queue_url == cloud.resources.ref("EventsQueue")
    assert (mapping.batch_size, mapping.window_seconds, mapping.report_failures) == (10, 0, True)
    community = new_community()
    detectors = [register(community, "smoke_detector") for _ in range(12)]
    for i, detector in enumerate(detectors):
        raw = json.dumps(smoke_alarm(100 + i)).encode()
        routed = bridge.dispatch(topic_for(community, detector, "events"), raw)
        assert routed == ["EventsTopicRule"]  # one rule: care reads what ingestion stored (the telemetry stream)
    sizes = []
    deadline = time.monotonic() + 10
    while sum(sizes) < len(detectors) and time.monotonic() < deadline:
        records = bridge._collect(mapping)  # what one of the mapping's pollers does
        if records:
            sizes.append(len(records))
            assert bridge.run_batch(mapping, records)["failed"] == []
    assert sum(sizes) == 12 and max(sizes) <= 10
    assert all(len(series_items(cloud, community, d)) == 1 for d in detectors)
    assert len(queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)) == 12


def test_ingest_event_still_ingests_an_event_it_is_invoked_with(cloud: Any, client: Any) -> None:
    community = new_community()
    detector = register(community, "smoke_detector")
    output = rule_output(community, detector, "events", smoke_alarm(8))
    assert ingest(client, output) == {
        "accepted": 1,
        "duplicates": 0,
        "rejected": [],
        "alarms": ["fire_alarm"],
        "acks": {},
    }
    second = ingest(client, output)
    assert second["accepted"] == 0 and second["duplicates"] == 1 and second["alarms"] == []
    assert len(series_items(cloud, community, detector)) == 1
    assert len(queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)) == 1


def test_a_command_ack_completes_the_command_workflow(cloud: Any, client: Any) -> None:
    community = new_community()
    door = register(community, "door_controller")
    service = devices_wiring.command_service()
    command = service.request(community, door, "open_door", {}, requested_by="staff-1", ack_timeout_seconds=20)
    deadline = time.monotonic() + 15
    while service.repo.get(community, command.command_id).status != cmd.SENT:
        assert time.monotonic() < deadline, "the command was never sent"
        time.sleep(0.1)

    ack = payloads.ack(command.command_id, "done")
    result = ingest(client, rule_output(community, door, "commands/ack", ack))
    assert result["acks"] == {command.command_id: "completed"}
    assert cloud.wait_for_execution(command.execution_arn)["status"] == "SUCCEEDED"
    assert service.repo.get(community, command.command_id).status == cmd.DONE
    assert ingest(client, rule_output(community, door, "commands/ack", ack))["acks"] == {
        command.command_id: "duplicate"
    }
    assert [i["sk"]["S"][:2] for i in series_items(cloud, community, door)] == ["A#"]

    other = register(community, "door_controller")  # a device may not acknowledge another's command
    foreign = ingest(client, rule_output(community, other, "commands/ack", payloads.ack(command.command_id, "done")))
    assert foreign["rejected"] == ["foreign_command"]
    assert [d["reason"] for d in queue_messages(cloud, "IOT_DLQ_URL", community)] == ["foreign_command"]


def sweep(client: Any) -> dict[str, Any]:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    payload: dict[str, Any] = client.lambda_.invoke("presence_sweep", event).payload
    return payload


def _age_state(community: str, device: str, seconds: int) -> datetime:
    """Pretend the device was last seen `seconds` ago (the sweep compares the stored last-seen)."""
    past = datetime.now(UTC) - timedelta(seconds=seconds)
    DeviceStateRecord(*state_key(community, device)).update(actions=[DeviceStateRecord.last_seen.set(past)])
    return past


def test_presence_offline_after_missed_heartbeats_and_back_online(cloud: Any, client: Any) -> None:
    community = new_community()
    pump, quiet = register(community, "water_pump"), register(community, "gas_meter")  # 180 s / 64800 s windows
    rng = Random(6)
    batch = [rule_output(community, d, "heartbeat", payloads.heartbeat(rng)) for d in (pump, quiet)]
    from tests.support.ingestion import sqs_event

    assert client.lambda_.invoke("ingest_telemetry_batch", sqs_event(batch)[0]).payload["batchItemFailures"] == []
    _age_state(community, pump, 200)  # past the pump's 180 s window
    _age_state(community, quiet, 200)  # well inside the gas meter's 18 h window

    swept = sweep(client)
    assert pump in swept["offline"] and quiet not in swept["offline"]
    state = DeviceStateRecord.get(*state_key(community, pump))
    assert state.online is False and state.offline_since is not None
    assert DeviceStateRecord.get(*state_key(community, quiet)).online is True
    assert pump not in sweep(client)["offline"]  # once only
    [offline] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert (offline["event"], offline["raises"], offline["severity"], offline["source"]) == (
        "device_offline",
        True,
        "minor",
        "presence",
    )
    events = [json.loads(i["b"]["S"])["event"] for i in series_items(cloud, community, pump) if i["k"]["S"] == "events"]
    assert events == ["device_offline"]

    devices_wiring.ingestion_service().devices.forget()  # the container cache (60 s) would otherwise still say "online"
    back = client.lambda_.invoke(
        "ingest_telemetry_batch",
        sqs_event([rule_output(community, pump, "telemetry", payloads.normal_telemetry("water_pump", rng))])[0],
    )
    assert back.payload["batchItemFailures"] == []
    state = DeviceStateRecord.get(*state_key(community, pump))
    assert state.online is True
    [online] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert (online["event"], online["raises"], online["clears"]) == ("device_online", False, ["device_offline"])
    latest = latest_state(community, pump)
    assert latest is not None and latest.online and latest.event is not None
    assert latest.event.body["event"] == "device_online"


def test_state_is_written_sparsely(cloud: Any, client: Any) -> None:
    from tests.support.ingestion import sqs_event

    community = new_community()
    meter = register(community, "water_meter")
    rng = Random(7)
    for _ in range(3):
        client.lambda_.invoke(
            "ingest_telemetry_batch",
            sqs_event([rule_output(community, meter, "telemetry", payloads.normal_telemetry("water_meter", rng))])[0],
        )
    store = devices_wiring.ingestion_service().store
    before = store.items_written
    client.lambda_.invoke(
        "ingest_telemetry_batch",
        sqs_event([rule_output(community, meter, "telemetry", payloads.normal_telemetry("water_meter", rng))])[0],
    )
    assert store.items_written - before == 1  # the reading only: last-seen advanced by far less than 1/3 window
