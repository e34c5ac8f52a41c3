"""Alarm settings routes (staff): the duty roster (who is on duty, for which area, when), the alarm rules of a
device type (catalogue defaults with the community's overrides) and the notification deliveries. Every write is
audited.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint

from chalicelib.alarms import wiring
from chalicelib.alarms.contracts import (
    DeliveryPage,
    DeliveryQuery,
    DeliveryView,
    RosterView,
    RulesRequest,
    RulesView,
    ShiftRequest,
    ShiftView,
    delivery_view,
    shift_view,
)
from chalicelib.audit import audited
from chalicelib.devices import known_device_type
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.notifications import deliveries

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}"


@endpoint(
    bp,
    "GET",
    STAFF + "/duty-roster",
    audience="staff",
    access=Access.community("alarm:read"),
    response=RosterView,
    summary="The community's duty roster, and who is on duty now",
    operation_id="getDutyRoster",
)
def get_roster(call: Call[Any]) -> RosterView:
    roster = wiring.duty_roster()
    community_id = call.path["community_id"]
    shifts = roster.shifts(community_id)
    now = datetime.now(UTC)
    return RosterView(items=[shift_view(s) for s in shifts], onDutyNow=[shift_view(s) for s in shifts if s.covers(now)])


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
    return shift_view(shift)


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
    from chalicelib.kernel.errors import NotFound

    if not known_device_type(device_type):
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
    operation_id="getAlarmRules",
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
    operation_id="setAlarmRules",
)
def put_rules(call: Call[RulesRequest]) -> RulesView:
    from chalicelib.alarms.rules import apply_overrides

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
    operation_id="listNotificationDeliveries",
)
def list_deliveries(call: Call[Any]) -> DeliveryPage:
    items, cursor = deliveries().page(
        call.path["community_id"], call.query.subject, call.query.limit, call.query.cursor
    )
    return DeliveryPage(items=[DeliveryView(**delivery_view(d)) for d in items], nextCursor=cursor)
