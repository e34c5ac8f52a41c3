"""Commands as staff send them: per-command permission, fan-out to many devices, the shadow's desired state.

The single-device lifecycle (request -> publish -> ack -> done / timed out) is `domain.commands.CommandService`;
this module decides which devices a fan-out reaches and what a command means for a device that keeps state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.devices import COMMANDABLE, Device

MAX_FAN_OUT = 500  # one request never starts more workflows than this (a building has far fewer doors)
FIRE_RELEASE = {"mode": "fire_release"}


def permission_for(command_name: str) -> str:
    """`device:command:<name>`: a guard may open doors and gates, a technician or manager may send anything."""
    return f"device:command:{command_name}"


def desired_state(command_name: str, params: dict[str, Any]) -> dict[str, Any] | None:
    """What a command asks a stateful device to *be* (its shadow's desired state), or None for a one-off action.

    `set_*` commands carry the new state as their params (`set_mode {mode}`, `set_light {on, brightnessPct}`,
    `set_valve {state}` ...); closing a gas valve is a state too. Opening a door for a few seconds, rebooting or
    syncing the clock are actions, not states.
    """
    if command_name.startswith("set_"):
        return dict(params)
    if command_name == "close_valve":
        return {"valve": "closed"}
    if command_name in ("start_charging", "stop_charging"):
        return {"charging": command_name == "start_charging"}
    return None


@dataclass(frozen=True)
class FanOutResult:
    command_ids: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {deviceId, reason}


def reachable(devices: list[Device], command_name: str, accepts: Any) -> tuple[list[Device], list[dict[str, str]]]:
    """Split fan-out targets into the devices to command and the skipped ones, with the reason.

    `accepts(device_type, command_name) -> bool` comes from the catalogue.
    """
    targets: list[Device] = []
    skipped: list[dict[str, str]] = []
    for device in devices:
        if device.status not in COMMANDABLE:
            skipped.append({"deviceId": device.device_id, "reason": f"status_{device.status}"})
        elif not accepts(device.device_type, command_name):
            skipped.append({"deviceId": device.device_id, "reason": "command_not_supported"})
        else:
            targets.append(device)
    return targets, skipped
