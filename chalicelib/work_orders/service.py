"""Work orders: repairs (报事报修), complaints and suggestions (投诉建议), from report to rating (001 8.2.2.3,
8.3.1.11-12; 002 7.3; 004 6.1.2 i, 6.2.1).

Lifecycle: submitted -> accepted -> assigned -> in_progress -> resolved -> rated -> closed, with cancel before
work starts, reopen within a window after resolution, urging, and return visits for complaints. Every change is
a conditional write on the stored version (two technicians grabbing one ticket: one wins, the other gets 409)
and leaves a timeline entry (who, when, what). The SLA workflow (`stepfunctions/work_order.asl.json`) waits for
the response and resolution deadlines the ticket's category sets and escalates when they pass.

The entities, states and ports are in `model.py`; the statistics managers read in `ticket_statistics.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.kernel.errors import Conflict, Forbidden, NotFound, TooManyRequests, unknown_reference
from chalicelib.work_orders.model import (
    ACCEPTED,
    ACTIONS,
    ASSIGNED,
    CANCELLED,
    CLOSED,
    DEFAULT_CATEGORIES,
    IN_PROGRESS,
    KINDS,
    MAX_PHOTOS_PER_PHASE,
    MAX_STATS_RANGE,
    RATED,
    REOPEN_WINDOW,
    RESOLVED,
    SLA_MET,
    SYSTEM,
    URGE_INTERVAL,
    Actor,
    Categories,
    Category,
    Location,
    Notice,
    Notifier,
    Page,
    Photo,
    Places,
    SlaWorkflows,
    StaleTicket,
    Technicians,
    Ticket,
    TicketRepository,
    TransitionRefused,
    category_tree,
    early_wait_seconds,
    invalid_input,
    new_photo_id,
    new_ticket_id,
    resolve_refusal,
    slots_in_use,
)
from chalicelib.work_orders.ticket_statistics import statistics


@dataclass
class WorkOrderService:
    repo: TicketRepository
    categories: Categories
    technicians: Technicians
    notifier: Notifier
    workflows: SlaWorkflows
    now: Callable[[], datetime]
    places: Places

    # ---- reading ---------------------------------------------------------------------------------------------
    def get(self, community_id: str, ticket_id: str, actor: Actor, house_id: str | None = None) -> Ticket:
        """The ticket if `actor` may see it (and, given a house, if it is that house's); else 404."""
        ticket = self.repo.get(community_id, ticket_id)
        if (
            ticket is None
            or not self._may_see(ticket, actor)
            or (house_id is not None and ticket.location.house_id != house_id)
        ):
            # A resident asking for another household's ticket learns nothing about it.
            raise NotFound(f"work order {ticket_id} not found", code="WORK_ORDER_NOT_FOUND")
        return ticket

    def detail(
        self, community_id: str, ticket_id: str, actor: Actor, house_id: str | None = None
    ) -> tuple[Ticket, list[Photo]]:
        ticket = self.get(community_id, ticket_id, actor, house_id)
        return ticket, self.repo.photos(community_id, ticket_id)

    def photos_of(self, tickets: list[Ticket]) -> dict[str, list[Photo]]:
        return self.repo.photos_of(tickets) if tickets else {}

    def _may_see(self, ticket: Ticket, actor: Actor) -> bool:
        if not actor.is_resident:
            return True  # staff of the community (the route checked the community scope)
        if ticket.reporter == actor.subject:
            return True
        return ticket.location.house_id is not None and ticket.location.house_id in actor.households

    def of_house(self, community_id: str, house_id: str, limit: int, cursor: str | None) -> Page:
        return self.repo.of_house(community_id, house_id, limit, cursor)

    def pool(self, community_id: str, limit: int, cursor: str | None) -> Page:
        """Accepted tickets nobody has taken yet (and new ones), newest first: what technicians may grab."""
        return self.repo.pool(community_id, limit, cursor)

    def assigned_to(self, community_id: str, account_id: str, done: bool, limit: int, cursor: str | None) -> Page:
        return self.repo.of_technician(community_id, account_id, done, limit, cursor)

    def in_community(
        self, community_id: str, since: datetime | None, until: datetime | None, limit: int, cursor: str | None
    ) -> Page:
        return self.repo.of_community(community_id, since, until, limit, cursor)

    def statistics(self, community_id: str, since: datetime, until: datetime) -> dict[str, Any]:
        if until <= since or until - since > MAX_STATS_RANGE:
            raise invalid_input("until", "range", "until must be after since, at most 366 days later")
        return statistics(self.repo.all_in_range(community_id, since, until))

    def set_technician(self, community_id: str, account_id: str, skills: set[str], on_duty: bool) -> None:
        if not self.technicians.is_technician(community_id, account_id):
            raise invalid_input("accountId", "unknown", "not a technician of this community")
        self.technicians.set_profile(community_id, account_id, skills, on_duty)

    def category_list(self, community_id: str) -> list[Category]:
        return self.categories.of(community_id) or list(DEFAULT_CATEGORIES)

    def define_category(self, community_id: str, category: Category) -> Category:
        if category.kind not in KINDS:
            raise invalid_input("kind", "enum", f"kind must be one of {', '.join(KINDS)}")
        if not 1 <= category.response_minutes <= category.resolution_minutes:
            raise invalid_input(
                "responseMinutes", "range", "response deadline must be at least 1 and not after resolution"
            )
        current = {c.category_id: c for c in self.category_list(community_id)}
        current[category.category_id] = category
        category_tree(list(current.values()))
        if not self.categories.of(community_id):
            for default in DEFAULT_CATEGORIES:  # the first edit makes the defaults the community's own
                if default.category_id != category.category_id:
                    self.categories.put(community_id, default)
        self.categories.put(community_id, category)
        return category

    # ---- reporting -------------------------------------------------------------------------------------------
    def report(
        self,
        community_id: str,
        actor: Actor,
        *,
        kind: str,
        category_id: str,
        description: str,
        location: Location,
        contact: str = "message",
        source: str | None = None,
        alarm_id: str | None = None,
        ticket_id: str | None = None,
    ) -> Ticket:
        category = self._category(community_id, category_id)
        if category.kind != kind:
            raise invalid_input("categoryId", "kind_mismatch", f"category {category_id} is for {category.kind}s")
        if actor.is_resident:
            if location.house_id is None or location.house_id not in actor.households:
                raise Forbidden("you may only report for your own household", code="HOUSEHOLD_FORBIDDEN")
        elif location.house_id is None and not location.area:
            raise invalid_input("location", "missing", "give a house or a public area")
        if actor.kind not in ("resident", "system"):
            # staff name any place; a resident's house is one of their token's households (checked above) and an
            # alarm's location comes from the device ledger, both already the registry's
            self._check_location(community_id, location)
        now = self.now()
        ticket = Ticket(
            ticket_id=ticket_id or new_ticket_id(),
            community_id=community_id,
            kind=kind,
            category_id=category.category_id,
            skill=category.skill,
            description=description,
            location=location,
            source=source or ("resident" if actor.is_resident else "staff"),
            reporter=actor.subject,
            reporter_kind=actor.kind,
            contact=contact,
            created_at=now,
            response_due_at=now + timedelta(minutes=category.response_minutes),
            resolution_due_at=now + timedelta(minutes=category.resolution_minutes),
            alarm_id=alarm_id,
            version=1,
        ).noted(actor, "submitted", now, kind=kind, category=category.category_id)
        self.repo.add(ticket)
        try:
            arn = self.workflows.start(ticket)
        except Exception:
            arn = None  # the ticket stands; the SLA clock is missing and the manager is told below
        if arn:
            ticket = self._save(replace(ticket, execution_arn=arn, version=ticket.version + 1))
        self._notify_staff(ticket, "work_order.submitted")
        return ticket

    def _check_location(self, community_id: str, location: Location) -> None:
        """A house or building a ticket names is one of the community's registry objects (never another
        community's, never nothing), and a house named with a building lies in it."""
        house_building = None
        if location.house_id is not None:
            house_building = self.places.building_of_house(community_id, location.house_id)
            if house_building is None:
                raise unknown_reference("houseId", "house")
        if location.building_id is not None:
            if not self.places.building_exists(community_id, location.building_id):
                raise unknown_reference("buildingId", "building")
            if house_building is not None and house_building != location.building_id:
                raise invalid_input("buildingId", "house_elsewhere", "the house is not in this building")

    def _category(self, community_id: str, category_id: str) -> Category:
        for category in self.category_list(community_id):
            if category.category_id == category_id:
                return category
        raise invalid_input("categoryId", "unknown", f"category {category_id} does not exist in this community")

    # ---- transitions -----------------------------------------------------------------------------------------
    def _transition(self, ticket: Ticket, action: str) -> None:
        if action not in ACTIONS[ticket.status]:
            raise TransitionRefused(
                f"cannot {action} a work order that is {ticket.status}",
                details=[
                    {"field": "status", "code": ticket.status, "message": f"allowed: {', '.join(ticket.allowed())}"}
                ],
            )

    def _save(self, ticket: Ticket) -> Ticket:
        if not self.repo.replace(ticket):
            raise StaleTicket(f"work order {ticket.ticket_id} was changed by someone else; reload and retry")
        return ticket

    def _step(self, ticket: Ticket, actor: Actor, action: str, **changes: Any) -> Ticket:
        self._transition(ticket, action)
        now = self.now()
        detail = changes.pop("detail", {})
        moved = replace(ticket, version=ticket.version + 1, **changes).noted(actor, action, now, **detail)
        return self._save(moved)

    def accept(self, community_id: str, ticket_id: str, actor: Actor) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        done = self._step(ticket, actor, "accept", status=ACCEPTED, accepted_at=self.now())
        self._notify_reporter(done, "work_order.accepted")
        return done

    def assign(self, community_id: str, ticket_id: str, actor: Actor, assignee: str | None) -> Ticket:
        """A manager assigns (or reassigns); with no assignee, round-robin among on-duty technicians with the skill."""
        ticket = self.get(community_id, ticket_id, actor)
        self._transition(ticket, "assign")
        if assignee is None:
            pool = sorted(self.technicians.on_duty_with_skill(community_id, ticket.skill))
            if not pool:
                raise Conflict(f"no on-duty technician has the skill {ticket.skill}", code="NO_TECHNICIAN_AVAILABLE")
            assignee = pool[self.technicians.next_turn(community_id, ticket.skill) % len(pool)]
            how = "round_robin"
        else:
            if not self.technicians.is_technician(community_id, assignee):
                raise invalid_input("assignee", "unknown", "the assignee is not a technician of this community")
            how = "manager"
        done = self._step(
            ticket,
            actor,
            "assign",
            status=ASSIGNED,
            assignee=assignee,
            accepted_at=ticket.accepted_at or self.now(),
            detail={"assignee": assignee, "how": how},
        )
        self._notify(done, [Notice(assignee, "staff", community_id, "work_order.assigned", _brief(done))])
        return done

    def grab(self, community_id: str, ticket_id: str, actor: Actor) -> Ticket:
        """A technician takes a ticket from the pool; of two at once, one wins and the other gets 409."""
        ticket = self.get(community_id, ticket_id, actor)
        done = self._step(
            ticket,
            actor,
            "grab",
            status=ASSIGNED,
            assignee=actor.subject,
            detail={"assignee": actor.subject, "how": "grab"},
        )
        self._notify_reporter(done, "work_order.assigned")
        return done

    def start_work(self, community_id: str, ticket_id: str, actor: Actor) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        self._only_assignee(ticket, actor)
        done = self._step(ticket, actor, "start", status=IN_PROGRESS)
        self._notify_reporter(done, "work_order.in_progress")
        return done

    def resolve(self, community_id: str, ticket_id: str, actor: Actor, note: str) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        self._only_assignee(ticket, actor)
        self._transition(ticket, "resolve")
        if (refusal := resolve_refusal(ticket, self.repo.photos(community_id, ticket_id), self.now())) is not None:
            raise refusal
        now = self.now()
        done = self._step(ticket, actor, "resolve", status=RESOLVED, resolved_at=now, detail={"note": note})
        self._notify_reporter(done, "work_order.resolved")
        return done

    def rate(self, community_id: str, ticket_id: str, actor: Actor, stars: int, comment: str | None) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        if ticket.reporter != actor.subject and not (
            actor.is_resident and ticket.location.house_id in actor.households
        ):
            raise Forbidden("only the reporting household rates a work order", code="NOT_YOUR_WORK_ORDER")
        if not 1 <= stars <= 5:
            raise invalid_input("stars", "range", "a rating is 1 to 5")
        done = self._step(
            ticket, actor, "rate", status=RATED, rating=stars, rating_comment=comment, detail={"stars": stars}
        )
        if done.kind != "complaint":  # a complaint closes only after the return visit
            done = self._step(done, SYSTEM, "close", status=CLOSED, closed_at=self.now(), detail={"reason": "rated"})
            self._stop_clock(done, "closed after rating")
        if stars <= 2 and done.assignee:
            self._notify_staff(done, "work_order.poorly_rated")
        return done

    def reopen(self, community_id: str, ticket_id: str, actor: Actor, reason: str) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        if ticket.resolved_at is None or self.now() - ticket.resolved_at > REOPEN_WINDOW:
            raise Conflict("the reopen window has passed", code="REOPEN_WINDOW_PASSED")
        status = ASSIGNED if ticket.assignee else ACCEPTED
        done = self._step(
            ticket,
            actor,
            "reopen",
            status=status,
            resolved_at=None,
            rating=None,
            rating_comment=None,
            detail={"reason": reason},
        )
        if done.assignee:
            self._notify(done, [Notice(done.assignee, "staff", community_id, "work_order.reopened", _brief(done))])
        return done

    def urge(self, community_id: str, ticket_id: str, actor: Actor) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        self._transition(ticket, "urge")
        now = self.now()
        if ticket.urged_at is not None and now - ticket.urged_at < URGE_INTERVAL:
            raise TooManyRequests("urged recently; please wait before urging again", code="URGED_RECENTLY")
        done = self._step(ticket, actor, "urge", urged_at=now, urge_count=ticket.urge_count + 1)
        targets = [done.assignee] if done.assignee else []
        self._notify(done, [Notice(t, "staff", community_id, "work_order.urged", _brief(done)) for t in targets])
        self._notify_staff(done, "work_order.urged")
        return done

    def return_visit(self, community_id: str, ticket_id: str, actor: Actor, outcome: str, note: str) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        return self._step(ticket, actor, "return_visit", detail={"outcome": outcome, "note": note})

    def close(self, community_id: str, ticket_id: str, actor: Actor, reason: str) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        self._transition(ticket, "close")
        if ticket.kind == "complaint" and not any(e["action"] == "return_visit" for e in ticket.timeline):
            raise Conflict("a complaint is closed after its return visit", code="RETURN_VISIT_REQUIRED")
        done = self._step(ticket, actor, "close", status=CLOSED, closed_at=self.now(), detail={"reason": reason})
        self._stop_clock(done, "closed")
        self._notify_reporter(done, "work_order.closed")
        return done

    def cancel(self, community_id: str, ticket_id: str, actor: Actor, reason: str) -> Ticket:
        ticket = self.get(community_id, ticket_id, actor)
        if actor.is_resident and ticket.reporter != actor.subject:
            raise Forbidden("only the reporter cancels a work order", code="NOT_YOUR_WORK_ORDER")
        done = self._step(ticket, actor, "cancel", status=CANCELLED, closed_at=self.now(), detail={"reason": reason})
        self._stop_clock(done, "cancelled")
        return done

    def _only_assignee(self, ticket: Ticket, actor: Actor) -> None:
        if ticket.assignee != actor.subject and not (
            {"staff.manager", "community.admin", "platform.admin"} & actor.roles
        ):
            raise Forbidden("only the assigned technician (or a manager) does this", code="NOT_ASSIGNED_TO_YOU")

    def _stop_clock(self, ticket: Ticket, reason: str) -> None:
        if ticket.execution_arn:
            try:
                self.workflows.stop(ticket.execution_arn, reason)
            except Exception:
                pass  # the workflow's own checks see a finished ticket and end at the next deadline

    # ---- SLA (workflow tasks) --------------------------------------------------------------------------------
    def check_deadline(
        self, community_id: str, ticket_id: str, stage: str, due: datetime | None = None
    ) -> dict[str, Any]:
        """At a deadline: finished -> stop; not accepted (response) / not resolved (resolution) -> escalate.

        `due` is the deadline the workflow waited for (the ticket's own when not given). A check that finds itself
        before it (a Wait state may end early: moto's ends up to two seconds early, as it drops the fraction of the
        timestamp and of the remaining time) changes nothing and answers `early` with the whole seconds still to
        wait, and the workflow waits again: nobody is escalated before the deadline passed."""
        if stage not in SLA_MET:
            raise ValueError(f"unknown SLA stage {stage}")
        answer = {"finished": False, "breached": False, "early": False, "waitSeconds": 0}
        ticket = self.repo.get(community_id, ticket_id)
        if ticket is None or ticket.finished:
            return {**answer, "finished": True}
        if ticket.status in SLA_MET[stage] or stage in ticket.escalations:
            return answer
        now = self.now()
        deadline = due or (ticket.response_due_at if stage == "response" else ticket.resolution_due_at)
        if now < deadline:
            return {**answer, "early": True, "waitSeconds": early_wait_seconds(now, deadline)}
        escalated = replace(ticket, version=ticket.version + 1, escalations=(*ticket.escalations, stage)).noted(
            SYSTEM, "escalated", now, stage=stage
        )
        self._save(escalated)
        self._notify_staff(escalated, f"work_order.escalated.{stage}")
        return {**answer, "breached": True}

    # ---- photos ----------------------------------------------------------------------------------------------
    def add_photo(
        self, community_id: str, ticket_id: str, actor: Actor, phase: str, content_type: str, size: int
    ) -> Photo:
        ticket = self.get(community_id, ticket_id, actor)
        if ticket.finished:
            raise Conflict("the work order is finished", code="WORK_ORDER_FINISHED")
        if phase == "after":
            if actor.is_resident:
                raise Forbidden("after-photos come from the technician", code="PERMISSION_DENIED")
            if ticket.status != IN_PROGRESS:
                raise TransitionRefused("after-photos are added while the work is in progress")
        if slots_in_use(self.repo.photos(community_id, ticket_id), phase, self.now()) >= MAX_PHOTOS_PER_PHASE:
            raise Conflict(f"at most {MAX_PHOTOS_PER_PHASE} {phase}-photos", code="TOO_MANY_PHOTOS")
        photo = Photo(
            photo_id=new_photo_id(),
            ticket_id=ticket_id,
            community_id=community_id,
            phase=phase,
            content_type=content_type,
            declared_bytes=size,
            uploaded_by=actor.subject,
            created_at=self.now(),
        )
        bumped = replace(ticket, version=ticket.version + 1).noted(
            actor, "photo_added", self.now(), photoId=photo.photo_id, phase=phase
        )
        if not self.repo.add_photo(photo, bumped):
            raise StaleTicket(f"work order {ticket_id} was changed by someone else; retry")
        return photo

    def photo_processed(self, photo: Photo, outcome: dict[str, Any]) -> Photo:
        """The image function's result: ready with its derived images, or rejected with a reason."""
        now = self.now()
        if outcome.get("ready"):
            settled = replace(
                photo,
                status="ready",
                width=outcome["width"],
                height=outcome["height"],
                display_key=outcome["display_key"],
                thumb_key=outcome["thumb_key"],
                processed_at=now,
            )
        else:
            settled = replace(photo, status="rejected", reason=str(outcome.get("reason", "rejected")), processed_at=now)
        self.repo.settle_photo(settled)
        return settled

    # ---- notifications ---------------------------------------------------------------------------------------
    def _notify(self, ticket: Ticket, notices: list[Notice]) -> None:
        if notices:
            try:
                self.notifier.send(notices)
            except Exception:
                pass  # the notifier records its own failures and retries; the ticket moved on regardless

    def _notify_reporter(self, ticket: Ticket, topic: str) -> None:
        if ticket.reporter_kind == "resident":
            self._notify(ticket, [Notice(ticket.reporter, "resident", ticket.community_id, topic, _brief(ticket))])

    def _notify_staff(self, ticket: Ticket, topic: str) -> None:
        managers = self.technicians.managers(ticket.community_id)
        self._notify(ticket, [Notice(m, "staff", ticket.community_id, topic, _brief(ticket)) for m in managers])


def _brief(ticket: Ticket) -> dict[str, Any]:
    return ticket.brief()
