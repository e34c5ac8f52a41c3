"""Composition of the alarm slice (issue 10): the alarm service's adapters to the ledger, registry, identity, roster,
command service and notifier. `wiring.py` exposes the built services; this module keeps those adapters together.

The registry and identity are read through small adapters here (the alarm domain has its own ports), so the
registry's own refactoring only has to keep these few reads working.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from typing import Any

from chalicelib.domain.alarm_rules import AlarmRule, apply_overrides, default_rules
from chalicelib.domain.alarms import LinkTarget, Place
from chalicelib.domain.notifications import PUSH, SMS, WECHAT, Channel, Notifier, Recipient


class CatalogueRuleBook:
    """Rules of a device type: the catalogue's defaults changed by the community's overrides (cached briefly)."""

    def __init__(self, overrides: Any, ttl_seconds: float = 30.0):
        self.overrides = overrides
        self.ttl = ttl_seconds
        self._cache: dict[tuple[str, str], tuple[float, list[AlarmRule]]] = {}

    def defaults(self, device_type: str) -> list[AlarmRule]:
        from iot import catalogue

        events: dict[str, tuple[bool, str | None]] = {}
        for name in catalogue.get_type(device_type).event_names:
            hint = catalogue.alarm_hint(device_type, name)
            if hint is not None:
                events[name] = (hint.raises, hint.severity)
        return default_rules(device_type, events)

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


class LedgerPlaces:
    """Where a device (or a house, for SOS) is: the ledger's building, and the house named by its usage right."""

    def place_of(self, community_id: str, originator_id: str) -> Place:
        from chalicelib import wiring
        from chalicelib.store.devices import DeviceRecord, device_pk

        registry = wiring.registry_service().repo
        try:
            record = DeviceRecord.get(device_pk(community_id, originator_id), "DEVICE")
        except DeviceRecord.DoesNotExist:
            house = registry.get(community_id, "house", originator_id)
            if house is None:
                return Place()
            attrs = house.attrs or {}
            return Place(building=attrs.get("buildingId") or attrs.get("building"), house_id=originator_id)
        house_id = None
        if record.user and registry.get(community_id, "house", record.user) is not None:
            house_id = record.user
        location = record.location or {}
        return Place(
            building=record.building,
            house_id=house_id,
            area=location.get("area"),
            name=record.name,
            device_type=record.device_type,
        )

    def devices_for_linkage(self, community_id: str, building: str, device_types: tuple[str, ...]) -> list[Any]:
        from chalicelib.domain.devices import DeviceFilter
        from chalicelib.store.devices import DynamoDeviceLedger

        ledger = DynamoDeviceLedger()
        found: list[Any] = []
        for device_type in device_types:
            found += ledger.all_matching(community_id, DeviceFilter(device_type=device_type, building=building), 200)
        return found


class RosterStaff:
    """The roster's staff look-up: a staff account that works in the community."""

    def staff_name(self, community_id: str, staff_id: str) -> str | None:
        from chalicelib.store.identity import DynamoStaffAccounts

        account = DynamoStaffAccounts().get(staff_id)
        if account is None or account.disabled:
            return None
        if community_id not in account.communities and "*" not in account.communities:
            return None
        return account.name or account.username


class AlarmPeopleDirectory:
    """Recipients: staff by push (their app account), residents by WeChat (openid), emergency contacts by SMS."""

    def __init__(self, roster: Any):
        self.roster = roster

    def on_duty(self, community_id: str, building: str | None, at: datetime) -> list[Recipient]:
        return [
            Recipient(PUSH, s.staff_id, s.staff_name, "on_duty")
            for s in self.roster.on_duty(community_id, building, at)
        ]

    def staff_with_role(self, community_id: str, role: str) -> list[Recipient]:
        from chalicelib.store.identity import DynamoStaffAccounts

        return [
            Recipient(PUSH, a.account_id, a.name or a.username, role.split(".")[-1])
            for a in DynamoStaffAccounts().in_community(community_id)
            if role in a.roles and not a.disabled
        ]

    def household(self, community_id: str, house_id: str) -> list[Recipient]:
        return household_recipients(community_id, house_id)

    def emergency_contacts(self, community_id: str, house_id: str) -> list[Recipient]:
        from chalicelib import wiring
        from chalicelib.security import pii

        registry = wiring.registry_service().repo
        found: list[Recipient] = []
        for member in registry.residents(community_id, house_id):
            person = registry.get(community_id, "person", member.person_id)
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
        from chalicelib import wiring
        from chalicelib.domain.errors import Conflict

        try:
            return (
                wiring.command_service()
                .request(
                    community_id, target.device_id, target.command, target.params, requested_by, command_id=command_id
                )
                .command_id
            )
        except Conflict as exc:
            if exc.code == "COMMAND_EXISTS":
                return command_id  # a retried linkage task
            raise


def _provider_secret() -> dict[str, str]:
    arn = os.environ.get("NOTIFY_SECRET_ARN", "")
    if os.environ.get("ALIYUN_ACCESS_KEY_SECRET") or not arn:
        return {
            "aliyunAccessKeyId": os.environ.get("ALIYUN_ACCESS_KEY_ID", ""),
            "aliyunAccessKeySecret": os.environ.get("ALIYUN_ACCESS_KEY_SECRET", ""),
        }
    from chalicelib.gateways.aws import client

    try:
        doc = json.loads(client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])
    except ValueError:
        return {}  # not filled in yet: the SMS and push channels stay unconfigured (deliveries fail with a reason)
    return {k: str(v) for k, v in doc.items()} if isinstance(doc, dict) else {}


def channels() -> dict[str, Channel]:
    """The configured channels. Providers' endpoints default to the real ones; the local cloud points them at its
    local provider servers (infra/localcloud/notify_providers.py)."""
    from chalicelib.gateways.notify_aliyun import (
        PUSH_ENDPOINT,
        SMS_ENDPOINT,
        AliyunPushChannel,
        AliyunRpcClient,
        AliyunSmsChannel,
    )
    from chalicelib.gateways.notify_wechat import WechatSubscribeChannel

    found: dict[str, Channel] = {}
    secret = _provider_secret()
    key_id, key_secret = secret.get("aliyunAccessKeyId", ""), secret.get("aliyunAccessKeySecret", "")
    if key_id and key_secret:
        sms = AliyunRpcClient(os.environ.get("NOTIFY_SMS_ENDPOINT") or SMS_ENDPOINT, "2017-05-25", key_id, key_secret)
        found[SMS] = AliyunSmsChannel(
            sms,
            os.environ.get("NOTIFY_SMS_SIGN_NAME", ""),
            os.environ.get("NOTIFY_SMS_TEMPLATE", ""),
            {"type": "type", "place": "place", "time": "time"},
        )
        push = AliyunRpcClient(
            os.environ.get("NOTIFY_PUSH_ENDPOINT") or PUSH_ENDPOINT, "2016-08-01", key_id, key_secret
        )
        found[PUSH] = AliyunPushChannel(push, os.environ.get("NOTIFY_PUSH_APP_KEY", ""))
    template = os.environ.get("NOTIFY_WECHAT_TEMPLATE", "")
    if template:
        base = os.environ.get("NOTIFY_WECHAT_BASE") or "https://api.weixin.qq.com"
        if os.environ.get("NOTIFY_WECHAT_SECRET"):
            from chalicelib.gateways.wechat import HttpWechat

            wechat: Any = HttpWechat(
                os.environ.get("NOTIFY_WECHAT_APPID", ""), os.environ["NOTIFY_WECHAT_SECRET"], base
            )
        else:
            from chalicelib import wiring

            wechat = wiring.wechat()
        if hasattr(wechat, "access_token"):
            fields = dict(
                pair.split("=", 1)
                for pair in os.environ.get(
                    "WECHAT_ALARM_TEMPLATE_FIELDS", "thing1=type,phrase2=severity,thing3=place,time4=time"
                ).split(",")
            )
            found[WECHAT] = WechatSubscribeChannel(
                lambda force: str(wechat.access_token(force=force)),
                template,
                fields,
                base,
                os.environ.get("NOTIFY_WECHAT_STATE", "formal"),
            )
    return found


def household_recipients(community_id: str, house_id: str) -> list[Recipient]:
    """A house's current residents (owner, family, tenant) bound to a resident account with a WeChat openid: who
    hears of the home's alarms and of its overdue bills."""
    from chalicelib import wiring
    from chalicelib.store.identity import DynamoResidentAccounts

    accounts = DynamoResidentAccounts()
    found: list[Recipient] = []
    for member in wiring.registry_service().repo.residents(community_id, house_id):
        if not member.account_id:
            continue
        account = accounts.get(member.account_id)
        if account is not None and account.openid:
            found.append(Recipient(WECHAT, account.openid, member.person_name, member.relation))
    return found


class LazyNotifier:
    """Builds the notifier (and reads the provider credentials) on the first message: the consumer and the API
    build the alarm service too, but only the workflow task sends notifications."""

    def __init__(self) -> None:
        self._built: Notifier | None = None

    def send(self, message: Any) -> Any:
        if self._built is None:
            self._built = notifier()
        return self._built.send(message)


def notifier() -> Notifier:
    from chalicelib.domain.clock import utcnow
    from chalicelib.store.notifications import DynamoDeliveries

    return Notifier(
        channels=channels(),
        store=DynamoDeliveries(),
        now=utcnow,
        sleep=time.sleep,
        attempts=int(os.environ.get("NOTIFY_ATTEMPTS", "3")),
        backoff_seconds=float(os.environ.get("NOTIFY_BACKOFF_SECONDS", "0.2")),
    )


def build_alarm_service() -> Any:
    from chalicelib import wiring
    from chalicelib.domain.alarms import ACK_TIMEOUTS, CLEAR_TIMEOUT_SECONDS, AlarmService
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.duty import DutyRoster
    from chalicelib.gateways.alarm_workflows import StepFunctionsAlarmWorkflows
    from chalicelib.store.alarms import DynamoAlarmRepository, DynamoRoster, DynamoRuleOverrides

    override = os.environ.get("ALARM_ACK_TIMEOUT_SECONDS")  # tests and demos: one short timeout for every severity
    timeouts = {k: int(override) for k in ACK_TIMEOUTS} if override else dict(ACK_TIMEOUTS)
    return AlarmService(
        repo=DynamoAlarmRepository(),
        rules=CatalogueRuleBook(DynamoRuleOverrides()),
        workflows=StepFunctionsAlarmWorkflows(),
        places=LedgerPlaces(),
        people=AlarmPeopleDirectory(DutyRoster(DynamoRoster(), RosterStaff())),
        notifier=LazyNotifier(),
        commands=CommandServiceLinks(),
        work_orders=wiring.AlarmWorkOrders(),  # issue 12: equipment alarms open a repair work order
        now=utcnow,
        ack_timeouts=timeouts,
        clear_timeout_seconds=int(os.environ.get("ALARM_CLEAR_TIMEOUT_SECONDS", str(CLEAR_TIMEOUT_SECONDS))),
    )


def build_roster() -> Any:
    from chalicelib.domain.duty import DutyRoster
    from chalicelib.store.alarms import DynamoRoster

    return DutyRoster(DynamoRoster(), RosterStaff())
