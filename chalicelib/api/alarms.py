"""Alarm routes: staff list, detail with timeline, acknowledge, assign, comment, clear, statistics, rules and the
duty roster; residents read their home's alarms and press SOS. Every write is audited.

Two guards acknowledging at once: one wins, the other gets 409 ALARM_ALREADY_ACKNOWLEDGED. Alarm ids are looked
up under the path's community, so another community's alarm is 404 (after the community scope check).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib import wiring
from chalicelib.api.contracts import Contract, Cursor, Id, Page, PageQuery
from chalicelib.api.devices import audited
from chalicelib.api.http import Call, endpoint
from chalicelib.security.access import Access

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}"
ALARM = STAFF + "/alarms/{alarm_id}"
HOME = "/v1/resident/communities/{community_id}/houses/{house_id}"
Severity = Literal["critical", "major", "minor", "warning", "indeterminate"]


class TimelineView(Contract):
    at: str
    by: str
    action: str
    detail: dict[str, Any] = {}


class AlarmView(Contract):
    alarmId: str
    communityId: str
    type: str
    severity: str
    status: str = Field(description="ACTIVE_UNACK, ACTIVE_ACK, CLEARED_UNACK (latched) or CLEARED_ACK")
    latched: bool
    originatorKind: str
    originatorId: str
    deviceType: str | None = None
    building: str | None = None
    houseId: str | None = None
    area: str | None = None
    title: str
    count: int
    createdAt: str
    lastSeenAt: str
    acknowledgedAt: str | None = None
    acknowledgedBy: str | None = None
    clearedAt: str | None = None
    clearedBy: str | None = None
    clearReason: str | None = None
    assignee: str | None = None
    escalationLevel: int
    closedAt: str | None = None
    expiresAt: str


class AlarmDetail(AlarmView):
    timeline: list[TimelineView]
    linkedCommands: list[dict[str, Any]] = Field(default_factory=list, description="linked commands, current status")


class AlarmPage(Page):
    items: list[AlarmView]


class AlarmListQuery(Contract):
    status: Literal["active", "cleared", "latched", "unacknowledged"] | None = None
    severity: Severity | None = None
    type: str | None = Field(default=None, max_length=64)
    building: Id | None = None
    from_: datetime | None = Field(default=None, alias="from")
    to: datetime | None = None
    limit: int = Field(default=20, ge=1, le=100)
    cursor: Cursor | None = None


class AcknowledgeRequest(Contract):
    note: str | None = Field(default=None, max_length=500)


class AssignRequest(Contract):
    assignee: Id | None = Field(description="a staff account id, or null to unassign")


class CommentRequest(Contract):
    text: str = Field(min_length=1, max_length=2000)


class ClearRequest(Contract):
    reason: str = Field(min_length=1, max_length=500)


class SosRequest(Contract):
    requestId: Id = Field(description="client-made id; pressing again with the same id changes nothing")
    note: str | None = Field(default=None, max_length=500)


class ReportRequest(Contract):
    requestId: Id = Field(description="client-made id; sending the same report again changes nothing")
    type: str = Field(pattern=r"^[a-z0-9_]{1,64}$", description="e.g. fire_lane_occupied, fence_damaged")
    severity: Severity
    building: Id | None = Field(default=None, description="where; none = the community at large")
    note: str | None = Field(default=None, max_length=500)


class StatisticsQuery(Contract):
    from_: datetime | None = Field(default=None, alias="from")
    to: datetime | None = None


class StatisticsView(Contract):
    since: str
    until: str
    total: int
    byType: dict[str, int]
    byDay: dict[str, int]
    byBuilding: dict[str, int]
    acknowledged: int
    resolved: int
    meanTimeToAcknowledgeSeconds: float | None
    meanTimeToResolveSeconds: float | None


class ShiftRequest(Contract):
    staffId: Id
    area: str = Field(pattern=r"^(\*|[A-Za-z0-9_-]{1,64})$", description='a building id or "*" (whole community)')
    days: list[int] = Field(min_length=1, max_length=7, description="1 = Monday .. 7 = Sunday")
    start: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, Asia/Shanghai")
    end: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM; before start = over midnight")


class ShiftView(Contract):
    shiftId: str
    staffId: str
    staffName: str
    area: str
    days: list[int]
    start: str
    end: str


class RosterView(Contract):
    items: list[ShiftView]
    onDutyNow: list[ShiftView]


class RuleOverride(Contract):
    ruleId: str = Field(min_length=1, max_length=80)
    enabled: bool | None = None
    severity: Severity | None = None
    value: float | None = None
    durationSeconds: int | None = Field(default=None, ge=0, le=86400)
    metric: str | None = Field(default=None, max_length=64)
    op: Literal[">=", ">", "<=", "<"] | None = None
    alarmType: str | None = Field(default=None, max_length=64)


class RulesRequest(Contract):
    rules: list[RuleOverride] = Field(max_length=50)


class RulesView(Contract):
    deviceType: str
    rules: list[dict[str, Any]]
    overrides: list[dict[str, Any]]


class DeliveryView(Contract):
    deliveryId: str
    subject: str
    key: str
    channel: str
    address: str
    role: str
    status: str
    attempts: int
    providerId: str | None = None
    reason: str | None = None
    createdAt: str
    updatedAt: str


class DeliveryPage(Page):
    items: list[DeliveryView]


class DeliveryQuery(PageQuery):
    subject: str | None = Field(default=None, max_length=100)


def _iso(value: datetime | None) -> str | None:
    from chalicelib.domain.clock import iso

    return iso(value) if value else None


def alarm_view(a: Any) -> AlarmView:
    return AlarmView(**_fields(a))


def _fields(a: Any) -> dict[str, Any]:
    return {
        "alarmId": a.alarm_id,
        "communityId": a.community_id,
        "type": a.alarm_type,
        "severity": a.severity,
        "status": a.combined_status,
        "latched": a.latched,
        "originatorKind": a.originator_kind,
        "originatorId": a.originator_id,
        "deviceType": a.device_type,
        "building": a.building,
        "houseId": a.house_id,
        "area": a.area,
        "title": a.title,
        "count": a.count,
        "createdAt": _iso(a.created_at),
        "lastSeenAt": _iso(a.last_seen_at),
        "acknowledgedAt": _iso(a.ack_at),
        "acknowledgedBy": a.ack_by,
        "clearedAt": _iso(a.cleared_at),
        "clearedBy": a.cleared_by,
        "clearReason": a.clear_reason,
        "assignee": a.assignee,
        "escalationLevel": a.escalation_level,
        "closedAt": _iso(a.closed_at),
        "expiresAt": _iso(a.expires_at),
    }


def alarm_detail(a: Any) -> AlarmDetail:
    linked: list[dict[str, Any]] = []
    history = wiring.command_history()
    for entry in a.timeline:
        if entry.action == "linked":
            found = history.get(a.community_id, entry.detail["commandId"]) if entry.detail.get("commandId") else None
            linked.append(
                {
                    **entry.detail,
                    "status": found.status if found else "not_sent",
                    "ackStatus": found.ack_status if found else None,
                }
            )
    return AlarmDetail(
        **_fields(a),
        timeline=[TimelineView(**e.as_dict()) for e in a.timeline],
        linkedCommands=linked,
    )


def _query(q: AlarmListQuery, house_id: str | None = None) -> Any:
    from chalicelib.domain.alarms import AlarmQuery

    return AlarmQuery(
        status=q.status,
        severity=q.severity,
        alarm_type=q.type,
        building=q.building,
        house_id=house_id,
        since=q.from_,
        until=q.to,
        limit=q.limit,
        cursor=q.cursor,
    )


# --------------------------------------------------------------------------- staff


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
    items, cursor = wiring.alarm_service().find(call.path["community_id"], _query(call.query))
    return AlarmPage(items=[alarm_view(a) for a in items], nextCursor=cursor)


@endpoint(
    bp,
    "POST",
    STAFF + "/alarms",
    audience="staff",
    access=Access.community("alarm:handle"),
    request=ReportRequest,
    status=201,
    response=AlarmView,
    errors=(400, 409),
    summary="Report an alarm seen on patrol (staff report); the same place and type again raises its count",
)
def report_alarm(call: Call[ReportRequest]) -> AlarmView:
    body, community_id = call.body, call.path["community_id"]
    with audited(call, "alarm.report", "community", community_id, {"type": body.type}) as detail:
        alarm = wiring.alarm_service().report(
            community_id, call.who.subject, body.type, body.severity, body.building, body.note, body.requestId
        )
        detail["alarmId"] = alarm.alarm_id
    return alarm_view(alarm)


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
    return alarm_detail(wiring.alarm_service().get(call.path["community_id"], call.path["alarm_id"]))


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
    return alarm_view(alarm)


@endpoint(
    bp,
    "POST",
    ALARM + "/assign",
    audience="staff",
    access=Access.community("alarm:handle"),
    request=AssignRequest,
    response=AlarmView,
    errors=(400, 404, 409),
    summary="Assign an alarm to a staff member of the community (null unassigns)",
)
def assign_alarm(call: Call[AssignRequest]) -> AlarmView:
    from chalicelib.domain.errors import InvalidInput

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
    return alarm_view(alarm)


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
)
def comment_alarm(call: Call[CommentRequest]) -> AlarmView:
    community_id, alarm_id = call.path["community_id"], call.path["alarm_id"]
    with audited(call, "alarm.comment", "alarm", alarm_id):
        alarm = wiring.alarm_service().comment(community_id, alarm_id, call.body.text, call.who.subject)
    return alarm_view(alarm)


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
    return alarm_view(alarm)


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
)
def alarm_statistics(call: Call[Any]) -> StatisticsView:
    from chalicelib.domain.alarms import statistics
    from chalicelib.domain.clock import iso
    from chalicelib.domain.errors import InvalidInput

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


@endpoint(
    bp,
    "GET",
    STAFF + "/duty-roster",
    audience="staff",
    access=Access.community("alarm:read"),
    response=RosterView,
    summary="The community's duty roster, and who is on duty now",
)
def get_roster(call: Call[Any]) -> RosterView:
    roster = wiring.duty_roster()
    community_id = call.path["community_id"]
    shifts = roster.shifts(community_id)
    now = datetime.now(UTC)
    return RosterView(
        items=[_shift_view(s) for s in shifts], onDutyNow=[_shift_view(s) for s in shifts if s.covers(now)]
    )


def _shift_view(s: Any) -> ShiftView:
    return ShiftView(
        shiftId=s.shift_id,
        staffId=s.staff_id,
        staffName=s.staff_name,
        area=s.area,
        days=list(s.days),
        start=s.start,
        end=s.end,
    )


@endpoint(
    bp,
    "POST",
    STAFF + "/duty-roster",
    audience="staff",
    access=Access.community("alarm:configure"),
    request=ShiftRequest,
    status=201,
    response=ShiftView,
    errors=(400, 404),
    summary="Put a staff member on duty for an area (a building or the whole community) on weekly shifts",
)
def add_shift(call: Call[ShiftRequest]) -> ShiftView:
    body, community_id = call.body, call.path["community_id"]
    with audited(call, "duty.add", "community", community_id, {"staffId": body.staffId, "area": body.area}) as d:
        shift = wiring.duty_roster().add(
            community_id, body.staffId, body.area, body.days, body.start, body.end, call.who.subject
        )
        d["shiftId"] = shift.shift_id
    return _shift_view(shift)


@endpoint(
    bp,
    "DELETE",
    STAFF + "/duty-roster/{shift_id}",
    audience="staff",
    access=Access.community("alarm:configure"),
    status=204,
    errors=(404,),
    summary="Remove a shift from the duty roster",
)
def remove_shift(call: Call[Any]) -> None:
    with audited(call, "duty.remove", "shift", call.path["shift_id"]):
        wiring.duty_roster().remove(call.path["community_id"], call.path["shift_id"])


def _device_type(device_type: str) -> str:
    from chalicelib.domain.errors import NotFound

    if not wiring.known_device_type(device_type):
        raise NotFound(f"unknown device type {device_type}", code="DEVICE_TYPE_NOT_FOUND")
    return device_type


@endpoint(
    bp,
    "GET",
    STAFF + "/alarm-rules/{device_type}",
    audience="staff",
    access=Access.community("alarm:read"),
    response=RulesView,
    errors=(404,),
    summary="The alarm rules of a device type in this community (catalogue defaults with the community's overrides)",
)
def get_rules(call: Call[Any]) -> RulesView:
    community_id, device_type = call.path["community_id"], _device_type(call.path["device_type"])
    rules = wiring.alarm_service().rules
    rules.forget(community_id, device_type)
    return RulesView(
        deviceType=device_type,
        rules=[r.as_dict() for r in rules.rules_for(community_id, device_type)],
        overrides=wiring.alarm_rule_overrides().get(community_id, device_type),
    )


@endpoint(
    bp,
    "PUT",
    STAFF + "/alarm-rules/{device_type}",
    audience="staff",
    access=Access.community("alarm:configure"),
    request=RulesRequest,
    response=RulesView,
    errors=(400, 404),
    summary="Replace the community's overrides of a device type's alarm rules (disable, severity, value, duration, "
    "new thresholds)",
)
def put_rules(call: Call[RulesRequest]) -> RulesView:
    from chalicelib.domain.alarm_rules import apply_overrides

    community_id, device_type = call.path["community_id"], _device_type(call.path["device_type"])
    overrides = [o.model_dump(exclude_none=True) for o in call.body.rules]
    book = wiring.alarm_service().rules
    with audited(call, "alarm.rules", "device_type", device_type, {"overrides": overrides}):
        rules = apply_overrides(
            book.defaults(device_type), overrides, book.numeric_metrics(device_type), device_type
        )  # validates before anything is written
        wiring.alarm_rule_overrides().put(community_id, device_type, overrides, call.who.subject)
        book.forget(community_id, device_type)
    return RulesView(deviceType=device_type, rules=[r.as_dict() for r in rules], overrides=overrides)


@endpoint(
    bp,
    "GET",
    STAFF + "/notification-deliveries",
    audience="staff",
    access=Access.community("alarm:read"),
    query=DeliveryQuery,
    response=DeliveryPage,
    summary="Notification deliveries (queued, sent, failed with reason), newest first; `subject=alarm:<id>` filters",
)
def list_deliveries(call: Call[Any]) -> DeliveryPage:
    items, cursor = wiring.deliveries().page(
        call.path["community_id"], call.query.subject, call.query.limit, call.query.cursor
    )
    return DeliveryPage(items=[DeliveryView(**delivery_view(d)) for d in items], nextCursor=cursor)


# --------------------------------------------------------------------------- residents


@endpoint(
    bp,
    "GET",
    HOME + "/alarms",
    audience="resident",
    access=Access.household("alarm:home"),
    query=AlarmListQuery,
    response=AlarmPage,
    summary="Alarms of one of my homes, newest first",
)
def home_alarms(call: Call[Any]) -> AlarmPage:
    items, cursor = wiring.alarm_service().find(
        call.path["community_id"], _query(call.query, house_id=call.path["house_id"])
    )
    return AlarmPage(items=[alarm_view(a) for a in items], nextCursor=cursor)


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
    return alarm_view(alarm)


def delivery_view(d: Any) -> dict[str, Any]:
    return {
        "deliveryId": d.delivery_id,
        "subject": d.subject,
        "key": d.key,
        "channel": d.channel,
        "address": d.address,
        "role": d.role,
        "status": d.status,
        "attempts": d.attempts,
        "providerId": d.provider_id,
        "reason": d.reason,
        "createdAt": _iso(d.created_at),
        "updatedAt": _iso(d.updated_at),
    }
