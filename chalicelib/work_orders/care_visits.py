"""Care visits (work order type `care_visit`): the visit a community worker makes to a person in care, opened by the
care register when a care alert is acknowledged and closed in one step, from any open status, when the visit is
recorded (what resolving the care alert does). The category is built in, outside every community's own tree."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, NotFound
from chalicelib.work_orders.model import (
    CARE_VISIT,
    CARE_VISIT_CATEGORY,
    CLOSED,
    Actor,
    Location,
    Ticket,
    TransitionRefused,
)

if TYPE_CHECKING:
    from chalicelib.work_orders.service import WorkOrderService


def open_care_visit(
    svc: WorkOrderService, community_id: str, *, ticket_id: str, house_id: str, description: str, reporter: str
) -> Ticket:
    """A care visit to a house of the community (the care register checked the house and the person): once per
    `ticket_id` (a repeat returns the existing one)."""
    existing = svc.repo.get(community_id, ticket_id)
    if existing is not None:
        return existing
    now = svc.now()
    category = CARE_VISIT_CATEGORY
    actor = Actor(subject=reporter, kind="system")
    ticket = Ticket(
        ticket_id=ticket_id,
        community_id=community_id,
        kind=CARE_VISIT,
        category_id=category.category_id,
        skill=category.skill,
        description=description,
        location=Location(house_id=house_id),
        source="care",
        reporter=reporter,
        reporter_kind="system",
        contact="none",
        created_at=now,
        response_due_at=now + timedelta(minutes=category.response_minutes),
        resolution_due_at=now + timedelta(minutes=category.resolution_minutes),
        version=1,
    ).noted(actor, "submitted", now, kind=CARE_VISIT, category=category.category_id)
    try:
        svc.repo.add(ticket)
    except Conflict as exc:
        if exc.code != "WORK_ORDER_EXISTS":
            raise
        found = svc.repo.get(community_id, ticket_id)
        if found is None:
            raise
        return found
    svc._notify_staff(ticket, "work_order.submitted")
    return ticket


def record_care_visit(
    svc: WorkOrderService,
    community_id: str,
    ticket_id: str,
    actor: Actor,
    *,
    visited_at: datetime,
    outcome: str,
    note: str,
) -> Ticket:
    """The visit done: recorded on the care visit and the work order closed, from any open status. A visit
    recorded already (a retry) changes nothing; a cancelled care visit is refused."""
    ticket = svc.repo.get(community_id, ticket_id)
    if ticket is None or ticket.kind != CARE_VISIT:
        raise NotFound(f"work order {ticket_id} not found", code="WORK_ORDER_NOT_FOUND")
    if ticket.status == CLOSED and any(e["action"] == "visit" for e in ticket.timeline):
        return ticket
    if ticket.finished:
        raise TransitionRefused(
            f"cannot record a visit on a work order that is {ticket.status}",
            details=[{"field": "status", "code": ticket.status, "message": "allowed: none"}],
        )
    now = svc.now()
    moved = replace(
        ticket,
        status=CLOSED,
        accepted_at=ticket.accepted_at or now,
        resolved_at=now,
        closed_at=now,
        assignee=ticket.assignee or actor.subject,
        version=ticket.version + 1,
    ).noted(actor, "visit", now, visitedAt=iso(visited_at), outcome=outcome, note=note)
    done = svc._save(moved)
    svc._stop_clock(done, "care visit recorded")
    return done
