"""Translate the AWS IoT device policy into the local Mosquitto broker's authorisation.

The same policy document (``iot/policies/device.json``) is deployed by CloudFormation to AWS IoT Core and
translated here for the local Mosquitto stand-in, so both clouds enforce the same topic rules, subscriptions
included: AWS IoT answers a SUBSCRIBE its policy does not allow with a failure code in the SUBACK, and so does the
local broker. Mosquitto 2.0's ``acl_file`` never checks a subscription (it grants any filter and only filters
deliveries), so the broker's authorisation is its dynamic-security plugin (shipped with Mosquitto 2.0), which
checks SUBSCRIBE, PUBLISH and delivery, and denies whatever no role allows:

- Each thing gets a role of its own (:func:`thing_role`), created when a certificate is issued for it (where AWS
  attaches the policy to the certificate): the policy's resources with ``${iot:Connection.Thing.ThingName}`` and
  ``${iot:ClientId}`` replaced by the thing name. The broker runs with ``use_identity_as_username true`` (and
  ``use_username_as_clientid true``), so the username is the certificate's CN, which is the thing name.
- ``iot:Publish`` -> ``publishClientSend``; ``iot:Subscribe`` -> ``subscribePattern`` (the requested filter must
  lie within the pattern: ``sc/#`` is not within ``sc/+/dev-a/commands``); ``iot:Receive`` ->
  ``publishClientReceive``.
- An IoT ``*`` that forms a whole level in the middle of a topic -> ``+``. This is a *narrowing*: in IoT
  policies ``*`` matches any characters including ``/``, so ``sc/*/t/telemetry`` also allows
  ``sc/a/b/t/telemetry`` in AWS, while ``sc/+/t/telemetry`` allows exactly one level locally.
- An IoT ``*`` forming the whole last level -> ``#`` (``shadow/*`` -> ``shadow/#``). ``#`` also matches the
  parent topic itself (``.../shadow``), the only (harmless) widening.
- A ``*`` that is only part of a level (``dev*``), or a variable that is not a whole level, cannot be expressed
  and raises ``ValueError``.
- ``iot:Connect`` has no ACL equivalent: the broker enforces it with ``use_username_as_clientid true``
  (client id forced to the certificate CN).
- ``Deny`` statements, other actions and non-IoT resources raise ``ValueError`` instead of being dropped.
- Privileged cloud identities (the rules bridge, the command publisher) get roles from ``(access, filter)``
  pairs: ``read`` = subscribe + receive, ``write`` = publish. The default for every ACL type is deny.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from iot.topics import ID_PATTERN

POLICY_DIR: Final = Path(__file__).resolve().parent / "policies"
DEVICE_POLICY_PATH: Final = POLICY_DIR / "device.json"

STAGE_VAR: Final = "${Stage}"
"""The stack's Stage parameter: in a Basic Ingest topic's rule name (``$aws/rules/sc_${Stage}_telemetry/...``).
CloudFormation fills it in (``Fn::Sub``); the local broker's translation is given the local stage."""
THING_NAME_VAR: Final = "${iot:Connection.Thing.ThingName}"
CLIENT_ID_VAR: Final = "${iot:ClientId}"
_SUBSTITUTIONS: Final[dict[str, str]] = {THING_NAME_VAR: "%u", CLIENT_ID_VAR: "%c"}

_ACL_TYPE_BY_ACTION: Final[dict[str, str]] = {
    "iot:publish": "publishClientSend",
    "iot:receive": "publishClientReceive",
    "iot:subscribe": "subscribePattern",
}
_IGNORED_ACTIONS: Final = frozenset({"iot:connect"})
_ACL_TYPES_BY_ACCESS: Final[dict[str, tuple[str, ...]]] = {
    "read": ("subscribePattern", "publishClientReceive"),
    "write": ("publishClientSend",),
    "readwrite": ("subscribePattern", "publishClientReceive", "publishClientSend"),
}
# The dynamic-security plugin's defaults when no ACL matches: deny everything but unsubscribing.
DEFAULT_ACL_ACCESS: Final = {
    "publishClientSend": False,
    "publishClientReceive": False,
    "subscribe": False,
    "unsubscribe": True,
}
CONTROL_TOPICS: Final = "$CONTROL/dynamic-security/#"

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


def iot_resource_to_mosquitto(resource: str, stage: str = "local") -> str | None:
    """Translate one IoT policy resource ARN into a Mosquitto pattern topic (``None`` for ``client/``)."""
    resource = resource.replace(STAGE_VAR, stage)
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


def policy_acls(policy: dict[str, Any], stage: str = "local") -> list[tuple[str, str]]:
    """``(acl type, pattern)`` pairs of a policy (``%u`` / ``%c`` for the thing name), in first-seen order."""
    found: dict[tuple[str, str], None] = {}
    for statement in policy.get("Statement", []):
        if statement.get("Effect") != "Allow":
            raise ValueError(f"only Allow statements can be translated: {statement.get('Sid', statement)!r}")
        acl_types: list[str] = []
        for action in _as_list(statement["Action"]):
            key = action.lower()
            if key in _IGNORED_ACTIONS:
                continue
            if key not in _ACL_TYPE_BY_ACTION:
                raise ValueError(f"unsupported IoT action for the broker's ACL: {action!r}")
            acl_types.append(_ACL_TYPE_BY_ACTION[key])
        for resource in _as_list(statement["Resource"]):
            topic = iot_resource_to_mosquitto(resource, stage)
            if topic is None:
                continue
            for acl_type in acl_types:
                found[(acl_type, topic)] = None
    return list(found)


def _check_topic(topic: str) -> str:
    if not topic or any(ch.isspace() for ch in topic):
        raise ValueError(f"invalid ACL topic: {topic!r}")
    return topic


def _check_name(name: str, what: str) -> str:
    if ID_PATTERN.fullmatch(name) is None:
        raise ValueError(f"invalid {what}: {name!r}")
    return name


def _acl(acl_type: str, topic: str) -> dict[str, Any]:
    return {"acltype": acl_type, "topic": _check_topic(topic), "priority": 0, "allow": True}


def thing_role_name(thing_name: str) -> str:
    return f"thing-{_check_name(thing_name, 'thing name (certificate CN)')}"


def thing_role(policy: dict[str, Any], thing_name: str, stage: str = "local") -> dict[str, Any]:
    """The dynamic-security role of one thing: the policy with the thing's name in place of its variables."""
    name = _check_name(thing_name, "thing name (certificate CN)")
    acls = [
        _acl(acl_type, "/".join(name if level in ("%u", "%c") else level for level in topic.split("/")))
        for acl_type, topic in policy_acls(policy, stage)
    ]
    return {"rolename": thing_role_name(name), "acls": acls}


def dynsec_config(privileged: dict[str, list[tuple[str, str]]], admins: tuple[str, ...]) -> dict[str, Any]:
    """The dynamic-security plugin's starting configuration: deny by default, the ``admins`` identities allowed the
    plugin's control topics (to give things their roles), and one role per ``privileged`` identity (certificate
    CN -> ``(read|write|readwrite, filter)`` pairs). Things are added at run time (:func:`thing_role`)."""
    identities = {**{admin: [("readwrite", CONTROL_TOPICS)] for admin in admins}, **privileged}
    clients, roles = [], []
    for username, rules in identities.items():
        role_name = f"cloud-{_check_name(username, 'privileged username (certificate CN)')}"
        acls = []
        for access, topic in rules:
            if access not in _ACL_TYPES_BY_ACCESS:
                raise ValueError(f"invalid access {access!r} for user {username!r}")
            acls += [_acl(acl_type, topic) for acl_type in _ACL_TYPES_BY_ACCESS[access]]
        roles.append({"rolename": role_name, "acls": acls})
        clients.append({"username": username, "roles": [{"rolename": role_name}]})
    return {"defaultACLAccess": dict(DEFAULT_ACL_ACCESS), "clients": clients, "groups": [], "roles": roles}


def cloudformation_policy_document(policy: dict[str, Any]) -> dict[str, Any]:
    """Wrap every resource in ``Fn::Sub`` for CloudFormation, escaping IoT policy variables.

    ``Fn::Sub`` would otherwise try to resolve ``${iot:Connection.Thing.ThingName}``; ``${!...}`` makes it
    emit the literal ``${...}`` that AWS IoT evaluates at connection time. ``${AWS::...}`` and ``${Stage}`` (the
    stack's parameter) are CloudFormation's to fill in.
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
    return text if text.startswith("${AWS::") or text == STAGE_VAR else "${!" + text[2:]
