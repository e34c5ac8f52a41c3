"""Owners' votes through the routes against the local cloud: open (denominators from the registry's areas and
owners), cast once (two at once: one 201, one 409), the owner check (tenant 403 unless delegated in writing), another
community's owner 404, after the deadline 409, changes only when allowed, paper ballots with their scans never twice
per unit, secret ballots, bad input 400 with field details and nothing written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.support.live_api import hold_until_all_arrive, race
from tests.support.votes import Estate, add_member, ballot_path, call, estate, iso, now, open_vote


@pytest.fixture
def place(cloud: Any) -> Estate:
    return estate(["89.5", "120", "75.25", "100"], ["zhang", "zhang", "li", None])


def put_scan(cloud: Any, client: Any, place: Estate, vote_id: str) -> str:
    status, slot = call(
        client,
        "POST",
        f"/v1/staff/communities/{place.community}/votes/{vote_id}/scan-uploads",
        place.staff_token(),
        {"contentType": "image/jpeg", "size": 2048},
    )
    assert status == 201, slot
    assert slot["fields"]["key"] == slot["key"] and slot["key"].startswith(f"votes/{place.community}/{vote_id}/")
    import os

    cloud.client("s3").put_object(Bucket=os.environ["MEDIA_BUCKET"], Key=slot["key"], Body=b"\xff\xd8scan")
    return str(slot["key"])


def test_open_vote_fixes_both_denominators_from_the_registry(client: Any, place: Estate) -> None:
    created = open_vote(client, place, matter="rebuild")
    # 4 units, 384.75 m2; zhang's two units are one person, the unsold unit is the developer: 3 persons
    assert created["totalUnits"] == 4 and created["totalArea"] == "384.75" and created["totalOwners"] == 3
    assert created["rule"] == "three_quarters" and created["matterLabel"] == "改建、重建建筑物及其附属设施"
    assert created["status"] == "open" and created["result"] is None
    status, listed = call(
        client, "GET", f"/v1/staff/communities/{place.community}/votes", place.staff_token("staff.guard")
    )
    assert status == 200 and [v["voteId"] for v in listed["items"]] == [created["voteId"]]


def test_two_ballots_for_one_unit_at_once_store_one(
    live_api: str, client: Any, place: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ballots for one unit over real HTTP, started together and both held just before the write until both
    have passed every check: only the conditional put decides (one 201, one 409 BALLOT_EXISTS, one ballot)."""
    from chalicelib.votes import wiring

    vote = open_vote(client, place)["voteId"]
    house = place.houses[2]
    arrived = hold_until_all_arrive(
        monkeypatch,
        wiring.vote_service().store,
        "cast",
        {"agree", "against"},
        lambda ballot, *_, **__: ballot.choice if ballot.house_id == house else None,
    )
    url = live_api + ballot_path(place, house, vote)
    token = place.owner_token(house)

    def cast(choice: str) -> Any:
        return lambda s: s.post(url, headers={"Authorization": f"Bearer {token}"}, json={"choice": choice}, timeout=30)

    answers = race([cast("agree"), cast("against")])
    assert arrived == {"agree", "against"}, "both ballots reached the write together"
    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    assert next(a.json() for a in answers if a.status_code == 409)["error"]["code"] == "BALLOT_EXISTS"
    stored = next(a.json() for a in answers if a.status_code == 201)
    status, mine = call(
        client,
        "GET",
        f"/v1/resident/communities/{place.community}/houses/{house}/votes/{vote}",
        place.owner_token(house),
    )
    assert status == 200 and mine["myBallot"]["choice"] == stored["choice"] and mine["myBallot"]["changes"] == 0
    assert len(wiring.vote_service().store.ballots(place.community, vote)) == 1
    # a third try is refused too, and the ballot stays as it was
    status, again = call(client, "POST", ballot_path(place, house, vote), token, {"choice": "abstain"})
    assert status == 409 and again["error"]["code"] == "BALLOT_EXISTS"


def test_a_tenant_votes_only_with_a_written_delegation(cloud: Any, client: Any, place: Estate) -> None:
    vote = open_vote(client, place)["voteId"]
    house = place.houses[2]
    tenant, person = add_member(place, house, "tenant")
    token = place.resident_token(tenant, house, "tenant")
    status, refused = call(client, "POST", ballot_path(place, house, vote), token, {"choice": "agree"})
    assert status == 403 and refused["error"]["code"] == "NOT_UNIT_OWNER"
    letter = put_scan(cloud, client, place, vote)
    delegation = {"houseId": house, "personId": person, "letterKey": letter}
    path = f"/v1/staff/communities/{place.community}/votes/{vote}/delegations"
    status, _ = call(client, "POST", path, place.staff_token(), delegation)
    assert status == 204
    status, cast = call(client, "POST", ballot_path(place, house, vote), token, {"choice": "agree"})
    assert status == 201 and cast["delegate"] is True
    # the owner cannot vote a second time for the unit
    status, _ = call(client, "POST", ballot_path(place, house, vote), place.owner_token(house), {"choice": "against"})
    assert status == 409


def test_a_delegation_needs_an_uploaded_letter_and_a_member(client: Any, place: Estate) -> None:
    vote = open_vote(client, place)["voteId"]
    path = f"/v1/staff/communities/{place.community}/votes/{vote}/delegations"
    _, person = add_member(place, place.houses[2], "family")
    key = f"votes/{place.community}/{vote}/never-uploaded.jpg"
    status, body = call(
        client, "POST", path, place.staff_token(), {"houseId": place.houses[2], "personId": person, "letterKey": key}
    )
    assert status == 400 and body["error"]["code"] == "SCAN_INVALID"
    status, body = call(
        client, "POST", path, place.staff_token(), {"houseId": place.houses[2], "personId": "pnobody", "letterKey": key}
    )
    assert status == 400 and body["error"]["code"] == "DELEGATE_NOT_MEMBER"


def test_an_owner_of_another_community_finds_no_such_vote(client: Any, place: Estate) -> None:
    vote = open_vote(client, place)["voteId"]
    elsewhere = estate(["90"])
    house = elsewhere.houses[0]
    status, body = call(
        client, "POST", ballot_path(elsewhere, house, vote), elsewhere.owner_token(house), {"choice": "agree"}
    )
    assert status == 404 and body["error"]["code"] == "VOTE_NOT_FOUND"
    # and their token does not open this community's path at all
    path = f"/v1/resident/communities/{place.community}/houses/{house}/votes/{vote}/ballot"
    status, _ = call(client, "POST", path, elsewhere.owner_token(house), {"choice": "agree"})
    assert status == 403


def test_a_ballot_after_the_deadline_is_refused(client: Any, place: Estate) -> None:
    from chalicelib.votes import wiring

    service = wiring.vote_service()
    started = now() - timedelta(seconds=120)
    vote = service.open_vote(
        place.community, "mgr-1", title="t", description="", matter="rebuild",
        closes_at=started + timedelta(seconds=61), allow_change=True, secret=False, now=started,
    )  # fmt: skip
    house = place.houses[0]
    status, body = call(
        client, "POST", ballot_path(place, house, vote.vote_id), place.owner_token(house), {"choice": "agree"}
    )
    assert status == 409 and body["error"]["code"] == "VOTE_CLOSED"
    assert service.store.ballot(place.community, vote.vote_id, house) is None


def test_a_ballot_changes_only_when_the_vote_allows_it(client: Any, place: Estate) -> None:
    house = place.houses[2]
    fixed = open_vote(client, place)["voteId"]
    changeable = open_vote(client, place, allowChange=True)["voteId"]
    for vote in (fixed, changeable):
        status, _ = call(client, "POST", ballot_path(place, house, vote), place.owner_token(house), {"choice": "agree"})
        assert status == 201
    status, body = call(
        client, "PUT", ballot_path(place, house, fixed), place.owner_token(house), {"choice": "against"}
    )
    assert status == 409 and body["error"]["code"] == "BALLOT_FINAL"
    status, body = call(
        client, "PUT", ballot_path(place, house, changeable), place.owner_token(house), {"choice": "against"}
    )
    assert status == 200 and body["choice"] == "against" and body["changes"] == 1


def test_paper_ballots_carry_a_scan_and_never_twice_per_unit(cloud: Any, client: Any, place: Estate) -> None:
    vote = open_vote(client, place)["voteId"]
    unsold = place.houses[3]
    path = f"/v1/staff/communities/{place.community}/votes/{vote}/paper-ballots"
    status, body = call(
        client, "POST", path, place.staff_token(), {"houseId": unsold, "choice": "agree", "scanKey": "x"}
    )
    assert status == 400 and body["error"]["code"] == "SCAN_INVALID"
    scan = put_scan(cloud, client, place, vote)
    status, body = call(
        client, "POST", path, place.staff_token(), {"houseId": unsold, "choice": "agree", "scanKey": scan}
    )
    assert status == 201 and body["channel"] == "paper" and body["choice"] == "agree"
    status, body = call(
        client, "POST", path, place.staff_token(), {"houseId": unsold, "choice": "against", "scanKey": scan}
    )
    assert status == 409 and body["error"]["code"] == "BALLOT_EXISTS"
    status, body = call(
        client, "POST", path, place.staff_token(), {"houseId": "hnowhere", "choice": "agree", "scanKey": scan}
    )
    assert status == 404 and body["error"]["code"] == "HOUSE_NOT_FOUND"
    # a guard reads votes but may not enter ballots
    status, _ = call(
        client, "POST", path, place.staff_token("staff.guard"), {"houseId": unsold, "choice": "agree", "scanKey": scan}
    )
    assert status == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"choice": "maybe"}, "choice"),
        ({"choice": 1}, "choice"),
        ({}, "choice"),
    ],
)
def test_a_bad_ballot_is_400_and_writes_nothing(client: Any, place: Estate, body: dict[str, Any], field: str) -> None:
    from chalicelib.votes import wiring

    vote = open_vote(client, place)["voteId"]
    house = place.houses[2]
    status, answer = call(client, "POST", ballot_path(place, house, vote), place.owner_token(house), body)
    assert status == 400 and field in {d["field"] for d in answer["error"]["details"]}
    assert wiring.vote_service().store.ballot(place.community, vote, house) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"matter": "repaint"}, "matter"),
        ({"allowChange": "true"}, "allowChange"),
        ({"closesAt": "tomorrow"}, "closesAt"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_vote_is_400(client: Any, place: Estate, changes: dict[str, Any], field: str) -> None:
    body = {"title": "t", "matter": "rebuild", "closesAt": iso(now() + timedelta(days=1)), **changes}
    status, answer = call(client, "POST", f"/v1/staff/communities/{place.community}/votes", place.staff_token(), body)
    assert status == 400 and field in {d["field"] for d in answer["error"]["details"]}
    status, listed = call(client, "GET", f"/v1/staff/communities/{place.community}/votes", place.staff_token())
    assert listed["items"] == []


def test_a_deadline_already_past_is_refused(client: Any, place: Estate) -> None:
    body = {"title": "t", "matter": "rebuild", "closesAt": iso(now() + timedelta(seconds=5))}
    status, answer = call(client, "POST", f"/v1/staff/communities/{place.community}/votes", place.staff_token(), body)
    assert status == 400 and answer["error"]["code"] == "VOTE_INVALID"


def test_residents_may_not_open_votes_nor_read_the_staff_list(client: Any, place: Estate) -> None:
    house = place.houses[0]
    body = {"title": "t", "matter": "rebuild", "closesAt": iso(now() + timedelta(days=1))}
    status, _ = call(client, "POST", f"/v1/staff/communities/{place.community}/votes", place.owner_token(house), body)
    assert status == 403


def test_a_secret_vote_hides_the_choice_from_staff_and_the_voter_keeps_a_receipt(
    cloud: Any, client: Any, place: Estate
) -> None:
    vote = open_vote(client, place, secret=True, allowChange=True)["voteId"]
    house = place.houses[2]
    status, cast = call(client, "POST", ballot_path(place, house, vote), place.owner_token(house), {"choice": "agree"})
    assert status == 201 and cast["receipt"] and cast["receiptSecret"]
    # staff's paper ballot on a secret vote: the answer carries the slip's receipt, not the choice
    scan = put_scan(cloud, client, place, vote)
    path = f"/v1/staff/communities/{place.community}/votes/{vote}/paper-ballots"
    status, paper = call(
        client, "POST", path, place.staff_token(), {"houseId": place.houses[3], "choice": "against", "scanKey": scan}
    )
    assert status == 201 and paper["choice"] is None and paper["receipt"]
    # the stored unit ballot holds no choice
    from chalicelib.votes import wiring

    stored = wiring.vote_service().store.ballot(place.community, vote, house)
    assert stored is not None and stored.choice is None
    # a change needs the receipt secret
    status, body = call(client, "PUT", ballot_path(place, house, vote), place.owner_token(house), {"choice": "abstain"})
    assert status == 400 and body["error"]["code"] == "RECEIPT_REQUIRED"
    status, body = call(
        client,
        "PUT",
        ballot_path(place, house, vote),
        place.owner_token(house),
        {"choice": "abstain", "receiptSecret": "wrong"},
    )
    assert status == 409 and body["error"]["code"] == "RECEIPT_MISMATCH"
    status, body = call(
        client, "PUT", ballot_path(place, house, vote), place.owner_token(house),
        {"choice": "abstain", "receiptSecret": cast["receiptSecret"]},
    )  # fmt: skip
    assert status == 200
    casts = wiring.vote_service().store.casts(place.community, vote, True)
    assert sorted(c.choice for _, c, _ in casts) == ["abstain", "against"]
    assert {key for key, _, _ in casts} == {cast["receipt"], paper["receipt"]}


def test_participation_so_far_is_counted_by_owners_and_by_area_without_the_choices(client: Any, place: Estate) -> None:
    vote = open_vote(client, place)["voteId"]
    path = f"/v1/staff/communities/{place.community}/votes/{vote}/participation"
    status, before = call(client, "GET", path, place.staff_token("staff.guard"))
    assert status == 200, before
    assert before["votedOwners"] == 0 and before["votedArea"] == "0" and before["totalOwners"] == 3
    assert before["ownersReached"] is False and before["areaReached"] is False
    for house in place.houses[:3]:  # zhang (two units) and li: every owner, 284.75 of 384.75 m2
        status, _ = call(client, "POST", ballot_path(place, house, vote), place.owner_token(house), {"choice": "agree"})
        assert status == 201
    status, after = call(client, "GET", path, place.staff_token("staff.guard"))
    assert status == 200, after
    assert after["votedOwners"] == 2 and after["ballots"] == 3 and after["votedArea"] == "284.75"
    assert after["ownersReached"] is True and after["areaReached"] is True  # 2 of 3 persons: 2/3 is enough
    assert "agreeArea" not in after and "agree" not in str(after), "no choice before the close"
    status, _ = call(client, "GET", path.replace(vote, "no-such-vote"), place.staff_token())
    assert status == 404
