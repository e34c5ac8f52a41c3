"""The alarm capability's outbound adapters: the rule book (catalogue defaults with the community's overrides),
where an alarm is (device ledger, registry), who hears of it (roster, staff, household, emergency contacts),
linked commands (the device command service), the repair work order an equipment alarm opens, the alarm
workflow (Step Functions) and the alarm dead-letter queue. Other capabilities are read through what their packages
export; the alarm rules have their own ports.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.alarms.batch_memo import seed_batch, within_batch
from chalicelib.alarms.model import Alarm, Caller, LinkTarget, Place, PlaceNames
from chalicelib.alarms.rules import AlarmRule, apply_overrides, catalogue_defaults
from chalicelib.kernel.aws import client
from chalicelib.kernel.workflows import StateMachine, task_succeeded

if TYPE_CHECKING:
    from chalicelib.alarms.duty import DutyRoster
    from chalicelib.devices import Device
from chalicelib.notifications import PUSH, SMS, Recipient


class CatalogueRuleBook:
    """Rules of a device type: the catalogue's defaults changed by the community's overrides (cached briefly)."""

    def __init__(self, overrides: Any, ttl_seconds: float = 30.0):
        self.overrides = overrides
        self.ttl = ttl_seconds
        self._cache: dict[tuple[str, str], tuple[float, list[AlarmRule]]] = {}

    def defaults(self, device_type: str) -> list[AlarmRule]:
        return catalogue_defaults(device_type)

    def numeric_metrics(self, device_type: str) -> set[str]:
        from iot import catalogue

        schema = catalogue.message_schema(device_type, "telemetry")
        props = schema.get("properties", {}).get("metrics", {}).get("properties", {})
        return {k for k, v in props.items() if v.get("type") in ("number", "integer")}

    def rules_for(self, community_id: str, device_type: str) -> list[AlarmRule]:
        from iot import catalogue

        if device_type not in catalogue.device_types():
            return []
        key = (community_id, device_type)
        cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        rules = apply_overrides(
            self.defaults(device_type),
            self.overrides.get(community_id, device_type),
            self.numeric_metrics(device_type),
            device_type,
        )
        self._cache[key] = (time.monotonic(), rules)
        return rules

    def forget(self, community_id: str, device_type: str) -> None:
        self._cache.pop((community_id, device_type), None)


class RegistryBuildings:
    """A building named in a report or a shift is one of the community's registry buildings."""

    def building_exists(self, community_id: str, building_id: str) -> bool:
        from chalicelib.registry import building_exists

        return building_exists(community_id, building_id)


def _device(community_id: str, device_id: str) -> Device | None:
    """The ledger's device, read once per consumer batch (batch_memo.py): its place and then its name."""
    from chalicelib.devices import find_device

    return within_batch(("device", community_id, device_id), lambda: find_device(community_id, device_id))


def read_ahead_devices(community_id: str, device_ids: list[str]) -> None:
    """The devices a batch's records will place, read in one BatchGetItem for them to find (`_device`)."""
    from chalicelib.devices import find_devices

    found = find_devices(community_id, device_ids)
    seed_batch({("device", community_id, d): found.get(d) for d in device_ids})


def _house(community_id: str, house_id: str) -> Any:
    from chalicelib.registry import find_record

    return within_batch(("house", community_id, house_id), lambda: find_record(community_id, "house", house_id))


class LedgerPlaces(RegistryBuildings):
    """Where a device (or a house, for SOS) is: the ledger's building, and the house named by its usage right.
    Inside a consumer batch, each device, house and label is read once (batch_memo.py)."""

    def place_of(self, community_id: str, originator_id: str) -> Place:
        device = _device(community_id, originator_id)
        if device is None:
            house = _house(community_id, originator_id)
            if house is None:
                return Place()
            attrs = house.attrs or {}
            return Place(building=attrs.get("buildingId") or attrs.get("building"), house_id=originator_id)
        house_id = None
        if device.user and _house(community_id, device.user) is not None:
            house_id = device.user
        return Place(
            building=device.building,
            house_id=house_id,
            area=device.location.area,
            name=device.name,
            device_type=device.device_type,
        )

    def names(self, alarm: Alarm) -> PlaceNames:
        """`3栋2单元1201` for a house, `3栋 大堂` for a building and area (registry labels), and the device's name."""
        from chalicelib.registry import building_label, house_label

        c, house_id, building_id = alarm.community_id, alarm.house_id, alarm.building
        place = within_batch(("house_label", c, house_id), lambda: house_label(c, house_id)) if house_id else None
        if not place:
            building = (
                within_batch(("building_label", c, building_id), lambda: building_label(c, building_id))
                if building_id
                else None
            )
            place = " ".join(p for p in (building, alarm.area) if p)
        device = ""
        if alarm.originator_kind in ("device", "presence"):
            found = _device(alarm.community_id, alarm.originator_id)
            device = found.name if found is not None else ""
        return PlaceNames(place or "", device)

    def devices_for_linkage(self, community_id: str, building: str, device_types: tuple[str, ...]) -> list[Device]:
        from chalicelib.devices import devices_matching

        found: list[Device] = []
        for device_type in device_types:
            found += devices_matching(community_id, device_type=device_type, building=building)
        return found


class RosterStaff:
    """The roster's staff look-up: a staff account that works in the community."""

    def staff_name(self, community_id: str, staff_id: str) -> str | None:
        from chalicelib.identity import staff_account

        account = staff_account(staff_id)
        if account is None or account.disabled:
            return None
        if community_id not in account.communities and "*" not in account.communities:
            return None
        return account.name or account.username


class AlarmPeopleDirectory:
    """Recipients: staff by push (their app account), residents by WeChat (openid), emergency contacts by SMS,
    guardians as the care register names them (WeChat for resident accounts, push for staff). Inside a consumer
    batch the roster, guardians and household of a community or house are read once (batch_memo.py)."""

    def guardians(self, community_id: str, house_id: str) -> list[Recipient]:
        from chalicelib.alarms.guardians import sources

        def read() -> list[Recipient]:
            found: list[Recipient] = []
            for source in sources:
                found += source(community_id, house_id)
            return found

        return within_batch(("guardians", community_id, house_id), read)

    def __init__(self, roster: DutyRoster):
        self.roster = roster

    def on_duty(self, community_id: str, building: str | None, at: datetime) -> list[Recipient]:
        shifts = within_batch(("roster", community_id), lambda: self.roster.shifts(community_id))
        return [
            Recipient(PUSH, s.staff_id, s.staff_name, "on_duty")
            for s in self.roster.on_duty(community_id, building, at, shifts)
        ]

    def staff_with_role(self, community_id: str, role: str) -> list[Recipient]:
        from chalicelib.identity import staff_in_community

        return [
            Recipient(PUSH, a.account_id, a.name or a.username, role.split(".")[-1])
            for a in staff_in_community(community_id)
            if role in a.roles and not a.disabled
        ]

    def household(self, community_id: str, house_id: str) -> list[Recipient]:
        from chalicelib.notifications import household_recipients

        return within_batch(("household", community_id, house_id), lambda: household_recipients(community_id, house_id))

    def caller(self, community_id: str, house_id: str, account_id: str) -> Caller:
        """The house's current resident bound to this account: name and phone (from the registry's sealed record)."""
        from chalicelib.kernel.security import pii
        from chalicelib.registry import find_record, residents_of

        for member in residents_of(community_id, house_id):
            if member.account_id != account_id:
                continue
            person = find_record(community_id, "person", member.person_id)
            sealed = (person.sealed or {}) if person is not None else {}
            try:
                phone = pii.decrypt(sealed["phone"], purpose="person.phone") if sealed.get("phone") else ""
            except Exception:  # an unreadable phone: the name still goes out
                phone = ""
            return Caller(member.person_name, phone, str(sealed.get("phoneMasked") or ""))
        return Caller()

    def emergency_contacts(self, community_id: str, house_id: str) -> list[Recipient]:
        from chalicelib.kernel.security import pii
        from chalicelib.registry import find_record, residents_of

        found: list[Recipient] = []
        for member in residents_of(community_id, house_id):
            person = find_record(community_id, "person", member.person_id)
            for contact in (person.sealed or {}).get("contacts", []) if person is not None else []:
                try:
                    phone = pii.decrypt(contact["phone"], purpose="person.emergency_phone")
                except Exception:  # an unreadable contact is skipped, the others still get the SMS
                    continue
                found.append(
                    Recipient(SMS, phone, contact.get("name", ""), "emergency_contact", contact.get("phoneMasked", ""))
                )
        return found


class CommandServiceLinks:
    """Linked actions go through the existing command service (and its workflow, ack or timeout)."""

    def send(self, community_id: str, target: LinkTarget, command_id: str, requested_by: str) -> str:
        from chalicelib.devices import command_service
        from chalicelib.kernel.errors import Conflict

        try:
            return (
                command_service()
                .request(
                    community_id, target.device_id, target.command, target.params, requested_by, command_id=command_id
                )
                .command_id
            )
        except Conflict as exc:
            if exc.code == "COMMAND_EXISTS":
                return command_id  # a retried linkage task
            raise


class StepFunctionsAlarmWorkflows:
    """The alarm workflow (stepfunctions/alarm_handling.asl.json, env ALARM_STATE_MACHINE_ARN)."""

    machine = StateMachine("ALARM_STATE_MACHINE_ARN")

    def execution_arn(self, name: str) -> str:
        return self.machine.execution_arn(name)

    def exists(self, execution_arn: str) -> bool:
        return self.machine.exists(execution_arn)

    def start_alarm(self, alarm: Alarm, workflow_input: dict[str, Any]) -> str:
        # one execution per alarm and escalation round: a redelivered message cannot start two
        return self.machine.start(alarm.execution_name, workflow_input)

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        task_succeeded(token, output)


class SqsAlarmDeadLetters:
    """Poison messages of AlarmEventsQueue, with their reason (env ALARM_DLQ_URL)."""

    def __init__(self, queue_url: str | None = None):
        self.queue_url = queue_url or os.environ["ALARM_DLQ_URL"]

    def send(self, body: str, reason: str, detail: str, message_id: str) -> None:
        letter = {"reason": reason, "detail": detail, "messageId": message_id, "body": body[:200_000]}
        client("sqs").send_message(
            QueueUrl=self.queue_url,
            MessageBody=json.dumps(letter, ensure_ascii=False),
            MessageAttributes={"reason": {"DataType": "String", "StringValue": reason}},
        )


class AlarmWorkOrders:
    """The alarm workflow's `WorkOrderDispatch` port: an equipment alarm opens a repair work order (once)."""

    def dispatch(self, alarm: Alarm) -> str | None:
        from chalicelib.alarms.dispatch import dispatch_for
        from chalicelib.kernel.errors import Conflict
        from chalicelib.work_orders import Actor, work_order_service

        plan = dispatch_for(alarm)
        if plan is None:
            return None
        try:
            ticket = work_order_service().report(
                alarm.community_id,
                Actor(subject=f"alarm:{alarm.alarm_id}", kind="system"),
                kind="repair",
                category_id=plan.category_id,
                description=plan.description,
                location=plan.location,
                contact="none",
                source="alarm",
                alarm_id=alarm.alarm_id,
                ticket_id=plan.ticket_id,
            )
        except Conflict as exc:
            if exc.code == "WORK_ORDER_EXISTS":  # a retried dispatch: the alarm's ticket is already open
                return plan.ticket_id
            raise
        return ticket.ticket_id


class AlarmDirectory:
    """Names for alarm views, through the registry's, identity's and devices' package faces."""

    def place_labels(self, community_id: str, house_ids: set[str], building_ids: set[str]) -> dict[str, str]:
        from chalicelib.registry import place_labels

        return place_labels(community_id, house_ids, building_ids)

    def staff_names(self, community_id: str) -> dict[str, str]:
        from chalicelib.identity import staff_in_community

        return {a.account_id: a.name for a in staff_in_community(community_id) if a.name}

    def device_names(self, community_id: str, device_ids: set[str]) -> dict[str, str]:
        from chalicelib.devices import find_device

        names: dict[str, str] = {}
        for device_id in sorted(device_ids):
            found = find_device(community_id, device_id)
            if found is not None and found.name:
                names[device_id] = found.name
        return names
