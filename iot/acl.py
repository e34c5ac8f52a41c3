"""Translate the AWS IoT device policy into a Mosquitto ``acl_file``.

The same policy document (``iot/policies/device.json``) is deployed by CloudFormation to AWS IoT Core and
translated here for the local Mosquitto stand-in, so both clouds enforce the same topic rules.

Translation rules (Mosquitto 2.0 ``acl_file`` syntax):

- ``${iot:Connection.Thing.ThingName}`` -> ``%u``. The broker runs with ``use_identity_as_username true``,
  so the username is the client certificate's CN, which is the thing name. ``${iot:ClientId}`` -> ``%c``.
  Mosquitto only substitutes a pattern that is a whole topic level, so anything else is rejected.
- An IoT ``*`` that forms a whole level in the middle of a topic -> ``+``. This is a *narrowing*: in IoT
  policies ``*`` matches any characters including ``/``, so ``sc/*/t/telemetry`` also allows
  ``sc/a/b/t/telemetry`` in AWS, while ``sc/+/%u/telemetry`` allows exactly one level locally.
- An IoT ``*`` forming the whole last level -> ``#`` (``shadow/*`` -> ``shadow/#``). ``#`` also matches the
  parent topic itself (``.../shadow``), the only (harmless) widening.
- A ``*`` that is only part of a level (``dev*``) cannot be expressed in Mosquitto and raises ``ValueError``.
- ``iot:Publish`` -> ``write``; ``iot:Receive`` and ``iot:Subscribe`` -> ``read`` (Mosquitto checks ``read``
  both when a client subscribes and when a message is delivered). A topic granted both ways is emitted once
  as ``readwrite``. Rules for every device are emitted as ``pattern`` lines.
- ``iot:Connect`` has no ACL equivalent: the broker enforces it with ``use_username_as_clientid true``
  (client id forced to the certificate CN).
- ``Deny`` statements, other actions and non-IoT resources raise ``ValueError`` instead of being dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from iot.topics import ID_PATTERN

POLICY_DIR: Final = Path(__file__).resolve().parent / "policies"
DEVICE_POLICY_PATH: Final = POLICY_DIR / "device.json"

THING_NAME_VAR: Final = "${iot:Connection.Thing.ThingName}"
CLIENT_ID_VAR: Final = "${iot:ClientId}"
_SUBSTITUTIONS: Final[dict[str, str]] = {THING_NAME_VAR: "%u", CLIENT_ID_VAR: "%c"}

_ACCESS_BY_ACTION: Final[dict[str, str]] = {
    "iot:publish": "write",
    "iot:receive": "read",
    "iot:subscribe": "read",
}
_IGNORED_ACTIONS: Final = frozenset({"iot:connect"})
_ACCESS_VALUES: Final = frozenset({"read", "write", "readwrite", "deny"})

# arn:<partition>:iot:<region>:<account>:<type>/<name>; each field may be a ${...} placeholder with colons.
_FIELD = r"(?:\$\{[^}]*\}|[^:]*)"
_ARN_RE: Final = re.compile(rf"^arn:{_FIELD}:iot:{_FIELD}:{_FIELD}:(?P<type>topic|topicfilter|client)/(?P<name>.+)$")
_VAR_RE: Final = re.compile(r"\$\{[^}]*\}")


def load_device_policy(path: Path | None = None) -> dict[str, Any]:
    """Read the device IoT policy document (``iot/policies/device.json`` by default)."""
    with (path or DEVICE_POLICY_PATH).open(encoding="utf-8") as handle:
        policy: dict[str, Any] = json.load(handle)
    return policy


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def iot_resource_to_mosquitto(resource: str) -> str | None:
    """Translate one IoT policy resource ARN into a Mosquitto pattern topic (``None`` for ``client/``)."""
    match = _ARN_RE.match(resource)
    if match is None:
        raise ValueError(f"unsupported resource (expected an IoT topic/topicfilter/client ARN): {resource!r}")
    kind, name = match.group("type"), match.group("name")
    if kind == "client":
        return None
    for variable, replacement in _SUBSTITUTIONS.items():
        name = name.replace(variable, replacement)
    leftover = _VAR_RE.search(name)
    if leftover:
        raise ValueError(f"policy variable {leftover.group(0)} has no Mosquitto equivalent: {resource!r}")
    levels = name.split("/")
    out: list[str] = []
    for index, level in enumerate(levels):
        last = index == len(levels) - 1
        if level == "*":
            out.append("#" if last else "+")
            continue
        if "*" in level or "?" in level:
            raise ValueError(f"partial-level wildcard cannot be expressed in Mosquitto: {resource!r}")
        if "%" in level and level not in ("%u", "%c"):
            raise ValueError(f"substitution must be a whole topic level for Mosquitto: {resource!r}")
        if kind == "topic" and ("+" in level or "#" in level):
            raise ValueError(f"MQTT wildcard in a topic/ resource is literal in IoT: {resource!r}")
        out.append(level)
    return "/".join(out)


def policy_rules(policy: dict[str, Any]) -> list[tuple[str, str]]:
    """Return ``(access, pattern_topic)`` pairs for a policy, merged and in first-seen order."""
    merged: dict[str, set[str]] = {}
    for statement in policy.get("Statement", []):
        if statement.get("Effect") != "Allow":
            raise ValueError(f"only Allow statements can be translated: {statement.get('Sid', statement)!r}")
        accesses: set[str] = set()
        for action in _as_list(statement["Action"]):
            key = action.lower()
            if key in _IGNORED_ACTIONS:
                continue
            if key not in _ACCESS_BY_ACTION:
                raise ValueError(f"unsupported IoT action for the Mosquitto ACL: {action!r}")
            accesses.add(_ACCESS_BY_ACTION[key])
        for resource in _as_list(statement["Resource"]):
            topic = iot_resource_to_mosquitto(resource)
            if topic is None or not accesses:
                continue
            merged.setdefault(topic, set()).update(accesses)
    return [(_combine(accesses), topic) for topic, accesses in merged.items()]


def _combine(accesses: set[str]) -> str:
    return "readwrite" if accesses >= {"read", "write"} else next(iter(accesses))


def _check_topic(topic: str) -> str:
    if not topic or any(ch.isspace() for ch in topic):
        raise ValueError(f"invalid ACL topic: {topic!r}")
    return topic


def _user_block(username: str, rules: Iterable[tuple[str, str]]) -> list[str]:
    if ID_PATTERN.fullmatch(username) is None:
        raise ValueError(f"invalid privileged username (certificate CN): {username!r}")
    lines = [f"user {username}"]
    for access, topic in rules:
        if access not in _ACCESS_VALUES:
            raise ValueError(f"invalid access {access!r} for user {username!r}")
        lines.append(f"topic {access} {_check_topic(topic)}")
    return lines


def mosquitto_acl(policy: dict[str, Any], privileged: dict[str, list[tuple[str, str]]]) -> str:
    """Render a Mosquitto ``acl_file``: device ``pattern`` rules from ``policy`` plus ``privileged`` users.

    ``privileged`` maps a username (certificate CN, e.g. ``rules-bridge``) to ``(access, topic)`` pairs such
    as ``("read", "sc/#")``. Pattern rules apply to every client, privileged ones included.
    """
    lines = [
        "# Generated by iot/acl.py from the AWS IoT device policy - do not edit.",
        "# %u is the client certificate CN (use_identity_as_username true) = IoT thing name.",
        "",
        "# Device rules (iot:Publish -> write, iot:Subscribe/iot:Receive -> read)",
    ]
    lines += [f"pattern {access} {topic}" for access, topic in policy_rules(policy)]
    for username, rules in privileged.items():
        lines += ["", *_user_block(username, rules)]
    return "\n".join(lines) + "\n"


def cloudformation_policy_document(policy: dict[str, Any]) -> dict[str, Any]:
    """Wrap every resource in ``Fn::Sub`` for CloudFormation, escaping IoT policy variables.

    ``Fn::Sub`` would otherwise try to resolve ``${iot:Connection.Thing.ThingName}``; ``${!...}`` makes it
    emit the literal ``${...}`` that AWS IoT evaluates at connection time.
    """
    statements = []
    for statement in policy.get("Statement", []):
        resources = [
            {"Fn::Sub": _VAR_RE.sub(_escape_non_pseudo, resource)} for resource in _as_list(statement["Resource"])
        ]
        statements.append({**statement, "Resource": resources})
    return {**policy, "Statement": statements}


def _escape_non_pseudo(match: re.Match[str]) -> str:
    text = match.group(0)
    return text if text.startswith("${AWS::") else "${!" + text[2:]
