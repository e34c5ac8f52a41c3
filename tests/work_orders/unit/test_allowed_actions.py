"""`allowedActions` per caller: what the reporting resident, another household, the assigned technician, another
technician, a guard and a manager may do now, by the ticket's state and the work-order rules (each case fails when
its rule is taken out of `allowed_actions`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from chalicelib.kernel.security.permissions import permissions_of
from chalicelib.work_orders import model as wo

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
HOUSE = "h-1"


def staff(subject: str, role: str) -> wo.Actor:
    may = frozenset(p for p in permissions_of({role}) if p.startswith("workorder:"))
    return wo.Actor(subject, "staff", frozenset({role}), frozenset(), subject, may)


REPORTER = wo.Actor("res-1", "resident", frozenset({"resident.owner"}), frozenset({HOUSE}))
HOUSEMATE = wo.Actor("res-2", "resident", frozenset({"resident.family"}), frozenset({HOUSE}))
STRANGER = wo.Actor("res-9", "resident", frozenset({"resident.owner"}), frozenset({"h-9"}))
TECH, OTHER_TECH = staff("tech-a", "staff.technician"), staff("tech-b", "staff.technician")
GUARD, MANAGER = staff("guard-1", "staff.guard"), staff("mgr-1", "staff.manager")


def ticket(status: str, kind: str = "repair", **changes: object) -> wo.Ticket:
    base = wo.Ticket(
        ticket_id="wo-1",
        community_id="c-1",
        kind=kind,
        category_id="repair-plumbing",
        skill="plumbing",
        description="Leak",
        location=wo.Location(house_id=HOUSE),
        source="resident",
        reporter=REPORTER.subject,
        reporter_kind="resident",
        contact="message",
        created_at=NOW - timedelta(hours=1),
        response_due_at=NOW,
        resolution_due_at=NOW + timedelta(hours=8),
        status=status,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def photo(phase: str, status: str, age: timedelta = timedelta(seconds=5)) -> wo.Photo:
    return wo.Photo("ph-1", "wo-1", "c-1", phase, "image/jpeg", 1000, "x", NOW - age, status=status)


def allowed(t: wo.Ticket, who: wo.Actor, photos: list[wo.Photo] | None = None) -> list[str]:
    return wo.allowed_actions(t, who, NOW, photos or [])


def test_a_new_ticket_per_caller() -> None:
    t = ticket("submitted")
    assert allowed(t, REPORTER) == ["cancel", "photo", "urge"]
    assert allowed(t, HOUSEMATE) == ["photo", "urge"], "only the reporter cancels"
    assert allowed(t, STRANGER) == [], "another household may do nothing"
    assert allowed(t, GUARD) == ["accept"]
    assert allowed(t, TECH) == ["accept"]
    assert allowed(t, MANAGER) == ["accept"]


def test_accepted_assigned_in_progress() -> None:
    accepted = ticket("accepted")
    assert allowed(accepted, REPORTER) == ["cancel", "photo", "urge"]
    assert allowed(accepted, TECH) == ["grab"], "a technician grabs, never assigns"
    assert allowed(accepted, GUARD) == []
    assert allowed(accepted, MANAGER) == ["assign", "grab"]
    assigned = ticket("assigned", assignee=TECH.subject)
    assert allowed(assigned, TECH) == ["start"]
    assert allowed(assigned, OTHER_TECH) == [], "only the assignee (or a manager) starts"
    assert allowed(assigned, MANAGER) == ["assign", "start"]
    assert allowed(assigned, REPORTER) == ["photo", "urge"], "no cancel once assigned"
    working = ticket("in_progress", assignee=TECH.subject)
    assert allowed(working, TECH) == ["photo"], "a repair resolves with an after-photo"
    assert allowed(working, TECH, [photo("after", "pending")]) == ["photo"], "not while it is uploading"
    assert allowed(working, TECH, [photo("after", "processing")]) == ["photo"]
    assert allowed(working, TECH, [photo("after", "ready")]) == ["photo", "resolve"]
    assert allowed(working, TECH, [photo("before", "ready")]) == ["photo"], "a before-photo is not an after-photo"
    assert allowed(ticket("in_progress", kind="suggestion", assignee=TECH.subject), TECH) == ["photo", "resolve"]
    assert allowed(working, OTHER_TECH, [photo("after", "ready")]) == []


def test_urging_waits_its_interval_and_reopening_its_window() -> None:
    urged = ticket("accepted", urged_at=NOW - timedelta(minutes=5))
    assert "urge" not in allowed(urged, REPORTER)
    assert "urge" in allowed(replace(urged, urged_at=NOW - wo.URGE_INTERVAL), REPORTER)
    resolved = ticket("resolved", assignee=TECH.subject, resolved_at=NOW - timedelta(days=1))
    assert allowed(resolved, REPORTER) == ["photo", "rate", "reopen"]
    assert allowed(replace(resolved, resolved_at=NOW - timedelta(days=8)), REPORTER) == ["photo", "rate"]
    assert allowed(resolved, TECH) == []
    assert allowed(resolved, MANAGER) == ["close", "return_visit"]


def test_a_complaint_closes_after_its_return_visit() -> None:
    complaint = ticket("resolved", kind="complaint", resolved_at=NOW)
    assert allowed(complaint, MANAGER) == ["return_visit"]
    visited = replace(
        complaint, timeline=({"at": "", "by": MANAGER.subject, "byKind": "staff", "action": "return_visit"},)
    )
    assert allowed(visited, MANAGER) == ["close", "return_visit"]
    assert allowed(ticket("closed"), MANAGER) == [] and allowed(ticket("cancelled"), REPORTER) == []


def test_photo_states_and_slots() -> None:
    assert wo.photo_state(photo("before", "pending"), NOW) == "uploading"
    assert wo.photo_state(photo("before", "pending", wo.UPLOAD_WINDOW + timedelta(seconds=1)), NOW) == "expired"
    assert wo.photo_state(photo("before", "processing"), NOW) == "processing"
    stale = [photo("before", "pending", timedelta(hours=1))] * wo.MAX_PHOTOS_PER_PHASE
    assert wo.slots_in_use(stale, "before", NOW) == 0, "an expired form holds no slot"
    assert "photo" in allowed(ticket("submitted"), REPORTER, stale)
    live = [photo("before", "ready")] * wo.MAX_PHOTOS_PER_PHASE
    assert "photo" not in allowed(ticket("submitted"), REPORTER, live)
