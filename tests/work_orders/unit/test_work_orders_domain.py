"""Work-order rules at the service layer, with in-memory fakes for every port (no AWS)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyRequests
from chalicelib.work_orders import model as wo
from chalicelib.work_orders.service import WorkOrderService
from chalicelib.work_orders.ticket_statistics import statistics

C = "c-1"
HOUSE, OTHER_HOUSE = "h-1", "h-2"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kw: Any) -> None:
        self.at += timedelta(**kw)


class Repo:
    def __init__(self) -> None:
        self.tickets: dict[str, wo.Ticket] = {}
        self.photo_items: dict[str, wo.Photo] = {}

    def add(self, t: wo.Ticket) -> None:
        assert t.ticket_id not in self.tickets
        self.tickets[t.ticket_id] = t

    def get(self, community_id: str, ticket_id: str) -> wo.Ticket | None:
        t = self.tickets.get(ticket_id)
        return t if t and t.community_id == community_id else None

    def replace(self, t: wo.Ticket) -> bool:
        if self.tickets[t.ticket_id].version != t.version - 1:
            return False
        self.tickets[t.ticket_id] = t
        return True

    def add_photo(self, p: wo.Photo, t: wo.Ticket) -> bool:
        if not self.replace(t):
            return False
        self.photo_items[p.photo_id] = p
        return True

    def get_photo(self, community_id: str, ticket_id: str, photo_id: str) -> wo.Photo | None:
        return self.photo_items.get(photo_id)

    def photos(self, community_id: str, ticket_id: str) -> list[wo.Photo]:
        return [p for p in self.photo_items.values() if p.ticket_id == ticket_id]

    def settle_photo(self, p: wo.Photo) -> bool:
        if self.photo_items[p.photo_id].status not in ("pending", "processing"):
            return False
        self.photo_items[p.photo_id] = p
        return True

    def start_processing(self, p: wo.Photo) -> bool:
        from dataclasses import replace

        if self.photo_items[p.photo_id].status != "pending":
            return False
        self.photo_items[p.photo_id] = replace(p, status="processing")
        return True

    def photos_of(self, tickets: list[wo.Ticket]) -> dict[str, list[wo.Photo]]:
        return {t.ticket_id: self.photos(t.community_id, t.ticket_id) for t in tickets}


class Categories:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, wo.Category]] = {}

    def of(self, community_id: str) -> list[wo.Category]:
        return list(self.items.get(community_id, {}).values())

    def put(self, community_id: str, category: wo.Category) -> None:
        self.items.setdefault(community_id, {})[category.category_id] = category


class Technicians:
    def __init__(self) -> None:
        self.skills = {"tech-a": {"plumbing", "general"}, "tech-b": {"plumbing"}, "tech-c": {"electrical"}}
        self.on_duty = {"tech-a": True, "tech-b": True, "tech-c": True}
        self.turns = 0

    def on_duty_with_skill(self, community_id: str, skill: str) -> list[str]:
        return [t for t, s in self.skills.items() if skill in s and self.on_duty[t]]

    def next_turn(self, community_id: str, skill: str) -> int:
        self.turns += 1
        return self.turns

    def is_technician(self, community_id: str, account_id: str) -> bool:
        return account_id in self.skills

    def set_profile(self, community_id: str, account_id: str, skills: set[str], on_duty: bool) -> None:
        self.skills[account_id], self.on_duty[account_id] = skills, on_duty

    def managers(self, community_id: str) -> list[str]:
        return ["mgr-1"]


class Notifier:
    def __init__(self) -> None:
        self.sent: list[wo.Notice] = []

    def send(self, notices: list[wo.Notice]) -> None:
        self.sent.extend(notices)

    def topics(self, recipient: str) -> list[str]:
        return [n.topic for n in self.sent if n.recipient == recipient]


class Workflows:
    def __init__(self) -> None:
        self.started: list[str] = []
        self.stopped: list[str] = []

    def start(self, ticket: wo.Ticket) -> str:
        self.started.append(ticket.ticket_id)
        return f"arn:exec:{ticket.ticket_id}"

    def stop(self, execution_arn: str, reason: str) -> None:
        self.stopped.append(execution_arn)


class Places:
    """c-1 has houses h-1 (building b-1) and h-2 (b-2); another community has h-9 in b-9."""

    HOUSES = {(C, HOUSE): "b-1", (C, OTHER_HOUSE): "b-2", ("c-2", "h-9"): "b-9"}

    def building_of_house(self, community_id: str, house_id: str) -> str | None:
        return self.HOUSES.get((community_id, house_id))

    def building_exists(self, community_id: str, building_id: str) -> bool:
        return (community_id, building_id) in {(c, b) for (c, _), b in self.HOUSES.items()}


@pytest.fixture
def env() -> Any:
    clock = Clock()
    service = WorkOrderService(
        repo=Repo(),
        categories=Categories(),
        technicians=Technicians(),
        notifier=Notifier(),
        workflows=Workflows(),
        now=clock,
        places=Places(),
    )
    return service, clock


RESIDENT = wo.Actor("res-1", "resident", frozenset({"resident.owner"}), frozenset({HOUSE}))
NEIGHBOUR = wo.Actor("res-2", "resident", frozenset({"resident.owner"}), frozenset({OTHER_HOUSE}))
MANAGER = wo.Actor("mgr-1", "staff", frozenset({"staff.manager"}))
TECH_A = wo.Actor("tech-a", "staff", frozenset({"staff.technician"}))
TECH_B = wo.Actor("tech-b", "staff", frozenset({"staff.technician"}))


def reported(service: WorkOrderService, kind: str = "repair", category: str = "repair-plumbing") -> wo.Ticket:
    return service.report(
        C, RESIDENT, kind=kind, category_id=category, description="leak", location=wo.Location(house_id=HOUSE)
    )


def ready_after_photo(service: WorkOrderService, ticket_id: str, who: wo.Actor = TECH_A) -> None:
    photo = service.add_photo(C, ticket_id, who, "after", "image/jpeg", 1000)
    service.photo_processed(photo, {"ready": True, "width": 10, "height": 10, "display_key": "d", "thumb_key": "t"})


def test_report_sets_deadlines_from_the_category_and_starts_the_sla_clock(env: Any) -> None:
    service, clock = env
    ticket = reported(service)
    assert ticket.status == wo.SUBMITTED
    assert ticket.response_due_at == clock.at + timedelta(minutes=30)
    assert ticket.resolution_due_at == clock.at + timedelta(hours=8)
    assert ticket.skill == "plumbing"
    assert service.workflows.started == [ticket.ticket_id]
    assert ticket.execution_arn == f"arn:exec:{ticket.ticket_id}"
    assert [e["action"] for e in ticket.timeline] == ["submitted"]
    assert "work_order.submitted" in service.notifier.topics("mgr-1")


def test_a_resident_reports_only_for_their_own_household(env: Any) -> None:
    service, _ = env
    with pytest.raises(Forbidden):
        service.report(
            C, RESIDENT, kind="repair", category_id="repair", description="x", location=wo.Location(house_id="h-9")
        )


def test_unknown_category_and_kind_mismatch_are_field_errors(env: Any) -> None:
    service, _ = env
    with pytest.raises(InvalidInput) as unknown:
        reported(service, category="nope")
    assert unknown.value.details[0]["field"] == "categoryId"
    with pytest.raises(InvalidInput) as mismatch:
        reported(service, kind="complaint", category="repair-plumbing")
    assert mismatch.value.details[0]["code"] == "kind_mismatch"


def test_full_repair_lifecycle_with_timeline_and_notifications(env: Any) -> None:
    service, clock = env
    t = reported(service)
    service.accept(C, t.ticket_id, MANAGER)
    service.grab(C, t.ticket_id, TECH_A)
    service.start_work(C, t.ticket_id, TECH_A)
    ready_after_photo(service, t.ticket_id)
    clock.advance(hours=1)
    service.resolve(C, t.ticket_id, TECH_A, "replaced the trap")
    done = service.rate(C, t.ticket_id, RESIDENT, 5, "quick")
    assert done.status == wo.CLOSED and done.rating == 5
    actions = [e["action"] for e in done.timeline]
    assert actions == ["submitted", "accept", "grab", "start", "photo_added", "resolve", "rate", "close"]
    assert all(e["by"] for e in done.timeline)
    assert service.notifier.topics("res-1") == [
        "work_order.accepted",
        "work_order.assigned",
        "work_order.in_progress",
        "work_order.resolved",
    ]
    assert service.workflows.stopped == [done.execution_arn]


def test_a_refused_transition_is_409_with_the_allowed_actions(env: Any) -> None:
    service, _ = env
    t = reported(service)
    with pytest.raises(wo.TransitionRefused) as refused:
        service.rate(C, t.ticket_id, RESIDENT, 4, None)
    assert refused.value.code == "TRANSITION_NOT_ALLOWED"
    assert "accept" in refused.value.details[0]["message"]
    assert service.repo.get(C, t.ticket_id).status == wo.SUBMITTED


def test_resolving_a_closed_ticket_is_refused(env: Any) -> None:
    service, _ = env
    t = reported(service, kind="suggestion", category="suggestion")
    service.accept(C, t.ticket_id, MANAGER)
    service.grab(C, t.ticket_id, TECH_A)
    service.start_work(C, t.ticket_id, TECH_A)
    service.resolve(C, t.ticket_id, TECH_A, "noted")
    service.rate(C, t.ticket_id, RESIDENT, 3, None)
    with pytest.raises(wo.TransitionRefused):
        service.resolve(C, t.ticket_id, TECH_A, "again")


def test_two_technicians_grabbing_one_ticket_one_wins(env: Any) -> None:
    service, _ = env
    t = reported(service)
    accepted = service.accept(C, t.ticket_id, MANAGER)
    # Both read the accepted ticket; the second write finds the version moved on.
    service.grab(C, t.ticket_id, TECH_A)
    stale = replace(accepted, version=accepted.version + 1, assignee="tech-b", status=wo.ASSIGNED)
    assert service.repo.replace(stale) is False
    with pytest.raises(Conflict):  # and through the service: the ticket is no longer in the pool
        service.grab(C, t.ticket_id, TECH_B)
    assert service.repo.get(C, t.ticket_id).assignee == "tech-a"


def test_round_robin_among_on_duty_technicians_with_the_skill(env: Any) -> None:
    service, _ = env
    assignees = []
    for _ in range(4):
        t = reported(service)
        service.accept(C, t.ticket_id, MANAGER)
        assignees.append(service.assign(C, t.ticket_id, MANAGER, None).assignee)
    assert set(assignees) == {"tech-a", "tech-b"}  # tech-c has no plumbing skill
    assert assignees[0] != assignees[1]
    service.technicians.on_duty["tech-a"] = service.technicians.on_duty["tech-b"] = False
    t = reported(service)
    service.accept(C, t.ticket_id, MANAGER)
    with pytest.raises(Conflict) as none:
        service.assign(C, t.ticket_id, MANAGER, None)
    assert none.value.code == "NO_TECHNICIAN_AVAILABLE"


def test_only_the_assignee_works_the_ticket_and_repairs_need_an_after_photo(env: Any) -> None:
    service, _ = env
    t = reported(service)
    service.accept(C, t.ticket_id, MANAGER)
    service.assign(C, t.ticket_id, MANAGER, "tech-a")
    with pytest.raises(Forbidden):
        service.start_work(C, t.ticket_id, TECH_B)
    service.start_work(C, t.ticket_id, TECH_A)
    with pytest.raises(Conflict) as no_photo:
        service.resolve(C, t.ticket_id, TECH_A, "done")
    assert no_photo.value.code == "AFTER_PHOTO_REQUIRED"


def test_another_household_cannot_read_or_rate(env: Any) -> None:
    service, _ = env
    t = reported(service)
    with pytest.raises(NotFound):
        service.get(C, t.ticket_id, NEIGHBOUR)
    with pytest.raises(NotFound):
        service.rate(C, t.ticket_id, NEIGHBOUR, 1, "spite")
    with pytest.raises(NotFound):
        service.get("c-other", t.ticket_id, MANAGER)


def test_complaints_close_only_after_a_return_visit(env: Any) -> None:
    service, _ = env
    t = reported(service, kind="complaint", category="complaint-noise")
    service.accept(C, t.ticket_id, MANAGER)
    service.assign(C, t.ticket_id, MANAGER, "tech-a")
    service.start_work(C, t.ticket_id, TECH_A)
    service.resolve(C, t.ticket_id, TECH_A, "spoke to the neighbour")
    rated = service.rate(C, t.ticket_id, RESIDENT, 2, "still noisy")
    assert rated.status == wo.RATED
    assert "work_order.poorly_rated" in service.notifier.topics("mgr-1")
    with pytest.raises(Conflict) as refused:
        service.close(C, t.ticket_id, MANAGER, "done")
    assert refused.value.code == "RETURN_VISIT_REQUIRED"
    service.return_visit(C, t.ticket_id, MANAGER, "satisfied", "called back")
    assert service.close(C, t.ticket_id, MANAGER, "done").status == wo.CLOSED


def test_reopen_within_the_window_only(env: Any) -> None:
    service, clock = env
    t = reported(service, kind="complaint", category="complaint-noise")
    service.accept(C, t.ticket_id, MANAGER)
    service.assign(C, t.ticket_id, MANAGER, "tech-a")
    service.start_work(C, t.ticket_id, TECH_A)
    service.resolve(C, t.ticket_id, TECH_A, "ok")
    reopened = service.reopen(C, t.ticket_id, RESIDENT, "not fixed")
    assert reopened.status == wo.ASSIGNED and reopened.resolved_at is None
    service.start_work(C, t.ticket_id, TECH_A)
    service.resolve(C, t.ticket_id, TECH_A, "ok now")
    clock.advance(days=8)
    with pytest.raises(Conflict) as late:
        service.reopen(C, t.ticket_id, RESIDENT, "again")
    assert late.value.code == "REOPEN_WINDOW_PASSED"


def test_urging_is_limited(env: Any) -> None:
    service, clock = env
    t = reported(service)
    service.urge(C, t.ticket_id, RESIDENT)
    with pytest.raises(TooManyRequests):
        service.urge(C, t.ticket_id, RESIDENT)
    clock.advance(minutes=31)
    assert service.urge(C, t.ticket_id, RESIDENT).urge_count == 2


NOT_EARLY = {"early": False, "waitSeconds": 0}


def test_sla_checks_escalate_once_and_end_for_finished_tickets(env: Any) -> None:
    service, clock = env
    t = reported(service)
    clock.at = t.response_due_at
    assert service.check_deadline(C, t.ticket_id, "response") == {"finished": False, "breached": True, **NOT_EARLY}
    assert service.check_deadline(C, t.ticket_id, "response") == {"finished": False, "breached": False, **NOT_EARLY}
    assert service.repo.get(C, t.ticket_id).escalations == ("response",)
    assert "work_order.escalated.response" in service.notifier.topics("mgr-1")
    service.accept(C, t.ticket_id, MANAGER)
    clock.at = t.resolution_due_at
    assert service.check_deadline(C, t.ticket_id, "resolution")["breached"] is True
    service.cancel(C, t.ticket_id, RESIDENT, "fixed it myself")
    assert service.check_deadline(C, t.ticket_id, "resolution") == {"finished": True, "breached": False, **NOT_EARLY}


@pytest.mark.parametrize("stage", ["response", "resolution"])
@pytest.mark.parametrize("before", [timedelta(seconds=1.95), timedelta(seconds=0.9), timedelta(milliseconds=1)])
def test_an_sla_check_before_its_deadline_escalates_nothing_and_waits_again(
    env: Any, stage: str, before: timedelta
) -> None:
    """A Wait state that ends early (moto's drop the timestamp's fraction and round the remaining time down: up to
    two seconds early) must not escalate: the check answers `early` with the whole seconds left, and at the
    deadline it escalates."""
    service, clock = env
    t = reported(service)
    due = t.response_due_at if stage == "response" else t.resolution_due_at
    clock.at = due - before
    early = service.check_deadline(C, t.ticket_id, stage, due)
    assert early == {"finished": False, "breached": False, "early": True, "waitSeconds": 2 if before.seconds else 1}
    current = service.repo.get(C, t.ticket_id)
    assert current.escalations == () and current.version == t.version, "nothing written"
    assert "work_order.escalated." + stage not in service.notifier.topics("mgr-1")
    clock.advance(seconds=early["waitSeconds"])
    assert service.check_deadline(C, t.ticket_id, stage, due)["breached"] is True
    (entry,) = [e for e in service.repo.get(C, t.ticket_id).timeline if e["action"] == "escalated"]
    assert entry["at"] >= iso(due)


def test_an_sla_check_with_its_deadline_met_does_not_wait_even_if_early(env: Any) -> None:
    service, clock = env
    t = reported(service)
    service.accept(C, t.ticket_id, MANAGER)
    clock.at = t.response_due_at - timedelta(seconds=1)
    assert service.check_deadline(C, t.ticket_id, "response") == {"finished": False, "breached": False, **NOT_EARLY}


def test_photo_rules(env: Any) -> None:
    service, _ = env
    t = reported(service)
    with pytest.raises(Forbidden):
        service.add_photo(C, t.ticket_id, RESIDENT, "after", "image/jpeg", 10)
    for _ in range(wo.MAX_PHOTOS_PER_PHASE):
        service.add_photo(C, t.ticket_id, RESIDENT, "before", "image/jpeg", 10)
    with pytest.raises(Conflict) as too_many:
        service.add_photo(C, t.ticket_id, RESIDENT, "before", "image/jpeg", 10)
    assert too_many.value.code == "TOO_MANY_PHOTOS"


def test_category_tree_is_validated(env: Any) -> None:
    service, _ = env
    with pytest.raises(InvalidInput):
        service.define_category(C, wo.Category("x", "X", "repair", 10, 60, "general", parent_id="nope"))
    with pytest.raises(InvalidInput):
        service.define_category(C, wo.Category("x", "X", "repair", 10, 60, "general", parent_id="complaint"))
    with pytest.raises(InvalidInput):
        service.define_category(C, wo.Category("x", "X", "repair", 90, 60, "general"))
    saved = service.define_category(C, wo.Category("repair-gas", "Gas", "repair", 5, 120, "gas", parent_id="repair"))
    ids = {c.category_id for c in service.category_list(C)}
    assert saved.category_id in ids and "repair-plumbing" in ids  # the defaults became the community's own


def test_statistics(env: Any) -> None:
    service, clock = env
    start = clock.at
    for stars, tech in ((5, TECH_A), (3, TECH_A)):
        t = reported(service)
        clock.advance(minutes=10)
        service.accept(C, t.ticket_id, MANAGER)
        service.assign(C, t.ticket_id, MANAGER, tech.subject)
        service.start_work(C, t.ticket_id, tech)
        ready_after_photo(service, t.ticket_id, tech)
        clock.advance(minutes=50)
        service.resolve(C, t.ticket_id, tech, "ok")
        service.rate(C, t.ticket_id, RESIDENT, stars, None)
    stats = statistics(list(service.repo.tickets.values()))
    assert stats["total"] == 2 and stats["byStatus"] == {"closed": 2}
    assert stats["meanMinutesToAccept"] == 10.0 and stats["meanMinutesToResolve"] == 60.0
    assert stats["slaCompliance"] == 1.0
    assert stats["satisfactionByTechnician"] == {"tech-a": 4.0}
    assert stats["satisfactionByCategory"] == {"repair-plumbing": 4.0}
    assert start < clock.at


@pytest.mark.parametrize(
    ("location", "field", "code"),
    [
        (wo.Location(house_id="h-9"), "houseId", "unknown_house"),  # another community's house
        (wo.Location(house_id="h-404"), "houseId", "unknown_house"),  # no house at all
        (wo.Location(area="lobby", building_id="b-9"), "buildingId", "unknown_building"),
        (wo.Location(area="lobby", building_id="b-404"), "buildingId", "unknown_building"),
        (wo.Location(house_id=HOUSE, building_id="b-2"), "buildingId", "house_elsewhere"),
    ],
)
def test_a_staff_report_names_the_communitys_houses_and_buildings(
    env: Any, location: wo.Location, field: str, code: str
) -> None:
    service, _ = env
    with pytest.raises(InvalidInput) as caught:
        service.report(C, MANAGER, kind="repair", category_id="repair-plumbing", description="x", location=location)
    assert [(d["field"], d["code"]) for d in caught.value.details] == [(field, code)]
    assert service.repo.tickets == {} and service.workflows.started == []
    placed = wo.Location(house_id=HOUSE, building_id="b-1")
    ticket = service.report(C, MANAGER, kind="repair", category_id="repair-plumbing", description="x", location=placed)
    assert ticket.location == placed
