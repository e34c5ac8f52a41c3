"""Device-type catalogue (iot/catalogue.py, iot/device_types/*.json) and simulator payloads."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iot import catalogue
from iot.catalogue import InvalidMessage, UnknownCommand, UnknownDeviceType
from iot.simulator import payloads

REQUIRED_TYPES = {
    "door_controller",
    "barrier_gate",
    "smoke_detector",
    "heat_detector",
    "gas_detector",
    "water_leak_sensor",
    "emergency_button",
    "manhole_cover",
    "street_light",
    "elevator",
    "water_tank",
    "water_quality",
    "water_pump",
    "power_distribution",
    "environment_sensor",
    "fire_hydrant",
    "fire_door",
    "fire_lane_camera",
    "water_meter",
    "electricity_meter",
    "gas_meter",
    "ev_charger",
    "parcel_locker",
    "perimeter_fence",
}
EXTRA_TYPES = {"ebike_detector", "heat_meter", "wearable", "door_contact", "display"}  # care; info screens
ALL_TYPES = sorted(REQUIRED_TYPES | EXTRA_TYPES)
TS = "2024-05-01T08:00:00.000Z"
ROUNDS = 25


def rng_for(name: str) -> random.Random:
    return random.Random(f"seed-{name}")


def raw(device_type: str) -> dict[str, Any]:
    path = catalogue.DEVICE_TYPES_DIR / f"{device_type}.json"
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def refused(device_type: str, kind: str, message: Any) -> InvalidMessage:
    with pytest.raises(InvalidMessage) as info:
        catalogue.validate_message(device_type, kind, message)
    return info.value


# --------------------------------------------------------------------------- coverage


def test_catalogue_covers_every_type() -> None:
    assert set(catalogue.device_types()) == REQUIRED_TYPES | EXTRA_TYPES
    assert set(payloads.simulated_types()) == REQUIRED_TYPES | EXTRA_TYPES


@pytest.mark.parametrize("device_type", ALL_TYPES)
def test_type_summary(device_type: str) -> None:
    t = catalogue.get_type(device_type)
    assert t.type == device_type
    assert t.title and t.title_zh and t.clauses
    assert t.category in {"security", "fire", "facility", "environment", "meter", "service"}
    assert 10 <= t.heartbeat_seconds <= 86400
    assert t.offline_after_missed == catalogue.OFFLINE_AFTER_MISSED == 3
    assert t.offline_after_seconds == 3 * t.heartbeat_seconds
    assert {"sync_time", "reboot"} <= set(t.command_names)
    assert all(c.split(":")[0] in {"001", "002", "003", "004"} for c in t.clauses)
    raising = [e for e in t.event_names if (h := catalogue.alarm_hint(device_type, e)) and h.raises]
    assert raising, "every type has at least one alarm-raising event"


def test_get_type_unknown() -> None:
    with pytest.raises(UnknownDeviceType):
        catalogue.get_type("toaster")
    with pytest.raises(UnknownDeviceType):
        catalogue.validate_message("toaster", "heartbeat", payloads.heartbeat(random.Random(0)))


def test_device_types_returns_a_copy() -> None:
    catalogue.device_types().clear()
    assert len(catalogue.device_types()) == len(ALL_TYPES)


# --------------------------------------------------------------------------- type files


def walk(schema: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        yield path, schema
        for key, sub in schema.get("properties", {}).items():
            yield from walk(sub, f"{path}.{key}")
        if isinstance(schema.get("items"), dict):
            yield from walk(schema["items"], f"{path}[]")


def all_schemas(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield from walk(doc["telemetry"], "telemetry")
    for name, event in doc["events"].items():
        yield from walk(event["schema"], f"events.{name}")
    for name, params in doc["commands"].items():
        yield from walk(params, f"commands.{name}")


@pytest.mark.parametrize("device_type", ALL_TYPES)
def test_type_file_is_strict_draft07(device_type: str) -> None:
    doc = raw(device_type)
    assert doc["type"] == device_type
    assert set(doc) >= {
        "type",
        "title",
        "title_zh",
        "category",
        "clauses",
        "heartbeat_seconds",
        "keeps_state",
    }
    jsonschema = pytest.importorskip("jsonschema")
    for path, schema in all_schemas(doc):
        if path.count(".") <= 1 and "[]" not in path:
            jsonschema.Draft7Validator.check_schema(schema)
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, path
        if schema.get("type") in ("number", "integer"):
            assert "minimum" in schema and "maximum" in schema, path
        if schema.get("type") == "string" and "enum" not in schema:
            assert "maxLength" in schema, path
    for name, event in doc["events"].items():
        alarm = event["alarm"]
        assert isinstance(alarm["raises"], bool)
        assert (alarm.get("severity") in catalogue.SEVERITIES) is alarm["raises"], name


def test_non_alarm_events() -> None:
    quiet = [
        ("door_controller", "door_opened"),
        ("barrier_gate", "plate_recognized"),
        ("parcel_locker", "parcel_stored"),
        ("parcel_locker", "parcel_picked_up"),
        ("ev_charger", "session_started"),
        ("ev_charger", "session_ended"),
        ("power_distribution", "power_restored"),
    ]
    for device_type, event in quiet:
        assert catalogue.alarm_hint(device_type, event) == catalogue.AlarmHint(raises=False)


def test_alarm_hints() -> None:
    assert catalogue.alarm_hint("smoke_detector", "fire_alarm") == catalogue.AlarmHint(
        True, "critical", {"state": "normal"}
    )
    assert catalogue.alarm_hint("door_controller", "forced_open") == catalogue.AlarmHint(
        True, "major", {"door": "closed"}
    )
    assert catalogue.alarm_hint("elevator", "trapped_person") == catalogue.AlarmHint(True, "critical")
    assert catalogue.alarm_hint("smoke_detector", "nope") is None


def test_threshold_defaults_and_the_watched_types() -> None:
    (gas,) = catalogue.alarm_thresholds("gas_detector")
    assert (gas.metric, gas.op, gas.value, gas.alarm_type, gas.severity) == ("gasLel", ">=", 20, "gas_leak", "critical")
    assert catalogue.alarm_thresholds("street_light") == ()
    watched = catalogue.alarm_watched_types()
    # a threshold, or an event that telemetry clears, makes a type's readings go to the alarm evaluation
    assert {"gas_detector", "environment_sensor", "water_tank", "fire_hydrant", "smoke_detector", "elevator"} <= watched
    assert "street_light" not in watched and "water_meter" not in watched
    for device_type in watched:
        numeric = catalogue.message_schema(device_type, "telemetry")["properties"]["metrics"]["properties"]
        for t in catalogue.alarm_thresholds(device_type):
            assert numeric[t.metric]["type"] in ("number", "integer"), (device_type, t.metric)
        for event in catalogue.get_type(device_type).event_names:
            hint = catalogue.alarm_hint(device_type, event)
            assert hint is not None and set(hint.clear_when) <= set(numeric), (device_type, event)


# --------------------------------------------------------------------------- simulator messages validate


@pytest.mark.parametrize("device_type", ALL_TYPES)
def test_generated_messages_validate(device_type: str) -> None:
    rng = rng_for(device_type)
    seen_events: set[str] = set()
    for _ in range(ROUNDS):
        message = payloads.normal_telemetry(device_type, rng)
        assert catalogue.validate_message(device_type, "telemetry", message) is message
        fault = payloads.fault_event(device_type, rng)
        assert fault is not None
        catalogue.validate_message(device_type, "events", fault)
        alarm = payloads.alarm_event(device_type, rng)
        assert alarm is not None
        catalogue.validate_message(device_type, "events", alarm)
        hint = catalogue.alarm_hint(device_type, alarm["event"])
        assert hint is not None and hint.raises
        seen_events |= {fault["event"], alarm["event"]}
        catalogue.validate_message(device_type, "heartbeat", payloads.heartbeat(rng))
    assert seen_events <= set(catalogue.get_type(device_type).event_names)


def test_simulator_is_reproducible_and_ids_unique() -> None:
    a = [payloads.normal_telemetry("water_quality", random.Random(7)) for _ in range(2)]
    assert a[0]["metrics"] == a[1]["metrics"]
    assert a[0]["msgId"] != a[1]["msgId"]
    assert a[0]["ts"].endswith("Z")


@pytest.mark.parametrize("status", catalogue.ACK_STATUSES)
def test_ack_validates(status: str) -> None:
    message = payloads.ack("cmd-1", status, detail="ok" if status == "done" else None)
    catalogue.validate_message("street_light", "ack", message)
    catalogue.validate_message("street_light", "commands/ack", message)


def test_unknown_simulator_type() -> None:
    with pytest.raises(KeyError):
        payloads.normal_telemetry("toaster", random.Random(0))


# --------------------------------------------------------------------------- refused messages


def env_telemetry(**metrics: Any) -> dict[str, Any]:
    base = {"pm25": 35.0, "temperatureC": 21.5, "humidityPct": 55.0}
    return {"msgId": "m-1", "ts": TS, "metrics": {**base, **metrics}}


def door_event(event: str = "door_opened", **data: Any) -> dict[str, Any]:
    return {"msgId": "m-2", "ts": TS, "event": event, "data": data or {"method": "card"}}


def without(message: dict[str, Any], key: str) -> dict[str, Any]:
    out = copy.deepcopy(message)
    del out[key]
    return out


def with_(message: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**copy.deepcopy(message), **fields}


INVALID: list[tuple[str, str, str, Any, str, str]] = [
    # (id, device_type, kind, message, reason, path)
    (
        "pm25-max",
        "environment_sensor",
        "telemetry",
        env_telemetry(pm25=1500),
        "schema:metrics.pm25:maximum",
        "metrics.pm25",
    ),
    (
        "rh-min",
        "environment_sensor",
        "telemetry",
        env_telemetry(humidityPct=-1),
        "schema:metrics.humidityPct:minimum",
        "metrics.humidityPct",
    ),
    (
        "metric-unknown",
        "environment_sensor",
        "telemetry",
        env_telemetry(pm1=3),
        "schema:metrics.pm1:additionalProperties",
        "metrics.pm1",
    ),
    (
        "metric-type",
        "environment_sensor",
        "telemetry",
        env_telemetry(pm25="35"),
        "schema:metrics.pm25:type",
        "metrics.pm25",
    ),
    (
        "metric-bool",
        "environment_sensor",
        "telemetry",
        env_telemetry(pm25=True),
        "schema:metrics.pm25:type",
        "metrics.pm25",
    ),
    (
        "metric-nan",
        "environment_sensor",
        "telemetry",
        env_telemetry(pm25=float("nan")),
        "schema:metrics.pm25:finite",
        "metrics.pm25",
    ),
    (
        "metric-required",
        "environment_sensor",
        "telemetry",
        {"msgId": "m", "ts": TS, "metrics": {"pm25": 1}},
        "schema:metrics.temperatureC:required",
        "metrics.temperatureC",
    ),
    (
        "ph-range",
        "water_quality",
        "telemetry",
        {
            "msgId": "m",
            "ts": TS,
            "metrics": {
                "turbidityNtu": 0.5,
                "chlorineMgL": 0.3,
                "ph": 15,
                "conductivityUsCm": 300,
                "colourPcu": 5,
            },
        },
        "schema:metrics.ph:maximum",
        "metrics.ph",
    ),
    (
        "enum",
        "door_controller",
        "telemetry",
        {"msgId": "m", "ts": TS, "metrics": {"door": "ajar"}},
        "schema:metrics.door:enum",
        "metrics.door",
    ),
    (
        "top-unknown",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), extra=1),
        "schema:extra:additionalProperties",
        "extra",
    ),
    (
        "no-metrics",
        "environment_sensor",
        "telemetry",
        without(env_telemetry(), "metrics"),
        "schema:metrics:required",
        "metrics",
    ),
    (
        "missing-msgId",
        "environment_sensor",
        "telemetry",
        without(env_telemetry(), "msgId"),
        "schema:msgId:required",
        "msgId",
    ),
    (
        "empty-msgId",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), msgId=""),
        "schema:msgId:minLength",
        "msgId",
    ),
    (
        "oversized-msgId",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), msgId="x" * 65),
        "schema:msgId:maxLength",
        "msgId",
    ),
    (
        "msgId-type",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), msgId=42),
        "schema:msgId:type",
        "msgId",
    ),
    (
        "ts-missing",
        "environment_sensor",
        "telemetry",
        without(env_telemetry(), "ts"),
        "schema:ts:required",
        "ts",
    ),
    (
        "ts-not-utc",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), ts="2024-05-01T08:00:00+08:00"),
        "schema:ts:pattern",
        "ts",
    ),
    (
        "ts-no-zone",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), ts="2024-05-01T08:00:00"),
        "schema:ts:pattern",
        "ts",
    ),
    (
        "ts-garbage",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), ts="yesterday"),
        "schema:ts:pattern",
        "ts",
    ),
    (
        "ts-epoch",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), ts=1714550400),
        "schema:ts:type",
        "ts",
    ),
    (
        "ts-bad-date",
        "environment_sensor",
        "telemetry",
        with_(env_telemetry(), ts="2023-02-29T08:00:00Z"),
        "schema:ts:format",
        "ts",
    ),
    ("not-object", "environment_sensor", "telemetry", ["x"], "schema:$:type", "$"),
    ("unknown-event", "door_controller", "events", door_event("door_exploded"), "unknown_event", "event"),
    (
        "event-of-other-type",
        "door_controller",
        "events",
        door_event("fire_alarm", smokeDbM=0.3),
        "unknown_event",
        "event",
    ),
    (
        "event-missing",
        "door_controller",
        "events",
        without(door_event(), "event"),
        "schema:event:required",
        "event",
    ),
    (
        "event-data-missing",
        "door_controller",
        "events",
        without(door_event(), "data"),
        "schema:data:required",
        "data",
    ),
    (
        "event-bad-method",
        "door_controller",
        "events",
        door_event(method="telepathy"),
        "schema:data.method:enum",
        "data.method",
    ),
    (
        "event-unknown-field",
        "door_controller",
        "events",
        door_event(method="card", colour="red"),
        "schema:data.colour:additionalProperties",
        "data.colour",
    ),
    (
        "held-open-required",
        "door_controller",
        "events",
        door_event("held_open", snapshotKey="a.jpg"),
        "schema:data.seconds:required",
        "data.seconds",
    ),
    (
        "plate-confidence",
        "barrier_gate",
        "events",
        {
            "msgId": "m",
            "ts": TS,
            "event": "plate_recognized",
            "data": {"plate": "川A12345", "plateColour": "blue", "direction": "in", "confidence": 1.5},
        },
        "schema:data.confidence:maximum",
        "data.confidence",
    ),
    (
        "plate-pattern",
        "barrier_gate",
        "events",
        {
            "msgId": "m",
            "ts": TS,
            "event": "plate_recognized",
            "data": {"plate": "ab 12", "plateColour": "blue", "direction": "in", "confidence": 0.9},
        },
        "schema:data.plate:pattern",
        "data.plate",
    ),
    (
        "heartbeat-uptime",
        "smoke_detector",
        "heartbeat",
        {"msgId": "m", "ts": TS, "uptimeS": -1},
        "schema:uptimeS:minimum",
        "uptimeS",
    ),
    (
        "heartbeat-unknown",
        "smoke_detector",
        "heartbeat",
        {"msgId": "m", "ts": TS, "battery": 3},
        "schema:battery:additionalProperties",
        "battery",
    ),
    (
        "ack-status",
        "street_light",
        "ack",
        {"msgId": "m", "ts": TS, "commandId": "c", "status": "ok"},
        "schema:status:enum",
        "status",
    ),
    (
        "ack-no-command",
        "street_light",
        "ack",
        {"msgId": "m", "ts": TS, "status": "done"},
        "schema:commandId:required",
        "commandId",
    ),
    ("unknown-kind", "street_light", "shadow", {"msgId": "m", "ts": TS}, "unknown_kind", "$"),
]


@pytest.mark.parametrize(
    ("device_type", "kind", "message", "reason", "path"),
    [c[1:] for c in INVALID],
    ids=[c[0] for c in INVALID],
)
def test_invalid_messages_refused(device_type: str, kind: str, message: Any, reason: str, path: str) -> None:
    error = refused(device_type, kind, message)
    assert (error.reason, error.path) == (reason, path)


def test_valid_minimal_messages() -> None:
    catalogue.validate_message("environment_sensor", "telemetry", env_telemetry())
    catalogue.validate_message("door_controller", "events", door_event(method="face", personId="p-1"))
    catalogue.validate_message("smoke_detector", "heartbeat", {"msgId": "m", "ts": "2024-05-01T08:00:00+00:00"})
    catalogue.validate_message("door_controller", "events", door_event("held_open", seconds=300))
    plate = {"plate": "粤B12345D", "plateColour": "green", "direction": "out", "confidence": 0.97}
    catalogue.validate_message(
        "barrier_gate", "events", {"msgId": "m", "ts": TS, "event": "plate_recognized", "data": plate}
    )


def test_validation_does_not_mutate() -> None:
    message = env_telemetry()
    before = copy.deepcopy(message)
    catalogue.validate_message("environment_sensor", "telemetry", message)
    assert message == before


# --------------------------------------------------------------------------- commands

VALID_COMMANDS: list[tuple[str, str, dict[str, Any]]] = [
    ("door_controller", "open_door", {}),
    ("door_controller", "open_door", {"durationS": 5, "personId": "p-1"}),
    ("door_controller", "set_mode", {"mode": "fire_release"}),
    ("barrier_gate", "open_gate", {"reason": "payment", "plate": "川A12345"}),
    ("barrier_gate", "show_message", {"text": "停车费 5 元", "speak": True}),
    ("elevator", "call_to_floor", {"floor": 12}),
    ("elevator", "grant_floors", {"personId": "v-1", "floors": [3, 5], "validForS": 3600}),
    ("gas_detector", "close_valve", {"reason": "gas_alarm"}),
    ("gas_meter", "close_valve", {"reason": "manual"}),
    ("street_light", "set_light", {"on": True, "brightnessPct": 60}),
    (
        "street_light",
        "set_schedule",
        {"entries": [{"at": "18:30", "on": True}, {"at": "06:00", "on": False}]},
    ),
    ("power_distribution", "set_breaker", {"state": "open"}),
    ("ev_charger", "start_charging", {"sessionId": "s-1", "port": 2, "maxEnergyKwh": 5}),
    ("perimeter_fence", "set_armed", {"armed": False, "zones": ["Z1", "Z2"]}),
    ("parcel_locker", "open_compartment", {"compartment": "07", "reason": "maintenance"}),
    ("smoke_detector", "sync_time", {"ts": TS}),
    ("water_meter", "reboot", {}),
]

INVALID_COMMANDS: list[tuple[str, str, Any, str]] = [
    ("elevator", "call_to_floor", {"floor": 500}, "schema:params.floor:maximum"),
    ("elevator", "call_to_floor", {}, "schema:params.floor:required"),
    ("elevator", "call_to_floor", {"floor": "3"}, "schema:params.floor:type"),
    ("elevator", "grant_floors", {"floors": [], "validForS": 60}, "schema:params.floors:minItems"),
    ("elevator", "grant_floors", {"floors": [1, 999], "validForS": 60}, "schema:params.floors[1]:maximum"),
    ("door_controller", "open_door", {"durationS": 0}, "schema:params.durationS:minimum"),
    ("door_controller", "open_door", {"force": True}, "schema:params.force:additionalProperties"),
    ("street_light", "set_light", {"on": True, "brightnessPct": 101}, "schema:params.brightnessPct:maximum"),
    (
        "street_light",
        "set_schedule",
        {"entries": [{"at": "25:00", "on": True}]},
        "schema:params.entries[0].at:pattern",
    ),
    ("gas_detector", "close_valve", {"reason": "bored"}, "schema:params.reason:enum"),
    ("smoke_detector", "sync_time", {"ts": "now"}, "schema:params.ts:pattern"),
    ("water_meter", "reboot", "now", "schema:params:type"),
]


@pytest.mark.parametrize(("device_type", "name", "params"), VALID_COMMANDS)
def test_valid_commands(device_type: str, name: str, params: dict[str, Any]) -> None:
    assert catalogue.validate_command(device_type, name, params) is params
    assert name in catalogue.get_type(device_type).command_names


@pytest.mark.parametrize(("device_type", "name", "params", "reason"), INVALID_COMMANDS)
def test_invalid_commands(device_type: str, name: str, params: Any, reason: str) -> None:
    with pytest.raises(InvalidMessage) as info:
        catalogue.validate_command(device_type, name, params)
    assert info.value.reason == reason
    assert reason == f"schema:{info.value.path}:{reason.rsplit(':', 1)[1]}"


def test_unknown_command() -> None:
    with pytest.raises(UnknownCommand):
        catalogue.validate_command("smoke_detector", "open_door", {})
    with pytest.raises(UnknownDeviceType):
        catalogue.validate_command("toaster", "reboot", {})


def test_required_commands_present() -> None:
    expected = {
        "door_controller": "open_door",
        "barrier_gate": "open_gate",
        "elevator": "call_to_floor",
        "gas_detector": "close_valve",
        "street_light": "set_light",
        "power_distribution": "set_breaker",
    }
    for device_type, command in expected.items():
        assert command in catalogue.get_type(device_type).command_names


def test_keeps_state() -> None:
    stateful = {name for name, t in catalogue.device_types().items() if t.keeps_state}
    assert {
        "street_light",
        "door_controller",
        "gas_detector",
        "barrier_gate",
        "water_meter",
        "gas_meter",
    } <= stateful
    assert not {"smoke_detector", "environment_sensor", "fire_hydrant"} & stateful


def test_message_schema_is_plain_json() -> None:
    schema = catalogue.message_schema("door_controller", "events", "door_opened")
    assert schema["properties"]["event"] == {"const": "door_opened"}
    json.dumps(schema)
    with pytest.raises(InvalidMessage):
        catalogue.message_schema("door_controller", "events", "nope")


def test_a_barriers_offline_upload_validates() -> None:
    from datetime import UTC, datetime, timedelta

    at = datetime.now(UTC) - timedelta(hours=1)
    message = payloads.offline_passages(
        [
            payloads.offline_passage("川A12345", "in", "open", at),
            payloads.offline_passage("粤B7D890", "out", "refuse", at, "not_listed"),
        ]
    )
    assert catalogue.validate_message("barrier_gate", "events", message) is message
    bad = payloads.offline_passages([{**payloads.offline_passage("川A12345", "in", "open", at), "decision": "wave"}])
    refused("barrier_gate", "events", bad)


def test_every_type_declares_its_telemetry_rate() -> None:
    """A periodic rate or on change only; contacts and detectors report on change, meters periodically (a day's use
    is read from them), and no type reports telemetry more often than it beats."""
    types = catalogue.device_types()
    for name, t in types.items():
        assert t.telemetry_on_change == (t.telemetry_seconds is None), name
        if t.telemetry_seconds is not None:
            assert t.telemetry_seconds >= t.heartbeat_seconds, name
    for name in ("door_contact", "smoke_detector", "heat_detector", "water_leak_sensor", "fire_door"):
        assert types[name].telemetry_on_change, name
    for name in catalogue.meter_types():
        assert types[name].telemetry_seconds is not None and types[name].telemetry_seconds <= 86400, name
    assert types["environment_sensor"].telemetry_seconds == 300  # PM2.5 > 75 for 10 minutes needs samples inside


@pytest.mark.parametrize(
    ("value", "ok"), [(None, True), (300, True), (9, False), (86401, False), ("60", False), (True, False), (1.5, False)]
)
def test_the_loader_checks_the_telemetry_rate(tmp_path: Path, value: Any, ok: bool) -> None:
    doc = json.loads((catalogue.DEVICE_TYPES_DIR / "door_contact.json").read_text(encoding="utf-8"))
    doc["telemetry_seconds"] = value
    path = tmp_path / "door_contact.json"
    if ok:
        catalogue._check_document(path, doc)
    else:
        with pytest.raises(catalogue.CatalogueError, match="telemetry_seconds"):
            catalogue._check_document(path, doc)
    del doc["telemetry_seconds"]
    with pytest.raises(catalogue.CatalogueError, match="missing telemetry_seconds"):
        catalogue._check_document(path, doc)


def test_a_meter_cannot_report_on_change_only(tmp_path: Path) -> None:
    doc = json.loads((catalogue.DEVICE_TYPES_DIR / "water_meter.json").read_text(encoding="utf-8"))
    doc["telemetry_seconds"] = None
    with pytest.raises(catalogue.CatalogueError, match="meter: reports its reading periodically"):
        catalogue._check_document(tmp_path / "water_meter.json", doc)
