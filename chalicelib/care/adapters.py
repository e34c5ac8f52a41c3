"""The care register's outbound adapters: people and devices read through the registry, identity and devices
packages; health data sealed with the personal-data key; guardians as notification recipients (WeChat for
resident accounts, app push for staff); a raised care alert told to the guardians and the community's care
workers (`AlertNotices`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from chalicelib.notifications import PUSH, WECHAT, Recipient

if TYPE_CHECKING:
    from chalicelib.care.model import CareAlert, CareProfile, VisitRecord

log = logging.getLogger(__name__)
CARE_ROLE = "staff.care"


class RegistryPeople:
    def resident_name(self, community_id: str, house_id: str, person_id: str) -> str | None:
        from chalicelib.registry import residents_of

        for member in residents_of(community_id, house_id):
            if member.person_id == person_id:
                return member.person_name
        return None

    def guardian_name(self, community_id: str, account_id: str, kind: str) -> str | None:
        if kind == "staff":
            from chalicelib.identity import staff_account

            account = staff_account(account_id)
            if account is None or account.disabled:
                return None
            if community_id not in account.communities and "*" not in account.communities:
                return None
            return account.name or account.username
        from chalicelib.identity import openid_of
        from chalicelib.registry import residencies_of_account

        if not openid_of(account_id):  # a resident account that can hear (it signed in with WeChat)
            return None
        homes = residencies_of_account(account_id)
        return homes[0].person_name if homes else ""

    def device_of_house(self, community_id: str, device_id: str) -> str | None:
        from chalicelib.devices import find_device

        device = find_device(community_id, device_id)
        return device.user if device is not None and device.status != "retired" else None

    def device_type(self, community_id: str, device_id: str) -> str | None:
        from chalicelib.devices import find_device

        device = find_device(community_id, device_id)
        return device.device_type if device is not None and device.status != "retired" else None

    def devices_online(self, community_id: str, device_ids: tuple[str, ...]) -> bool | None:
        from chalicelib.devices import device_online

        known = [o for o in (device_online(community_id, d) for d in device_ids) if o is not None]
        return any(known) if known else None

    def house_exists(self, community_id: str, house_id: str) -> bool:
        from chalicelib.registry import find_record

        return find_record(community_id, "house", house_id) is not None

    def house_ids(self, community_id: str) -> list[str]:
        from chalicelib.registry import houses_of

        return [h.id for h in houses_of(community_id)]

    def residents(self, community_id: str, house_id: str) -> list[Any]:
        from chalicelib.registry import residents_of

        return list(residents_of(community_id, house_id))

    def last_entry(self, community_id: str, person_id: str) -> Any | None:
        from chalicelib.visitors import last_entry_of

        return last_entry_of(community_id, person_id)


class PiiSealer:
    PURPOSE = "care.health"

    def seal(self, value: str) -> str:
        from chalicelib.kernel.security import pii

        return pii.encrypt(value, purpose=self.PURPOSE)

    def open(self, token: str) -> str:
        from chalicelib.kernel.security import pii

        return pii.decrypt(token, purpose=self.PURPOSE)


def guardian_recipient(account_id: str, kind: str, name: str) -> Recipient | None:
    """Where a guardian hears: a staff account by push, a resident account by WeChat (its openid)."""
    if kind == "staff":
        return Recipient(PUSH, account_id, name, "guardian")
    from chalicelib.identity import openid_of

    openid = openid_of(account_id)
    return Recipient(WECHAT, openid, name, "guardian") if openid else None


def alert_recipients(profile: CareProfile) -> list[Recipient]:
    """Who hears of a care alert: the person's guardians in their order of contact, then the community's care
    workers (role `staff.care`, by push); each address once."""
    from chalicelib.identity import staff_in_community

    found: list[Recipient] = []
    for g in sorted(profile.guardians, key=lambda g: g.order):
        recipient = guardian_recipient(g.account_id, g.kind, g.name)
        if recipient is not None:
            found.append(recipient)
    for account in staff_in_community(profile.community_id):
        if CARE_ROLE in account.roles and not account.disabled:
            found.append(Recipient(PUSH, account.account_id, account.name or account.username, "care"))
    unique: dict[tuple[str, str], Recipient] = {}
    for r in found:
        unique.setdefault((r.channel, r.address), r)
    return list(unique.values())


def alert_note(alert: CareAlert) -> str:
    """What the sign was, in Chinese (the person's thresholds as the run saw them)."""
    d = alert.detail
    if alert.kind == "no_activity":
        return f"已超过{d.get('quietHours', '')}小时未见活动"
    if alert.kind == "no_wearable_data":
        return "手环长时间没有数据"
    if alert.kind == "no_utility_use":
        return f"已超过{d.get('utilityQuietHours', '')}小时未用水用电"
    if alert.kind == "heart_rate":
        return f"心率{d.get('heartRateBpm', '')}次/分，超出{d.get('low', '')}-{d.get('high', '')}"
    if alert.kind == "night_falls":
        return f"7天内夜间跌倒{len(d.get('falls') or [])}次"
    return ""


class AlertNotices:
    """`model.AlertNotices`: a raised care alert, told once (the notifier's (subject, key, channel, address)
    deduplication: a retried call delivers nothing new) in Chinese, with names, the house as people name it and
    Beijing time."""

    def alert_raised(self, profile: CareProfile, alert: CareAlert) -> int:
        from chalicelib.kernel.i18n import label, local_time
        from chalicelib.notifications import compose, send
        from chalicelib.registry import house_label

        recipients = alert_recipients(profile)
        facts = {
            "title": label("care.alert_kind", alert.kind),
            "name": profile.person_name,
            "place": house_label(profile.community_id, profile.house_id) or "",
            "time": local_time(alert.raised_at),
            "note": alert_note(alert),
        }
        sent = 0
        for message in compose(
            "care_alert",
            facts,
            community_id=profile.community_id,
            subject=f"care_alert:{alert.alert_id}",
            key="raised",
            recipients=recipients,
            link=f"pages/care/index?careId={profile.care_id}",
        ):
            sent += len(send(message))
        return sent


class WorkOrderVisits:
    """`model.VisitOrders` through the work orders capability's face: a care visit per alert (`care_visit`)."""

    def open(self, profile: CareProfile, alert: CareAlert) -> str:
        from chalicelib.care.model import visit_order_id
        from chalicelib.kernel.i18n import label
        from chalicelib.work_orders import open_care_visit

        what = label("care.alert_kind", alert.kind)
        ticket = open_care_visit(
            alert.community_id,
            ticket_id=visit_order_id(alert.alert_id),
            house_id=alert.house_id,
            description=f"上门探访{profile.person_name}：{what}（{alert_note(alert)}）",
            reporter=f"care:{alert.alert_id}",
        )
        return ticket.ticket_id

    def record(self, alert: CareAlert, visit: VisitRecord) -> None:
        from chalicelib.care.model import visit_order_id
        from chalicelib.work_orders import Actor, record_care_visit

        record_care_visit(
            alert.community_id,
            visit_order_id(alert.alert_id),
            Actor(subject=visit.visited_by, kind="staff"),
            visited_at=visit.visited_at,
            outcome=visit.outcome,
            note=visit.note,
        )
