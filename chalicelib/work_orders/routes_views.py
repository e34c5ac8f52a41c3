"""How the work-order routes answer with tickets: each with what this caller may do now (`allowedActions`, by the
work-order rules), its photos as soon as they are ready (`uploading` / `processing` until then, in lists too), and
names beside ids: where (`3栋2单元1201`), who (the technician's name and masked phone, the reporter, everyone in
the timeline), which category. Resolved for a whole page in a few reads: one BatchGetItem for the photos, one for
the places, one Query for the community's staff, the category list; a single ticket also reads its house's
residents (the reporter's registered name)."""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.http import Call
from chalicelib.work_orders import wiring
from chalicelib.work_orders.contracts import Names, TicketView, ticket_view
from chalicelib.work_orders.model import CARE_VISIT_CATEGORY, Actor, Photo, Ticket, allowed_actions, category_name


def actor_of(call: Call[Any], households: frozenset[str] = frozenset()) -> Actor:
    """The caller as the work-order rules see them: role, households (a resident: the path's house only) and the
    work-order permissions their roles grant."""
    from chalicelib.kernel.security.permissions import permissions_of

    who = call.who
    may = frozenset(p for p in permissions_of(who.roles) if p.startswith("workorder:"))
    return Actor(who.subject, who.kind, who.roles, households, who.name, may)


def names_for(community_id: str, tickets: list[Ticket], residents: bool = False) -> Names:
    directory = wiring.directory()
    houses = {t.location.house_id for t in tickets if t.location.house_id}
    buildings = {t.location.building_id for t in tickets if t.location.building_id}
    people = dict(directory.staff(community_id))
    if residents:
        for house in houses:
            people.update({a: (n, None) for a, n in directory.resident_names(community_id, house).items()})
    categories = {c.category_id: category_name(c) for c in wiring.work_order_service().category_list(community_id)}
    categories.setdefault(CARE_VISIT_CATEGORY.category_id, category_name(CARE_VISIT_CATEGORY))
    return Names(directory.place_labels(community_id, houses, buildings), people, categories)


def views(
    community_id: str, tickets: list[Ticket], actor: Actor, photos: dict[str, list[Photo]] | None = None
) -> list[TicketView]:
    """The tickets as this caller sees them (`photos` when already read, else one batch read for all)."""
    if not tickets:
        return []
    found = photos if photos is not None else wiring.work_order_service().photos_of(tickets)
    names = names_for(community_id, tickets, residents=len(tickets) == 1)
    now, view_url = utcnow(), wiring.media().view_url
    return [
        ticket_view(
            t,
            found.get(t.ticket_id, []),
            view_url,
            allowed_actions(t, actor, now, found.get(t.ticket_id, [])),
            names,
            now,
        )
        for t in tickets
    ]


def detail(community_id: str, ticket_id: str, actor: Actor) -> TicketView:
    ticket, photos = wiring.work_order_service().detail(community_id, ticket_id, actor)
    return views(community_id, [ticket], actor, {ticket.ticket_id: photos})[0]
