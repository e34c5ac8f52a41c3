from __future__ import annotations

import pytest

from iot import topics
from iot.topics import TopicParts, parse_topic, topic_for


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (topics.TELEMETRY, "sc/c1/dev-a/telemetry"),
        (topics.EVENTS, "sc/c1/dev-a/events"),
        (topics.HEARTBEAT, "sc/c1/dev-a/heartbeat"),
        (topics.COMMANDS, "sc/c1/dev-a/commands"),
        (topics.COMMANDS_ACK, "sc/c1/dev-a/commands/ack"),
    ],
)
def test_topic_for_and_round_trip(kind: str, expected: str) -> None:
    assert topic_for("c1", "dev-a", kind) == expected
    assert parse_topic(expected) == TopicParts(community_id="c1", thing_name="dev-a", kind=kind)


def test_kind_groups() -> None:
    assert set(topics.DEVICE_PUBLISH_KINDS) | set(topics.DEVICE_SUBSCRIBE_KINDS) == set(topics.ALL_KINDS)
    assert topics.COMMANDS not in topics.DEVICE_PUBLISH_KINDS
    assert topics.QOS[topics.TELEMETRY] == 1 and topics.QOS[topics.EVENTS] == 1


@pytest.mark.parametrize("value", ["", "a/b", "a+b", "#", "has space", "x" * 65, "é", "dev.a", "dev-a\n", "$aws"])
def test_bad_ids_rejected(value: str) -> None:
    assert not topics.is_valid_id(value)
    with pytest.raises(ValueError):
        topics.validate_id(value)
    with pytest.raises(ValueError):
        topic_for(value, "dev-a", topics.TELEMETRY)
    with pytest.raises(ValueError):
        topic_for("c1", value, topics.TELEMETRY)


@pytest.mark.parametrize("value", ["a", "A_b-9", "x" * 64, "dev-a", "community_01"])
def test_good_ids_accepted(value: str) -> None:
    assert topics.is_valid_id(value)
    assert topics.validate_id(value) == value


def test_unknown_kind_rejected() -> None:
    with pytest.raises(ValueError):
        topic_for("c1", "dev-a", "status")


@pytest.mark.parametrize(
    "topic",
    [
        "",
        "sc",
        "sc/c1/dev-a",
        "sc/c1/dev-a/status",
        "sc/c1/dev-a/commands/nack",
        "sc/c1/dev-a/telemetry/extra",
        "xx/c1/dev-a/telemetry",
        "sc/+/dev-a/telemetry",
        "sc/c1/#",
        "sc//dev-a/telemetry",
        "sc/c1/dev a/telemetry",
        "$aws/things/dev-a/shadow/update",
    ],
)
def test_parse_topic_rejects_foreign_topics(topic: str) -> None:
    assert parse_topic(topic) is None


def test_basic_ingest_topics_and_rule_names() -> None:
    from iot.topics import BASIC_INGEST_KINDS, ingest_topic, rule_name, split_basic_ingest

    assert BASIC_INGEST_KINDS == ("telemetry", "heartbeat")
    assert rule_name("prod", "telemetry") == "sc_prod_telemetry"
    topic = ingest_topic("dev", "c1", "dev-a", "heartbeat")
    assert topic == "$aws/rules/sc_dev_heartbeat/sc/c1/dev-a/heartbeat"
    assert split_basic_ingest(topic) == ("sc_dev_heartbeat", "sc/c1/dev-a/heartbeat")
    assert ingest_topic("dev", "c1", "dev-a", "commands/ack") == "sc/c1/dev-a/commands/ack"
    assert split_basic_ingest("sc/c1/dev-a/telemetry") is None
    assert split_basic_ingest("$aws/rules/only-a-name") is None
    assert split_basic_ingest("$aws/things/dev-a/shadow/update") is None
    for bad in (("qa", "telemetry"), ("prod", "events")):
        with pytest.raises(ValueError):
            rule_name(*bad)
