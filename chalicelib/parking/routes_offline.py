"""Staff routes on what barriers decided by themselves while the cloud was unreachable (offline.py): the cars that
left owing money, and the local decisions the cloud's rule disagrees with, newest first; a manager settles the one
(collected afterwards, or waived) and resolves the other, each with a note, once, audited."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.parking import wiring
from chalicelib.parking.contracts_offline import (
    DiscrepancyList,
    DiscrepancyView,
    OfflineListQuery,
    ResolveDiscrepancyRequest,
    SettleUnpaidRequest,
    UnpaidExitList,
    UnpaidExitView,
    discrepancy_view,
    unpaid_view,
)

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}/parking"


@endpoint(
    bp,
    "GET",
    STAFF + "/unpaid-exits",
    audience="staff",
    access=Access.community("parking:read"),
    query=OfflineListQuery,
    response=UnpaidExitList,
    errors=(400,),
    summary="Cars a barrier let out by itself (offline) while they owed money, with what they owed, newest first",
    operation_id="listUnpaidExits",
)
def list_unpaid_exits(call: Call[OfflineListQuery]) -> UnpaidExitList:
    found = wiring.parking_store().unpaid_exits(call.path["community_id"], call.query.limit)
    return UnpaidExitList(items=[unpaid_view(u) for u in found])


@endpoint(
    bp,
    "GET",
    STAFF + "/offline-discrepancies",
    audience="staff",
    access=Access.community("parking:read"),
    query=OfflineListQuery,
    response=DiscrepancyList,
    errors=(400,),
    summary="A barrier's own (offline) decisions the cloud's rule disagrees with, newest first",
    operation_id="listOfflineDiscrepancies",
)
def list_offline_discrepancies(call: Call[OfflineListQuery]) -> DiscrepancyList:
    found = wiring.parking_store().discrepancies(call.path["community_id"], call.query.limit)
    return DiscrepancyList(items=[discrepancy_view(d) for d in found])


@endpoint(
    bp,
    "POST",
    STAFF + "/unpaid-exits/{stay_id}/settlement",
    audience="staff",
    access=Access.community("parking:manage"),
    request=SettleUnpaidRequest,
    status=201,
    response=UnpaidExitView,
    errors=(400, 404, 409),
    summary="Settle a car that left offline owing money: collected afterwards (1 up to what it owed) or waived, "
    "with a note; once (ALREADY_SETTLED); it leaves the open list",
    operation_id="settleUnpaidExit",
)
def settle_unpaid_exit(call: Call[SettleUnpaidRequest]) -> UnpaidExitView:
    from chalicelib.audit import audited

    community_id, stay_id, b = call.path["community_id"], call.path["stay_id"], call.body
    with audited(call, "parking.unpaid.settle", "stay", stay_id, {"outcome": b.outcome}) as detail:
        settled = wiring.parking_service().settle_unpaid_exit(
            community_id, stay_id, b.outcome, b.amountFen, b.note, call.who.subject
        )
        detail.update(plate=settled.plate, dueFen=settled.due_fen, amountFen=b.amountFen, note=b.note)
    return unpaid_view(settled)


@endpoint(
    bp,
    "POST",
    STAFF + "/offline-discrepancies/{passage_id}/resolution",
    audience="staff",
    access=Access.community("parking:manage"),
    request=ResolveDiscrepancyRequest,
    status=201,
    response=DiscrepancyView,
    errors=(400, 404, 409),
    summary="Resolve a barrier's own decision the cloud's rule disagrees with, saying what was found; once "
    "(ALREADY_RESOLVED); it leaves the open list",
    operation_id="resolveOfflineDiscrepancy",
)
def resolve_offline_discrepancy(call: Call[ResolveDiscrepancyRequest]) -> DiscrepancyView:
    from chalicelib.audit import audited

    community_id, passage_id = call.path["community_id"], call.path["passage_id"]
    with audited(call, "parking.discrepancy.resolve", "passage", passage_id, {}) as detail:
        resolved = wiring.parking_service().resolve_discrepancy(
            community_id, passage_id, call.body.note, call.who.subject
        )
        detail.update(plate=resolved.plate, flag=resolved.flag, note=call.body.note)
    return discrepancy_view(resolved)
