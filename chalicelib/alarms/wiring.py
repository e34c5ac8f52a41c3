"""Builds the alarm service, the duty roster and the rule overrides from their repositories and adapters."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.alarms.adapters import AlarmDirectory, SqsAlarmDeadLetters
    from chalicelib.alarms.duty import DutyRoster
    from chalicelib.alarms.model import Alarm
    from chalicelib.alarms.repository import DynamoAlarmRepository, DynamoRuleOverrides
    from chalicelib.alarms.service import AlarmService


def console_line(line: str) -> None:
    """The operator's console (CloudWatch Logs; `make up`'s terminal): one line per new alarm, no personal data."""
    from chalicelib.kernel.observability import logger

    logger.info(line)


def announce_alarm(alarm: Alarm) -> None:
    """The live board's event: the alarm as the staff API renders it, to the connections of its community."""
    from chalicelib.alarms.contracts import alarm_view
    from chalicelib.kernel import live_feed

    if live_feed.enabled():
        view = alarm_view(alarm).model_dump(mode="json")
        live_feed.announce(alarm.community_id, "alarm.changed", {"alarmId": alarm.alarm_id, "alarm": view})


@built
def alarm_directory() -> AlarmDirectory:
    from chalicelib.alarms.adapters import AlarmDirectory

    return AlarmDirectory()


@built
def alarm_service() -> AlarmService:
    from chalicelib.alarms.adapters import (
        AlarmPeopleDirectory,
        AlarmWorkOrders,
        CatalogueRuleBook,
        CommandServiceLinks,
        LedgerPlaces,
        StepFunctionsAlarmWorkflows,
    )
    from chalicelib.alarms.model import ACK_TIMEOUTS, CLEAR_TIMEOUT_SECONDS
    from chalicelib.alarms.repository import AnnouncingAlarmRepository
    from chalicelib.alarms.service import AlarmService
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications import Outbox

    override = os.environ.get("ALARM_ACK_TIMEOUT_SECONDS")  # tests and demos: one short timeout for every severity
    timeouts = {k: int(override) for k in ACK_TIMEOUTS} if override else dict(ACK_TIMEOUTS)
    return AlarmService(
        repo=AnnouncingAlarmRepository(announce_alarm),
        rules=CatalogueRuleBook(alarm_rule_overrides()),
        workflows=StepFunctionsAlarmWorkflows(),
        places=LedgerPlaces(),
        people=AlarmPeopleDirectory(duty_roster()),
        notifier=Outbox(),
        commands=CommandServiceLinks(),
        work_orders=AlarmWorkOrders(),  # equipment alarms open a repair work order
        now=utcnow,
        ack_timeouts=timeouts,
        clear_timeout_seconds=int(os.environ.get("ALARM_CLEAR_TIMEOUT_SECONDS", str(CLEAR_TIMEOUT_SECONDS))),
        console=console_line,
    )


def read_ahead(docs: list[Any]) -> None:
    """Before a batch's records are evaluated (inside its batch scope): their messages' dedupe markers, and the
    devices of the alarms they may raise, read in one BatchGetItem each instead of a GetItem per record (a burst's
    batch of ten: two requests instead of twenty). Fewer than two keys are not read ahead (the same requests); a
    failure here costs nothing but the requests: each record then reads for itself."""
    from chalicelib.alarms.adapters import read_ahead_devices
    from chalicelib.alarms.model import Candidate, DedupeKey, PoisonMessage
    from chalicelib.alarms.repository import DynamoAlarmRepository
    from chalicelib.kernel.observability import logger

    keys: dict[DedupeKey, bool] = {}  # the message's key -> whether it may raise an alarm
    try:
        for doc in docs:
            try:
                c = Candidate.parse(doc)
            except PoisonMessage:  # refused when its record is evaluated
                continue
            if c.event != "telemetry":  # readings carry no marker (consumer.handle)
                key = DedupeKey(c.community_id, c.device_id, c.msg_id)
                keys[key] = keys.get(key, False) or c.raises
        seen = DynamoAlarmRepository.read_ahead_seen(list(keys)) if len(keys) >= 2 else set()
        raising: dict[str, set[str]] = {}
        for key, raises in keys.items():
            if raises and key not in seen:  # a message seen before is a duplicate: nothing is placed
                raising.setdefault(key.community_id, set()).add(key.device_id)
        for community_id, device_ids in raising.items():
            if len(device_ids) >= 2:
                read_ahead_devices(community_id, sorted(device_ids))
    except Exception:
        logger.warning("reading the batch ahead failed; each record reads for itself", exc_info=True)


@built
def alarm_dead_letters() -> SqsAlarmDeadLetters:
    from chalicelib.alarms.adapters import SqsAlarmDeadLetters

    return SqsAlarmDeadLetters()


@built
def duty_roster() -> DutyRoster:
    from chalicelib.alarms.adapters import RegistryBuildings, RosterStaff
    from chalicelib.alarms.duty import DutyRoster
    from chalicelib.alarms.repository import DynamoRoster

    return DutyRoster(DynamoRoster(), RosterStaff(), RegistryBuildings())


@built
def alarm_rule_overrides() -> DynamoRuleOverrides:
    from chalicelib.alarms.repository import DynamoRuleOverrides

    return DynamoRuleOverrides()


def alarm_store() -> DynamoAlarmRepository:
    """The alarm records, for statistics (the service's repository port only covers queries by page)."""
    from chalicelib.alarms.repository import DynamoAlarmRepository

    return DynamoAlarmRepository()
