"""Work orders: the ticket and its photos, categories, the people who act on them, the lifecycle's states and the
actions each allows, and the ports the use cases work with (`service.py`). Pure Python.

Lifecycle: submitted -> accepted -> assigned -> in_progress -> resolved -> rated -> closed, with cancel before
work starts (`ACTIONS` lists what may follow each status). A care visit (`care_visit`, opened by the care register
when a care alert is acknowledged) also closes in one step from any open status when the visit is recorded
(`WorkOrderService.record_care_visit`, what resolving the care alert does).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, InvalidInput

CARE_VISIT = "care_visit"  # a community worker's visit to a person in care (opened by the care register)
KINDS = ("repair", "complaint", "suggestion", CARE_VISIT)
SUBMITTED, ACCEPTED, ASSIGNED, IN_PROGRESS = "submitted", "accepted", "assigned", "in_progress"
RESOLVED, RATED, CLOSED, CANCELLED = "resolved", "rated", "closed", "cancelled"
STATUSES = (SUBMITTED, ACCEPTED, ASSIGNED, IN_PROGRESS, RESOLVED, RATED, CLOSED, CANCELLED)
FINISHED = frozenset({CLOSED, CANCELLED})
# Which action may follow which status; the 409 for a refused transition lists what is allowed instead.
ACTIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({"accept", "cancel", "urge"}),
    ACCEPTED: frozenset({"assign", "grab", "cancel", "urge"}),
    ASSIGNED: frozenset({"assign", "start", "urge"}),
    IN_PROGRESS: frozenset({"resolve", "urge"}),
    RESOLVED: frozenset({"rate", "reopen", "return_visit", "close"}),
    RATED: frozenset({"reopen", "return_visit", "close"}),
    CLOSED: frozenset(),
    CANCELLED: frozenset(),
}
SOURCES = ("resident", "staff", "alarm", "care")
# What counts as meeting each deadline: a response is any move past submitted; a resolution is resolved or later.
SLA_MET = {
    "response": frozenset(STATUSES) - {SUBMITTED},
    "resolution": frozenset({RESOLVED, RATED, CLOSED}),
}
REOPEN_WINDOW = timedelta(days=7)
UPLOAD_WINDOW = timedelta(minutes=10)  # how long an upload form is valid: a slot still empty after it never fills
URGE_INTERVAL = timedelta(minutes=30)
MAX_PHOTOS_PER_PHASE = 9
MAX_TIMELINE = 200
MAX_STATS_RANGE = timedelta(days=366)


@dataclass(frozen=True)
class Category:
    category_id: str
    name: str
    kind: str
    response_minutes: int
    resolution_minutes: int
    skill: str
    parent_id: str | None = None


# What a community starts with until its manager defines its own tree (parents first).
DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("repair", "Repairs", "repair", 30, 24 * 60, "general"),
    Category("repair-plumbing", "Plumbing and leaks", "repair", 30, 8 * 60, "plumbing", "repair"),
    Category("repair-electrical", "Electrical", "repair", 30, 8 * 60, "electrical", "repair"),
    Category("repair-elevator", "Elevator", "repair", 15, 4 * 60, "elevator", "repair"),
    Category("repair-public", "Public area and facilities", "repair", 60, 48 * 60, "general", "repair"),
    Category("complaint", "Complaints", "complaint", 60, 72 * 60, "service"),
    Category("complaint-noise", "Noise", "complaint", 60, 24 * 60, "service", "complaint"),
    Category("complaint-service", "Property service", "complaint", 60, 72 * 60, "service", "complaint"),
    Category("suggestion", "Suggestions", "suggestion", 24 * 60, 7 * 24 * 60, "service"),
)


# A care visit's category: built in, outside every community's own tree (reported only by the care register).
CARE_VISIT_CATEGORY = Category(CARE_VISIT, "Care visits", CARE_VISIT, 60, 24 * 60, "care")


def category_name(category: Category) -> str:
    """The name people read: a default category the community has not renamed is named by the message catalogue
    (Chinese first: 水管漏水); a community's own name is shown as written."""
    from chalicelib.kernel.i18n import has_label, label

    default = next(
        (d for d in (*DEFAULT_CATEGORIES, CARE_VISIT_CATEGORY) if d.category_id == category.category_id), None
    )
    if default is not None and default.name == category.name and has_label("work_order.category", category.category_id):
        return label("work_order.category", category.category_id)
    return category.name


@dataclass(frozen=True)
class Location:
    house_id: str | None = None
    area: str | None = None  # a public area, e.g. "Building 3 lobby"
    building_id: str | None = None


@dataclass(frozen=True)
class Actor:
    subject: str
    kind: str  # resident | staff | admin | system
    roles: frozenset[str] = frozenset()
    households: frozenset[str] = frozenset()
    name: str = ""
    may: frozenset[str] = frozenset()  # the work-order permissions the caller's roles grant (workorder:...)

    @property
    def is_resident(self) -> bool:
        return self.kind == "resident"


SYSTEM = Actor(subject="system", kind="system")


@dataclass(frozen=True)
class Photo:
    photo_id: str
    ticket_id: str
    community_id: str
    phase: str  # before (reported) | after (resolution)
    content_type: str
    declared_bytes: int
    uploaded_by: str
    created_at: datetime
    status: str = "pending"  # pending -> processing (the file arrived) -> ready | rejected
    reason: str | None = None
    width: int | None = None
    height: int | None = None
    display_key: str | None = None
    thumb_key: str | None = None
    processed_at: datetime | None = None


@dataclass(frozen=True)
class Ticket:
    ticket_id: str
    community_id: str
    kind: str
    category_id: str
    skill: str
    description: str
    location: Location
    source: str
    reporter: str
    reporter_kind: str
    contact: str  # call | message | none
    created_at: datetime
    response_due_at: datetime
    resolution_due_at: datetime
    status: str = SUBMITTED
    version: int = 0
    assignee: str | None = None
    accepted_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = None
    urged_at: datetime | None = None
    urge_count: int = 0
    escalations: tuple[str, ...] = ()
    alarm_id: str | None = None
    execution_arn: str | None = None
    timeline: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def allowed(self) -> list[str]:
        return sorted(ACTIONS[self.status])

    def noted(self, actor: Actor, action: str, now: datetime, **detail: Any) -> Ticket:
        entry = {"at": iso(now), "by": actor.subject, "byKind": actor.kind, "action": action}
        entry.update({k: v for k, v in detail.items() if v is not None})
        return replace(self, timeline=(*self.timeline, entry)[-MAX_TIMELINE:])

    def brief(self) -> dict[str, Any]:
        """What a notice about the ticket says (the notifications' `work_order` template puts it into words)."""
        loc = self.location
        return {
            "ticketId": self.ticket_id,
            "kind": self.kind,
            "status": self.status,
            "category": self.category_id,
            "dueAt": iso(self.resolution_due_at),
            "location": {"houseId": loc.house_id or "", "buildingId": loc.building_id or "", "area": loc.area or ""},
            "description": self.description,
            "assignee": self.assignee or "",
            "at": str(self.timeline[-1]["at"]) if self.timeline else iso(self.created_at),
            "version": self.version,
        }

    def workflow_input(self) -> dict[str, Any]:
        return {
            "communityId": self.community_id,
            "ticketId": self.ticket_id,
            "responseDueAt": iso(self.response_due_at),
            "resolutionDueAt": iso(self.resolution_due_at),
        }


def photo_state(photo: Photo, now: datetime) -> str:
    """What a viewer is told: uploading (the form is out, no file yet), processing (the file arrived and is being
    checked and resized), ready, rejected, or expired (the form ran out with nothing uploaded: it never fills)."""
    if photo.status == "pending":
        return "expired" if now - photo.created_at > UPLOAD_WINDOW else "uploading"
    return photo.status


UNDER_WAY = frozenset({"uploading", "processing"})
MANAGING_ROLES = frozenset({"staff.manager", "community.admin", "platform.admin"})


def allowed_actions(ticket: Ticket, actor: Actor, now: datetime, photos: list[Photo]) -> list[str]:
    """What this caller may do to this ticket now: the ticket's state, the caller's role and relation to it (the
    reporting household, the assigned technician, a manager), and the rules each action checks (the reporter
    cancels; urging once per interval; reopening within its window; a repair resolves with a ready after-photo;
    a complaint closes after its return visit). `photo` = may add a photo."""
    state, can = ACTIONS[ticket.status], set()
    if actor.is_resident:
        if not (ticket.reporter == actor.subject or ticket.location.house_id in actor.households):
            return []
        if "cancel" in state and ticket.reporter == actor.subject:
            can.add("cancel")
        if "urge" in state and (ticket.urged_at is None or now - ticket.urged_at >= URGE_INTERVAL):
            can.add("urge")
        if "rate" in state:
            can.add("rate")
        if "reopen" in state and ticket.resolved_at is not None and now - ticket.resolved_at <= REOPEN_WINDOW:
            can.add("reopen")
        if not ticket.finished and slots_in_use(photos, "before", now) < MAX_PHOTOS_PER_PHASE:
            can.add("photo")
        return sorted(can)
    working = "workorder:work" in actor.may
    in_charge = ticket.assignee == actor.subject or bool(MANAGING_ROLES & actor.roles)
    if "accept" in state and "workorder:accept" in actor.may:
        can.add("accept")
    if "assign" in state and "workorder:manage" in actor.may:
        can.add("assign")
    if "grab" in state and working:
        can.add("grab")
    if "start" in state and working and in_charge:
        can.add("start")
    if "resolve" in state and working and in_charge and resolve_refusal(ticket, photos, now) is None:
        can.add("resolve")
    if ticket.status == IN_PROGRESS and working and in_charge:
        can.add("photo")
    if "return_visit" in state and "workorder:manage" in actor.may:
        can.add("return_visit")
    visited = ticket.kind != "complaint" or any(e["action"] == "return_visit" for e in ticket.timeline)
    if "close" in state and "workorder:manage" in actor.may and visited:
        can.add("close")
    return sorted(can)


def slots_in_use(photos: list[Photo], phase: str, now: datetime) -> int:
    """Photo slots of a phase that count against its limit (a rejected photo or an expired form does not)."""
    return sum(1 for p in photos if p.phase == phase and photo_state(p, now) not in ("rejected", "expired"))


def resolve_refusal(ticket: Ticket, photos: list[Photo], now: datetime) -> Conflict | None:
    """Why a repair may not be resolved yet: no after-photo (AFTER_PHOTO_REQUIRED), or one still on its way
    (AFTER_PHOTO_PROCESSING: try again in a few seconds); None when a ready after-photo exists (or no repair)."""
    after = [p for p in photos if p.phase == "after"]
    if ticket.kind != "repair" or any(p.status == "ready" for p in after):
        return None
    under_way = [p for p in after if photo_state(p, now) in UNDER_WAY]
    if under_way:
        return Conflict(
            "the after-photo is still being uploaded or processed; resolve once it is ready",
            code="AFTER_PHOTO_PROCESSING",
            details=[
                {"field": f"photos.{p.photo_id}", "code": photo_state(p, now), "message": "not ready yet"}
                for p in under_way
            ],
        )
    return Conflict("a repair is resolved with at least one after-photo", code="AFTER_PHOTO_REQUIRED")


def photo_ids(ticket: Ticket) -> list[str]:
    """The ticket's photo slots, from its timeline (each slot is opened with a `photo_added` entry)."""
    return [str(e["photoId"]) for e in ticket.timeline if e.get("action") == "photo_added" and e.get("photoId")]


@dataclass(frozen=True)
class Notice:
    """One message to one person about a ticket; the notifier picks the channel from the recipient's kind."""

    recipient: str
    recipient_kind: str  # resident | staff
    community_id: str
    topic: str  # work_order.accepted, work_order.escalated, ...
    data: dict[str, Any]


# ---- ports ---------------------------------------------------------------------------------------------------
Page = tuple[list["Ticket"], str | None]  # items and the cursor of the next page


class TicketRepository(Protocol):
    def add(self, ticket: Ticket) -> None: ...

    def get(self, community_id: str, ticket_id: str) -> Ticket | None: ...

    def replace(self, ticket: Ticket) -> bool:
        """Write `ticket` (whose version is already one higher) only if the stored version is one lower."""
        ...

    def add_photo(self, photo: Photo, ticket: Ticket) -> bool:
        """Add a pending photo slot and bump the ticket version in one transaction; False on a lost race."""
        ...

    def get_photo(self, community_id: str, ticket_id: str, photo_id: str) -> Photo | None: ...

    def photos(self, community_id: str, ticket_id: str) -> list[Photo]: ...

    def settle_photo(self, photo: Photo) -> bool:
        """Record a pending or processing photo as ready or rejected; False when it was settled already."""
        ...

    def start_processing(self, photo: Photo) -> bool:
        """Mark a pending photo `processing` (its file arrived); False when it was not pending any more."""
        ...

    def photos_of(self, tickets: list[Ticket]) -> dict[str, list[Photo]]:
        """Every photo of these tickets by ticket id (the slots their timelines name), in few reads."""
        ...

    def of_house(self, community_id: str, house_id: str, limit: int, cursor: str | None) -> Page: ...

    def pool(self, community_id: str, limit: int, cursor: str | None) -> Page: ...

    def of_technician(self, community_id: str, account_id: str, done: bool, limit: int, cursor: str | None) -> Page: ...

    def of_community(
        self, community_id: str, since: datetime | None, until: datetime | None, limit: int, cursor: str | None
    ) -> Page: ...

    def all_in_range(self, community_id: str, since: datetime, until: datetime, cap: int = 5000) -> list[Ticket]: ...


class Categories(Protocol):
    def of(self, community_id: str) -> list[Category]: ...

    def put(self, community_id: str, category: Category) -> None: ...


class Technicians(Protocol):
    def on_duty_with_skill(self, community_id: str, skill: str) -> list[str]: ...

    def next_turn(self, community_id: str, skill: str) -> int:
        """An ever-increasing counter per community and skill (an atomic add): the round-robin pointer."""
        ...

    def is_technician(self, community_id: str, account_id: str) -> bool: ...

    def set_profile(self, community_id: str, account_id: str, skills: set[str], on_duty: bool) -> None: ...

    def managers(self, community_id: str) -> list[str]:
        """Who hears about escalations, urging and poor ratings: the community's managers."""
        ...


class Notifier(Protocol):
    def send(self, notices: list[Notice]) -> None: ...


class Places(Protocol):
    """The registry's houses and buildings, as a ticket's location names them."""

    def building_of_house(self, community_id: str, house_id: str) -> str | None:
        """The house's building id ("" when it has none); None when the community holds no such house."""
        ...

    def building_exists(self, community_id: str, building_id: str) -> bool: ...


class SlaWorkflows(Protocol):
    def start(self, ticket: Ticket) -> str: ...

    def stop(self, execution_arn: str, reason: str) -> None: ...


def early_wait_seconds(now: datetime, deadline: datetime) -> int:
    """Whole seconds from `now` to a later `deadline`, rounded up (a Wait state counts whole seconds), at least 1."""
    return max(1, math.ceil((deadline - now).total_seconds()))


def new_ticket_id() -> str:
    return "wo-" + secrets.token_hex(8)


def new_photo_id() -> str:
    return "ph-" + secrets.token_hex(8)


def invalid_input(field_name: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="VALIDATION_FAILED", details=[{"field": field_name, "code": code, "message": message}]
    )


class TransitionRefused(Conflict):
    code = "TRANSITION_NOT_ALLOWED"


class StaleTicket(Conflict):
    code = "TICKET_CHANGED"


def category_tree(categories: list[Category]) -> list[Category]:
    """Validate a tree: unique ids, parents exist and share the kind, no cycles."""
    by_id = {c.category_id: c for c in categories}
    if len(by_id) != len(categories):
        raise invalid_input("categoryId", "duplicate", "category ids must be unique")
    for c in categories:
        seen = {c.category_id}
        parent = c.parent_id
        while parent is not None:
            if parent not in by_id:
                raise invalid_input("parentId", "unknown", f"parent {parent} of {c.category_id} does not exist")
            if by_id[parent].kind != c.kind:
                raise invalid_input("parentId", "kind_mismatch", f"{c.category_id} and its parent differ in kind")
            if parent in seen:
                raise invalid_input("parentId", "cycle", f"{c.category_id} is its own ancestor")
            seen.add(parent)
            parent = by_id[parent].parent_id
    return categories
