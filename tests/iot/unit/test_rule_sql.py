"""The IoT SQL subset of the local rules bridge, and every topic rule that infra/ defines."""

from __future__ import annotations

import base64
import json

import pytest

from infra.localcloud.rules_bridge import load_rules, template_resources
from infra.localcloud.template import load_template
from iot.rule_sql import Message, UnsupportedSql, parse_rule, topic_matches
from iot.topics import DEVICE_PUBLISH_KINDS, topic_for


def msg(topic: str, payload: object, client_id: str = "dev-a", ts: int = 1_700_000_000_000) -> Message:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return Message(topic=topic, payload=raw, client_id=client_id, timestamp_ms=ts)


@pytest.mark.parametrize(
    ("topic_filter", "topic", "expected"),
    [
        ("sc/+/+/telemetry", "sc/c1/d1/telemetry", True),
        ("sc/+/+/telemetry", "sc/c1/d1/events", False),
        ("sc/+/+/telemetry", "sc/c1/d1/telemetry/x", False),
        ("sc/+/+/commands/ack", "sc/c1/d1/commands/ack", True),
        ("sc/+/+/commands/ack", "sc/c1/d1/commands", False),
        ("sc/#", "sc", True),
        ("sc/#", "sc/a/b/c", True),
        ("sc/c1/#", "sc/c2/d/telemetry", False),
    ],
)
def test_topic_filter_matching(topic_filter: str, topic: str, expected: bool) -> None:
    assert topic_matches(topic_filter, topic) is expected


def test_select_star_with_functions() -> None:
    rule = parse_rule(
        "SELECT *, topic(2) AS c, topic(3) AS d, topic() AS t, clientid() AS cid, "
        "timestamp() AS at FROM 'sc/+/+/telemetry'"
    )
    out = rule.evaluate(msg("sc/c1/d1/telemetry", {"msgId": "m", "x": 1}))
    assert out == {
        "msgId": "m",
        "x": 1,
        "c": "c1",
        "d": "d1",
        "t": "sc/c1/d1/telemetry",
        "cid": "dev-a",
        "at": 1_700_000_000_000,
    }
    assert rule.evaluate(msg("sc/c1/d1/events", {"x": 1})) is None


def test_select_star_needs_a_json_object_but_encode_does_not() -> None:
    star = parse_rule("SELECT * FROM 'sc/+/+/telemetry'")
    assert star.evaluate(msg("sc/c/d/telemetry", b"\xff\x00 not json")) is None
    encoded = parse_rule("SELECT encode(*, 'base64') AS p, topic(3) AS d FROM 'sc/+/+/telemetry'")
    out = encoded.evaluate(msg("sc/c/d/telemetry", b"\xff\x00 not json"))
    assert out is not None and base64.b64decode(out["p"]) == b"\xff\x00 not json" and out["d"] == "d"


def test_where_with_and_or_not_and_fields() -> None:
    rule = parse_rule(
        "SELECT metrics.pm25 AS pm FROM 'sc/#' WHERE (metrics.pm25 > 75 AND topic(2) = 'c1') OR NOT kind <> 'urgent'"
    )
    assert rule.evaluate(msg("sc/c1/d/telemetry", {"metrics": {"pm25": 80}})) == {"pm": 80}
    assert rule.evaluate(msg("sc/c2/d/telemetry", {"metrics": {"pm25": 80}})) is None
    assert rule.evaluate(msg("sc/c2/d/telemetry", {"kind": "urgent"})) == {}  # pm25 undefined: left out
    assert rule.evaluate(msg("sc/c2/d/telemetry", {"kind": "routine"})) is None
    assert rule.evaluate(msg("sc/c1/d/telemetry", {"metrics": {"pm25": "80"}})) is None  # string vs number
    assert rule.evaluate(msg("sc/c1/d/telemetry", {"metrics": {}})) is None  # undefined compares false


def test_a_where_over_hostile_payloads_matches_nothing_and_never_raises() -> None:
    rule = parse_rule("SELECT * FROM 'sc/+/+/events' WHERE event = 'plate_recognized'")
    topic = "sc/c1/d/events"
    for payload in (b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe", b'{"event": ', b"1e99999"):
        assert rule.evaluate(Message(topic=topic, payload=payload)) is None
    assert rule.evaluate(Message(topic=topic, payload=b'{"event": "plate_recognized"}')) == {
        "event": "plate_recognized"
    }


def test_literals_and_comparisons() -> None:
    rule = parse_rule("SELECT 'x' AS s, 2.5 AS n, true AS b FROM 'a/b' WHERE v >= 2 AND v != 3 AND ok = true")
    assert rule.evaluate(msg("a/b", {"v": 2, "ok": True})) == {"s": "x", "n": 2.5, "b": True}
    assert rule.evaluate(msg("a/b", {"v": 3, "ok": True})) is None
    assert rule.evaluate(msg("a/b", {"v": 2, "ok": 1})) is None  # bool vs number never equal


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT VALUE * FROM 'a'",
        "SELECT upper(x) AS y FROM 'a'",
        "SELECT * FROM 'a' WHERE x + 1 > 2",
        "SELECT x FROM 'a'",  # an expression needs AS
        "SELECT * FROM 'a/#/b'",
        "SELECT * FROM 'a/b+'",
        "SELECT encode(*, 'hex') AS p FROM 'a'",
        "SELECT topic(0) AS p FROM 'a'",
        "SELECT * FROM 'a' WHERE x IN (1, 2)",
        "SELECT *, * FROM 'a'",
        "SELECT * FROM 'a' ORDER BY x",
        "SELECT * FROM (SELECT * FROM 'a')",
    ],
)
def test_outside_the_subset_is_refused_loudly(sql: str) -> None:
    with pytest.raises(UnsupportedSql):
        parse_rule(sql)


def test_only_sql_version_2016_is_accepted() -> None:
    with pytest.raises(UnsupportedSql, match="2016-03-23"):
        parse_rule("SELECT * FROM 'a'", "2015-10-08")


# --------------------------------------------------------------------------- every rule in infra/

TEMPLATE = load_template()
RULES = template_resources(TEMPLATE, "AWS::IoT::TopicRule")
DEVICE_PAYLOAD = {"msgId": "m-1", "ts": "2024-05-01T08:00:00.000Z", "metrics": {"state": "normal"}}


def test_infra_defines_a_rule_for_every_device_published_kind() -> None:
    rules = load_rules(TEMPLATE)
    for kind in DEVICE_PUBLISH_KINDS:
        topic = topic_for("c1", "dev-1", kind)
        assert [r for r in rules if r.rule.matches_topic(topic)], f"no rule routes {kind}"


@pytest.mark.parametrize("logical_id", sorted(RULES))
def test_each_infra_rule_parses_and_matches_its_own_topic_only(logical_id: str) -> None:
    payload = RULES[logical_id]["Properties"]["TopicRulePayload"]
    assert payload["AwsIotSqlVersion"] == "2016-03-23"
    assert "Sqs" in payload["ErrorAction"], "every rule dead-letters its failures"
    rule = parse_rule(payload["Sql"], payload["AwsIotSqlVersion"])
    own_kind = rule.topic_filter.split("/", 3)[3]
    own = topic_for("c1", "dev-1", own_kind)
    device_payload = DEVICE_PAYLOAD
    if "WHERE event = 'plate_recognized'" in payload["Sql"]:
        # the barrier's plate events only (straight to parking); every other event, and what is not JSON, goes to
        # EventsQueue alone (ingestion dead-letters it with its reason)
        device_payload = {**DEVICE_PAYLOAD, "event": "plate_recognized"}
        assert rule.evaluate(msg(own, DEVICE_PAYLOAD)) is None
        assert rule.evaluate(msg(own, b"\x00garbage")) is None
    if "WHERE event = 'offline_passages'" in payload["Sql"]:
        # a barrier's offline upload only (straight to parking); ingestion keeps its own record of it
        device_payload = {**DEVICE_PAYLOAD, "event": "offline_passages"}
        assert rule.evaluate(msg(own, DEVICE_PAYLOAD)) is None
        assert rule.evaluate(msg(own, {**DEVICE_PAYLOAD, "event": "plate_recognized"})) is None
        assert rule.evaluate(msg(own, b"\x00garbage")) is None
    if "WHERE event = 'parcel_stored' OR event = 'parcel_picked_up'" in payload["Sql"]:
        # a locker's deposits and pick-ups only (a copy to the lockers' queue; ingestion keeps its own)
        device_payload = {**DEVICE_PAYLOAD, "event": "parcel_stored"}
        assert rule.evaluate(msg(own, DEVICE_PAYLOAD)) is None
        assert rule.evaluate(msg(own, {**DEVICE_PAYLOAD, "event": "forced_open"})) is None
        assert rule.evaluate(msg(own, {**DEVICE_PAYLOAD, "event": "parcel_picked_up"})) is not None
        assert rule.evaluate(msg(own, b"\x00garbage")) is None
    out = rule.evaluate(msg(own, device_payload, client_id="dev-1"))
    assert out is not None
    assert json.loads(base64.b64decode(out["payload"])) == device_payload
    assert (out["topic"], out["communityId"], out["thingName"], out["clientId"]) == (own, "c1", "dev-1", "dev-1")
    assert out["receivedAt"] == 1_700_000_000_000
    # Not JSON still reaches the function (which dead-letters it with a reason).
    if device_payload is DEVICE_PAYLOAD:
        assert rule.evaluate(msg(own, b"\x00garbage")) is not None
    for kind in (*DEVICE_PUBLISH_KINDS, "commands"):
        if kind != own_kind:
            assert rule.evaluate(msg(topic_for("c1", "dev-1", kind), device_payload)) is None
    assert rule.evaluate(msg(f"other/c1/dev-1/{own_kind}", device_payload)) is None


def test_a_basic_ingest_message_runs_the_named_rule_without_its_from_filter_but_with_its_where() -> None:
    """AWS: FROM is optional for a rule reached through Basic Ingest; the rule sees the topic without the prefix."""
    rule = parse_rule("SELECT topic() AS t, topic(3) AS d FROM 'sc/+/+/telemetry' WHERE x = 1")
    plain = msg("sc/c1/d1/heartbeat", {"x": 1})
    assert rule.evaluate(plain) is None
    basic = Message(plain.topic, plain.payload, plain.client_id, plain.timestamp_ms, basic_ingest=True)
    assert rule.evaluate(basic) == {"t": "sc/c1/d1/heartbeat", "d": "d1"}
    assert rule.evaluate(Message(basic.topic, json.dumps({"x": 2}).encode(), basic_ingest=True)) is None
