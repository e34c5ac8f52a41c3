"""MQTT topic scheme shared by devices, the local broker and AWS IoT Core.

Every device topic lives under ``sc/{community_id}/{thing_name}/``, where ``thing_name`` is the
device's unified id: the certificate CN on the local Mosquitto broker and the IoT thing name in AWS
(the IoT policy pins it with ``${iot:Connection.Thing.ThingName}``; Mosquitto pins it with ``%u``).

- ``sc/{c}/{t}/telemetry``     device -> cloud: periodic readings (QoS 1)
- ``sc/{c}/{t}/events``        device -> cloud: discrete events that may raise alarms (QoS 1)
- ``sc/{c}/{t}/heartbeat``     device -> cloud: liveness ping
- ``sc/{c}/{t}/commands``      cloud -> device: commands (the device subscribes)
- ``sc/{c}/{t}/commands/ack``  device -> cloud: command acknowledgements

Routing (topic rules in ``infra/resources.yaml``, SQL subset in ``iot/rule_sql.py``): telemetry and heartbeat go
rule -> SQS ``TelemetryQueue`` -> ``ingest_telemetry_batch`` (batches of up to 500); events go rule -> SQS
``EventsQueue`` -> ``ingest_events_batch`` (their own queue, batches of up to 10, no batching window: alarms);
commands/ack invoke ``ingest_event`` directly (the short path: a person waiting for a door). Failed actions go to
``IotDeadLetterQueue``.

Basic Ingest (telemetry and heartbeats): a device publishes them to ``$aws/rules/{rule}/sc/{c}/{t}/{kind}``
(:func:`ingest_topic`), where ``{rule}`` is the stage's fixed rule name (:func:`rule_name`, e.g. ``sc_prod_telemetry``;
the template gives the same names). IoT Core hands such a message straight to that one rule, without the
publish/subscribe broker, and does not bill it as a message (the rule and its action still are); the rule's
``topic()`` sees the topic without the prefix. The plain topics stay allowed (older firmware), at the messaging charge.
Events and command acks stay on the plain topics: several rules read ``events`` (alarms, plates, lockers).

Community ids and thing names must match ``^[A-Za-z0-9_-]{1,64}$`` so that they are always exactly one
topic level and never contain MQTT wildcards (``+``, ``#``) or separators (``/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

PREFIX: Final = "sc"

TELEMETRY: Final = "telemetry"
EVENTS: Final = "events"
HEARTBEAT: Final = "heartbeat"
COMMANDS: Final = "commands"
COMMANDS_ACK: Final = "commands/ack"

#: Kinds a device publishes (device -> cloud).
DEVICE_PUBLISH_KINDS: Final[tuple[str, ...]] = (TELEMETRY, EVENTS, HEARTBEAT, COMMANDS_ACK)
#: Kinds a device subscribes to (cloud -> device).
DEVICE_SUBSCRIBE_KINDS: Final[tuple[str, ...]] = (COMMANDS,)
ALL_KINDS: Final[tuple[str, ...]] = (TELEMETRY, EVENTS, HEARTBEAT, COMMANDS, COMMANDS_ACK)

#: Recommended QoS per kind.
QOS: Final[dict[str, int]] = {TELEMETRY: 1, EVENTS: 1, HEARTBEAT: 0, COMMANDS: 1, COMMANDS_ACK: 1}

ID_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class TopicParts:
    community_id: str
    thing_name: str
    kind: str


def is_valid_id(value: str) -> bool:
    """True when ``value`` is a valid community id or thing name."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def validate_id(value: str, what: str = "id") -> str:
    """Return ``value`` unchanged or raise ``ValueError`` when it is not a valid id."""
    if not is_valid_id(value):
        raise ValueError(f"invalid {what}: {value!r} (must match {ID_PATTERN.pattern})")
    return value


def topic_for(community_id: str, thing_name: str, kind: str) -> str:
    """Build the topic of ``kind`` for one device, e.g. ``sc/c1/dev-a/telemetry``."""
    validate_id(community_id, "community id")
    validate_id(thing_name, "thing name")
    if kind not in ALL_KINDS:
        raise ValueError(f"unknown topic kind: {kind!r}")
    return f"{PREFIX}/{community_id}/{thing_name}/{kind}"


def parse_topic(topic: str) -> TopicParts | None:
    """Split a concrete topic into its parts; ``None`` when it is not in the scheme."""
    levels = topic.split("/")
    if len(levels) < 4 or levels[0] != PREFIX:
        return None
    community_id, thing_name = levels[1], levels[2]
    kind = "/".join(levels[3:])
    if kind not in ALL_KINDS or not is_valid_id(community_id) or not is_valid_id(thing_name):
        return None
    return TopicParts(community_id=community_id, thing_name=thing_name, kind=kind)


BASIC_INGEST_PREFIX: Final = "$aws/rules/"
#: Kinds a device publishes through Basic Ingest (each has one rule of its own).
BASIC_INGEST_KINDS: Final[tuple[str, ...]] = (TELEMETRY, HEARTBEAT)
STAGES: Final[tuple[str, ...]] = ("local", "dev", "staging", "prod")


def rule_name(stage: str, kind: str) -> str:
    """The topic rule that takes ``kind`` in ``stage`` (fixed per stage: devices publish to it by name)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage: {stage!r}")
    if kind not in BASIC_INGEST_KINDS:
        raise ValueError(f"{kind!r} is not sent through Basic Ingest")
    return f"{PREFIX}_{stage}_{kind}"


def ingest_topic(stage: str, community_id: str, thing_name: str, kind: str) -> str:
    """The topic a device publishes ``kind`` to: Basic Ingest for telemetry and heartbeats, else the plain topic."""
    topic = topic_for(community_id, thing_name, kind)
    return f"{BASIC_INGEST_PREFIX}{rule_name(stage, kind)}/{topic}" if kind in BASIC_INGEST_KINDS else topic


def split_basic_ingest(topic: str) -> tuple[str, str] | None:
    """``(rule name, topic without the prefix)`` of a Basic Ingest topic; ``None`` for any other topic."""
    if not topic.startswith(BASIC_INGEST_PREFIX):
        return None
    rule, _, rest = topic[len(BASIC_INGEST_PREFIX) :].partition("/")
    if not rule or not rest:
        return None
    return rule, rest
