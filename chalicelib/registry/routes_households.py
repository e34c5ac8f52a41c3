"""Resident household routes (001 7.1.1.4 a/d, 003 7.3.5): bind, apply, my households, and inside one household
the owner's invitations and removals and my own move-out.

A new resident account may hold no community yet, so binding, applying and listing own households are checked by
permission only (`household:apply`, which an unbound resident holds, and `household:self`); everything about one
house uses household scope. A bind changes what a resident token holds, so its answer carries a new access token
that already holds the house (`session`): the resident's next call works without a refresh. (The alternative,
accepting the old token for the new house, would turn the household check into a registry read on every request;
a token is the one place a route's scope is read from.)
"""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field, model_validator

from chalicelib.kernel.contracts import Contract, Id, PageQuery
from chalicelib.kernel.errors import DomainError
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.registry.contracts import (
    ApplicationOut,
    ApplicationPage,
    BindingOut,
    DataSource,
    FreshAccess,
    IdType,
    MemberList,
    MemberOut,
    MembershipList,
    RelationName,
    application_view,
    member_view,
    membership_view,
    page,
)
from chalicelib.registry.routes_common import audit, households

bp = Blueprint(__name__)

RESIDENT_HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}"


class HouseRef(Contract):
    houseId: Id | None = None
    addressCode: str | None = Field(default=None, max_length=40, description="standard address code")

    @model_validator(mode="after")
    def _one_house(self) -> HouseRef:
        if not self.houseId and not self.addressCode:
            raise ValueError("send houseId or addressCode")
        return self


class BindIn(HouseRef):
    name: str = Field(min_length=1, max_length=40)
    phone: str | None = Field(default=None, max_length=20)
    idNumber: str | None = Field(default=None, max_length=32)

    @model_validator(mode="after")
    def _proof(self) -> BindIn:
        if not self.phone and not self.idNumber:
            raise ValueError("send phone or idNumber with the name")
        return self


class ApplicationIn(HouseRef):
    name: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20)
    idType: IdType = "resident_id_card"
    idNumber: str | None = Field(default=None, max_length=32)
    relation: RelationName
    relationToOwner: str | None = Field(default=None, max_length=20)
    populationType: Literal["permanent", "floating"] = "permanent"
    note: str | None = Field(default=None, max_length=200)


class InviteIn(Contract):
    name: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20, description="the invitee binds with this phone and name")
    idType: IdType = "resident_id_card"
    idNumber: str | None = Field(default=None, max_length=32)
    relation: Literal["family", "tenant"]
    relationToOwner: str | None = Field(default=None, max_length=20)
    populationType: Literal["permanent", "floating"] = "permanent"
    dataSource: DataSource = "self_registration"


@endpoint(
    bp,
    "POST",
    "/v1/resident/communities/{community_id}/bindings",
    audience="resident",
    access=Access.signed_in("household:apply"),
    summary="Bind my account to a house whose residents the property registered (name + phone or ID)",
    request=BindIn,
    response=BindingOut,
    status=201,
    errors=(400, 404, 409, 429),
    operation_id="bindHouse",
)
def bind_household(call: Call[BindIn]) -> BindingOut:
    b, target = call.body, call.body.houseId or call.body.addressCode or ""
    try:
        residency, house = households().bind(
            call.path["community_id"],
            call.who.subject,
            call.source_ip,
            house_id=b.houseId,
            address_code=b.addressCode,
            name=b.name,
            phone=b.phone,
            id_number=b.idNumber,
        )
    except DomainError as exc:
        audit(call, "household.bind", "house", target, {"reason": getattr(exc, "reason", exc.code)}, "denied")
        raise
    audit(call, "household.bind", "house", house.id, {"personId": residency.person_id, "relation": residency.relation})
    return BindingOut(**membership_view(residency, house).model_dump(), session=fresh_access(call))


def fresh_access(call: Call[Any]) -> FreshAccess:
    """An access token for the caller as the registry now holds them (what a refresh would give), issued with the
    answer of a call that changed it."""
    from chalicelib.kernel.security.principal import Principal, resident_scope
    from chalicelib.kernel.security.tokens import ACCESS_TTL_SECONDS, issue_access_token

    roles, communities, houses = resident_scope(households().memberships(call.who.subject))
    principal = Principal(
        subject=call.who.subject, kind="resident", roles=roles, communities=communities, households=houses
    )
    return FreshAccess(
        accessToken=issue_access_token(principal, ACCESS_TTL_SECONDS),
        expiresIn=ACCESS_TTL_SECONDS,
        roles=sorted(roles),
        communities=sorted(communities),
        households=sorted(houses),
    )


@endpoint(
    bp,
    "GET",
    "/v1/resident/households",
    audience="resident",
    access=Access.signed_in("household:self"),
    summary="My current households",
    response=MembershipList,
    operation_id="listMyHouseholds",
)
def my_households(call: Call[Any]) -> MembershipList:
    return MembershipList(items=[membership_view(m, h) for m, h in households().my_households(call.who.subject)])


@endpoint(
    bp,
    "POST",
    "/v1/resident/communities/{community_id}/household-applications",
    audience="resident",
    access=Access.signed_in("household:apply"),
    summary="Apply to join a house when no registered record matches; a manager decides",
    request=ApplicationIn,
    response=ApplicationOut,
    status=201,
    errors=(400, 404, 409),
)
def apply_for_household(call: Call[ApplicationIn]) -> ApplicationOut:
    body = call.body
    fields = body.model_dump(exclude={"houseId", "addressCode"})
    application = households().apply(
        call.path["community_id"], call.who.subject, fields, body.houseId, body.addressCode
    )
    detail = {"applicationId": application.id, "relation": body.relation}
    audit(call, "household.apply", "house", application.attrs["houseId"], detail)
    return application_view(application)


@endpoint(
    bp,
    "GET",
    "/v1/resident/household-applications",
    audience="resident",
    access=Access.signed_in("household:apply"),
    summary="My household applications, newest first",
    query=PageQuery,
    response=ApplicationPage,
    operation_id="listMyHouseholdApplications",
)
def my_applications(call: Call[Any]) -> ApplicationPage:
    q = call.query
    return page(*households().applications_of(call.who.subject, q.limit, q.cursor), ApplicationPage, application_view)


@endpoint(
    bp,
    "GET",
    f"{RESIDENT_HOUSE}/members",
    audience="resident",
    access=Access.household("household:self"),
    summary="Current members of my household (names and relations only)",
    response=MemberList,
    errors=(403,),
    operation_id="listHouseholdMembers",
)
def household_members(call: Call[Any]) -> MemberList:
    resident = call.who.subject if call.who.kind == "resident" else None
    members = households().members(call.path["community_id"], call.path["house_id"], resident)
    return MemberList(items=[member_view(m) for m in members])


@endpoint(
    bp,
    "POST",
    f"{RESIDENT_HOUSE}/members",
    audience="resident",
    access=Access.household("household:invite"),
    summary="Owner invites a family member or tenant (they then bind with name + phone)",
    request=InviteIn,
    response=MemberOut,
    status=201,
    errors=(400, 403, 409, 429),
    operation_id="inviteHouseholdMember",
)
def invite_member(call: Call[InviteIn]) -> MemberOut:
    hid = call.path["house_id"]
    fields = call.body.model_dump()
    member = households().invite(call.path["community_id"], hid, call.who.subject, call.source_ip, fields)
    audit(call, "household.invite", "house", hid, {"personId": member.person_id, "relation": member.relation})
    return member_view(member)


@endpoint(
    bp,
    "DELETE",
    f"{RESIDENT_HOUSE}/members/{{person_id}}",
    audience="resident",
    access=Access.household("household:invite"),
    summary="Owner removes a family member or tenant (kept in the house's history)",
    response=MemberOut,
    errors=(403, 404, 409),
    operation_id="removeHouseholdMember",
)
def remove_member(call: Call[Any]) -> MemberOut:
    cid, hid, pid = call.path["community_id"], call.path["house_id"], call.path["person_id"]
    ended = households().remove(cid, hid, call.who.subject, pid)
    audit(call, "household.remove", "house", hid, {"personId": pid})
    return member_view(ended)


@endpoint(
    bp,
    "POST",
    f"{RESIDENT_HOUSE}/move-out",
    audience="resident",
    access=Access.household("household:self"),
    summary="I move out of this house (my residency ends and stays in history)",
    response=MemberOut,
    errors=(403, 404, 409),
)
def move_out_myself(call: Call[Any]) -> MemberOut:
    hid = call.path["house_id"]
    ended = households().move_out_myself(call.path["community_id"], hid, call.who.subject)
    audit(call, "household.move_out", "house", hid, {"personId": ended.person_id})
    return member_view(ended)
