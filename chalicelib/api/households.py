"""Household binding (001 7.1.1.4 a/d, 003 7.3.5): residents bind their account to a house, apply when no record
matches, owners invite and remove family members and tenants, and managers decide applications.

Binding by match: the property registered the residents of a house; a resident who gives the same name plus the
same phone or ID number (compared through the blind indexes, never decrypted) binds their account to that
residency. Otherwise they apply, and a manager approves (the residency is created, bound) or rejects with a reason.
An owner's invitation registers the invitee's residency (unbound) so the invitee binds by match after signing in.
Bindings change what a resident token holds: the client refreshes its token afterwards.

A new resident account may hold no community yet, so binding, applying and listing own households are checked
by permission only (`household:apply`, which an unbound resident holds, and `household:self`);
everything about one house uses household scope.
"""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field, model_validator

from chalicelib.api.contracts import Contract, Id, Page, PageQuery
from chalicelib.api.http import Call, endpoint
from chalicelib.api.registry_views import DataSource, IdType, MemberList, MemberOut, RelationName
from chalicelib.security.access import Access

bp = Blueprint(__name__)

RESIDENT_HOUSE = "/v1/resident/communities/{community_id}/houses/{house_id}"
STAFF_APPS = "/v1/staff/communities/{community_id}/household-applications"


def _now() -> Any:
    from chalicelib.domain.clock import utcnow

    return utcnow()


def _audit(
    call: Call[Any],
    operation: str,
    target_type: str,
    target_id: str,
    detail: dict[str, Any] | None = None,
    outcome: str = "success",
) -> None:
    from chalicelib.security import audit

    audit.record_call(call, operation, target_type, target_id, outcome=outcome, detail=detail)


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


class MembershipOut(Contract):
    communityId: str
    houseId: str
    relation: str
    personId: str
    addressCode: str | None = None
    houseNumber: str | None = None
    since: str
    boundAt: str | None = None


class MembershipList(Contract):
    items: list[MembershipOut]


def _membership_view(member: Any, house: Any | None) -> MembershipOut:
    from chalicelib.domain.clock import iso

    a = (house.attrs or {}) if house is not None else {}
    return MembershipOut(
        communityId=member.community_id,
        houseId=member.house_id,
        relation=member.relation,
        personId=member.person_id,
        addressCode=a.get("addressCode"),
        houseNumber=a.get("houseNumber"),
        since=iso(member.since),
        boundAt=iso(member.bound_at) if member.bound_at else None,
    )


def _my_relation(account_id: str, community_id: str, house_id: str) -> str | None:
    """The caller's current relation to a house, read from the registry (a token may be older than a move-out)."""
    from chalicelib.store.households import memberships_of

    for m in memberships_of(account_id):
        if m.community_id == community_id and m.house_id == house_id:
            return m.relation
    return None


@endpoint(
    bp,
    "POST",
    "/v1/resident/communities/{community_id}/bindings",
    audience="resident",
    access=Access.signed_in("household:apply"),
    summary="Bind my account to a house whose residents the property registered (name + phone or ID)",
    request=BindIn,
    response=MembershipOut,
    status=201,
    errors=(400, 404, 409),
)
def bind_household(call: Call[BindIn]) -> MembershipOut:
    from chalicelib.api import registry_ops as ops
    from chalicelib.domain.errors import Conflict, NotFound
    from chalicelib.domain.registry import normalise_name
    from chalicelib.security import pii
    from chalicelib.store import registry as store

    cid, body, account = call.path["community_id"], call.body, call.who.subject
    house = ops.resolve_house(cid, body.houseId, body.addressCode)
    if _my_relation(account, cid, house.entity_id):
        _audit(call, "household.bind", "house", house.entity_id, {"reason": "already bound"}, "denied")
        raise Conflict("your account is already bound to this house", code="ALREADY_BOUND")
    members = store.current_members(cid, house.entity_id)
    people = store.batch_get((store.entity_pk(cid, "person", m.person_id), "PERSON") for m in members)
    phone_index = pii.blind_index("phone", body.phone) if body.phone else None
    id_index = pii.blind_index("id_card", body.idNumber) if body.idNumber else None
    wanted = normalise_name(body.name)
    match = None
    for member in members:
        person = people.get((store.entity_pk(cid, "person", member.person_id), "PERSON"))
        if person is None or normalise_name((person.attrs or {}).get("name", "")) != wanted:
            continue
        sealed = person.sealed or {}
        if (phone_index and sealed.get("phoneIndex") == phone_index) or (
            id_index and sealed.get("idIndex") == id_index
        ):
            match = member
            break
    if match is None:
        _audit(call, "household.bind", "house", house.entity_id, {"reason": "no match"}, "denied")
        raise NotFound("no resident record of this house matches; apply instead", code="BINDING_NO_MATCH")
    if match.account_id:
        _audit(call, "household.bind", "house", house.entity_id, {"reason": "bound to another account"}, "denied")
        raise Conflict("this resident record is already bound to an account", code="ALREADY_BOUND")
    store.bind_account(match, account, _now())
    _audit(call, "household.bind", "house", house.entity_id, {"personId": match.person_id, "relation": match.relation})
    return _membership_view(match, house)


@endpoint(
    bp,
    "GET",
    "/v1/resident/households",
    audience="resident",
    access=Access.signed_in("household:self"),
    summary="My current households",
    response=MembershipList,
)
def my_households(call: Call[Any]) -> MembershipList:
    from chalicelib.store import registry as store

    members = store.memberships_by_account(call.who.subject)
    houses = store.batch_get((store.house_pk(m.community_id, m.house_id), "HOUSE") for m in members)
    return MembershipList(
        items=[_membership_view(m, houses.get((store.house_pk(m.community_id, m.house_id), "HOUSE"))) for m in members]
    )


# --- applications -----------------------------------------------------------------------------------------------


class ApplicationIn(HouseRef):
    name: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20)
    idType: IdType = "resident_id_card"
    idNumber: str | None = Field(default=None, max_length=32)
    relation: RelationName
    relationToOwner: str | None = Field(default=None, max_length=20)
    populationType: Literal["permanent", "floating"] = "permanent"
    note: str | None = Field(default=None, max_length=200)


class ApplicationOut(Contract):
    applicationId: str
    communityId: str
    houseId: str
    addressCode: str | None = None
    name: str
    phone: str = Field(description="masked")
    idNumber: str | None = Field(default=None, description="masked")
    relation: str
    relationToOwner: str | None = None
    note: str | None = None
    status: str
    reason: str | None = None
    decidedBy: str | None = None
    decidedAt: str | None = None
    createdAt: str
    version: int


class ApplicationPage(Page):
    items: list[ApplicationOut]


def _application_view(item: Any) -> ApplicationOut:
    from chalicelib.domain.clock import iso

    a, s = item.attrs or {}, item.sealed or {}
    return ApplicationOut(
        applicationId=item.entity_id,
        communityId=item.community_id,
        houseId=a["houseId"],
        addressCode=a.get("addressCode"),
        name=a["name"],
        phone=s.get("phoneMasked", ""),
        idNumber=s.get("idMasked"),
        relation=a["relation"],
        relationToOwner=a.get("relationToOwner"),
        note=a.get("note"),
        status=a["status"],
        reason=a.get("reason"),
        decidedBy=a.get("decidedBy"),
        decidedAt=a.get("decidedAt"),
        createdAt=iso(item.ingested_at),
        version=int(item.version or 0),
    )


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
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import checked_id_number, normalised_phone, seal_person
    from chalicelib.domain.clock import iso
    from chalicelib.domain.errors import Conflict
    from chalicelib.store import registry as store

    cid, body, account = call.path["community_id"], call.body, call.who.subject
    house = ops.resolve_house(cid, body.houseId, body.addressCode)
    if _my_relation(account, cid, house.entity_id):
        raise Conflict("your account is already bound to this house", code="ALREADY_BOUND")
    phone = normalised_phone(body.phone)
    id_number = checked_id_number(body.idType, body.idNumber) if body.idNumber else None
    sealed = seal_person(phone, id_number, [])
    now, app_id = _now(), store.new_id("a")
    attrs = body.model_dump(exclude={"phone", "idNumber", "houseId", "addressCode"}, exclude_none=True)
    attrs.update(
        houseId=house.entity_id, addressCode=(house.attrs or {}).get("addressCode"), status="pending", accountId=account
    )
    stamp = f"{iso(now)}#{app_id}"
    item = store.entity_item(
        "application",
        cid,
        app_id,
        attrs,
        now,
        "self_registration",
        account,
        sealed=sealed,
        gsi1=(f"C#{cid}#APPS#pending", stamp),
        gsi2=(f"ACCT#{account}#APPS", stamp),
    )
    lock = store.RegistryItem(
        house.pk,
        f"APPLY#{account}",
        entity="apply_lock",
        entity_id=app_id,
        community_id=cid,
        ingested_at=now,
        data_source="self_registration",
    )
    store.Tx().put_new(item, "ALREADY_EXISTS", "application exists").put_new(
        lock, "APPLICATION_PENDING", "you already have a pending application for this house"
    ).commit()
    _audit(call, "household.apply", "house", house.entity_id, {"applicationId": app_id, "relation": body.relation})
    return _application_view(item)


@endpoint(
    bp,
    "GET",
    "/v1/resident/household-applications",
    audience="resident",
    access=Access.signed_in("household:apply"),
    summary="My household applications, newest first",
    query=PageQuery,
    response=ApplicationPage,
)
def my_applications(call: Call[Any]) -> ApplicationPage:
    from chalicelib.store import registry as store

    items, cursor = store.query_index(
        "gsi2", f"ACCT#{call.who.subject}#APPS", None, call.query.limit, call.query.cursor, forward=False
    )
    return ApplicationPage(items=[_application_view(i) for i in items], nextCursor=cursor)


class ApplicationsQuery(PageQuery):
    status: Literal["pending", "approved", "rejected"] = "pending"


@endpoint(
    bp,
    "GET",
    STAFF_APPS,
    audience="staff",
    access=Access.community("household:approve"),
    summary="Household applications by status (oldest first)",
    query=ApplicationsQuery,
    response=ApplicationPage,
)
def list_applications(call: Call[Any]) -> ApplicationPage:
    from chalicelib.store import registry as store

    q = call.query
    items, cursor = store.query_index("gsi1", f"C#{call.path['community_id']}#APPS#{q.status}", None, q.limit, q.cursor)
    return ApplicationPage(items=[_application_view(i) for i in items], nextCursor=cursor)


class DecisionIn(Contract):
    version: int | None = Field(default=None, ge=1, description="the version you read (409 when stale)")
    reason: str | None = Field(default=None, max_length=200, description="required to reject")


def _decide(call: Call[DecisionIn], decision: str) -> tuple[Any, Any]:
    from chalicelib.domain.clock import iso
    from chalicelib.domain.errors import NotFound
    from chalicelib.domain.households import check_decision
    from chalicelib.store import registry as store

    cid = call.path["community_id"]
    item = store.get_entity(cid, "application", call.path["application_id"])
    if item is None:
        raise NotFound("application not found", code="APPLICATION_NOT_FOUND")
    a = dict(item.attrs or {})
    check_decision(a["status"], decision, call.body.reason)
    store.check_version(item, call.body.version)
    now = _now()
    a.update(status=decision, reason=call.body.reason, decidedBy=call.who.subject, decidedAt=iso(now))
    item.attrs, item.updated_at = a, now
    item.gsi1pk = f"C#{cid}#APPS#{decision}"
    tx = store.Tx().put(item, None, "APPLICATION_CHANGED", "the application changed meanwhile; reload")
    lock = store.RegistryItem(store.house_pk(cid, a["houseId"]), f"APPLY#{a['accountId']}")
    tx.delete(lock, store.RegistryItem.entity_id == item.entity_id, "APPLICATION_CHANGED", "lock changed")
    return item, tx


@endpoint(
    bp,
    "POST",
    f"{STAFF_APPS}/{{application_id}}/approve",
    audience="staff",
    access=Access.community("household:approve"),
    summary="Approve: the applicant becomes a bound resident of the house",
    request=DecisionIn,
    response=ApplicationOut,
    errors=(404, 409),
)
def approve_application(call: Call[DecisionIn]) -> ApplicationOut:
    from chalicelib.store import registry as store

    cid = call.path["community_id"]
    item, tx = _decide(call, "approved")
    a, s = item.attrs, item.sealed or {}
    now = _now()
    person = None
    if s.get("idIndex"):
        person_id = store.lock_target(cid, "IDCARD", s["idIndex"])
        person = store.get_entity(cid, "person", person_id) if person_id else None
    if person is None:
        # The applicant's sealed values move over as they are: same purposes, no decrypt needed.
        person_id = store.new_id("p")
        attrs = {
            "name": a["name"],
            "idType": a.get("idType", "resident_id_card"),
            "gender": "unknown",
            "populationType": a.get("populationType", "permanent"),
            "tags": [],
            "status": "active",
        }
        prepared = _person_from_sealed(cid, person_id, attrs, s, now, call.who.subject)
        prepared.add_to(tx)
        person = prepared.item
    member = store.member_record(
        cid,
        a["houseId"],
        person.entity_id,
        a["name"],
        a["relation"],
        a.get("relationToOwner"),
        now,
        now,
        "self_registration",
        call.who.subject,
        account_id=a["accountId"],
    )
    store.add_member_actions(tx, member, now)
    tx.commit()
    _audit(
        call,
        "household.approve",
        "household_application",
        item.entity_id,
        {"houseId": a["houseId"], "personId": person.entity_id},
    )
    return _application_view(item)


def _person_from_sealed(
    cid: str, person_id: str, attrs: dict[str, Any], sealed: dict[str, Any], now: Any, actor: str
) -> Any:
    from chalicelib.api.registry_ops import Prepared
    from chalicelib.domain.registry import normalise_name
    from chalicelib.store import registry as store

    person_sealed = {k: v for k, v in sealed.items() if k != "contacts"} | {"contacts": []}
    item = store.entity_item(
        "person",
        cid,
        person_id,
        attrs,
        now,
        "self_registration",
        actor,
        sealed=person_sealed,
        gsi1=(f"C#{cid}#PERSON_NAME", f"{normalise_name(attrs['name'])}#{person_id}"),
        gsi2=(f"C#{cid}#PHONE#{sealed['phoneIndex']}", person_id) if sealed.get("phoneIndex") else None,
    )
    locks = []
    if sealed.get("idIndex"):
        locks.append(
            (
                store.lock_item(cid, "IDCARD", sealed["idIndex"], person_id, now, "self_registration"),
                "PERSON_EXISTS",
                "a person with this ID number is already registered",
            )
        )
    return Prepared(item, locks)


@endpoint(
    bp,
    "POST",
    f"{STAFF_APPS}/{{application_id}}/reject",
    audience="staff",
    access=Access.community("household:approve"),
    summary="Reject with a reason the applicant sees",
    request=DecisionIn,
    response=ApplicationOut,
    errors=(400, 404, 409),
)
def reject_application(call: Call[DecisionIn]) -> ApplicationOut:
    item, tx = _decide(call, "rejected")
    tx.commit()
    _audit(call, "household.reject", "household_application", item.entity_id, {"reason": call.body.reason})
    return _application_view(item)


# --- inside one household ---------------------------------------------------------------------------------------


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
    "GET",
    f"{RESIDENT_HOUSE}/members",
    audience="resident",
    access=Access.household("household:self"),
    summary="Current members of my household (names and relations only)",
    response=MemberList,
    errors=(403,),
)
def household_members(call: Call[Any]) -> MemberList:
    from chalicelib.api.registry_views import member_view
    from chalicelib.domain.errors import Forbidden
    from chalicelib.store import registry as store

    cid, hid = call.path["community_id"], call.path["house_id"]
    if call.who.kind == "resident" and not _my_relation(call.who.subject, cid, hid):
        raise Forbidden("you no longer live in this house", code="HOUSEHOLD_FORBIDDEN")
    return MemberList(items=[member_view(m) for m in store.current_members(cid, hid)])


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
    errors=(400, 403, 409),
)
def invite_member(call: Call[InviteIn]) -> MemberOut:
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import member_view
    from chalicelib.domain.households import check_invite
    from chalicelib.store import registry as store

    cid, hid, body = call.path["community_id"], call.path["house_id"], call.body
    check_invite(_my_relation(call.who.subject, cid, hid), body.relation)
    now, tx = _now(), store.Tx()
    person = ops.find_person_by_id_number(cid, body.idType, body.idNumber) if body.idNumber else None
    if person is None:
        fields = body.model_dump(exclude={"relation", "relationToOwner", "dataSource"}, exclude_none=True)
        prepared = ops.prepare_person(cid, fields, now, body.dataSource, call.who.subject)
        prepared.add_to(tx)
        person = prepared.item
    member = ops.add_member(
        cid, hid, person, body.relation, body.relationToOwner, now, now, body.dataSource, call.who.subject, tx=tx
    )
    _audit(call, "household.invite", "house", hid, {"personId": person.entity_id, "relation": body.relation})
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
)
def remove_member(call: Call[Any]) -> MemberOut:
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import member_view
    from chalicelib.domain.households import check_removal

    cid, hid, pid = call.path["community_id"], call.path["house_id"], call.path["person_id"]
    relation = _my_relation(call.who.subject, cid, hid)
    member = ops.require_current_member(cid, hid, pid)
    check_removal(relation, member.relation)
    now = _now()
    ops.end_member(member, now, "removed_by_owner")
    _audit(call, "household.remove", "house", hid, {"personId": pid})
    member.status, member.ended_at, member.end_reason = "ended", now, "removed_by_owner"
    return member_view(member)


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
    from chalicelib.api import registry_ops as ops
    from chalicelib.api.registry_views import member_view
    from chalicelib.domain.errors import NotFound
    from chalicelib.store import registry as store

    cid, hid = call.path["community_id"], call.path["house_id"]
    mine = [m for m in store.memberships_by_account(call.who.subject) if m.community_id == cid and m.house_id == hid]
    if not mine:
        raise NotFound("you do not live in this house", code="MEMBER_NOT_FOUND")
    member = store.get_member(cid, hid, mine[0].person_id) or mine[0]
    now = _now()
    ops.end_member(member, now, "moved_out")
    _audit(call, "household.move_out", "house", hid, {"personId": member.person_id})
    member.status, member.ended_at, member.end_reason = "ended", now, "moved_out"
    return member_view(member)
