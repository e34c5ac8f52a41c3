"""In-memory adapters of the alarm service's ports (unit tests), with the same conditional semantics as DynamoDB."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.alarms.model import (
    Alarm,
    AlarmQuery,
    Caller,
    DedupeKey,
    DeviceAlarmState,
    LinkTarget,
    Place,
    PlaceNames,
)
from chalicelib.alarms.rules import AlarmRule, catalogue_defaults
from chalicelib.alarms.service import AlarmService
from chalicelib.notifications.service import PUSH, SMS, WECHAT, Delivery, Message, Notifier, Recipient


class MemoryAlarms:
    def __init__(self) -> None:
        self.alarms: dict[tuple[str, str], Alarm] = {}
        self.slots: dict[tuple[str, str, str], str] = {}
        self.breaches: dict[tuple[str, str], dict[str, datetime]] = {}
        self.seen_keys: dict[DedupeKey, str] = {}
        self.breach_writes = 0
        self.announced: list[str] = []  # alarms announced by `announce` (the creating writes are not counted)
        self.lock = threading.Lock()

    def get(self, community_id: str, alarm_id: str) -> Alarm | None:
        return self.alarms.get((community_id, alarm_id))

    def device_state(self, community_id: str, originator_id: str) -> DeviceAlarmState:
        active = {t: a for (c, o, t), a in self.slots.items() if c == community_id and o == originator_id}
        return DeviceAlarmState(active, dict(self.breaches.get((community_id, originator_id), {})))

    def seen(self, key: DedupeKey) -> str | None:
        return self.seen_keys.get(key)

    def mark_seen(self, key: DedupeKey, alarm_id: str = "") -> bool:
        with self.lock:
            if key in self.seen_keys:
                return False
            self.seen_keys[key] = alarm_id
            return True

    def announce(self, alarm: Alarm) -> None:
        self.announced.append(alarm.alarm_id)

    def create(self, alarm: Alarm, dedupe: DedupeKey | None, announce: bool = True) -> str:
        with self.lock:
            slot = (alarm.community_id, alarm.originator_id, alarm.alarm_type)
            if slot in self.slots:
                return "taken"
            if dedupe is not None and dedupe in self.seen_keys:
                return "duplicate"
            self.slots[slot] = alarm.alarm_id
            self.alarms[(alarm.community_id, alarm.alarm_id)] = alarm
            if dedupe is not None:
                self.seen_keys[dedupe] = alarm.alarm_id
            return "ok"

    def update(
        self,
        alarm: Alarm,
        expected_version: int,
        dedupe: DedupeKey | None = None,
        release: bool = False,
        announce: bool = True,  # as the plain store: tells nobody (AnnouncesWrites before it in the bases does)
    ) -> str:
        with self.lock:
            current = self.alarms.get((alarm.community_id, alarm.alarm_id))
            if current is None or current.version != expected_version:
                return "conflict"
            if dedupe is not None and dedupe in self.seen_keys:
                return "duplicate"
            self.alarms[(alarm.community_id, alarm.alarm_id)] = alarm
            if release:
                self.slots.pop((alarm.community_id, alarm.originator_id, alarm.alarm_type), None)
            if dedupe is not None:
                self.seen_keys[dedupe] = alarm.alarm_id
            return "ok"

    def set_breaches(
        self, community_id: str, originator_id: str, started: dict[str, datetime], ended: set[str]
    ) -> None:
        self.breach_writes += 1
        held = self.breaches.setdefault((community_id, originator_id), {})
        held.update(started)
        for rule_id in ended:
            held.pop(rule_id, None)

    def find(self, community_id: str, query: AlarmQuery) -> tuple[list[Alarm], str | None]:
        found = [a for (c, _), a in self.alarms.items() if c == community_id]
        return sorted(found, key=lambda a: a.created_at, reverse=True)[: query.limit], None


class CatalogueRules:
    def __init__(self) -> None:
        from iot import catalogue

        self.catalogue = catalogue
        self.extra: dict[str, list[AlarmRule]] = {}

    def rules_for(self, community_id: str, device_type: str) -> list[AlarmRule]:
        return catalogue_defaults(device_type) + self.extra.get(device_type, [])


@dataclass
class RecordingWorkflows:
    started: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    succeeded: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail: bool = False

    def execution_arn(self, name: str) -> str:
        return f"arn:aws-cn:states:cn-north-1:123456789012:execution:alarm:{name}"

    def exists(self, execution_arn: str) -> bool:
        return any(execution_arn.endswith(":" + name) for name, _ in self.started)

    def start_alarm(self, alarm: Alarm, workflow_input: dict[str, Any]) -> str:
        if self.fail:
            raise RuntimeError("states unavailable")
        self.started.append((alarm.execution_name, workflow_input))
        return f"arn:aws-cn:states:cn-north-1:123456789012:execution:alarm:{alarm.execution_name}"

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        self.succeeded.append((token, output))


@dataclass
class FakeDevice:
    device_id: str
    device_type: str
    building: str | None
    status: str = "active"
    user: str | None = None


@dataclass
class StaticPlaces:
    devices: dict[str, FakeDevice] = field(default_factory=dict)
    houses: dict[str, str] = field(default_factory=dict)  # device id -> house id
    buildings: frozenset[str] = frozenset({"A", "B"})  # the registry buildings of every community here

    def building_exists(self, community_id: str, building_id: str) -> bool:
        return building_id in self.buildings

    def place_of(self, community_id: str, device_id: str) -> Place:
        d = self.devices.get(device_id)
        if d is None:
            return Place()
        return Place(
            building=d.building, house_id=self.houses.get(device_id), name=device_id, device_type=d.device_type
        )

    def devices_for_linkage(self, community_id: str, building: str, device_types: tuple[str, ...]) -> list[Any]:
        return [d for d in self.devices.values() if d.building == building and d.device_type in device_types]

    def names(self, alarm: Alarm) -> PlaceNames:
        place = f"{alarm.building or 1}栋1单元101" if alarm.house_id else f"{alarm.building or ''}栋 {alarm.area or ''}"
        device = alarm.originator_id if alarm.originator_id in self.devices else ""
        return PlaceNames(place.strip(), device)


class StaticPeople:
    def on_duty(self, community_id: str, building: str | None, at: datetime) -> list[Recipient]:
        return [Recipient(PUSH, "staff-guard", "Guard", "on_duty")]

    def staff_with_role(self, community_id: str, role: str) -> list[Recipient]:
        return [Recipient(PUSH, f"staff-{role}", role, role)]

    def household(self, community_id: str, house_id: str) -> list[Recipient]:
        return [Recipient(WECHAT, "openid-owner", "Owner", "owner")]

    def emergency_contacts(self, community_id: str, house_id: str) -> list[Recipient]:
        return [Recipient(SMS, "13800000000", "Contact", "emergency_contact", "138****0000")]

    def caller(self, community_id: str, house_id: str, account_id: str) -> Caller:
        return Caller("王小明", "13800000001", "138****0001") if account_id else Caller()


class MemoryDeliveries:
    def __init__(self) -> None:
        self.items: dict[str, Delivery] = {}

    def get(self, delivery_id: str) -> Delivery | None:
        return self.items.get(delivery_id)

    def put(self, delivery: Delivery) -> None:
        self.items[delivery.delivery_id] = delivery

    def create(self, delivery: Delivery) -> Delivery | None:
        existing = self.items.get(delivery.delivery_id)
        if existing is None:
            self.items[delivery.delivery_id] = delivery
        return existing


class RecordingChannel:
    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.sent: list[tuple[Recipient, Message]] = []
        self.failures = list(failures or [])

    def send(self, recipient: Recipient, message: Message) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((recipient, message))
        return f"msg-{len(self.sent)}"


@dataclass
class RecordingCommands:
    sent: list[tuple[str, LinkTarget, str]] = field(default_factory=list)

    def send(self, community_id: str, target: LinkTarget, command_id: str, requested_by: str) -> str:
        self.sent.append((community_id, target, command_id))
        return command_id


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now = self.now + timedelta(seconds=seconds)


def build_service(**changes: Any) -> tuple[AlarmService, dict[str, Any]]:
    clock = Clock()
    channels = {PUSH: RecordingChannel(), WECHAT: RecordingChannel(), SMS: RecordingChannel()}
    deliveries = MemoryDeliveries()
    parts: dict[str, Any] = {
        "repo": MemoryAlarms(),
        "rules": CatalogueRules(),
        "workflows": RecordingWorkflows(),
        "places": StaticPlaces(),
        "people": StaticPeople(),
        "notifier": Notifier(dict(channels), deliveries, clock, lambda s: None),  # type: ignore[arg-type]
        "commands": RecordingCommands(),
        "now": clock,
    }
    parts.update(changes)
    service = AlarmService(**parts)
    return service, {**parts, "clock": clock, "channels": channels, "deliveries": deliveries}


def event(device_id: str, device_type: str, name: str, msg_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "community_id": "c-1",
        "device_id": device_id,
        "device_type": device_type,
        "event": name,
        "msg_id": msg_id,
        "occurred_at": "2026-06-01T02:00:00.000Z",
        "received_at": "2026-06-01T02:00:00.100Z",
        "raises": True,
        "severity": None,
        "clears": [],
        "data": {},
        "source": "device",
        **extra,
    }


def readings(device_id: str, device_type: str, msg_id: str, *points: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return event(
        device_id,
        device_type,
        "telemetry",
        msg_id,
        raises=False,
        data={"readings": [{"ts": ts, "metrics": m} for ts, m in points]},
    )


def copy_alarm(alarm: Alarm, **changes: Any) -> Alarm:
    return replace(alarm, **changes)
