"""Household applications, staff side (003 7.3.5): list by status, approve (the applicant becomes a bound
resident) or reject with a reason the applicant sees."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import Contract, PageQuery
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.registry.contracts import ApplicationOut, ApplicationPage, application_view, page
from chalicelib.registry.routes_common import audit, households

bp = Blueprint(__name__)

STAFF_APPS = "/v1/staff/communities/{community_id}/household-applications"
APPROVE = Access.community("household:approve")


class ApplicationsQuery(PageQuery):
    status: Literal["pending", "approved", "rejected"] = "pending"


class DecisionIn(Contract):
    version: int | None = Field(default=None, ge=1, description="the version you read (409 when stale)")
    reason: str | None = Field(default=None, max_length=200, description="required to reject")


@endpoint(
    bp,
    "GET",
    STAFF_APPS,
    audience="staff",
    access=APPROVE,
    summary="Household applications by status (oldest first)",
    query=ApplicationsQuery,
    response=ApplicationPage,
    operation_id="listHouseholdApplications",
)
def list_applications(call: Call[Any]) -> ApplicationPage:
    q = call.query
    found = households().applications(call.path["community_id"], q.status, q.limit, q.cursor)
    return page(*found, ApplicationPage, application_view)


@endpoint(
    bp,
    "POST",
    f"{STAFF_APPS}/{{application_id}}/approve",
    audience="staff",
    access=APPROVE,
    summary="Approve: the applicant becomes a bound resident of the house",
    request=DecisionIn,
    response=ApplicationOut,
    errors=(404, 409),
    operation_id="approveHouseholdApplication",
)
def approve_application(call: Call[DecisionIn]) -> ApplicationOut:
    cid, aid, body = call.path["community_id"], call.path["application_id"], call.body
    decided, person_id = households().decide(cid, aid, "approved", body.version, body.reason, call.who.subject)
    detail = {"houseId": decided.attrs["houseId"], "personId": person_id}
    audit(call, "household.approve", "household_application", decided.id, detail)
    return application_view(decided)


@endpoint(
    bp,
    "POST",
    f"{STAFF_APPS}/{{application_id}}/reject",
    audience="staff",
    access=APPROVE,
    summary="Reject with a reason the applicant sees",
    request=DecisionIn,
    response=ApplicationOut,
    errors=(400, 404, 409),
    operation_id="rejectHouseholdApplication",
)
def reject_application(call: Call[DecisionIn]) -> ApplicationOut:
    cid, aid, body = call.path["community_id"], call.path["application_id"], call.body
    decided, _ = households().decide(cid, aid, "rejected", body.version, body.reason, call.who.subject)
    audit(call, "household.reject", "household_application", decided.id, {"reason": body.reason})
    return application_view(decided)
