"""Request and response models of the work-order routes (residents and staff), and the one view of a ticket."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from chalicelib.kernel.contracts import Contract, Id, Page, PageQuery, Time

Kind = Annotated[str, Field(pattern=r"^(repair|complaint|suggestion)$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
Note = Annotated[str, StringConstraints(min_length=1, max_length=500)]
ImageType = Annotated[str, Field(pattern=r"^image/(jpeg|png|webp)$")]
Skill = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,31}$")]


class ReportRequest(Contract):
    kind: Kind
    categoryId: Id = Field(examples=["repair-plumbing"])
    description: Text = Field(examples=["Water is leaking under the kitchen sink"])
    contact: Annotated[str, Field(pattern=r"^(call|message|none)$")] = "message"


class StaffReportRequest(ReportRequest):
    houseId: Id | None = Field(default=None, description="A house, or leave empty and name a public area")
    area: Annotated[str, StringConstraints(min_length=1, max_length=128)] | None = None
    buildingId: Id | None = None


class PhotoRequest(Contract):
    contentType: ImageType
    sizeBytes: int = Field(ge=1, le=12 * 1024 * 1024, description="The file's size; S3 refuses a larger upload")


class StaffPhotoRequest(PhotoRequest):
    phase: Annotated[str, Field(pattern=r"^(before|after)$")] = "after"


class UploadForm(Contract):
    photoId: str
    url: str = Field(description="POST the fields and then the file (multipart/form-data) to this URL")
    fields: dict[str, str]
    expiresInSeconds: int


class RateRequest(Contract):
    stars: int = Field(ge=1, le=5)
    comment: Annotated[str, StringConstraints(max_length=500)] | None = None


class ReasonRequest(Contract):
    reason: Note


class ResolveRequest(Contract):
    note: Note


class AssignRequest(Contract):
    assignee: Id | None = Field(default=None, description="A technician's account id; empty = round-robin by skill")


class ReturnVisitRequest(Contract):
    outcome: Annotated[str, Field(pattern=r"^(satisfied|unsatisfied|unreachable)$")]
    note: Note


class CategoryRequest(Contract):
    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    kind: Kind
    parentId: Id | None = None
    responseMinutes: int = Field(ge=1, le=7 * 24 * 60)
    resolutionMinutes: int = Field(ge=1, le=90 * 24 * 60)
    skill: Skill


class CategoryView(Contract):
    categoryId: str
    name: str
    kind: str
    parentId: str | None
    responseMinutes: int
    resolutionMinutes: int
    skill: str


class CategoryList(Contract):
    items: list[CategoryView]


class TechnicianRequest(Contract):
    skills: list[Skill] = Field(max_length=20)
    onDuty: bool = True


class TechnicianView(Contract):
    accountId: str
    skills: list[str]
    onDuty: bool


class PhotoView(Contract):
    photoId: str
    phase: str
    status: str = Field(
        description="uploading (the form is out, no file yet), processing (the file arrived; a few seconds), ready "
        "(with URLs), rejected (with a reason), expired (the form ran out unused)"
    )
    reason: str | None = None
    width: int | None = None
    height: int | None = None
    thumbUrl: str | None = Field(default=None, description="Presigned, valid for 5 minutes")
    displayUrl: str | None = None


class TimelineEntry(Contract):
    at: str
    by: str
    byName: str | None = Field(default=None, description="who, by name (staff name, the reporter's registered name)")
    byKind: str
    action: str
    detail: dict[str, Any] = Field(default_factory=dict)


class TicketLocation(Contract):
    houseId: str | None = None
    area: str | None = None
    buildingId: str | None = None
    label: str | None = Field(default=None, description="where, as people say it", examples=["3栋2单元1201"])


class TicketView(Contract):
    ticketId: str
    communityId: str
    kind: str
    categoryId: str
    description: str
    location: TicketLocation
    source: str
    status: str
    allowedActions: list[str] = Field(
        description="what this caller may do now (its role, its relation to the ticket, the ticket's state): accept, "
        "assign, grab, start, resolve, return_visit, close (staff); cancel, urge, rate, reopen (residents); photo"
    )
    assignee: str | None
    assigneeName: str | None = None
    assigneePhone: str | None = Field(default=None, description="masked, e.g. 138****5678")
    reporterName: str | None = None
    categoryName: str | None = None
    createdAt: str
    responseDueAt: str
    resolutionDueAt: str
    acceptedAt: str | None
    resolvedAt: str | None
    closedAt: str | None
    rating: int | None
    ratingComment: str | None
    urgeCount: int
    escalations: list[str]
    version: int
    photos: list[PhotoView] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)


class TicketPage(Page):
    items: list[TicketView]


class StaffListQuery(PageQuery):
    since: Time | None = None
    until: Time | None = None


class MineQuery(PageQuery):
    done: bool = False


class StatsQuery(Contract):
    since: Time
    until: Time = Field(description="after `since`, at most 366 days later")


class Statistics(Contract):
    total: int
    byStatus: dict[str, int]
    slaCompliance: float | None
    meanMinutesToAccept: float | None
    meanMinutesToResolve: float | None
    satisfactionByCategory: dict[str, float | None]
    satisfactionByTechnician: dict[str, float | None]


_TIMELINE_KEYS = {"at", "by", "byKind", "action"}


@dataclass(frozen=True)
class Names:
    """Display names for a set of tickets: places by house or building id, people by account id (name, masked
    phone), categories by id."""

    places: dict[str, str] = field(default_factory=dict)
    people: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    def name(self, account: str | None) -> str | None:
        found = self.people.get(account or "")
        return found[0] if found else None


def ticket_view(
    ticket: Any,
    photos: list[Any] | None = None,
    view_url: Any = None,
    actions: list[str] | None = None,
    names: Names | None = None,
    now: datetime | None = None,
) -> TicketView:
    from chalicelib.kernel.clock import iso, utcnow
    from chalicelib.work_orders.model import photo_state

    names, moment = names or Names(), now or utcnow()

    def when(moment: datetime | None) -> str | None:
        return iso(moment) if moment else None

    loc = ticket.location
    return TicketView(
        ticketId=ticket.ticket_id,
        communityId=ticket.community_id,
        kind=ticket.kind,
        categoryId=ticket.category_id,
        categoryName=names.categories.get(ticket.category_id),
        description=ticket.description,
        location=TicketLocation(
            houseId=loc.house_id,
            area=loc.area,
            buildingId=loc.building_id,
            label=names.places.get(loc.house_id or "") or loc.area or names.places.get(loc.building_id or ""),
        ),
        source=ticket.source,
        status=ticket.status,
        allowedActions=actions if actions is not None else ticket.allowed(),
        assignee=ticket.assignee,
        assigneeName=names.name(ticket.assignee),
        assigneePhone=names.people.get(ticket.assignee or "", ("", None))[1],
        reporterName=names.name(ticket.reporter),
        createdAt=iso(ticket.created_at),
        responseDueAt=iso(ticket.response_due_at),
        resolutionDueAt=iso(ticket.resolution_due_at),
        acceptedAt=when(ticket.accepted_at),
        resolvedAt=when(ticket.resolved_at),
        closedAt=when(ticket.closed_at),
        rating=ticket.rating,
        ratingComment=ticket.rating_comment,
        urgeCount=ticket.urge_count,
        escalations=list(ticket.escalations),
        version=ticket.version,
        photos=[photo_view(p, view_url, photo_state(p, moment)) for p in photos or []],
        timeline=[
            TimelineEntry(
                at=e["at"],
                by=e["by"],
                byName=names.name(e["by"]) or ("系统" if e["by"] == "system" else None),
                byKind=e["byKind"],
                action=e["action"],
                detail={k: v for k, v in e.items() if k not in _TIMELINE_KEYS},
            )
            for e in ticket.timeline
        ],
    )


def photo_view(photo: Any, view_url: Any = None, state: str | None = None) -> PhotoView:
    ready = photo.status == "ready" and view_url is not None
    return PhotoView(
        photoId=photo.photo_id,
        phase=photo.phase,
        status=state or photo.status,
        reason=photo.reason,
        width=photo.width,
        height=photo.height,
        thumbUrl=view_url(photo.thumb_key) if ready and photo.thumb_key else None,
        displayUrl=view_url(photo.display_key) if ready and photo.display_key else None,
    )


def category_view(c: Any) -> CategoryView:
    from chalicelib.work_orders.model import category_name

    return CategoryView(
        categoryId=c.category_id,
        name=category_name(c),
        kind=c.kind,
        parentId=c.parent_id,
        responseMinutes=c.response_minutes,
        resolutionMinutes=c.resolution_minutes,
        skill=c.skill,
    )
