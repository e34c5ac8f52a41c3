"""Owners' votes for staff: open a vote, list and read votes (with the published result once closed), upload a
scanned paper ballot or delegation letter, enter paper ballots, record written delegations, the published list.

Routes are thin: parse, call `VoteService`, map. On a secret vote no staff route shows who voted what: a paper
ballot's answer carries the voter's receipt and its secret (for the voter's slip), not the choice.
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
    BallotView,
    DelegationRequest,
    NewVote,
    PaperBallotRequest,
    ParticipationView,
    PublishedBallot,
    PublishedList,
    ScanUpload,
    ScanUploadRequest,
    VotePage,
    VotesQuery,
    VoteView,
    ballot_view,
    participation_view,
    vote_view,
)

bp = Blueprint(__name__)

VOTES = "/v1/staff/communities/{community_id}/votes"
ONE = VOTES + "/{vote_id}"


@endpoint(
    bp,
    "POST",
    VOTES,
    audience="staff",
    access=Access.community("vote:manage"),
    request=NewVote,
    status=201,
    response=VoteView,
    errors=(400, 403, 409),
    summary="Open an owners' vote (Civil Code art. 278): the denominators are fixed now, the deadline closes it",
)
def open_vote(call: Call[NewVote]) -> VoteView:
    body = call.body
    cid = call.path["community_id"]
    with audited(call, "vote.open", "community", cid, {"matter": body.matter, "secret": body.secret}) as detail:
        vote = wiring.vote_service().open_vote(
            cid,
            call.who.subject,
            title=body.title,
            description=body.description,
            matter=body.matter,
            closes_at=body.closesAt,
            allow_change=body.allowChange,
            secret=body.secret,
            now=utcnow(),
        )
        detail["voteId"] = vote.vote_id
    return VoteView(**vote_view(vote))


@endpoint(
    bp,
    "GET",
    VOTES,
    audience="staff",
    access=Access.community("vote:read"),
    query=VotesQuery,
    response=VotePage,
    summary="The community's votes, newest first, each with its result once closed",
)
def list_votes(call: Call[Any]) -> VotePage:
    votes, cursor = wiring.vote_service().store.page(call.path["community_id"], call.query.limit, call.query.cursor)
    return VotePage(items=[VoteView(**vote_view(v)) for v in votes], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    ONE,
    audience="staff",
    access=Access.community("vote:read"),
    response=VoteView,
    errors=(404,),
    summary="One vote with its denominators and, once closed, its published result",
)
def get_vote(call: Call[Any]) -> VoteView:
    return VoteView(**vote_view(wiring.vote_service().get(call.path["community_id"], call.path["vote_id"])))


@endpoint(
    bp,
    "GET",
    ONE + "/participation",
    audience="staff",
    access=Access.community("vote:read"),
    response=ParticipationView,
    errors=(404,),
    operation_id="getVoteParticipation",
    summary="Participation so far by owners and by private area against the two-thirds thresholds (no choices)",
)
def get_participation(call: Call[Any]) -> ParticipationView:
    service = wiring.vote_service()
    vote = service.get(call.path["community_id"], call.path["vote_id"])
    return participation_view(vote, service.participation(vote.community_id, vote.vote_id))


@endpoint(
    bp,
    "POST",
    ONE + "/scan-uploads",
    audience="staff",
    access=Access.community("vote:manage"),
    request=ScanUploadRequest,
    status=201,
    response=ScanUpload,
    errors=(400, 404, 409),
    summary="Upload a scanned paper ballot or delegation letter: a presigned POST (one key, this type and size)",
)
def upload_scan(call: Call[ScanUploadRequest]) -> ScanUpload:
    key, form = wiring.vote_service().scan_upload(
        call.path["community_id"], call.path["vote_id"], call.body.contentType, call.body.size
    )
    return ScanUpload(key=key, url=str(form["url"]), fields={k: str(v) for k, v in form["fields"].items()})


@endpoint(
    bp,
    "POST",
    ONE + "/paper-ballots",
    audience="staff",
    access=Access.community("vote:manage"),
    request=PaperBallotRequest,
    status=201,
    response=BallotView,
    errors=(400, 404, 409),
    summary="Enter a unit's paper ballot with its scanned image (never twice for one unit)",
)
def record_paper_ballot(call: Call[PaperBallotRequest]) -> BallotView:
    body = call.body
    cid, vid = call.path["community_id"], call.path["vote_id"]
    with audited(call, "vote.paper_ballot", "vote", vid, {"houseId": body.houseId, "scanKey": body.scanKey}):
        service = wiring.vote_service()
        cast = service.paper(cid, vid, body.houseId, call.who.subject, body.choice, body.scanKey, utcnow())
    secret = service.get(cid, vid).secret
    return ballot_view(cast.ballot, show_choice=not secret, receipt_secret=cast.receipt_secret)


@endpoint(
    bp,
    "POST",
    ONE + "/delegations",
    audience="staff",
    access=Access.community("vote:manage"),
    request=DelegationRequest,
    status=204,
    errors=(400, 404, 409),
    summary="Record an owner's written delegation: this family member or tenant casts the unit's ballot",
)
def record_delegation(call: Call[DelegationRequest]) -> None:
    body = call.body
    cid, vid = call.path["community_id"], call.path["vote_id"]
    with audited(call, "vote.delegate", "vote", vid, {"houseId": body.houseId, "personId": body.personId}):
        wiring.vote_service().delegate(
            cid, vid, body.houseId, body.personId, body.letterKey, call.who.subject, utcnow()
        )


@endpoint(
    bp,
    "GET",
    ONE + "/published-ballots",
    audience="staff",
    access=Access.community("vote:read"),
    response=PublishedList,
    errors=(404, 409),
    summary="The closed vote's ballots as published (units or, if secret, receipts) and the digest that seals them",
)
def list_published_ballots(call: Call[Any]) -> PublishedList:
    entries, digest = wiring.vote_service().published_list(call.path["community_id"], call.path["vote_id"])
    return PublishedList(voteId=call.path["vote_id"], digest=digest, ballots=[PublishedBallot(**e) for e in entries])
