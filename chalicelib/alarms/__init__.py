"""Alarms (001 8.2.1.2, 8.2.2.6; 003 6.4; 004 5.3): the ThingsBoard-like alarm (severity, active/cleared x
acknowledged, one active alarm per originator and type, assignee, comments), evaluation of device events and
telemetry against rules (catalogue defaults, community overrides), linkage (a fire unlocks its building's doors, gas
closes the valve), the duty roster, notifications, escalation, and the repair work order of an equipment alarm.

- rules and use cases: `model.py` (the alarm, its timeline, errors, ports, the consumer's message, linkage plan,
  statistics), `messages.py` (a queue message read, or refused as poison), `service.py` (`AlarmService`, one
  object made of: `lifecycle.py` its ports and shared lifecycle steps, `consumer.py` the consumer's evaluation,
  `actions.py` residents' and staff's actions, `workflow_steps.py` the workflow's steps), `rules.py` (event,
  threshold, offline rules), `duty.py` (the roster), `dispatch.py` (which alarms become work orders)
- storage: `repository.py` (alarms, threshold state, rule overrides, roster); table: `alarms`
  (`kernel/tables.py: AlarmTable`)
- workflow: stepfunctions/alarm_handling.asl.json (notify, wait for the ack with a timeout, escalate, dispatch,
  resolve); Lambda tasks in `tasks.py`
- queues: AlarmEventsQueue (candidates from device ingestion, consumed by `tasks.alarm_events`), its
  dead-letter queue AlarmDeadLetterQueue (poison messages with their reason)
- HTTP: `routes_staff.py`, `routes_resident.py` (my home's alarms, SOS), `routes_settings.py` (roster, rules,
  deliveries), `contracts.py`; adapters: `adapters.py`; wiring: `wiring.py`. Tests: `tests/alarms/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.alarms.guardians import FIRST_GUARDIAN, NEXT_GUARDIAN

if TYPE_CHECKING:
    from chalicelib.alarms.model import Alarm
    from chalicelib.notifications import Recipient

__all__ = [
    "FIRST_GUARDIAN",
    "NEXT_GUARDIAN",
    "acknowledge_alarm",
    "alarm_from_stream",
    "alarms_between",
    "clear_observed_alarm",
    "find_alarm",
    "home_alarms",
    "raise_observed_alarm",
    "report_alarm",
    "use_guardians",
]


def use_guardians(source: Callable[[str, str], list[Recipient]]) -> None:
    """Plug in who guards the residents of a house `(community_id, house_id) -> recipients` (the care register):
    an alarm raised in such a home tells its household and first guardians (role `FIRST_GUARDIAN`) first, then the
    next guardians (`NEXT_GUARDIAN`), the staff on duty, the manager and the community admin, each after its wait
    for an acknowledgement."""
    from chalicelib.alarms.guardians import use_guardians as plug

    plug(source)


def alarms_between(community_id: str, since: datetime, until: datetime) -> Iterator[Alarm]:
    """The community's alarms raised in [since, until], newest first, page by page."""
    from chalicelib.alarms import wiring
    from chalicelib.alarms.model import AlarmQuery

    cursor: str | None = None
    while True:
        page, cursor = wiring.alarm_service().find(
            community_id, AlarmQuery(since=since, until=until, limit=100, cursor=cursor)
        )
        yield from page
        if not cursor:
            return


def home_alarms(community_id: str, house_id: str, limit: int = 20) -> list[Alarm]:
    """A home's latest alarms, newest first (what its guardians follow)."""
    from chalicelib.alarms import wiring
    from chalicelib.alarms.model import AlarmQuery

    return wiring.alarm_service().find(community_id, AlarmQuery(house_id=house_id, limit=limit))[0]


def find_alarm(community_id: str, alarm_id: str) -> Alarm | None:
    from chalicelib.alarms import wiring
    from chalicelib.alarms.model import ALARM_ID

    return wiring.alarm_service().repo.get(community_id, alarm_id) if ALARM_ID.match(alarm_id) else None


def acknowledge_alarm(community_id: str, alarm_id: str, by: str) -> Alarm:
    """Acknowledge as `by` (a guardian of the home: the caller checked it); the escalation stops there. Conflict
    `ALARM_ALREADY_ACKNOWLEDGED` when somebody was first."""
    from chalicelib.alarms import wiring

    return wiring.alarm_service().acknowledge(community_id, alarm_id, by)


def report_alarm(
    community_id: str, reporter: str, alarm_type: str, severity: str, note: str | None, request_id: str
) -> str:
    """Raise an alarm to the control centre on another capability's behalf (a watch-list match at a gate), as a
    staff report is raised: one alarm per type while active (a repeat counts), deduplicated by `request_id`."""
    from chalicelib.alarms import wiring

    alarm = wiring.alarm_service().report(community_id, reporter, alarm_type, severity, None, note, request_id)
    return alarm.alarm_id


def raise_observed_alarm(
    community_id: str,
    originator: str,
    alarm_type: str,
    severity: str,
    title: str,
    data: dict[str, Any],
    dedupe_id: str,
) -> str:
    """Raise an alarm another capability observed (a patrol checkpoint missed) to the control centre: one active
    alarm per `originator` and type; a retried call with the same `dedupe_id` changes nothing. Answers its id."""
    from chalicelib.alarms import wiring

    alarm = wiring.alarm_service().observe(community_id, originator, alarm_type, severity, title, data, dedupe_id)
    return alarm.alarm_id


def clear_observed_alarm(community_id: str, originator: str, alarm_type: str, reason: str) -> str | None:
    """Clear the active alarm of this originator and type (what was observed is over); None when none is active."""
    from chalicelib.alarms import wiring

    cleared = wiring.alarm_service().clear_observed(community_id, originator, alarm_type, reason)
    return cleared.alarm_id if cleared else None


def alarm_from_stream(image: dict[str, Any]) -> Alarm | None:
    """The alarm an alarms-table stream image holds (DynamoDB attribute values, as the stream carries them), or None
    when the item is not an alarm (slots, dedupe markers, overrides, the roster)."""
    from chalicelib.alarms.repository import AlarmRecord, from_record

    if (image.get("sk") or {}).get("S") != "ALARM" or "alarm_id" not in image:
        return None
    return from_record(AlarmRecord.from_raw_data(image))
