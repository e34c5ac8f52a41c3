"""Request and response models of the alarm routes (staff, residents, and the alarm settings: duty roster, rules,
notification deliveries), and the views of an alarm, a shift and a notification delivery."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from chalicelib.kernel.contracts import Contract, Cursor, Id, Page, PageQuery, Time

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
    escalationRound: int = Field(default=0, description="0 = the first escalation; +1 each time it started again")
    unanswered: bool = Field(
        default=False,
        description="An escalation ran out with nobody acknowledging at any level, and nobody has since",
    )
    closedAt: str | None = None
    expiresAt: str
    typeName: str | None = Field(default=None, description="the alarm type as people read it (火灾报警)")
    severityName: str | None = Field(default=None, description="紧急, 重要, ...")
    statusName: str | None = Field(default=None, description="the status as people read it (告警未确认, 已处理, ...)")
    placeLabel: str | None = Field(default=None, description="the house (3栋2单元1201) or the building and area")
    deviceName: str | None = Field(default=None, description="the raising device's name")
    acknowledgedByName: str | None = None
    clearedByName: str | None = None
    assigneeName: str | None = None


class AlarmDetail(AlarmView):
    timeline: list[TimelineView]
    linkedCommands: list[dict[str, Any]] = Field(default_factory=list, description="linked commands, current status")


class AlarmPage(Page):
    items: list[AlarmView]


class AlarmListQuery(Contract):
    status: Literal["active", "cleared", "latched", "unacknowledged", "unanswered"] | None = None
    severity: Severity | None = None
    type: str | None = Field(default=None, max_length=64)
    building: Id | None = None
    from_: Time | None = Field(default=None, alias="from")
    to: Time | None = None
    limit: int = Field(default=20, ge=1, le=100)
    cursor: Cursor | None = None


class AcknowledgeRequest(Contract):
    note: str | None = Field(default=None, max_length=500)


class AlarmAssignRequest(Contract):
    assignee: Id | None = Field(description="a staff account id, or null to unassign")


class CommentRequest(Contract):
    text: str = Field(min_length=1, max_length=2000)


class ClearRequest(Contract):
    reason: str = Field(min_length=1, max_length=500)


class SosRequest(Contract):
    requestId: Id = Field(description="client-made id; pressing again with the same id changes nothing")
    note: str | None = Field(default=None, max_length=500)


class AlarmReportRequest(Contract):
    requestId: Id = Field(description="client-made id; sending the same report again changes nothing")
    type: str = Field(pattern=r"^[a-z0-9_]{1,64}$", description="e.g. fire_lane_occupied, fence_damaged")
    severity: Severity
    building: Id | None = Field(default=None, description="where; none = the community at large")
    note: str | None = Field(default=None, max_length=500)


class StatisticsQuery(Contract):
    from_: Time | None = Field(default=None, alias="from", description="default: 30 days before `to`")
    to: Time | None = Field(default=None, description="default: now; at most 366 days after `from`")


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
    from chalicelib.kernel.clock import iso

    return iso(value) if value else None


def alarm_view(a: Any, names: AlarmNames | None = None) -> AlarmView:
    return AlarmView(**_fields(a), **_names(a, names))


@dataclass(frozen=True)
class AlarmNames:
    """Names beside a page's ids, read once for the page (alarms.routes_views)."""

    places: dict[str, str] = field(default_factory=dict)  # house or building id -> 3栋2单元1201 / 3栋
    people: dict[str, str] = field(default_factory=dict)  # staff account -> name
    devices: dict[str, str] = field(default_factory=dict)  # device id -> name


def _names(a: Any, names: AlarmNames | None) -> dict[str, Any]:
    from chalicelib.kernel.i18n import label

    found = names or AlarmNames()
    place = found.places.get(a.house_id or "") or " ".join(p for p in (found.places.get(a.building or ""), a.area) if p)
    device = found.devices.get(a.originator_id) if a.originator_kind in ("device", "presence") else None
    return {
        "typeName": label("alarm.type", a.alarm_type),
        "severityName": label("alarm.severity", a.severity),
        "statusName": label("alarm.state", a.combined_status),
        "placeLabel": place or None,
        "deviceName": device,
        "acknowledgedByName": found.people.get(a.ack_by or ""),
        "clearedByName": found.people.get(a.cleared_by or ""),
        "assigneeName": found.people.get(a.assignee or ""),
    }


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
        "escalationRound": a.escalation_round,
        "unanswered": a.unanswered,
        "closedAt": _iso(a.closed_at),
        "expiresAt": _iso(a.expires_at),
    }


def alarm_detail(a: Any, names: AlarmNames | None = None) -> AlarmDetail:
    linked: list[dict[str, Any]] = []
    from chalicelib.devices import find_command

    for entry in a.timeline:
        if entry.action == "linked":
            found = find_command(a.community_id, entry.detail["commandId"]) if entry.detail.get("commandId") else None
            linked.append(
                {
                    **entry.detail,
                    "status": found.status if found else "not_sent",
                    "ackStatus": found.ack_status if found else None,
                }
            )
    return AlarmDetail(
        **_fields(a),
        **_names(a, names),
        timeline=[TimelineView(**e.as_dict()) for e in a.timeline],
        linkedCommands=linked,
    )


def alarm_query(q: AlarmListQuery, house_id: str | None = None) -> Any:
    from chalicelib.alarms.model import AlarmQuery

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


def shift_view(s: Any) -> ShiftView:
    return ShiftView(
        shiftId=s.shift_id,
        staffId=s.staff_id,
        staffName=s.staff_name,
        area=s.area,
        days=list(s.days),
        start=s.start,
        end=s.end,
    )


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
