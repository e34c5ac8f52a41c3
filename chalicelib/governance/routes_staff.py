"""Staff warning routes: list, acknowledge and resolve with a note (audited), read and set the thresholds, run now."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.governance import wiring
from chalicelib.governance.adapters import subject_names
from chalicelib.governance.contracts import (
    NoteRequest,
    RunView,
    ThresholdsBody,
    WarningList,
    WarningQuery,
    WarningView,
    run_view,
    warning_view,
)
from chalicelib.governance.model import Thresholds
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}"
ONE = STAFF + "/warnings/{warning_id}"


@endpoint(
    bp,
    "GET",
    STAFF + "/warnings",
    audience="staff",
    access=Access.community("warning:read"),
    query=WarningQuery,
    response=WarningList,
    summary="The community's anomaly warnings (population, vehicles, houses), newest first",
)
def list_warnings(call: Call[WarningQuery]) -> WarningList:
    q = call.query
    assert q is not None
    cid = call.path["community_id"]
    items = wiring.warning_service().store.find(cid, q.status, q.limit)
    names = subject_names(cid, [(w.subject_type, w.subject_id) for w in items])
    return WarningList(items=[warning_view(w, names) for w in items])


@endpoint(
    bp,
    "POST",
    ONE + "/acknowledge",
    audience="staff",
    access=Access.community("warning:handle"),
    request=NoteRequest,
    response=WarningView,
    errors=(404, 409),
    summary="Acknowledge an open warning with a note",
)
def acknowledge_warning(call: Call[NoteRequest]) -> WarningView:
    assert call.body is not None and call.principal is not None
    cid, wid = call.path["community_id"], call.path["warning_id"]
    with audited(call, "warning_acknowledge", "warning", wid):
        w = wiring.warning_service().acknowledge(cid, wid, call.principal.subject, call.body.note)
    return warning_view(w, subject_names(cid, [(w.subject_type, w.subject_id)]))


@endpoint(
    bp,
    "POST",
    ONE + "/resolve",
    audience="staff",
    access=Access.community("warning:handle"),
    request=NoteRequest,
    response=WarningView,
    errors=(404, 409),
    summary="Resolve a warning with a note; the same anomaly found again raises a new one",
)
def resolve_warning(call: Call[NoteRequest]) -> WarningView:
    assert call.body is not None and call.principal is not None
    cid, wid = call.path["community_id"], call.path["warning_id"]
    with audited(call, "warning_resolve", "warning", wid):
        w = wiring.warning_service().resolve(cid, wid, call.principal.subject, call.body.note)
    return warning_view(w, subject_names(cid, [(w.subject_type, w.subject_id)]))


@endpoint(
    bp,
    "GET",
    STAFF + "/warning-thresholds",
    audience="staff",
    access=Access.community("warning:read"),
    response=ThresholdsBody,
    operation_id="getWarningThresholds",
    summary="The community's warning thresholds (the defaults until a manager sets them)",
)
def get_warning_thresholds(call: Call[Any]) -> ThresholdsBody:
    t = wiring.warning_service().store.thresholds(call.path["community_id"])
    return ThresholdsBody(
        awayDays=t.away_days,
        inNotOutDays=t.in_not_out_days,
        unregisteredEntries=t.unregistered_entries,
        leftDays=t.left_days,
        gatheringPersons=t.gathering_persons,
        cloneSeconds=t.clone_seconds,
        nightPassages=t.night_passages,
        zombieDays=t.zombie_days,
        frequentDailyPassages=t.frequent_per_day,
        vacancyEntries=t.empty_house_passages,
        groupRentalSubjects=t.group_rental_subjects,
    )


@endpoint(
    bp,
    "PUT",
    STAFF + "/warning-thresholds",
    audience="staff",
    access=Access.community("warning:configure"),
    request=ThresholdsBody,
    response=ThresholdsBody,
    summary="Set the warning thresholds and enrol the community in the daily run",
)
def set_warning_thresholds(call: Call[ThresholdsBody]) -> ThresholdsBody:
    b = call.body
    assert b is not None
    cid = call.path["community_id"]
    t = Thresholds(
        away_days=b.awayDays,
        in_not_out_days=b.inNotOutDays,
        unregistered_entries=b.unregisteredEntries,
        left_days=b.leftDays,
        gathering_persons=b.gatheringPersons,
        clone_seconds=b.cloneSeconds,
        night_passages=b.nightPassages,
        zombie_days=b.zombieDays,
        frequent_per_day=b.frequentDailyPassages,
        empty_house_passages=b.vacancyEntries,
        group_rental_subjects=b.groupRentalSubjects,
    )
    with audited(call, "warning_thresholds", "community", cid):
        wiring.warning_service().store.set_thresholds(cid, t)
    return b


@endpoint(
    bp,
    "POST",
    STAFF + "/warnings/run",
    audience="staff",
    access=Access.community("warning:configure"),
    response=RunView,
    summary="Run every warning rule now over the passages and the registry (the daily run does the same)",
)
def run_warnings(call: Call[Any]) -> RunView:
    cid = call.path["community_id"]
    with audited(call, "warning_run", "community", cid) as detail:
        result = wiring.warning_service().run(cid)
        detail.update(raised=result.raised, passages=result.passages)
    return run_view(result)
