"""Owners' votes for residents: the community's votes with the house's ballot, cast (once), change (until the
deadline, if the vote allows it), the published result and list.

Scope: `{house_id}` must be one of the token's households; the service checks again against the registry that the
caller is the unit's owner (or a member delegated in writing). A vote of another community is not found.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.votes import wiring
from chalicelib.votes.contracts import (
    BallotRequest,
    BallotView,
    ChangeBallotRequest,
    PublishedBallot,
    PublishedList,
    ResidentVotePage,
    ResidentVoteView,
    VotesQuery,
    ballot_view,
    vote_view,
)
from chalicelib.votes.model import Vote

bp = Blueprint(__name__)

HOUSE_VOTES = "/v1/resident/communities/{community_id}/houses/{house_id}/votes"


def _resident_view(vote: Vote, house_id: str) -> ResidentVoteView:
    mine = wiring.vote_service().store.ballot(vote.community_id, vote.vote_id, house_id)
    view = ballot_view(mine, show_choice=not vote.secret) if mine else None
    return ResidentVoteView(**vote_view(vote), myBallot=view)


@endpoint(
    bp,
    "GET",
    HOUSE_VOTES,
    audience="resident",
    access=Access.household("vote:cast"),
    query=VotesQuery,
    response=ResidentVotePage,
    summary="The community's votes, newest first, with this house's ballot and each closed vote's result",
    operation_id="listHouseVotes",
)
def house_votes(call: Call[Any]) -> ResidentVotePage:
    votes, cursor = wiring.vote_service().store.page(call.path["community_id"], call.query.limit, call.query.cursor)
    return ResidentVotePage(items=[_resident_view(v, call.path["house_id"]) for v in votes], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    HOUSE_VOTES + "/{vote_id}",
    audience="resident",
    access=Access.household("vote:cast"),
    response=ResidentVoteView,
    errors=(404,),
    summary="One vote with this house's ballot and, once closed, the result",
    operation_id="getHouseVote",
)
def house_vote(call: Call[Any]) -> ResidentVoteView:
    vote = wiring.vote_service().get(call.path["community_id"], call.path["vote_id"])
    return _resident_view(vote, call.path["house_id"])


@endpoint(
    bp,
    "POST",
    HOUSE_VOTES + "/{vote_id}/ballot",
    audience="resident",
    access=Access.household("vote:cast"),
    request=BallotRequest,
    status=201,
    response=BallotView,
    errors=(400, 403, 404, 409),
    summary="Cast the unit's ballot (its owner, or a delegate recorded in writing; once per unit)",
)
def send_ballot(call: Call[BallotRequest]) -> BallotView:
    cid, hid, vid = call.path["community_id"], call.path["house_id"], call.path["vote_id"]
    with audited(call, "vote.cast", "vote", vid, {"houseId": hid}):
        cast = wiring.vote_service().cast(cid, vid, hid, call.who.subject, call.body.choice, utcnow())
    return ballot_view(cast.ballot, show_choice=True, receipt_secret=cast.receipt_secret)


@endpoint(
    bp,
    "PUT",
    HOUSE_VOTES + "/{vote_id}/ballot",
    audience="resident",
    access=Access.household("vote:cast"),
    request=ChangeBallotRequest,
    response=BallotView,
    errors=(400, 403, 404, 409),
    summary="Change the unit's ballot before the deadline, when the vote allows it",
)
def change_ballot(call: Call[ChangeBallotRequest]) -> BallotView:
    cid, hid, vid = call.path["community_id"], call.path["house_id"], call.path["vote_id"]
    body = call.body
    with audited(call, "vote.change", "vote", vid, {"houseId": hid}):
        ballot = wiring.vote_service().change(
            cid, vid, hid, call.who.subject, body.choice, body.receiptSecret, utcnow()
        )
    return ballot_view(ballot, show_choice=True)


@endpoint(
    bp,
    "GET",
    HOUSE_VOTES + "/{vote_id}/published-ballots",
    audience="resident",
    access=Access.household("vote:cast"),
    response=PublishedList,
    errors=(404, 409),
    summary="The closed vote's published ballots and their digest (recompute it to check the seal)",
)
def list_house_published_ballots(call: Call[Any]) -> PublishedList:
    entries, digest = wiring.vote_service().published_list(call.path["community_id"], call.path["vote_id"])
    return PublishedList(voteId=call.path["vote_id"], digest=digest, ballots=[PublishedBallot(**e) for e in entries])
