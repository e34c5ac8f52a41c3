"""Device commands: request -> (optional delay) -> publish -> device ack -> done / rejected / timed out.

The Step Functions workflow `stepfunctions/device_command.asl.json` drives the lifecycle; this module holds the
rules. Every transition is idempotent: a retried task, a duplicate ack (MQTT QoS 1) or a second finish changes
nothing the second time.

Commands as staff send them: per-command permission, fan-out to many devices, the shadow's desired state.

The single-device lifecycle (request -> publish -> ack -> done / timed out) is `CommandService`;
this module decides which devices a fan-out reaches and what a command means for a device that keeps state.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.devices.model import COMMANDABLE, Device
from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound, UpstreamUnavailable

PENDING, SENT, DONE, REJECTED, FAILED, TIMED_OUT = "pending", "sent", "done", "rejected", "failed", "timed_out"
FINAL = frozenset({DONE, REJECTED, FAILED, TIMED_OUT})
OUTCOMES = {"done": DONE, "rejected": REJECTED, "failed": FAILED, "timed_out": TIMED_OUT}

DEFAULT_ACK_TIMEOUT_SECONDS = 30
MAX_DELAY_SECONDS = 7 * 24 * 3600


class DevicePublishFailed(Exception):
    """Publishing to the device failed; the workflow retries this by name."""


class CommandStoreBusy(Exception):
    """A conditional write lost a race; the workflow retries this by name."""


@dataclass(frozen=True)
class Command:
    command_id: str
    community_id: str
    device_id: str
    device_type: str
    name: str
    params: dict[str, Any]
    requested_by: str
    created_at: datetime
    status: str = PENDING
    updated_at: datetime | None = None
    delay_seconds: int = 0
    ack_timeout_seconds: int = DEFAULT_ACK_TIMEOUT_SECONDS
    task_token: str | None = None
    execution_arn: str | None = None
    ack_status: str | None = None
    ack_detail: str | None = None
    history: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (status, at)

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def moved_to(self, status: str, now: datetime, **changes: Any) -> Command:
        return replace(self, status=status, updated_at=now, history=(*self.history, (status, iso(now))), **changes)

    def workflow_input(self) -> dict[str, Any]:
        return {
            "commandId": self.command_id,
            "communityId": self.community_id,
            "deviceId": self.device_id,
            "name": self.name,
            "delaySeconds": self.delay_seconds,
            "ackTimeoutSeconds": self.ack_timeout_seconds,
        }

    def device_message(self, now: datetime) -> dict[str, Any]:
        return {
            "commandId": self.command_id,
            "name": self.name,
            "params": self.params,
            "issuedAt": iso(now),
            "expiresAt": iso(now + timedelta(seconds=self.ack_timeout_seconds)),
        }


@dataclass(frozen=True)
class DeviceRef:
    community_id: str
    device_id: str
    device_type: str
    status: str


class CommandRepository(Protocol):
    def add(self, command: Command) -> None: ...

    def get(self, community_id: str, command_id: str) -> Command | None: ...

    def replace(self, command: Command, expected_status: str) -> bool:
        """Write `command` only if the stored status is still `expected_status`; False when it is not."""
        ...


class DeviceDirectory(Protocol):
    def find(self, community_id: str, device_id: str) -> DeviceRef | None: ...


class CommandCatalogue(Protocol):
    def validate(self, device_type: str, name: str, params: dict[str, Any]) -> dict[str, Any]: ...


class DevicePublisher(Protocol):
    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None: ...


class Workflows(Protocol):
    def start_command(self, command: Command) -> str: ...

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None: ...

    def task_failed(self, token: str, error: str, cause: str) -> None: ...


def new_command_id() -> str:
    return "cmd-" + secrets.token_hex(8)


@dataclass
class CommandService:
    repo: CommandRepository
    devices: DeviceDirectory
    catalogue: CommandCatalogue
    publisher: DevicePublisher
    workflows: Workflows
    topic_for: Any  # (community_id, device_id, kind) -> str

    def request(
        self,
        community_id: str,
        device_id: str,
        name: str,
        params: dict[str, Any],
        requested_by: str,
        delay_seconds: int = 0,
        ack_timeout_seconds: int = DEFAULT_ACK_TIMEOUT_SECONDS,
        command_id: str | None = None,
    ) -> Command:
        device = self.devices.find(community_id, device_id)
        if device is None:
            raise NotFound(f"device {device_id} not found", code="DEVICE_NOT_FOUND")
        if device.status in {"retired", "disabled"}:
            raise Conflict(f"device {device_id} is {device.status}", code="DEVICE_NOT_ACTIVE")
        if not 0 <= delay_seconds <= MAX_DELAY_SECONDS:
            raise InvalidInput(
                "delaySeconds out of range",
                code="VALIDATION_FAILED",
                details=[{"field": "delaySeconds", "code": "range", "message": "0..604800"}],
            )
        clean_params = self.catalogue.validate(device.device_type, name, params)
        command = Command(
            command_id=command_id or new_command_id(),
            community_id=community_id,
            device_id=device_id,
            device_type=device.device_type,
            name=name,
            params=clean_params,
            requested_by=requested_by,
            created_at=utcnow(),
            delay_seconds=delay_seconds,
            ack_timeout_seconds=ack_timeout_seconds,
        )
        command = command.moved_to(PENDING, command.created_at)
        self.repo.add(command)
        try:
            arn = self.workflows.start_command(command)
        except Exception as exc:
            # Leave nothing half-done: the command is recorded as failed and the caller told to retry.
            self.repo.replace(command.moved_to(FAILED, utcnow()), expected_status=PENDING)
            raise UpstreamUnavailable("could not start the command workflow", code="WORKFLOW_UNAVAILABLE") from exc
        stored = self.repo.get(community_id, command.command_id) or command
        updated = replace(stored, execution_arn=arn)
        self.repo.replace(updated, expected_status=stored.status)
        return updated

    def dispatch(self, community_id: str, command_id: str, task_token: str) -> Command:
        """Workflow task: remember the task token, then publish to the device. Safe to retry."""
        command = self._get(community_id, command_id)
        if command.final:
            return command
        now = utcnow()
        sent = (
            command.moved_to(SENT, now, task_token=task_token)
            if command.status != SENT
            else replace(command, task_token=task_token, updated_at=now)
        )
        if not self.repo.replace(sent, expected_status=command.status):
            raise CommandStoreBusy(command_id)
        topic = self.topic_for(command.community_id, command.device_id, "commands")
        try:
            self.publisher.publish(topic, command.device_message(now), qos=1)
        except Exception as exc:
            raise DevicePublishFailed(f"publish to {topic} failed: {exc}") from exc
        return sent

    def acknowledge(
        self, community_id: str, device_id: str, command_id: str, status: str, detail: str | None = None
    ) -> str:
        """A device's ack. Returns what happened: `completed`, `duplicate`, `unknown` or `foreign`."""
        command = self.repo.get(community_id, command_id)
        if command is None:
            return "unknown"
        if command.device_id != device_id:
            return "foreign"  # a device may only acknowledge its own commands
        if command.ack_status is not None or command.final:
            return "duplicate"
        acked = replace(command, ack_status=status, ack_detail=detail, updated_at=utcnow())
        if not self.repo.replace(acked, expected_status=command.status):
            return "duplicate"
        if command.task_token:
            output = {"status": status, "detail": detail or ""}
            if status == "done":
                self.workflows.task_succeeded(command.task_token, output)
            else:
                self.workflows.task_failed(command.task_token, "CommandRejected", f"device answered {status}")
        return "completed"

    def finish(self, community_id: str, command_id: str, outcome: str) -> Command:
        """Workflow task: record the final status. A second call with any outcome changes nothing."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome}")
        command = self._get(community_id, command_id)
        if command.final:
            return command
        finished = command.moved_to(OUTCOMES[outcome], utcnow(), task_token=None)
        if not self.repo.replace(finished, expected_status=command.status):
            raise CommandStoreBusy(command_id)
        return finished

    def _get(self, community_id: str, command_id: str) -> Command:
        command = self.repo.get(community_id, command_id)
        if command is None:
            raise NotFound(f"command {command_id} not found", code="COMMAND_NOT_FOUND")
        return command


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
