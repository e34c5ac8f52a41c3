"""Alarms: the ThingsBoard-like model (entities, value objects, errors, constants), the ports the service uses, the
queue message the consumer evaluates and the pure helpers (linkage plan, statistics).

- Status is ACTIVE or CLEARED, crossed with acknowledged or not. CLEARED and unacknowledged is *latched*: back to
  normal, but nobody has looked yet (IoT Events' LATCHED).
- One active alarm per originator (a device, a house for SOS) and type: a repeat raises `count` and `last_seen_at`
  (no new alarm). Clearing frees the slot.
- Escalation rounds: nobody acknowledging at any level ends a round (`exhausted_round`), which flags the alarm
  `unanswered` on the staff board until somebody acknowledges. An unacknowledged alarm that fires again after its
  round ran out (or during the round's last wait) is escalated again from the top, as a new round: the people are
  told again (each round's notifications are deliveries of their own).
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
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.alarms.naming import Caller, PlaceNames
from chalicelib.alarms.rules import SEVERITIES, AlarmRule
from chalicelib.kernel.clock import iso, parse_iso
from chalicelib.notifications import Delivery, Message, Recipient

ACTIVE, CLEARED = "active", "cleared"
DEVICE, RESIDENT_SOS, STAFF_REPORT, PRESENCE = "device", "resident_sos", "staff_report", "presence"
OBSERVED = "observed"  # another capability's observation (a patrol checkpoint missed)
ORIGINATOR_KINDS = (DEVICE, RESIDENT_SOS, STAFF_REPORT, PRESENCE, OBSERVED)
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
GUARDIANS_FIRST = "guardians_first"  # a cared-for home's ladder (workflow_steps.py: GUARDIAN_LEVEL_NAMES)


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
    # raised, acknowledged, assigned, commented, cleared, escalated, notified, linked, dispatched, closed,
    # escalation_exhausted, escalation_restarted, sos_pressed_again, severity_changed
    action: str
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
    escalation_round: int = 0  # 0 = the first escalation; one more each time it starts again from the top
    exhausted_round: int | None = None  # the last round that ran out with nobody acknowledging

    @property
    def latched(self) -> bool:
        return self.status == CLEARED and not self.acknowledged

    @property
    def unanswered(self) -> bool:
        """An escalation ran out and nobody has acknowledged since: flagged on the staff board."""
        return self.exhausted_round is not None and not self.acknowledged

    @property
    def escalation_over(self) -> bool:
        """The current round ran out: no workflow is telling anybody about this alarm any more."""
        return self.exhausted_round == self.escalation_round

    @property
    def fires_again_to_nobody(self) -> bool:
        """A repeat now would reach nobody unless the escalation starts again."""
        return self.status == ACTIVE and not self.acknowledged and self.escalation_over

    @property
    def execution_name(self) -> str:
        """The workflow execution of the current round (named after the alarm, so a retried start runs one)."""
        return self.alarm_id if self.escalation_round == 0 else f"{self.alarm_id}-r{self.escalation_round}"

    def restarted(self, now: datetime, by: str, reason: str) -> Alarm:
        """The next round: escalation from the top (level 0) again."""
        nxt = self.escalation_round + 1
        return replace(self, escalation_round=nxt, escalation_level=0, ack_token=None).noted(
            now, by, "escalation_restarted", round=nxt, reason=reason
        )

    def notified_count(self) -> int:
        """`count` when people were last told (the last `notified` entry); a repeat since has not been told."""
        for entry in reversed(self.timeline):
            if entry.action == "notified":
                return int(entry.detail.get("count", self.count))
        return self.count

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

    def max_level(self) -> int:  # a guardians-first ladder has one more level (workflow_steps.GUARDIAN_LEVEL_NAMES)
        return (LEVEL_CONTACTS + (self.data.get("ladder") == GUARDIANS_FIRST)) if self.home else LEVEL_ADMIN

    def workflow_input(self, ack_timeout: int, clear_timeout: int) -> dict[str, Any]:
        return {
            "alarmId": self.alarm_id,
            "communityId": self.community_id,
            "severity": self.severity,
            "level": 0,
            "round": self.escalation_round,
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
    status: str | None = None  # active | cleared | latched | unacknowledged | unanswered
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

    def seen(self, key: DedupeKey) -> str | None:
        """The alarm id a message already produced ("" when it produced none), or None if never seen."""

    def create(self, alarm: Alarm, dedupe: DedupeKey | None, announce: bool = True) -> str:
        """Put the alarm, claim its (originator, type) slot: `ok`, `duplicate` (message seen) or `taken`."""

    def announce(self, alarm: Alarm) -> None: ...  # tell the board now (create(announce=False) did not)

    def update(
        self,
        alarm: Alarm,
        expected_version: int,
        dedupe: DedupeKey | None = None,
        release: bool = False,
        announce: bool = True,
    ) -> str:
        """Replace if the version matches: `ok`, `duplicate` or `conflict` (release frees the slot; announce=False)."""

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


class AlarmWorkflows(Protocol):
    def execution_arn(self, name: str) -> str:
        """The ARN the execution `name` has (or will have): named after alarm and round (`Alarm.execution_name`)."""
        ...

    def exists(self, execution_arn: str) -> bool: ...

    def start_alarm(self, alarm: Alarm, workflow_input: dict[str, Any]) -> str: ...

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None: ...


class Buildings(Protocol):
    def building_exists(self, community_id: str, building_id: str) -> bool:
        """Is this one of the community's registry buildings (another community's is not)?"""
        ...


class DevicePlaces(Buildings, Protocol):
    def place_of(self, community_id: str, device_id: str) -> Place: ...

    def devices_for_linkage(self, community_id: str, building: str, device_types: tuple[str, ...]) -> list[Any]:
        """Devices (with .device_id, .device_type, .status, .location) of those types in a building."""
        ...

    def names(self, alarm: Alarm) -> PlaceNames:
        """The alarm's house or building (and area) and device as people name them."""
        ...


class AlarmPeople(Protocol):
    """Who gets told, as recipients with their channel (adapters read the roster, identity and registry)."""

    def on_duty(self, community_id: str, building: str | None, at: datetime) -> list[Recipient]: ...

    def staff_with_role(self, community_id: str, role: str) -> list[Recipient]: ...

    def household(self, community_id: str, house_id: str) -> list[Recipient]: ...

    def emergency_contacts(self, community_id: str, house_id: str) -> list[Recipient]: ...

    def guardians(self, community_id: str, house_id: str) -> list[Recipient]: ...  # `alarms.use_guardians`

    def caller(self, community_id: str, house_id: str, account_id: str) -> Caller:
        """The resident of the house signed in as `account_id` (an SOS's presser)."""
        ...


class AlarmNotifier(Protocol):
    def send(self, message: Message) -> list[Delivery]: ...


class LinkedCommands(Protocol):
    def send(self, community_id: str, target: LinkTarget, command_id: str, requested_by: str) -> str:
        """Request a device command through the command service; returns its id (an existing id is fine)."""
        ...


class WorkOrderDispatch(Protocol):
    """The seam the work-orders capability fills: open a work order for an acknowledged alarm, or decline."""

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


def parse_timestamp(value: Any, field_name: str) -> datetime:
    if not isinstance(value, str):
        raise PoisonMessage("invalid_message", f"{field_name} is not a timestamp")
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise PoisonMessage("invalid_message", f"{field_name}: {exc}") from exc


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


# --------------------------------------------------------------------------- the consumer's message


@dataclass(frozen=True)
class Candidate:
    """A validated AlarmEventsQueue message (the devices capability's `AlarmCandidate`)."""

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
            occurred_at=parse_timestamp(doc.get("occurred_at"), "occurred_at"),
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
