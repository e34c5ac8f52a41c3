"""Alarms: the ThingsBoard-like model and its lifecycle, the consumer's evaluation, escalation and linkage (issue 10).

- Status is ACTIVE or CLEARED, crossed with acknowledged or not. CLEARED and unacknowledged is *latched*: back to
  normal, but nobody has looked yet (IoT Events' LATCHED).
- One active alarm per originator (a device, a house for SOS) and type: a repeat raises `count` and `last_seen_at`
  and changes nothing else (no new alarm, no new notification). Clearing frees the slot.
- Every change is on the alarm's timeline (who, when, what). Writes are conditional on the alarm's version, so two
  guards acknowledging at once get one winner and one `ALARM_ALREADY_ACKNOWLEDGED`.
- Deduplication: device messages are delivered at least once; `(community, device, msg_id)` is remembered in the
  same transaction as the change it caused.
- Retention: alarm records >= 6 months, emergency-help (SOS) records > 1 year; `expires_at` is derived from the
  creation time and never moves earlier.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.alarms.rules import EVENT, OFFLINE, OFFLINE_TYPE, SEVERITIES, AlarmRule, evaluate_reading
from chalicelib.kernel.clock import iso, parse_iso
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound
from chalicelib.notifications import Delivery, Message, Recipient

ACTIVE, CLEARED = "active", "cleared"
DEVICE, RESIDENT_SOS, STAFF_REPORT, PRESENCE = "device", "resident_sos", "staff_report", "presence"
ORIGINATOR_KINDS = (DEVICE, RESIDENT_SOS, STAFF_REPORT, PRESENCE)
SOS_TYPE = "sos"
ALARM_TYPE = re.compile(r"^[a-z0-9_]{1,64}$")
ALARM_ID = re.compile(r"^alm-[0-9a-f]{16}$")  # anything else is unknown without asking the store
SYSTEM = "system"

ALARM_RETENTION_DAYS = 190  # >= 6 months (any 6 months is <= 184 days)
EMERGENCY_HELP_RETENTION_DAYS = 400  # > 1 year
MAX_TIMELINE = 300  # a flapping device keeps refreshing `count`; the timeline only records changes

# Escalation: seconds to wait for an acknowledgement at each level, by severity.
ACK_TIMEOUTS = {"critical": 60, "major": 300, "minor": 900, "warning": 1800, "indeterminate": 1800}
CLEAR_TIMEOUT_SECONDS = 7 * 24 * 3600  # an acknowledged alarm not cleared within a week goes to the dead letters
LEVEL_ON_DUTY, LEVEL_MANAGER, LEVEL_ADMIN, LEVEL_CONTACTS = 0, 1, 2, 3
LEVEL_NAMES = {0: "on_duty", 1: "manager", 2: "community_admin", 3: "emergency_contacts"}


class PoisonMessage(Exception):
    """A queue message that can never be processed; it is dead-lettered with this reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class AlarmStoreBusy(Exception):
    """A conditional write lost a race; retried (by the queue or the workflow) by name."""


class WorkflowStartFailed(Exception):
    """The alarm workflow could not be started; the message is delivered again."""


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    by: str
    action: str  # raised, acknowledged, assigned, commented, cleared, escalated, notified, linked, dispatched, closed
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "by": self.by, "action": self.action, "detail": self.detail}


@dataclass(frozen=True)
class Alarm:
    alarm_id: str
    community_id: str
    alarm_type: str
    severity: str
    originator_kind: str
    originator_id: str
    created_at: datetime
    last_seen_at: datetime
    device_type: str | None = None
    building: str | None = None
    house_id: str | None = None
    area: str | None = None
    title: str = ""
    status: str = ACTIVE
    acknowledged: bool = False
    count: int = 1
    ack_at: datetime | None = None
    ack_by: str | None = None
    cleared_at: datetime | None = None
    cleared_by: str | None = None
    clear_reason: str | None = None
    assignee: str | None = None
    assigned_at: datetime | None = None
    escalation_level: int = 0
    closed_at: datetime | None = None
    ack_token: str | None = None
    clear_token: str | None = None
    execution_arn: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    timeline: tuple[TimelineEntry, ...] = ()
    version: int = 0

    @property
    def latched(self) -> bool:
        return self.status == CLEARED and not self.acknowledged

    @property
    def combined_status(self) -> str:
        return f"{self.status.upper()}_{'ACK' if self.acknowledged else 'UNACK'}"

    @property
    def home(self) -> bool:
        return self.house_id is not None

    @property
    def expires_at(self) -> datetime:
        days = EMERGENCY_HELP_RETENTION_DAYS if self.alarm_type == SOS_TYPE else ALARM_RETENTION_DAYS
        return self.created_at + timedelta(days=days)

    def noted(self, now: datetime, by: str, action: str, **detail: Any) -> Alarm:
        entry = TimelineEntry(iso(now), by, action, {k: v for k, v in detail.items() if v is not None})
        return replace(self, timeline=(*self.timeline, entry)[-MAX_TIMELINE:])

    def max_level(self) -> int:
        return LEVEL_CONTACTS if self.home else LEVEL_ADMIN

    def workflow_input(self, ack_timeout: int, clear_timeout: int) -> dict[str, Any]:
        return {
            "alarmId": self.alarm_id,
            "communityId": self.community_id,
            "severity": self.severity,
            "level": 0,
            "maxLevel": self.max_level(),
            "ackTimeoutSeconds": ack_timeout,
            "clearTimeoutSeconds": clear_timeout,
        }


@dataclass(frozen=True)
class DedupeKey:
    community_id: str
    device_id: str
    msg_id: str


@dataclass(frozen=True)
class DeviceAlarmState:
    """One device's open alarms by type (alarm ids) and remembered threshold breaches (rule id -> start)."""

    active: dict[str, str]
    breaches: dict[str, datetime]


@dataclass(frozen=True)
class Place:
    building: str | None = None
    house_id: str | None = None
    area: str | None = None
    name: str = ""
    device_type: str | None = None


@dataclass(frozen=True)
class LinkTarget:
    device_id: str
    device_type: str
    command: str
    params: dict[str, Any]


@dataclass(frozen=True)
class AlarmQuery:
    status: str | None = None  # active | cleared | latched | unacknowledged
    severity: str | None = None
    alarm_type: str | None = None
    building: str | None = None
    house_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    cursor: str | None = None


# --------------------------------------------------------------------------- ports


class AlarmRepository(Protocol):
    def get(self, community_id: str, alarm_id: str) -> Alarm | None: ...

    def device_state(self, community_id: str, originator_id: str) -> DeviceAlarmState:
        """One Query: the originator's open alarms by type and its threshold breaches."""
        ...

    def seen(self, key: DedupeKey) -> str | None:
        """The alarm id a message already produced ("" when it produced none), or None if never seen."""
        ...

    def create(self, alarm: Alarm, dedupe: DedupeKey | None) -> str:
        """Put the alarm and claim its (originator, type) slot: `ok`, `duplicate` (message seen) or `taken`."""
        ...

    def update(
        self, alarm: Alarm, expected_version: int, dedupe: DedupeKey | None = None, release: bool = False
    ) -> str:
        """Replace if the version matches (release = free the active slot): `ok`, `duplicate` or `conflict`."""
        ...

    def mark_seen(self, key: DedupeKey, alarm_id: str = "") -> bool: ...

    def set_breaches(
        self, community_id: str, originator_id: str, started: dict[str, datetime], ended: set[str]
    ) -> None: ...

    def find(self, community_id: str, query: AlarmQuery) -> tuple[list[Alarm], str | None]: ...


class RuleBook(Protocol):
    def rules_for(self, community_id: str, device_type: str) -> list[AlarmRule]: ...

    def defaults(self, device_type: str) -> list[AlarmRule]: ...

    def numeric_metrics(self, device_type: str) -> set[str]: ...

    def forget(self, community_id: str, device_type: str) -> None:
        """The community's overrides changed: the next evaluation reads them again."""
        ...


class AlarmWorkflows(Protocol):
    def execution_arn(self, alarm_id: str) -> str:
        """The ARN the alarm's execution has (or will have): executions are named after their alarm."""
        ...

    def exists(self, execution_arn: str) -> bool: ...

    def start_alarm(self, alarm: Alarm, workflow_input: dict[str, Any]) -> str: ...

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None: ...


class DevicePlaces(Protocol):
    def place_of(self, community_id: str, device_id: str) -> Place: ...

    def devices_for_linkage(self, community_id: str, building: str, device_types: tuple[str, ...]) -> list[Any]:
        """Devices (with .device_id, .device_type, .status, .location) of those types in a building."""
        ...


class AlarmPeople(Protocol):
    """Who gets told, as recipients with their channel (adapters read the roster, identity and registry)."""

    def on_duty(self, community_id: str, building: str | None, at: datetime) -> list[Recipient]: ...

    def staff_with_role(self, community_id: str, role: str) -> list[Recipient]: ...

    def household(self, community_id: str, house_id: str) -> list[Recipient]: ...

    def emergency_contacts(self, community_id: str, house_id: str) -> list[Recipient]: ...


class AlarmNotifier(Protocol):
    def send(self, message: Message) -> list[Delivery]: ...


class LinkedCommands(Protocol):
    def send(self, community_id: str, target: LinkTarget, command_id: str, requested_by: str) -> str:
        """Request a device command through the command service; returns its id (an existing id is fine)."""
        ...


class WorkOrderDispatch(Protocol):
    """The seam the work-order issue fills: open a work order for an acknowledged alarm, or decline."""

    def dispatch(self, alarm: Alarm) -> str | None: ...


class NoWorkOrders:
    def dispatch(self, alarm: Alarm) -> str | None:
        return None


# --------------------------------------------------------------------------- helpers


def new_alarm_id() -> str:
    return "alm-" + secrets.token_hex(8)


def linked_command_id(alarm_id: str, device_id: str, command: str) -> str:
    return "cmd-" + hashlib.sha256(f"{alarm_id}|{device_id}|{command}".encode()).hexdigest()[:16]


def more_severe(a: str, b: str) -> str:
    return a if SEVERITIES.index(a) <= SEVERITIES.index(b) else b


def linkage_plan(alarm: Alarm, devices: list[Any]) -> list[LinkTarget]:
    """Fire in a building unlocks its doors and sends its elevators to the ground floor; gas closes valves.
    (001 6.2.1.5 e; 004 5.3.4 c). Only devices in service are commanded."""
    targets: list[LinkTarget] = []
    in_service = [d for d in devices if getattr(d, "status", "active") in ("active", "registered")]
    if alarm.alarm_type == "fire_alarm" and alarm.building:
        for d in in_service:
            if d.device_type == "door_controller":
                targets.append(LinkTarget(d.device_id, d.device_type, "set_mode", {"mode": "fire_release"}))
            elif d.device_type == "elevator":
                targets.append(LinkTarget(d.device_id, d.device_type, "call_to_floor", {"floor": 1}))
    elif alarm.alarm_type == "gas_leak":
        if alarm.originator_kind == DEVICE and alarm.device_type == "gas_detector":
            targets.append(LinkTarget(alarm.originator_id, "gas_detector", "close_valve", {"reason": "gas_alarm"}))
        for d in in_service:
            if d.device_type == "gas_meter" and _same_home(alarm, d):
                targets.append(LinkTarget(d.device_id, d.device_type, "close_valve", {"reason": "gas_alarm"}))
    return targets


def _same_home(alarm: Alarm, device: Any) -> bool:
    """A gas meter of the alarm's house (its usage right names the house), or of its area when not in a home."""
    if alarm.house_id:
        return getattr(device, "user", None) == alarm.house_id
    return True


def _dt(value: Any, field_name: str) -> datetime:
    if not isinstance(value, str):
        raise PoisonMessage("invalid_message", f"{field_name} is not a timestamp")
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise PoisonMessage("invalid_message", f"{field_name}: {exc}") from exc


@dataclass(frozen=True)
class Candidate:
    """A validated queue message (see `alarm_seam.AlarmCandidate`)."""

    community_id: str
    device_id: str
    device_type: str
    event: str
    msg_id: str
    occurred_at: datetime
    raises: bool
    severity: str | None
    clears: tuple[str, ...]
    data: dict[str, Any]
    source: str

    @staticmethod
    def parse(doc: Any) -> Candidate:
        if not isinstance(doc, dict):
            raise PoisonMessage("invalid_message", "the body is not a JSON object")
        for name in ("community_id", "device_id", "device_type", "event", "msg_id"):
            value = doc.get(name)
            if not isinstance(value, str) or not 1 <= len(value) <= 128:
                raise PoisonMessage("invalid_message", f"{name} is missing or not a short string")
        clears = doc.get("clears", [])
        data = doc.get("data", {})
        severity = doc.get("severity")
        if not isinstance(clears, list) or not all(isinstance(c, str) for c in clears):
            raise PoisonMessage("invalid_message", "clears is not a list of strings")
        if not isinstance(data, dict):
            raise PoisonMessage("invalid_message", "data is not an object")
        if severity is not None and severity not in SEVERITIES:
            raise PoisonMessage("invalid_message", f"unknown severity {severity}")
        if not isinstance(doc.get("raises"), bool):
            raise PoisonMessage("invalid_message", "raises is not a boolean")
        return Candidate(
            community_id=doc["community_id"],
            device_id=doc["device_id"],
            device_type=doc["device_type"],
            event=doc["event"],
            msg_id=doc["msg_id"],
            occurred_at=_dt(doc.get("occurred_at"), "occurred_at"),
            raises=doc["raises"],
            severity=severity,
            clears=tuple(clears),
            data=data,
            source=str(doc.get("source") or DEVICE),
        )


@dataclass
class Outcome:
    action: str  # raised | refreshed | cleared | duplicate | ignored | evaluated
    alarm_ids: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the service


@dataclass
class AlarmService:
    repo: AlarmRepository
    rules: RuleBook
    workflows: AlarmWorkflows
    places: DevicePlaces
    people: AlarmPeople
    notifier: AlarmNotifier
    commands: LinkedCommands
    now: Callable[[], datetime]
    work_orders: WorkOrderDispatch = field(default_factory=NoWorkOrders)
    ack_timeouts: dict[str, int] = field(default_factory=lambda: dict(ACK_TIMEOUTS))
    clear_timeout_seconds: int = CLEAR_TIMEOUT_SECONDS

    # -- the consumer ---------------------------------------------------------------------------------
    def handle(self, doc: Any) -> Outcome:
        """One AlarmEventsQueue message. Raises PoisonMessage (dead letter) or a retryable error."""
        candidate = Candidate.parse(doc)
        key = DedupeKey(candidate.community_id, candidate.device_id, candidate.msg_id)
        rules = [r for r in self.rules.rules_for(candidate.community_id, candidate.device_type) if r.enabled]
        if candidate.event == "telemetry":
            # Readings carry no marker (that would be a write per batch and device): evaluating a redelivered batch
            # again only refreshes the alarms it raised, and clears nothing twice.
            return self._readings(
                candidate, rules, self.repo.device_state(candidate.community_id, candidate.device_id), key
            )
        seen = self.repo.seen(key)
        if seen is not None:
            if seen:
                self._ensure_workflow(candidate.community_id, seen)
            return Outcome("duplicate", [seen] if seen else [])
        state = self.repo.device_state(candidate.community_id, candidate.device_id)
        if candidate.clears and not candidate.raises:
            outcome = Outcome("ignored")
            for alarm_type in candidate.clears:
                cleared_type = OFFLINE_TYPE if alarm_type == "device_offline" else alarm_type
                if self._clear_by_rule(candidate, state, cleared_type, key, {"event": candidate.event}):
                    outcome = Outcome("cleared", [state.active[cleared_type]])
            if outcome.action == "ignored":
                self.repo.mark_seen(key)
            return outcome
        rule = self._rule_for_event(candidate, rules)
        if rule is None:
            self.repo.mark_seen(key)
            return Outcome("ignored")
        detail = {"event": candidate.event, "data": candidate.data, "msgId": candidate.msg_id}
        return self._raise(candidate, rule, rule.severity, state, key, detail)

    def _rule_for_event(self, c: Candidate, rules: list[AlarmRule]) -> AlarmRule | None:
        if c.event == "device_offline":
            return next((r for r in rules if r.kind == OFFLINE), None)
        return next((r for r in rules if r.kind == EVENT and r.event == c.event), None)

    def _readings(self, c: Candidate, rules: list[AlarmRule], state: DeviceAlarmState, key: DedupeKey) -> Outcome:
        readings = c.data.get("readings")
        if not isinstance(readings, list):
            raise PoisonMessage("invalid_message", "telemetry candidates carry data.readings")
        breaches = dict(state.breaches)
        started: dict[str, datetime] = {}
        ended: set[str] = set()
        outcome = Outcome("evaluated")
        active = dict(state.active)
        for reading in readings:
            if not isinstance(reading, dict) or not isinstance(reading.get("metrics"), dict):
                raise PoisonMessage("invalid_message", "a reading has no metrics object")
            at = _dt(reading.get("ts"), "readings[].ts")
            result = evaluate_reading(rules, reading["metrics"], at, breaches)
            for rule_id, since in result.started.items():
                breaches[rule_id] = since
                started[rule_id] = since
                ended.discard(rule_id)
            for rule_id in result.ended:
                breaches.pop(rule_id, None)
                started.pop(rule_id, None)
                if rule_id in state.breaches:
                    ended.add(rule_id)
            for verdict in result.verdicts:
                current = DeviceAlarmState(active, breaches)
                detail = {"rule": verdict.rule.rule_id, **{k: _jsonable(v) for k, v in verdict.detail.items()}}
                if verdict.action == "raise":
                    done = self._raise(c, verdict.rule, verdict.rule.severity, current, None, detail)
                    if done.action == "raised":
                        active[verdict.rule.alarm_type] = done.alarm_ids[0]
                    outcome.alarm_ids.extend(done.alarm_ids)
                elif verdict.rule.alarm_type in active and self._clear_by_rule(
                    c, current, verdict.rule.alarm_type, None, detail
                ):
                    outcome.alarm_ids.append(active.pop(verdict.rule.alarm_type))
        if started or ended:
            self.repo.set_breaches(c.community_id, c.device_id, started, ended)
        return outcome

    def _raise(
        self,
        c: Candidate,
        rule: AlarmRule,
        severity: str,
        state: DeviceAlarmState,
        key: DedupeKey | None,
        detail: dict[str, Any],
    ) -> Outcome:
        now = self.now()
        existing_id = state.active.get(rule.alarm_type)
        if existing_id:
            refreshed = self._refresh(c, existing_id, severity, key, now)
            if refreshed is not None:
                return refreshed
        place = self.places.place_of(c.community_id, c.device_id)
        kind = PRESENCE if c.source == "presence" else DEVICE
        alarm = Alarm(
            alarm_id=new_alarm_id(),
            community_id=c.community_id,
            alarm_type=rule.alarm_type,
            severity=severity,
            originator_kind=kind,
            originator_id=c.device_id,
            created_at=now,
            last_seen_at=c.occurred_at,
            device_type=c.device_type,
            building=place.building,
            house_id=place.house_id,
            area=place.area,
            title=f"{rule.alarm_type} at {place.name or c.device_id}",
            data={k: _jsonable(v) for k, v in detail.items()},
            version=1,
        ).noted(now, SYSTEM, "raised", rule=rule.rule_id, severity=severity)
        alarm = self._with_arn(alarm)
        result = self.repo.create(alarm, key)
        if result == "duplicate":
            return Outcome("duplicate")
        if result == "taken":
            raise AlarmStoreBusy(f"{c.device_id}/{rule.alarm_type}")  # a concurrent raise won; retry refreshes it
        self._start(alarm)
        return Outcome("raised", [alarm.alarm_id])

    def _refresh(
        self, c: Candidate, alarm_id: str, severity: str, key: DedupeKey | None, now: datetime
    ) -> Outcome | None:
        """A repeat of an active alarm: count and last seen (re-applied over concurrent workflow notes); None when
        the slot's alarm is no longer active (a new alarm is raised instead)."""
        for _ in range(5):
            existing = self.repo.get(c.community_id, alarm_id)
            if existing is None or existing.status != ACTIVE:
                return None
            refreshed = replace(
                existing,
                count=existing.count + 1,
                last_seen_at=max(existing.last_seen_at, c.occurred_at),
                severity=more_severe(existing.severity, severity),
                version=existing.version + 1,
            )
            if refreshed.severity != existing.severity:
                refreshed = refreshed.noted(now, SYSTEM, "severity_changed", to=refreshed.severity)
            result = self.repo.update(refreshed, existing.version, dedupe=key)
            if result == "duplicate":
                return Outcome("duplicate")
            if result == "ok":
                return Outcome("refreshed", [alarm_id])
        raise AlarmStoreBusy(alarm_id)

    def _clear_by_rule(
        self, c: Candidate, state: DeviceAlarmState, alarm_type: str, key: DedupeKey | None, detail: dict[str, Any]
    ) -> bool:
        alarm_id = state.active.get(alarm_type)
        if not alarm_id:
            return False
        for _ in range(5):  # the workflow notes (notified, escalated) race with this: re-read and re-apply
            alarm = self.repo.get(c.community_id, alarm_id)
            if alarm is None or alarm.status != ACTIVE:
                return False
            try:
                self._clear(alarm, SYSTEM, "back to normal", key, detail)
                return True
            except AlarmStoreBusy:
                continue
        raise AlarmStoreBusy(alarm_id)

    def _clear(
        self, alarm: Alarm, by: str, reason: str, key: DedupeKey | None = None, detail: dict[str, Any] | None = None
    ) -> Alarm:
        now = self.now()
        cleared = replace(
            alarm, status=CLEARED, cleared_at=now, cleared_by=by, clear_reason=reason, version=alarm.version + 1
        ).noted(now, by, "cleared", reason=reason, **(detail or {}))
        result = self.repo.update(cleared, alarm.version, dedupe=key, release=True)
        if result == "conflict":
            raise AlarmStoreBusy(alarm.alarm_id)
        if result == "ok" and cleared.clear_token:
            self.workflows.task_succeeded(cleared.clear_token, {"cleared": True})
        return cleared

    def _start(self, alarm: Alarm) -> None:
        """Start the alarm's workflow. Its execution ARN is known in advance (the execution is named after the
        alarm) and stored with the alarm when it is created, so starting costs no second write."""
        timeout = int(self.ack_timeouts.get(alarm.severity, ACK_TIMEOUTS["indeterminate"]))
        try:
            self.workflows.start_alarm(alarm, alarm.workflow_input(timeout, self.clear_timeout_seconds))
        except Exception as exc:
            raise WorkflowStartFailed(f"could not start the workflow of {alarm.alarm_id}: {exc}") from exc

    def _with_arn(self, alarm: Alarm) -> Alarm:
        return replace(alarm, execution_arn=self.workflows.execution_arn(alarm.alarm_id))

    def _ensure_workflow(self, community_id: str, alarm_id: str) -> None:
        """A redelivered message whose first delivery wrote the alarm but may have failed to start its workflow."""
        alarm = self.repo.get(community_id, alarm_id)
        if alarm is None or alarm.closed_at is not None:
            return
        if alarm.execution_arn is None or not self.workflows.exists(alarm.execution_arn):
            self._start(alarm)

    # -- people ---------------------------------------------------------------------------------------
    def raise_sos(self, community_id: str, house_id: str, by: str, note: str | None, request_id: str) -> Alarm:
        """A resident's emergency button in the mini-program: a critical home alarm of the house."""
        now = self.now()
        key = DedupeKey(community_id, house_id, f"sos-{request_id}")
        seen = self.repo.seen(key)
        if seen:
            return self._get(community_id, seen)  # the same press delivered twice
        state = self.repo.device_state(community_id, house_id)
        existing_id = state.active.get(SOS_TYPE)
        if existing_id:
            existing = self._get(community_id, existing_id)
            refreshed = replace(existing, count=existing.count + 1, last_seen_at=now, version=existing.version + 1)
            refreshed = refreshed.noted(now, by, "sos_pressed_again", note=note)
            if self.repo.update(refreshed, existing.version, dedupe=key) == "conflict":
                raise Conflict("the alarm changed meanwhile; try again", code="ALARM_CHANGED")
            return refreshed
        alarm = Alarm(
            alarm_id=new_alarm_id(),
            community_id=community_id,
            alarm_type=SOS_TYPE,
            severity="critical",
            originator_kind=RESIDENT_SOS,
            originator_id=house_id,
            created_at=now,
            last_seen_at=now,
            house_id=house_id,
            building=self.places.place_of(community_id, house_id).building,
            title="emergency help requested",
            data={"note": note} if note else {},
            version=1,
        ).noted(now, by, "raised", severity="critical", note=note)
        alarm = self._with_arn(alarm)
        result = self.repo.create(alarm, key)
        if result != "ok":
            raise Conflict("an emergency request is being recorded; try again", code="ALARM_CHANGED")
        self._start(alarm)
        return self._get(community_id, alarm.alarm_id)

    def report(
        self,
        community_id: str,
        by: str,
        alarm_type: str,
        severity: str,
        building: str | None,
        note: str | None,
        request_id: str,
    ) -> Alarm:
        """A staff member reports what they see (fire lane blocked, fence damaged). The originator is the place
        (the building, or the community), so two guards reporting the same thing make one alarm with count 2."""
        if not ALARM_TYPE.fullmatch(alarm_type):
            raise InvalidInput(
                "type is 1-64 lower-case letters, digits or _",
                code="VALIDATION_FAILED",
                details=[{"field": "type", "code": "pattern", "message": ALARM_TYPE.pattern}],
            )
        now = self.now()
        originator = f"place-{building or 'community'}"
        key = DedupeKey(community_id, originator, f"report-{request_id}")
        seen = self.repo.seen(key)
        if seen:
            return self._get(community_id, seen)
        state = self.repo.device_state(community_id, originator)
        existing_id = state.active.get(alarm_type)
        if existing_id:
            candidate = Candidate(community_id, originator, "", alarm_type, key.msg_id, now, True, severity, (), {}, "")
            outcome = self._refresh(candidate, existing_id, severity, key, now)
            if outcome is not None:
                return self._get(community_id, existing_id)
        alarm = Alarm(
            alarm_id=new_alarm_id(),
            community_id=community_id,
            alarm_type=alarm_type,
            severity=severity,
            originator_kind=STAFF_REPORT,
            originator_id=originator,
            created_at=now,
            last_seen_at=now,
            building=building,
            title=f"{alarm_type} reported by staff",
            data={"note": note} if note else {},
            version=1,
        ).noted(now, by, "raised", severity=severity, note=note)
        alarm = self._with_arn(alarm)
        if self.repo.create(alarm, key) != "ok":
            raise Conflict("the same report is being recorded; try again", code="ALARM_CHANGED")
        self._start(alarm)
        return self._get(community_id, alarm.alarm_id)

    # -- staff actions --------------------------------------------------------------------------------
    def _staff_change(self, community_id: str, alarm_id: str, change: Callable[[Alarm], Alarm]) -> tuple[Alarm, Alarm]:
        """Apply a staff action on the latest version; a concurrent workflow note (notified, escalated) is not a
        conflict for the person, so the change is re-read and re-applied. `change` raises when its precondition
        no longer holds (then the loser of a real race gets that 409). Returns (before, after)."""
        for _ in range(5):
            alarm = self._get(community_id, alarm_id)
            changed = replace(change(alarm), version=alarm.version + 1)
            if self.repo.update(changed, alarm.version) == "ok":
                return alarm, changed
        raise Conflict("the alarm is changing too fast; reload and try again", code="ALARM_CHANGED")

    def acknowledge(self, community_id: str, alarm_id: str, by: str) -> Alarm:
        def change(alarm: Alarm) -> Alarm:
            if alarm.acknowledged:
                raise Conflict(f"alarm acknowledged by {alarm.ack_by}", code="ALARM_ALREADY_ACKNOWLEDGED")
            now = self.now()
            acked = replace(alarm, acknowledged=True, ack_at=now, ack_by=by)
            return acked.noted(now, by, "acknowledged", latched=alarm.latched or None)

        before, acked = self._staff_change(community_id, alarm_id, change)
        if before.ack_token:
            self.workflows.task_succeeded(before.ack_token, {"acknowledgedBy": by})
        return acked

    def assign(self, community_id: str, alarm_id: str, assignee: str | None, by: str) -> Alarm:
        def change(alarm: Alarm) -> Alarm:
            if alarm.closed_at is not None:
                raise Conflict("the alarm is closed", code="ALARM_CLOSED")
            now = self.now()
            changed = replace(alarm, assignee=assignee, assigned_at=now)
            return changed.noted(now, by, "assigned" if assignee else "unassigned", assignee=assignee)

        return self._staff_change(community_id, alarm_id, change)[1]

    def comment(self, community_id: str, alarm_id: str, text: str, by: str) -> Alarm:
        return self._staff_change(community_id, alarm_id, lambda a: a.noted(self.now(), by, "commented", text=text))[1]

    def clear(self, community_id: str, alarm_id: str, reason: str, by: str) -> Alarm:
        for _ in range(5):
            alarm = self._get(community_id, alarm_id)
            if alarm.status == CLEARED:
                raise Conflict(f"alarm already cleared by {alarm.cleared_by}", code="ALARM_ALREADY_CLEARED")
            try:
                return self._clear(alarm, by, reason)
            except AlarmStoreBusy:
                continue  # a workflow note or a repeat got in between: re-read and try again
        raise Conflict("the alarm is changing too fast; reload and try again", code="ALARM_CHANGED")

    def _get(self, community_id: str, alarm_id: str) -> Alarm:
        alarm = self.repo.get(community_id, alarm_id) if ALARM_ID.fullmatch(alarm_id) else None
        if alarm is None:
            raise NotFound(f"alarm {alarm_id} not found", code="ALARM_NOT_FOUND")
        return alarm

    def get(self, community_id: str, alarm_id: str) -> Alarm:
        return self._get(community_id, alarm_id)

    def find(self, community_id: str, query: AlarmQuery) -> tuple[list[Alarm], str | None]:
        if query.since and query.until and query.since > query.until:
            raise InvalidInput(
                "from is after to",
                code="VALIDATION_FAILED",
                details=[{"field": "query.from", "code": "range", "message": "from must not be after to"}],
            )
        return self.repo.find(community_id, query)

    # -- workflow tasks -------------------------------------------------------------------------------
    def _mutate(self, community_id: str, alarm_id: str, change: Callable[[Alarm], Alarm | None]) -> Alarm:
        for _ in range(5):
            alarm = self._get(community_id, alarm_id)
            changed = change(alarm)
            if changed is None:
                return alarm
            if self.repo.update(replace(changed, version=alarm.version + 1), alarm.version) == "ok":
                return changed
        raise AlarmStoreBusy(alarm_id)

    def link(self, community_id: str, alarm_id: str) -> list[dict[str, Any]]:
        """Workflow task: linked device commands, once per alarm (a retry finds them on the timeline)."""
        alarm = self._get(community_id, alarm_id)
        if any(e.action == "linked" for e in alarm.timeline) or (not alarm.building and not alarm.house_id):
            return [e.detail for e in alarm.timeline if e.action == "linked"]
        types = ("door_controller", "elevator") if alarm.alarm_type == "fire_alarm" else ("gas_meter",)
        devices = self.places.devices_for_linkage(community_id, alarm.building, types) if alarm.building else []
        done: list[dict[str, Any]] = []
        for target in linkage_plan(alarm, devices):
            command_id = linked_command_id(alarm_id, target.device_id, target.command)
            try:
                self.commands.send(community_id, target, command_id, f"alarm:{alarm_id}")
                done.append({"deviceId": target.device_id, "command": target.command, "commandId": command_id})
            except Exception as exc:  # one unreachable device must not stop the others; it is recorded
                done.append({"deviceId": target.device_id, "command": target.command, "error": str(exc)[:200]})
        if done:
            now = self.now()

            def note(a: Alarm) -> Alarm:
                for d in done:
                    a = a.noted(now, SYSTEM, "linked", **d)
                return a

            self._mutate(community_id, alarm_id, note)
        return done

    def recipients(self, alarm: Alarm, level: int) -> list[Recipient]:
        if level == LEVEL_ON_DUTY:
            found = self.people.on_duty(alarm.community_id, alarm.building, self.now())
            if alarm.house_id:
                found += self.people.household(alarm.community_id, alarm.house_id)
            return found
        if level == LEVEL_MANAGER:
            return self.people.staff_with_role(alarm.community_id, "staff.manager")
        if level == LEVEL_ADMIN:
            return self.people.staff_with_role(alarm.community_id, "community.admin")
        if level == LEVEL_CONTACTS and alarm.house_id:
            return self.people.emergency_contacts(alarm.community_id, alarm.house_id)
        return []

    def notify_level(self, community_id: str, alarm_id: str, level: int) -> dict[str, Any]:
        """Workflow task: tell this level's people. Failed deliveries are recorded, never raised."""
        alarm = self._get(community_id, alarm_id)
        if alarm.acknowledged and level > 0:
            return {"level": level, "sent": 0, "failed": 0, "skipped": "acknowledged"}
        recipients = self.recipients(alarm, level)
        message = Message(
            community_id=community_id,
            subject=f"alarm:{alarm_id}",
            key=f"level-{level}",
            title=f"[{alarm.severity}] {alarm.alarm_type}",
            body=f"{alarm.title} ({alarm.building or alarm.area or ''}) at {iso(alarm.created_at)}",
            recipients=tuple(recipients),
            fields={
                "type": alarm.alarm_type,
                "severity": alarm.severity,
                "place": alarm.building or alarm.house_id or alarm.area or "",
                "time": iso(alarm.created_at),
                "alarmId": alarm_id,
            },
            link=f"pages/alarms/detail?id={alarm_id}",
        )
        deliveries = self.notifier.send(message) if recipients else []
        sent = sum(1 for d in deliveries if d.status == "sent")
        failed = [d for d in deliveries if d.status == "failed"]
        now = self.now()
        self._mutate(
            community_id,
            alarm_id,
            lambda a: a.noted(
                now,
                SYSTEM,
                "notified",
                level=level,
                levelName=LEVEL_NAMES.get(level),
                recipients=len(recipients),
                sent=sent,
                failed=len(failed),
                reasons=sorted({d.reason or "" for d in failed}) or None,
            ),
        )
        return {"level": level, "sent": sent, "failed": len(failed), "recipients": len(recipients)}

    def await_ack(self, community_id: str, alarm_id: str, token: str) -> dict[str, Any]:
        alarm = self._mutate(community_id, alarm_id, lambda a: None if a.acknowledged else replace(a, ack_token=token))
        if alarm.acknowledged:
            self.workflows.task_succeeded(token, {"acknowledgedBy": alarm.ack_by})
        return {"waiting": not alarm.acknowledged}

    def escalate(self, community_id: str, alarm_id: str, level: int) -> dict[str, Any]:
        alarm = self._get(community_id, alarm_id)
        nxt = level + 1
        exhausted = nxt > alarm.max_level()
        now = self.now()
        if not exhausted:
            self._mutate(
                community_id,
                alarm_id,
                lambda a: (
                    None
                    if a.escalation_level >= nxt
                    else replace(a, escalation_level=nxt).noted(
                        now, SYSTEM, "escalated", level=nxt, levelName=LEVEL_NAMES.get(nxt)
                    )
                ),
            )
        return {"level": nxt if not exhausted else level, "exhausted": exhausted}

    def dispatch(self, community_id: str, alarm_id: str) -> dict[str, Any]:
        alarm = self._get(community_id, alarm_id)
        if any(e.action == "dispatched" for e in alarm.timeline):
            return {"dispatched": True}
        order = self.work_orders.dispatch(alarm)
        if order:
            now = self.now()
            self._mutate(community_id, alarm_id, lambda a: a.noted(now, SYSTEM, "dispatched", workOrderId=order))
        return {"dispatched": bool(order), "workOrderId": order}

    def await_clear(self, community_id: str, alarm_id: str, token: str) -> dict[str, Any]:
        alarm = self._mutate(
            community_id, alarm_id, lambda a: None if a.status == CLEARED else replace(a, clear_token=token)
        )
        if alarm.status == CLEARED:
            self.workflows.task_succeeded(token, {"cleared": True})
        return {"waiting": alarm.status != CLEARED}

    def close(self, community_id: str, alarm_id: str, outcome: str) -> dict[str, Any]:
        now = self.now()
        alarm = self._mutate(
            community_id,
            alarm_id,
            lambda a: (
                None
                if a.closed_at
                else replace(a, closed_at=now, ack_token=None, clear_token=None).noted(
                    now, SYSTEM, "closed", outcome=outcome
                )
            ),
        )
        return {"closed": True, "status": alarm.combined_status}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def statistics(alarms: list[Alarm]) -> dict[str, Any]:
    """Counts per type, day (Asia/Shanghai day is a client concern: days here are UTC) and building, with mean
    time to acknowledge and to resolve (seconds)."""
    by_type: dict[str, int] = {}
    by_day: dict[str, int] = {}
    by_building: dict[str, int] = {}
    ack: list[float] = []
    resolve: list[float] = []
    for a in alarms:
        by_type[a.alarm_type] = by_type.get(a.alarm_type, 0) + 1
        day = iso(a.created_at)[:10]
        by_day[day] = by_day.get(day, 0) + 1
        building = a.building or "-"
        by_building[building] = by_building.get(building, 0) + 1
        if a.ack_at:
            ack.append((a.ack_at - a.created_at).total_seconds())
        if a.cleared_at:
            resolve.append((a.cleared_at - a.created_at).total_seconds())
    return {
        "total": len(alarms),
        "byType": by_type,
        "byDay": by_day,
        "byBuilding": by_building,
        "meanTimeToAcknowledgeSeconds": round(sum(ack) / len(ack), 1) if ack else None,
        "meanTimeToResolveSeconds": round(sum(resolve) / len(resolve), 1) if resolve else None,
        "acknowledged": len(ack),
        "resolved": len(resolve),
    }
