"""Resident routes of work orders: report a repair, complaint or suggestion for one's own household, add photos,
follow progress, urge, rate, reopen, cancel. A resident reaches only their household's tickets (the path's house
must be in the token, and the ticket must be that house's: anything else reads as 404).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.contracts import PageQuery
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.work_orders import wiring
from chalicelib.work_orders.contracts import (
    CategoryList,
    PhotoRequest,
    RateRequest,
    ReasonRequest,
    ReportRequest,
    TicketPage,
    TicketView,
    UploadForm,
    category_view,
)
from chalicelib.work_orders.model import Actor, Location
from chalicelib.work_orders.routes_views import actor_of, views
from chalicelib.work_orders.routes_views import detail as ticket_detail

bp = Blueprint(__name__)

HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}"
TICKETS = HOUSE + "/work-orders"
TICKET = TICKETS + "/{ticket_id}"
REPORT = Access.household("workorder:household")


def actor(call: Call[Any]) -> Actor:
    """The resident acting for the path's household only (the access check verified it is theirs)."""
    return actor_of(call, frozenset({call.path["house_id"]}))


def view(community_id: str, ticket_id: str, who: Actor) -> TicketView:
    return ticket_detail(community_id, ticket_id, who)


@endpoint(
    bp,
    "GET",
    "/v1/resident/communities/{community_id}/work-order-categories",
    audience="resident",
    access=Access.community("workorder:household"),
    response=CategoryList,
    summary="The community's work-order categories (with response and resolution deadlines)",
    operation_id="listWorkOrderCategories",
)
def categories(call: Call[Any]) -> CategoryList:
    found = wiring.work_order_service().category_list(call.path["community_id"])
    return CategoryList(items=[category_view(c) for c in found])


@endpoint(
    bp,
    "POST",
    TICKETS,
    audience="resident",
    access=REPORT,
    request=ReportRequest,
    response=TicketView,
    status=201,
    errors=(400, 403),
    summary="Report a repair, complaint or suggestion for your household",
    operation_id="reportWorkOrder",
)
def report(call: Call[ReportRequest]) -> TicketView:
    b, community_id = call.body, call.path["community_id"]
    ticket = wiring.work_order_service().report(
        community_id,
        actor(call),
        kind=b.kind,
        category_id=b.categoryId,
        description=b.description,
        location=Location(house_id=call.path["house_id"]),
        contact=b.contact,
    )
    return views(community_id, [ticket], actor(call), {ticket.ticket_id: []})[0]


@endpoint(
    bp,
    "GET",
    TICKETS,
    audience="resident",
    access=REPORT,
    query=PageQuery,
    response=TicketPage,
    summary="Your household's work orders, newest first",
    operation_id="listHouseWorkOrders",
)
def list_tickets(call: Call[PageQuery]) -> TicketPage:
    items, cursor = wiring.work_order_service().of_house(
        call.path["community_id"], call.path["house_id"], call.query.limit, call.query.cursor
    )
    return TicketPage(items=views(call.path["community_id"], items, actor(call)), nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    TICKET,
    audience="resident",
    access=REPORT,
    response=TicketView,
    errors=(404,),
    summary="One work order with its photos and timeline",
    operation_id="getHouseWorkOrder",
)
def get_ticket(call: Call[Any]) -> TicketView:
    return view(call.path["community_id"], call.path["ticket_id"], actor(call))


@endpoint(
    bp,
    "POST",
    TICKET + "/photos",
    audience="resident",
    access=REPORT,
    request=PhotoRequest,
    response=UploadForm,
    status=201,
    errors=(400, 404, 409),
    summary="Add a photo: returns a presigned POST form (one key, this content type, at most the declared size)",
    operation_id="addWorkOrderPhoto",
)
def add_photo(call: Call[PhotoRequest]) -> UploadForm:
    form = wiring.photo_uploads().open(
        call.path["community_id"],
        call.path["ticket_id"],
        actor(call),
        "before",
        call.body.contentType,
        call.body.sizeBytes,
    )
    return UploadForm(**form)


def _act(call: Call[Any], action: str, **kwargs: Any) -> TicketView:
    community_id, ticket_id = call.path["community_id"], call.path["ticket_id"]
    getattr(wiring.work_order_service(), action)(community_id, ticket_id, actor(call), **kwargs)
    return view(community_id, ticket_id, actor(call))


@endpoint(
    bp,
    "POST",
    TICKET + "/rate",
    audience="resident",
    access=REPORT,
    request=RateRequest,
    response=TicketView,
    errors=(400, 403, 404, 409),
    summary="Rate a resolved work order (1-5 and a comment); repairs and suggestions close with the rating",
    operation_id="rateWorkOrder",
)
def rate(call: Call[RateRequest]) -> TicketView:
    return _act(call, "rate", stars=call.body.stars, comment=call.body.comment)


@endpoint(
    bp,
    "POST",
    TICKET + "/urge",
    audience="resident",
    access=REPORT,
    response=TicketView,
    errors=(404, 409, 429),
    summary="Urge an open work order (at most once every 30 minutes)",
    operation_id="urgeWorkOrder",
)
def urge(call: Call[Any]) -> TicketView:
    return _act(call, "urge")


@endpoint(
    bp,
    "POST",
    TICKET + "/reopen",
    audience="resident",
    access=REPORT,
    request=ReasonRequest,
    response=TicketView,
    errors=(400, 404, 409),
    summary="Reopen a resolved work order within 7 days of its resolution",
    operation_id="reopenWorkOrder",
)
def reopen(call: Call[ReasonRequest]) -> TicketView:
    return _act(call, "reopen", reason=call.body.reason)


@endpoint(
    bp,
    "POST",
    TICKET + "/cancel",
    audience="resident",
    access=REPORT,
    request=ReasonRequest,
    response=TicketView,
    errors=(400, 403, 404, 409),
    summary="Cancel your report before work starts",
    operation_id="cancelWorkOrder",
)
def cancel(call: Call[ReasonRequest]) -> TicketView:
    return _act(call, "cancel", reason=call.body.reason)
