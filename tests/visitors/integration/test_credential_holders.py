"""Every access credential has a real holder of this community.

Issuing walks every kind of holder a manager could name, for both holder kinds: nobody, someone of another house or
community, accounts that may not work (disabled, expired, not yet valid), the wrong kind of id; only a current
resident of the house or a staff account of this community gets a card. Presenting walks what can happen to a
staff member after the card was issued (disabled, enabled again, removed from the community, validity over,
locked out of sign-in): the card opens a door only while its holder may work here. A card stored before the check
existed, for a holder that is nobody, opens nothing either.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from tests.support.identity import make_staff, token_for
from tests.support.identity import service as identity
from tests.support.visitors import Place, add_gate, call, gate_token, iso, new_place, now


@pytest.fixture
def place(cloud: Any) -> Place:
    return new_place()


def issue(
    client: Any, place: Place, holder_kind: str, holder_id: str, house_id: str | None = None, **extra: Any
) -> tuple[int, Any]:
    body = {
        "holderKind": holder_kind,
        "holderId": holder_id,
        "houseId": house_id,
        "kind": "card",
        "reference": "CARD-" + uuid.uuid4().hex[:10],
        "validUntil": iso(now() + timedelta(days=30)),
        **extra,
    }
    return call(client, "POST", f"/v1/staff/communities/{place.community}/credentials", manager(place), body)


def manager(place: Place) -> str:
    return place.staff_token("staff.manager", "mgr-holders")


def staff_in(*communities: str, **changes: Any) -> str:
    account = make_staff(set(communities), {"staff.guard"})
    if changes:
        account = identity().staff.replace(replace(account, **changes))
    return str(account.account_id)


def staff_holders(place: Place) -> dict[str, tuple[str, int, str | None]]:
    """holder -> (holderId, status, error code)"""
    other = new_place().community
    moment = now()
    return {
        "nobody": ("s-" + uuid.uuid4().hex[:12], 409, "NOT_COMMUNITY_STAFF"),
        "staff of another community": (staff_in(other), 409, "NOT_COMMUNITY_STAFF"),
        "disabled staff of this community": (staff_in(place.community, disabled=True), 409, "NOT_COMMUNITY_STAFF"),
        "staff whose validity ended": (
            staff_in(place.community, valid_until=moment - timedelta(days=1)),
            409,
            "NOT_COMMUNITY_STAFF",
        ),
        "staff not valid yet": (
            staff_in(place.community, valid_from=moment + timedelta(days=1)),
            409,
            "NOT_COMMUNITY_STAFF",
        ),
        "a resident's account id": (place.resident, 409, "NOT_COMMUNITY_STAFF"),
        "a resident's person id": (place.person, 409, "NOT_COMMUNITY_STAFF"),
        "staff of this community": (staff_in(place.community), 201, None),
        "staff of this and another community": (staff_in(place.community, other), 201, None),
        "a platform account (every community)": (staff_in("*"), 201, None),
        "staff locked out of sign-in": (
            staff_in(place.community, locked_until=moment + timedelta(minutes=15)),
            201,
            None,
        ),
    }


def test_a_staff_card_is_issued_only_to_a_staff_account_of_this_community(client: Any, place: Place) -> None:
    wrong = []
    for holder, (holder_id, want_status, want_code) in staff_holders(place).items():
        status, body = issue(client, place, "staff", holder_id)
        code = (body or {}).get("error", {}).get("code")
        if (status, code) != (want_status, want_code):
            wrong.append(f"{holder}: {status} {code}, want {want_status} {want_code}")
        if status == 409:
            assert body["error"]["details"][0]["field"] == "holderId"
    assert wrong == [], "\n".join(wrong)


def test_a_residents_card_is_issued_only_to_a_current_resident_of_the_house(client: Any, place: Place) -> None:
    neighbour = new_place()  # another community: its person, its house
    next_door = new_place(community=place.community)  # another house of this community
    cases = {
        "nobody": ("p" + uuid.uuid4().hex[:12], place.house, 409, "NOT_CURRENT_RESIDENT"),
        "a resident of another house here": (next_door.person, place.house, 409, "NOT_CURRENT_RESIDENT"),
        "a resident of another community": (neighbour.person, place.house, 409, "NOT_CURRENT_RESIDENT"),
        "a staff account": (staff_in(place.community), place.house, 409, "NOT_CURRENT_RESIDENT"),
        "a house of another community": (neighbour.person, neighbour.house, 404, "HOUSE_NOT_FOUND"),
        "the resident of the house": (place.person, place.house, 201, None),
    }
    wrong = []
    for holder, (holder_id, house_id, want_status, want_code) in cases.items():
        status, body = issue(client, place, "resident", holder_id, house_id)
        code = (body or {}).get("error", {}).get("code")
        if (status, code) != (want_status, want_code):
            wrong.append(f"{holder}: {status} {code}, want {want_status} {want_code}")
    assert wrong == [], "\n".join(wrong)


def present(client: Any, place: Place, session: str, reference: str) -> dict[str, Any]:
    status, body = call(
        client,
        "POST",
        f"/v1/gate/communities/{place.community}/credentials/present",
        session,
        {"kind": "card", "reference": reference},
    )
    assert status == 200, body
    return body


def admin(client: Any, place: Place, account_id: str, op: str) -> None:
    token = token_for({"platform.admin"}, {"*"}, kind="admin", subject="padmin-holders")
    status, body = call(client, "POST", f"/v1/admin/communities/{place.community}/staff/{account_id}/{op}", token, {})
    assert status == 200, body


def test_a_staff_card_opens_only_while_its_holder_works_here(client: Any, place: Place) -> None:
    door = add_gate(place.community, None)  # a shared door: a staff card's default area
    session = gate_token(client, place.community, door)
    guard = make_staff({place.community}, {"staff.guard"})
    status, card = issue(client, place, "staff", guard.account_id, areas=["shared"])
    assert status == 201, card
    reference = card["reference"]

    def opens() -> tuple[bool, str | None]:
        answer = present(client, place, session, reference)
        return answer["allowed"], answer["reason"]

    assert opens() == (True, None)
    admin(client, place, guard.account_id, "disable")
    assert opens() == (False, "HOLDER_NOT_CURRENT")
    admin(client, place, guard.account_id, "enable")
    assert opens() == (True, None)
    current = identity().staff.get(guard.account_id)
    identity().staff.replace(replace(current, locked_until=now() + timedelta(minutes=15)))
    assert opens() == (True, None)  # a sign-in lockout is about the password, not the person
    current = identity().staff.get(guard.account_id)
    identity().staff.replace(replace(current, locked_until=None, valid_until=now() - timedelta(seconds=1)))
    assert opens() == (False, "HOLDER_NOT_CURRENT")
    current = identity().staff.get(guard.account_id)
    identity().staff.replace(replace(current, valid_until=None))
    assert opens() == (True, None)
    admin(client, place, guard.account_id, "remove")  # leaves the community
    assert opens() == (False, "HOLDER_NOT_CURRENT")


def test_a_staff_card_stored_for_nobody_opens_nothing(client: Any, place: Place) -> None:
    """A card issued before holders were checked (what the review made: holderId of nobody, or of another
    community's staff) is refused at the door."""
    from chalicelib.visitors import wiring
    from chalicelib.visitors.credentials import Credential

    door = add_gate(place.community, None)
    session = gate_token(client, place.community, door)
    elsewhere = staff_in(new_place().community)
    for holder_id in ("s-" + uuid.uuid4().hex[:12], elsewhere):
        reference = "OLD-" + uuid.uuid4().hex[:10]
        moment = now()
        credential = Credential(
            credential_id="cr" + uuid.uuid4().hex[:16],
            community_id=place.community,
            holder_kind="staff",
            holder_id=holder_id,
            house_id=None,
            kind="card",
            reference=reference,
            valid_until=moment + timedelta(days=30),
            issued_by="before-the-check",
            issued_at=moment,
            areas=("shared",),
        )
        wiring.credential_records().issue(credential, None)
        assert present(client, place, session, reference)["reason"] == "HOLDER_NOT_CURRENT"
