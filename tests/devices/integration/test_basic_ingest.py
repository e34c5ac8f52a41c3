"""Basic Ingest: telemetry and heartbeats published to `$aws/rules/<rule>/<topic>` reach that one rule (the template's
fixed, per-stage names), which sees the topic without the prefix, and land like any other reading; the local rules
bridge routes them as AWS IoT does (driven by hand here: no broker, no poller threads)."""

from __future__ import annotations

import json
import time
from random import Random
from typing import Any

from iot.simulator import payloads
from iot.topics import ingest_topic, rule_name, topic_for
from tests.support.ingestion import new_community, register, series_items


def bridge_for(cloud: Any) -> Any:
    from infra.localcloud.rules_bridge import RulesBridge
    from infra.localcloud.template import load_template

    return RulesBridge(cloud, load_template())


def deliver_telemetry_queue(bridge: Any, community: str, expected: int) -> list[dict[str, Any]]:
    """Run the telemetry queue's mapping until `expected` records of `community` went through (or 5 s passed)."""
    [mapping] = [m for m in bridge.mappings if m.logical_id == "TelemetryQueueMapping"]
    delivered: list[dict[str, Any]] = []
    deadline = time.monotonic() + 5
    while len(delivered) < expected and time.monotonic() < deadline:
        records = bridge._collect(mapping)  # what one of the mapping's pollers does
        if records:
            bodies = [json.loads(r["Body"]) for r in records]
            delivered += [b for b in bodies if b.get("communityId") == community]
            assert bridge.run_batch(mapping, records)["failed"] == []
    return delivered


def test_the_template_names_the_basic_ingest_rules_per_stage(cloud: Any) -> None:
    bridge = bridge_for(cloud)
    names = {r.logical_id: r.name for r in bridge.rules}
    assert names["TelemetryTopicRule"] == rule_name("local", "telemetry") == "sc_local_telemetry"
    assert names["HeartbeatTopicRule"] == rule_name("local", "heartbeat") == "sc_local_heartbeat"


def test_basic_ingest_reaches_its_rule_alone_which_sees_the_topic_without_the_prefix(cloud: Any) -> None:
    bridge = bridge_for(cloud)
    community = new_community()
    meter = register(community, "water_meter")
    rng = Random(5)
    reading = {**payloads.normal_telemetry("water_meter", rng), "msgId": "bi-t-1"}
    beat = {**payloads.heartbeat(rng), "msgId": "bi-h-1"}
    topic = ingest_topic("local", community, meter, "telemetry")
    assert topic == f"$aws/rules/sc_local_telemetry/sc/{community}/{meter}/telemetry"
    assert bridge.dispatch(topic, json.dumps(reading).encode()) == ["sc_local_telemetry"]
    beat_topic = ingest_topic("local", community, meter, "heartbeat")
    assert bridge.dispatch(beat_topic, json.dumps(beat).encode()) == ["sc_local_heartbeat"]
    delivered = deliver_telemetry_queue(bridge, community, 2)
    assert sorted(d["topic"] for d in delivered) == [
        topic_for(community, meter, "heartbeat"),
        topic_for(community, meter, "telemetry"),
    ]
    assert {(d["communityId"], d["thingName"]) for d in delivered} == {(community, meter)}
    kinds = sorted(item["k"]["S"] for item in series_items(cloud, community, meter))
    assert kinds == ["heartbeat", "telemetry"]


def test_basic_ingest_to_an_unknown_rule_or_another_stages_rule_runs_nothing(cloud: Any) -> None:
    bridge = bridge_for(cloud)
    community = new_community()
    meter = register(community, "water_meter")
    raw = json.dumps({**payloads.normal_telemetry("water_meter", Random(6)), "msgId": "bi-t-2"}).encode()
    plain = topic_for(community, meter, "telemetry")
    assert bridge.dispatch(f"$aws/rules/sc_prod_telemetry/{plain}", raw) == []
    assert bridge.dispatch(f"$aws/rules/EventsTopicRule/{plain}", raw) == []  # a rule without that name
    assert bridge.stats.matched == 0  # no rule ran, so no action queued anything
    assert series_items(cloud, community, meter) == []


def test_the_plain_topic_still_reaches_the_rule(cloud: Any) -> None:
    """Older firmware publishing on the plain topic still lands (at the broker's messaging charge)."""
    bridge = bridge_for(cloud)
    community = new_community()
    meter = register(community, "water_meter")
    raw = json.dumps({**payloads.normal_telemetry("water_meter", Random(7)), "msgId": "bi-t-3"}).encode()
    assert bridge.dispatch(topic_for(community, meter, "telemetry"), raw) == ["sc_local_telemetry"]
    assert [d["topic"] for d in deliver_telemetry_queue(bridge, community, 1)] == [
        topic_for(community, meter, "telemetry")
    ]
