from __future__ import annotations

import copy
from typing import Any

import pytest

from iot.acl import (
    DEFAULT_ACL_ACCESS,
    cloudformation_policy_document,
    dynsec_config,
    iot_resource_to_mosquitto,
    load_device_policy,
    policy_acls,
    thing_role,
)

ARN = "arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:"
THING = "${iot:Connection.Thing.ThingName}"
PRIVILEGED = {"rules-bridge": [("read", "sc/#")], "cloud-commander": [("write", "sc/+/+/commands")]}


def _statement(action: str | list[str], resource: str | list[str], effect: str = "Allow") -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": effect, "Action": action, "Resource": resource}],
    }


def test_device_policy_document_shape() -> None:
    policy = load_device_policy()
    assert policy["Version"] == "2012-10-17"
    resources = [r for s in policy["Statement"] for r in s["Resource"]]
    assert resources and all(r.startswith(ARN) for r in resources)
    assert not any("arn:aws:" in r for r in resources)
    connect = [s for s in policy["Statement"] if s["Action"] == "iot:Connect"]
    assert connect[0]["Resource"] == [f"{ARN}client/{THING}"]
    publish = {r for s in policy["Statement"] if s["Action"] == "iot:Publish" for r in s["Resource"]}
    assert f"{ARN}topic/sc/*/{THING}/telemetry" in publish
    assert f"{ARN}topic/sc/*/{THING}/commands/ack" in publish
    assert f"{ARN}topic/sc/*/{THING}/commands" not in publish


def test_device_policy_translates_to_exact_thing_role() -> None:
    role = thing_role(load_device_policy(), "dev-a")
    assert role["rolename"] == "thing-dev-a"
    assert [(a["acltype"], a["topic"]) for a in role["acls"]] == [
        ("publishClientSend", "sc/+/dev-a/telemetry"),
        ("publishClientSend", "sc/+/dev-a/events"),
        ("publishClientSend", "sc/+/dev-a/heartbeat"),
        ("publishClientSend", "sc/+/dev-a/commands/ack"),
        ("publishClientSend", "$aws/rules/sc_local_telemetry/sc/+/dev-a/telemetry"),
        ("publishClientSend", "$aws/rules/sc_local_heartbeat/sc/+/dev-a/heartbeat"),
        ("subscribePattern", "sc/+/dev-a/commands"),
        ("publishClientReceive", "sc/+/dev-a/commands"),
        ("publishClientSend", "$aws/things/dev-a/shadow/#"),
        ("subscribePattern", "$aws/things/dev-a/shadow/#"),
        ("publishClientReceive", "$aws/things/dev-a/shadow/#"),
    ]
    assert all(a["allow"] is True for a in role["acls"])


def test_the_broker_denies_by_default_and_knows_only_the_cloud_identities() -> None:
    config = dynsec_config(PRIVILEGED, ("localcloud-admin",))
    assert config["defaultACLAccess"] == DEFAULT_ACL_ACCESS
    assert not any(DEFAULT_ACL_ACCESS[t] for t in ("publishClientSend", "publishClientReceive", "subscribe"))
    assert [c["username"] for c in config["clients"]] == ["localcloud-admin", "rules-bridge", "cloud-commander"]
    roles = {r["rolename"]: {(a["acltype"], a["topic"]) for a in r["acls"]} for r in config["roles"]}
    assert roles == {
        "cloud-localcloud-admin": {
            ("subscribePattern", "$CONTROL/dynamic-security/#"),
            ("publishClientReceive", "$CONTROL/dynamic-security/#"),
            ("publishClientSend", "$CONTROL/dynamic-security/#"),
        },
        "cloud-rules-bridge": {("subscribePattern", "sc/#"), ("publishClientReceive", "sc/#")},
        "cloud-cloud-commander": {("publishClientSend", "sc/+/+/commands")},
    }


@pytest.mark.parametrize("name", ["bad/name", "", "x" * 65, "a b", "+", "#"])
def test_a_thing_name_that_is_no_topic_level_is_refused(name: str) -> None:
    with pytest.raises(ValueError):
        thing_role(load_device_policy(), name)


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (f"{ARN}topic/sc/*/{THING}/telemetry", "sc/+/%u/telemetry"),
        (f"{ARN}topicfilter/sc/*/{THING}/commands", "sc/+/%u/commands"),
        (f"{ARN}topic/$aws/things/{THING}/shadow/*", "$aws/things/%u/shadow/#"),
        (f"{ARN}topic/clients/${{iot:ClientId}}/x", "clients/%c/x"),
        ("arn:aws:iot:eu-west-1:123456789012:topic/a/*/b", "a/+/b"),
        (f"{ARN}client/{THING}", None),
    ],
)
def test_resource_translation(resource: str, expected: str | None) -> None:
    assert iot_resource_to_mosquitto(resource) == expected


@pytest.mark.parametrize(
    "resource",
    [
        f"{ARN}topic/sc/dev*/telemetry",  # partial-level wildcard
        f"{ARN}topic/sc/x{THING}/telemetry",  # substitution not a whole level
        f"{ARN}topic/sc/${{iot:Connection.Thing.Attributes[community]}}/x",  # unknown variable
        f"{ARN}topic/sc/+/x",  # MQTT wildcard is literal in a topic/ resource
        "*",
        "arn:aws:s3:::bucket/key",
    ],
)
def test_untranslatable_resources_raise(resource: str) -> None:
    with pytest.raises(ValueError):
        iot_resource_to_mosquitto(resource)


def test_each_action_keeps_its_own_acl_type() -> None:
    policy = _statement(["iot:Receive", "iot:Subscribe"], [f"{ARN}topic/a/{THING}", f"{ARN}topicfilter/a/{THING}"])
    assert policy_acls(policy) == [("publishClientReceive", "a/%u"), ("subscribePattern", "a/%u")]
    policy["Statement"].append({"Effect": "Allow", "Action": "iot:Publish", "Resource": f"{ARN}topic/a/{THING}"})
    assert policy_acls(policy)[-1] == ("publishClientSend", "a/%u")


def test_connect_only_policy_yields_no_rules() -> None:
    assert policy_acls(_statement("iot:Connect", f"{ARN}client/{THING}")) == []


@pytest.mark.parametrize(
    "policy",
    [
        _statement("iot:Publish", f"{ARN}topic/a", effect="Deny"),
        _statement("iot:*", f"{ARN}topic/a"),
        _statement("iot:UpdateThingShadow", f"{ARN}topic/a"),
    ],
)
def test_unsupported_statements_raise(policy: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        policy_acls(policy)


@pytest.mark.parametrize(
    "privileged",
    [
        {"bad user": [("read", "sc/#")]},
        {"rules-bridge": [("publish", "sc/#")]},
        {"rules-bridge": [("read", "sc/# extra")]},
        {"rules-bridge": [("read", "")]},
    ],
)
def test_bad_privileged_entries_raise(privileged: dict[str, list[tuple[str, str]]]) -> None:
    with pytest.raises(ValueError):
        dynsec_config(privileged, ("localcloud-admin",))


def test_no_privileged_users() -> None:
    config = dynsec_config({}, ("localcloud-admin",))
    assert [c["username"] for c in config["clients"]] == ["localcloud-admin"]


def test_cloudformation_document_escapes_iot_variables_only() -> None:
    policy = load_device_policy()
    original = copy.deepcopy(policy)
    doc = cloudformation_policy_document(policy)
    assert policy == original
    subs = [r["Fn::Sub"] for s in doc["Statement"] for r in s["Resource"]]
    assert f"{ARN}topic/sc/*/${{!iot:Connection.Thing.ThingName}}/telemetry" in subs
    assert all(s.startswith(ARN) for s in subs)
    assert not any(THING in s for s in subs)


def test_basic_ingest_is_allowed_for_telemetry_and_heartbeats_only_to_the_stages_rules() -> None:
    """The device may publish its own telemetry and heartbeats to its stage's Basic Ingest rules (by name), nothing
    else under $aws/rules: not another thing's topic, not another stage's rule, not events (several rules read them)."""
    from iot.topics import ingest_topic, rule_name

    role = thing_role(load_device_policy(), "dev-a", stage="prod")
    sends = {a["topic"] for a in role["acls"] if a["acltype"] == "publishClientSend"}
    basic = {t for t in sends if t.startswith("$aws/rules/")}
    assert basic == {
        f"$aws/rules/{rule_name('prod', 'telemetry')}/sc/+/dev-a/telemetry",
        f"$aws/rules/{rule_name('prod', 'heartbeat')}/sc/+/dev-a/heartbeat",
    }
    assert ingest_topic("prod", "c1", "dev-a", "telemetry") == "$aws/rules/sc_prod_telemetry/sc/c1/dev-a/telemetry"
    assert ingest_topic("prod", "c1", "dev-a", "events") == "sc/c1/dev-a/events"  # events stay on the broker
    assert not any(a["acltype"] == "subscribePattern" and "$aws/rules" in a["topic"] for a in role["acls"])


def test_cloudformation_document_leaves_the_stage_to_cloudformation() -> None:
    doc = cloudformation_policy_document(load_device_policy())
    subs = [r["Fn::Sub"] for s in doc["Statement"] for r in s["Resource"]]
    assert f"{ARN}topic/$aws/rules/sc_${{Stage}}_telemetry/sc/*/${{!iot:Connection.Thing.ThingName}}/telemetry" in subs
