"""The outside review's registry findings, over HTTP against the local cloud: binding and member invitations do not
work as look-ups of other people's data (limited per account and source, answers that confirm nothing), and a
vehicle naming another community's house or owner answers like an unknown id."""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalicelib.registry.repository import DynamoAttemptLimiter, memberships_of
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
from tests.support.windows import inside_one_window


def unbound(account: str) -> str:
    return token({"resident.unbound"}, set(), subject=account, kind="resident")


def owner_token(account: str, cid: str, house_id: str) -> str:
    return token({"resident.owner"}, {cid}, subject=account, kind="resident", households={house_id})


def test_wrong_phones_are_limited_with_429_and_a_stranger_binding_says_no_match(client: Any) -> None:
    inside_one_window(DynamoAttemptLimiter().window_seconds)  # the failures counted must fall in one window
    cid = new_community(client)
    house = make_house(client, cid)
    person, data = make_person(client, cid, "钱七")
    assert add_member(client, cid, house["houseId"], person["personId"])[0] == 201
    path = f"/v1/resident/communities/{cid}/bindings"
    prober = unbound(f"r-{uuid.uuid4().hex[:8]}")
    statuses = []
    for _ in range(15):
        status, err = call(
            client, "POST", path, prober, {"houseId": house["houseId"], "name": "钱七", "phone": fake_phone()}
        )
        statuses.append((status, err["error"]["code"]))
    assert statuses[:5] == [(404, "BINDING_NO_MATCH")] * 5
    assert set(statuses[5:]) == {(429, "RATE_LIMITED")}
    # the right data is refused too once limited: the limit is not an oracle either
    status, _ = call(
        client, "POST", path, prober, {"houseId": house["houseId"], "name": "钱七", "phone": data["phone"]}
    )
    assert status == 429
    owner = f"r-{uuid.uuid4().hex[:8]}"
    proof = {"houseId": house["houseId"], "name": "钱七", "phone": data["phone"]}
    assert call(client, "POST", path, unbound(owner), proof)[0] == 201
    # someone else with the right name and phone: the same answer as a wrong phone
    status, right = call(client, "POST", path, unbound(f"r-{uuid.uuid4().hex[:8]}"), proof)
    status2, wrong = call(client, "POST", path, unbound(f"r-{uuid.uuid4().hex[:8]}"), {**proof, "phone": fake_phone()})
    assert (
        (status, right["error"]["code"], right["error"]["message"])
        == (
            status2,
            wrong["error"]["code"],
            wrong["error"]["message"],
        )
        == (404, "BINDING_NO_MATCH", wrong["error"]["message"])
    )


def test_an_owner_cannot_look_up_or_attach_a_registered_person_by_id_number(client: Any) -> None:
    cid = new_community(client)
    house = make_house(client, cid)
    owner_person, owner_data = make_person(client, cid, "房主")
    assert add_member(client, cid, house["houseId"], owner_person["personId"])[0] == 201
    account = f"r-{uuid.uuid4().hex[:8]}"
    proof = {"houseId": house["houseId"], "name": "房主", "phone": owner_data["phone"]}
    assert call(client, "POST", f"/v1/resident/communities/{cid}/bindings", unbound(account), proof)[0] == 201
    stranger, stranger_data = make_person(client, cid, "隐私人")
    members = f"/v1/resident/communities/{cid}/houses/{house['houseId']}/members"
    tok = owner_token(account, cid, house["houseId"])
    guess = {"name": "随便写", "phone": fake_phone(), "idNumber": stranger_data["idNumber"], "relation": "family"}
    status, err = call(client, "POST", members, tok, guess)
    assert status == 409 and err["error"]["code"] == "PERSON_DETAILS_MISMATCH"
    text = json.dumps(err, ensure_ascii=False)
    assert "隐私人" not in text and stranger["personId"] not in text
    status, listed = call(client, "GET", members, tok)
    assert stranger["personId"] not in {m["personId"] for m in listed["items"]}
    # sent exactly as registered: attached, and the answer holds only what was sent
    exact = {**guess, "name": "隐私人", "phone": stranger_data["phone"]}
    status, member = call(client, "POST", members, tok, exact)
    assert status == 201 and member["name"] == "隐私人" and member["personId"] == stranger["personId"]
    # a new person (unregistered ID number) is registered as before
    fresh = {"name": "新成员", "phone": fake_phone(), "idNumber": fake_id_card(), "relation": "tenant"}
    status, member = call(client, "POST", members, tok, fresh)
    assert status == 201 and member["name"] == "新成员"
    assert memberships_of(account)


def test_a_vehicle_naming_another_communitys_house_or_owner_answers_like_an_unknown_id(client: Any) -> None:
    a, b = new_community(client), new_community(client)
    foreign_house = make_house(client, b)
    foreign_owner, _ = make_person(client, b, "别人")
    base = f"/v1/staff/communities/{a}/vehicles"
    answers = {}
    for name, body in {
        "foreign house": {"plate": "京C11111", "houseId": foreign_house["houseId"]},
        "unknown house": {"plate": "京C11111", "houseId": "h0000000000000000"},
        "foreign owner": {"plate": "京C11111", "ownerPersonId": foreign_owner["personId"]},
        "unknown owner": {"plate": "京C11111", "ownerPersonId": "p0000000000000000"},
    }.items():
        status, err = call(client, "POST", base, manager(a), body)
        answers[name] = (status, err["error"]["code"], err["error"]["message"], err["error"]["details"])
    assert answers["foreign house"] == answers["unknown house"]
    assert answers["foreign owner"] == answers["unknown owner"]
    assert answers["foreign house"][:2] == (404, "HOUSE_NOT_FOUND")
    assert answers["foreign house"][3][0]["field"] == "houseId"
    assert call(client, "GET", f"{base}?plate=京C", manager(a))[1]["items"] == []


def test_ids_no_record_can_have_are_not_found_on_every_registry_route(client: Any) -> None:
    """Path ids are the caller's text: 3,000 characters, unicode or punctuation answer 404 (or a 4xx), never 5xx."""
    from chalicelib.kernel.lazy_routes import all_endpoints

    ENDPOINTS = all_endpoints()
    cid = new_community(client)
    bodies = {
        "UnitIn": {"number": 1},
        "MemberIn": {"personId": "p1", "relation": "family"},
        "MoveOutIn": {},
        "DecisionIn": {"reason": "no"},
        "HouseUpdate": {"version": 1, "areaSqm": 50},
        "PersonUpdate": {"version": 1, "name": "x"},
        "VehicleUpdate": {"version": 1, "brand": "x"},
        "OrganisationUpdate": {"version": 1, "category": "x"},
    }
    admin = token({"platform.admin"}, {"*"})
    checked = 0
    for ep in ENDPOINTS:
        registry_path = ep.path.startswith("/v1/admin/org-units") or any(
            f"{{community_id}}/{part}" in ep.path
            for part in ("buildings", "houses", "people", "vehicles", "organisations", "household-applications")
        )
        if not registry_path or ep.audience not in ("staff", "admin"):
            continue
        names = [n for n in ep.path.split("{")[1:] if not n.startswith("community_id")]
        if not names:
            continue
        for bad in ("x" * 3000, "中文", "a.b", "-"):
            path = ep.path.replace("{community_id}", cid)
            for name in names:
                path = path.replace("{" + name.split("}")[0] + "}", bad)
            body = bodies.get(ep.request.__name__, {}) if ep.request else None
            status, answer = call(client, ep.method, path, admin if ep.audience == "admin" else manager(cid), body)
            assert 400 <= status < 500, (ep.method, ep.path, bad[:10], status, answer)
            checked += 1
    assert checked >= 40
