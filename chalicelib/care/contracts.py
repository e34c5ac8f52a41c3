"""Request and response models of the care routes (staff and guardians), and the views of a profile and an alert.
What people read is Chinese first: labels for categories, levels, kinds and statuses, the house as people name it,
Beijing time beside the UTC time."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from chalicelib.care.absence import Absent
from chalicelib.care.model import (
    CareAlert,
    CareProfile,
    Guardian,
    LastSeen,
)
from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Id, Page, Time
from chalicelib.kernel.i18n import label, local_time

Category = Annotated[str, Field(pattern=r"^(living_alone|elderly|disabled|chronic_illness)$")]
Level = Annotated[str, Field(pattern=r"^(basic|attention|intensive)$")]
Relation = Annotated[str, Field(pattern=r"^(family|neighbour|community_worker|other)$")]
Scope = Annotated[str, Field(pattern=r"^(register|health_data|home_devices|wearable|location|guardians_notified)$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class GuardianIn(Contract):
    accountId: Id
    kind: Annotated[str, Field(pattern=r"^(resident|staff)$")]
    relation: Relation
    order: int = Field(ge=1, le=20, description="1 = contacted first")
    name: Name | None = Field(default=None, description="How the person calls them (default: the account's name)")


class ConsentIn(Contract):
    consentedBy: Name = Field(description="Who consented: the person, or their legal guardian")
    consentedAt: Time
    scopes: list[Scope] = Field(min_length=1, max_length=6)


class HealthIn(Contract):
    conditions: list[Name] = Field(default_factory=list, max_length=20)
    medications: list[Name] = Field(default_factory=list, max_length=20)
    notes: Text | None = None


class RegisterRequest(Contract):
    personId: Id
    houseId: Id
    categories: list[Category] = Field(min_length=1, max_length=4)
    careLevel: Level
    consent: ConsentIn
    guardians: list[GuardianIn] = Field(min_length=1, max_length=10)
    wearables: list[Id] = Field(default_factory=list, max_length=5)
    doorContacts: list[Id] = Field(default_factory=list, max_length=5, description="Door contacts of the house")
    meters: list[Id] = Field(
        default_factory=list, max_length=4, description="Water and electricity meters of the house (use is a sign)"
    )
    quietHours: int | None = Field(default=None, ge=1, le=168, description="No sign of life for this long is a sign")
    utilityQuietHours: int | None = Field(
        default=None, ge=1, le=168, description="No water or electricity use for this long is a sign"
    )
    heartRateLow: int | None = Field(default=None, ge=30, le=120)
    heartRateHigh: int | None = Field(default=None, ge=60, le=200)
    heartRateMinutes: int | None = Field(default=None, ge=1, le=240)
    health: HealthIn | None = None


class GuardiansRequest(Contract):
    guardians: list[GuardianIn] = Field(min_length=1, max_length=10)


class GuardianView(Contract):
    accountId: str
    kind: str
    name: str
    relation: str
    relationName: str
    order: int


class StatusView(Contract):
    lastSeenAt: str | None = None
    lastSeenAtLocal: str | None = None
    wearableDataAt: str | None = None
    heartRateBpm: int | None = None
    batteryPct: int | None = None
    online: bool | None = Field(
        default=None,
        description="The wearable's presence (offline once silent past its heartbeat window); null: no wearable heard",
    )
    utilityUseAt: str | None = None
    flaggedReadings: int = 0


class ProfileView(Contract):
    careId: str
    personId: str
    personName: str
    houseId: str
    houseName: str
    categories: list[str]
    categoryNames: list[str]
    careLevel: str
    careLevelName: str
    consent: dict[str, Any]
    guardians: list[GuardianView]
    wearables: list[str]
    doorContacts: list[str]
    meters: list[str] = Field(default_factory=list)
    quietHours: int
    utilityQuietHours: int
    heartRate: dict[str, int]
    hasHealthRecord: bool
    status: StatusView | None = None


class ProfilePage(Page):
    items: list[ProfileView]


class HealthView(Contract):
    personId: str
    conditions: list[str]
    medications: list[str]
    notes: str | None = None


class VisitRequest(Contract):
    visitedAt: Time
    outcome: Annotated[str, Field(pattern=r"^(well|needs_help|hospital|not_home)$")]
    note: Text


class AlertView(Contract):
    alertId: str
    personId: str
    houseId: str
    kind: str
    kindName: str
    status: str
    statusName: str
    raisedAt: str
    raisedAtLocal: str
    detail: dict[str, Any]
    acknowledgedBy: str | None = None
    acknowledgedAt: str | None = None
    visit: dict[str, Any] | None = None
    resolvedAt: str | None = None
    workOrderId: str | None = Field(
        default=None, description="The care visit work order (type care_visit), opened when the alert is acknowledged"
    )


class AlertPage(Page):
    items: list[AlertView]


class AlertQuery(Contract):
    status: Annotated[str, Field(pattern=r"^(open|acknowledged|resolved)$")] | None = None
    limit: int = Field(default=20, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=1024)] | None = None


class HomeAlarmView(Contract):
    """An alarm of the person's home (a fall, a gas leak...) and how it is being handled."""

    alarmId: str
    type: str
    typeName: str
    severityName: str
    raisedAt: str
    raisedAtLocal: str
    active: bool
    acknowledged: bool
    acknowledgedBy: str | None = None
    acknowledgedAtLocal: str | None = None


class GuardedView(Contract):
    """What a guardian reads about a person they guard: status, home alarms and care alerts with their handling
    (no health record)."""

    careId: str
    personName: str
    houseName: str
    careLevelName: str
    status: StatusView
    alarms: list[HomeAlarmView]
    alerts: list[AlertView]


def home_alarm_view(a: Any) -> HomeAlarmView:
    """`a`: the alarms capability's Alarm."""
    return HomeAlarmView(
        alarmId=a.alarm_id,
        type=a.alarm_type,
        typeName=label("alarm.type", a.alarm_type),
        severityName=label("alarm.severity", a.severity),
        raisedAt=iso(a.created_at),
        raisedAtLocal=local_time(a.created_at),
        active=a.status == "active",
        acknowledged=a.acknowledged,
        acknowledgedBy=a.ack_by,
        acknowledgedAtLocal=local_time(a.ack_at) if a.ack_at else None,
    )


class GuardedList(Contract):
    items: list[GuardedView]


def guardian_view(g: Guardian) -> GuardianView:
    return GuardianView(
        accountId=g.account_id,
        kind=g.kind,
        name=g.name,
        relation=g.relation,
        relationName=label("care.relation", g.relation),
        order=g.order,
    )


def status_view(seen: LastSeen | None, online: bool | None = None) -> StatusView:
    """`online`: the wearable's presence from the devices capability (not whether data was seen)."""
    if seen is None:
        return StatusView(online=online)
    last = max((t for t in (seen.activity_at, seen.wearable_at) if t is not None), default=None)
    return StatusView(
        lastSeenAt=iso(last) if last else None,
        lastSeenAtLocal=local_time(last) if last else None,
        wearableDataAt=iso(seen.wearable_at) if seen.wearable_at else None,
        heartRateBpm=seen.heart_rate,
        batteryPct=seen.battery_pct,
        online=online,
        utilityUseAt=iso(seen.utility_at) if seen.utility_at else None,
        flaggedReadings=len(seen.flagged),
    )


def profile_view(
    p: CareProfile, house_name: str, seen: LastSeen | None = None, status: bool = False, online: bool | None = None
) -> ProfileView:
    return ProfileView(
        careId=p.care_id,
        personId=p.person_id,
        personName=p.person_name,
        houseId=p.house_id,
        houseName=house_name,
        categories=list(p.categories),
        categoryNames=[label("care.category", c) for c in p.categories],
        careLevel=p.care_level,
        careLevelName=label("care.level", p.care_level),
        consent=p.consent.as_dict(),
        guardians=[guardian_view(g) for g in p.guardians],
        wearables=list(p.wearables),
        doorContacts=list(p.door_contacts),
        meters=list(p.meters),
        quietHours=p.thresholds.quiet_hours,
        utilityQuietHours=p.thresholds.utility_hours,
        heartRate={
            "low": p.thresholds.heart_rate_low,
            "high": p.thresholds.heart_rate_high,
            "minutes": p.thresholds.heart_rate_minutes,
        },
        hasHealthRecord=p.health_sealed is not None,
        status=status_view(seen, online) if status else None,
    )


def alert_view(a: CareAlert) -> AlertView:
    return AlertView(
        alertId=a.alert_id,
        personId=a.person_id,
        houseId=a.house_id,
        kind=a.kind,
        kindName=label("care.alert_kind", a.kind),
        status=a.status,
        statusName=label("care.alert_status", a.status),
        raisedAt=iso(a.raised_at),
        raisedAtLocal=local_time(a.raised_at),
        detail=a.detail,
        acknowledgedBy=a.ack_by,
        acknowledgedAt=iso(a.ack_at) if a.ack_at else None,
        visit=a.visit.as_dict() if a.visit else None,
        resolvedAt=iso(a.resolved_at) if a.resolved_at else None,
        workOrderId=a.work_order_id,
    )


class AbsentView(Contract):
    personId: str
    personName: str
    houseId: str
    houseName: str
    livingSince: str
    lastEntryAt: str | None = Field(default=None, description="None: no access record kept (records last 400 days)")
    lastEntryAtLocal: str | None = None
    lastEntryGate: str | None = None
    lastEntryDirection: str | None = None
    lastEntryMethod: str | None = None


class AbsentPage(Page):
    items: list[AbsentView]


def absent_view(a: Absent, house_name: str) -> AbsentView:
    e = a.last_entry
    return AbsentView(
        personId=a.person_id,
        personName=a.person_name,
        houseId=a.house_id,
        houseName=house_name,
        livingSince=iso(a.since),
        lastEntryAt=iso(e.at) if e is not None else None,
        lastEntryAtLocal=local_time(e.at) if e is not None else None,
        lastEntryGate=e.gate_id if e is not None else None,
        lastEntryDirection=label("entry.direction", e.direction) if e is not None else None,
        lastEntryMethod=label("entry.method", e.method) if e is not None else None,
    )
