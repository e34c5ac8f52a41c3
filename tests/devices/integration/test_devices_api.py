"""The staff device API against the local cloud: the asset ledger, certificates in the IoT registry (moto), commands
(workflow started, history, fan-out, per-command permission, shadow desired state), audit records."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.kernel.security.principal import Principal
from chalicelib.kernel.security.tokens import issue_access_token

Api = Callable[..., tuple[int, dict[str, Any]]]


@pytest.fixture
def community(client: Any) -> str:
    """A registry community: a device's building is one of its registry buildings."""
    from tests.support.registry import new_community

    return new_community(client)


class Buildings(dict[str, str]):
    """Registry buildings of the test's community by label ("B1" -> its registry id), created on first use."""

    def __init__(self, client: Any, community: str):
        super().__init__()
        self.client, self.community = client, community

    def __missing__(self, label: str) -> str:
        from tests.support.registry import make_building

        self[label] = make_building(self.client, self.community, label.removeprefix("B"), floors=6)
        return self[label]


@pytest.fixture
def b(client: Any, community: str) -> Buildings:
    return Buildings(client, community)


def token(community: str, role: str = "staff.manager", subject: str = "mgr-1") -> str:
    return issue_access_token(
        Principal(subject=subject, kind="staff", roles=frozenset({role}), communities=frozenset({community}))
    )


@pytest.fixture
def api(client: Any, community: str) -> Api:
    def call(
        method: str, path: str, body: Any = None, role: str = "staff.manager", community_id: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        headers = {
            "Authorization": f"Bearer {token(community_id or community, role)}",
            "Content-Type": "application/json",
        }
        full = f"/v1/staff/communities/{community}{path}"
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs["body"] = json.dumps(body)
        response = getattr(client.http, method.lower())(full, **kwargs)
        return response.status_code, json.loads(response.body or b"{}")

    return call


# A registry-shaped id no community has: where a test is about another field, the building is never reached.
NO_BUILDING = "b" + "0" * 16


def door(building: str = NO_BUILDING, unit: str = "U1", **extra: Any) -> dict[str, Any]:
    return {
        "deviceType": "door_controller",
        "name": f"{building} {unit} door",
        "location": {"building": building, "unit": unit},
        **extra,
    }


def register(api: Api, body: dict[str, Any], activate: bool = True) -> dict[str, Any]:
    status, created = api("POST", "/devices", body)
    assert status == 201, created
    if activate:
        status, created = api(
            "PATCH", f"/devices/{created['deviceId']}", {"version": created["version"], "status": "active"}
        )
        assert status == 200, created
    return created


def audit_entries(community: str, target_type: str, target_id: str) -> list[Any]:
    from datetime import timedelta

    from chalicelib.audit import repository as audit
    from chalicelib.kernel.clock import utcnow

    now = utcnow()
    entries, _ = audit.query(
        community, now - timedelta(minutes=5), now + timedelta(minutes=1), target=(target_type, target_id)
    )
    return entries


# -- ledger ------------------------------------------------------------------------------------------------------


def test_register_read_and_audit(api: Api, community: str, b: Buildings) -> None:
    status, created = api(
        "POST",
        "/devices",
        door(
            b["B1"],
            serialNumber="SN-" + community,
            owner="Property office",
            user="Residents",
            maintainer="Lift Co.",
            installedOn="2024-05-01",
            nextMaintenanceOn="2025-05-01",
            tags=["fire-linkage"],
        ),
    )
    assert status == 201, created
    assert created["deviceId"].startswith("door-controller-")
    assert (created["status"], created["version"], created["communityId"]) == ("registered", 1, community)
    assert (created["owner"], created["user"], created["maintainer"]) == ("Property office", "Residents", "Lift Co.")
    assert [e["status"] for e in created["lifecycle"]] == ["registered"]
    assert created["ingestedAt"] and created["dataSource"] == "manual"

    status, read = api("GET", f"/devices/{created['deviceId']}")
    assert status == 200
    assert read["state"] is None  # it never sent anything
    assert {k: v for k, v in read.items() if k != "state"} == {k: v for k, v in created.items() if k != "state"}

    entries = audit_entries(community, "device", created["deviceId"])
    assert [(e.operation, e.outcome, e.operator) for e in entries] == [("device.create", "success", "mgr-1")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (door() | {"location": {"unit": "U1"}}, "location.building"),
        (door() | {"deviceType": "toaster"}, "deviceType"),
        (door() | {"installedOn": "2999-01-01"}, "installedOn"),
        (door() | {"colour": "red"}, "colour"),
    ],
)
def test_invalid_devices_get_400_naming_the_field(api: Api, body: dict[str, Any], field: str) -> None:
    status, error = api("POST", "/devices", body)
    assert status == 400, error
    assert field in [d["field"] for d in error["error"]["details"]]


def test_serial_numbers_are_unique_among_live_devices(api: Api, community: str, b: Buildings) -> None:
    serial = "SN-" + uuid.uuid4().hex[:8]
    first = register(api, door(b["B1"], serialNumber=serial), activate=False)
    status, error = api("POST", "/devices", door(b["B2"], serialNumber=serial))
    assert (status, error["error"]["code"]) == (409, "SERIAL_IN_USE")
    status, _ = api("POST", f"/devices/{first['deviceId']}/retire", {"note": "replaced"})
    assert status == 200
    status, second = api("POST", "/devices", door(b["B2"], serialNumber=serial))
    assert status == 201, second  # the retired device released its serial


def test_optimistic_locking_and_lifecycle(api: Api, b: Buildings) -> None:
    created = register(api, door(b["B1"]), activate=False)
    path = f"/devices/{created['deviceId']}"
    status, error = api("PATCH", path, {"version": 1, "status": "maintenance"})
    assert (status, error["error"]["code"]) == (409, "INVALID_STATUS_TRANSITION")
    status, updated = api("PATCH", path, {"version": 1, "status": "active", "owner": "Office"})
    assert (status, updated["version"], updated["status"], updated["owner"]) == (200, 2, "active", "Office")
    status, error = api("PATCH", path, {"version": 1, "name": "stale write"})
    assert (status, error["error"]["code"]) == (409, "STALE_VERSION")
    status, error = api("PATCH", path, {"version": 2, "name": None})
    assert status == 400
    status, updated = api("PATCH", path, {"version": 2, "owner": None, "location": {"building": b["B9"], "floor": 2}})
    assert status == 200 and updated["owner"] is None and updated["location"] == {"building": b["B9"], "floor": 2}
    status, retired = api("POST", f"{path}/retire", {"version": 3})
    assert (status, retired["status"]) == (200, "retired")
    assert [e["status"] for e in retired["lifecycle"]] == ["registered", "active", "retired"]
    status, error = api("PATCH", path, {"version": 4, "name": "ghost"})
    assert (status, error["error"]["code"]) == (409, "DEVICE_RETIRED")


def test_list_filters_and_cursor_pagination(api: Api, b: Buildings) -> None:
    ids = {register(api, door(b["B1"], f"U{i}"), activate=False)["deviceId"] for i in range(3)}
    ids.add(register(api, door(b["B2"]), activate=False)["deviceId"])
    smoke = register(
        api, {"deviceType": "smoke_detector", "name": "B1 smoke", "location": {"building": b["B1"], "floor": 1}}
    )
    seen: list[str] = []
    cursor = None
    while True:
        status, page = api("GET", "/devices?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200 and len(page["items"]) <= 2
        seen += [d["deviceId"] for d in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids | {smoke["deviceId"]})
    _, page = api("GET", f"/devices?type=door_controller&building={b['B1']}")
    assert len(page["items"]) == 3
    _, page = api("GET", f"/devices?building={b['B1']}")
    assert len(page["items"]) == 4
    _, page = api("GET", "/devices?status=active")
    assert [d["deviceId"] for d in page["items"]] == [smoke["deviceId"]]
    status, _ = api("GET", "/devices?cursor=!!notacursor")
    assert status == 400


def test_scope_and_roles(api: Api, community: str, b: Buildings) -> None:
    status, error = api("GET", "/devices", community_id="someone-else")
    assert (status, error["error"]["code"]) == (403, "COMMUNITY_FORBIDDEN")
    status, error = api("POST", "/devices", door(b["B1"]), role="staff.guard")
    assert (status, error["error"]["code"]) == (403, "PERMISSION_DENIED")
    status, _ = api("GET", "/devices", role="staff.guard")
    assert status == 200


# -- certificates -------------------------------------------------------------------------------------------------


def test_certificate_issue_rotate_revoke_in_the_registry(
    api: Api, cloud: Any, client: Any, community: str, b: Buildings
) -> None:
    device = register(api, door(b["B1"]))
    path = f"/devices/{device['deviceId']}/certificate"
    iot = cloud.client("iot")

    response = client.http.post(
        f"/v1/staff/communities/{community}{path}", headers={"Authorization": f"Bearer {token(community)}"}
    )
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    issued = json.loads(response.body)
    assert issued["certificatePem"].startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY-----" in issued["privateKeyPem"]
    assert issued["thingName"] == device["deviceId"]
    principals = iot.list_thing_principals(thingName=device["deviceId"])["principals"]
    assert principals == [issued["certificateArn"]]
    policies = iot.list_attached_policies(target=issued["certificateArn"])["policies"]
    assert [p["policyName"] for p in policies] == [cloud.environment["DEVICE_POLICY_NAME"]]

    status, error = api("POST", path)
    assert (status, error["error"]["code"]) == (409, "CERTIFICATE_EXISTS")
    status, listed = api("GET", f"/devices/{device['deviceId']}/certificates")
    assert status == 200 and "privateKeyPem" not in json.dumps(listed)
    assert [(c["certificateId"], c["status"]) for c in listed["items"]] == [(issued["certificateId"], "ACTIVE")]

    status, rotated = api("POST", path + "/rotate")
    assert status == 201 and rotated["certificateId"] != issued["certificateId"]
    assert iot.list_thing_principals(thingName=device["deviceId"])["principals"] == [rotated["certificateArn"]]
    with pytest.raises(iot.exceptions.ResourceNotFoundException):
        iot.describe_certificate(certificateId=issued["certificateId"])  # the old one is gone

    status, revoked = api("POST", path + "/revoke", {"reason": "device stolen"})
    assert (status, revoked["status"], revoked["reason"]) == (200, "REVOKED", "device stolen")
    described = iot.describe_certificate(certificateId=rotated["certificateId"])["certificateDescription"]
    assert described["status"] == "REVOKED"
    assert iot.list_thing_principals(thingName=device["deviceId"])["principals"] == []
    _, read = api("GET", f"/devices/{device['deviceId']}")
    assert read["certificateId"] is None
    ops = [e.operation for e in audit_entries(community, "device", device["deviceId"])]
    for op in ("device.certificate.issue", "device.certificate.rotate", "device.certificate.revoke"):
        assert op in ops
    status, _ = api("POST", path, role="staff.guard")
    assert status == 403


def test_retiring_revokes_the_certificate(api: Api, cloud: Any, b: Buildings) -> None:
    device = register(api, door(b["B1"]))
    status, issued = api("POST", f"/devices/{device['deviceId']}/certificate")
    assert status == 201
    status, _ = api("POST", f"/devices/{device['deviceId']}/retire", {})
    assert status == 200
    described = cloud.client("iot").describe_certificate(certificateId=issued["certificateId"])
    assert described["certificateDescription"]["status"] == "REVOKED"
    status, error = api("POST", f"/devices/{device['deviceId']}/certificate")
    assert (status, error["error"]["code"]) == (409, "DEVICE_NOT_PROVISIONABLE")


def test_preprovisioning_hook_accepts_only_registered_serials(
    api: Api, client: Any, community: str, b: Buildings
) -> None:
    serial = "FP-" + uuid.uuid4().hex[:8]
    device = register(api, door(b["B1"], serialNumber=serial), activate=False)

    def ask(serial_number: Any) -> dict[str, Any]:
        event = {
            "claimCertificateId": "c" * 64,
            "certificateId": "d" * 64,
            "certificatePem": "PEM",
            "templateArn": "arn:aws-cn:iot:cn-north-1:123456789012:provisioningtemplate/x-fleet",
            "clientId": "claim-1",
            "parameters": {"SerialNumber": serial_number},
        }
        response = client.lambda_.invoke("fleet_preprovisioning_hook", event)
        return response.payload

    assert ask(serial) == {
        "allowProvisioning": True,
        "parameterOverrides": {
            "DeviceId": device["deviceId"],
            "CommunityId": community,
            "DeviceType": "door_controller",
        },
    }
    assert ask("UNKNOWN-" + serial) == {"allowProvisioning": False}
    assert ask(None) == {"allowProvisioning": False}
    assert ask("bad serial with spaces") == {"allowProvisioning": False}
    api("POST", f"/devices/{device['deviceId']}/retire", {})
    assert ask(serial) == {"allowProvisioning": False}


# -- commands -----------------------------------------------------------------------------------------------------


def wait_status(api: Api, command_id: str, wanted: set[str], timeout: float = 15) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status, command = api("GET", f"/commands/{command_id}")
        assert status == 200
        if command["status"] in wanted or time.monotonic() > deadline:
            return command
        time.sleep(0.1)


def test_command_is_sent_recorded_and_listed(api: Api, cloud: Any, community: str, b: Buildings) -> None:
    device = register(api, door(b["B1"]))
    status, command = api(
        "POST",
        f"/devices/{device['deviceId']}/commands",
        {"name": "open_door", "params": {"durationS": 5}, "ackTimeoutSeconds": 20},
        role="staff.guard",
    )
    assert status == 202, command
    assert (command["name"], command["params"], command["requestedBy"]) == ("open_door", {"durationS": 5}, "mgr-1")
    sent = wait_status(api, command["commandId"], {"sent"})
    assert sent["status"] == "sent"

    from chalicelib.devices import wiring

    assert (
        wiring.command_service().acknowledge(community, device["deviceId"], command["commandId"], "done") == "completed"
    )
    assert wait_status(api, command["commandId"], {"done"})["status"] == "done"

    status, second = api("POST", f"/devices/{device['deviceId']}/commands", {"name": "reboot"})
    assert status == 202
    _, history = api("GET", f"/devices/{device['deviceId']}/commands")
    assert [c["commandId"] for c in history["items"]] == [second["commandId"], command["commandId"]]
    _, everything = api("GET", "/commands?limit=1")
    assert [c["commandId"] for c in everything["items"]] == [second["commandId"]] and everything["nextCursor"]
    assert [e.operation for e in audit_entries(community, "device", device["deviceId"])].count("device.command") == 2


def test_command_refusals(api: Api, community: str, b: Buildings) -> None:
    device = register(api, door(b["B1"]))
    path = f"/devices/{device['deviceId']}/commands"
    status, error = api("POST", path, {"name": "set_mode", "params": {"mode": "always_open"}}, role="staff.guard")
    assert (status, error["error"]["code"]) == (403, "PERMISSION_DENIED")
    denied = [e for e in audit_entries(community, "device", device["deviceId"]) if e.outcome == "denied"]
    assert denied and denied[0].detail["command"] == "set_mode"
    status, error = api("POST", path, {"name": "close_valve", "params": {}})
    assert (status, error["error"]["code"]) == (400, "UNKNOWN_COMMAND")
    status, error = api("POST", path, {"name": "open_door", "params": {"durationS": 9999}})
    assert status == 400 and error["error"]["details"][0]["field"] == "params.durationS"
    status, error = api("POST", "/devices/door-controller-000000000000/commands", {"name": "open_door"})
    assert status == 404
    status, error = api("GET", "/commands/cmd-0000000000000000")
    assert status == 404


def test_state_setting_command_updates_the_shadow(api: Api, cloud: Any, b: Buildings) -> None:
    device = register(
        api,
        {
            "deviceType": "gas_detector",
            "name": "Kitchen gas",
            "location": {"building": b["B1"], "floor": 3, "room": "301"},
        },
    )
    assert api("POST", f"/devices/{device['deviceId']}/certificate")[0] == 201  # creates the thing
    status, command = api(
        "POST", f"/devices/{device['deviceId']}/commands", {"name": "close_valve", "params": {"reason": "gas_alarm"}}
    )
    assert status == 202, command
    wait_status(api, command["commandId"], {"sent"})
    iot_data = cloud.client("iot-data")
    deadline = time.monotonic() + 10
    while True:  # the workflow marks the command sent, then updates the shadow and publishes
        try:
            shadow = json.loads(iot_data.get_thing_shadow(thingName=device["deviceId"])["payload"].read())
            break
        except iot_data.exceptions.ResourceNotFoundException:
            assert time.monotonic() < deadline, "the shadow was never updated"
            time.sleep(0.1)
    assert shadow["state"]["desired"] == {"valve": "closed"}


def test_unlock_building_doors_fans_out_to_its_door_controllers(api: Api, community: str, b: Buildings) -> None:
    doors = [register(api, door(b["B7"], f"U{i}"))["deviceId"] for i in range(3)]
    off = register(api, door(b["B7"], "U9"), activate=False)
    api("POST", f"/devices/{off['deviceId']}/retire", {})
    register(api, door(b["B8"]))  # another building: untouched
    register(api, {"deviceType": "smoke_detector", "name": "B7 smoke", "location": {"building": b["B7"], "floor": 1}})

    status, _ = api("POST", f"/buildings/{b['B7']}/unlock-doors", {"reason": "fire"}, role="staff.guard")
    assert status == 403
    status, result = api("POST", f"/buildings/{b['B7']}/unlock-doors", {"reason": "fire alarm B7"})
    assert status == 202, result
    assert len(result["commandIds"]) == 3
    assert result["skipped"] == [{"deviceId": off["deviceId"], "reason": "status_retired"}]
    commands = [api("GET", f"/commands/{cid}")[1] for cid in result["commandIds"]]
    assert sorted(c["deviceId"] for c in commands) == sorted(doors)
    assert {(c["name"], c["params"]["mode"]) for c in commands} == {("set_mode", "fire_release")}
    # newest first: the success, then the guard's refused attempt (audited by the endpoint as denied)
    entries = [e for e in audit_entries(community, "building", b["B7"]) if e.operation != "building.create"]
    assert [(e.operation, e.outcome) for e in entries] == [
        ("device.command.unlock_building", "success"),
        ("unlock_building_doors", "denied"),
    ]


def test_broadcast_needs_a_scope_and_reaches_matching_devices(api: Api, b: Buildings) -> None:
    smokes = {
        register(
            api,
            {"deviceType": "smoke_detector", "name": f"smoke {i}", "location": {"building": b[f"B{i}"], "floor": 1}},
        )["deviceId"]
        for i in range(2)
    }
    register(api, door(b["B5"]))
    status, _ = api("POST", "/commands/broadcast", {"name": "self_test"})
    assert status == 400
    status, result = api("POST", "/commands/broadcast", {"name": "self_test", "deviceType": "smoke_detector"})
    assert status == 202, result
    assert {api("GET", f"/commands/{cid}")[1]["deviceId"] for cid in result["commandIds"]} == smokes
    status, result = api("POST", "/commands/broadcast", {"name": "self_test", "building": b["B5"]})
    assert status == 202 and result["commandIds"] == [] and result["skipped"][0]["reason"] == "command_not_supported"
    status, _ = api("POST", "/commands/broadcast", {"name": "self_test", "building": b["B5"]}, role="staff.guard")
    assert status == 403
