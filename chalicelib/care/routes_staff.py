"""Staff routes of the care register: register a person in care (consent, guardians, care level, thresholds,
sealed health data), list and read profiles, change the guardians, read the health record (a care role only, every
read audited), the community's care alerts: acknowledge, and resolve with the visit record."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited, record_call
from chalicelib.care import wiring
from chalicelib.care.contracts import (
    AbsentPage,
    AlertPage,
    AlertQuery,
    AlertView,
    GuardianIn,
    GuardiansRequest,
    HealthView,
    ProfilePage,
    ProfileView,
    RegisterRequest,
    VisitRequest,
    absent_view,
    alert_view,
    profile_view,
)
from chalicelib.care.model import ALERT_ID, Consent, Guardian, VisitRecord
from chalicelib.care.service import Registration
from chalicelib.kernel.contracts import PageQuery
from chalicelib.kernel.errors import NotFound
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.security.access import Access
from chalicelib.registry import house_label, place_labels

bp = Blueprint(__name__)

CARE = "/v1/staff/communities/{community_id}/care"
PERSON = CARE + "/people/{person_id}"
ALERT = CARE + "/alerts/{alert_id}"


def guardians_of(given: list[GuardianIn]) -> tuple[Guardian, ...]:
    return tuple(Guardian(g.accountId, g.kind, g.name or "", g.relation, g.order) for g in given)


def view(community_id: str, profile: Any, status: bool = True) -> ProfileView:
    service = wiring.care_service()
    seen = service.last_seen(profile) if status else None
    online = service.online(profile) if status else None
    label = house_label(community_id, profile.house_id) or profile.house_id
    return profile_view(profile, label, seen, status, online)


@endpoint(
    bp,
    "POST",
    CARE + "/people",
    audience="staff",
    access=Access.community("care:manage"),
    request=RegisterRequest,
    response=ProfileView,
    status=201,
    errors=(400, 409),
    summary="Register a person in need of care: consent, guardians in order of contact, care level, thresholds",
    operation_id="registerCarePerson",
)
def register(call: Call[RegisterRequest]) -> ProfileView:
    b, community_id = call.body, call.path["community_id"]
    with audited(call, "care.register", "person", b.personId) as detail:
        profile = wiring.care_service().register(
            community_id,
            Registration(
                person_id=b.personId,
                house_id=b.houseId,
                categories=tuple(b.categories),
                care_level=b.careLevel,
                consent=Consent(b.consent.consentedBy, b.consent.consentedAt, tuple(b.consent.scopes)),
                guardians=guardians_of(b.guardians),
                wearables=tuple(b.wearables),
                door_contacts=tuple(b.doorContacts),
                meters=tuple(b.meters),
                quiet_hours=b.quietHours,
                utility_hours=b.utilityQuietHours,
                heart_rate_low=b.heartRateLow,
                heart_rate_high=b.heartRateHigh,
                heart_rate_minutes=b.heartRateMinutes,
                health=b.health.model_dump(mode="json") if b.health else None,
            ),
            call.who.subject,
        )
        detail["careId"] = profile.care_id
    return view(community_id, profile, status=False)


@endpoint(
    bp,
    "GET",
    CARE + "/people",
    audience="staff",
    access=Access.community("care:read"),
    query=PageQuery,
    response=ProfilePage,
    summary="The people in the care register (no health data)",
    operation_id="listCarePeople",
)
def people(call: Call[Any]) -> ProfilePage:
    community_id = call.path["community_id"]
    items, cursor = wiring.care_service().page(community_id, call.query.limit, call.query.cursor)
    return ProfilePage(items=[view(community_id, p, status=False) for p in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    PERSON,
    audience="staff",
    access=Access.community("care:read"),
    response=ProfileView,
    errors=(404,),
    summary="One person in care: profile, guardians, status (last seen, battery, online); no health data",
    operation_id="getCarePerson",
)
def person(call: Call[Any]) -> ProfileView:
    community_id = call.path["community_id"]
    return view(community_id, wiring.care_service().get(community_id, call.path["person_id"]))


@endpoint(
    bp,
    "GET",
    PERSON + "/health",
    audience="staff",
    access=Access.community("care:health"),
    response=HealthView,
    errors=(404,),
    audit_refusals=True,
    summary="The person's health record (a care role only; every read is audited before it is answered)",
    operation_id="getCareHealth",
)
def health(call: Call[Any]) -> HealthView:
    community_id, person_id = call.path["community_id"], call.path["person_id"]
    service = wiring.care_service()
    profile = service.get(community_id, person_id)
    record = service.health(profile)
    # Strict: a read that cannot be recorded is not answered.
    record_call(call, "care.health.read", "person", person_id, detail={"careId": profile.care_id}, strict=True)
    return HealthView(
        personId=person_id,
        conditions=list(record.get("conditions") or []),
        medications=list(record.get("medications") or []),
        notes=record.get("notes"),
    )


@endpoint(
    bp,
    "PUT",
    PERSON + "/guardians",
    audience="staff",
    access=Access.community("care:manage"),
    request=GuardiansRequest,
    response=ProfileView,
    errors=(400, 404, 409),
    summary="Replace the person's guardians (in order of contact)",
    operation_id="setCareGuardians",
)
def set_guardians(call: Call[GuardiansRequest]) -> ProfileView:
    community_id, person_id = call.path["community_id"], call.path["person_id"]
    with audited(call, "care.guardians", "person", person_id):
        profile = wiring.care_service().set_guardians(community_id, person_id, guardians_of(call.body.guardians))
    return view(community_id, profile, status=False)


@endpoint(
    bp,
    "GET",
    CARE + "/alerts",
    audience="staff",
    access=Access.community("care:read"),
    query=AlertQuery,
    response=AlertPage,
    summary="The community's care alerts (signs of need), newest first",
    operation_id="listCareAlerts",
)
def alerts(call: Call[AlertQuery]) -> AlertPage:
    q = call.query
    items, cursor = wiring.care_service().alerts(call.path["community_id"], q.status, q.limit, q.cursor)
    return AlertPage(items=[alert_view(a) for a in items], nextCursor=cursor)


def _alert_id(call: Call[Any]) -> str:
    alert_id = call.path["alert_id"]
    if not ALERT_ID.match(alert_id):
        raise NotFound("no such care alert", code="CARE_ALERT_NOT_FOUND")
    return alert_id


@endpoint(
    bp,
    "POST",
    ALERT + "/acknowledge",
    audience="staff",
    access=Access.community("care:handle"),
    response=AlertView,
    errors=(404, 409),
    summary="Acknowledge a care alert (somebody is on it)",
    operation_id="acknowledgeCareAlert",
)
def acknowledge(call: Call[Any]) -> AlertView:
    alert_id = _alert_id(call)
    with audited(call, "care.alert.acknowledge", "care_alert", alert_id):
        alert = wiring.care_service().acknowledge(call.path["community_id"], alert_id, call.who.subject)
    return alert_view(alert)


@endpoint(
    bp,
    "POST",
    ALERT + "/resolve",
    audience="staff",
    access=Access.community("care:handle"),
    request=VisitRequest,
    response=AlertView,
    errors=(400, 404, 409),
    summary="Resolve a care alert with the visit record (who visited, when, how the person was)",
    operation_id="resolveCareAlert",
)
def resolve(call: Call[VisitRequest]) -> AlertView:
    alert_id, b = _alert_id(call), call.body
    with audited(call, "care.alert.resolve", "care_alert", alert_id):
        alert = wiring.care_service().resolve(
            call.path["community_id"], alert_id, VisitRecord(call.who.subject, b.visitedAt, b.outcome, b.note)
        )
    return alert_view(alert)


@endpoint(
    bp,
    "GET",
    CARE + "/long-absence",
    audience="staff",
    access=Access.community("care:read"),
    query=PageQuery,
    response=AbsentPage,
    summary="Residents with no access record for more than half a year (000 7.2.1 d), a page of houses at a time",
    operation_id="listLongAbsence",
)
def long_absence(call: Call[Any]) -> AbsentPage:
    community_id = call.path["community_id"]
    after = str((decode_cursor(call.query.cursor) or {}).get("house") or "") or None
    found, last = wiring.care_service().long_absence(community_id, call.query.limit, after)
    names = place_labels(community_id, house_ids={a.house_id for a in found})
    items = [absent_view(a, names.get(a.house_id, a.house_id)) for a in found]
    return AbsentPage(items=items, nextCursor=encode_cursor({"house": last} if last else None))
