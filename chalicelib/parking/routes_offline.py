"""Staff routes on what barriers decided by themselves while the cloud was unreachable (offline.py): the cars that
left owing money, and the local decisions the cloud's rule disagrees with, newest first."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.parking import wiring
from chalicelib.parking.contracts_offline import (
    DiscrepancyList,
    OfflineListQuery,
    UnpaidExitList,
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
