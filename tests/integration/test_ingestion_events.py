"""The direct path (events, command acks -> ingest_event), the alarm seam, and presence (sweep, back online)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

from chalicelib import wiring
from chalicelib.domain import commands as cmd
from chalicelib.store.presence import DeviceStateRecord, device_pk, online_pk
from chalicelib.store.series import latest_state
from iot.simulator import payloads
from tests.integration.ingestion_support import new_community, queue_messages, register, rule_output, series_items


def ingest(client: Any, output: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = client.lambda_.invoke("ingest_event", output).payload
    return payload


def test_an_alarm_event_is_recorded_once_and_handed_off_once(cloud: Any, client: Any) -> None:
    community = new_community()
    detector = register(community, "smoke_detector")
    alarm = payloads.alarm_event("smoke_detector", Random(5))
    assert alarm is not None
    output = rule_output(community, detector, "events", alarm)
    assert ingest(client, output) == {
        "accepted": 1,
        "duplicates": 0,
        "rejected": [],
        "alarms": ["fire_alarm"],
        "acks": {},
    }
    second = ingest(client, output)  # QoS 1 duplicate delivery
    assert second["duplicates"] == 1 and second["alarms"] == []
    [item] = series_items(cloud, community, detector)
    assert item["sk"]["S"].startswith("E#") and json.loads(item["b"]["S"])["event"] == "fire_alarm"

    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert candidate["device_id"] == detector and candidate["event"] == "fire_alarm"
    assert candidate["raises"] is True and candidate["severity"] == "critical" and candidate["source"] == "device"
    assert candidate["msg_id"] == alarm["msgId"]
    latest = latest_state(community, detector)
    assert latest is not None and latest.event is not None and latest.event.body["event"] == "fire_alarm"


def test_an_event_that_raises_nothing_is_recorded_but_not_handed_off(cloud: Any, client: Any) -> None:
    community = new_community()
    gate = register(community, "barrier_gate")
    event = {
        "msgId": "plate-1",
        "ts": "2024-05-01T08:00:00Z",
        "event": "plate_recognized",
        "data": {"plate": "川A12345", "plateColour": "blue", "direction": "in", "confidence": 0.97},
    }
    result = ingest(client, rule_output(community, gate, "events", event))
    assert result["rejected"] == []
    assert result["alarms"] == [] and len(series_items(cloud, community, gate)) == 1
    assert queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community) == []


def test_invalid_and_unknown_events_are_dead_lettered(cloud: Any, client: Any) -> None:
    community = new_community()
    detector = register(community, "gas_detector")
    unknown = {"msgId": "e-1", "ts": "2024-05-01T08:00:00Z", "event": "dance", "data": {}}
    assert ingest(client, rule_output(community, detector, "events", unknown))["rejected"] == ["unknown_event"]
    assert ingest(client, rule_output(community, "nobody-0001", "events", unknown))["rejected"] == ["unknown_device"]
    reasons = sorted(d["reason"] for d in queue_messages(cloud, "IOT_DLQ_URL", community))
    assert reasons == ["unknown_device", "unknown_event"]
    assert queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community) == []


def test_a_command_ack_completes_the_command_workflow(cloud: Any, client: Any) -> None:
    community = new_community()
    door = register(community, "door_controller")
    service = wiring.command_service()
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
    from chalicelib.domain.clock import iso

    past = datetime.now(UTC) - timedelta(seconds=seconds)
    DeviceStateRecord(device_pk(community, device), "STATE").update(
        actions=[DeviceStateRecord.last_seen.set(past), DeviceStateRecord.gsi2sk.set(f"{iso(past)}#{device}")]
    )
    return past


def test_presence_offline_after_missed_heartbeats_and_back_online(cloud: Any, client: Any) -> None:
    community = new_community()
    pump, quiet = register(community, "water_pump"), register(community, "gas_meter")  # 180 s / 64800 s windows
    rng = Random(6)
    batch = [rule_output(community, d, "heartbeat", payloads.heartbeat(rng)) for d in (pump, quiet)]
    from tests.integration.ingestion_support import sqs_event

    assert client.lambda_.invoke("ingest_telemetry_batch", sqs_event(batch)[0]).payload["batchItemFailures"] == []
    _age_state(community, pump, 200)  # past the pump's 180 s window
    _age_state(community, quiet, 200)  # well inside the gas meter's 18 h window

    swept = sweep(client)
    assert pump in swept["offline"] and quiet not in swept["offline"]
    state = DeviceStateRecord.get(device_pk(community, pump), "STATE")
    assert state.online is False and state.offline_since is not None and state.gsi2pk is None
    assert DeviceStateRecord.get(device_pk(community, quiet), "STATE").gsi2pk == online_pk(community)
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

    wiring.ingestion_service().devices.forget()  # the container cache (60 s) would otherwise still say "online"
    back = client.lambda_.invoke(
        "ingest_telemetry_batch",
        sqs_event([rule_output(community, pump, "telemetry", payloads.normal_telemetry("water_pump", rng))])[0],
    )
    assert back.payload["batchItemFailures"] == []
    state = DeviceStateRecord.get(device_pk(community, pump), "STATE")
    assert state.online is True and state.gsi2pk == online_pk(community)
    [online] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", community)
    assert (online["event"], online["raises"], online["clears"]) == ("device_online", False, ["device_offline"])
    latest = latest_state(community, pump)
    assert latest is not None and latest.online and latest.event is not None
    assert latest.event.body["event"] == "device_online"


def test_state_is_written_sparsely(cloud: Any, client: Any) -> None:
    from tests.integration.ingestion_support import sqs_event

    community = new_community()
    meter = register(community, "water_meter")
    rng = Random(7)
    for _ in range(3):
        client.lambda_.invoke(
            "ingest_telemetry_batch",
            sqs_event([rule_output(community, meter, "telemetry", payloads.normal_telemetry("water_meter", rng))])[0],
        )
    store = wiring.ingestion_service().store
    before = store.items_written
    client.lambda_.invoke(
        "ingest_telemetry_batch",
        sqs_event([rule_output(community, meter, "telemetry", payloads.normal_telemetry("water_meter", rng))])[0],
    )
    assert store.items_written - before == 1  # the reading only: last-seen advanced by far less than 1/3 window
