"""Device-type catalogue: loads ``iot/device_types/*.json`` and validates device messages.

Everything is lazy: the JSON files are read on first use and each validator is compiled by
``fastjsonschema`` the first time it is needed, then cached (Lambda cold starts stay cheap).
Pure Python, no AWS imports.

Failure reasons are short machine-readable strings:

* ``schema:<path>:<rule>``, e.g. ``schema:metrics.pm25:maximum``, ``schema:msgId:required``,
  ``schema:metrics.foo:additionalProperties``; ``<path>`` is ``$`` for the whole message.
* ``schema:<path>:finite`` for NaN or infinite numbers, ``schema:ts:format`` for a ts that
  matches the RFC 3339 pattern but is not a real date.
* ``unknown_event`` (path ``event``), ``unknown_kind`` (path ``$``).
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

import fastjsonschema

DEVICE_TYPES_DIR: Final = Path(__file__).resolve().parent / "device_types"
DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"
OFFLINE_AFTER_MISSED: Final = 3
"""Presence: a device is offline after this many missed heartbeats (a type file may override it)."""

KINDS: Final = ("telemetry", "events", "heartbeat", "ack")
KIND_ALIASES: Final = {"commands/ack": "ack"}
"""Topic kinds (``iot.topics``) accepted as aliases of catalogue kinds."""
SEVERITIES: Final = ("critical", "major", "minor", "warning")
THRESHOLD_OPS: Final = (">=", ">", "<=", "<")
"""Alarm severities, most severe first."""
ACK_STATUSES: Final = ("done", "rejected", "failed")

MSG_ID_SCHEMA: Final[dict[str, Any]] = {"type": "string", "minLength": 1, "maxLength": 64}
TS_SCHEMA: Final[dict[str, Any]] = {
    "type": "string",
    "description": "RFC 3339 UTC timestamp, e.g. 2024-05-01T08:00:00.123Z",
    "pattern": (
        r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|\+00:00)$"
    ),
}

COMMON_COMMANDS: Final[dict[str, dict[str, Any]]] = {
    "sync_time": {
        "type": "object",
        "additionalProperties": False,
        "required": ["ts"],
        "properties": {"ts": TS_SCHEMA},
        "description": "Clock calibration for every device with a clock (003 6.1.7, 6.3.14, 6.7.15)",
    },
    "reboot": {
        "type": "object",
        "additionalProperties": False,
        "properties": {},
        "description": "Restart the device",
    },
}
"""Commands every device type accepts, in addition to the ones in its JSON file."""

Validator = Callable[[Any], Any]


class CatalogueError(Exception):
    """Base class of the catalogue's errors."""


class UnknownDeviceType(CatalogueError, KeyError):
    """The device type is not in the catalogue."""

    def __str__(self) -> str:
        return f"unknown device type: {self.args[0]!r}"


class UnknownCommand(CatalogueError, KeyError):
    """The device type does not accept this command."""

    def __str__(self) -> str:
        return f"unknown command {self.args[1]!r} for device type {self.args[0]!r}"


class InvalidMessage(CatalogueError, ValueError):
    """A message or command failed validation."""

    def __init__(self, reason: str, path: str) -> None:
        super().__init__(reason, path)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.reason} (at {self.path})"


@dataclass(frozen=True, slots=True)
class AlarmHint:
    """Whether an event raises an alarm, how severe it is, and the telemetry that means "back to normal" (every
    `clear_when` field present and equal clears the event's open alarm)."""

    raises: bool
    severity: str | None = None
    clear_when: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ThresholdHint:
    """A device type's default threshold alarm on one numeric telemetry metric (`alarmThresholds`)."""

    metric: str
    op: str
    value: float
    alarm_type: str
    severity: str
    duration_seconds: int = 0


@dataclass(frozen=True, slots=True)
class MeterReading:
    """A utility meter's cumulative reading: a day's use is the reading at the day's end minus the one before."""

    utility: str  # water | electricity | gas | heat
    reading: str  # the telemetry field that only grows (a reset or a new meter makes it fall)
    unit: str


@dataclass(frozen=True, slots=True)
class DeviceType:
    """Summary of one catalogue entry."""

    type: str
    title: str
    title_zh: str
    category: str
    heartbeat_seconds: int
    keeps_state: bool
    event_names: tuple[str, ...]
    command_names: tuple[str, ...]
    clauses: tuple[str, ...]
    offline_after_missed: int = OFFLINE_AFTER_MISSED
    meter: MeterReading | None = None  # a utility meter: which telemetry field is its cumulative reading
    telemetry_seconds: int | None = None  # its telemetry period; None: on change only (heartbeats carry liveness)

    @property
    def telemetry_on_change(self) -> bool:
        """The device reports telemetry only when a reported field changes (contacts, detectors, screens)."""
        return self.telemetry_seconds is None

    @property
    def offline_after_seconds(self) -> int:
        """Seconds without a heartbeat after which the device counts as offline."""
        return self.heartbeat_seconds * self.offline_after_missed


# --------------------------------------------------------------------------- loading


@cache
def _raw_types() -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted(DEVICE_TYPES_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        _check_document(path, doc)
        docs[doc["type"]] = doc
    return docs


METER_UTILITIES: Final = ("water", "electricity", "gas", "heat")
MIN_TELEMETRY_SECONDS: Final = 10
MAX_TELEMETRY_SECONDS: Final = 86400
"""A periodic telemetry rate is 10 s .. a day (a meter must report at least daily: governance reads a day's use)."""
_REQUIRED_KEYS: Final = (
    "type",
    "title",
    "title_zh",
    "category",
    "clauses",
    "heartbeat_seconds",
    "telemetry_seconds",
    "keeps_state",
    "telemetry",
    "events",
    "commands",
)


def _check_document(path: Path, doc: Any) -> None:
    """Cheap structural checks so a broken type file fails loudly at load time."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise CatalogueError(f"{path.name}: not a JSON object")
    problems += [f"missing {key}" for key in _REQUIRED_KEYS if key not in doc]
    if doc.get("type") != path.stem:
        problems.append("type does not match the file name")
    heartbeat = doc.get("heartbeat_seconds")
    if not (isinstance(heartbeat, int) and not isinstance(heartbeat, bool) and heartbeat > 0):
        problems.append("heartbeat_seconds: a positive integer")
    rate = doc.get("telemetry_seconds")
    if rate is not None and not (
        isinstance(rate, int) and not isinstance(rate, bool) and MIN_TELEMETRY_SECONDS <= rate <= MAX_TELEMETRY_SECONDS
    ):
        problems.append(
            f"telemetry_seconds: null (on change only) or an integer {MIN_TELEMETRY_SECONDS}..{MAX_TELEMETRY_SECONDS}"
        )
    for name, event in (doc.get("events") or {}).items():
        alarm = event.get("alarm") if isinstance(event, dict) else None
        if not isinstance(alarm, dict) or not isinstance(alarm.get("raises"), bool) or "schema" not in event:
            problems.append(f"event {name}: needs alarm.raises and schema")
        elif alarm["raises"] and alarm.get("severity") not in SEVERITIES:
            problems.append(f"event {name}: bad severity")
        elif not isinstance(alarm.get("clearWhen", {}), dict):
            problems.append(f"event {name}: clearWhen is an object of telemetry fields")
    for index, t in enumerate(doc.get("alarmThresholds") or []):
        if not (
            isinstance(t, dict)
            and isinstance(t.get("metric"), str)
            and t.get("op") in THRESHOLD_OPS
            and isinstance(t.get("value"), int | float)
            and not isinstance(t.get("value"), bool)
            and isinstance(t.get("alarmType"), str)
            and t.get("severity") in SEVERITIES
            and isinstance(t.get("durationSeconds", 0), int)
        ):
            problems.append(f"alarmThresholds[{index}]: needs metric, op, value, alarmType, severity")
    meter = doc.get("meter")
    if meter is not None:
        props = ((doc.get("telemetry") or {}).get("properties")) or {}
        if not (
            isinstance(meter, dict)
            and meter.get("utility") in METER_UTILITIES
            and isinstance(meter.get("unit"), str)
            and (props.get(meter.get("reading")) or {}).get("type") == "number"
        ):
            problems.append("meter: needs utility, unit and reading (a number field of its telemetry)")
        if doc.get("telemetry_seconds") is None:
            problems.append("meter: reports its reading periodically (telemetry_seconds), not on change only")
    if problems:
        raise CatalogueError(f"{path.name}: " + "; ".join(problems))


def _raw(device_type: str) -> dict[str, Any]:
    try:
        return _raw_types()[device_type]
    except KeyError:
        raise UnknownDeviceType(device_type) from None


@cache
def _summaries() -> dict[str, DeviceType]:
    return {name: _summary(doc) for name, doc in _raw_types().items()}


def device_types() -> dict[str, DeviceType]:
    """All device types, keyed by type name (a fresh dict; the values are frozen)."""
    return dict(_summaries())


def _summary(doc: dict[str, Any]) -> DeviceType:
    return DeviceType(
        type=doc["type"],
        title=doc["title"],
        title_zh=doc["title_zh"],
        category=doc["category"],
        heartbeat_seconds=int(doc["heartbeat_seconds"]),
        keeps_state=bool(doc["keeps_state"]),
        event_names=tuple(doc["events"]),
        command_names=tuple(doc["commands"]) + tuple(c for c in COMMON_COMMANDS if c not in doc["commands"]),
        clauses=tuple(doc["clauses"]),
        offline_after_missed=int(doc.get("offline_after_missed", OFFLINE_AFTER_MISSED)),
        meter=MeterReading(**doc["meter"]) if doc.get("meter") else None,
        telemetry_seconds=doc["telemetry_seconds"],
    )


def meter_types() -> dict[str, MeterReading]:
    """The utility meters' types and what each one's cumulative reading is."""
    return {name: t.meter for name, t in _summaries().items() if t.meter is not None}


def get_type(name: str) -> DeviceType:
    """One device type; raises :class:`UnknownDeviceType`."""
    try:
        return _summaries()[name]
    except KeyError:
        raise UnknownDeviceType(name) from None


def alarm_hint(device_type: str, event_name: str) -> AlarmHint | None:
    """The alarm hint of an event, or ``None`` if the type has no such event."""
    event = _raw(device_type)["events"].get(event_name)
    if event is None:
        return None
    alarm = event["alarm"]
    return AlarmHint(
        raises=alarm["raises"], severity=alarm.get("severity"), clear_when=dict(alarm.get("clearWhen", {}))
    )


def alarm_thresholds(device_type: str) -> tuple[ThresholdHint, ...]:
    """The type's default threshold alarms (004 5.3.4 and the like), in the order the file gives them."""
    return tuple(
        ThresholdHint(
            metric=t["metric"],
            op=t["op"],
            value=t["value"],
            alarm_type=t["alarmType"],
            severity=t["severity"],
            duration_seconds=int(t.get("durationSeconds", 0)),
        )
        for t in _raw(device_type).get("alarmThresholds") or []
    )


@cache
def alarm_watched_types() -> frozenset[str]:
    """Device types whose telemetry the alarm evaluation reads: those with a threshold alarm or an event alarm that
    telemetry clears. Ingestion hands only their readings over."""
    return frozenset(
        name
        for name, doc in _raw_types().items()
        if doc.get("alarmThresholds")
        or any((e.get("alarm") or {}).get("clearWhen") for e in (doc.get("events") or {}).values())
    )


# --------------------------------------------------------------------------- schemas


def _envelope(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "$schema": DRAFT_07,
        "type": "object",
        "additionalProperties": False,
        "required": ["msgId", "ts", *required],
        "properties": {"msgId": MSG_ID_SCHEMA, "ts": TS_SCHEMA, **properties},
    }


HEARTBEAT_SCHEMA: Final = _envelope(
    {"uptimeS": {"type": "integer", "minimum": 0}, "fw": {"type": "string", "minLength": 1, "maxLength": 64}},
    [],
)
ACK_SCHEMA: Final = _envelope(
    {
        "commandId": {"type": "string", "minLength": 1, "maxLength": 64},
        "status": {"type": "string", "enum": list(ACK_STATUSES)},
        "detail": {"type": "string", "maxLength": 512},
    },
    ["commandId", "status"],
)
_ANY_EVENT_SCHEMA: Final = _envelope(
    {"event": {"type": "string", "minLength": 1, "maxLength": 64}, "data": {"type": "object"}},
    ["event", "data"],
)


def message_schema(device_type: str, kind: str, event_name: str | None = None) -> dict[str, Any]:
    """A copy of the full envelope schema of one message kind (``events`` needs ``event_name``)."""
    return copy.deepcopy(_message_schema(device_type, KIND_ALIASES.get(kind, kind), event_name))


def _message_schema(device_type: str, kind: str, event_name: str | None) -> dict[str, Any]:
    doc = _raw(device_type)
    if kind == "telemetry":
        return _envelope({"metrics": doc["telemetry"]}, ["metrics"])
    if kind == "events":
        if event_name not in doc["events"]:
            raise InvalidMessage("unknown_event", "event")
        return _envelope(
            {"event": {"const": event_name}, "data": doc["events"][event_name]["schema"]}, ["event", "data"]
        )
    if kind == "heartbeat":
        return HEARTBEAT_SCHEMA
    if kind == "ack":
        return ACK_SCHEMA
    raise InvalidMessage("unknown_kind", "$")


def command_schema(device_type: str, name: str) -> dict[str, Any]:
    """A copy of the JSON Schema of a command's params; raises :class:`UnknownCommand`."""
    return copy.deepcopy(_command_schema(device_type, name))


def _command_schema(device_type: str, name: str) -> dict[str, Any]:
    commands = _raw(device_type)["commands"]
    schema = commands.get(name) or COMMON_COMMANDS.get(name)
    if schema is None:
        raise UnknownCommand(device_type, name)
    return schema


def _compile(schema: Mapping[str, Any]) -> Validator:
    definition = dict(schema)
    definition.setdefault("$schema", DRAFT_07)
    validator: Validator = fastjsonschema.compile(definition, use_default=False)
    return validator


@cache
def _message_validator(device_type: str, kind: str, event_name: str | None) -> Validator:
    return _compile(_message_schema(device_type, kind, event_name))


@cache
def _shared_validator(kind: str) -> Validator:
    """Type-independent validators: heartbeat, ack, and the generic event envelope (``events``)."""
    return _compile({"heartbeat": HEARTBEAT_SCHEMA, "ack": ACK_SCHEMA, "events": _ANY_EVENT_SCHEMA}[kind])


@cache
def _command_validator(device_type: str, name: str) -> Validator:
    return _compile(_command_schema(device_type, name))


# --------------------------------------------------------------------------- validation


def _path(name: str, extra: str | None, prefix: str) -> str:
    """``data.metrics.pm25`` -> ``metrics.pm25`` (``data`` is fastjsonschema's name for the root)."""
    out = name.removeprefix("data").removeprefix(".")
    if extra is not None:
        out = f"{out}.{extra}" if out else extra
    if prefix:
        out = f"{prefix}{'' if out.startswith('[') or not out else '.'}{out}"
    return out or "$"


def _run(validator: Validator, data: Any, prefix: str = "") -> None:
    try:
        validator(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        rule = exc.rule or "invalid"
        definition = exc.definition if isinstance(exc.definition, dict) else {}
        extra: str | None = None
        if isinstance(exc.value, dict):
            if rule == "required":
                extra = next((k for k in definition.get("required", []) if k not in exc.value), None)
            elif rule == "additionalProperties":
                known = definition.get("properties", {})
                extra = min((str(k) for k in exc.value if k not in known), default=None)
        path = _path(exc.name or "data", extra, prefix)
        raise InvalidMessage(f"schema:{path}:{rule}", path) from None
    _check_finite(data, prefix)


def _check_finite(data: Any, path: str) -> None:
    """JSON Schema range checks let NaN/Infinity through; refuse them."""
    if isinstance(data, float) and not math.isfinite(data):
        where = path or "$"
        raise InvalidMessage(f"schema:{where}:finite", where)
    if isinstance(data, dict):
        for key, value in data.items():
            _check_finite(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_finite(value, f"{path}[{index}]")


def _check_ts(message: dict[str, Any]) -> None:
    try:
        datetime.fromisoformat(message["ts"])
    except ValueError:
        raise InvalidMessage("schema:ts:format", "ts") from None


def validate_message(device_type: str, kind: str, message: dict[str, Any]) -> dict[str, Any]:
    """Validate a device message of ``kind`` (telemetry/events/heartbeat/ack) and return it.

    ``kind`` may also be the MQTT topic kind ``commands/ack``. Raises :class:`UnknownDeviceType`
    or :class:`InvalidMessage`.
    """
    _raw(device_type)
    kind = KIND_ALIASES.get(kind, kind)
    if kind in ("heartbeat", "ack"):
        _run(_shared_validator(kind), message)
    elif kind == "telemetry":
        _run(_message_validator(device_type, kind, None), message)
    elif kind == "events":
        _run(_shared_validator(kind), message)
        name = message["event"]
        if name not in _raw(device_type)["events"]:
            raise InvalidMessage("unknown_event", "event")
        _run(_message_validator(device_type, kind, name), message)
    else:
        raise InvalidMessage("unknown_kind", "$")
    _check_ts(message)
    return message


def validate_command(device_type: str, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Validate a command's params and return them.

    Raises :class:`UnknownDeviceType`, :class:`UnknownCommand` or :class:`InvalidMessage`
    (paths start with ``params``).
    """
    _run(_command_validator(device_type, name), params, "params")
    return params
