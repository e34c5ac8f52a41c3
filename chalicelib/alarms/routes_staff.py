"""Staff alarm routes: list, detail with timeline, acknowledge, assign, comment, clear, report (on patrol) and
statistics. Every write is audited.

Two guards acknowledging at once: one wins, the other gets 409 ALARM_ALREADY_ACKNOWLEDGED. Alarm ids are looked
up under the path's community, so another community's alarm is 404 (after the community scope check).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chalice import Blueprint

from chalicelib.alarms import wiring
from chalicelib.alarms.contracts import (
    AcknowledgeRequest,
    AlarmAssignRequest,
    AlarmDetail,
    AlarmListQuery,
    AlarmPage,
    AlarmReportRequest,
    AlarmView,
    ClearRequest,
    CommentRequest,
    StatisticsQuery,
    StatisticsView,
    alarm_query,
)
from chalicelib.alarms.routes_views import detail, view, views
from chalicelib.audit import audited
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}"
ALARM = STAFF + "/alarms/{alarm_id}"


@endpoint(
    bp,
    "GET",
    STAFF + "/alarms",
    audience="staff",
    access=Access.community("alarm:read"),
    query=AlarmListQuery,
    response=AlarmPage,
    summary="The community's alarms, newest first; filter by status, severity, type, building and time range",
)
def list_alarms(call: Call[Any]) -> AlarmPage:
    items, cursor = wiring.alarm_service().find(call.path["community_id"], alarm_query(call.query))
    return AlarmPage(items=views(call.path["community_id"], items), nextCursor=cursor)


@endpoint(
    bp,
    "POST",
    STAFF + "/alarms",
    audience="staff",
    access=Access.community("alarm:handle"),
    request=AlarmReportRequest,
    status=201,
    response=AlarmView,
    errors=(400, 409),
    summary="Report an alarm seen on patrol (staff report); the same place and type again raises its count",
)
def report_alarm(call: Call[AlarmReportRequest]) -> AlarmView:
    body, community_id = call.body, call.path["community_id"]
    with audited(call, "alarm.report", "community", community_id, {"type": body.type}) as detail:
        alarm = wiring.alarm_service().report(
            community_id, call.who.subject, body.type, body.severity, body.building, body.note, body.requestId
        )
        detail["alarmId"] = alarm.alarm_id
    return view(alarm)


@endpoint(
    bp,
    "GET",
    ALARM,
    audience="staff",
    access=Access.community("alarm:read"),
    response=AlarmDetail,
    errors=(404,),
    summary="One alarm with its timeline (who did what, when) and its linked commands",
)
def get_alarm(call: Call[Any]) -> AlarmDetail:
    return detail(wiring.alarm_service().get(call.path["community_id"], call.path["alarm_id"]))


@endpoint(
    bp,
    "POST",
    ALARM + "/acknowledge",
    audience="staff",
    access=Access.community("alarm:handle"),
    request=AcknowledgeRequest,
    response=AlarmView,
    errors=(404, 409),
    summary="Acknowledge an alarm (stops its escalation); a second acknowledgement is 409",
)
def acknowledge_alarm(call: Call[AcknowledgeRequest]) -> AlarmView:
    community_id, alarm_id = call.path["community_id"], call.path["alarm_id"]
    with audited(call, "alarm.acknowledge", "alarm", alarm_id):
        alarm = wiring.alarm_service().acknowledge(community_id, alarm_id, call.who.subject)
        if call.body.note:
            alarm = wiring.alarm_service().comment(community_id, alarm_id, call.body.note, call.who.subject)
    return view(alarm)


@endpoint(
    bp,
    "POST",
    ALARM + "/assign",
    audience="staff",
    access=Access.community("alarm:handle"),
    request=AlarmAssignRequest,
    response=AlarmView,
    errors=(400, 404, 409),
    summary="Assign an alarm to a staff member of the community (null unassigns)",
)
def assign_alarm(call: Call[AlarmAssignRequest]) -> AlarmView:
    from chalicelib.kernel.errors import InvalidInput

    community_id, alarm_id = call.path["community_id"], call.path["alarm_id"]
    assignee = call.body.assignee
    with audited(call, "alarm.assign", "alarm", alarm_id, {"assignee": assignee}):
        if assignee is not None and wiring.duty_roster().staff.staff_name(community_id, assignee) is None:
            raise InvalidInput(
                "the assignee is not a staff member of this community",
                code="ASSIGNEE_NOT_STAFF",
                details=[{"field": "assignee", "code": "not_staff", "message": "unknown staff member"}],
            )
        alarm = wiring.alarm_service().assign(community_id, alarm_id, assignee, call.who.subject)
    return view(alarm)


@endpoint(
    bp,
    "POST",
    ALARM + "/comments",
    audience="staff",
    access=Access.community("alarm:handle"),
    request=CommentRequest,
    response=AlarmView,
    errors=(404, 409),
    summary="Add a comment to an alarm's timeline",
    operation_id="commentOnAlarm",
)
def comment_alarm(call: Call[CommentRequest]) -> AlarmView:
    community_id, alarm_id = call.path["community_id"], call.path["alarm_id"]
    with audited(call, "alarm.comment", "alarm", alarm_id):
        alarm = wiring.alarm_service().comment(community_id, alarm_id, call.body.text, call.who.subject)
    return view(alarm)


@endpoint(
    bp,
    "POST",
    ALARM + "/clear",
    audience="staff",
    access=Access.community("alarm:handle"),
    request=ClearRequest,
    response=AlarmView,
    errors=(404, 409),
    summary="Clear an alarm with a reason; clearing a cleared alarm is 409",
)
def clear_alarm(call: Call[ClearRequest]) -> AlarmView:
    community_id, alarm_id = call.path["community_id"], call.path["alarm_id"]
    with audited(call, "alarm.clear", "alarm", alarm_id, {"reason": call.body.reason}):
        alarm = wiring.alarm_service().clear(community_id, alarm_id, call.body.reason, call.who.subject)
    return view(alarm)


@endpoint(
    bp,
    "GET",
    STAFF + "/alarm-statistics",
    audience="staff",
    access=Access.community("alarm:read"),
    query=StatisticsQuery,
    response=StatisticsView,
    errors=(400,),
    summary="Alarm counts per type, day and building, with mean time to acknowledge and to resolve (default 30 days)",
    operation_id="getAlarmStatistics",
)
def alarm_statistics(call: Call[Any]) -> StatisticsView:
    from chalicelib.alarms.model import statistics
    from chalicelib.kernel.clock import iso
    from chalicelib.kernel.errors import InvalidInput

    until = call.query.to or datetime.now(UTC)
    since = call.query.from_ or until - timedelta(days=30)
    if since > until or until - since > timedelta(days=366):
        raise InvalidInput(
            "the range is from <= to, at most 366 days",
            code="VALIDATION_FAILED",
            details=[{"field": "query.from", "code": "range", "message": "from <= to, <= 366 days"}],
        )
    stats = statistics(wiring.alarm_store().all_between(call.path["community_id"], since, until))
    return StatisticsView(since=iso(since), until=iso(until), **stats)
