"""Device commands: request -> (optional delay) -> publish -> device ack -> done / rejected / failed / timed out.

The Step Functions workflow `stepfunctions/device_command.asl.json` drives the lifecycle; this module holds the
rules. Every transition is idempotent: a retried task, a duplicate ack (MQTT QoS 1) or a second finish changes
nothing the second time.

Every write is conditional on the version of the command it was computed from (the repository's optimistic lock),
so no two writers can both win: the device's first terminal ack settles the command (its status is the device's
answer, in the same write as the ack) as long as the command is not yet terminal, and any later ack is kept on the
command's timeline as ignored. The workflow's last step then finds the command settled and changes nothing, and a
timeout that lost the race to an ack does too.

Commands as staff send them: per-command permission, fan-out to many devices, the shadow's desired state.

The single-device lifecycle (request -> publish -> ack -> done / timed out) is `CommandService`;
this module decides which devices a fan-out reaches and what a command means for a device that keeps state.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.devices.model import COMMANDABLE, Device
from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound, UpstreamUnavailable

PENDING, SENT, DONE, REJECTED, FAILED, TIMED_OUT = "pending", "sent", "done", "rejected", "failed", "timed_out"
FINAL = frozenset({DONE, REJECTED, FAILED, TIMED_OUT})
OUTCOMES = {"done": DONE, "rejected": REJECTED, "failed": FAILED, "timed_out": TIMED_OUT}
ACK_OUTCOMES = {"done": DONE, "rejected": REJECTED, "failed": FAILED}  # a device's answer is the command's status
ACK_IGNORED = "ack_ignored"  # a timeline entry: an ack that came after the command was settled (or before it was sent)
MAX_IGNORED_ACKS = 20  # the timeline keeps this many distinct ignored acks (a chattering device cannot grow it more)
STORE_ATTEMPTS = 5  # read-change-write rounds before a write that keeps losing races gives up (CommandStoreBusy)

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
    # (status, at) per transition; (ACK_IGNORED, at, ack status, ack detail) per ignored ack
    history: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    version: int | None = None  # the stored version this was read at (optimistic lock); None until stored

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def sent_before_dispatch(self) -> bool:
        """Published by `CommandService.request` itself (`publish_now`) and not yet handed to its workflow (no task
        token): a dispatch then only records the token."""
        return self.status == SENT and self.task_token is None

    def moved_to(self, status: str, now: datetime, **changes: Any) -> Command:
        return replace(self, status=status, updated_at=now, history=(*self.history, (status, iso(now))), **changes)

    def with_ignored_ack(self, status: str, detail: str | None, now: datetime) -> Command | None:
        """The command with this ack on its timeline as ignored; None when it is there already (a redelivery) or the
        timeline holds its share of ignored acks."""
        ignored = [h[2:] for h in self.history if h[0] == ACK_IGNORED]
        if (status, detail or "") in ignored or len(ignored) >= MAX_IGNORED_ACKS:
            return None
        return replace(self, history=(*self.history, (ACK_IGNORED, iso(now), status, detail or "")))

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

    def replace(self, command: Command) -> bool:
        """Write `command` only if the stored command is still at `command.version` (the version it was read at);
        False when another write came first."""
        ...


class DeviceDirectory(Protocol):
    def find(self, community_id: str, device_id: str) -> DeviceRef | None: ...


class CommandCatalogue(Protocol):
    def validate(self, device_type: str, name: str, params: dict[str, Any]) -> dict[str, Any]: ...


class DevicePublisher(Protocol):
    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None: ...


class Workflows(Protocol):
    def command_execution_arn(self, command_id: str) -> str: ...

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
        publish_now: bool = False,
    ) -> Command:
        """Record the command and start its workflow (which publishes it when due, waits for the device's ack and
        settles it). `publish_now` (a car or a person waiting at a barrier or door): a command due at once is also
        published here, before its workflow starts, so the device is not kept waiting on the workflow's start and
        first task; it is stored as sent first (an ack may come back before this returns), and the workflow's first
        dispatch then only hands over its task token (`dispatch`). A failed publish here puts the command back to
        pending: the workflow publishes it, as without `publish_now`."""
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
        # the execution is named after the command, so its ARN is known before it starts: stored with the command
        # (one write, instead of a second conditional write that raced the workflow's first step)
        command = replace(
            command.moved_to(PENDING, command.created_at),
            execution_arn=self.workflows.command_execution_arn(command.command_id),
        )
        early = publish_now and delay_seconds == 0
        if early:
            command = command.moved_to(SENT, command.created_at)
        self.repo.add(command)
        if early:
            self._publish_early(command)
        try:
            arn = self.workflows.start_command(command)
        except Exception as exc:
            # Leave nothing half-done: the command is recorded as failed and the caller told to retry.
            self._change(
                community_id,
                command.command_id,
                lambda current: (
                    current.moved_to(FAILED, utcnow())
                    if current.status == PENDING or current.sent_before_dispatch
                    else None
                ),
            )
            raise UpstreamUnavailable("could not start the command workflow", code="WORKFLOW_UNAVAILABLE") from exc
        if arn == command.execution_arn:
            return command
        # The workflow may already be publishing: its writes and this one are each conditional on the version read.
        updated, _ = self._change(
            community_id,
            command.command_id,
            lambda current: None if current.execution_arn == arn else replace(current, execution_arn=arn),
        )
        return updated

    def _publish_early(self, command: Command) -> None:
        topic = self.topic_for(command.community_id, command.device_id, "commands")
        try:
            self.publisher.publish(topic, command.device_message(command.created_at), qos=1)
        except Exception:
            self._change(
                command.community_id,
                command.command_id,
                lambda current: (
                    current.moved_to(PENDING, utcnow())
                    if current.sent_before_dispatch and current.ack_status is None
                    else None
                ),
            )

    def dispatch(self, community_id: str, command_id: str, task_token: str) -> Command:
        """Workflow task: remember the task token, then publish to the device. Safe to retry. A command that is
        sent but holds no token yet was published by `request` (`publish_now`): only the token is recorded."""
        now = utcnow()
        published = False

        def sent(command: Command) -> Command | None:
            nonlocal published
            published = command.sent_before_dispatch
            if command.final:
                return None
            if command.status != SENT:
                return command.moved_to(SENT, now, task_token=task_token)
            return replace(command, task_token=task_token, updated_at=now)

        command, wrote = self._change(community_id, command_id, sent)
        if not wrote:
            # Settled before this (re)send: the device answered an earlier send whose publish seemed to fail.
            if command.ack_status is not None:
                self._tell_workflow(command, task_token)
            return command
        if published:
            return command
        topic = self.topic_for(command.community_id, command.device_id, "commands")
        try:
            self.publisher.publish(topic, command.device_message(now), qos=1)
        except Exception as exc:
            raise DevicePublishFailed(f"publish to {topic} failed: {exc}") from exc
        return command

    def acknowledge(
        self, community_id: str, device_id: str, command_id: str, status: str, detail: str | None = None
    ) -> str:
        """A device's ack. Returns what happened: `completed` (this ack settled the command), `duplicate` (the
        settling ack again), `ignored` (the command was settled already, or not sent yet: kept on its timeline),
        `unknown` or `foreign`.

        The first terminal ack wins whatever the interleaving: settling is a write conditional on the version read,
        and only a command that is `sent` and unanswered can be settled."""
        if status not in ACK_OUTCOMES:
            raise ValueError(f"unknown ack status {status}")
        command = self.repo.get(community_id, command_id)
        if command is None:
            return "unknown"
        if command.device_id != device_id:
            return "foreign"  # a device may only acknowledge its own commands
        now = utcnow()
        verdict = ""

        def answered(current: Command) -> Command | None:
            nonlocal verdict
            if current.status == SENT and current.ack_status is None:
                verdict = "completed"
                return current.moved_to(ACK_OUTCOMES[status], now, ack_status=status, ack_detail=detail)
            if (current.ack_status, current.ack_detail) == (status, detail):
                verdict = "duplicate"
                return None
            verdict = "ignored"
            return current.with_ignored_ack(status, detail, now)

        stored, _ = self._change(community_id, command_id, answered)
        if verdict in ("completed", "duplicate") and stored.task_token:
            # A duplicate tells the workflow again until its last step has run (the first telling may have failed:
            # the ack is then delivered again); a token no longer waited for is not an error.
            self._tell_workflow(stored, stored.task_token)
        return verdict

    def finish(self, community_id: str, command_id: str, outcome: str) -> Command:
        """Workflow task: record the final status. A second call with any outcome changes nothing; a command the
        device's ack settled keeps the ack's status (the workflow only forgets its task token)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome}")

        def finished(command: Command) -> Command | None:
            if command.final:
                return replace(command, task_token=None) if command.task_token else None
            return command.moved_to(OUTCOMES[outcome], utcnow(), task_token=None)

        command, _ = self._change(community_id, command_id, finished)
        return command

    def _tell_workflow(self, command: Command, token: str) -> None:
        if command.ack_status == "done":
            self.workflows.task_succeeded(token, {"status": "done", "detail": command.ack_detail or ""})
        else:
            self.workflows.task_failed(token, "CommandRejected", f"device answered {command.ack_status}")

    def _change(
        self, community_id: str, command_id: str, change: Callable[[Command], Command | None]
    ) -> tuple[Command, bool]:
        """Read the command, change it, write it on condition that nobody wrote since the read; read again when
        somebody did. `change` returns None when there is nothing to write. Returns the command as it now stands
        and whether this call wrote it."""
        for _ in range(STORE_ATTEMPTS):
            current = self._get(community_id, command_id)
            changed = change(current)
            if changed is None:
                return current, False
            if self.repo.replace(changed):
                return changed, True
        raise CommandStoreBusy(command_id)

    def _get(self, community_id: str, command_id: str) -> Command:
        command = self.repo.get(community_id, command_id)
        if command is None:
            raise NotFound(f"command {command_id} not found", code="COMMAND_NOT_FOUND")
        return command


def timeline_entry(entry: tuple[str, ...]) -> dict[str, str]:
    """One entry of a command's timeline as the API shows it."""
    if entry[0] == ACK_IGNORED:
        view = {"status": ACK_IGNORED, "at": entry[1], "ackStatus": entry[2]}
        if len(entry) > 3 and entry[3]:
            view["ackDetail"] = entry[3]
        return view
    return {"status": entry[0], "at": entry[1]}


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
