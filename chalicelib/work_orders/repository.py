"""Work orders, their photos, categories and technician profiles in the work-order table.

Layout (every read is a GetItem or a Query):
- ticket:     pk `C#{c}#WO#{id}`, sk `WO`; gsi1 = household (`C#{c}#H#{house}#WO`) or reporter for tickets
  without a house; gsi2 = the technician's queue (`C#{c}#WO#POOL` until assigned, `C#{c}#WO#T#{who}#OPEN`
  while assigned, `...#DONE` after); gsi3 = the community's list by creation time (`C#{c}#WO`).
- photo:      pk `C#{c}#WO#{id}`, sk `PHOTO#{photoId}` (the ticket's item collection).
- category:   pk `C#{c}#WOCAT`, sk `CAT#{id}`.
- technician: pk `C#{c}#WOTECH`, sk `T#{account}` (skills, on duty); round-robin counters at sk `RR#{skill}`.
Tickets carry a version: every change is a conditional write on the version it was read at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import WorkOrderTable
from chalicelib.work_orders.model import ASSIGNED, IN_PROGRESS, Category, Location, Photo, Ticket, photo_ids


class TicketRecord(WorkOrderTable):
    ticket_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    category_id = UnicodeAttribute()
    skill = UnicodeAttribute()
    description = UnicodeAttribute()
    location = JSONAttribute()
    source = UnicodeAttribute()
    reporter = UnicodeAttribute()
    reporter_kind = UnicodeAttribute()
    contact = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    response_due_at = UTCDateTimeAttribute()
    resolution_due_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    version = NumberAttribute()
    assignee = UnicodeAttribute(null=True)
    accepted_at = UTCDateTimeAttribute(null=True)
    resolved_at = UTCDateTimeAttribute(null=True)
    closed_at = UTCDateTimeAttribute(null=True)
    rating = NumberAttribute(null=True)
    rating_comment = UnicodeAttribute(null=True)
    urged_at = UTCDateTimeAttribute(null=True)
    urge_count = NumberAttribute(default=0)
    escalations = JSONAttribute(default=list)
    alarm_id = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    timeline = JSONAttribute(default=list)


class PhotoRecord(WorkOrderTable):
    photo_id = UnicodeAttribute()
    ticket_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    phase = UnicodeAttribute()
    content_type = UnicodeAttribute()
    declared_bytes = NumberAttribute()
    uploaded_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    width = NumberAttribute(null=True)
    height = NumberAttribute(null=True)
    display_key = UnicodeAttribute(null=True)
    thumb_key = UnicodeAttribute(null=True)
    processed_at = UTCDateTimeAttribute(null=True)


class CategoryRecord(WorkOrderTable):
    category_id = UnicodeAttribute()
    name = UnicodeAttribute()
    kind = UnicodeAttribute()
    response_minutes = NumberAttribute()
    resolution_minutes = NumberAttribute()
    skill = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)


class TechnicianRecord(WorkOrderTable):
    account_id = UnicodeAttribute()
    skills = UnicodeSetAttribute(default=set)
    on_duty = BooleanAttribute(default=True)


class TurnRecord(WorkOrderTable):
    turns = NumberAttribute(default=0)


def ticket_pk(community_id: str, ticket_id: str) -> str:
    return f"C#{community_id}#WO#{ticket_id}"


def _queue_key(t: Ticket) -> str:
    if t.assignee is None:
        return f"C#{t.community_id}#WO#POOL" if not t.finished else f"C#{t.community_id}#WO#UNASSIGNED#DONE"
    state = "OPEN" if t.status in (ASSIGNED, IN_PROGRESS) else "DONE"
    return f"C#{t.community_id}#WO#T#{t.assignee}#{state}"


def _owner_key(t: Ticket) -> str:
    if t.location.house_id:
        return f"C#{t.community_id}#H#{t.location.house_id}#WO"
    return f"C#{t.community_id}#REPORTER#{t.reporter}#WO"


def _ticket_record(t: Ticket) -> TicketRecord:
    created = f"{iso(t.created_at)}#{t.ticket_id}"
    return TicketRecord(
        pk=ticket_pk(t.community_id, t.ticket_id),
        sk="WO",
        gsi1pk=_owner_key(t),
        gsi1sk=created,
        gsi2pk=_queue_key(t),
        gsi2sk=created,
        gsi3pk=f"C#{t.community_id}#WO",
        gsi3sk=created,
        ticket_id=t.ticket_id,
        community_id=t.community_id,
        kind=t.kind,
        category_id=t.category_id,
        skill=t.skill,
        description=t.description,
        location={"houseId": t.location.house_id, "area": t.location.area, "buildingId": t.location.building_id},
        source=t.source,
        reporter=t.reporter,
        reporter_kind=t.reporter_kind,
        contact=t.contact,
        created_at=t.created_at,
        response_due_at=t.response_due_at,
        resolution_due_at=t.resolution_due_at,
        status=t.status,
        version=t.version,
        assignee=t.assignee,
        accepted_at=t.accepted_at,
        resolved_at=t.resolved_at,
        closed_at=t.closed_at,
        rating=t.rating,
        rating_comment=t.rating_comment,
        urged_at=t.urged_at,
        urge_count=t.urge_count,
        escalations=list(t.escalations),
        alarm_id=t.alarm_id,
        execution_arn=t.execution_arn,
        timeline=list(t.timeline),
    )


def _ticket(r: TicketRecord) -> Ticket:
    loc = r.location or {}
    return Ticket(
        ticket_id=r.ticket_id,
        community_id=r.community_id,
        kind=r.kind,
        category_id=r.category_id,
        skill=r.skill,
        description=r.description,
        location=Location(house_id=loc.get("houseId"), area=loc.get("area"), building_id=loc.get("buildingId")),
        source=r.source,
        reporter=r.reporter,
        reporter_kind=r.reporter_kind,
        contact=r.contact,
        created_at=r.created_at,
        response_due_at=r.response_due_at,
        resolution_due_at=r.resolution_due_at,
        status=r.status,
        version=int(r.version),
        assignee=r.assignee,
        accepted_at=r.accepted_at,
        resolved_at=r.resolved_at,
        closed_at=r.closed_at,
        rating=int(r.rating) if r.rating is not None else None,
        rating_comment=r.rating_comment,
        urged_at=r.urged_at,
        urge_count=int(r.urge_count or 0),
        escalations=tuple(r.escalations or ()),
        alarm_id=r.alarm_id,
        execution_arn=r.execution_arn,
        timeline=tuple(r.timeline or ()),
    )


def _photo_record(p: Photo) -> PhotoRecord:
    return PhotoRecord(
        pk=ticket_pk(p.community_id, p.ticket_id),
        sk=f"PHOTO#{p.photo_id}",
        photo_id=p.photo_id,
        ticket_id=p.ticket_id,
        community_id=p.community_id,
        phase=p.phase,
        content_type=p.content_type,
        declared_bytes=p.declared_bytes,
        uploaded_by=p.uploaded_by,
        created_at=p.created_at,
        status=p.status,
        reason=p.reason,
        width=p.width,
        height=p.height,
        display_key=p.display_key,
        thumb_key=p.thumb_key,
        processed_at=p.processed_at,
    )


def _photo(r: PhotoRecord) -> Photo:
    return Photo(
        photo_id=r.photo_id,
        ticket_id=r.ticket_id,
        community_id=r.community_id,
        phase=r.phase,
        content_type=r.content_type,
        declared_bytes=int(r.declared_bytes),
        uploaded_by=r.uploaded_by,
        created_at=r.created_at,
        status=r.status,
        reason=r.reason,
        width=int(r.width) if r.width is not None else None,
        height=int(r.height) if r.height is not None else None,
        display_key=r.display_key,
        thumb_key=r.thumb_key,
        processed_at=r.processed_at,
    )


def _lost_race(exc: PutError | UpdateError | TransactWriteError) -> bool:
    if isinstance(exc, TransactWriteError):
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in (exc.cancellation_reasons or []))
    return condition_failed(exc)


class DynamoTicketRepository:
    def add(self, ticket: Ticket) -> None:
        try:
            _ticket_record(ticket).save(condition=TicketRecord.pk.does_not_exist())
        except PutError as exc:
            if _lost_race(exc):
                raise Conflict(f"work order {ticket.ticket_id} exists", code="WORK_ORDER_EXISTS") from exc
            raise

    def get(self, community_id: str, ticket_id: str) -> Ticket | None:
        try:
            return _ticket(TicketRecord.get(ticket_pk(community_id, ticket_id), "WO", consistent_read=True))
        except TicketRecord.DoesNotExist:
            return None

    def replace(self, ticket: Ticket) -> bool:
        try:
            _ticket_record(ticket).save(condition=TicketRecord.version == ticket.version - 1)
            return True
        except PutError as exc:
            if _lost_race(exc):
                return False
            raise

    def add_photo(self, photo: Photo, ticket: Ticket) -> bool:
        try:
            with TransactWrite(connection=transaction_connection(TicketRecord)) as tx:
                tx.save(_ticket_record(ticket), condition=TicketRecord.version == ticket.version - 1)
                tx.save(_photo_record(photo), condition=PhotoRecord.pk.does_not_exist())
            return True
        except TransactWriteError as exc:
            if _lost_race(exc):
                return False
            raise

    def get_photo(self, community_id: str, ticket_id: str, photo_id: str) -> Photo | None:
        try:
            return _photo(
                PhotoRecord.get(ticket_pk(community_id, ticket_id), f"PHOTO#{photo_id}", consistent_read=True)
            )
        except PhotoRecord.DoesNotExist:
            return None

    def photos(self, community_id: str, ticket_id: str) -> list[Photo]:
        query = PhotoRecord.query(
            ticket_pk(community_id, ticket_id), PhotoRecord.sk.startswith("PHOTO#"), consistent_read=True
        )
        return sorted((_photo(r) for r in query), key=lambda p: p.created_at)

    def settle_photo(self, photo: Photo) -> bool:
        try:
            _photo_record(photo).save(condition=PhotoRecord.status.is_in("pending", "processing"))
            return True
        except PutError as exc:
            if _lost_race(exc):
                return False
            raise

    def start_processing(self, photo: Photo) -> bool:
        try:
            _photo_record(replace(photo, status="processing")).save(condition=PhotoRecord.status == "pending")
            return True
        except PutError as exc:
            if _lost_race(exc):
                return False
            raise

    def photos_of(self, tickets: list[Ticket]) -> dict[str, list[Photo]]:
        """One BatchGetItem per 100 photos: the keys come from the tickets' timelines (`photo_added`)."""
        keys = [(ticket_pk(t.community_id, t.ticket_id), f"PHOTO#{p}") for t in tickets for p in photo_ids(t)]
        found: dict[str, list[Photo]] = {t.ticket_id: [] for t in tickets}
        for record in PhotoRecord.batch_get(list(dict.fromkeys(keys))):
            if record.sk.startswith("PHOTO#"):
                found.setdefault(record.ticket_id, []).append(_photo(record))
        return {ticket: sorted(photos, key=lambda p: p.created_at) for ticket, photos in found.items()}

    # ---- lists -----------------------------------------------------------------------------------------------
    def _page(self, index: Any, key: str, limit: int, cursor: str | None, **kw: Any) -> tuple[list[Ticket], str | None]:
        query = index.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor), **kw)
        return [_ticket(r) for r in query], encode_cursor(query.last_evaluated_key)

    def of_house(
        self, community_id: str, house_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Ticket], str | None]:
        return self._page(TicketRecord.gsi1, f"C#{community_id}#H#{house_id}#WO", limit, cursor)

    def pool(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Ticket], str | None]:
        return self._page(TicketRecord.gsi2, f"C#{community_id}#WO#POOL", limit, cursor)

    def of_technician(
        self, community_id: str, account_id: str, done: bool, limit: int, cursor: str | None
    ) -> tuple[list[Ticket], str | None]:
        state = "DONE" if done else "OPEN"
        return self._page(TicketRecord.gsi2, f"C#{community_id}#WO#T#{account_id}#{state}", limit, cursor)

    def of_community(
        self, community_id: str, since: datetime | None, until: datetime | None, limit: int, cursor: str | None
    ) -> tuple[list[Ticket], str | None]:
        condition: Any = None
        if since is not None and until is not None:
            condition = TicketRecord.gsi3sk.between(iso(since), iso(until) + "~")
        elif since is not None:
            condition = TicketRecord.gsi3sk >= iso(since)
        elif until is not None:
            condition = TicketRecord.gsi3sk <= iso(until) + "~"
        return self._page(TicketRecord.gsi3, f"C#{community_id}#WO", limit, cursor, range_key_condition=condition)

    def all_in_range(self, community_id: str, since: datetime, until: datetime, cap: int = 5000) -> list[Ticket]:
        query = TicketRecord.gsi3.query(
            f"C#{community_id}#WO", TicketRecord.gsi3sk.between(iso(since), iso(until) + "~"), limit=cap
        )
        return [_ticket(r) for r in query]


class AnnouncingTicketRepository(DynamoTicketRepository):
    """The store, telling `announce` of every ticket it wrote (new, and each change that won its race): the duty
    room's work-order list follows every path that changes a ticket from this one place."""

    def __init__(self, announce: Callable[[Ticket], None]) -> None:
        self._announce = announce

    def add(self, ticket: Ticket) -> None:
        super().add(ticket)
        self._announce(ticket)

    def replace(self, ticket: Ticket) -> bool:
        written = super().replace(ticket)
        if written:
            self._announce(ticket)
        return written


class DynamoCategories:
    def of(self, community_id: str) -> list[Category]:
        return [
            Category(
                category_id=r.category_id,
                name=r.name,
                kind=r.kind,
                response_minutes=int(r.response_minutes),
                resolution_minutes=int(r.resolution_minutes),
                skill=r.skill,
                parent_id=r.parent_id,
            )
            for r in CategoryRecord.query(f"C#{community_id}#WOCAT")
        ]

    def put(self, community_id: str, category: Category) -> None:
        CategoryRecord(
            pk=f"C#{community_id}#WOCAT",
            sk=f"CAT#{category.category_id}",
            category_id=category.category_id,
            name=category.name,
            kind=category.kind,
            response_minutes=category.response_minutes,
            resolution_minutes=category.resolution_minutes,
            skill=category.skill,
            parent_id=category.parent_id,
        ).save()


class DynamoTechnicianProfiles:
    """Skills and duty of technicians; who holds which role comes from the staff accounts (identity)."""

    def __init__(self, staff_in_community: Any):
        self._staff = staff_in_community  # (community_id) -> list of StaffAccount

    def _with_role(self, community_id: str, roles: set[str]) -> list[Any]:
        return [a for a in self._staff(community_id) if set(a.roles) & roles and not a.disabled]

    def profiles(self, community_id: str) -> dict[str, TechnicianRecord]:
        return {
            r.account_id: r
            for r in TechnicianRecord.query(f"C#{community_id}#WOTECH", TechnicianRecord.sk.startswith("T#"))
        }

    def set_profile(self, community_id: str, account_id: str, skills: set[str], on_duty: bool) -> None:
        TechnicianRecord(
            pk=f"C#{community_id}#WOTECH",
            sk=f"T#{account_id}",
            account_id=account_id,
            skills=skills or None,
            on_duty=on_duty,
        ).save()

    def on_duty_with_skill(self, community_id: str, skill: str) -> list[str]:
        technicians = {a.account_id for a in self._with_role(community_id, {"staff.technician"})}
        return [
            account
            for account, p in self.profiles(community_id).items()
            if account in technicians and p.on_duty and skill in (p.skills or set())
        ]

    def next_turn(self, community_id: str, skill: str) -> int:
        record = TurnRecord(pk=f"C#{community_id}#WOTECH", sk=f"RR#{skill}")
        record.update(actions=[TurnRecord.turns.add(1)])
        return int(record.turns)

    def is_technician(self, community_id: str, account_id: str) -> bool:
        return any(a.account_id == account_id for a in self._with_role(community_id, {"staff.technician"}))

    def managers(self, community_id: str) -> list[str]:
        return sorted(a.account_id for a in self._with_role(community_id, {"staff.manager"}))
