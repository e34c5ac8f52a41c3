"""Staff routes of work orders: report on patrol, accept, assign (or round-robin), grab from the pool, start,
add after-photos, resolve, return visits, close; technicians' pool, to-do and done lists; managers' category tree,
technician skills and statistics. Every write is audited; two people changing one ticket at once: one wins, the
other gets 409 TICKET_CHANGED.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.contracts import PageQuery
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.work_orders import wiring
from chalicelib.work_orders.contracts import (
    AssignRequest,
    CategoryList,
    CategoryRequest,
    CategoryView,
    MineQuery,
    ReasonRequest,
    ResolveRequest,
    ReturnVisitRequest,
    StaffListQuery,
    StaffPhotoRequest,
    StaffReportRequest,
    Statistics,
    StatsQuery,
    TechnicianRequest,
    TechnicianView,
    TicketPage,
    TicketView,
    UploadForm,
    category_view,
)
from chalicelib.work_orders.model import Actor, Category, Location, Page
from chalicelib.work_orders.routes_views import actor_of, views
from chalicelib.work_orders.routes_views import detail as ticket_detail

bp = Blueprint(__name__)

COMMUNITY = "/v1/staff/communities/{community_id}"
TICKETS = COMMUNITY + "/work-orders"
TICKET = TICKETS + "/{ticket_id}"
READ = Access.community("workorder:read")
WORK = Access.community("workorder:work")
MANAGE = Access.community("workorder:manage")


def actor(call: Call[Any]) -> Actor:
    return actor_of(call)


def view(community_id: str, ticket_id: str, call: Call[Any]) -> TicketView:
    return ticket_detail(community_id, ticket_id, actor(call))


def _act(call: Call[Any], action: str, **kwargs: Any) -> TicketView:
    community_id, ticket_id = call.path["community_id"], call.path["ticket_id"]
    with audited(call, f"work_order.{action}", "work_order", ticket_id, {k: str(v) for k, v in kwargs.items()}):
        getattr(wiring.work_order_service(), action)(community_id, ticket_id, actor(call), **kwargs)
    return view(community_id, ticket_id, call)


def _page(call: Call[Any], found: Page) -> TicketPage:
    items, cursor = found
    return TicketPage(items=views(call.path["community_id"], items, actor(call)), nextCursor=cursor)


@endpoint(
    bp,
    "POST",
    TICKETS,
    audience="staff",
    access=Access.community("workorder:report"),
    request=StaffReportRequest,
    response=TicketView,
    status=201,
    errors=(400, 403),
    summary="Report a work order (e.g. found on patrol) for a house or a public area",
    operation_id="reportWorkOrderOnPatrol",
)
def report(call: Call[StaffReportRequest]) -> TicketView:
    b = call.body
    with audited(call, "work_order.report", "work_order", "-", {"kind": b.kind}) as detail:
        ticket = wiring.work_order_service().report(
            call.path["community_id"],
            actor(call),
            kind=b.kind,
            category_id=b.categoryId,
            description=b.description,
            location=Location(house_id=b.houseId, area=b.area, building_id=b.buildingId),
            contact=b.contact,
        )
        detail["ticketId"] = ticket.ticket_id
    return views(ticket.community_id, [ticket], actor(call), {ticket.ticket_id: []})[0]


@endpoint(
    bp,
    "GET",
    TICKETS,
    audience="staff",
    access=READ,
    query=StaffListQuery,
    response=TicketPage,
    errors=(400,),
    summary="The community's work orders by creation time (newest first), optionally within a time range",
    operation_id="listWorkOrders",
)
def list_tickets(call: Call[StaffListQuery]) -> TicketPage:
    q = call.query
    return _page(
        call, wiring.work_order_service().in_community(call.path["community_id"], q.since, q.until, q.limit, q.cursor)
    )


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/work-order-pool",
    audience="staff",
    access=READ,
    query=PageQuery,
    response=TicketPage,
    summary="Unassigned work orders (new and accepted): the pool technicians grab from",
    operation_id="listWorkOrderPool",
)
def pool(call: Call[PageQuery]) -> TicketPage:
    return _page(call, wiring.work_order_service().pool(call.path["community_id"], call.query.limit, call.query.cursor))


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/my-work-orders",
    audience="staff",
    access=WORK,
    query=MineQuery,
    response=TicketPage,
    summary="Work orders assigned to you: to do (done=false) or done",
    operation_id="listMyWorkOrders",
)
def mine(call: Call[MineQuery]) -> TicketPage:
    q = call.query
    return _page(
        call,
        wiring.work_order_service().assigned_to(call.path["community_id"], call.who.subject, q.done, q.limit, q.cursor),
    )


@endpoint(
    bp,
    "GET",
    TICKET,
    audience="staff",
    access=READ,
    response=TicketView,
    errors=(404,),
    summary="One work order",
    operation_id="getWorkOrder",
)
def get_ticket(call: Call[Any]) -> TicketView:
    return view(call.path["community_id"], call.path["ticket_id"], call)


@endpoint(
    bp,
    "POST",
    TICKET + "/accept",
    audience="staff",
    access=Access.community("workorder:accept"),
    response=TicketView,
    errors=(404, 409),
    summary="Accept a submitted work order (meets the response deadline)",
    operation_id="acceptWorkOrder",
)
def accept(call: Call[Any]) -> TicketView:
    return _act(call, "accept")


@endpoint(
    bp,
    "POST",
    TICKET + "/assign",
    audience="staff",
    access=MANAGE,
    request=AssignRequest,
    response=TicketView,
    errors=(400, 404, 409),
    summary="Assign to a technician, or (no assignee) round-robin among on-duty technicians with the skill",
    operation_id="assignWorkOrder",
)
def assign(call: Call[AssignRequest]) -> TicketView:
    return _act(call, "assign", assignee=call.body.assignee)


@endpoint(
    bp,
    "POST",
    TICKET + "/grab",
    audience="staff",
    access=WORK,
    response=TicketView,
    errors=(404, 409),
    summary="Take an accepted work order from the pool (of two at once, one wins; the other gets 409)",
    operation_id="grabWorkOrder",
)
def grab(call: Call[Any]) -> TicketView:
    return _act(call, "grab")


@endpoint(
    bp,
    "POST",
    TICKET + "/start",
    audience="staff",
    access=WORK,
    response=TicketView,
    errors=(403, 404, 409),
    summary="Start work on your assigned work order",
    operation_id="startWorkOrder",
)
def start(call: Call[Any]) -> TicketView:
    return _act(call, "start_work")


@endpoint(
    bp,
    "POST",
    TICKET + "/photos",
    audience="staff",
    access=WORK,
    request=StaffPhotoRequest,
    response=UploadForm,
    status=201,
    errors=(400, 403, 404, 409),
    summary="Add a photo (after-photos while in progress): returns a presigned POST form",
    operation_id="addAfterPhoto",
)
def add_photo(call: Call[StaffPhotoRequest]) -> UploadForm:
    b = call.body
    form = wiring.photo_uploads().open(
        call.path["community_id"], call.path["ticket_id"], actor(call), b.phase, b.contentType, b.sizeBytes
    )
    return UploadForm(**form)


@endpoint(
    bp,
    "POST",
    TICKET + "/resolve",
    audience="staff",
    access=WORK,
    request=ResolveRequest,
    response=TicketView,
    errors=(400, 403, 404, 409),
    summary="Resolve your work order (a repair needs at least one processed after-photo)",
    operation_id="resolveWorkOrder",
)
def resolve(call: Call[ResolveRequest]) -> TicketView:
    return _act(call, "resolve", note=call.body.note)


@endpoint(
    bp,
    "POST",
    TICKET + "/return-visit",
    audience="staff",
    access=MANAGE,
    request=ReturnVisitRequest,
    response=TicketView,
    errors=(400, 404, 409),
    summary="Record the return visit (回访) of a resolved work order; complaints close only after one",
    operation_id="recordReturnVisit",
)
def return_visit(call: Call[ReturnVisitRequest]) -> TicketView:
    return _act(call, "return_visit", outcome=call.body.outcome, note=call.body.note)


@endpoint(
    bp,
    "POST",
    TICKET + "/close",
    audience="staff",
    access=MANAGE,
    request=ReasonRequest,
    response=TicketView,
    errors=(400, 404, 409),
    summary="Close a resolved work order (stops its SLA workflow)",
    operation_id="closeWorkOrder",
)
def close(call: Call[ReasonRequest]) -> TicketView:
    return _act(call, "close", reason=call.body.reason)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/work-order-categories",
    audience="staff",
    access=READ,
    response=CategoryList,
    summary="The community's category tree",
    operation_id="listCategoryTree",
)
def categories(call: Call[Any]) -> CategoryList:
    return CategoryList(
        items=[category_view(c) for c in wiring.work_order_service().category_list(call.path["community_id"])]
    )


@endpoint(
    bp,
    "PUT",
    COMMUNITY + "/work-order-categories/{category_id}",
    audience="staff",
    access=MANAGE,
    request=CategoryRequest,
    response=CategoryView,
    errors=(400,),
    summary="Create or change a category (deadlines in minutes, the skill that handles it)",
    operation_id="setWorkOrderCategory",
)
def put_category(call: Call[CategoryRequest]) -> CategoryView:
    b, category_id = call.body, call.path["category_id"]
    with audited(call, "work_order.category", "work_order_category", category_id, {"name": b.name}):
        saved = wiring.work_order_service().define_category(
            call.path["community_id"],
            Category(category_id, b.name, b.kind, b.responseMinutes, b.resolutionMinutes, b.skill, b.parentId),
        )
    return category_view(saved)


@endpoint(
    bp,
    "PUT",
    COMMUNITY + "/work-order-technicians/{account_id}",
    audience="staff",
    access=MANAGE,
    request=TechnicianRequest,
    response=TechnicianView,
    errors=(400,),
    summary="Set a technician's skills and whether they are on duty (round-robin dispatch uses both)",
    operation_id="setTechnicianSkills",
)
def put_technician(call: Call[TechnicianRequest]) -> TechnicianView:
    account_id, b = call.path["account_id"], call.body
    with audited(call, "work_order.technician", "staff", account_id, {"skills": ",".join(b.skills)}):
        wiring.work_order_service().set_technician(call.path["community_id"], account_id, set(b.skills), b.onDuty)
    return TechnicianView(accountId=account_id, skills=sorted(set(b.skills)), onDuty=b.onDuty)


@endpoint(
    bp,
    "GET",
    COMMUNITY + "/work-order-statistics",
    audience="staff",
    access=MANAGE,
    query=StatsQuery,
    response=Statistics,
    errors=(400,),
    summary="Counts, SLA compliance, mean time to accept and resolve, satisfaction per category and technician",
    operation_id="getWorkOrderStatistics",
)
def stats(call: Call[StatsQuery]) -> Statistics:
    q = call.query
    return Statistics(**wiring.work_order_service().statistics(call.path["community_id"], q.since, q.until))
