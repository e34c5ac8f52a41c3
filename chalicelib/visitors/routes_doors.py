"""Residents open doors from the mini-program: the doors of their building and the community's shared doors only.

Opening is a device command (`open_door`) with an ack and a 10-second timeout; the resident polls the command to
see what happened (done, rejected, timed out), which is what the door did, not just that a request was sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint
from pydantic import Field

from chalicelib.audit import audited
from chalicelib.devices import find_command
from chalicelib.kernel.contracts import Contract
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.visitors import wiring

if TYPE_CHECKING:
    from chalicelib.devices import Command

bp = Blueprint(__name__)

HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}"


class DoorView(Contract):
    deviceId: str
    building: str | None = Field(default=None, description="None for a shared door of the community")


class DoorList(Contract):
    items: list[DoorView]


class DoorCommandView(Contract):
    commandId: str
    deviceId: str
    status: str = Field(description="pending, sent, done, rejected, failed or timed_out")
    ackDetail: str | None = None
    createdAt: str
    updatedAt: str | None = None


def _view(command: Command) -> DoorCommandView:
    from chalicelib.kernel.clock import iso

    return DoorCommandView(
        commandId=command.command_id,
        deviceId=command.device_id,
        status=command.status,
        ackDetail=command.ack_detail,
        createdAt=iso(command.created_at),
        updatedAt=iso(command.updated_at) if command.updated_at else None,
    )


@endpoint(
    bp,
    "GET",
    HOUSE + "/doors",
    audience="resident",
    access=Access.household("door:open"),
    response=DoorList,
    errors=(403, 404),
    summary="The doors this resident may open: their building's and the community's shared doors",
    operation_id="listMyDoors",
)
def usable_doors(call: Call[Any]) -> DoorList:
    doors = wiring.door_access().usable_doors(call.who.subject, call.path["community_id"], call.path["house_id"])
    return DoorList(items=[DoorView(deviceId=d.device_id, building=d.building) for d in doors])


@endpoint(
    bp,
    "POST",
    HOUSE + "/doors/{device_id}/open",
    audience="resident",
    access=Access.household("door:open"),
    status=202,
    response=DoorCommandView,
    errors=(403, 404, 409, 503),
    summary="Open a door remotely (a device command with ack and timeout); poll the command for the result",
)
def open_door(call: Call[Any]) -> DoorCommandView:
    cid, hid, door = call.path["community_id"], call.path["house_id"], call.path["device_id"]
    with audited(call, "door.remote_open", "device", door, {"houseId": hid}) as detail:
        command = wiring.door_access().open(call.who.subject, cid, hid, door)
        detail["commandId"] = command.command_id
    return _view(command)


@endpoint(
    bp,
    "GET",
    HOUSE + "/door-commands/{command_id}",
    audience="resident",
    access=Access.household("door:open"),
    response=DoorCommandView,
    errors=(404,),
    summary="The outcome of one of your door openings",
    operation_id="getDoorCommand",
)
def door_command(call: Call[Any]) -> DoorCommandView:
    from chalicelib.kernel.errors import NotFound

    command = find_command(call.path["community_id"], call.path["command_id"])
    if command is None or command.requested_by != call.who.subject or command.name != "open_door":
        raise NotFound(f"command {call.path['command_id']} not found", code="COMMAND_NOT_FOUND")
    return _view(command)
