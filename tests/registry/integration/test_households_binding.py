"""Household binding: match, apply/approve/reject, owner invitations and removals, move-out history, scope."""

from __future__ import annotations

import uuid
from typing import Any

from chalicelib.registry.repository import memberships_of
from tests.support.registry import (
    add_member,
    call,
    fake_id_card,
    fake_phone,
    make_house,
    make_person,
    manager,
    new_community,
    token,
)


def unbound(account: str) -> str:
    return token({"resident.unbound"}, set(), subject=account, kind="resident")


def resident(account: str, cid: str, house_id: str, role: str = "resident.owner") -> str:
    return token({role}, {cid}, subject=account, kind="resident", households={house_id})


def setup_owner_house(client: Any) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
    cid = new_community(client)
    house = make_house(client, cid)
    person, data = make_person(client, cid, "赵 六")
    assert add_member(client, cid, house["houseId"], person["personId"])[0] == 201
    return cid, house, person, data


def test_bind_by_match_then_duplicates_are_refused(client: Any) -> None:
    cid, house, person, data = setup_owner_house(client)
    account = f"r-{uuid.uuid4().hex[:8]}"
    path = f"/v1/resident/communities/{cid}/bindings"
    # wrong phone: no match, nothing bound
    status, err = call(
        client, "POST", path, unbound(account), {"houseId": house["houseId"], "name": "赵六", "phone": fake_phone()}
    )
    assert status == 404 and err["error"]["code"] == "BINDING_NO_MATCH"
    assert memberships_of(account) == []
    # name (spacing ignored) + phone, house named by its address code
    status, bound = call(
        client,
        "POST",
        path,
        unbound(account),
        {"addressCode": house["addressCode"], "name": "赵六", "phone": data["phone"]},
    )
    assert status == 201, bound
    assert bound["relation"] == "owner" and bound["personId"] == person["personId"]
    [membership] = memberships_of(account)
    assert (membership.community_id, membership.house_id, membership.relation, membership.role) == (
        cid,
        house["houseId"],
        "owner",
        "resident.owner",
    )
    # the same account again (409) and another account with the same proof (404): nothing changes
    status, err = call(
        client,
        "POST",
        path,
        unbound(account),
        {"houseId": house["houseId"], "name": "赵六", "idNumber": data["idNumber"]},
    )
    assert status == 409 and err["error"]["code"] == "ALREADY_BOUND"
    other = f"r-{uuid.uuid4().hex[:8]}"
    status, err = call(
        client,
        "POST",
        path,
        unbound(other),
        {"houseId": house["houseId"], "name": "赵六", "idNumber": data["idNumber"]},
    )
    # another account: answered as no match, which does not confirm the stranger's name and ID number
    assert status == 404 and err["error"]["code"] == "BINDING_NO_MATCH"
    assert memberships_of(other) == [] and len(memberships_of(account)) == 1
    status, mine = call(client, "GET", "/v1/resident/households", resident(account, cid, house["houseId"]))
    assert status == 200 and [m["addressCode"] for m in mine["items"]] == [house["addressCode"]]


def test_apply_then_manager_approves_or_rejects_with_reason(client: Any) -> None:
    cid = new_community(client)
    house = make_house(client, cid)
    account = f"r-{uuid.uuid4().hex[:8]}"
    apply_path = f"/v1/resident/communities/{cid}/household-applications"
    application = {
        "houseId": house["houseId"],
        "name": "钱七",
        "phone": fake_phone(),
        "idNumber": fake_id_card(),
        "relation": "tenant",
    }
    status, app = call(client, "POST", apply_path, unbound(account), application)
    assert status == 201 and app["status"] == "pending" and "*" in app["phone"]
    status, err = call(client, "POST", apply_path, unbound(account), application)
    assert status == 409 and err["error"]["code"] == "APPLICATION_PENDING"
    staff = f"/v1/staff/communities/{cid}/household-applications"
    status, pending = call(client, "GET", staff, manager(cid))
    assert [a["applicationId"] for a in pending["items"]] == [app["applicationId"]]
    assert call(client, "GET", staff, token({"staff.guard"}, {cid}))[0] == 403
    status, err = call(client, "POST", f"{staff}/{app['applicationId']}/reject", manager(cid), {})
    assert status == 400 and err["error"]["code"] == "REASON_REQUIRED"
    status, approved = call(client, "POST", f"{staff}/{app['applicationId']}/approve", manager(cid), {"version": 1})
    assert status == 200 and approved["status"] == "approved"
    assert [(m.house_id, m.relation) for m in memberships_of(account)] == [(house["houseId"], "tenant")]
    status, err = call(client, "POST", f"{staff}/{app['applicationId']}/approve", manager(cid), {})
    assert status == 409 and err["error"]["code"] == "APPLICATION_DECIDED"
    # a second applicant is rejected with a reason they can read
    other = f"r-{uuid.uuid4().hex[:8]}"
    status, app2 = call(
        client, "POST", apply_path, unbound(other), {**application, "name": "孙八", "idNumber": fake_id_card()}
    )
    assert status == 201
    status, rejected = call(
        client, "POST", f"{staff}/{app2['applicationId']}/reject", manager(cid), {"reason": "not on the lease"}
    )
    assert status == 200 and rejected["status"] == "rejected"
    status, mine = call(client, "GET", "/v1/resident/household-applications", unbound(other))
    assert [(a["status"], a["reason"]) for a in mine["items"]] == [("rejected", "not on the lease")]
    assert memberships_of(other) == []


def test_owner_invites_family_who_binds_then_owner_removes_and_history_keeps_it(client: Any) -> None:
    cid, house, person, data = setup_owner_house(client)
    owner = f"r-{uuid.uuid4().hex[:8]}"
    hid = house["houseId"]
    assert (
        call(
            client,
            "POST",
            f"/v1/resident/communities/{cid}/bindings",
            unbound(owner),
            {"houseId": hid, "name": "赵六", "phone": data["phone"]},
        )[0]
        == 201
    )
    members_path = f"/v1/resident/communities/{cid}/houses/{hid}/members"
    kid_phone = fake_phone()
    status, invited = call(
        client,
        "POST",
        members_path,
        resident(owner, cid, hid),
        {"name": "赵小六", "phone": kid_phone, "relation": "family", "relationToOwner": "child"},
    )
    assert status == 201 and invited["bound"] is False
    # the invitee signs in and binds by match
    kid = f"r-{uuid.uuid4().hex[:8]}"
    assert (
        call(
            client,
            "POST",
            f"/v1/resident/communities/{cid}/bindings",
            unbound(kid),
            {"houseId": hid, "name": "赵小六", "phone": kid_phone},
        )[0]
        == 201
    )
    # a family member may read the household but not invite or remove
    family = resident(kid, cid, hid, "resident.family")
    status, listed = call(client, "GET", members_path, family)
    assert status == 200 and {m["relation"] for m in listed["items"]} == {"owner", "family"}
    assert (
        call(client, "POST", members_path, family, {"name": "X", "phone": fake_phone(), "relation": "tenant"})[0] == 403
    )
    # the owner cannot remove the owner (a change of owner is recorded by the property)
    status, err = call(client, "DELETE", f"{members_path}/{person['personId']}", resident(owner, cid, hid))
    assert status == 409 and err["error"]["code"] == "CANNOT_REMOVE_OWNER"
    status, removed = call(client, "DELETE", f"{members_path}/{invited['personId']}", resident(owner, cid, hid))
    assert status == 200 and removed["status"] == "ended" and removed["endReason"] == "removed_by_owner"
    assert memberships_of(kid) == []
    status, history = call(
        client, "GET", f"/v1/staff/communities/{cid}/houses/{hid}/members?history=true", manager(cid)
    )
    assert [(m["personId"], m["endReason"]) for m in history["items"]] == [(invited["personId"], "removed_by_owner")]
    assert history["items"][0]["endedAt"] and history["items"][0]["since"]
    status, residences = call(
        client, "GET", f"/v1/staff/communities/{cid}/people/{invited['personId']}/residences", manager(cid)
    )
    assert [m["status"] for m in residences["items"]] == ["ended"]
    # the removed member's old token still names the house, but the registry says no
    status, err = call(client, "GET", members_path, resident(kid, cid, hid, "resident.family"))
    assert status == 403


def test_scope_neighbours_other_communities_and_one_owner(client: Any) -> None:
    cid, house, person, data = setup_owner_house(client)
    neighbour = make_house(client, cid, building_id=house["buildingId"], room=3)
    account = f"r-{uuid.uuid4().hex[:8]}"
    assert (
        call(
            client,
            "POST",
            f"/v1/resident/communities/{cid}/bindings",
            unbound(account),
            {"houseId": house["houseId"], "name": "赵六", "phone": data["phone"]},
        )[0]
        == 201
    )
    mine = resident(account, cid, house["houseId"])
    status, err = call(client, "GET", f"/v1/resident/communities/{cid}/houses/{neighbour['houseId']}/members", mine)
    assert status == 403 and err["error"]["code"] == "HOUSEHOLD_FORBIDDEN"
    other = new_community(client)
    status, err = call(client, "GET", f"/v1/resident/communities/{other}/houses/{house['houseId']}/members", mine)
    assert status == 403
    # a second current owner, and the same person twice in one house: 409, nothing written
    second, _ = make_person(client, cid, "周九")
    status, err = add_member(client, cid, house["houseId"], second["personId"], "owner")
    assert status == 409 and err["error"]["code"] == "OWNER_EXISTS"
    status, err = add_member(client, cid, house["houseId"], person["personId"], "family")
    assert status == 409 and err["error"]["code"] == "ALREADY_MEMBER"
    status, listed = call(client, "GET", f"/v1/staff/communities/{cid}/houses/{house['houseId']}/members", manager(cid))
    assert [m["personId"] for m in listed["items"]] == [person["personId"]]
    # the owner moves out (kept in history), after which a new owner can be recorded
    status, ended = call(client, "POST", f"/v1/resident/communities/{cid}/houses/{house['houseId']}/move-out", mine)
    assert status == 200 and ended["endReason"] == "moved_out"
    assert memberships_of(account) == []
    assert add_member(client, cid, house["houseId"], second["personId"], "owner")[0] == 201
