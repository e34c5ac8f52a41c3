"""How the alarm routes answer with alarms: names beside the ids, read once for a page. The place as people name
it (`3栋2单元1201`, or the building and area), the raising device's name, the names of whoever acknowledged,
cleared or was assigned, and the type, severity and status in the caller's language (kernel.i18n). One
BatchGetItem for the places, one Query for the community's staff, one read per distinct device on the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib.alarms import wiring
from chalicelib.alarms.contracts import AlarmDetail, AlarmNames, AlarmView, alarm_detail, alarm_view


def names_for(community_id: str, alarms: Sequence[Any]) -> AlarmNames:
    if not alarms:
        return AlarmNames()
    directory = wiring.alarm_directory()
    houses = {a.house_id for a in alarms if a.house_id}
    buildings = {a.building for a in alarms if a.building}
    devices = {a.originator_id for a in alarms if a.originator_kind in ("device", "presence")}
    people = {p for a in alarms for p in (a.ack_by, a.cleared_by, a.assignee) if p}
    return AlarmNames(
        places=directory.place_labels(community_id, houses, buildings),
        people=directory.staff_names(community_id) if people else {},
        devices=directory.device_names(community_id, devices),
    )


def views(community_id: str, alarms: Sequence[Any]) -> list[AlarmView]:
    names = names_for(community_id, alarms)
    return [alarm_view(a, names) for a in alarms]


def view(alarm: Any) -> AlarmView:
    return views(alarm.community_id, [alarm])[0]


def detail(alarm: Any) -> AlarmDetail:
    return alarm_detail(alarm, names_for(alarm.community_id, [alarm]))
