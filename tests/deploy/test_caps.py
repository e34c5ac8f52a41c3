"""Caps and isolation: the API keeps its own concurrency, the direct ingestion path and every SQS
consumer are capped, and no ingestion function can write the device ledger the fleet-provisioning hook trusts.

The whole suite's recorded calls are checked against the same conditions (tests/conftest.py), so the ingestion paths
really run within them; here a compromised ingestion function's writes are shown refused.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from infra import lint
from infra.build import build
from infra.localcloud.template import camel
from infra.permissions import Call, PolicyError, role_policies, violations

INGESTION = ("ingest_telemetry_batch", "ingest_events_batch", "ingest_event")
LEDGER_ITEM = frozenset({"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "device_id", "community_id",
                         "device_type", "serial_number", "status"})  # fmt: skip
STATE_ITEM = frozenset({"pk", "sk", "device_id", "community_id", "device_type", "online", "updated_at", "last_seen"})


@pytest.fixture(scope="module")
def policies() -> dict[str, dict[str, Any]]:
    resources = build()["Resources"]
    return {name: resources[f"{camel(name)}Role"]["Properties"]["Policies"][0]["PolicyDocument"] for name in INGESTION}


def _refused(policies: dict[str, Any], call: Call) -> list[str]:
    return violations([call], policies, {"stack-devices": "DevicesTable"})


@pytest.mark.parametrize("function", INGESTION)
def test_an_ingestion_function_cannot_write_a_ledger_entry(policies: dict[str, Any], function: str) -> None:
    write = "dynamodb:BatchWriteItem"
    presence = Call(function, write, "stack-devices", frozenset({"PRES#C#c1", "PRESENCE#COMMUNITIES"}), STATE_ITEM)
    assert _refused(policies, presence) == []
    # A rogue device entry (what the hook enrols: a serial number and a provisionable status), even one shaped like
    # a state item in the ledger's partition, a serial claim, a command record, or keys the request does not show:
    # all refused.
    for keys, attributes in (
        (frozenset({"C#c1#DEV#rogue"}), LEDGER_ITEM),
        (frozenset({"C#c1#DEV#d1"}), STATE_ITEM),
        (frozenset({"PRES#C#c1"}), STATE_ITEM | {"gsi1pk", "gsi1sk"}),  # presence, but onto the ledger's index
        (frozenset({"SERIAL#SN-ROGUE-0001"}), frozenset({"pk", "sk", "community_id", "device_id"})),
        (frozenset({"C#c1#CMD#x"}), frozenset({"pk", "sk"})),
        (None, STATE_ITEM),
    ):
        found = _refused(policies, Call(function, write, "stack-devices", keys, attributes))
        assert len(found) == 1 and "outside its condition" in found[0], (keys, found)
    for action in ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"):
        found = _refused(policies, Call(function, action, "stack-devices", frozenset({"C#c1#DEV#d1"}), LEDGER_ITEM))
        assert found, (function, action)


def test_ingest_event_touches_only_command_records_besides_presence(policies: dict[str, Any]) -> None:
    command = frozenset({"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "command_id", "community_id",
                         "device_id", "status", "ack_status", "updated_at", "history"})  # fmt: skip
    put = "dynamodb:PutItem"
    assert _refused(policies, Call("ingest_event", put, "stack-devices", frozenset({"C#c1#CMD#k1"}), command)) == []
    assert (
        _refused(
            policies, Call("ingest_event", "dynamodb:GetItem", "stack-devices", frozenset({"C#c1#CMD#k1"}), frozenset())
        )
        == []
    )
    forged = command | {"serial_number"}
    assert _refused(policies, Call("ingest_event", put, "stack-devices", frozenset({"C#c1#CMD#k1"}), forged))
    assert _refused(policies, Call("ingest_event", put, "stack-devices", frozenset({"C#c1#DEV#d1"}), command))
    assert _refused(
        policies, Call("ingest_event", "dynamodb:GetItem", "stack-devices", frozenset({"C#c1#DEV#d1"}), frozenset())
    )


def test_conditions_other_than_the_evaluated_ones_are_refused_at_build_time() -> None:
    resources = build()["Resources"]
    import app

    names = app.function_names()
    grants = {n: [] for n in names}
    grant = {"actions": ["dynamodb:PutItem"], "resources": ["DevicesTable"]}
    with pytest.raises(PolicyError, match="not a condition the recorded-calls check evaluates"):
        role_policies({**grants, "ingest_event": [{**grant, "condition": {"StringEquals": {"aws:SourceIp": ["x"]}}}]},
                      names, resources)  # fmt: skip
    reads = {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["pk"]}}
    with pytest.raises(PolicyError, match="only on writes"):
        role_policies(
            {**grants, "ingest_event": [{"actions": ["dynamodb:GetItem"], "resources": ["DevicesTable"],
                                         "condition": reads}]},
            names, resources,
        )  # fmt: skip


@pytest.fixture(scope="module", params=("dev", "prod"))
def template(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dict(json.loads(lint.packaged(request.param).read_text()))


def test_the_api_keeps_its_concurrency_and_every_other_path_is_capped(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    api = resources["APIHandler"]["Properties"]
    assert api["ReservedConcurrentExecutions"] == {"Ref": "ApiReservedConcurrency"}
    assert resources["IngestEvent"]["Properties"]["ReservedConcurrentExecutions"] == {
        "Ref": "IngestEventMaxConcurrency"
    }
    mappings = {k: r["Properties"] for k, r in resources.items() if r["Type"] == "AWS::Lambda::EventSourceMapping"}
    assert set(mappings) == {
        "TelemetryQueueMapping",
        "EventsQueueMapping",
        "MediaUploadsMapping",
        "AlarmEventsMapping",
        "ExportsMapping",
        "CareSignalsMapping",
        "PartnerFeedMapping",
        "PartnerFeedVisitorsMapping",
        "PartnerFeedAlarmsMapping",
        "PartnerFeedDevicesMapping",
        "WatchPassagesMapping",
        "PaymentSettledMapping",
        "LiveEventsMapping",
        "LockersEventsMapping",
        "NotifyRetryMapping",
    }
    # A table stream's mapping runs one invocation per shard at a time (in order): that is its cap.
    streams = {k for k, p in mappings.items() if "StartingPosition" in p}
    assert streams == {
        "PartnerFeedMapping",
        "PartnerFeedVisitorsMapping",
        "PartnerFeedAlarmsMapping",
        "PartnerFeedDevicesMapping",
        "WatchPassagesMapping",
        "CareSignalsMapping",
    }
    assert all(mappings[k]["ParallelizationFactor"] == 1 for k in streams)
    caps = {k: p["ScalingConfig"]["MaximumConcurrency"] for k, p in mappings.items() if k not in streams}
    assert caps == {"TelemetryQueueMapping": 10, "EventsQueueMapping": 5, "MediaUploadsMapping": 5,
                    "AlarmEventsMapping": 10, "ExportsMapping": 2,
                    "PaymentSettledMapping": 2, "LiveEventsMapping": 5,
                    "LockersEventsMapping": 2, "NotifyRetryMapping": 2}  # fmt: skip
    # What IoT invokes directly: ingest_event (command acks), parking_plate_event (a car waits at the barrier) and
    # parking_offline_passages (a barrier's offline decisions, a burst after an outage), each capped; every other
    # device path goes through a queue.
    assert resources["ParkingPlateEvent"]["Properties"]["ReservedConcurrentExecutions"] == {
        "Ref": "IngestEventMaxConcurrency"
    }
    assert resources["ParkingOfflinePassages"]["Properties"]["ReservedConcurrentExecutions"] == 2
    invoked = {
        json.dumps(a["Lambda"]["FunctionArn"])
        for r in resources.values()
        if r["Type"] == "AWS::IoT::TopicRule"
        for a in r["Properties"]["TopicRulePayload"]["Actions"]
        if "Lambda" in a
    }
    assert invoked == {
        json.dumps({"Fn::GetAtt": ["IngestEvent", "Arn"]}),
        json.dumps({"Fn::GetAtt": ["ParkingPlateEvent", "Arn"]}),
        json.dumps({"Fn::GetAtt": ["ParkingOfflinePassages", "Arn"]}),
    }


@pytest.mark.parametrize("stage", ["dev", "staging", "prod"])
def test_every_stage_states_its_caps_within_what_lambda_leaves_unreserved(stage: str) -> None:
    parameters = yaml.safe_load((lint.ROOT / "infra" / "stages.yaml").read_text())[stage]["parameters"]
    api, acks = int(parameters["ApiReservedConcurrency"]), int(parameters["IngestEventMaxConcurrency"])
    rate, burst = int(parameters["ApiThrottleRate"]), int(parameters["ApiThrottleBurst"])
    assert 0 < acks < api and burst >= rate > 0
    assert api >= rate, "the stage throttle (rate x ~1 s) is reached before the function's reservation"
    assert api + acks + 100 <= 1000, "Lambda's default regional quota, less the 100 it keeps unreserved"
