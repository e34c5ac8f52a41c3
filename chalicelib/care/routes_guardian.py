"""Guardians' routes (the mini-program; a staff guardian may use them too): the people I guard, each one's status
(last seen, wearable battery and online state), their home's alarms and care alerts with their handling;
acknowledging a home alarm (a fall: the escalation to the staff stops) or a care alert from the phone. A guardian
reaches only the people they guard: anyone else's reads as 404."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.alarms import acknowledge_alarm, find_alarm, home_alarms
from chalicelib.audit import audited
from chalicelib.care import wiring
from chalicelib.care.contracts import (
    AlertView,
    GuardedList,
    GuardedView,
    HomeAlarmView,
    alert_view,
    home_alarm_view,
    status_view,
)
from chalicelib.care.model import ALERT_ID, CARE_ID, CareProfile
from chalicelib.kernel.errors import NotFound
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.i18n import label
from chalicelib.kernel.security.access import Access
from chalicelib.registry import house_label

bp = Blueprint(__name__)

GUARDED = "/v1/resident/care/guarded"
GUARD = Access.signed_in("care:guard")


def guarded_view(p: CareProfile) -> GuardedView:
    service = wiring.care_service()
    return GuardedView(
        careId=p.care_id,
        personName=p.person_name,
        houseName=house_label(p.community_id, p.house_id) or "",
        careLevelName=label("care.level", p.care_level),
        status=status_view(service.last_seen(p), service.online(p)),
        alarms=[home_alarm_view(a) for a in home_alarms(p.community_id, p.house_id, 10)],
        alerts=[alert_view(a) for a in service.alerts_of(p)],
    )


def _mine(call: Call[Any]) -> CareProfile:
    care_id = call.path["care_id"]
    if not CARE_ID.match(care_id):
        raise NotFound("no such person in your care", code="CARE_PERSON_NOT_FOUND")
    return wiring.care_service().guarded_one(call.who.subject, care_id)


@endpoint(
    bp,
    "GET",
    GUARDED,
    audience="resident",
    access=GUARD,
    response=GuardedList,
    summary="The people I guard: status (last seen, battery, online) and their recent care alerts",
    operation_id="listGuardedPeople",
)
def guarded(call: Call[Any]) -> GuardedList:
    return GuardedList(items=[guarded_view(p) for p in wiring.care_service().guarded(call.who.subject)])


@endpoint(
    bp,
    "GET",
    GUARDED + "/{care_id}",
    audience="resident",
    access=GUARD,
    response=GuardedView,
    errors=(404,),
    summary="One person I guard: status and care alerts with their handling",
    operation_id="getGuardedPerson",
)
def guarded_one(call: Call[Any]) -> GuardedView:
    return guarded_view(_mine(call))


@endpoint(
    bp,
    "POST",
    GUARDED + "/{care_id}/alerts/{alert_id}/acknowledge",
    audience="resident",
    access=GUARD,
    response=AlertView,
    errors=(404, 409),
    summary="Acknowledge a care alert of a person I guard (I am on it)",
    operation_id="acknowledgeGuardedAlert",
)
def acknowledge(call: Call[Any]) -> AlertView:
    profile, alert_id = _mine(call), call.path["alert_id"]
    service = wiring.care_service()
    if not ALERT_ID.match(alert_id):
        raise NotFound("no such care alert", code="CARE_ALERT_NOT_FOUND")
    alert = service.alert(profile.community_id, alert_id)
    if alert.person_id != profile.person_id:
        raise NotFound("no such care alert", code="CARE_ALERT_NOT_FOUND")
    with audited(call, "care.alert.acknowledge", "care_alert", alert_id, {"as": "guardian"}):
        alert = service.acknowledge(profile.community_id, alert_id, call.who.subject)
    return alert_view(alert)


@endpoint(
    bp,
    "POST",
    GUARDED + "/{care_id}/alarms/{alarm_id}/acknowledge",
    audience="resident",
    access=GUARD,
    response=HomeAlarmView,
    errors=(404, 409),
    summary="Acknowledge an alarm of the home of a person I guard (a fall: I am on it; the staff are not called)",
    operation_id="acknowledgeGuardedAlarm",
)
def acknowledge_home_alarm(call: Call[Any]) -> HomeAlarmView:
    profile, alarm_id = _mine(call), call.path["alarm_id"]
    alarm = find_alarm(profile.community_id, alarm_id)
    if alarm is None or alarm.house_id != profile.house_id:
        raise NotFound("no such alarm", code="ALARM_NOT_FOUND")
    with audited(call, "alarm.acknowledge", "alarm", alarm_id, {"as": "guardian", "careId": profile.care_id}):
        alarm = acknowledge_alarm(profile.community_id, alarm_id, call.who.subject)
    return home_alarm_view(alarm)
