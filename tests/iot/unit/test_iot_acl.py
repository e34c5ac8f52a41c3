from __future__ import annotations

import copy
from typing import Any

import pytest

from iot.acl import (
    cloudformation_policy_document,
    iot_resource_to_mosquitto,
    load_device_policy,
    mosquitto_acl,
    policy_rules,
)

ARN = "arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:"
THING = "${iot:Connection.Thing.ThingName}"
PRIVILEGED = {"rules-bridge": [("read", "sc/#")], "cloud-commander": [("write", "sc/+/+/commands")]}


def _rule_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


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


def test_device_policy_translates_to_exact_acl() -> None:
    text = mosquitto_acl(load_device_policy(), PRIVILEGED)
    assert _rule_lines(text) == [
        "pattern write sc/+/%u/telemetry",
        "pattern write sc/+/%u/events",
        "pattern write sc/+/%u/heartbeat",
        "pattern write sc/+/%u/commands/ack",
        "pattern read sc/+/%u/commands",
        "pattern readwrite $aws/things/%u/shadow/#",
        "user rules-bridge",
        "topic read sc/#",
        "user cloud-commander",
        "topic write sc/+/+/commands",
    ]
    assert text.endswith("\n")
    # Pattern lines must come before any "user" block.
    assert text.index("pattern") < text.index("user rules-bridge")


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


def test_receive_and_subscribe_merge_to_read_and_publish_adds_write() -> None:
    policy = _statement(["iot:Receive", "iot:Subscribe"], [f"{ARN}topic/a/{THING}", f"{ARN}topicfilter/a/{THING}"])
    assert policy_rules(policy) == [("read", "a/%u")]
    policy["Statement"].append({"Effect": "Allow", "Action": "iot:Publish", "Resource": f"{ARN}topic/a/{THING}"})
    assert policy_rules(policy) == [("readwrite", "a/%u")]


def test_connect_only_policy_yields_no_rules() -> None:
    assert policy_rules(_statement("iot:Connect", f"{ARN}client/{THING}")) == []


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
        policy_rules(policy)


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
        mosquitto_acl(load_device_policy(), privileged)


def test_no_privileged_users() -> None:
    text = mosquitto_acl(load_device_policy(), {})
    assert "user " not in text
    assert "topic " not in text


def test_cloudformation_document_escapes_iot_variables_only() -> None:
    policy = load_device_policy()
    original = copy.deepcopy(policy)
    doc = cloudformation_policy_document(policy)
    assert policy == original
    subs = [r["Fn::Sub"] for s in doc["Statement"] for r in s["Resource"]]
    assert f"{ARN}topic/sc/*/${{!iot:Connection.Thing.ThingName}}/telemetry" in subs
    assert all(s.startswith(ARN) for s in subs)
    assert not any(THING in s for s in subs)
