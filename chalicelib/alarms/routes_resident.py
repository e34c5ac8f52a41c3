"""Resident alarm routes: the alarms of one of my homes, and SOS (emergency help from home). SOS is audited."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.alarms import wiring
from chalicelib.alarms.contracts import AlarmListQuery, AlarmPage, AlarmView, SosRequest, alarm_query
from chalicelib.alarms.routes_views import view, views
from chalicelib.audit import audited
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

bp = Blueprint(__name__)

HOME = "/v1/resident/communities/{community_id}/houses/{house_id}"


@endpoint(
    bp,
    "GET",
    HOME + "/alarms",
    audience="resident",
    access=Access.household("alarm:home"),
    query=AlarmListQuery,
    response=AlarmPage,
    summary="Alarms of one of my homes, newest first",
    operation_id="listHomeAlarms",
)
def home_alarms(call: Call[Any]) -> AlarmPage:
    items, cursor = wiring.alarm_service().find(
        call.path["community_id"], alarm_query(call.query, house_id=call.path["house_id"])
    )
    return AlarmPage(items=views(call.path["community_id"], items), nextCursor=cursor)


@endpoint(
    bp,
    "POST",
    HOME + "/sos",
    audience="resident",
    access=Access.household("alarm:sos"),
    request=SosRequest,
    status=201,
    response=AlarmView,
    errors=(400, 409),
    summary="Ask for emergency help from home (SOS): a critical alarm that reaches the property centre at once",
)
def press_sos(call: Call[SosRequest]) -> AlarmView:
    community_id, house_id = call.path["community_id"], call.path["house_id"]
    with audited(call, "alarm.sos", "house", house_id) as detail:
        alarm = wiring.alarm_service().raise_sos(
            community_id, house_id, call.who.subject, call.body.note, call.body.requestId
        )
        detail["alarmId"] = alarm.alarm_id
    return view(alarm)
