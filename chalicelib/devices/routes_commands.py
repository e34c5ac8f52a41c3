"""Staff routes that command devices (open a door, unlock a building's doors on fire, close a gas valve, broadcast)
and read the command history.

Sending is allowed per command: `device:command:<name>` (a guard may open doors and gates; technicians and managers
may send anything). Each command runs the device-command workflow (publish, wait for the device's ack, done or
timed out) and leaves an audit record; refused attempts are audited too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.devices import wiring
from chalicelib.devices.contracts import (
    BroadcastRequest,
    CommandPage,
    CommandRequest,
    CommandView,
    FanOutView,
    SkippedDevice,
    UnlockDoorsRequest,
)
from chalicelib.kernel.contracts import PageQuery
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

if TYPE_CHECKING:
    from chalicelib.devices.commands import Command

bp = Blueprint(__name__)

COMMUNITY = "/v1/staff/communities/{community_id}"
DEVICE_COMMANDS = COMMUNITY + "/devices/{device_id}/commands"


def command_view(command: Command) -> CommandView:
    return CommandView(**wiring.command_as_dict(command))


def _require(call: Call[Any], command_name: str, operation: str, target_type: str, target_id: str) -> None:
    """The per-command permission check; a refusal is audited as denied."""
    from chalicelib.audit import record_call
    from chalicelib.devices.commands import permission_for
    from chalicelib.kernel.errors import Forbidden
    from chalicelib.kernel.security.permissions import has_permission

    permission = permission_for(command_name)
    if not has_permission(call.who.roles, permission):
        record_call(
            call,
            operation,
            target_type,
            target_id,
            outcome="denied",
            detail={"command": command_name, "missing": permission},
        )
        raise Forbidden(
            f"your role may not send {command_name}",
            code="PERMISSION_DENIED",
            details=[{"field": "name", "code": "forbidden", "message": f"needs {permission}"}],
        )


@endpoint(
    bp,
    "POST",
    DEVICE_COMMANDS,
    audience="staff",
    access=Access.community("device:read"),
    request=CommandRequest,
    status=202,
    response=CommandView,
    errors=(400, 403, 404, 409, 503),
    summary="Send a command to a device; it completes when the device acknowledges (or times out)",
)
def send_command(call: Call[CommandRequest]) -> CommandView:
    body = call.body
    community_id, device_id = call.path["community_id"], call.path["device_id"]
    _require(call, body.name, "device.command", "device", device_id)
    with audited(
        call,
        "device.command",
        "device",
        device_id,
        {"command": body.name, "params": body.params, "delaySeconds": body.delaySeconds},
    ) as detail:
        command = wiring.command_service().request(
            community_id,
            device_id,
            body.name,
            body.params,
            requested_by=call.who.subject,
            delay_seconds=body.delaySeconds,
            ack_timeout_seconds=body.ackTimeoutSeconds,
        )
        detail["commandId"] = command.command_id
    return command_view(command)


def _fan_out(
    call: Call[Any], devices: list[Any], name: str, params: dict[str, Any], ack_timeout: int, detail: dict[str, Any]
) -> FanOutView:
    """One command (one workflow) per reachable device; a device that fails does not stop the others."""
    from chalicelib.devices.commands import reachable
    from chalicelib.kernel.errors import DomainError

    targets, skipped = reachable(devices, name, wiring.accepts_command)
    command_ids: list[str] = []
    for device in targets:
        try:
            command = wiring.command_service().request(
                device.community_id,
                device.device_id,
                name,
                params,
                requested_by=call.who.subject,
                ack_timeout_seconds=ack_timeout,
            )
            command_ids.append(command.command_id)
        except DomainError as exc:
            skipped.append({"deviceId": device.device_id, "reason": exc.code.lower()})
    detail.update({"commandIds": command_ids, "skipped": skipped})
    return FanOutView(commandIds=command_ids, skipped=[SkippedDevice(**s) for s in skipped])


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/buildings/{building_id}/unlock-doors",
    audience="staff",
    access=Access.community("device:command:set_mode"),
    request=UnlockDoorsRequest,
    status=202,
    response=FanOutView,
    errors=(400, 403, 404),
    summary="Unlock every door controller of a building (fire linkage, 001 6.2.1.5 e): set_mode fire_release",
)
def unlock_building_doors(call: Call[UnlockDoorsRequest]) -> FanOutView:
    from chalicelib.devices.commands import FIRE_RELEASE, MAX_FAN_OUT
    from chalicelib.devices.model import DeviceFilter

    community_id, building_id = call.path["community_id"], call.path["building_id"]
    wiring.device_ledger().require_building(community_id, building_id)  # 404 for another community's building
    with audited(
        call, "device.command.unlock_building", "building", building_id, {"reason": call.body.reason}
    ) as detail:
        doors = wiring.device_ledger().repo.all_matching(
            community_id, DeviceFilter(device_type="door_controller", building=building_id), cap=MAX_FAN_OUT
        )
        result = _fan_out(call, doors, "set_mode", dict(FIRE_RELEASE), call.body.ackTimeoutSeconds, detail)
    return result


@endpoint(
    bp,
    "POST",
    COMMUNITY + "/commands/broadcast",
    audience="staff",
    access=Access.community("device:read"),
    request=BroadcastRequest,
    status=202,
    response=FanOutView,
    errors=(400, 403),
    summary="Send one command to every device of a type and/or building that accepts it",
)
def broadcast_command(call: Call[BroadcastRequest]) -> FanOutView:
    from chalicelib.devices.commands import MAX_FAN_OUT
    from chalicelib.devices.model import DeviceFilter
    from chalicelib.kernel.errors import InvalidInput

    body = call.body
    community_id = call.path["community_id"]
    _require(call, body.name, "device.command.broadcast", "community", community_id)
    if body.deviceType is None and body.building is None:
        raise InvalidInput(
            "narrow the broadcast with deviceType and/or building",
            code="VALIDATION_FAILED",
            details=[{"field": "deviceType", "code": "required", "message": "give deviceType or building"}],
        )
    if body.building is not None:
        wiring.device_ledger().require_building(community_id, body.building, "building")
    with audited(
        call,
        "device.command.broadcast",
        "community",
        community_id,
        {"command": body.name, "deviceType": body.deviceType, "building": body.building},
    ) as detail:
        devices = wiring.device_ledger().repo.all_matching(
            community_id, DeviceFilter(device_type=body.deviceType, building=body.building), cap=MAX_FAN_OUT
        )
        result = _fan_out(call, devices, body.name, body.params, body.ackTimeoutSeconds, detail)
    return result


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/commands",
    audience="staff",
    access=Access.community("command:read"),
    query=PageQuery,
    response=CommandPage,
    summary="The community's command history, newest first",
    operation_id="listCommunityCommands",
)
def community_commands(call: Call[Any]) -> CommandPage:
    items, cursor = wiring.command_history().history(
        call.path["community_id"], None, call.query.limit, call.query.cursor
    )
    return CommandPage(items=[command_view(c) for c in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    DEVICE_COMMANDS,
    audience="staff",
    access=Access.community("command:read"),
    query=PageQuery,
    response=CommandPage,
    errors=(404,),
    summary="One device's command history, newest first",
    operation_id="listDeviceCommands",
)
def device_commands(call: Call[Any]) -> CommandPage:
    wiring.device_ledger().get(call.path["community_id"], call.path["device_id"])  # 404 unless it is ours
    items, cursor = wiring.command_history().history(
        call.path["community_id"], call.path["device_id"], call.query.limit, call.query.cursor
    )
    return CommandPage(items=[command_view(c) for c in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/commands/{command_id}",
    audience="staff",
    access=Access.community("command:read"),
    response=CommandView,
    errors=(404,),
    summary="One command with its status history",
)
def get_command(call: Call[Any]) -> CommandView:
    from chalicelib.kernel.errors import NotFound

    command = wiring.command_history().get(call.path["community_id"], call.path["command_id"])
    if command is None:
        raise NotFound(f"command {call.path['command_id']} not found", code="COMMAND_NOT_FOUND")
    return command_view(command)
